"""Harvest worker and scheduler loops (`catalog worker`, `catalog scheduler`, embedded in serve)."""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
import time
import uuid
import weakref
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from catalog.context import Catalog
from catalog.models import HarvestJob, utcnow
from catalog.services import harvest as service

log = logging.getLogger("catalog.worker")

LEASE_S = 60.0
POLL_S = 2.0
SCHEDULER_TICK_S = 30.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Holder:
    """The worker that runs a claimed job of either kind (a harvest job, a link-check run):
    the id the job's row names, the lease it renews, and the signal set when the worker's
    process is asked to stop."""

    worker_id: str
    lease_s: float = LEASE_S
    stopping: threading.Event | None = None

    @classmethod
    def inline(cls) -> Holder:
        """A job run to its end in this thread (`--wait`, the demo, tests)."""
        return cls("inline:" + worker_name())


class Heartbeat(threading.Thread):
    """Extends the job's lease every lease/3 seconds; flags cancellation or loss of the job.

    `should_stop()` is what the pipeline checks between batches and the HTTP client polls
    while a request runs (so a cancel ends even a read blocked on a silent server within one
    heartbeat); it is also true once the job has run past its maximum time (`overtime`).
    """

    def __init__(
        self, ctx: Catalog, job_id: str, holder: Holder, ends_at: float | None = None
    ) -> None:
        super().__init__(name="harvest-heartbeat", daemon=True)
        # set when the worker process is asked to stop (SIGINT/SIGTERM): the job stops at the
        # next check and keeps its lease, which runs out so another worker takes the job over
        self.stopping = holder.stopping or threading.Event()
        self.ctx, self.job_id = ctx, job_id
        self.worker_id, self.lease_s = holder.worker_id, holder.lease_s
        self.ends_at = ends_at  # time.monotonic() at which the job has run too long
        self.stop_event = threading.Event()
        self.cancelled = threading.Event()
        self.lost = threading.Event()
        self.overtime = threading.Event()

    def run(self) -> None:
        while not self.stop_event.wait(self.lease_s / 3):
            try:
                with self.ctx.unit_of_work() as session:
                    state = service.heartbeat(session, self.job_id, self.worker_id, self.lease_s)
            except OperationalError:
                log.warning("heartbeat of job %s failed; retrying", self.job_id)
                continue
            if state is None:
                self.lost.set()
                return
            if state == "cancel":
                self.cancelled.set()

    def should_stop(self) -> bool:
        if self.ends_at is not None and time.monotonic() >= self.ends_at:
            self.overtime.set()
        return (
            self.lost.is_set()
            or self.cancelled.is_set()
            or self.overtime.is_set()
            or self.stopping.is_set()
        )


def job_ends_at(ctx: Catalog, job: HarvestJob) -> float:
    """The monotonic time at which `job` has run for harvest_max_job_s since its first start
    (a job taken over by another worker keeps the time it already used)."""
    started = job.started_at or utcnow()
    if started.tzinfo is None:  # SQLite gives naive UTC
        started = started.replace(tzinfo=UTC)
    used = max((utcnow() - started).total_seconds(), 0.0)
    return time.monotonic() + ctx.settings.harvest_max_job_s - used


def _end_job(ctx: Catalog, job_id: str, worker_id: str, status: str, message: str) -> None:
    """Write the final status of a job this worker still holds."""
    with ctx.unit_of_work() as session:
        row = session.get(HarvestJob, job_id)
        if row is not None and row.worker_id == worker_id and row.status == "running":
            row.status, row.finished_at, row.message = status, utcnow(), message


