"""Opening the embedded index (a serving process starting) while others search it."""

from __future__ import annotations

import sqlite3
import threading
import time

from flask import Flask

from catalog.context import Catalog
from catalog.search.query import SearchQuery
from catalog.search.sqlite_fts import RANK, SqliteBackend
from tests.search_helpers import dinkes_index


def test_opening_a_current_index_never_fails_a_search_elsewhere(app: Flask, ctx: Catalog) -> None:
    """Each process opens its own connection; opening used to rewrite the FTS column weights
    every time, and searches running meanwhile on other connections failed with
    "SQL logic error". A current file is now opened without writing to it."""
    serving = dinkes_index(app, ctx, (f"Jumlah Penduduk Puskesmas {n}" for n in range(40)))
    path = serving.path
    errors: list[str] = []
    done = [0, 0]
    stop = time.monotonic() + 1.5

    def search() -> None:
        while time.monotonic() < stop:
            try:
                assert serving.search(SearchQuery("penduduk")).total == 40
                done[0] += 1
            except Exception as exc:
                errors.append(repr(exc))

    def open_and_search() -> None:
        while time.monotonic() < stop:
            starting = SqliteBackend(path)
            try:
                assert starting.search(SearchQuery("puskesmas", per_page=1)).total == 40
                done[1] += 1
            except Exception as exc:
                errors.append(repr(exc))
            finally:
                starting.close()

    threads = [threading.Thread(target=search), threading.Thread(target=open_and_search)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and min(done) > 10, (done, errors[:3])
    with sqlite3.connect(path) as conn:  # the weights are still the ones ranking uses
        assert conn.execute("SELECT v FROM fts_config WHERE k = 'rank'").fetchone() == (RANK,)


def test_an_index_without_the_quality_column_is_rebuilt(app: Flask, ctx: Catalog) -> None:
    """An index file of layout 3 (no docs.quality, the sort "quality") is emptied on open and
    flagged; rebuilt from the database, it sorts by the score."""
    from catalog.search import rebuild

    serving = dinkes_index(app, ctx, ["Jumlah Puskesmas"])
    path = serving.path
    serving.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
        conn.execute("DROP INDEX docs_quality")
        conn.execute("ALTER TABLE docs DROP COLUMN quality")
    conn.close()
    reopened = SqliteBackend(path)
    assert reopened.needs_rebuild() and reopened.ids() == set()
    assert rebuild.rebuild_if_needed(ctx.db, reopened) == 1
    assert not reopened.needs_rebuild()
    assert reopened.search(SearchQuery(sort="quality")).total == 1
    reopened.close()
