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

from catalog.context import Catalog
from tests import factories
from tests.browser import CSP_VIOLATIONS, WIDTHS, new_page, serve, sign_in_as, walk_screenshots
from tests.conftest import build_app

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "data" / "axe-core" / "axe.min.js"
TITLES = ("Cakupan Imunisasi Dasar", "Status Gizi Balita", "Kunjungan Posyandu")
NUMBER = "B-106/3603/HK.310/2026"


def axe_and_width(page: Page, width: int) -> list[str]:
    """axe-core's serious and critical violations, and a page wider than the screen."""
    found = page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .flatMap(v => v.nodes.slice(0, 4).map(n =>
                `${v.id} (${v.impact}) ${n.target.join(" ")}: ${n.failureSummary}`)))"""
    )
    problems = [f"{page.url}: {str(line).replace(chr(10), ' ')}" for line in found]
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{page.url}: {wide} px wide at {width} px")
    return problems


def fill_survey(page: Page) -> None:
    """The MS-Keg form of a survey: identity, blocks I-VIII with the sample design, a variable."""
    page.locator("#title").fill("Survei Kesehatan Ibu dan Anak")
    page.locator("#year").fill("2026")
    page.locator("#method").select_option("survei")
    page.locator("#sector").fill("Kesehatan")
    page.locator("#kind").select_option("berulang")
    page.locator("#frequency").select_option("tahunan")
    page.locator("#penyelenggara-nama_instansi").fill("Dinas Kesehatan Kabupaten Tangerang")
    page.locator("#penyelenggara-unit_kerja").fill("Bidang Kesehatan Masyarakat")
    page.locator("#penyelenggara-alamat").fill("Jl. Raya Tigaraksa No. 1")
    page.locator("#penanggung_jawab-nama").fill("dr. Sari Wulandari")
    page.locator("#penanggung_jawab-jabatan").fill("Kepala Bidang")
    page.locator("#penanggung_jawab-email").fill("sari@dinkes.example.go.id")
    page.locator("#perencanaan-latar_belakang").fill("Cakupan imunisasi per kecamatan.")
    page.locator("#perencanaan-tujuan").fill("Mengukur cakupan imunisasi dasar lengkap.")
    page.locator("#perencanaan-jadwal_pengumpulan_mulai").fill("2026-03-01")
    page.locator("#perencanaan-jadwal_pengumpulan_selesai").fill("2026-04-30")
    page.locator("#desain_kegiatan-tipe_pengumpulan").select_option("cross_section")
    page.locator("#desain_kegiatan-cakupan_wilayah").select_option("seluruh_wilayah")
    page.locator("#desain_kegiatan-metode_pengumpulan").get_by_label("Wawancara").check()
    page.locator("#desain_kegiatan-sarana_pengumpulan").get_by_label("CAPI").check()
    page.locator("#desain_kegiatan-unit_pengumpulan").fill("Rumah tangga")
    page.locator("#desain_sampel-jenis_rancangan").select_option("multi_stage")
    page.locator("#desain_sampel-metode_pemilihan").select_option("probability")
    page.locator("#desain_sampel-metode_sampel").get_by_label("Stratified sampling").check()
    page.locator("#desain_sampel-kerangka_sampel").select_option("area_frame")
    page.locator("#desain_sampel-unit_sampel").fill("Blok sensus")
    page.locator("#desain_sampel-unit_observasi").fill("Balita")
    page.locator("#desain_sampel-level_estimasi").select_option("kecamatan")
    page.locator("#pengolahan-tahapan").get_by_label("Validasi (penyahihan)").check()
    page.locator("#pengolahan-metode_analisis").select_option("deskriptif")
    page.locator("#pengolahan-unit_analisis").fill("Balita")
    page.locator("#pengolahan-tingkat_penyajian").select_option("kecamatan")
    page.locator("#diseminasi-produk").get_by_label("Tabel statistik").check()
    page.locator("#variables-0-name").fill("Status imunisasi")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_editor_registers_links_requests_reviewer_recommends_datasets_inherit(
    browser: Browser, sqlite_url: str, tmp_path: Path, width: str
) -> None:
    CSP_VIOLATIONS.clear()
    size = WIDTHS[width]
    problems: list[str] = []

    shot = walk_screenshots(width)

    app = build_app(sqlite_url, tmp_path)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_org(session, "bps", title="BPS Kabupaten Tangerang")
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
