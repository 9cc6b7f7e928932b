"""Statistical activities in a real browser (issue 20): headless Debian Chromium against a
server on 127.0.0.1, at desktop (1280 px) and phone (390 px) width. An editor registers a
survey with its sample design, links three datasets and asks for a recommendation; a BPS
reviewer who is not a member of the agency takes and recommends it; the three datasets'
pages show the badge with the activity's number and link to the activity's page; the public
list shows the activity under the recommended facet. The pages pass axe-core and fit the
width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.browser import AXE, CSP_VIOLATIONS, axe_problems, new_page, serve, sign_in_as, start_walk
from tests.conftest import app_with_agencies

pytestmark = pytest.mark.browser

TITLES = ("Cakupan Imunisasi Dasar", "Status Gizi Balita", "Kunjungan Posyandu")
NUMBER = "B-106/3603/HK.310/2026"


def axe_and_width(page: Page, width: int) -> list[str]:
    """axe-core's serious and critical violations, and a page wider than the screen."""
    problems = [f"{page.url}: {line}" for line in axe_problems(page)]
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{page.url}: {wide} px wide at {width} px")
    return problems


# The MS-Keg form of a survey, in the order a person fills it in: identity, blocks I-VIII with
# the sample design, a variable. (field id, how, value): "fill" types the value, "select"
# chooses it, "check" ticks the choice it labels inside the field.
SURVEY_FORM = (
    ("title", "fill", "Survei Kesehatan Ibu dan Anak"),
    ("year", "fill", "2026"),
    ("method", "select", "survei"),
    ("sector", "fill", "Kesehatan"),
    ("kind", "select", "berulang"),
    ("frequency", "select", "tahunan"),
    ("penyelenggara-nama_instansi", "fill", "Dinas Kesehatan Kabupaten Tangerang"),
    ("penyelenggara-unit_kerja", "fill", "Bidang Kesehatan Masyarakat"),
    ("penyelenggara-alamat", "fill", "Jl. Raya Tigaraksa No. 1"),
    ("penanggung_jawab-nama", "fill", "dr. Sari Wulandari"),
    ("penanggung_jawab-jabatan", "fill", "Kepala Bidang"),
    ("penanggung_jawab-email", "fill", "sari@dinkes.example.go.id"),
    ("perencanaan-latar_belakang", "fill", "Cakupan imunisasi per kecamatan."),
    ("perencanaan-tujuan", "fill", "Mengukur cakupan imunisasi dasar lengkap."),
    ("perencanaan-jadwal_pengumpulan_mulai", "fill", "2026-03-01"),
    ("perencanaan-jadwal_pengumpulan_selesai", "fill", "2026-04-30"),
    ("desain_kegiatan-tipe_pengumpulan", "select", "cross_section"),
    ("desain_kegiatan-cakupan_wilayah", "select", "seluruh_wilayah"),
    ("desain_kegiatan-metode_pengumpulan", "check", "Wawancara"),
    ("desain_kegiatan-sarana_pengumpulan", "check", "CAPI"),
    ("desain_kegiatan-unit_pengumpulan", "fill", "Rumah tangga"),
    ("desain_sampel-jenis_rancangan", "select", "multi_stage"),
    ("desain_sampel-metode_pemilihan", "select", "probability"),
    ("desain_sampel-metode_sampel", "check", "Stratified sampling"),
    ("desain_sampel-kerangka_sampel", "select", "area_frame"),
    ("desain_sampel-unit_sampel", "fill", "Blok sensus"),
    ("desain_sampel-unit_observasi", "fill", "Balita"),
    ("desain_sampel-level_estimasi", "select", "kecamatan"),
    ("pengolahan-tahapan", "check", "Validasi (penyahihan)"),
    ("pengolahan-metode_analisis", "select", "deskriptif"),
    ("pengolahan-unit_analisis", "fill", "Balita"),
    ("pengolahan-tingkat_penyajian", "select", "kecamatan"),
    ("diseminasi-produk", "check", "Tabel statistik"),
    ("variables-0-name", "fill", "Status imunisasi"),
)


