"""Drains IndexOutbox rows to the search backend; rebuilds the index from the database.

Every dataset change writes an outbox row in its own transaction (services/datasets.py);
here the rows become index updates: an upsert when the dataset is published, a delete
otherwise. A failing backend leaves the rows in place for the next drain.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import delete, func, select, update

from catalog.db import Database
from catalog.models import Dataset, IndexOutbox
from catalog.search.document import to_document
from catalog.search.query import SearchBackend, SearchUnavailable

log = logging.getLogger("catalog.search")

# One drain at a time per process: two overlapping drains could write an older
# document after a newer one.
_drain_lock = threading.Lock()


def _apply(backend: SearchBackend, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
    apply = getattr(backend, "apply", None)
    if apply is not None:
        apply(upserts, deletes)
        return
    if upserts:
        backend.upsert(upserts)
    if deletes:
        backend.delete(deletes)


def drain(db: Database, backend: SearchBackend, batch: int = 500) -> int:
    """Apply pending outbox rows; returns how many rows were done.

    Raises SearchUnavailable (after noting the attempt on the rows) when the backend fails.
    """
    done = 0
    with _drain_lock:
        while True:
            with db.session() as session:
                rows = list(
                    session.scalars(select(IndexOutbox).order_by(IndexOutbox.id).limit(batch))
                )
                if not rows:
                    return done
                row_ids = [r.id for r in rows]
                dataset_ids = sorted({r.dataset_id for r in rows})
                datasets = list(session.scalars(select(Dataset).where(Dataset.id.in_(dataset_ids))))
                upserts = [to_document(d) for d in datasets if d.state == "published"]
                published = {d["id"] for d in upserts}
                deletes = [i for i in dataset_ids if i not in published]
                try:
                    _apply(backend, upserts, deletes)
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


def published_documents(db: Database, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Documents of every published dataset, read in id order in batches."""
    last = ""
    while True:
        with db.session() as session:
            rows = list(
                session.scalars(
                    select(Dataset)
                    .where(Dataset.state == "published", Dataset.id > last)
                    .order_by(Dataset.id)
                    .limit(batch)
                )
            )
            docs = [to_document(d) for d in rows]
        if not rows:
            return
        yield from docs
        last = rows[-1].id


def published_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).where(Dataset.state == "published")) or 0


def reindex(
    db: Database, backend: SearchBackend, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the whole index from the database. Outbox rows written before the rebuild
    started are covered by it and removed; later ones stay for the next drain."""
    with db.session() as session:
        high = session.scalar(select(func.max(IndexOutbox.id))) or 0

    def counted() -> Iterator[dict[str, Any]]:
        for doc in published_documents(db):
            yield doc
            if progress:
                progress(1)

    with _drain_lock:
        count = backend.rebuild(counted())
        with db.session() as session:
            session.execute(delete(IndexOutbox).where(IndexOutbox.id <= high))
    return count


def after_commit_hook(db: Database, backend: SearchBackend) -> Callable[[], None]:
    """The embedded mode's after-commit work: drain right away, keep rows when it fails."""

    def hook() -> None:
        try:
            drain(db, backend)
        except SearchUnavailable as exc:
            log.warning("search index not updated, outbox keeps the work: %s", exc)

    return hook
