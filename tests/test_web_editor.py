"""The dataset editor (issue 15): create, edit, draft/publish, withdraw/restore on web pages,
validated by DatasetIn with messages next to the inputs, optimistic concurrency."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.models import Dataset, HarvestSource
from catalog.services import datasets
from catalog.services.auth import SYSTEM
from schemas.profile import VariableSchema
from tests import factories
from tests.conftest import World
from tests.web_helpers import csrf_from, editor_opens_new_form, form_version, sign_in, switch_user

NEW = "/dasbor/dinas-kesehatan/dataset/baru"


def _post(client: FlaskClient, path: str, data: dict[str, str | list[str]]) -> TestResponse:
    return client.post(path, data={**data, "csrf_token": csrf_from(client, path)})


def _fields() -> dict[str, str | list[str]]:
    return {
        "title": "Jumlah Puskesmas per Kecamatan",
        "description": "Banyaknya puskesmas.",
        "tags": "puskesmas, kesehatan",
        "topics": ["kesehatan"],
        "spatial": ["36.03.01"],
        "frequency": "tahunan",
        "license": "cc-by-4.0",
        "access_level": "public",
        "variables.0.name": "Kecamatan",
        "variables.0.data_type": "category",
        "variables.0.public": "on",
        "variables.1.name": "Jumlah puskesmas",
        "variables.1.data_type": "integer",
        "variables.1.unit": "unit",
        "variables.1.public": "on",
        "variables.2.name": "",
        "resources.0.name": "Tabel CSV",
        "resources.0.url": "bukan-url",
        "resources.0.format": "csv",
        "resources.1.name": "",
    }


def test_editor_creates_fixes_publishes_and_withdraws(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    form = editor_opens_new_form(client, NEW)
    assert 'name="variables.0.name"' in form and 'name="resources.0.url"' in form
    # without JavaScript: "tambah baris" adds an empty row and keeps what was typed
    more = _post(client, NEW, {**_fields(), "action": "add_variable"})
    body = more.get_data(as_text=True)
    assert more.status_code == 200 and 'name="variables.3.name"' in body
    assert 'value="Jumlah puskesmas"' in body

    refused = _post(client, NEW, {**_fields(), "action": "publish"})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    # DatasetIn's message, next to the input it is about, which keeps the typed value
    assert re.search(
        r'id="resources-0-url"[^>]*value="bukan-url"[^>]*aria-invalid="true"'
        r'[^>]*>\s*<p class="field-error" id="err-resources-0-url">[^<]+</p>',
        body,
    ), body
    assert 'value="Jumlah puskesmas"' in body
    # the summary above the form names the input in words and links to it
    assert '<a href="#resources-0-url">Sumber daya 1 · Alamat (URL)</a>' in body

    fixed = {**_fields(), "resources.0.url": "https://data.example.go.id/puskesmas.csv"}
    saved = _post(client, NEW, {**fixed, "action": "publish"})
    assert saved.status_code == 302
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, "jumlah-puskesmas-per-kecamatan")
        assert ds.state == "published"
        assert [v["name"] for v in ds.variables] == ["Kecamatan", "Jumlah puskesmas"]
        assert ds.variables[1]["data_type"] == "integer" and ds.variables[1]["unit"] == "unit"
        assert [r.url for r in ds.resources] == ["https://data.example.go.id/puskesmas.csv"]
        assert sorted(ds.tag_names) == ["kesehatan", "puskesmas"] and ds.topic_codes == [
            "kesehatan"
        ]
        version = ds.version
    page = client.get("/dataset/jumlah-puskesmas-per-kecamatan").get_data(as_text=True)
    edit = "/dasbor/dinas-kesehatan/dataset/jumlah-puskesmas-per-kecamatan/ubah"
    assert edit in page
    # the edit form shows what is stored, with its version
    body = client.get(edit).get_data(as_text=True)
    assert f'name="version" value="{version}"' in body and 'value="Kecamatan"' in body

    # save as draft: out of the public catalog
    draft = _post(
        client,
        edit,
        {**fixed, "description": "Diubah.", "version": str(version), "action": "draft"},
    )
    assert draft.status_code == 302
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, "jumlah-puskesmas-per-kecamatan")
        assert ds.state == "draft" and ds.description == "Diubah."
    state = "/dasbor/dinas-kesehatan/dataset/jumlah-puskesmas-per-kecamatan/status"
    assert _post_to(client, state, edit, {"state": "withdrawn"}).status_code == 302
    with ctx.unit_of_work() as session:
        assert datasets.get_dataset(session, SYSTEM, "jumlah-puskesmas-per-kecamatan").state == (
            "withdrawn"
        )
    assert "Pulihkan" in client.get(edit).get_data(as_text=True)
    assert _post_to(client, state, edit, {"state": "published"}).status_code == 302
    with ctx.unit_of_work() as session:
        assert datasets.get_dataset(session, SYSTEM, "jumlah-puskesmas-per-kecamatan").state == (
            "published"
        )


def make_aki(session: Session, **fields: Any) -> Dataset:
    """Dinas Kesehatan's published dataset "Angka Kematian Ibu" at /dataset/aki."""
    return factories.make_dataset(
        session, "dinas-kesehatan", title="Angka Kematian Ibu", slug="aki", **fields
    )


