"""Search and readiness under faults: an Elasticsearch that lost its index, a data directory
that cannot be written, changes that cannot reach the index, a full disk."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from catalog.cli import main
from catalog.models import IndexOutbox, Recommendation
from catalog.models.base import utcnow
from catalog.search import backend_of, outbox
from tests import factories
from tests.conftest import _pg_admin_url, build_app

ROOT = Path(__file__).resolve().parents[1]


def _env(db_url: str, tmp_path: Path, **more: str) -> dict[str, str]:
    env = {
        "CATALOG_DATABASE_URL": db_url,
        "CATALOG_DATA_DIR": str(tmp_path / "instance"),
        "CATALOG_SECRET_KEY": "test-secret",
        "CATALOG_RUN_WORKER": "false",
    }
    env.update({"CATALOG_" + k.upper(): v for k, v in more.items()})
    return env


def _editor(app: Flask) -> dict[str, str]:
    with app.extensions["catalog"].db.session() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        user = factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        return {"Authorization": "Bearer " + factories.make_token(session, user)}


def _create(app: Flask, auth: dict[str, str], title: str) -> str:
    response = app.test_client().post(
        "/api/v1/datasets",
        json=factories.dataset_payload("dinas-kesehatan", title=title),
        headers=auth,
    )
    assert response.status_code == 201, response.json
    return str(response.json["id"])


def _found(app: Flask, q: str) -> set[str]:
    response = app.test_client().get("/api/v1/datasets", query_string={"q": q})
    assert response.status_code == 200, response.json
    return {d["id"] for d in response.json["results"]}


# -- 10: an Elasticsearch index lost on the server -----------------------------------------


def _es(request: pytest.FixtureRequest) -> tuple[str, dict[str, str]]:
    url: str = request.getfixturevalue("es_server")[0]
    alias = "catalog-test-" + uuid.uuid4().hex[:8]
    return url, {"search_backend": "elasticsearch", "elasticsearch_url": url,
                 "elasticsearch_index": alias}  # fmt: skip


def _behind_alias(url: str, alias: str) -> list[str]:
    """The concrete indices the alias points at, straight from the server's REST API."""
    response = requests.get(f"{url}/_alias/{alias}", timeout=10)
    return sorted(response.json()) if response.status_code == 200 else []


def test_an_index_lost_on_the_server_waits_in_the_outbox_until_reindex(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path
) -> None:
    """The server comes back empty: the next write creates no index under the alias's name
    (it would get guessed mappings and hide that the index is incomplete); the change waits in
    the outbox, search answers 503, /readyz is not ready, and `catalog reindex` rebuilds
    everything from the database."""
    url, settings = _es(request)
    alias = settings["elasticsearch_index"]
    app = build_app(db_url, tmp_path, **settings)
    ctx = app.extensions["catalog"]
    env = _env(db_url, tmp_path, **settings)
    init = CliRunner().invoke(main, ["init"], env=env)  # a new server: init makes the index
    assert init.exit_code == 0, init.output
    assert len(_behind_alias(url, alias)) == 1
    auth = _editor(app)
    first = _create(app, auth, "Jumlah Puskesmas Keliling")
    assert _found(app, "puskesmas") == {first}
    client = app.test_client()
    assert client.get("/readyz").status_code == 200

    for index in _behind_alias(url, alias):  # the server loses its data
        assert requests.delete(f"{url}/{index}", timeout=10).status_code == 200
    second = _create(app, auth, "Jumlah Puskesmas Pembantu")  # the write itself succeeds
    assert requests.head(f"{url}/{alias}", timeout=10).status_code == 404  # nothing created
    assert outbox.pending(ctx.db) == 1  # the change waits for the index
    ready = client.get("/readyz")
    assert ready.status_code == 503
    search = ready.json["checks"]["search"]
    assert search["ok"] is False and "catalog reindex" in search["error"]
    assert search["pending"] == 1
    answer = client.get("/api/v1/datasets?q=puskesmas")
    assert answer.status_code == 503 and answer.json["code"] == "search_unavailable"

    repaired = CliRunner().invoke(main, ["reindex"], env=env)
    assert repaired.exit_code == 0, repaired.output
    assert "Indexed 2 published datasets" in repaired.output
    assert _found(app, "puskesmas") == {first, second}
    assert outbox.pending(ctx.db) == 0
    assert client.get("/readyz").status_code == 200


def test_reindex_replaces_a_plain_index_squatting_on_the_alias_name(
    request: pytest.FixtureRequest, sqlite_url: str, tmp_path: Path
) -> None:
    """A plain index named like the alias (what an older version's write made on a server
    that had lost the alias) is never written to, keeps /readyz not ready, and is replaced
    by `catalog reindex` (it failed with invalid_alias_name_exception)."""
    url, settings = _es(request)
    alias = settings["elasticsearch_index"]
    made = requests.put(f"{url}/{alias}/_doc/sisa", json={"title": "sisa"}, timeout=10)
    assert made.status_code in (200, 201), made.text
    requests.post(f"{url}/{alias}/_refresh", timeout=10)
    app = build_app(sqlite_url, tmp_path, **settings)
    ctx = app.extensions["catalog"]
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert "indeks biasa" in ready.json["checks"]["search"]["error"]

    auth = _editor(app)
    dataset_id = _create(app, auth, "Jumlah Posyandu Aktif")
    count = requests.get(f"{url}/{alias}/_count", timeout=10).json()["count"]
    assert count == 1  # nothing was written into the squatter
    assert outbox.pending(ctx.db) == 1

    repaired = CliRunner().invoke(main, ["reindex"], env=_env(sqlite_url, tmp_path, **settings))
    assert repaired.exit_code == 0, repaired.output
    [index] = _behind_alias(url, alias)
    assert index != alias and index.startswith(alias + "-v")
    assert _found(app, "posyandu") == {dataset_id}
    assert backend_of(app).ids() == {dataset_id}  # the squatter's document is gone with it
    assert client.get("/readyz").status_code == 200