def run_job(ctx: Catalog, job: HarvestJob, holder: Holder) -> str:
    """Run one claimed job to its end; returns the final status."""
    from harvesters.pipeline import JobLost, Pipeline
    from harvesters.registry import HARVESTERS

    with ctx.unit_of_work() as session:
        source = service.get_source(session, job.source_id)
        since = service.last_good_start(session, source.id)
        kind = source.type
        url, config, userinfo = service.run_settings(source)
    try:
        harvester = HARVESTERS[kind](url, config, ctx.settings, since=since, userinfo=userinfo)
    except Exception as exc:  # a job that can't even start must end, not be retried forever
        with ctx.unit_of_work() as session:
            row = session.get(HarvestJob, job.id)
            if row is not None and row.worker_id == holder.worker_id:
                row.status, row.finished_at = "failed", utcnow()
                row.message = f"Pemanen '{kind}' tidak dapat dimulai: {exc}"
        return "failed"
    beat = Heartbeat(ctx, job.id, holder, ends_at=job_ends_at(ctx, job))
    beat.start()
    # The HTTP client polls the same signal, so a request blocked on a silent or dripping
    # server ends when the job is cancelled, lost or over its time.
    harvester.session.should_stop = beat.should_stop
    try:
        outcome = Pipeline(
            ctx, job.id, harvester, worker_id=holder.worker_id, should_stop=beat.should_stop
        ).run()
        return outcome.status
    except JobLost:
        if beat.lost.is_set():
            log.warning("job %s was taken over by another worker", job.id)
            return "lost"
        if beat.cancelled.is_set():
            _end_job(
                ctx, job.id, holder.worker_id, "cancelled", "Dibatalkan; tidak ada yang ditarik."
            )
            return "cancelled"
        if beat.overtime.is_set():
            limit = ctx.settings.harvest_max_job_s
            _end_job(
                ctx,
                job.id,
                holder.worker_id,
                "failed",
                f"Dihentikan: tugas berjalan lebih lama dari batas {limit:g} detik; "
                "tidak ada yang ditarik.",
            )
            return "failed"
        log.warning("job %s was taken over by another worker", job.id)
        return "lost"
    finally:
        beat.stop_event.set()
        # A beat under way ends its unit of work before the caller goes on: nothing writes
        # for this job once it has ended, and no connection is opened after the caller
        # closes the database (a test's teardown, a process exit).
        beat.join(timeout=holder.lease_s)
        harvester.close()


def run_inline(ctx: Catalog, job_id: str) -> HarvestJob:
    """Run one queued job in this thread (demo loading, `catalog harvest run --wait`)."""
    holder = Holder.inline()
    with ctx.unit_of_work() as session:
        job = service.claim_job(session, holder.worker_id, holder.lease_s, only=job_id)
    if job is not None:
        run_job(ctx, job, holder)
    with ctx.unit_of_work() as session:
        final = service.get_job(session, job_id)
        session.expunge(final)
    return final


class Worker:
    """Claims and runs jobs until stopped; optionally also runs the scheduler."""

    def __init__(
        self,
        ctx: Catalog,
        *,
        worker_id: str | None = None,
        lease_s: float = LEASE_S,
        poll_s: float = POLL_S,
        schedule: bool = False,
    ) -> None:
        self.ctx = ctx
        self.worker_id = worker_id or worker_name()
        self.lease_s = lease_s
        self.poll_s = poll_s
        self.schedule = schedule
        self.stop_event = threading.Event()
        self.holder = Holder(self.worker_id, lease_s, self.stop_event)
        self._next_tick = 0.0

    def claim(self) -> HarvestJob | None:
        try:
            with self.ctx.unit_of_work() as session:
                return service.claim_job(session, self.worker_id, self.lease_s)
        except OperationalError:
            return None  # lost a write race on SQLite; try again at the next poll

    def tick_scheduler(self) -> None:
        if time.monotonic() < self._next_tick:
            return
        self._next_tick = time.monotonic() + SCHEDULER_TICK_S
        scheduler_tick(self.ctx)

    def run_once(self) -> str | None:
        """Claim and run one job; None when there was nothing to do."""
        if self.schedule:
            self.tick_scheduler()
        job = self.claim()
        if job is None:
            return self.run_link_check()
        # one line per job step (JSON fields with CATALOG_LOG_FORMAT=json: catalog/logs.py)
        fields = {"job_id": job.id, "source_id": job.source_id, "attempt": job.attempt}
        log.info("worker %s runs job %s", self.worker_id, job.id, extra={**fields, "step": "start"})
        started = time.monotonic()
        outcome = run_job(self.ctx, job, self.holder)
        log.info(
            "job %s ended: %s",
            job.id,
            outcome,
            extra={
                **fields,
                "step": "end",
                "outcome": outcome,
                "duration_s": round(time.monotonic() - started, 3),
            },
        )
        return outcome

    def run_link_check(self) -> str | None:
        """Claim and run one link-check run (a job kind of its own, catalog/linkcheck.py)
        when no harvest job waits; None when there is none."""
        from catalog import linkcheck

        try:
            run = linkcheck.claim(self.ctx, self.holder)
        except OperationalError:
            return None
        if run is None:
            return None
        log.info("worker %s runs link check %s", self.worker_id, run.id)
        return linkcheck.run_link_check(self.ctx, run, self.holder)

    def run_forever(self) -> None:
        while not self.stop_event.is_set():
            try:
                if self.run_once() is None:
                    self.stop_event.wait(self.poll_s)
            except Exception:
                log.exception("worker loop error")
                self.stop_event.wait(self.poll_s)

    def stop(self) -> None:
        self.stop_event.set()


