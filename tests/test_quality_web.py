"""Where people see quality: the editor's panel (missing items linking to the inputs), the
dataset page (a public badge; the score and missing items for the agency), the agency's
quality page and EPSS preparation page, the walidata's ranking with its trend chart and
CSV, the search facet. Real app, real database (both)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from flask.testing import FlaskClient

from catalog.context import Catalog
from catalog.services import quality
from tests.conftest import World
from tests.web_helpers import new_dataset, sign_in


def test_editor_and_dataset_page_show_the_score_and_link_the_missing_items(
    client: FlaskClient, world: World
) -> None:
    ds = new_dataset(client, world, tags=[])
    page = client.get(f"/dataset/{ds['slug']}").get_data(as_text=True)
    assert f"Kualitas metadata: {ds['quality']['rating_label']}" in page  # the public badge
    assert "Tambahkan kata kunci" not in page  # the missing items are for the agency
    sign_in(client, "editor")
    page = client.get(f"/dataset/{ds['slug']}").get_data(as_text=True)
    edit = f"/dasbor/{world.org}/dataset/{ds['slug']}/ubah"
    assert f'href="{edit}#tags">Tambahkan kata kunci agar dataset mudah ditemukan.</a>' in page
    form = client.get(edit).get_data(as_text=True)
    assert f'data-score="{ds["quality"]["mqa_score"]}"' in form
    assert 'href="#tags">Tambahkan kata kunci' in form
    assert 'id="tags"' in form  # the anchor lands on the input
    assert 'href="#issued">Isi tanggal pertama kali diterbitkan.</a>' in form


def test_agency_quality_and_epss_pages(client: FlaskClient, world: World) -> None:
    new_dataset(client, world)
    low = new_dataset(client, world, tags=[], topics=[], license=None, variables=[])
    sign_in(client, "editor")
    page = client.get(f"/dasbor/{world.org}/kualitas").get_data(as_text=True)
    rows = re.findall(r'/ubah#quality">([^<]+)</a>', page)
    assert rows[0] == low["title"]  # lowest score first
    assert "Isi tanggal pertama kali diterbitkan." in page  # missing most often (both)
    epss = client.get(f"/dasbor/{world.org}/epss").get_data(as_text=True)
    assert "bukan penilaian BPS" in epss
    for aspect in ("Standar data", "Metadata", "Interoperabilitas", "Kode referensi"):
        assert aspect in epss
    assert client.get(f"/dasbor/{world.other_org}/epss").status_code == 403


def test_walidata_ranking_trend_and_csv(client: FlaskClient, world: World, ctx: Catalog) -> None:
    new_dataset(client, world)
    with ctx.unit_of_work() as session:
        quality.take_snapshot(session, date(2026, 1, 1))
        quality.take_snapshot(session, date(2026, 1, 2))
    sign_in(client, "editor")
    assert client.get("/admin/kualitas").status_code == 403
    walidata = client.application.test_client()
    sign_in(walidata, "admin")
    page = walidata.get("/admin/kualitas").get_data(as_text=True)
    assert 'class="chart trend"' in page and "<polyline" in page
    assert "Dinas Kesehatan" in page
    answer = walidata.get("/admin/kualitas.csv")
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0]["organization"] == world.org


def test_search_page_has_the_quality_facet(client: FlaskClient, world: World) -> None:
    ds = new_dataset(client, world)
    page = client.get("/dataset").get_data(as_text=True)
    assert "Kualitas metadata" in page
    assert f"quality={ds['quality']['rating']}" in page


def test_search_page_sorts_by_quality(client: FlaskClient, world: World) -> None:
    """The sort select offers "Kualitas metadata tertinggi"; chosen, the best-described
    dataset comes first whatever was changed last."""
    rich = new_dataset(client, world, title="Jumlah Guru Lengkap")
    poor = new_dataset(
        client,
        world,
        title="Jumlah Guru Seadanya",
        spatial=[],
        resources=[{"name": "g.pdf", "url": "https://data.example.go.id/g.pdf", "format": "pdf"}],
    )
    assert rich["quality"]["mqa_score"] > poor["quality"]["mqa_score"]
    page = client.get("/dataset?sort=quality").get_data(as_text=True)
    assert '<option value="quality" selected>Kualitas metadata tertinggi</option>' in page
    assert page.index("Jumlah Guru Lengkap") < page.index("Jumlah Guru Seadanya")
    newest = client.get("/dataset").get_data(as_text=True)  # without text: newest change first
    assert newest.index("Jumlah Guru Seadanya") < newest.index("Jumlah Guru Lengkap")
    english = client.get("/dataset?sort=quality&lang=en").get_data(as_text=True)
    assert "Highest metadata quality" in english
