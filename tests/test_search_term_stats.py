"""The sqlite backend reads term document counts (the plan's common words, did-you-mean) once
per index version: a change of the index, made through this backend or by another
connection, is seen by the next search, never a stale count."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from catalog.context import Catalog
from catalog.search import backend_of, plan
from catalog.search.query import SearchQuery
from catalog.search.sqlite_fts import SqliteBackend
from catalog.services import datasets
from catalog.services.auth import SYSTEM
from tests import factories


def _make(session: Session, title: str) -> str:
    """A dataset whose words are only those of its title (and its agency's)."""
    return factories.make_dataset(
        session, "dinsos", title=title, description=title, tags=["rekap"], topics=["pertanian"]
    ).id


def _corpus(ctx: Catalog) -> None:
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinsos", title="Dinas Sosial")
        for title in ("Jumlah Penduduk Miskin", "Angka Kemiskinan Desa", "Data Stunting Balita"):
            _make(session, title)


def _titles(backend: SqliteBackend, text: str) -> set[str]:
    return {h.document["title"] for h in backend.search(SearchQuery(text)).hits}


@pytest.mark.parametrize("reader", ["same", "other"])
def test_counts_follow_every_change_of_the_index(
    app: Flask, ctx: Catalog, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    """Writes go through the app's backend; `same` searches with it (its own commits), `other`
    with a second backend on the same file (another connection: PRAGMA data_version)."""
    _corpus(ctx)
    writer = backend_of(app)
    assert isinstance(writer, SqliteBackend)
    backend = writer if reader == "same" else SqliteBackend(ctx.settings.resolved_search_path)
    monkeypatch.setattr(plan, "PARTIAL_MAX_DOCS", 1)

    # "kemiskinn" is a typo of an indexed word; "balita" and "penduduk" (1 dataset each, no
    # dataset holds both) make partial matches
    first = backend.search(SearchQuery("kemiskinn"))
    assert first.total == 0 and first.suggestion == "kemiskinan"
    assert _titles(backend, "balita penduduk") == {"Data Stunting Balita", "Jumlah Penduduk Miskin"}

    with ctx.unit_of_work() as session:
        typo = _make(session, "Kemiskinn Kode Lama")
        _make(session, "Balita Gizi Buruk")

    # the word is now in the index (no correction), and "balita" in 2 datasets > the cutoff:
    # it makes no partial match on its own any more
    second = backend.search(SearchQuery("kemiskinn"))
    assert second.total == 1 and second.suggestion is None
    assert _titles(backend, "balita penduduk") == {"Jumlah Penduduk Miskin"}

    with ctx.unit_of_work() as session:
        datasets.withdraw_dataset(session, SYSTEM, typo)
    third = backend.search(SearchQuery("kemiskinn"))
    assert third.total == 0 and third.suggestion == "kemiskinan"
