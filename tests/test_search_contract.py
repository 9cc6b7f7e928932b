"""The judged search contract on every available backend.

Elasticsearch runs when CATALOG_TEST_ES_URL is set (a real Elasticsearch: everything is
checked, relevance order included). Without it, when the `noida-db` package is installed
(the `test` extra), a local noida-db server imitating the Elasticsearch 8 REST API is
started instead: a wire check of our client calls, mappings, bulk format, aggregations,
suggest and response parsing. noida-db is not Lucene, so relevance ORDER is only judged on
real Elasticsearch; on the imitation the same cases check the hit sets.
"""

from __future__ import annotations

import pytest
from flask import Flask

from catalog.search import backend_of, rebuild
from catalog.search.query import SearchQuery
from tests import search_contract


@pytest.fixture
def corpus(search_app: Flask) -> dict[str, str]:
    ctx = search_app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        return search_contract.load_corpus(session)


def test_contract_has_enough_judged_queries() -> None:
    assert len(search_contract.CASES) >= 25


def _scoring_parity(request: pytest.FixtureRequest, search_app: Flask) -> bool:
    """Whether relevance order is judged: always but on the Elasticsearch imitation."""
    if backend_of(search_app).name != "elasticsearch":
        return True
    real: bool = request.getfixturevalue("es_server")[1]
    return real


def _check_all(
    request: pytest.FixtureRequest,
    search_app: Flask,
    cases: list[search_contract.Case],
    corpus: dict[str, str],
) -> None:
    """Every case against `corpus` on the app's backend; all the failures reported at once."""
    backend = backend_of(search_app)
    scoring = _scoring_parity(request, search_app)
    failures = []
    for case in cases:
        result = backend.search(case.query)
        try:
            search_contract.check(case, result, corpus, scoring_parity=scoring)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)


def test_judged_queries(
    request: pytest.FixtureRequest, search_app: Flask, corpus: dict[str, str]
) -> None:
    _check_all(request, search_app, search_contract.CASES, corpus)


def test_suggest_titles(search_app: Flask, corpus: dict[str, str]) -> None:
    backend = backend_of(search_app)
    got = backend.suggest("kunjungan pusk")
    assert [s["id"] for s in got] == [corpus["K"]]
    assert got[0]["title"] == "Jumlah Kunjungan Puskesmas"


def test_index_follows_changes(search_app: Flask, corpus: dict[str, str]) -> None:
    """Update, withdraw and restore through the services: the index follows each commit."""
    from catalog.services import datasets
    from catalog.services.auth import SYSTEM

    ctx = search_app.extensions["catalog"]
    backend = backend_of(search_app)
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, corpus["P"])
        datasets.update_dataset(
            session,
            SYSTEM,
            ds.id,
            {"title": "Curah Hujan dan Suhu Udara"},
            expected_version=ds.version,
        )
    assert [h.id for h in backend.search(SearchQuery("suhu")).hits] == [corpus["P"]]
    with ctx.unit_of_work() as session:
        datasets.withdraw_dataset(session, SYSTEM, corpus["P"])
    assert backend.search(SearchQuery("suhu")).total == 0
    with ctx.unit_of_work() as session:
        datasets.restore_dataset(session, SYSTEM, corpus["P"])
    assert backend.search(SearchQuery("suhu")).total == 1
    assert backend.ids() == set(corpus.values())


