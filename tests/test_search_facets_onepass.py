"""The sqlite backend's facet counting: one pass equals counting each facet on its own, and
the counts read from the packed value ids (facet_sets) follow every write, delete and rebuild."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask import Flask

from catalog.context import Catalog
from catalog.search import backend_of, sqlite_fts
from catalog.search.document import filter_values
from catalog.search.query import FILTERS, FacetValue, SearchQuery, parse_text
from catalog.search.rebuild import published_documents
from catalog.search.sqlite_fts import SqliteBackend, match_expression
from tests import factories

FACETS = ("organization", "topic", "tag", "format", "year", "wilayah", "recommendation")


def make_poverty_datasets(ctx: Catalog) -> None:
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinsos", title="Dinas Sosial")
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
        for n in range(9):
            factories.make_dataset(
                session,
                "dinsos" if n % 3 else "dinkes",
                title=f"Jumlah Penduduk Miskin {n}",
                tags=["kemiskinan", f"t{n % 4}"],
                spatial=["36.03.01"] if n % 2 else ["36.03.03", "36.03.04"],
                temporal_start=f"20{18 + n % 4}-01-01",
                temporal_end=f"20{18 + n % 4}-12-31",
            )


def test_one_pass_facets_equal_single_facets(app: Flask, ctx: Catalog) -> None:
    make_poverty_datasets(ctx)
    backend = backend_of(app)
    assert isinstance(backend, SqliteBackend)
    queries = [
        SearchQuery("penduduk", facets=FACETS),
        SearchQuery("miskin", filters={"organization": ("dinsos",)}, facets=FACETS),
        SearchQuery("", filters={"tag": ("t1", "t2")}, facets=FACETS, facet_limit=3),
    ]
    for query in queries:
        together = backend.search(query).facets
        match = match_expression(parse_text(query.text, query.prefix))
        conn = backend._conn()
        alone = {name: backend._facet(conn, query, match, name) for name in FACETS}
        assert together == alone, query
        assert sum(f.count for f in together["organization"]) > 0


def test_filters_inside_the_match_take_any_value(app: Flask, ctx: Catalog) -> None:
    """Filters are FTS tokens standing for `name = value`: a value with spaces, quotes or
    other case is one exact value, never split into words or read as query syntax."""
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinsos", title="Dinas Sosial")
        factories.make_dataset(session, "dinsos", title="Murid Baru", tags=["anak sekolah"])
        factories.make_dataset(session, "dinsos", title="Murid Lama", tags=["anak", "sekolah"])
        factories.make_dataset(session, "dinsos", title="Murid Pindah", tags=['kode "a" or b'])
    backend = backend_of(app)

    def titles(**filters: tuple[str, ...]) -> list[str]:
        result = backend.search(SearchQuery("murid", filters=filters))
        return sorted(h.document["title"] for h in result.hits)

    def check() -> None:
        assert titles(tag=("anak sekolah",)) == ["Murid Baru"]
        assert titles(tag=("anak",)) == ["Murid Lama"]
        assert titles(tag=("anak", "anak sekolah")) == ["Murid Baru", "Murid Lama"]
        assert titles(tag=('kode "a" or b',)) == ["Murid Pindah"]
        assert titles(tag=("ANAK",)) == ["Murid Lama"]  # tags match without case (issue 12.5)
        assert titles(tag=("anak",), organization=("dinsos",)) == ["Murid Lama"]
        assert titles(tag=("anak",), organization=("dinkes",)) == []
        # without text the filters alone drive the match, newest first
        alone = backend.search(SearchQuery("", filters={"tag": ("anak", "anak sekolah")}))
        assert alone.total == 2
        excluded = backend.search(
            SearchQuery("murid", filters={"organization": ("dinsos",)}, excludes={"tag": ("anak",)})
        )
        assert sorted(h.document["title"] for h in excluded.hits) == ["Murid Baru", "Murid Pindah"]

    check()
    # a full rebuild writes the filter rows (`kv`, which exclusions read) its own way
    assert isinstance(backend, SqliteBackend)
    assert backend.rebuild(published_documents(ctx.db)) == 3
    check()


def counted(documents: list[dict[str, Any]], limit: int) -> dict[str, list[FacetValue]]:
    """Every facet of `documents` counted here from the documents themselves."""
    out = {}
    for name, field in FILTERS.items():
        counts = Counter(v for doc in documents for v in set(filter_values(doc, field)))
        top = sorted(counts.items(), key=lambda vn: (-vn[1], vn[0]))[:limit]
        out[name] = [FacetValue(value=v, count=n) for v, n in top]
    return out


def test_facet_counts_follow_writes_deletes_and_rebuilds(
    app: Flask, ctx: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # documents counted a few at a time, value names read a few at a time, as at scale
    monkeypatch.setattr(sqlite_fts, "COUNT_SLICE", 4)
    monkeypatch.setattr(sqlite_fts, "ID_CHUNK", 3)
    make_poverty_datasets(ctx)
    backend = backend_of(app)
    assert isinstance(backend, SqliteBackend)
    docs = {doc["id"]: doc for doc in published_documents(ctx.db)}
    assert len(docs) == 9

    def check() -> None:
        every = tuple(FILTERS)
        for query in (
            SearchQuery("penduduk", facets=every, facet_limit=50),  # counted from facet_sets
            SearchQuery("", facets=every, facet_limit=50),  # the whole catalog: from kv
        ):
            assert backend.search(query).facets == counted(list(docs.values()), 50), query

    check()
    first, second, third, *_ = docs
    # new values (a tag and an agency no document had), values dropped, a document deleted
    docs[first] = {**docs[first], "tags": ["kemiskinan", "baru sekali"], "organization": "baru"}
    docs[second] = {**docs[second], "tags": [], "years": ["2030"]}
    del docs[third]
    backend.apply([docs[first], docs[second]], [third])
    check()
    assert backend.rebuild(list(docs.values())) == 8  # the rebuild numbers its own value ids
    check()
    docs[first] = {**docs[first], "tags": ["t1"]}
    backend.apply([docs[first]], [])
    check()
