"""REST v1 search and suggest, the outbox under a failing backend, reindex, readiness."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalog.cli import main
from catalog.models import IndexOutbox
from catalog.search import backend_of, outbox
from catalog.search.query import SearchQuery
from tests import factories, search_contract
from tests.conftest import World, build_app


def test_v1_search_filters_facets_highlights(client: FlaskClient, world: World, app: Flask) -> None:
    with app.extensions["catalog"].unit_of_work() as session:
        ids = search_contract.load_corpus(session)
    body = client.get("/api/v1/datasets?q=kemiskinan&facets=organization,year").json
    assert body["total"] == 2 and {r["id"] for r in body["results"]} == {ids["C"], ids["D"]}
    assert body["results"][0]["recommendation"]["status"] == "none"  # DatasetOut results
    assert {f["value"] for f in body["facets"]["organization"]} == {"dinsos", "bappeda"}
    assert body["highlights"][ids["D"]]["title"] == [
        "Angka <mark>Kemiskinan</mark> Kabupaten Tangerang"
    ]
    assert body["suggestion"] is None
    filtered = client.get("/api/v1/datasets?organization=dinkes&format=CSV&year=2023").json
    assert [r["id"] for r in filtered["results"]] == [ids["K"]]
    many = client.get("/api/v1/datasets?tag=guru&tag=sekolah&sort=title").json
    assert [r["title"] for r in many["results"]] == [
        "Jumlah Guru Menurut Jenjang",
        "Jumlah Sekolah Dasar Negeri dan Swasta",
    ]
    assert client.get("/api/v1/datasets?wilayah=36.03.01").json["total"] == 4
    typo = client.get("/api/v1/datasets?q=puskesmaz").json
    assert typo["suggestion"] == "puskesmas"
    # issue 14: the corrected query is searched and the answer says so
    assert typo["corrected_query"] == "puskesmas" and typo["original_query"] == "puskesmaz"
    assert [r["id"] for r in typo["results"]] == [ids["K"]]
    as_typed = client.get("/api/v1/datasets?q=puskesmaz&correct=false").json
    assert as_typed["total"] == 0 and as_typed["corrected_query"] is None
    page = client.get("/dataset?q=puskesmaz").get_data(as_text=True)
    assert "Menampilkan hasil untuk <strong>puskesmas</strong>" in page
    assert "Cari <a href=" in page and "asli=1" in page and "saja?" in page
    assert "Kunjungan Puskesmas" not in client.get("/dataset?q=puskesmaz&asli=1").get_data(
        as_text=True
    )
    suggest = client.get("/api/v1/suggest?q=jumlah%20sek").json
    assert [s["id"] for s in suggest["results"]] == [ids["I"]]


def test_v1_total_counts_every_tier_and_says_how_many_hold_every_word(
    client: FlaskClient, world: World, app: Flask
) -> None:
    """Issue 14: `total` is every result (what the pages go through, what the facets
    count); `total_all_words` how many hold every word, and they come first."""
    with app.extensions["catalog"].unit_of_work() as session:
        ids = search_contract.load_corpus(session)
    body = client.get("/api/v1/datasets?q=jumlah%20penduduk&facets=organization").json
    assert body["total"] == 9 and body["total_all_words"] == 2
    assert {r["id"] for r in body["results"][:2]} == {ids["A"], ids["C"]}
    assert sum(f["count"] for f in body["facets"]["organization"]) == 9
    # paging goes through the partial matches too, in the same order
    second = client.get("/api/v1/datasets?q=jumlah%20penduduk&per_page=5&page=2").json
    assert [r["id"] for r in second["results"]] == [r["id"] for r in body["results"][5:9]]
    single = client.get("/api/v1/datasets?q=kemiskinan").json
    assert single["total"] == single["total_all_words"] == 2


def test_v1_sort_by_metadata_quality(client: FlaskClient, world: World, app: Flask) -> None:
    """sort=quality: the best-described datasets first (the MQA score in each result's
    `quality`); `quality asc` the other way; the OpenAPI description names it."""
    with app.extensions["catalog"].unit_of_work() as session:
        search_contract.load_corpus(session)
    best = client.get("/api/v1/datasets?sort=quality&per_page=100").json
    scores = [r["quality"]["mqa_score"] for r in best["results"]]
    assert len(scores) == best["total"] > 2 and scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]
    worst = client.get("/api/v1/datasets?sort=quality%20asc&per_page=100").json
    assert [r["quality"]["mqa_score"] for r in worst["results"]] == sorted(scores)
    refused = client.get("/api/v1/datasets?sort=kualitas")
    assert refused.status_code == 422 and "quality" in str(refused.json["errors"]["sort"])
    spec = client.get("/api/v1/openapi.json").json
    params = spec["paths"]["/api/v1/datasets"]["get"]["parameters"]
    assert "quality" in next(p for p in params if p["name"] == "sort")["description"]


@pytest.mark.parametrize(
    "query",
    [
        'q="angka kemiskinan',
        "sort=popularity",
        "sort=title%20sideways",
        "facets=bogus",
        "year=abc",
        "q=" + "x" * 600,
        "per_page=1000",
        "page=-1",
    ],
)
def test_v1_bad_queries_are_422(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/datasets?{query}")
    assert response.status_code == 422, response.json
    assert response.json["code"] == "validation_error" and response.json["errors"]


def _outbox(app: Flask) -> int:
    with app.extensions["catalog"].db.session() as session:
        return session.scalar(select(func.count()).select_from(IndexOutbox)) or 0


def test_writes_succeed_while_the_index_is_unavailable(sqlite_url: str, tmp_path: Path) -> None:
    """A directory stands where the search file should be: the index cannot be opened. 100
    writes still succeed, the outbox keeps them, and once the file can be made a drain makes
    the index and the database agree exactly. (A missing directory no longer blocks it: the
    application creates its data files at start.)"""
    blocked = tmp_path / "index" / "search.db"
    blocked.mkdir(parents=True)
    app = build_app(sqlite_url, tmp_path, search_path=str(blocked))
    ctx = app.extensions["catalog"]
    backend = backend_of(app)
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
    assert ctx.readiness["search"]()["ok"] is False
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    failed = 0
    ids = []
    for i in range(100):
        try:
            with ctx.unit_of_work() as session:
                ids.append(factories.make_dataset(session, "dinkes", title=f"Data Uji {i}").id)
        except Exception:
            failed += 1
    assert failed == 0
    assert _outbox(app) >= 100
    with ctx.unit_of_work() as session:
        from catalog.services import datasets
        from catalog.services.auth import SYSTEM

        for dataset_id in ids[:10]:
            datasets.withdraw_dataset(session, SYSTEM, dataset_id)
    assert client.get("/api/v1/datasets?q=uji").status_code == 503

    blocked.rmdir()  # the backend comes back
    runner = CliRunner()
    env = {
        "CATALOG_DATABASE_URL": sqlite_url,
        "CATALOG_DATA_DIR": str(tmp_path / "instance"),
        "CATALOG_SEARCH_PATH": str(blocked),
        "CATALOG_SECRET_KEY": "x",
    }
    result = runner.invoke(main, ["reindex", "--pending"], env=env)
    assert result.exit_code == 0, result.output
    assert _outbox(app) == 0
    assert backend.ids() == set(ids[10:])
    assert backend.search(SearchQuery("uji", per_page=0)).total == 90
    assert client.get("/readyz").status_code == 200
    app.extensions["catalog"].db.dispose()


def test_reads_drain_rows_no_write_will_drain(sqlite_url: str, tmp_path: Path) -> None:
    """Rows committed without a drain (a process that died after its commit) reach the index
    through the next reads: each read looks at most once per probe interval, a write at once."""
    app = build_app(sqlite_url, tmp_path)
    ctx = app.extensions["catalog"]
    backend = backend_of(app)
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
    client = app.test_client()
    client.get("/api/v1/datasets")  # the app's first read has probed: the next waits

    def left_behind(title: str) -> str:
        with ctx.db.session() as session:  # commits, runs no after-commit work
            return factories.make_dataset(session, "dinkes", title=title).id

    first = left_behind("Jumlah Puskesmas")
    deadline = time.monotonic() + 10 * outbox.LEFTOVER_PROBE_S
    while _outbox(app) and time.monotonic() < deadline:
        assert client.get("/api/v1/datasets").status_code == 200
        time.sleep(0.05)
    assert _outbox(app) == 0 and first in backend.ids()

    hook = outbox.AfterCommitDrain(ctx.db, backend, probe_every=3600)
    hook(False)  # the first call looks
    second = left_behind("Jumlah Posyandu")
    hook(False)  # within the interval: reads leave the row alone
    assert _outbox(app) == 1 and second not in backend.ids()
    hook(True)  # a unit of work that queued index work drains
    assert _outbox(app) == 0 and second in backend.ids()
    ctx.db.dispose()


def test_after_a_failed_drain_writes_do_not_wait_on_the_backend_again_at_once(
    sqlite_url: str, tmp_path: Path
) -> None:
    """A drain that failed backs off: the next units of work leave the outbox alone (no
    attempt, no wait on a backend that may take its whole timeout to fail) until the back-off
    has passed; then the rows drain."""
    blocked = tmp_path / "index" / "search.db"
    blocked.mkdir(parents=True)
    app = build_app(sqlite_url, tmp_path, search_path=str(blocked))
    ctx = app.extensions["catalog"]
    backend = backend_of(app)
    with ctx.db.session() as session:  # commits, runs no after-commit work
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
        dataset_id = factories.make_dataset(session, "dinkes", title="Jumlah Posyandu").id

    def attempts() -> list[int]:
        with ctx.db.session() as session:
            return list(session.scalars(select(IndexOutbox.attempts)))

    drainer = outbox.AfterCommitDrain(ctx.db, backend, retry_after=0.5)
    drainer(True)
    assert attempts() == [1]  # tried, failed, kept
    blocked.rmdir()  # the backend is back, but the back-off is not over
    drainer(True)
    drainer(False)
    assert attempts() == [1]
    time.sleep(0.6)
    drainer(True)
    assert attempts() == [] and backend.ids() == {dataset_id}
    ctx.db.dispose()


def test_reindex_rebuilds_from_the_database(sqlite_url: str, tmp_path: Path) -> None:
    app = build_app(sqlite_url, tmp_path)
    ctx = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        ids = search_contract.load_corpus(session)
    search_file = Path(ctx.settings.resolved_search_path)
    backend = backend_of(app)
    backend.delete(list(ids.values())[:5])  # the index lost documents
    assert len(backend.ids()) == len(ids) - 5
    env = {
        "CATALOG_DATABASE_URL": sqlite_url,
        "CATALOG_DATA_DIR": str(tmp_path / "instance"),
        "CATALOG_SECRET_KEY": "x",
    }
    result = CliRunner().invoke(main, ["reindex"], env=env)
    assert result.exit_code == 0, result.output
    assert f"Indexed {len(ids)} published datasets" in result.output
    assert backend.ids() == set(ids.values()) and search_file.exists()
    assert os.path.getsize(search_file) > 0
    app.extensions["catalog"].db.dispose()


def test_rebuild_documents_equal_change_documents(db_url: str, tmp_path: Path) -> None:
    """Full rebuilds read plain rows, drains read ORM objects: the same document either way."""
    from catalog.models import Dataset
    from catalog.search.document import to_document
    from catalog.search.rebuild import published_documents

    app = build_app(db_url, tmp_path)
    ctx = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        search_contract.load_corpus(session)
    with ctx.db.session() as session:
        orm = {d.id: to_document(d) for d in session.query(Dataset).all()}
    rebuilt = {d["id"]: d for d in published_documents(ctx.db, batch=5)}
    assert rebuilt == orm and len(rebuilt) == len(search_contract.CORPUS)
    ctx.db.dispose()


def test_search_results_follow_every_change_of_what_they_show(
    client: FlaskClient, world: World
) -> None:
    """Search results reuse the serialized profile of an unchanged dataset; a change of the
    dataset, of its recommendation (which does not bump the dataset's version) or of its
    agency's title shows in the very next search."""
    created = client.post(
        "/api/v1/datasets",
        json=factories.dataset_payload(world.org, title="Jumlah Posyandu Aktif"),
        headers=world.auth("editor"),
    ).json

    def found() -> dict[str, Any]:
        body = client.get("/api/v1/datasets?q=posyandu").json
        assert [r["id"] for r in body["results"]] == [created["id"]]
        return dict(body["results"][0])

    assert found() == found()  # the second answer is the cached profile: identical
    assert found()["recommendation"]["status"] == "none"
    patched = client.patch(
        f"/api/v1/datasets/{created['slug']}",
        json={"title": "Jumlah Posyandu Aktif Menurut Desa", "version": created["version"]},
        headers=world.auth("editor"),
    )
    assert patched.status_code == 200, patched.json
    assert found()["title"] == "Jumlah Posyandu Aktif Menurut Desa"
    assert found()["version"] == patched.json["version"]
    requested = client.post(
        f"/api/v1/datasets/{created['slug']}/recommendation/request",
        json={"note": "Mohon rekomendasi.", "activity": {}},
        headers=world.auth("editor"),
    )
    assert requested.status_code == 200, requested.json
    assert found()["recommendation"]["status"] == "requested"
    renamed = client.patch(
        f"/api/v1/organizations/{world.org}",
        json={"title": "Dinas Kesehatan Kabupaten Tangerang"},
        headers=world.auth("admin"),
    )
    assert renamed.status_code == 200, renamed.json
    assert found()["organization"]["title"] == "Dinas Kesehatan Kabupaten Tangerang"
    # the cached profile is exactly what reading the dataset itself answers
    assert found() == client.get(f"/api/v1/datasets/{created['slug']}").json


def test_sqlite_ranking_uses_the_column_weights(tmp_path: Path) -> None:
    """A word in the title (weight 10) outranks the same word repeated in a description
    (weight 1); with FTS5's default equal weights the description would win."""
    from catalog.search.sqlite_fts import SqliteBackend

    backend = SqliteBackend(str(tmp_path / "weights.db"))
    filler = {"tags_stem": "", "title_sort": ""}
    backend.upsert(
        [
            {"id": "desc", "title_stem": "data umum", **filler,
             "description_stem": "posyandu posyandu posyandu posyandu", "exact": "posyandu"},
            {"id": "title", "title_stem": "posyandu aktif", **filler,
             "description_stem": "rekap", "exact": "posyandu"},
            # other datasets, so that the word is rare enough for a positive IDF
            *[{"id": f"lain-{i}", "title_stem": "lain", **filler,
               "description_stem": "lain", "exact": "lain"} for i in range(10)],
        ]
    )  # fmt: skip
    hits = backend.search(SearchQuery("posyandu", highlight=False)).hits
    assert [h.id for h in hits] == ["title", "desc"]
    backend.close()
