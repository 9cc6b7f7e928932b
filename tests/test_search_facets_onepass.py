"""The sqlite backend's one-pass facet counting equals counting each facet on its own."""

from __future__ import annotations

from flask import Flask

from catalog.app import Catalog
from catalog.search import backend_of
from catalog.search.query import SearchQuery, parse_text
from catalog.search.sqlite_fts import SqliteBackend, match_expression
from tests import factories

FACETS = ("organization", "topic", "tag", "format", "year", "wilayah", "recommendation")


def test_one_pass_facets_equal_single_facets(app: Flask, ctx: Catalog) -> None:
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
