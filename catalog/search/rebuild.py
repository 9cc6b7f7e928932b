"""Full rebuilds of the search index from the database.

A rebuild reads every published dataset (plain SQL snapshots, not ORM objects: snapshot.py)
into a new index that the backend swaps in. While it runs, its mark in the drain lock row
(outbox.py) keeps drains from writing the rows it may have missed; it renews the mark (a
lease), and drains the outbox into the new index once it is in place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from catalog.db import Database
from catalog.models import Dataset, IndexDrainLock, IndexOutbox
from catalog.models.base import utcnow
from catalog.search.document import to_document
from catalog.search.outbox import DRAIN_LOCK_ID, drain, hold_drain_lock
from catalog.search.query import SearchBackend, SearchUnavailable
from catalog.search.snapshot import snapshots

log = logging.getLogger("catalog.search")

# A running full rebuild renews its mark this often (within outbox.REBUILD_LEASE_S).
REBUILD_RENEW_S = 15.0


class RebuildRunning(Exception):
    """Another full rebuild is running (or this one's mark was taken over)."""


def _set_rebuild_mark(session: Session, rebuild_from: int | None, only_if: int | None) -> bool:
    """Set (or clear, with None) the rebuild mark, stamped now; with `only_if`, only while the
    mark is still that rebuild's. Whether the row was changed."""
    statement = update(IndexDrainLock).where(IndexDrainLock.id == DRAIN_LOCK_ID)
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
        running = hold_drain_lock(session)
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
        hold_drain_lock(session)
        _set_rebuild_mark(session, None, rebuild_from)


def published_documents(db: Database, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Documents of every published dataset, read in id order in batches."""
    last = ""
    while True:
        with db.session() as session:
            snaps = snapshots(session, last, batch)
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
