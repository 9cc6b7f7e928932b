"""A full rebuild of the embedded index: written in committed batches beside the live
tables, swapped in at the end, the old index searchable until then and kept if it fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from catalog.context import Catalog
from catalog.search import sqlite_fts
from catalog.search.query import SearchQuery
from catalog.search.rebuild import published_documents
from catalog.search.sqlite_fts import NEXT_TABLES, SqliteBackend
from tests.search_helpers import dinkes_index


def documents(ctx: Catalog, copies: int) -> list[dict[str, Any]]:
    """The published datasets' documents, each also under `copies` - 1 other ids."""
    base = list(published_documents(ctx.db))
    return [{**doc, "id": f"{doc['id']}-{n}"} for n in range(copies) for doc in base]


def tables(path: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.fixture
def serving(app: Flask, ctx: Catalog, monkeypatch: pytest.MonkeyPatch) -> SqliteBackend:
    monkeypatch.setattr(sqlite_fts, "REBUILD_BATCH", 4)  # several batches from a few datasets
    backend = dinkes_index(app, ctx, (f"Jumlah Puskesmas {n}" for n in range(3)))
    assert backend.search(SearchQuery("puskesmas")).total == 3
    return backend


def test_readers_see_the_old_index_until_the_new_one_is_swapped_in(
    ctx: Catalog, serving: SqliteBackend
) -> None:
    docs = documents(ctx, 5)  # 15 documents: 4 batches
    elsewhere = SqliteBackend(serving.path)  # another process's connection
    seen: list[int] = []

    def watched() -> Iterator[dict[str, Any]]:
        for i, doc in enumerate(docs):
            if i and i % 4 == 0:  # a batch was committed
                seen.append(elsewhere.search(SearchQuery("puskesmas")).total)
            yield doc

    try:
        assert serving.rebuild(watched()) == 15
        assert seen == [3, 3, 3]
        assert elsewhere.search(SearchQuery("puskesmas")).total == 15
        assert serving.search(SearchQuery("puskesmas", filters={})).total == 15
    finally:
        elsewhere.close()
    assert not tables(serving.path) & set(NEXT_TABLES)
    with sqlite3.connect(serving.path) as conn:  # the secondary indexes and weights are back
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"docs_modified", "docs_created", "docs_title", "docs_quality", "kv_rid"} <= names
        assert conn.execute("SELECT v FROM fts_config WHERE k = 'rank'").fetchone() == (
            sqlite_fts.RANK,
        )
    assert not serving.needs_rebuild()


def test_a_rebuild_that_fails_keeps_the_old_index_and_the_next_one_starts_clean(
    ctx: Catalog, serving: SqliteBackend
) -> None:
    docs = documents(ctx, 4)

    def broken() -> Iterator[dict[str, Any]]:
        yield from docs[:9]  # two batches committed into the new tables
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        serving.rebuild(broken())
    assert serving.search(SearchQuery("puskesmas")).total == 3
    assert serving.get(docs[0]["id"]) is None  # nothing of the broken build is live
    assert set(NEXT_TABLES) <= tables(serving.path)  # left behind, dropped by the next

    assert serving.rebuild(iter(docs)) == 12
    assert serving.search(SearchQuery("puskesmas")).total == 12
    assert not tables(serving.path) & set(NEXT_TABLES)


def test_dropping_the_old_index_does_not_write_it_again(serving: SqliteBackend) -> None:
    # Debian's SQLite is built with SECURE_DELETE, which overwrites every freed page: the swap
    # of a million-dataset rebuild wrote the whole old index (8 GB) into the log to drop it.
    # FAST (2) clears deleted content only on the pages written anyway.
    assert serving._run(lambda conn: conn.execute("PRAGMA secure_delete").fetchone()[0]) == 2


def test_a_document_given_twice_to_a_rebuild_is_filtered_by_its_last_values(
    ctx: Catalog, serving: SqliteBackend
) -> None:
    doc = documents(ctx, 1)[0]
    again = {**doc, "tags": ["sekali lagi"]}
    # a rebuild's filter rows are written once per batch: the second copy replaces the first
    assert serving.rebuild([doc, again]) == 2
    assert serving.search(SearchQuery("", filters={"tag": ("sekali lagi",)})).total == 1
    assert serving.search(SearchQuery("", excludes={"tag": ("sekali lagi",)})).total == 0
    old_tags = tuple(doc["tags"])
    assert old_tags and serving.search(SearchQuery("", excludes={"tag": old_tags})).total == 1
