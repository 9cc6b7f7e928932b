"""Statistical activities on the web (issue 20): the editor registers an activity from the
MS-Keg form (BLOCKS), links the agency's datasets, asks for a recommendation; a BPS reviewer
decides on the activity's review page; the datasets show the activity's recommendation; the
public list and page. Flask's test client against a real SQLite database."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.models import Activity, Dataset
from tests import factories
from tests.activity_helpers import published_activities
from tests.conftest import World
from tests.web_helpers import (
    csrf_from,
    editor_opens_new_form,
    form_version,
    found_in,
    new_dataset,
    page_text,
    sign_in,
    switch_user,
)

NEW = "/dasbor/dinas-kesehatan/kegiatan/baru"


def _post(
    client: FlaskClient, path: str, data: dict[str, Any], page: str | None = None
) -> TestResponse:
    return client.post(path, data={**data, "csrf_token": csrf_from(client, page or path)})


def survey_form(**changes: Any) -> dict[str, Any]:
    """A complete MS-Keg form of a survey (blocks I-VIII, sample design, one variable)."""
    form: dict[str, Any] = {
        "title": "Survei Kesehatan Ibu dan Anak",
        "year": "2026",
        "code": "",
        "method": "survei",
        "sector": "Kesehatan",
        "kind": "berulang",
        "frequency": "tahunan",
        "penyelenggara.nama_instansi": "Dinas Kesehatan Kabupaten Tangerang",
        "penyelenggara.unit_kerja": "Bidang Kesehatan Masyarakat",
        "penyelenggara.alamat": "Jl. Raya Tigaraksa No. 1",
        "penyelenggara.telepon": "(021) 5991234",
        "penanggung_jawab.nama": "dr. Sari",
        "penanggung_jawab.jabatan": "Kepala Bidang",
        "penanggung_jawab.email": "sari@dinkes.example.go.id",
        "perencanaan.latar_belakang": "Cakupan imunisasi perlu diukur per kecamatan.",
        "perencanaan.tujuan": "Mengukur cakupan imunisasi dasar lengkap.",
        "perencanaan.jadwal_pengumpulan_mulai": "2026-03-01",
        "perencanaan.jadwal_pengumpulan_selesai": "2026-04-30",
        "desain_kegiatan.tipe_pengumpulan": "cross_section",
        "desain_kegiatan.cakupan_wilayah": "seluruh_wilayah",
        "desain_kegiatan.metode_pengumpulan": ["wawancara"],
        "desain_kegiatan.sarana_pengumpulan": ["capi"],
        "desain_kegiatan.unit_pengumpulan": "Rumah tangga",
        "desain_sampel.jenis_rancangan": "multi_stage",
        "desain_sampel.metode_pemilihan": "probability",
        "desain_sampel.metode_sampel": ["stratified", "pps"],
        "desain_sampel.kerangka_sampel": "area_frame",
        "desain_sampel.ukuran_sampel": "1200",
        "desain_sampel.unit_sampel": "Blok sensus",
        "desain_sampel.unit_observasi": "Balita",
        "desain_sampel.level_estimasi": "kecamatan",
        "penjaminan_kualitas.uji_coba": "on",
        "pengolahan.tahapan": ["penyuntingan", "validasi"],
        "pengolahan.metode_analisis": "deskriptif",
        "pengolahan.unit_analisis": "Balita",
        "pengolahan.tingkat_penyajian": "kecamatan",
        "diseminasi.produk": ["tabel_statistik"],
        "variables.0.name": "Status imunisasi",
        "variables.0.data_type": "category",
        "variables.0.public": "on",
        "action": "publish",
    }
    form.update(changes)
    return form


def register(client: FlaskClient, **changes: Any) -> str:
    response = _post(client, NEW, survey_form(**changes))
    assert response.status_code == 302, page_text(response.get_data(as_text=True))[:3000]
    return found_in(r"/kegiatan/([^/]+)/ubah", response.headers["Location"])


def _ask_for_recommendation(client: FlaskClient, *slugs: str) -> None:
    """The signed-in editor asks BPS to review each activity, from its edit page."""
    for slug in slugs:
        edit = f"/dasbor/dinas-kesehatan/kegiatan/{slug}/ubah"
        _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/minta-rekomendasi", {}, edit)


def test_editor_registers_a_survey_and_sees_it_on_the_dashboard(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    form = editor_opens_new_form(client, NEW)
    assert 'name="desain_sampel.ukuran_sampel"' in form  # laid out from BLOCKS
    assert "Blok V. Desain sampel" in form
    slug = register(client)
    with ctx.db.session() as session:
        activity = session.query(Activity).filter_by(slug=slug).one()
        assert activity.profile["desain_sampel"]["ukuran_sampel"] == 1200
        assert activity.profile["desain_sampel"]["metode_sampel"] == ["stratified", "pps"]
        assert activity.variables[0]["name"] == "Status imunisasi"
        assert activity.state == "published"
    dashboard = page_text(client.get("/dasbor/dinas-kesehatan").get_data(as_text=True))
    assert "Survei Kesehatan Ibu dan Anak" in dashboard
    public = page_text(client.get(f"/kegiatan/{slug}").get_data(as_text=True))
    assert "Blok V. Desain sampel (khusus survei)" in public
    assert "Stratified sampling, Probability proportional to size (PPS)" in public
    assert "Status imunisasi" in public


def test_field_errors_are_shown_next_to_the_fields_and_what_was_typed_stays(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "editor")
    # a survey without its sample size, a bad e-mail, the collection ending before it starts
    response = _post(
        client,
        NEW,
        survey_form(
            **{
                "desain_sampel.ukuran_sampel": "",
                "penanggung_jawab.email": "bukan surel",
                "perencanaan.jadwal_pengumpulan_selesai": "2026-02-01",
                "title": "Survei Gizi Balita",
            }
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="err-desain_sampel-ukuran_sampel"' in html
    assert 'id="err-penanggung_jawab-email"' in html
    assert 'id="err-perencanaan-jadwal_pengumpulan_selesai"' in html
    assert re.search(r'id="desain_sampel-ukuran_sampel"[^>]*aria-invalid="true"', html)
    assert 'value="Survei Gizi Balita"' in html
    assert "Periksa isian yang ditandai." in html or "Check the marked fields." in html
    # not a survey: the sample design is not required
    slug = register(
        client,
        method="kompilasi_produk_administrasi",
        title="Kompilasi Data Puskesmas",
        **{k: "" for k in survey_form() if k.startswith("desain_sampel.")},
    )
    assert slug.startswith("kompilasi-data-puskesmas")


def test_forms_without_the_csrf_token_are_refused(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    sign_in(client, "editor")
    assert client.post(NEW, data=survey_form()).status_code == 400
    with ctx.db.session() as session:
        activity = factories.make_activity(session, "dinas-kesehatan")
        slug = activity.slug
    base = f"/dasbor/dinas-kesehatan/kegiatan/{slug}"
    for path in (f"{base}/ubah", f"{base}/dataset", f"{base}/minta-rekomendasi", f"{base}/hapus"):
        assert client.post(path, data={"note": "x"}).status_code == 400, path
    with ctx.db.session() as session:
        assert session.query(Activity).count() == 1
        assert session.query(Activity).one().recommendation is None


def test_an_editor_of_another_agency_cannot_open_or_change_the_activity(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.db.session() as session:
        slug = factories.make_activity(session, "dinas-kesehatan").slug
    sign_in(client, "editor2")  # dinas-pendidikan
    assert client.get(f"/dasbor/dinas-kesehatan/kegiatan/{slug}/ubah").status_code == 403
    assert client.get("/dasbor/dinas-kesehatan/kegiatan/baru").status_code == 403
    # through the URL of their own agency: not theirs, 404
    assert client.get(f"/dasbor/dinas-pendidikan/kegiatan/{slug}/ubah").status_code == 404
    token = csrf_from(client, "/dasbor/dinas-pendidikan")
    response = client.post(
        f"/dasbor/dinas-pendidikan/kegiatan/{slug}/minta-rekomendasi",
        data={"csrf_token": token},
    )
    assert response.status_code == 404
    with ctx.db.session() as session:
        assert session.query(Activity).one().recommendation is None


def test_link_request_recommend_and_the_datasets_inherit(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    sign_in(client, "editor")
    slugs = [new_dataset(client, world, title=f"Cakupan Imunisasi {n}")["slug"] for n in range(3)]
    other = new_dataset(client, world, title="Jumlah Dokter")["slug"]
    slug = register(client)
    edit = f"/dasbor/dinas-kesehatan/kegiatan/{slug}/ubah"
    with ctx.db.session() as session:
        ids = [session.query(Dataset).filter_by(slug=s).one().id for s in slugs]
    response = _post(
        client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/dataset", {"dataset": ids}, edit
    )
    assert response.status_code == 302
    with ctx.db.session() as session:
        activity = session.query(Activity).filter_by(slug=slug).one()
        linked = {d.slug for d in session.query(Dataset).filter_by(activity_id=activity.id)}
        assert linked == set(slugs)
    # unticking one unlinks it
    _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/dataset", {"dataset": ids[:2]}, edit)
    with ctx.db.session() as session:
        assert session.query(Dataset).filter_by(slug=slugs[2]).one().activity_id is None
    _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/dataset", {"dataset": ids}, edit)
    response = _post(
        client,
        f"/dasbor/dinas-kesehatan/kegiatan/{slug}/minta-rekomendasi",
        {"note": "Mohon rekomendasi untuk survei ini."},
        edit,
    )
    assert response.status_code == 302
    assert "Diajukan" in page_text(client.get(edit).get_data(as_text=True))
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})

    sign_in(client, "reviewer")
    queue = client.get("/tinjauan/?jenis=kegiatan").get_data(as_text=True)
    assert f"/tinjauan/kegiatan/{slug}" in queue
    both = client.get("/tinjauan/").get_data(as_text=True)
    assert f"/tinjauan/kegiatan/{slug}" in both
    datasets_only = client.get("/tinjauan/?jenis=dataset").get_data(as_text=True)
    assert f"/tinjauan/kegiatan/{slug}" not in datasets_only
    review = f"/tinjauan/kegiatan/{slug}"
    page = client.get(review).get_data(as_text=True)
    assert "Mohon rekomendasi untuk survei ini." in page
    version = form_version(page)
    assert _post(client, f"{review}/take", {"version": version}, review).status_code == 302
    # a decision without its number: the message next to the field, nothing saved
    response = _post(client, f"{review}/recommend", {"valid_until": "2030-12-31"}, review)
    assert response.status_code == 422
    assert 'id="err-number"' in response.get_data(as_text=True)
    response = _post(
        client,
        f"{review}/recommend",
        {"number": "B-106/3603/2026", "valid_until": "2030-12-31", "note": "Layak."},
        review,
    )
    assert response.status_code == 302
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})

    for s in slugs:  # a visitor
        html = client.get(f"/dataset/{s}").get_data(as_text=True)
        text = page_text(html)
        assert "Direkomendasikan BPS · No. B-106/3603/2026" in text
        assert f'href="/kegiatan/{slug}"' in html
        assert "melalui kegiatan Survei Kesehatan Ibu dan Anak" in text
    assert "B-106/3603/2026" not in page_text(
        client.get(f"/dataset/{other}").get_data(as_text=True)
    )
    search = client.get("/dataset?q=imunisasi").get_data(as_text=True)
    assert search.count(f'href="/kegiatan/{slug}"') == 3
    listing = client.get("/kegiatan?status=recommended").get_data(as_text=True)
    assert f'href="/kegiatan/{slug}"' in listing
    assert f'href="/kegiatan/{slug}"' not in client.get("/kegiatan?status=none").get_data(
        as_text=True
    )
    public = page_text(client.get(f"/kegiatan/{slug}").get_data(as_text=True))
    assert "B-106/3603/2026" in public and "31 Desember 2030" in public
    for n in range(3):
        assert f"Cakupan Imunisasi {n}" in public


def test_public_list_filters_and_search(client: FlaskClient, ctx: Catalog, world: World) -> None:
    with ctx.db.session() as session:
        factories.make_activity(
            session, "dinas-kesehatan", title="Survei Gizi", year=2026, method="survei"
        )
        factories.make_activity(
            session, "dinas-pendidikan", title="Kompilasi Data Sekolah", year=2025
        )
        factories.make_activity(session, "dinas-pendidikan", title="Rencana Draf", state="draft")
    html = client.get("/kegiatan").get_data(as_text=True)
    text = page_text(html)
    assert "Survei Gizi" in text and "Kompilasi Data Sekolah" in text
    assert "Rencana Draf" not in text  # drafts only for the agency and BPS
    assert 'href="/kegiatan"' in client.get("/").get_data(as_text=True)  # in the navigation
    text = page_text(client.get("/kegiatan?method=survei").get_data(as_text=True))
    assert "Survei Gizi" in text and "Kompilasi Data Sekolah" not in text
    text = page_text(client.get("/kegiatan?year=2025").get_data(as_text=True))
    assert "Survei Gizi" not in text and "Kompilasi Data Sekolah" in text
    text = page_text(client.get("/kegiatan?organization=dinas-kesehatan").get_data(as_text=True))
    assert "Survei Gizi" in text and "Kompilasi Data Sekolah" not in text
    text = page_text(client.get("/kegiatan?q=sekolah").get_data(as_text=True))
    assert "Survei Gizi" not in text and "Kompilasi Data Sekolah" in text
    assert client.get("/kegiatan/tidak-ada").status_code == 404


def test_a_changed_sample_design_is_shown_to_the_reviewer_field_by_field(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "editor")
    slug = register(client)
    edit = f"/dasbor/dinas-kesehatan/kegiatan/{slug}/ubah"
    _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/minta-rekomendasi", {}, edit)
    switch_user(client, "reviewer")
    review = f"/tinjauan/kegiatan/{slug}"
    _post(
        client,
        f"{review}/take",
        {"version": form_version(client.get(review).get_data(as_text=True))},
        review,
    )
    decision = {"number": "B-9/3603/2026", "valid_until": "2030-01-01", "note": "Layak."}
    assert _post(client, f"{review}/recommend", decision, review).status_code == 302
    switch_user(client, "editor")
    version = form_version(client.get(edit).get_data(as_text=True))
    changed = survey_form(**{"desain_sampel.ukuran_sampel": "1500", "version": version})
    assert _post(client, edit, changed).status_code == 302
    # a stale version: refused, what was typed kept, nothing saved
    stale = survey_form(**{"desain_sampel.ukuran_sampel": "9999", "version": version})
    response = _post(client, edit, stale)
    assert response.status_code == 409
    assert 'value="9999"' in response.get_data(as_text=True)
    switch_user(client, "reviewer")
    again = client.get("/tinjauan/?view=again&jenis=kegiatan").get_data(as_text=True)
    assert f'href="{review}"' in again
    html = client.get(review).get_data(as_text=True)
    text = page_text(html)
    assert "Blok V. Desain sampel (khusus survei) · Ukuran sampel 1200 1500" in text
    assert f'action="{review}/confirm"' in html


def test_a_reviewer_of_the_agency_sees_the_conflict_and_is_refused(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.db.session() as session:
        factories.make_user(session, "insider", roles=("bps_reviewer",), orgs=("dinas-kesehatan",))
        slug = factories.make_activity(session, "dinas-kesehatan").slug
    sign_in(client, "editor")
    edit = f"/dasbor/dinas-kesehatan/kegiatan/{slug}/ubah"
    _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/minta-rekomendasi", {}, edit)
    switch_user(client, "insider")
    review = f"/tinjauan/kegiatan/{slug}"
    html = client.get(review).get_data(as_text=True)
    assert "Konflik kepentingan" in html
    assert f'action="{review}/take"' not in html  # no button for what is refused
    response = _post(client, f"{review}/take", {}, review)
    assert response.status_code == 403
    assert "Konflik kepentingan" in response.get_data(as_text=True)
    with ctx.db.session() as session:
        assert session.query(Activity).one().recommendation.status == "requested"


def test_the_activity_pages_speak_english_on_request(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.db.session() as session:
        slug = factories.make_activity(session, "dinas-kesehatan", title="Survei Gizi").slug
    text = page_text(client.get("/kegiatan?lang=en").get_data(as_text=True))
    assert "Statistical activities" in text and "1 activity found" in text
    text = page_text(client.get(f"/kegiatan/{slug}?lang=id").get_data(as_text=True))
    assert "Dataset yang dihasilkan kegiatan ini" in text


def test_visitors_see_the_pending_steps_as_one_status(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    asked, taken, _ = published_activities(
        ctx, world.org, "Survei Diminta", "Survei Ditinjau", "Kompilasi Tanpa Rekomendasi"
    )
    sign_in(client, "editor")
    _ask_for_recommendation(client, asked, taken)
    switch_user(client, "reviewer")
    review = f"/tinjauan/kegiatan/{taken}"
    _post(client, f"{review}/take", {}, review)
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})
    html = client.get("/kegiatan").get_data(as_text=True)
    assert 'href="/kegiatan?status=dalam_proses"' in html
    assert html.count("Dalam proses rekomendasi") >= 2  # the facet once, the two badges
    text = page_text(client.get("/kegiatan?status=dalam_proses").get_data(as_text=True))
    assert "2 kegiatan ditemukan" in text
    assert "Survei Diminta" in text and "Survei Ditinjau" in text
    assert "Kompilasi Tanpa Rekomendasi" not in text


def test_an_activity_never_submitted_can_be_deleted_and_its_datasets_stay(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    sign_in(client, "editor")
    kept = new_dataset(client, world, title="Jumlah Bidan")["slug"]
    with ctx.db.session() as session:
        dataset = session.query(Dataset).filter_by(slug=kept).one()
        slug = factories.make_activity(session, "dinas-kesehatan", datasets=[dataset]).slug
        asked = factories.make_activity(session, "dinas-kesehatan").slug
    edit = f"/dasbor/dinas-kesehatan/kegiatan/{slug}/ubah"
    # without the box ticked: nothing happens
    _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/hapus", {}, edit)
    with ctx.db.session() as session:
        assert session.query(Activity).filter_by(slug=slug).count() == 1
    response = _post(
        client, f"/dasbor/dinas-kesehatan/kegiatan/{slug}/hapus", {"confirm": "on"}, edit
    )
    assert response.status_code == 302
    with ctx.db.session() as session:
        assert session.query(Activity).filter_by(slug=slug).count() == 0
        assert session.query(Dataset).filter_by(slug=kept).one().activity_id is None
    # one with a recommendation trail: refused with the service's reason
    asked_edit = f"/dasbor/dinas-kesehatan/kegiatan/{asked}/ubah"
    _post(client, f"/dasbor/dinas-kesehatan/kegiatan/{asked}/minta-rekomendasi", {}, asked_edit)
    assert f"/kegiatan/{asked}/hapus" not in client.get(asked_edit).get_data(as_text=True)
    response = _post(
        client, f"/dasbor/dinas-kesehatan/kegiatan/{asked}/hapus", {"confirm": "on"}, asked_edit
    )
    assert "riwayat rekomendasi" in page_text(client.get(asked_edit).get_data(as_text=True))
    with ctx.db.session() as session:
        assert session.query(Activity).filter_by(slug=asked).count() == 1


def test_a_number_already_used_is_a_warning_to_confirm(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    first, second = published_activities(ctx, world.org, "Survei Pertama", "Survei Kedua")
    sign_in(client, "editor")
    _ask_for_recommendation(client, first, second)
    switch_user(client, "reviewer")
    decision = {"number": "B-5/3603/2026", "valid_until": "2030-01-01"}
    for slug in (first, second):
        review = f"/tinjauan/kegiatan/{slug}"
        _post(client, f"{review}/take", {}, review)
    review = f"/tinjauan/kegiatan/{first}"
    assert _post(client, f"{review}/recommend", decision, review).status_code == 302
    review = f"/tinjauan/kegiatan/{second}"
    response = _post(
        client, f"{review}/recommend", {**decision, "number": " b-5/3603/2026 "}, review
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="warn-number"' in html and f'href="/kegiatan/{first}"' in html
    with ctx.db.session() as session:
        assert (
            session.query(Activity).filter_by(slug=second).one().recommendation.status
            == "in_review"
        )
    confirmed = {**decision, "confirm_number": decision["number"]}
    assert _post(client, f"{review}/recommend", confirmed, review).status_code == 302
    with ctx.db.session() as session:
        rec = session.query(Activity).filter_by(slug=second).one().recommendation
        assert (rec.status, rec.number) == ("recommended", "B-5/3603/2026")