def test_partial_matches_skip_words_in_too_many_datasets(
    search_app: Flask, corpus: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word found in more than plan.PARTIAL_MAX_DOCS datasets makes no partial match on its
    own, so the partial tiers never read a common word's whole posting list; the rarer word
    still does. Both words common: only the records holding both."""
    from catalog.search import plan

    backend = backend_of(search_app)
    by_id = {v: k for k, v in corpus.items()}
    wide = backend.search(SearchQuery("jumlah stunting"))
    assert {by_id[h.id] for h in wide.hits} == {"M", "A", "C", "H", "I", "J", "K"}
    assert by_id[wide.hits[0].id] == "M" and wide.complete == 0
    # "jumlah" is in 6 datasets, "stunting" in 1, "penduduk" (its stem) in 5
    monkeypatch.setattr(plan, "PARTIAL_MAX_DOCS", 4)
    bounded = backend.search(SearchQuery("jumlah stunting"))
    assert [by_id[h.id] for h in bounded.hits] == ["M"] and bounded.total == 1
    both = backend.search(SearchQuery("jumlah penduduk"))
    assert {by_id[h.id] for h in both.hits} == {"A", "C"}
    assert both.total == both.complete == 2


@pytest.fixture
def relevance_corpus(search_app: Flask) -> dict[str, str]:
    ctx = search_app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        return search_contract.load_relevance_corpus(session)


def test_relevance_cases(
    request: pytest.FixtureRequest, search_app: Flask, relevance_corpus: dict[str, str]
) -> None:
    """Issue 14: most of the words, stop words, places, agency short names, years, the
    glossary, typos -- on every backend."""
    assert len(search_contract.RELEVANCE_CASES) >= 8
    _check_all(request, search_app, search_contract.RELEVANCE_CASES, relevance_corpus)
    backend = backend_of(search_app)
    # the record holding three of the four words is a partial match: none matches them all
    partial = backend.search(SearchQuery("panjang jalan jembatan kabupaten"))
    assert partial.complete == 0


def test_a_typo_is_searched_corrected_and_said(
    search_app: Flask, relevance_corpus: dict[str, str]
) -> None:
    """A query finding nothing is searched again corrected; the answer says so, and the
    words as typed can still be searched (correct=False)."""
    from catalog.services import search as search_service

    backend = backend_of(search_app)
    answer = search_service.corrected_search(
        backend, search_service.build_query(text="imunisasai dasar")
    )
    assert answer.corrected_query == "imunisasi dasar"
    assert answer.original_query == "imunisasai dasar"
    assert [h.id for h in answer.result.hits] == [relevance_corpus["R3"]]
    as_typed = search_service.corrected_search(
        backend, search_service.build_query(text="imunisasai dasar"), correct=False
    )
    # as typed, no record holds both words: the one holding "dasar" is a partial match
    assert as_typed.corrected_query is None and as_typed.result.complete == 0
    assert [h.id for h in as_typed.result.hits] == [relevance_corpus["R3"]]
    # a valid word finding nothing is not replaced by a near one ("keamanan" is indexed)
    kept = search_service.corrected_search(backend, search_service.build_query(text="ketahanan"))
    assert kept.corrected_query is None and kept.result.total == 0


def test_suggest_continues_the_phrase(search_app: Flask, relevance_corpus: dict[str, str]) -> None:
    """ "kebakaran h": the title where a word starting with h follows "kebakaran" comes
    before the title that merely holds such a word."""
    backend = backend_of(search_app)
    got = [s["id"] for s in backend.suggest("kebakaran h")]
    assert got == [relevance_corpus["R8"], relevance_corpus["R9"]]
    assert [s["id"] for s in backend.suggest("kebakaran hu")] == [
        relevance_corpus["R8"],
        relevance_corpus["R9"],
    ]


def _quality_order(search_app: Flask) -> list[str]:
    """The published datasets as the sort "quality" must list them: MQA score descending,
    equal scores by the newest change, then id (read from the database, not the index)."""
    from sqlalchemy import select

    from catalog.models import Dataset
    from catalog.models.quality import DatasetQuality

    ctx = search_app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        rows = session.execute(
            select(Dataset.id, Dataset.updated_at, DatasetQuality.mqa_score)
            .join(DatasetQuality, DatasetQuality.dataset_id == Dataset.id)
            .where(Dataset.state == "published")
        ).all()
    by_id = sorted(rows, key=lambda r: r.id)
    by_modified = sorted(by_id, key=lambda r: r.updated_at, reverse=True)
    return [r.id for r in sorted(by_modified, key=lambda r: r.mqa_score, reverse=True)]


def test_sort_by_metadata_quality_follows_a_fix(search_app: Flask, corpus: dict[str, str]) -> None:
    """sort=quality: best-described first (ties: newest change, then id); a fix that raises a
    dataset's score moves it up at once (the rescore re-indexes it)."""
    from catalog.services import datasets
    from catalog.services.auth import SYSTEM
    from catalog.services.quality import stored

    backend = backend_of(search_app)
    assert not backend.needs_rebuild()  # the index has the score (Elasticsearch: its mapping)
    ctx = search_app.extensions["catalog"]
    query = SearchQuery(sort="quality", per_page=100)
    expected = _quality_order(search_app)
    assert len(expected) == len(corpus)
    assert [h.id for h in backend.search(query).hits] == expected
    # ascending: lowest score first, equal scores still newest change first
    got = [h.id for h in backend.search(SearchQuery(sort="quality", descending=False)).hits]
    with ctx.unit_of_work() as session:
        scores = [stored(session, i).mqa_score for i in got]  # type: ignore[union-attr]
    assert scores == sorted(scores)
    # with text: the records holding every word first, each tier by score
    texted = backend.search(SearchQuery("penduduk", sort="quality", per_page=100))
    assert {h.id for h in texted.hits} >= {corpus["A"], corpus["B"], corpus["C"]}

    # the worst-described dataset (D: a PDF, no wilayah) is fixed: its score rises and it
    # moves up in the order
    worst = corpus["D"]
    with ctx.unit_of_work() as session:
        before = stored(session, worst).mqa_score  # type: ignore[union-attr]
        ds = datasets.get_dataset(session, SYSTEM, worst)
        datasets.update_dataset(
            session, SYSTEM, worst, {"spatial": ["36.03"]}, expected_version=ds.version
        )
    with ctx.unit_of_work() as session:
        after = stored(session, worst).mqa_score  # type: ignore[union-attr]
    assert after > before
    moved = [h.id for h in backend.search(query).hits]
    assert moved == _quality_order(search_app)
    assert moved.index(worst) < expected.index(worst)
    # a rescore without an edit (a link check, the daily recompute) re-indexes too
    from catalog.models.quality import DatasetQuality
    from catalog.services import quality

    best = moved[0]

    def indexed_score() -> int:
        hit = next(h for h in backend.search(query).hits if h.id == best)
        return int(hit.document["quality_score"])

    score = indexed_score()
    with ctx.unit_of_work() as session:
        row = session.get(DatasetQuality, best)
        assert row is not None
        # one point less, same rating: as if scored before a link answered
        row.mqa_score = score - 1
    rebuild.reindex(ctx.db, backend)
    assert indexed_score() == score - 1
    with ctx.unit_of_work() as session:
        assert quality.recompute(session, [best], reindex=True) == 1
    assert indexed_score() == score
    assert [h.id for h in backend.search(query).hits] == moved
