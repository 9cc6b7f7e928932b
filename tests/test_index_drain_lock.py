"""Outbox drains run one at a time across processes, so the index never goes back in time."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.cli import main
from catalog.context import Catalog
from catalog.models import Dataset, IndexDrainLock, IndexOutbox, Recommendation
from catalog.models.base import utcnow
from catalog.search import backend_of, outbox, rebuild
from catalog.search.query import SearchBackend, SearchQuery
from catalog.services import datasets
from catalog.services.auth import SYSTEM
from schemas.profile import DatasetIn
from tests import factories
from tests.conftest import build_app

ROOT = Path(__file__).resolve().parents[1]


def wait_for(path: Path, child: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


def puskesmas_alfa(session: Session) -> Dataset:
    """The agency and v1 of the dataset the races below change."""
    factories.make_org(session, "dinas-kesehatan")
    return factories.make_dataset(session, "dinas-kesehatan", title="Puskesmas Alfa")


def race_a_newer_version(
    app: Flask,
    db_url: str,
    tmp_path: Path,
    dataset: tuple[str, int],
    mode: tuple[str, ...] = (),
    while_waiting: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Process A (tests.drain_child, a drain or `mode`) reads v1 "Puskesmas Alfa" and pauses
    inside its backend write; meanwhile B commits v2 "Puskesmas Bravo" and drains it. B must
    still be waiting 1.5 s later (on SQLite already its write, on PostgreSQL its drain); then A
    goes on. Returns the indexed document, which must be v2."""
    ctx = app.extensions["catalog"]
    backend = backend_of(app)
    dataset_id, version = dataset
    gate = tmp_path / "gate"
    gate.mkdir()
    command = [sys.executable, "-m", "tests.drain_child", db_url, str(tmp_path / "instance")]
    child = subprocess.Popen(
        [*command, str(gate), *mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    finished: list[int] = []
    try:
        wait_for(gate / "entered", child)
        assert json.loads((gate / "entered").read_text()) == ["Puskesmas Alfa"]

        def newer_version() -> None:
            with ctx.db.session() as session:
                data = DatasetIn().load(
                    factories.dataset_payload("dinas-kesehatan", title="Puskesmas Bravo")
                )
                datasets.update_dataset(session, SYSTEM, dataset_id, data, expected_version=version)
            finished.append(outbox.drain(ctx.db, backend))

        writer = threading.Thread(target=newer_version)
        writer.start()
        writer.join(1.5)
        assert writer.is_alive() and not finished
        if while_waiting is not None:
            while_waiting()
        (gate / "release").touch()
        writer.join(30)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    done = json.loads(out.strip().splitlines()[-1])["done"]
    # A applied v1; v2 was applied by whichever drain took the lock next (on PostgreSQL A's
    # next batch can get the row before B's waiting drain does)
    assert done >= 1 and len(finished) == 1 and done + finished[0] == 2
    document = backend.get(dataset_id)
    assert document is not None and document["title"] == "Puskesmas Bravo"
    return document


def test_a_drain_in_another_process_never_applies_an_older_document(
    db_url: str, tmp_path: Path
) -> None:
    """A reads v1; B commits v2 and drains; A applies v1 -- B must wait for A, so v2 wins."""
    app, ctx, backend = new_app(db_url, tmp_path)
    # db.session() runs no after-commit hooks: the outbox row of v1 stays for process A
    with ctx.db.session() as session:
        dataset = puskesmas_alfa(session)
        stamp = (dataset.id, dataset.version)

    def nothing_of_v2_yet() -> None:
        assert backend.get(stamp[0]) is None

    race_a_newer_version(app, db_url, tmp_path, stamp, while_waiting=nothing_of_v2_yet)
    with ctx.db.session() as session:
        assert session.scalars(select(IndexOutbox)).all() == []
        lock = session.get(IndexDrainLock, 1)
        assert lock is not None and lock.batches == 2  # one batch each; empty passes roll back


def test_drains_recreate_a_missing_lock_row(db_url: str, tmp_path: Path) -> None:
    app = build_app(db_url, tmp_path)
    ctx = app.extensions["catalog"]
    with ctx.db.session() as session:
        session.execute(IndexDrainLock.__table__.delete())
        dataset_id = puskesmas_alfa(session).id
    assert outbox.drain(ctx.db, backend_of(app)) == 1
    assert backend_of(app).get(dataset_id) is not None
    with ctx.db.session() as session:
        lock = session.get(IndexDrainLock, 1)
        assert lock is not None and lock.batches == 1


def test_refreshing_lapsed_recommendations_never_applies_an_older_document(
    db_url: str, tmp_path: Path
) -> None:
    """The daily refresh of lapsed recommendations reads and writes under the drain lock: a
    change committed while it writes is applied after it, never overwritten by its older read."""
    app, ctx, backend = new_app(db_url, tmp_path)
    with ctx.db.session() as session:
        dataset = puskesmas_alfa(session)
        stamp = (dataset.id, dataset.version)
        session.add(
            Recommendation(
                dataset_id=dataset.id,
                status="recommended",
                issued_on=date(2024, 1, 2),
                valid_until=date(2025, 1, 1),  # lapsed
            )
        )
    outbox.drain(ctx.db, backend)
    assert backend.get(stamp[0])["title"] == "Puskesmas Alfa"  # type: ignore[index]
    document = race_a_newer_version(app, db_url, tmp_path, stamp, mode=("lapsed",))
    assert document["recommendation"] == "expired"


class PausingRebuild:
    """The real backend; its rebuild waits after reading every document, before writing."""

    def __init__(self, real: SearchBackend) -> None:
        self.real = real
        self.read_all, self.release = threading.Event(), threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        def paused() -> Iterator[dict[str, Any]]:
            yield from documents
            self.read_all.set()
            assert self.release.wait(30)

        return self.real.rebuild(paused())


@pytest.mark.parametrize("backend_name", ["sqlite", "elasticsearch"])
def test_a_change_made_during_a_full_rebuild_reaches_the_new_index(
    request: pytest.FixtureRequest, backend_name: str, sqlite_url: str, tmp_path: Path
) -> None:
    """A change committed after a full rebuild read the dataset keeps its outbox row while the
    rebuild runs (its after-commit drain returns at once: no wait on the embedded index being
    rewritten, nothing written to an Elasticsearch index about to be replaced) and is applied
    to the new index afterwards, so the rebuild never brings back the older version."""
    overrides: dict[str, Any] = {}
    if backend_name == "elasticsearch":
        overrides = {
            "search_backend": "elasticsearch",
            "elasticsearch_url": request.getfixturevalue("es_server")[0],
            "elasticsearch_index": "catalog-test-" + uuid.uuid4().hex[:8],
        }
    app, ctx, backend = new_app(sqlite_url, tmp_path, **overrides)
    rebuild.rebuild_if_needed(ctx.db, backend)  # as `catalog init`: a new server's alias
    with ctx.unit_of_work() as session:
        dataset = puskesmas_alfa(session)
        dataset_id, version = dataset.id, dataset.version
        lapsed = factories.make_dataset(session, "dinas-kesehatan", title="Posyandu Aktif")
        session.add(
            Recommendation(
                dataset_id=lapsed.id,
                status="recommended",
                issued_on=date(2024, 1, 2),
                valid_until=date(2025, 1, 1),
            )
        )
    pausing = PausingRebuild(backend)
    counted: list[int] = []
    rebuilder = threading.Thread(target=lambda: counted.append(rebuild.reindex(ctx.db, pausing)))  # type: ignore[arg-type]
    rebuilder.start()
    try:
        assert pausing.read_all.wait(30)

        def newer_version() -> None:
            with ctx.unit_of_work() as session:
                data = DatasetIn().load(
                    factories.dataset_payload("dinas-kesehatan", title="Puskesmas Bravo")
                )
                datasets.update_dataset(session, SYSTEM, dataset_id, data, expected_version=version)

        writer = threading.Thread(target=newer_version)
        writer.start()
        writer.join(5)
        assert not writer.is_alive(), "the write waited for the rebuild"
        # a search meanwhile (its first in this process also looks for lapsed
        # recommendations to re-index) answers from the current index without waiting
        answers: list[int] = []
        reader = threading.Thread(
            target=lambda: answers.append(
                app.test_client().get("/api/v1/datasets?q=puskesmas").status_code
            )
        )
        reader.start()
        reader.join(5)
        assert answers == [200], "the search waited for the rebuild"
        with ctx.db.session() as session:
            assert len(session.scalars(select(IndexOutbox)).all()) == 1  # kept for the rebuild
    finally:
        pausing.release.set()
        rebuilder.join(60)
    assert counted == [2]
    hits = backend.search(SearchQuery("puskesmas")).hits
    assert [h.document["title"] for h in hits] == ["Puskesmas Bravo"]
    with ctx.db.session() as session:
        assert session.scalars(select(IndexOutbox)).all() == []
        lock = session.get(IndexDrainLock, 1)
        assert lock is not None and lock.rebuild_from is None
    ctx.db.dispose()


def new_app(db_url: str, tmp_path: Path, **overrides: Any) -> tuple[Flask, Catalog, SearchBackend]:
    """An app on `db_url`, its catalog and its search backend."""
    app = build_app(db_url, tmp_path, **overrides)
    return app, app.extensions["catalog"], backend_of(app)


def _mark(app: Flask, rebuild_from: int | None, age_s: float = 0) -> None:
    """Put a rebuild mark in the lock row, as a rebuild last alive `age_s` ago leaves it."""
    with app.extensions["catalog"].db.session() as session:
        lock = session.get(IndexDrainLock, 1)
        assert lock is not None
        lock.rebuild_from = rebuild_from
        lock.rebuild_seen = utcnow() - timedelta(seconds=age_s)


def _retitle(app: Flask, dataset_id: str, title: str) -> None:
    with app.extensions["catalog"].unit_of_work() as session:
        version = datasets.get_dataset(session, SYSTEM, dataset_id).version
        data = DatasetIn().load(factories.dataset_payload("dinas-kesehatan", title=title))
        datasets.update_dataset(session, SYSTEM, dataset_id, data, expected_version=version)


def test_a_rebuild_that_died_holds_back_nothing_and_a_live_one_keeps_others_out(
    db_url: str, tmp_path: Path
) -> None:
    """A mark not renewed within the lease is a dead rebuild's: drains go on and a new rebuild
    takes over. A live mark keeps the outbox for its rebuild and a second rebuild out."""
    app, ctx, backend = new_app(db_url, tmp_path)
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan")
        dataset_id = factories.make_dataset(session, "dinas-kesehatan", title="Puskesmas A").id
    env = {"CATALOG_DATABASE_URL": db_url, "CATALOG_DATA_DIR": str(tmp_path / "instance")}
    env["CATALOG_SECRET_KEY"] = "x"

    _mark(app, 0, age_s=outbox.REBUILD_LEASE_S + 60)  # killed mid-rebuild long ago
    _retitle(app, dataset_id, "Puskesmas B")
    assert backend.get(dataset_id)["title"] == "Puskesmas B"  # type: ignore[index]
    assert outbox.pending(ctx.db) == 0

    _mark(app, 0)  # a rebuild running now
    _retitle(app, dataset_id, "Puskesmas C")
    assert outbox.pending(ctx.db) == 1  # kept for that rebuild
    refused = CliRunner().invoke(main, ["reindex"], env=env)
    assert refused.exit_code == 2
    assert "another full rebuild is running" in refused.output
    assert backend.get(dataset_id)["title"] == "Puskesmas B"  # type: ignore[index]

    _mark(app, 0, age_s=outbox.REBUILD_LEASE_S + 1)  # ...that then died
    taken_over = CliRunner().invoke(main, ["reindex"], env=env)
    assert taken_over.exit_code == 0, taken_over.output
    assert backend.get(dataset_id)["title"] == "Puskesmas C"  # type: ignore[index]
    assert outbox.pending(ctx.db) == 0
    with ctx.db.session() as session:
        lock = session.get(IndexDrainLock, 1)
        assert lock is not None and lock.rebuild_from is None and lock.rebuild_seen is None
    ctx.db.dispose()


class WatchedRebuild:
    """The real backend; its rebuild reads the lock row after each document and may replace
    the mark once, as a rebuild that took this one for dead would."""

    def __init__(self, real: SearchBackend, app: Flask, take_over_after: int | None) -> None:
        self.real, self.app, self.take_over_after = real, app, take_over_after
        self.seen: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        def watched() -> Iterator[dict[str, Any]]:
            for n, doc in enumerate(documents, 1):
                with self.app.extensions["catalog"].db.session() as session:
                    lock = session.get(IndexDrainLock, 1)
                    assert lock is not None
                    self.seen.append(lock.rebuild_seen)
                if n == self.take_over_after:
                    _mark(self.app, 10_000)
                yield doc

        return self.real.rebuild(watched())


def test_a_running_rebuild_renews_its_mark_and_stops_when_taken_over(
    sqlite_url: str, tmp_path: Path
) -> None:
    app, ctx, backend = new_app(sqlite_url, tmp_path)
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan")
        ids = [
            factories.make_dataset(session, "dinas-kesehatan", title=f"Puskesmas {n}").id
            for n in range(4)
        ]
    watched = WatchedRebuild(backend, app, take_over_after=None)
    assert rebuild.reindex(ctx.db, watched, renew_every=0) == 4  # type: ignore[arg-type]
    stamps = [s for s in watched.seen if s is not None]
    assert len(stamps) == 4 and stamps == sorted(stamps) and stamps[-1] > stamps[0]

    backend.delete(ids[:1])  # so that a finished rebuild would show
    taken = WatchedRebuild(backend, app, take_over_after=2)
    with pytest.raises(rebuild.RebuildRunning, match="taken for dead"):
        rebuild.reindex(ctx.db, taken, renew_every=0)  # type: ignore[arg-type]
    assert backend.ids() == set(ids[1:])  # the stopped rebuild replaced nothing
    with ctx.db.session() as session:
        lock = session.get(IndexDrainLock, 1)
        assert lock is not None and lock.rebuild_from == 10_000  # the other's mark stays
    ctx.db.dispose()