def _post_to(
    client: FlaskClient, path: str, page: str, data: dict[str, str | list[str]]
) -> TestResponse:
    return client.post(path, data={**data, "csrf_token": csrf_from(client, page)})


def test_stale_save_keeps_typing_and_harvested_notice(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        ds = make_aki(session)
        version = ds.version
    sign_in(client, "editor")
    edit = "/dasbor/dinas-kesehatan/dataset/aki/ubah"
    token = csrf_from(client, edit)
    body = client.get(edit).get_data(as_text=True)
    assert "Panen berikutnya" not in body  # not harvested: no notice
    with ctx.unit_of_work() as session:  # someone else saves meanwhile
        ds = datasets.get_dataset(session, SYSTEM, "aki")
        datasets.update_dataset(
            session,
            SYSTEM,
            "aki",
            {"description": "Perubahan orang lain."},
            expected_version=ds.version,
        )
    stale = client.post(
        edit,
        data={
            "csrf_token": token,
            "title": "Angka Kematian Ibu Melahirkan",
            "description": "Ketikan saya.",
            "access_level": "public",
            "version": str(version),
            "action": "publish",
        },
    )
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "disimpan orang lain" in body and "Ketikan saya." in body
    with ctx.unit_of_work() as session:
        assert datasets.get_dataset(session, SYSTEM, "aki").description == ("Perubahan orang lain.")


def test_editor_of_another_agency_cannot_open_the_editor(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        make_aki(session)
    sign_in(client, "editor2")
    assert client.get("/dasbor/dinas-kesehatan/dataset/aki/ubah").status_code == 403
    assert client.get(NEW).status_code == 403
    page = client.get("/dataset/aki").get_data(as_text=True)
    assert "/ubah" not in page


def test_harvested_dataset_warns_that_the_next_harvest_overwrites(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        ds = make_aki(session)
        source = HarvestSource(
            organization_id=ds.organization_id, title="CKAN", type="ckan", url="https://x.test"
        )
        session.add(source)
        session.flush()
        ds.harvest_source_id = source.id
    sign_in(client, "editor")
    body = client.get("/dasbor/dinas-kesehatan/dataset/aki/ubah").get_data(as_text=True)
    assert "pengambilan berikutnya mengganti isian berikut" in body
    # the notice names the form's inputs and its groups, in the words of the form
    notice = body[
        body.index('id="harvest-note"') : body.index("</div>", body.index("harvest-note"))
    ]
    for words in ("Judul", "Lisensi", "Variabel (MS-Var)", "Wilayah cakupan (kode wilayah)"):
        assert words in notice, words


def test_revision_loop_note_fix_resubmit_withdraw_and_diff(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        make_aki(session, methodology="Pencatatan rutin.")
    dash = "/dasbor/dinas-kesehatan"
    sign_in(client, "editor")
    ask = "/dasbor/dinas-kesehatan/dataset/aki/minta-rekomendasi"
    assert _post_to(client, ask, dash, {"note": "Mohon ditinjau."}).status_code == 302
    # a pending request can be taken back (a transition with its event), then sent again
    page = client.get(dash).get_data(as_text=True)
    assert "Tarik permintaan" in page
    back = "/dasbor/dinas-kesehatan/dataset/aki/tarik-permintaan"
    assert _post_to(client, back, dash, {}).status_code == 302
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, "aki")
        assert ds.recommendation is not None and ds.recommendation.status == "none"
    assert _post_to(client, ask, dash, {"note": "Mohon ditinjau."}).status_code == 302

    switch_user(client, "reviewer")
    assert _post_to(client, "/tinjauan/aki/take", "/tinjauan/aki", {}).status_code == 302
    note = "Metodologi belum menjelaskan sumber data.\nSebutkan register yang dipakai."
    revised = _post_to(client, "/tinjauan/aki/revise", "/tinjauan/aki", {"note": note})
    assert revised.status_code == 302

    switch_user(client, "editor")
    page = client.get(dash).get_data(as_text=True)
    assert "Perlu tindakan Anda" in page
    assert "Metodologi belum menjelaskan sumber data.\nSebutkan register yang dipakai." in page
    edit = "/dasbor/dinas-kesehatan/dataset/aki/ubah"
    assert f'href="{edit}"' in page and "Perbaiki" in page
    form = client.get(edit).get_data(as_text=True)
    fixed = _post(
        client,
        edit,
        {
            "title": "Angka Kematian Ibu",
            "methodology": "Register kohort ibu puskesmas.",
            "access_level": "public",
            "version": form_version(form),
            "action": "publish",
        },
    )
    assert fixed.status_code == 302
    again = _post_to(client, ask, dash, {"note": "Sumber data sudah disebutkan."})
    assert again.status_code == 302
    assert "Perlu tindakan Anda" not in client.get(dash).get_data(as_text=True)

    switch_user(client, "reviewer")
    review = client.get("/tinjauan/aki").get_data(as_text=True)
    assert "Sumber data sudah disebutkan." in review
    assert re.search(
        r"<th scope=\"row\">Metodologi</th><td><del>Pencatatan rutin\.</del></td>"
        r"<td><ins>Register kohort ibu puskesmas\.</ins></td>",
        review,
    ), review
    assert _post_to(client, "/tinjauan/aki/take", "/tinjauan/aki", {}).status_code == 302
    done = _post_to(
        client,
        "/tinjauan/aki/recommend",
        "/tinjauan/aki",
        {"number": "B-9/3603/2026", "valid_until": "2099-12-31", "note": "Layak."},
    )
    assert done.status_code == 302
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, "aki")
        assert ds.recommendation is not None and ds.recommendation.status == "recommended"


def test_admin_saves_a_dataset_unchanged_and_its_dates_survive(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        make_aki(
            session,
            modified="2025-02-10T08:00:00+07:00",
            issued="2024-01-05T00:00:00+00:00",
            variables=[{"name": "Jumlah kematian", "public": False}],
            resources=[{"name": "Tabel", "url": "https://x.example/aki.csv", "size": 1234}],
        )
        before = datasets.get_dataset(session, SYSTEM, "aki")
        stamps = (before.modified, before.issued, before.version)
    sign_in(client, "admin")  # admins edit every agency's datasets
    edit = "/dasbor/dinas-kesehatan/dataset/aki/ubah"
    page = client.get(edit).get_data(as_text=True)
    fields = dict(re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields.update(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields.pop("csrf_token", None)
    assert fields["modified"] and fields["resources.0.size"] == "1234"
    saved = client.post(
        edit,
        data={
            **fields,
            "access_level": "public",
            "action": "publish",
            "csrf_token": csrf_from(client, edit),
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with ctx.unit_of_work() as session:
        after = datasets.get_dataset(session, SYSTEM, "aki")
        assert (after.modified, after.issued) == stamps[:2]
        assert after.variables[0]["public"] is False
        assert after.resources[0].size == 1234


def test_substantive_diff_names_fields_and_variables(ctx: Catalog, world: World) -> None:
    with ctx.unit_of_work() as session:
        ds = factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Angka Kematian Ibu",
            variables=[{"name": "Jumlah kematian"}, {"name": "Kecamatan"}],
        )
        seen = datasets.substantive_profile(ds)
        datasets.update_dataset(
            session,
            SYSTEM,
            ds.id,
            {
                "title": "Angka Kematian Ibu Melahirkan",
                "tags": ["baru"],  # not substantive: no line
                "variables": VariableSchema(many=True).load(
                    [
                        {"name": "Jumlah kematian", "definition": "Kematian ibu saat melahirkan."},
                        {"name": "Desa"},
                    ]
                ),
            },
            expected_version=ds.version,
        )
        changes = datasets.substantive_diff(seen, ds)
    assert [(c["field"], c["name"]) for c in changes] == [
        ("title", None),
        ("variables", "Desa"),
        ("variables.definition", "Jumlah kematian"),
        ("variables", "Kecamatan"),
    ]
    assert changes[0]["before"] == "Angka Kematian Ibu"
    assert changes[3]["after"] is None and changes[1]["before"] is None


def test_every_hint_is_read_with_its_input(client: FlaskClient, world: World) -> None:
    """A hint under an input (the MS-Var entries' too) is tied to it by aria-describedby, so a
    screen reader reads it with the input; an input in error keeps its hint beside the error."""
    form = editor_opens_new_form(client, NEW)
    hints = re.findall(r'<p class="hint" id="hint-([^"]+)">', form)
    assert {"title", "tags", "topics", "variables-0-concept", "variables-0-question"} <= set(hints)
    for hint in hints:
        described = re.search(rf'\sid="{hint}"[^>]*aria-describedby="([^"]*)"', form)
        assert described and f"hint-{hint}" in described.group(1).split(), hint
    # a field without a hint is described by nothing
    assert re.search(r'id="contact_email"[^>]*>', form) and not re.search(
        r'id="contact_email"[^>]*aria-describedby', form
    )
    refused = _post(client, NEW, {**_fields(), "title": "", "action": "save"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(
        r'id="title"[^>]*aria-invalid="true" aria-describedby="err-title hint-title"', body
    )