def scheduler_tick(ctx: Catalog) -> dict[str, int]:
    """Queue due jobs and prune old harvest records; once a day the quality step (rescore,
    snapshot per agency, queue a link check: catalog/linkcheck.py)."""
    from catalog.linkcheck import daily as quality_daily

    quality_daily(ctx)
    try:
        with ctx.unit_of_work() as session:
            queued = service.queue_due(session)
        with ctx.unit_of_work() as session:
            pruned = service.prune_records(session, ctx.settings.harvest_record_retention_days)
    except OperationalError:
        log.warning("scheduler tick skipped (database busy)")
        return {"queued": 0, "pruned": 0}
    return {"queued": queued, "pruned": pruned, **consultation_reminders(ctx)}


def consultation_reminders(ctx: Catalog) -> dict[str, int]:
    """Pojok Romantik: remind of tomorrow's sessions and follow-ups due (each once)."""
    from catalog.services.consultations.notify import send_reminders

    try:
        with ctx.unit_of_work() as session:
            sent = send_reminders(session, ctx.clock.today(), public_url=ctx.settings.public_url)
    except OperationalError:
        log.warning("consultation reminders skipped (database busy)")
        return {"reminders": 0, "followup_reminders": 0}
    return {"reminders": sent["sessions"], "followup_reminders": sent["followups"]}


class ProcessLock:
    """An exclusive, non-blocking flock on a file: held by at most one process at a time.

    The kernel drops it when its holder ends, however it ends (SIGKILL, a crashed or
    recycled gunicorn worker), so no stale pid file can keep the role from a survivor.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for people looking: who holds it
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


class BackgroundWorker(Worker):
    """The embedded worker + scheduler of `catalog serve`: of all the processes serving one
    data directory, only the one holding <data_dir>/worker.lock runs it; the others stand
    by and retry every poll, so a survivor takes over when the holder's process ends."""

    def __init__(self, ctx: Catalog, **kwargs: Any) -> None:
        super().__init__(ctx, schedule=True, **kwargs)
        self.lock = ProcessLock(Path(ctx.settings.data_dir) / "worker.lock")
        self.running = threading.Event()

    def run_elected(self) -> None:
        while not self.stop_event.is_set():
            if self.lock.acquire():
                break
            self.stop_event.wait(self.poll_s)
        else:
            return
        self.running.set()
        log.info("harvest worker and scheduler run in process %s", os.getpid())
        try:
            self.run_forever()
        finally:
            self.running.clear()
            self.lock.release()

    @property
    def state(self) -> str:
        if self.running.is_set():
            return "running"
        return "stopped" if self.stop_event.is_set() else "standby"


# the embedded worker of each application in this process (for /healthz)
_background: weakref.WeakKeyDictionary[Catalog, BackgroundWorker] = weakref.WeakKeyDictionary()


def background_state(ctx: Catalog) -> str:
    """'running', 'standby' (another process runs it), 'stopped' or 'off' (not configured)."""
    worker = _background.get(ctx)
    return worker.state if worker is not None else "off"


def start_background(ctx: Catalog) -> Any:
    """The embedded worker + scheduler thread of `catalog serve` (Settings.run_worker).

    Every serving process calls this after it has its own application (after the fork); one
    of them wins the lock and runs the loops, the rest stand by.
    """
    if not ctx.settings.run_worker:
        return None
    worker = BackgroundWorker(ctx)
    _background[ctx] = worker
    thread = threading.Thread(target=worker.run_elected, name="harvest-worker", daemon=True)
    thread.start()
    return worker
