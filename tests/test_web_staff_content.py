"""Issue 15, the content half: dates that say whose they are, coverage named by level, a
warning for a recommendation number already used, agency deactivation, the editor's region
picker without JavaScript, the harvest note and the summary of what is missing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.models import Dataset, HarvestSource, Organization
from catalog.web.filters import region_label
from tests.conftest import World
from tests.web_helpers import new_dataset, page_text, post_form, sign_in

VALID_UNTIL = (date.today() + timedelta(days=365)).isoformat()
NUMBER = "B-077/3603/HK.300/2026"


# ------------------------------------------------------------------ dates


def test_last_modified_is_the_publishers_date_and_the_catalog_date_is_named(
    client: FlaskClient, world: World
) -> None:
    dated = new_dataset(
        client,
        world,
        title="Jumlah Posyandu Menurut Kecamatan",
        modified="2025-02-10T08:00:00+07:00",
    )
    undated = new_dataset(client, world, title="Jumlah Bidan Desa Menurut Kecamatan")
    today = date.today()

    page = page_text(client.get(f"/dataset/{dated['slug']}").get_data(as_text=True))
    assert "Terakhir diubah 10 Februari 2025" in page
    assert re.search(rf"Diperbarui di katalog {today.day} \w+ {today.year}", page), page
    page = page_text(client.get(f"/dataset/{undated['slug']}").get_data(as_text=True))
    assert "Terakhir diubah tidak disebutkan oleh penerbit" in page

    # every search result carries its date; sorted by the catalog's time, that date too
    found = client.get("/dataset?q=kecamatan").get_data(as_text=True)
    hit = found[found.index("Jumlah Posyandu") :]
    hit = hit[: hit.index("</li>")]
    assert '<time datetime="2025-02-10">10 Februari 2025</time>' in hit
    assert "Terakhir diubah" in hit and "Diperbarui di katalog" not in hit
    by_catalog = client.get("/dataset?q=kecamatan&sort=modified").get_data(as_text=True)
    assert '<option value="modified" selected>Diperbarui di katalog</option>' in by_catalog
    hit = by_catalog[by_catalog.index("Jumlah Posyandu") :]
    hit = page_text(hit[: hit.index("</li>")])
    assert "Terakhir diubah 10 Februari 2025" in hit and "Diperbarui di katalog" in hit
    # a dataset without the publisher's date shows the catalog's, named as such
    hit = found[found.index("Jumlah Bidan") :]
    hit = page_text(hit[: hit.index("</li>")])
    assert "Diperbarui di katalog" in hit and "Terakhir diubah" not in hit

    home = page_text(client.get("/").get_data(as_text=True))
    assert "Baru diperbarui di katalog" in home
    assert "terakhir diubah 10 Februari 2025" in home

    spec = client.get("/api/v1/openapi.json").json
    out = spec["components"]["schemas"]["DatasetOut"]["properties"]
    assert out["modified"]["description"].startswith("Terakhir diubah")
    assert out["updated"]["description"].startswith("Diperbarui di katalog")


# ------------------------------------------------------------------ coverage


def test_coverage_is_named_by_level() -> None:
    assert region_label("36.03") == "Kabupaten Tangerang"
    assert region_label("36.03.01") == "Kecamatan Balaraja"
    assert region_label("36.03.01.1001") == "Kelurahan Balaraja"
    assert region_label("36.03.01.2010") == "Desa Sentul"
    assert region_label("36") == "Provinsi Banten"
    # codes the reference data does not hold: the level from the code's shape
    assert region_label("36.03.99") == "Kecamatan 36.03.99"
    assert region_label("36.03.99.2001") == "Desa/Kelurahan 36.03.99.2001"


def test_dataset_page_lists_coverage_by_level_apart_from_the_detail_level(
    client: FlaskClient, world: World
) -> None:
    ds = new_dataset(
        client,
        world,
        spatial=["36.03.01.2010", "36.03.02", "36.03.01.1001"],
        spatial_level="desa",
    )
    page = page_text(client.get(f"/dataset/{ds['slug']}").get_data(as_text=True))
    assert "Tingkat rincian wilayah Desa/Kelurahan" in page
    assert (
        "Cakupan wilayah Kelurahan Balaraja (Kecamatan Balaraja) , "
        "Desa Sentul (Kecamatan Balaraja) , Kecamatan Jayanti"
    ) in page
    # the level label no longer heads a list of kecamatan
    assert "Desa/Kelurahan: " not in page


# ------------------------------------------------------------------ recommendation number


def _in_review(client: FlaskClient, world: World, **overrides: Any) -> str:
    slug = str(new_dataset(client, world, **overrides)["slug"])
    for who, action in (("editor", "request"), ("reviewer", "take")):
        response = client.post(
            f"/api/v1/datasets/{slug}/recommendation/{action}", json={}, headers=world.auth(who)
        )
        assert response.status_code == 200, response.json
    return slug


def _recommend(client: FlaskClient, world: World, slug: str, number: str) -> TestResponse:
    return client.post(
        f"/api/v1/datasets/{slug}/recommendation/recommend",
        json={"number": number, "valid_until": VALID_UNTIL, "note": "Layak."},
        headers=world.auth("reviewer"),
    )


def test_api_warns_about_a_recommendation_number_already_used(
    client: FlaskClient, world: World
) -> None:
    first = _in_review(client, world, title="Angka Kematian Ibu")
    answer = _recommend(client, world, first, NUMBER)
    assert answer.status_code == 200 and answer.json["warnings"] == []

    second = _in_review(client, world, title="Angka Kematian Bayi")
    # blanks and case aside, the same number: saved, with a warning naming the other dataset
    answer = _recommend(client, world, second, " " + NUMBER.lower() + " ")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "recommended"
    (warning,) = answer.json["warnings"]
    assert warning["field"] == "number" and warning["code"] == "number_in_use"
    assert warning["datasets"] == [first]
    assert "Angka Kematian Ibu" in warning["message"]
    assert "keputusan tetap disimpan" in warning["message"]

    third = _in_review(client, world, title="Cakupan Imunisasi")
    answer = _recommend(client, world, third, "B-078/3603/HK.300/2026")
    assert answer.status_code == 200 and answer.json["warnings"] == []
    # reading the recommendation has no warnings entry
    assert "warnings" not in client.get(f"/api/v1/datasets/{second}/recommendation").json


def test_decision_form_warns_and_asks_to_confirm_a_used_number(
    client: FlaskClient, world: World
) -> None:
    first = _in_review(client, world, title="Angka Kematian Ibu")
    assert _recommend(client, world, first, NUMBER).status_code == 200
    second = _in_review(client, world, title="Angka Kematian Bayi")
    sign_in(client, "reviewer")
    page = f"/tinjauan/{second}"
    form = {"number": NUMBER, "valid_until": VALID_UNTIL, "note": "Layak."}

    warned = post_form(client, page, f"{page}/recommend", form)
    assert warned.status_code == 200
    body = warned.get_data(as_text=True)
    assert "Nomor rekomendasi ini sudah dipakai untuk:" in body
    assert f'href="/dataset/{first}">Angka Kematian Ibu</a>' in body
    assert f'name="confirm_number" value="{NUMBER}"' in body
    assert 'aria-describedby="warn-number"' in body
    assert "Tetap simpan dengan nomor ini" in body
    assert f'value="{NUMBER}"' in body and ">Layak.</textarea>" in body  # typing kept
    state = client.get(f"/api/v1/datasets/{second}/recommendation").json
    assert state["status"] == "in_review"  # nothing saved yet

    # confirming another number than the one warned about warns again
    other = post_form(
        client, page, f"{page}/recommend", {**form, "confirm_number": "B-1/2026"}
    ).get_data(as_text=True)
    assert "Nomor rekomendasi ini sudah dipakai untuk:" in other

    saved = post_form(client, page, f"{page}/recommend", {**form, "confirm_number": NUMBER})
    assert saved.status_code == 302
    state = client.get(f"/api/v1/datasets/{second}/recommendation").json
    assert state["status"] == "recommended" and state["number"] == NUMBER

    # a number nobody uses is saved at once
    third = _in_review(client, world, title="Cakupan Imunisasi")
    page = f"/tinjauan/{third}"
    fresh = post_form(client, page, f"{page}/recommend", {**form, "number": "B-2/2026"})
    assert fresh.status_code == 302


# ------------------------------------------------------------------ the editor


def test_editor_region_picker_without_javascript(client: FlaskClient, world: World) -> None:
    sign_in(client, "editor")
    new = f"/dasbor/{world.org}/dataset/baru"
    form = client.get(new).get_data(as_text=True)
    assert '<option value="36.03.01" >Kecamatan Balaraja (36.03.01)</option>' in form
    assert (
        '<option value="36.03.01.2010" >Desa Sentul, Kecamatan Balaraja (36.03.01.2010)</option>'
        in form
    )
    assert 'value="36"' not in form  # the province is not the regency's
    # the summary of what is missing, linking to each field
    missing = form[form.index('id="missing-summary"') :]
    missing = missing[: missing.index("</div>")]
    for anchor in ("description", "topics", "spatial", "variables-0-name", "resources-0-name"):
        assert f'href="#{anchor}"' in missing, anchor

    data = {
        "title": "Jumlah Posyandu",
        "access_level": "public",
        "spatial": ["36.03.99"],
        "action": "draft",
    }
    refused = post_form(client, new, new, data)
    assert refused.status_code == 422
    assert 'class="field-error" id="err-spatial' in refused.get_data(as_text=True)
    saved = post_form(client, new, new, {**data, "spatial": ["36.03.01", "36.03.01.2010"]})
    assert saved.status_code == 302
    edit = saved.location
    body = client.get(edit).get_data(as_text=True)
    assert '<option value="36.03.01" selected>' in body
    assert '<option value="36.03.01.2010" selected>' in body
    missing = body[body.index('id="missing-summary"') :]
    assert 'href="#spatial"' not in missing[: missing.index("</div>")]


def test_harvested_dataset_names_the_fields_the_next_harvest_replaces(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    ds = new_dataset(client, world)
    with ctx.unit_of_work() as session:
        org = session.scalar(select(Organization).where(Organization.slug == world.org))
        assert org is not None
        source = HarvestSource(
            organization_id=org.id, title="Portal", type="ckan", url="https://data.example.go.id"
        )
        session.add(source)
        session.flush()
        dataset = session.scalar(select(Dataset).where(Dataset.slug == ds["slug"]))
        assert dataset is not None
        dataset.harvest_source_id = source.id
    sign_in(client, "editor")
    page = client.get(f"/dasbor/{world.org}/dataset/{ds['slug']}/ubah").get_data(as_text=True)
    note = page_text(page[page.index('id="harvest-note"') :])
    assert "pengambilan berikutnya mengganti isian berikut" in note
    for label in ("Judul", "Deskripsi", "Topik", "Variabel (MS-Var)", "Lisensi"):
        assert label in note, label
    assert "Dataset yang ditarik diterbitkan lagi" in note
    # the source's type in words on the dashboard
    dashboard = client.get(f"/dasbor/{world.org}").get_data(as_text=True)
    assert ">Portal CKAN (Action API)</td>" in dashboard
    # a dataset entered here has no such note
    own = new_dataset(client, world)
    page = client.get(f"/dasbor/{world.org}/dataset/{own['slug']}/ubah").get_data(as_text=True)
    assert 'id="harvest-note"' not in page


def test_variable_types_are_words(client: FlaskClient, world: World) -> None:
    ds = new_dataset(client, world)  # its variable is an integer
    page = client.get(f"/dataset/{ds['slug']}").get_data(as_text=True)
    assert "<td>Bilangan bulat</td>" in page and ">integer<" not in page
    sign_in(client, "editor")
    form = client.get(f"/dasbor/{world.org}/dataset/{ds['slug']}/ubah").get_data(as_text=True)
    assert '<option value="integer" selected>Bilangan bulat</option>' in form
    assert '<option value="boolean" >Ya/tidak</option>' in form
