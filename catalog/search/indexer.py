"""Drains IndexOutbox rows to the search backend; rebuilds the index from the database.

Every dataset change writes an outbox row in its own transaction (services/datasets.py);
here the rows become index updates: an upsert when the dataset is published, a delete
otherwise. A failing backend leaves the rows in place for the next drain.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from catalog.db import Database
from catalog.models import (
    Dataset,
    DatasetRegion,
    DatasetTag,
    DatasetTopic,
    IndexDrainLock,
    IndexOutbox,
    Organization,
    Recommendation,
    Resource,
)
from catalog.models.base import utcnow
from catalog.search.document import to_document
from catalog.search.query import SearchBackend, SearchUnavailable
from catalog.uow import UnitOfWork

log = logging.getLogger("catalog.search")

# One drain at a time: two overlapping drains could write an older document after a newer
# one (A reads v1, B commits and applies v2, A applies v1). This lock covers the threads of
# one process without holding a database connection while waiting; the database lock row
# (_hold_drain_lock) covers other processes and machines.
_drain_lock = threading.Lock()
_DRAIN_LOCK_ID = 1


# A running full rebuild renews its mark this often; a mark not renewed within the lease is
# that of a rebuild that died, which neither holds back drains nor keeps a new rebuild out.
REBUILD_RENEW_S = 15.0
REBUILD_LEASE_S = 300.0


class RebuildRunning(Exception):
    """Another full rebuild is running (or this one's mark was taken over)."""


@dataclass(frozen=True)
class RebuildMark:
    """A live rebuild: the last outbox id it covers, and when it last showed signs of life."""

    rebuild_from: int
    seen: datetime


def _live_rebuild(session: Session) -> RebuildMark | None:
    row = session.execute(
        select(IndexDrainLock.rebuild_from, IndexDrainLock.rebuild_seen).where(
            IndexDrainLock.id == _DRAIN_LOCK_ID
        )
    ).one_or_none()
    if row is None or row[0] is None or row[1] is None:
        return None
    if row[1] < utcnow() - timedelta(seconds=REBUILD_LEASE_S):
        return None  # its rebuild died: its rows are drained as any others
    return RebuildMark(row[0], row[1])


def _hold_drain_lock(session: Session) -> RebuildMark | None:
    """Lock the drain row until this transaction ends, waiting while another drain holds it;
    returns the mark of a full rebuild running meanwhile, if any.

    PostgreSQL keeps the row lock until commit/rollback; on SQLite the UPDATE takes the
    database write lock (waiting up to the busy timeout). Either way it is taken before the
    batch reads anything, so a drain reads the outbox and the datasets only after every
    earlier drain has applied what it read.
    """
    result = session.execute(
        update(IndexDrainLock)
        .where(IndexDrainLock.id == _DRAIN_LOCK_ID)
        .values(batches=IndexDrainLock.batches + 1)
        .execution_options(synchronize_session=False)
    )
    if isinstance(result, CursorResult) and result.rowcount == 0:
        # a database whose lock row was deleted: put it back (the insert locks it as well)
        session.add(IndexDrainLock(id=_DRAIN_LOCK_ID, batches=1))
        session.flush()
        return None
    return _live_rebuild(session)


def _set_rebuild_mark(session: Session, rebuild_from: int | None, only_if: int | None) -> bool:
    """Set (or clear, with None) the rebuild mark, stamped now; with `only_if`, only while the
    mark is still that rebuild's. Whether the row was changed."""
    statement = update(IndexDrainLock).where(IndexDrainLock.id == _DRAIN_LOCK_ID)
    if only_if is not None:
        statement = statement.where(IndexDrainLock.rebuild_from == only_if)
    result = session.execute(
        statement.values(
            rebuild_from=rebuild_from, rebuild_seen=None if rebuild_from is None else utcnow()
        ).execution_options(synchronize_session=False)
    )
    return not isinstance(result, CursorResult) or result.rowcount > 0


def _start_rebuild(db: Database, rebuild_from: int) -> None:
    with db.session() as session:
        running = _hold_drain_lock(session)
        if running is not None:
            raise RebuildRunning(
                "another full rebuild is running (last sign of life "
                f"{running.seen:%Y-%m-%d %H:%M:%S} UTC); try again when it has finished"
            )
        _set_rebuild_mark(session, rebuild_from, None)


def _renew_rebuild(db: Database, rebuild_from: int) -> None:
    with db.session() as session:
        if not _set_rebuild_mark(session, rebuild_from, rebuild_from):
            raise RebuildRunning("this rebuild was taken for dead and replaced; stopping it")


def _end_rebuild(db: Database, rebuild_from: int) -> None:
    with db.session() as session:
        _hold_drain_lock(session)
        _set_rebuild_mark(session, None, rebuild_from)


def drain(db: Database, backend: SearchBackend, batch: int = 500) -> int:
    """Apply pending outbox rows; returns how many rows were done.

    Raises SearchUnavailable (after noting the attempt on the rows) when the backend fails.
    """
    done = 0
    with _drain_lock:
        while True:
            with db.session() as session:
                if _hold_drain_lock(session) is not None:
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


@dataclass
class _Org:
    slug: str
    title: str


@dataclass
class _Format:
    format: str | None


@dataclass
class _Rec:
    status: str
    valid_until: date | None


@dataclass
class DatasetSnapshot:
    """The fields to_document reads, loaded with plain SQL for full rebuilds (building ORM
    objects for every tag and resource of 100,000 datasets costs more than the index)."""

    id: str
    slug: str
    title: str
    description: str
    license: str | None
    frequency: str | None
    temporal_start: date | None
    temporal_end: date | None
    state: str
    harvest_source_id: str | None
    created_at: datetime | None
    updated_at: datetime | None
    organization: _Org | None = None
    tag_names: list[str] = field(default_factory=list)
    topic_codes: list[str] = field(default_factory=list)
    region_codes: list[str] = field(default_factory=list)
    resources: list[_Format] = field(default_factory=list)
    recommendation: _Rec | None = None


def _snapshots(session: Session, after: str, batch: int) -> list[DatasetSnapshot]:
    d = Dataset.__table__.c
    rows = session.execute(
        select(
            d.id, d.slug, d.title, d.description, d.license, d.frequency, d.temporal_start,
            d.temporal_end, d.state, d.harvest_source_id, d.created_at, d.updated_at,
            d.organization_id,
        )
        .where(d.state == "published", d.id > after)
        .order_by(d.id)
        .limit(batch)
    ).all()  # fmt: skip
    if not rows:
        return []
    orgs = {
        o.id: _Org(o.slug, o.title)
        for o in session.execute(select(Organization.id, Organization.slug, Organization.title))
    }
    snaps = {
        r.id: DatasetSnapshot(
            id=r.id,
            slug=r.slug,
            title=r.title,
            description=r.description or "",
            license=r.license,
            frequency=r.frequency,
            temporal_start=r.temporal_start,
            temporal_end=r.temporal_end,
            state=r.state,
            harvest_source_id=r.harvest_source_id,
            created_at=r.created_at,
            updated_at=r.updated_at,
            organization=orgs.get(r.organization_id),
        )
        for r in rows
    }
    ids = list(snaps)
    for owner, value, names in (
        (DatasetTag.dataset_id, DatasetTag.name, "tag_names"),
        (DatasetTopic.dataset_id, DatasetTopic.code, "topic_codes"),
        (DatasetRegion.dataset_id, DatasetRegion.code, "region_codes"),
    ):
        for dataset_id, item in session.execute(
            select(owner, value).where(owner.in_(ids)).order_by(value)
        ):
            getattr(snaps[dataset_id], names).append(item)
    for dataset_id, fmt in session.execute(
        select(Resource.dataset_id, Resource.format)
        .where(Resource.dataset_id.in_(ids))
        .order_by(Resource.position)
    ):
        snaps[dataset_id].resources.append(_Format(fmt))
    for dataset_id, status, valid_until in session.execute(
        select(Recommendation.dataset_id, Recommendation.status, Recommendation.valid_until).where(
            Recommendation.dataset_id.in_(ids)
        )
    ):
        snaps[dataset_id].recommendation = _Rec(status, valid_until)
    return list(snaps.values())


def published_documents(db: Database, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Documents of every published dataset, read in id order in batches."""
    last = ""
    while True:
        with db.session() as session:
            snaps = _snapshots(session, last, batch)
        if not snaps:
            return
        for snap in snaps:
            yield to_document(snap)
        last = snaps[-1].id


def published_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).where(Dataset.state == "published")) or 0


def reindex(
    db: Database,
    backend: SearchBackend,
    progress: Callable[[int], None] | None = None,
    renew_every: float = REBUILD_RENEW_S,
) -> int:
    """Rebuild the whole index from the database. Outbox rows written before the rebuild
    started are covered by it and removed. Changes committed while it runs may be missing
    from what it read: while `rebuild_from` is set, drains leave their rows alone, and the
    rebuild drains them into the new index once it is in place. The mark is renewed every
    `renew_every` seconds; RebuildRunning when another live rebuild holds it.
    """
    with db.session() as session:
        high = session.scalar(select(func.max(IndexOutbox.id))) or 0
    _start_rebuild(db, high)

    def counted() -> Iterator[dict[str, Any]]:
        renew_at = time.monotonic() + renew_every
        for doc in published_documents(db):
            yield doc
            if progress:
                progress(1)
            if time.monotonic() >= renew_at:
                _renew_rebuild(db, high)
                renew_at = time.monotonic() + renew_every

    try:
        count = backend.rebuild(counted())
    finally:
        _end_rebuild(db, high)
    with db.session() as session:
        session.execute(delete(IndexOutbox).where(IndexOutbox.id <= high))
    try:
        drain(db, backend)
    except SearchUnavailable as exc:  # the rows stay for the next drain
        log.warning("changes made during the rebuild not yet indexed: %s", exc)
    return count


def rebuild_if_needed(db: Database, backend: SearchBackend) -> int | None:
    """Rebuild an index the backend emptied because an older version wrote it; returns the
    number of documents indexed, None when the index was current."""
    if not backend.needs_rebuild():
        return None
    return reindex(db, backend)


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
        query = (
            select(Dataset)
            .join(Recommendation, Recommendation.dataset_id == Dataset.id)
            .where(
                Dataset.state == "published",
                Recommendation.status == "recommended",
                Recommendation.valid_until < today,
            )
        )
        if since is not None:
            query = query.where(Recommendation.valid_until >= since)
        # read and write in a transaction of its own under the drain locks: a drain running
        # meanwhile could otherwise apply a newer version of a dataset that this write,
        # made from an older read, would then overwrite
        with _drain_lock, db.session() as own:
            if _hold_drain_lock(own) is not None:
                own.rollback()
                return 0  # a full rebuild runs: it writes today's statuses; look again after
            documents = [to_document(d, today) for d in own.scalars(query)]
            if documents:
                backend.upsert(documents)
        _lapse_checked[backend] = today
        return len(documents)
