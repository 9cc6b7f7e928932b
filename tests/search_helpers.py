"""Test helpers for the embedded search index (SQLite FTS5)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

from catalog.context import Catalog
from catalog.search import backend_of
from catalog.search.sqlite_fts import SqliteBackend
from tests import factories


def dinkes_index(app: Flask, ctx: Catalog, titles: Iterable[str]) -> SqliteBackend:
    """Dinas Kesehatan ("dinkes") publishes a dataset under each of `titles`; the app's
    embedded search index, which holds them once the unit of work has committed."""
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
        for title in titles:
            factories.make_dataset(session, "dinkes", title=title)
    backend = backend_of(app)
    assert isinstance(backend, SqliteBackend)
    return backend