def fill_survey(page: Page) -> None:
    """Fill the new-activity form with SURVEY_FORM."""
    for field, how, value in SURVEY_FORM:
        locator = page.locator(f"#{field}")
        if how == "check":
            locator.get_by_label(value).check()
        elif how == "select":
            locator.select_option(value)
        else:
            locator.fill(value)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_editor_registers_links_requests_reviewer_recommends_datasets_inherit(
    browser: Browser, sqlite_url: str, tmp_path: Path, width: str
) -> None:
    size, shot = start_walk(width)
    problems: list[str] = []

    app, ctx = app_with_agencies(
        sqlite_url,
        tmp_path,
        {"dinas-kesehatan": "Dinas Kesehatan", "bps": "BPS Kabupaten Tangerang"},
    )
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        # a reviewer who is not a member of the agency
        factories.make_user(session, "reviewer", roles=("bps_reviewer",), orgs=("bps",))
        for title in (*TITLES, "Jumlah Dokter Praktik"):
            factories.make_dataset(session, "dinas-kesehatan", title=title)
    with serve(app) as live:
        editor = new_page(browser, live.url, size)
        editor.context.add_init_script(path=str(AXE))
        sign_in_as(editor, "editor")
        editor.goto("/dasbor/dinas-kesehatan")
        editor.get_by_role("link", name="Daftarkan kegiatan").click()
        expect(editor.locator("h1")).to_have_text("Kegiatan statistik baru")
        problems += axe_and_width(editor, size["width"])
        # a survey without its sample design: the messages stand next to the fields
        fill_survey(editor)
        editor.locator("#desain_sampel-ukuran_sampel").fill("")
        editor.get_by_role("button", name="Terbitkan").click()
        expect(editor.locator("#err-desain_sampel-ukuran_sampel")).to_be_visible()
        expect(editor.locator("#desain_sampel-ukuran_sampel")).to_have_attribute(
            "aria-invalid", "true"
        )
        expect(editor.locator("#title")).to_have_value("Survei Kesehatan Ibu dan Anak")
        shot(editor, "activity-validation")
        editor.locator("#desain_sampel-ukuran_sampel").fill("1200")
        editor.get_by_role("button", name="Terbitkan").click()
        expect(editor.locator(".flash-ok")).to_have_text("Kegiatan diterbitkan.")
        problems += axe_and_width(editor, size["width"])

        datasets = editor.locator("#h-datasets").locator("xpath=..")
        for title in TITLES:
            datasets.get_by_label(title).check()
        datasets.get_by_role("button", name="Simpan dataset tertaut").click()
        expect(editor.locator(".flash-ok")).to_contain_text("Dataset kegiatan disimpan (3 berubah)")
        editor.get_by_label("Catatan untuk peninjau (tidak wajib)").fill(
            "Survei tahunan; desain sampel terlampir."
        )
        editor.get_by_role("button", name="Minta rekomendasi BPS").click()
        expect(editor.locator(".flash-ok")).to_contain_text("Rekomendasi diminta")
        shot(editor, "activity-editor")
        editor.goto("/dasbor/dinas-kesehatan")
        row = editor.locator("#activity-survei-kesehatan-ibu-dan-anak-2026")
        expect(row).to_contain_text("Diajukan")

        reviewer = new_page(browser, live.url, size)
        reviewer.context.add_init_script(path=str(AXE))
        sign_in_as(reviewer, "reviewer")
        reviewer.goto("/tinjauan/")
        reviewer.get_by_label("Jenis").select_option("kegiatan")
        reviewer.get_by_role("button", name="Terapkan").click()
        reviewer.get_by_role("link", name="Survei Kesehatan Ibu dan Anak").click()
        expect(reviewer.locator("h1")).to_have_text("Survei Kesehatan Ibu dan Anak")
        expect(reviewer.locator("main")).to_contain_text("Survei tahunan; desain sampel terlampir.")
        problems += axe_and_width(reviewer, size["width"])
        reviewer.get_by_role("button", name="Ambil").click()
        expect(reviewer.locator(".flash-ok")).to_have_text("Keputusan disimpan.")
        recommend = reviewer.get_by_role("form", name="Rekomendasikan", exact=True)
        recommend.get_by_label("Nomor rekomendasi").fill(NUMBER)
        recommend.get_by_label("Berlaku sampai").fill("2030-12-31")
        recommend.get_by_role("button", name="Simpan keputusan").click()
        expect(reviewer.locator(".rec .badge")).to_contain_text("Direkomendasikan")
        shot(reviewer, "activity-review")

        visitor = new_page(browser, live.url, size)
        visitor.context.add_init_script(path=str(AXE))
        for title in TITLES:
            visitor.goto("/dataset?q=" + title.split()[0])
            visitor.get_by_role("link", name=title, exact=True).click()
            expect(visitor.locator("h1")).to_have_text(title)
            rec = visitor.locator(".rec")
            expect(rec.locator(".badge")).to_contain_text("Direkomendasikan BPS")
            expect(rec.locator(".badge")).to_contain_text(NUMBER)
            expect(rec).to_contain_text("melalui kegiatan Survei Kesehatan Ibu dan Anak")
        shot(visitor, "dataset-inherited-badge")
        problems += axe_and_width(visitor, size["width"])
        visitor.locator(".rec").get_by_role("link", name="Survei Kesehatan Ibu dan Anak").click()
        expect(visitor.locator("h1")).to_have_text("Survei Kesehatan Ibu dan Anak")
        expect(visitor.locator("#rec")).to_contain_text(NUMBER)
        produced = visitor.locator("#h-produced").locator("xpath=..")
        for title in TITLES:
            expect(produced.get_by_role("link", name=title)).to_be_visible()
        expect(produced).not_to_contain_text("Jumlah Dokter Praktik")
        expect(visitor.locator("main")).to_contain_text("Blok V. Desain sampel")
        problems += axe_and_width(visitor, size["width"])
        shot(visitor, "activity-page")

        visitor.goto("/")
        visitor.get_by_role("navigation", name="Menu utama").get_by_role(
            "link", name="Kegiatan Statistik"
        ).click()
        expect(visitor.locator("h1")).to_have_text("Kegiatan Statistik")
        visitor.locator("[data-facet=status]").get_by_role(
            "link", name="Direkomendasikan BPS"
        ).click()
        expect(visitor.locator("#result-count")).to_have_text("1 kegiatan ditemukan")
        expect(visitor.get_by_role("link", name="Survei Kesehatan Ibu dan Anak")).to_be_visible()
        problems += axe_and_width(visitor, size["width"])
        shot(visitor, "activity-list")
    ctx.db.dispose()
    assert problems == [], "\n".join(problems)
    assert CSP_VIOLATIONS == []