# -- 11: reads never write -----------------------------------------------------------------


def _run_read_only(data_dir: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run `command` with `data_dir` (and everything in it) read-only: as root (where
    permissions do not stop a write) in a mount namespace of its own with the directory
    bind-mounted read-only; as any other user with the write permissions taken away."""
    if os.geteuid() == 0:
        script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        wrapped = ["unshare", "-m", "sh", "-c", script, str(data_dir), *command]
        return subprocess.run(wrapped, cwd=ROOT, capture_output=True, text=True, timeout=300)
    modes = {p: p.stat().st_mode for p in [data_dir, *data_dir.rglob("*")]}
    for path, mode in modes.items():
        path.chmod(mode & ~0o222)
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def test_reads_answer_on_a_read_only_data_directory(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path
) -> None:
    """With the data directory read-only (and the database refusing writes) every read
    answers: a search needs no write, not even for a recommendation that lapsed since its
    document was indexed (that refresh belongs to the drain, after the answer)."""
    app = build_app(db_url, tmp_path)
    ctx = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        dataset = factories.make_dataset(session, "dinas-kesehatan", title="Puskesmas Keliling")
        session.add(
            Recommendation(
                dataset_id=dataset.id,
                status="recommended",
                issued_on=date.today() - timedelta(days=400),
                valid_until=date.today() - timedelta(days=30),  # lapsed after indexing
            )
        )
        slug = dataset.slug
    data_dir = tmp_path / "instance"
    url = make_url(db_url)
    # the SQLite file lives beside the data directory here (tests/conftest.py): both read-only
    read_only = tmp_path if url.get_backend_name() == "sqlite" else data_dir
    # Other processes still serve from the directory: their open files keep the WAL index
    # (-shm) that lets a reader in; what the directory refuses is every write.
    held = [sqlite3.connect(data_dir / "search.db")]
    held[0].execute("SELECT count(*) FROM docs").fetchone()
    if url.get_backend_name() == "sqlite":
        held.append(sqlite3.connect(str(url.database)))
        held[-1].execute("SELECT count(*) FROM datasets").fetchone()
    else:  # PostgreSQL refusing writes, as on a full disk or a read-only replica
        admin = create_engine(
            _pg_admin_url(request.getfixturevalue("pg_server")), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(
                text(f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = on')
            )
        admin.dispose()
    ctx.db.dispose()
    try:
        child = _run_read_only(
            read_only,
            [sys.executable, "-m", "tests.readonly_child", db_url, str(data_dir), slug,
             "puskesmas"],
        )  # fmt: skip
    finally:
        for conn in held:
            conn.close()
    assert child.returncode == 0, child.stderr
    report: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["refused"] == {"search_index": True, "database": True}
    assert report["statuses"] == {path: 200 for path in report["statuses"]}, child.stderr
    assert report["found"] == [slug]


# -- 13: readiness reports what serving needs ----------------------------------------------


def test_readyz_is_not_ready_while_a_change_waits_too_long(db_url: str, tmp_path: Path) -> None:
    """The oldest change waiting in the outbox is reported; past ready_max_outbox_age_s the
    service is not ready (changes do not reach search), and ready again once it drains."""
    app = build_app(db_url, tmp_path, ready_max_outbox_age_s=60.0)
    ctx = app.extensions["catalog"]
    client = app.test_client()
    with ctx.db.session() as session:  # commits, runs no after-commit work: the row waits
        factories.make_org(session, "dinas-kesehatan")
        factories.make_dataset(session, "dinas-kesehatan", title="Puskesmas Keliling")
    young = client.get("/readyz")
    assert young.status_code == 200
    age = young.json["checks"]["search"]["oldest_pending_age_s"]
    assert age is not None and 0 <= age < 60
    with ctx.db.session() as session:
        session.execute(update(IndexOutbox).values(created_at=utcnow() - timedelta(seconds=600)))
    old = client.get("/readyz")
    assert old.status_code == 503
    search = old.json["checks"]["search"]
    assert search["ok"] is False and search["oldest_pending_age_s"] >= 600
    assert search["pending"] == 1 and "outbox" in search["error"]
    assert outbox.drain(ctx.db, backend_of(app)) == 1
    again = client.get("/readyz")
    assert again.status_code == 200
    assert again.json["checks"]["search"]["oldest_pending_age_s"] is None


def test_readyz_is_not_ready_when_the_data_directory_is_full(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Less free space in the data directory than ready_min_free_mb: not ready."""
    free_mb = shutil.disk_usage(tmp_path).free / (1024 * 1024)
    full = build_app(sqlite_url, tmp_path, ready_min_free_mb=free_mb + 1024)
    answer = full.test_client().get("/readyz")
    assert answer.status_code == 503
    check = answer.json["checks"]["data_dir"]
    assert check["ok"] is False and check["free_bytes"] < check["min_free_bytes"]
    roomy = build_app(sqlite_url, tmp_path).test_client().get("/readyz")
    assert roomy.status_code == 200 and roomy.json["checks"]["data_dir"]["ok"] is True
