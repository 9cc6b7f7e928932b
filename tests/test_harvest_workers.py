"""Workers: atomic claims, one running job per source, takeover after SIGKILL, cancellation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from catalog import migrate
from catalog.context import Catalog
from catalog.db import make_engine
from catalog.models import Dataset, HarvestJob, HarvestRecord, utcnow
from catalog.services import harvest as service
from catalog.services.auth import SYSTEM
from catalog.worker import Worker, scheduler_tick
from tests import factories
from tests.ckan_fake import FakeCkan
from tests.conftest import World, build_app
from tests.harvest_helpers import job_row, make_source, run, snapshot

CATALOG = str(Path(sys.executable).parent / "catalog")


# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True}
# Packages of the `portal` fixture (tests/conftest.py).
PORTAL_PACKAGES = 60


def queue(ctx: Catalog, source_id: str) -> str:
    with ctx.db.session() as session:
        return service.queue_job(session, SYSTEM, source_id).id


def start_worker(ctx: Catalog, tmp_path: Path, name: str, *args: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        CATALOG_DATABASE_URL=ctx.db.url,
        CATALOG_DATA_DIR=str(tmp_path / "instance"),
        CATALOG_HARVEST_ALLOW_PRIVATE="1",
        CATALOG_RUN_WORKER="0",
        CATALOG_SECRET_KEY="test-secret",
    )
    with open(tmp_path / f"{name}.log", "wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen([CATALOG, "worker", *args], env=env, stdout=log, stderr=log)


def wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def test_concurrent_claims_take_a_job_once(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    sources = [make_source(ctx, "ckan", portal.url, title=f"Sumber {i}") for i in range(3)]
    for source in sources:
        queue(ctx, source)
    won: list[str] = []
    barrier = threading.Barrier(6)

    def claim(n: int) -> None:
        barrier.wait()
        for _ in range(3):
            try:
                with ctx.db.session() as session:
                    job = service.claim_job(session, f"w{n}", 30)
            except Exception:  # a lost write race on SQLite: try again
                job = None
            if job is not None:
                won.append(job.id)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == len(set(won)) == 3


def test_second_job_of_a_source_waits(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    source = make_source(ctx, "ckan", portal.url)
    first = queue(ctx, source)
    assert queue(ctx, source) == first  # a queued job is not queued twice
    with ctx.db.session() as session:
        assert service.claim_job(session, "w1", 30).id == first  # type: ignore[union-attr]
    second = queue(ctx, source)
    assert second != first
    with ctx.db.session() as session:
        assert service.claim_job(session, "w2", 30) is None
    with ctx.db.session() as session:
        session.get(HarvestJob, first).status = "succeeded"  # type: ignore[union-attr]
    with ctx.db.session() as session:
        assert service.claim_job(session, "w2", 30).id == second  # type: ignore[union-attr]


def test_two_worker_processes_never_share_a_job(
    ctx: Catalog, world: World, portal: FakeCkan, tmp_path: Path
) -> None:
    portal.latency_s = 0.05
    jobs = [queue(ctx, make_source(ctx, "ckan", portal.url, title=f"S{i}")) for i in range(4)]
    workers = [start_worker(ctx, tmp_path, f"w{i}", "--poll", "0.2") for i in range(2)]
    try:
        wait_for(lambda: all(job_row(ctx, j).status == "succeeded" for j in jobs), 120)
    finally:
        for w in workers:
            w.terminate()
            w.wait(10)
    rows = [job_row(ctx, j) for j in jobs]
    assert all(r.attempt == 1 and r.created == 60 for r in rows)
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Dataset)) == 4 * 60
        per_job = session.execute(
            select(HarvestRecord.job_id, func.count()).group_by(HarvestRecord.job_id)
        ).all()
        assert sorted(n for _, n in per_job) == [60] * 4


def test_killed_worker_is_taken_over(
    ctx: Catalog, world: World, portal: FakeCkan, tmp_path: Path
) -> None:
    # Reference: the same portal harvested without interruption into another database.
    ref_url = f"sqlite:///{tmp_path / 'reference.db'}"
    engine = make_engine(ref_url)
    migrate.upgrade(engine)
    engine.dispose()
    ref_app = build_app(ref_url, tmp_path / "ref", harvest_allow_private=True)
    ref: Catalog = ref_app.extensions["catalog"]
    with ref.db.session() as session:
        factories.make_org(session, "dinas-kesehatan")
    ref_job = run(ref, make_source(ref, "ckan", portal.url, config={"page_size": 5}))
    expected = {k.split(":", 1)[1]: v for k, v in snapshot(ref).items()}
    ref.db.dispose()

    portal.latency_s = 0.25
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 5})
    job_id = queue(ctx, source)
    victim = start_worker(ctx, tmp_path, "victim", "--lease", "2", "--poll", "0.1")
    wait_for(lambda: job_row(ctx, job_id).progress_done >= 15, 60)
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    interrupted = job_row(ctx, job_id)
    assert interrupted.status == "running" and interrupted.progress_done < 60

    heir = start_worker(ctx, tmp_path, "heir", "--lease", "2", "--poll", "0.2")
    try:
        wait_for(lambda: job_row(ctx, job_id).status == "succeeded", 90)
    finally:
        heir.terminate()
        heir.wait(10)
    final = job_row(ctx, job_id)
    assert final.attempt == 2 and final.worker_id != interrupted.worker_id
    assert (final.found, final.created, final.errors) == (ref_job.found, ref_job.created, 0)
    got = {k.split(":", 1)[1]: v for k, v in snapshot(ctx).items()}
    assert got == expected
    with ctx.db.session() as session:
        rids = session.scalars(
            select(HarvestRecord.remote_id).where(HarvestRecord.job_id == job_id)
        )
        rids_list = list(rids)
        assert len(rids_list) == len(set(rids_list)) == 60


def test_cancel_running_job(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    portal.latency_s = 0.3
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 5})
    job_id = queue(ctx, source)
    worker = Worker(ctx, lease_s=1.5)
    result: list[str | None] = []
    thread = threading.Thread(target=lambda: result.append(worker.run_once()))
    thread.start()
    wait_for(lambda: job_row(ctx, job_id).progress_done >= 5, 30)
    with ctx.db.session() as session:
        service.cancel_job(session, SYSTEM, job_id)
    thread.join(30)
    assert result == ["cancelled"]
    job = job_row(ctx, job_id)
    assert job.status == "cancelled" and job.withdrawn == 0 and job.progress_done < 60


def test_scheduler_queues_due_jobs_and_prunes(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    hourly = make_source(ctx, "ckan", portal.url, schedule="hourly")
    cron = make_source(ctx, "ckan", portal.url, schedule="*/5 * * * *")
    manual = make_source(ctx, "ckan", portal.url)
    assert scheduler_tick(ctx)["queued"] == 0  # not due yet
    with ctx.db.session() as session:
        for sid in (hourly, cron, manual):
            src = service.get_source(session, sid)
            src.next_run_at = utcnow() - timedelta(minutes=1)
    assert scheduler_tick(ctx)["queued"] == 2
    assert scheduler_tick(ctx)["queued"] == 0  # next runs are in the future now
    with ctx.db.session() as session:
        src = service.get_source(session, cron)
        assert src.next_run_at is not None
        assert src.next_run_at - utcnow() <= timedelta(minutes=5)
    job = run(ctx, hourly)
    with ctx.db.session() as session:
        for rec in session.scalars(select(HarvestRecord).where(HarvestRecord.job_id == job.id)):
            rec.created_at = utcnow() - timedelta(
                days=ctx.settings.harvest_record_retention_days + 1
            )
    assert scheduler_tick(ctx)["pruned"] == 60


def test_embedded_background_worker(db_url: str, tmp_path: Path, portal: FakeCkan) -> None:
    """What `catalog serve` starts when CATALOG_RUN_WORKER is on: a worker + scheduler thread."""
    application = build_app(db_url, tmp_path, harvest_allow_private=True, run_worker=True)
    ctx: Catalog = application.extensions["catalog"]
    with ctx.db.session() as session:
        factories.make_org(session, "dinas-kesehatan")
    started = [hook() for hook in application.extensions["catalog.background"]]
    [worker] = [w for w in started if isinstance(w, Worker)]
    try:
        job_id = queue(ctx, make_source(ctx, "ckan", portal.url))
        wait_for(lambda: job_row(ctx, job_id).status == "succeeded", 60)
        assert job_row(ctx, job_id).created == 60
    finally:
        worker.stop()
        ctx.db.dispose()
