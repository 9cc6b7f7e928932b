"""Drains IndexOutbox rows to the search backend, after commits and on demand.

Every dataset change writes an outbox row in its own transaction (services/datasets.py);
here the rows become index updates: an upsert when the dataset is published, a delete
otherwise. A failing backend leaves the rows in place for the next drain. Drains run one at
a time (a thread lock and the database's lock row) and keep their rows while a full rebuild
(rebuild.py) runs. The lapsed-recommendation refresh writes under the same locks.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, func, select, union, update
from sqlalchemy.orm import Session

from catalog.db import Database
from catalog.models import Dataset, IndexDrainLock, IndexOutbox, Recommendation
from catalog.models.base import utcnow
from catalog.search.document import to_document
from catalog.search.query import SearchBackend, SearchUnavailable
from catalog.uow import UnitOfWork

log = logging.getLogger("catalog.search")

# One drain at a time: two overlapping drains could write an older document after a newer
# one (A reads v1, B commits and applies v2, A applies v1). This lock covers the threads of
# one process without holding a database connection while waiting; the database lock row
# (hold_drain_lock) covers other processes and machines.
_drain_lock = threading.Lock()
DRAIN_LOCK_ID = 1

# A running full rebuild (rebuild.py) renews its mark in the lock row; a mark not renewed
# within the lease is that of a rebuild that died, which neither holds back drains nor keeps
# a new rebuild out.
REBUILD_LEASE_S = 300.0


@dataclass(frozen=True)
class RebuildMark:
    """A live rebuild: the last outbox id it covers, and when it last showed signs of life."""

    rebuild_from: int
    seen: datetime


def _live_rebuild(session: Session) -> RebuildMark | None:
    row = session.execute(
        select(IndexDrainLock.rebuild_from, IndexDrainLock.rebuild_seen).where(
            IndexDrainLock.id == DRAIN_LOCK_ID
        )
    ).one_or_none()
    if row is None or row[0] is None or row[1] is None:
        return None
    if row[1] < utcnow() - timedelta(seconds=REBUILD_LEASE_S):
        return None  # its rebuild died: its rows are drained as any others
    return RebuildMark(row[0], row[1])


def hold_drain_lock(session: Session) -> RebuildMark | None:
    """Lock the drain row until this transaction ends, waiting while another drain holds it;
    returns the mark of a full rebuild running meanwhile, if any.

    PostgreSQL keeps the row lock until commit/rollback; on SQLite the UPDATE takes the
    database write lock (waiting up to the busy timeout). Either way it is taken before the
    batch reads anything, so a drain reads the outbox and the datasets only after every
    earlier drain has applied what it read.
    """
    result = session.execute(
        update(IndexDrainLock)
        .where(IndexDrainLock.id == DRAIN_LOCK_ID)
        .values(batches=IndexDrainLock.batches + 1)
        .execution_options(synchronize_session=False)
    )
    if isinstance(result, CursorResult) and result.rowcount == 0:
        # a database whose lock row was deleted: put it back (the insert locks it as well)
        session.add(IndexDrainLock(id=DRAIN_LOCK_ID, batches=1))
        session.flush()
        return None
    return _live_rebuild(session)


def drain(db: Database, backend: SearchBackend, batch: int = 500) -> int:
    """Apply pending outbox rows; returns how many rows were done.

    Raises SearchUnavailable (after noting the attempt on the rows) when the backend fails.
    """
    done = 0
    with _drain_lock:
        while True:
            with db.session() as session:
                if hold_drain_lock(session) is not None:
                    # a full rebuild runs: it may have read these datasets before the change,
                    # and it drains the outbox into the index it swaps in; writing now would
                    # only wait for it (the embedded index) or go to the index being replaced
                    session.rollback()
                    return done
                rows = list(
                    session.scalars(select(IndexOutbox).order_by(IndexOutbox.id).limit(batch))
                )
                if not rows:
                    session.rollback()  # nothing written: release the lock at once
                    return done
                row_ids = [r.id for r in rows]
                dataset_ids = sorted({r.dataset_id for r in rows})
                datasets = list(session.scalars(select(Dataset).where(Dataset.id.in_(dataset_ids))))
                upserts = [to_document(d) for d in datasets if d.state == "published"]
                published = {d["id"] for d in upserts}
                deletes = [i for i in dataset_ids if i not in published]
                try:
                    backend.apply(upserts, deletes)
                except Exception as exc:
                    session.rollback()
                    _note_failure(db, row_ids, exc)
                    if isinstance(exc, SearchUnavailable):
                        raise
                    raise SearchUnavailable(str(exc)) from exc
                session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(row_ids)))
                done += len(rows)


def _note_failure(db: Database, row_ids: list[int], exc: Exception) -> None:
    try:
        with db.session() as session:
            session.execute(
                update(IndexOutbox)
                .where(IndexOutbox.id.in_(row_ids))
                .values(attempts=IndexOutbox.attempts + 1, last_error=str(exc)[:1000])
            )
    except Exception:  # noting the failure is best effort; the rows are still there
        log.exception("could not record the indexing failure")


def pending(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(IndexOutbox)) or 0


def oldest_pending_age(db: Database) -> float | None:
    """Seconds since the oldest outbox row still waiting was written; None when none waits.

    Read only: readiness asks it on every probe."""
    with db.engine.connect() as conn:
        oldest = conn.execute(select(func.min(IndexOutbox.created_at))).scalar()
    if oldest is None:
        return None
    if isinstance(oldest, str):  # SQLite through a plain connection: the stored text
        oldest = datetime.fromisoformat(oldest)
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, (utcnow() - oldest).total_seconds())


# How often a read looks for outbox rows that no write of this process will drain: left by
# a drain that failed (backend down) or by a process that died between commit and drain.
LEFTOVER_PROBE_S = 1.0
# After a failed drain, after-commit drains wait this long (doubling up to the maximum)
# before trying again: an unreachable Elasticsearch would otherwise make every write wait
# for the client's timeout (and on SQLite hold the catalog's write lock meanwhile).
RETRY_AFTER_S = 1.0
RETRY_AFTER_MAX_S = 60.0


class AfterCommitDrain:
    """The index drain run after commits (Catalog.index_drain): a unit of work that queued
    index work (DrainOutbox) drains right away; the others (reads, LeftoverProbe) look for
    leftover rows at most every `probe_every` seconds. Once a day
    (the first unit of work of the day, after its answer is built) the documents of
    recommendations that lapsed are written again (refresh_lapsed). Failures (the backend,
    or a database that refuses writes: read-only, disk full) keep the rows, never fail the
    unit of work, and back off before the next attempt."""

    def __init__(
        self,
        db: Database,
        backend: SearchBackend,
        probe_every: float = LEFTOVER_PROBE_S,
        retry_after: float = RETRY_AFTER_S,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.db, self.backend = db, backend
        self.probe_every, self.retry_after = probe_every, retry_after
        self.today = today
        self._pending = select(IndexOutbox.id).limit(1)
        self._next_probe = 0.0
        self._retry_at = 0.0
        self._backoff = 0.0

    def __call__(self, queued: bool) -> None:
        now = time.monotonic()
        if now < self._retry_at:
            return  # the last attempt failed moments ago: the outbox keeps the work meanwhile
        today = self.today()
        lapse_due = _lapse_checked.get(self.backend) != today
        work = queued
        try:
            # most units of work are reads: skip even the one-row probe most of the time
            if not queued and now >= self._next_probe:
                self._next_probe = now + self.probe_every
                with self.db.engine.connect() as conn:
                    work = conn.execute(self._pending).first() is not None
            if lapse_due:
                refresh_lapsed(self.db, self.backend, today)
            if work:
                drain(self.db, self.backend)
        except Exception as exc:  # the outbox keeps the work; a drain never fails a request
            self._backoff = min(max(self._backoff * 2, self.retry_after), RETRY_AFTER_MAX_S)
            self._retry_at = time.monotonic() + self._backoff
            log.warning(
                "search index not updated, outbox keeps the work (next try in %.0f s): %s",
                self._backoff,
                exc,
            )
        else:
            self._backoff = 0.0


@dataclass(frozen=True)
class DrainOutbox:
    """After-commit operation registered by a unit of work that wrote outbox rows
    (services.datasets.enqueue_index): the catalog's index drain runs once its commit is done."""

    def on_commit(self, uow: UnitOfWork) -> None:
        drain_now = getattr(uow.context, "index_drain", None)
        if drain_now is not None:
            drain_now(True)


