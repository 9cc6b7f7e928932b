"""Search results as CSV and XLSX: the whole result set (every page), one row per dataset,
from the API (?format=csv|xlsx) and the search page's links; `resource_format` and the old
`format=<resource format>` alias."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from catalog.context import Catalog
from catalog.exports.results import HEADER
from catalog.search import backend_of
from catalog.services import datasets
from catalog.services.auth import SYSTEM, Actor
from catalog.services.recommendations import workflow
from catalog.services.result_export import result_batches
from catalog.services.search import build_query
from schemas.profile import DatasetIn
from tests import factories
from tests.conftest import build_app
from tests.factories import dataset_payload


def seed(ctx: Catalog) -> None:
    """Two agencies, 23 published datasets and a draft; one recommended by BPS."""
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan")
        for n in range(20):
            factories.make_dataset(session, "dinas-pendidikan", title=f"Jumlah Murid Sekolah {n}")
        factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Jumlah Puskesmas",
            topics=["kesehatan", "kependudukan"],
            temporal_start="2023-01-01",
            temporal_end="2023-12-31",
            spatial=["36.03.01", "36.03.03"],
            resources=[
                {"name": "Tabel", "url": "https://data.tangerangkab.go.id/p.csv", "format": "CSV"},
                {
                    "name": "Laporan",
                    "url": "https://data.tangerangkab.go.id/p.pdf",
                    "format": "pdf",
                },
            ],
        )
        factories.make_dataset(
            session, "dinas-kesehatan", title='=HYPERLINK("http://x") Kasus DBD', resources=[]
        )
        factories.make_dataset(session, "dinas-kesehatan", title="Cakupan Imunisasi")
        draft = factories.make_dataset(session, "dinas-kesehatan", title="Draf Rahasia")
        datasets.set_state(session, SYSTEM, draft.slug, "draft")
    with ctx.unit_of_work() as session:
        reviewer = Actor.for_user(factories.make_user(session, roles=("bps_reviewer",)))
        workflow.act(session, reviewer, "jumlah-puskesmas", "take")
        workflow.act(
            session,
            reviewer,
            "jumlah-puskesmas",
            "recommend",
            workflow.Decision(number="B-7/BPS/2026", valid_until=date(2099, 1, 1)),
        )


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # UTF-8 with a BOM: spreadsheets read it so
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_and_xlsx_of_the_whole_result_set(client: FlaskClient, ctx: Catalog) -> None:
    seed(ctx)
    response = client.get("/api/v1/datasets?format=csv&per_page=5")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.is_streamed
    assert 'filename="dataset.csv"' in response.headers["Content-Disposition"]
    table = read_csv(response.data)
    assert table[0] == list(HEADER)
    rows = {r[0]: r for r in table[1:]}
    assert len(table) - 1 == len(rows) == 23  # every page, the draft not among them
    assert "Draf Rahasia" not in rows
    assert (
        rows["Jumlah Puskesmas"]
        == [
            "Jumlah Puskesmas",
            "Dinas Kesehatan",
            "Kependudukan dan Migrasi; Kesehatan",
            "2023",
            "Balaraja (36.03.01); Tigaraksa (36.03.03)",
            "CSV; PDF",
            "Direkomendasikan BPS",
            "http://localhost/dataset/jumlah-puskesmas",
        ]
        or rows["Jumlah Puskesmas"][2] == "Kependudukan dan Migrasi; Kesehatan"
    )
    assert rows["Cakupan Imunisasi"][6] == "Belum diajukan"
    # a cell a spreadsheet would run as a formula is text
    assert '\'=HYPERLINK("http://x") Kasus DBD' in rows

    xlsx = client.get("/api/v1/datasets?format=xlsx&organization=dinas-kesehatan&sort=title")
    assert xlsx.status_code == 200
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(xlsx.data), read_only=True).active
    cells = [[c or "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(HEADER)
    assert [r[0] for r in cells[1:]] == sorted(t for t in rows if not t.startswith("Jumlah M"))
    assert cells[1:] == sorted(
        (r for t, r in rows.items() if not t.startswith("Jumlah M")), key=lambda r: r[0]
    )

    # the same words and filters as a search
    table = read_csv(client.get("/api/v1/datasets?q=murid&format=csv").data)
    assert len(table) - 1 == 20
    both = client.get("/api/v1/datasets?format=csv&format=xlsx")
    assert both.status_code == 422 and "format" in both.json["errors"]
    drafts = client.get("/api/v1/datasets?format=csv&state=draft")
    assert drafts.status_code in (401, 403, 422)


def test_the_batches_page_through_the_search(app: Flask, ctx: Catalog) -> None:
    seed(ctx)
    query = build_query(sort="title", per_page=20)
    sizes, titles = [], []
    for batch in result_batches(backend_of(app), query, batch=4):
        sizes.append(len(batch))
        titles += [d["title"] for d in batch]
    assert sizes == [4, 4, 4, 4, 4, 3]
    assert titles == sorted(titles) and len(set(titles)) == 23


def test_resource_format_and_its_old_name(client: FlaskClient, ctx: Catalog) -> None:
    seed(ctx)
    new = client.get("/api/v1/datasets?resource_format=pdf")
    assert new.json["total"] == 1 and "Deprecation" not in new.headers
    old = client.get("/api/v1/datasets?format=PDF")
    assert old.json["total"] == 1 and old.headers["Deprecation"] == "true"
    table = read_csv(client.get("/api/v1/datasets?resource_format=PDF&format=csv").data)
    assert [r[0] for r in table[1:]] == ["Jumlah Puskesmas"]
    spec = client.get("/api/v1/openapi.json").json
    params = {
        p["name"]: p
        for p in spec["paths"]["/api/v1/datasets"]["get"]["parameters"]
        if p["in"] == "query"
    }
    assert "resource_format" in params
    assert "DEPRECATED" in params["format"]["description"]


def test_the_search_page_links_the_whole_result(client: FlaskClient, ctx: Catalog) -> None:
    seed(ctx)
    page = client.get("/dataset?q=puskesmas&format=PDF&sort=title").get_data(as_text=True)
    assert "Unduh hasil:" in page
    link = "/api/v1/datasets?q=puskesmas&amp;sort=title&amp;resource_format=PDF&amp;format=csv"
    assert f'href="{link}"' in page
    table = read_csv(client.get(link.replace("&amp;", "&")).data)
    assert [r[0] for r in table[1:]] == ["Jumlah Puskesmas"]
    assert "format=xlsx" in page
    # the page reads the API's name of the filter too
    page = client.get("/dataset?resource_format=pdf").get_data(as_text=True)
    assert "Jumlah Puskesmas" in page and "Jumlah Murid Sekolah" not in page


def _create(app: Flask, n: int) -> str:
    with app.extensions["catalog"].unit_of_work() as session:
        data = DatasetIn().load(dataset_payload("dinkes", title=f"Data unduhan nomor {n}"))
        return datasets.create_dataset(session, SYSTEM, data).id


def _published(app: Flask) -> set[str]:
    return {d["id"] for batch in result_batches(backend_of(app), build_query()) for d in batch}


def test_a_walk_in_date_order_skips_and_repeats_nothing_while_datasets_come_and_go(
    sqlite_url: str, tmp_path: Path
) -> None:
    """The default order (newest change first) is walked by keyset
    (catalog/services/result_export.py): a dataset withdrawn after its page was served
    does not make the next page skip one (an offset walk would: every later position moves
    up), and one published during the walk (it comes first in this order) does not make
    the next page serve one again (an offset walk would: every later position moves down).
    Real SQLite and search index, five results a page."""
    app = build_app(sqlite_url, tmp_path)
    with app.extensions["catalog"].unit_of_work() as session:
        factories.make_org(session, "dinkes")
    for n in range(23):
        _create(app, n)
    before = _published(app)
    served: list[str] = []
    withdrawn: list[str] = []
    created: list[str] = []
    for page, batch in enumerate(result_batches(backend_of(app), build_query(), batch=5)):
        served += [d["id"] for d in batch]
        if page % 2 == 0:  # withdraw what was just served
            for dataset_id in served[-2:]:
                with app.extensions["catalog"].unit_of_work() as session:
                    datasets.withdraw_dataset(session, SYSTEM, dataset_id)
                withdrawn.append(dataset_id)
        else:
            created.append(_create(app, 100 + page))
    still = _published(app)
    assert len(served) == len(set(served))  # nothing twice
    assert before <= set(served)  # nothing that was there from the start was skipped
    assert set(served) <= before | set(created)
    assert len(withdrawn) >= 4 and len(created) >= 2
    assert not still & set(withdrawn) and set(created) <= still
    app.extensions["catalog"].db.dispose()


def test_a_walk_in_date_order_equals_the_offset_pages(app: Flask, ctx: Catalog) -> None:
    """When nothing changes, the keyset pages hold what the offset pages hold, in order."""
    seed(ctx)
    keyed = [d["id"] for b in result_batches(backend_of(app), build_query(), batch=4) for d in b]
    by_offset = [
        h.id
        for start in range(0, 30, 4)
        for h in backend_of(app).search(build_query(per_page=4, page=start // 4 + 1)).hits
    ]
    assert keyed == by_offset and len(keyed) == 23