@dataclass(frozen=True)
class LeftoverProbe:
    """Standing after-commit operation of every unit of work that queued no index work: looks
    for rows a failed drain or a dead process left (rate-limited by the drain)."""

    drain_now: Callable[[bool], None]

    def on_commit(self, uow: UnitOfWork) -> None:
        if not uow.registered(DrainOutbox):
            self.drain_now(False)


# backend -> the day its documents' recommendation statuses were last brought up to date
_lapse_checked: weakref.WeakKeyDictionary[Any, date] = weakref.WeakKeyDictionary()
_lapse_lock = threading.Lock()


def refresh_lapsed(db: Database, backend: SearchBackend, today: date) -> int:
    """Re-index published datasets whose recommendation lapsed since the index last looked.

    "expired" is derived from valid_until at read time; a document indexed while its
    recommendation was valid still says "recommended". Once a day per process (called from
    the after-commit drain, never before a search: a search needs no write to answer) the
    documents of recommendations that passed their valid_until since the last check (all of
    them, the first time in a process) are written again, so the facet and filter agree with
    every other interface without any scheduled job. Cheap: one indexed query per day.
    """
    with _lapse_lock:
        since = _lapse_checked.get(backend)
        if since == today:
            return 0
        lapsed = [Recommendation.status == "recommended", Recommendation.valid_until < today]
        if since is not None:
            lapsed.append(Recommendation.valid_until >= since)
        # the dataset's own recommendation, or that of its statistical activity (a dataset
        # shows the activity's when it has none under way: models/recommendation `governing`)
        by_own = (
            select(Dataset.id)
            .join(Recommendation, Recommendation.dataset_id == Dataset.id)
            .where(Dataset.state == "published", *lapsed)
        )
        by_activity = (
            select(Dataset.id)
            .join(Recommendation, Recommendation.activity_id == Dataset.activity_id)
            .where(Dataset.state == "published", *lapsed)
        )
        query = select(Dataset).where(Dataset.id.in_(union(by_own, by_activity)))
        # read and write in a transaction of its own under the drain locks: a drain running
        # meanwhile could otherwise apply a newer version of a dataset that this write,
        # made from an older read, would then overwrite
        with _drain_lock, db.session() as own:
            if hold_drain_lock(own) is not None:
                own.rollback()
                return 0  # a full rebuild runs: it writes today's statuses; look again after
            documents = [to_document(d, today) for d in own.scalars(query)]
            if documents:
                backend.upsert(documents)
        _lapse_checked[backend] = today
        return len(documents)
