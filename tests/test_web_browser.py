"""The web interface in a real browser: headless Debian Chromium against a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from catalog.context import Catalog
from tests import factories
from tests.browser import (
    CSP_VIOLATIONS,
    LiveServer,
    new_page,
    screenshot,
    serve,
    sign_in_as,
)
from tests.conftest import app_with_agencies, build_app

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _no_csp_violations() -> Iterator[None]:
    """Every page of every test here runs under the Content-Security-Policy without Chromium
    refusing anything (no inline script or style, nothing from another origin)."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == []


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    app, ctx = app_with_agencies(
        sqlite_url, tmp_path, {"dinas-sosial": "Dinas Sosial", "bappeda": "Bappeda"}
    )
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=("dinas-sosial",))
        factories.make_user(session, "reviewer", roles=("bps_reviewer",))
        factories.make_dataset(
            session,
            "dinas-sosial",
            title="Jumlah Penduduk Miskin Menurut Kecamatan",
            description="Data **kemiskinan** hasil pendataan DTKS per kecamatan.",
            tags=["kemiskinan", "dtks"],
            topics=["perlindungan-sosial"],
        )
        factories.make_dataset(
            session,
            "bappeda",
            title="Indikator Kemiskinan Kabupaten Tangerang",
            description="Garis kemiskinan, indeks kedalaman dan keparahan kemiskinan.",
            tags=["kemiskinan"],
            topics=["konsumsi-pendapatan"],
        )
        factories.make_dataset(
            session,
            "dinas-sosial",
            title="Penerima Bantuan Sosial",
            description="Harvested text " + factories.HOSTILE_MARKUP,
        )
    with serve(app) as server:
        yield server
    ctx.db.dispose()


@pytest.fixture
def source_portal(tmp_path: Path) -> Iterator[LiveServer]:
    """Another instance of this catalog: a `ckan` source with a few datasets of Dinas Sosial."""
    app = build_app(f"sqlite:///{tmp_path / 'source.db'}", tmp_path / "source")
    ctx: Catalog = app.extensions["catalog"]
    from catalog import migrate

    migrate.upgrade(ctx.db.engine)
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-sosial", title="Dinas Sosial")
        for n in range(12):
            factories.make_dataset(
                session,
                "dinas-sosial",
                title=f"Penerima Program Keluarga Harapan Kecamatan {n + 1}",
                tags=["pkh", "kemiskinan"],
            )
    with serve(app) as server:
        yield server
    ctx.db.dispose()


@pytest.fixture
def live_with_worker(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The catalog with its embedded harvest worker running, as `catalog serve` runs it."""
    app, ctx = app_with_agencies(
        sqlite_url,
        tmp_path,
        {"dinas-sosial": "Dinas Sosial"},
        run_worker=True,
        harvest_allow_private=True,
    )
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=("dinas-sosial",))
    workers = [start() for start in app.extensions.get("catalog.background", [])]
    with serve(app) as server:
        yield server
    for worker in workers:
        if worker is not None:
            worker.stop()
    ctx.db.dispose()


def test_editor_adds_a_ckan_source_and_watches_the_harvest(
    browser: Browser, live_with_worker: LiveServer, source_portal: LiveServer
) -> None:
    page = new_page(browser, live_with_worker.url)
    sign_in_as(page, "editor")
    page.get_by_role("link", name="Dasbor").click()
    expect(page.locator("h1")).to_have_text("Dasbor: Dinas Sosial")
    page.get_by_role("link", name="Tambah sumber data").click()
    page.get_by_label("Judul").fill("Portal Data Dinas Sosial")
    page.get_by_label("Tipe").select_option("ckan")
    page.get_by_label("Alamat (URL)").fill(source_portal.url)
    screenshot(page, "source-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".flash-ok")).to_have_text("Sumber data disimpan.")
    page.get_by_role("button", name="Jalankan sekarang: Portal Data Dinas Sosial").click()
    expect(page.locator("h1")).to_have_text("Pengambilan data: Portal Data Dinas Sosial")
    # the page polls the job's JSON: the bar fills and the status turns to succeeded
    expect(page.locator("[data-field=status]")).to_have_text("Berhasil", timeout=60_000)
    # a finished harvest offers no cancel (the page hides it when the polling sees the end)
    expect(page.locator("#cancel-job")).to_be_hidden()
    bar = page.locator("progress#progress")
    assert bar.evaluate("b => b.value") == bar.evaluate("b => b.max") > 0
    expect(page.locator("[data-field=created]")).to_have_text("12")
    screenshot(page, "job")
    page.get_by_role("link", name="Dasbor: Dinas Sosial").click()
    expect(page.locator("#h-datasets + .scroll tbody tr")).to_have_count(12)
    screenshot(page, "dashboard")


def test_reviewer_takes_a_request_and_recommends_it(browser: Browser, live: LiveServer) -> None:
    editor = new_page(browser, live.url)
    sign_in_as(editor, "editor")
    editor.goto("/dasbor/dinas-sosial")
    editor.get_by_role(
        "button", name="Minta rekomendasi BPS untuk Jumlah Penduduk Miskin Menurut Kecamatan"
    ).click()
    expect(editor.locator(".flash-ok")).to_contain_text("Rekomendasi diminta")

    page = new_page(browser, live.url)
    sign_in_as(page, "reviewer")
    page.get_by_role("link", name="Antrean tinjauan").click()
    row = page.locator("tr").filter(has_text="Jumlah Penduduk Miskin Menurut Kecamatan")
    expect(row).to_contain_text("Diajukan")
    screenshot(page, "review-queue")
    row.get_by_role("button", name="Ambil").click()
    expect(page.locator(".rec .badge")).to_have_text("Sedang ditinjau")
    page.get_by_label("Nomor rekomendasi").fill("B-77/BPS/3603/2026")
    page.get_by_label("Berlaku sampai").fill("2030-12-31")
    page.get_by_label("Catatan").first.fill("Metadata sudah lengkap.")
    screenshot(page, "review-decision")
    page.get_by_role("form", name="Rekomendasikan", exact=True).get_by_role(
        "button", name="Simpan keputusan"
    ).click()
    expect(page.locator(".flash-ok")).to_have_text("Keputusan disimpan.")
    expect(page.locator(".rec .badge")).to_contain_text("Direkomendasikan")
    page.get_by_role("link", name="Halaman publik").click()

    visitor = new_page(browser, live.url)
    visitor.goto("/dataset?q=kemiskinan&recommendation=recommended")
    expect(visitor.locator("#result-count")).to_have_text("1 dataset ditemukan")
    visitor.get_by_role("link", name="Jumlah Penduduk Miskin Menurut Kecamatan").click()
    expect(visitor.locator(".rec .badge")).to_have_text(
        "Direkomendasikan BPS · No. B-77/BPS/3603/2026 · berlaku s.d. 31 Desember 2030"
    )
    screenshot(visitor, "dataset-recommended")
    page.goto("/tinjauan/laporan")
    expect(page.locator(".chart")).to_be_visible()
    screenshot(page, "reports")


def test_other_agency_dashboard_is_refused(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    sign_in_as(page, "editor")
    response = page.goto("/dasbor/bappeda")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_contain_text("Akses ditolak")


def test_visitor_searches_narrows_and_opens_a_dataset(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Temukan statistik sektoral Kabupaten Tangerang")
    screenshot(page, "home")
    page.get_by_label("Cari dataset").fill("kemiskinan")
    page.get_by_label("Cari dataset").press("Enter")
    expect(page.locator("#result-count")).to_have_text("2 dataset ditemukan")
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "search")
    page.locator(".facet").filter(has_text="Produsen data").get_by_role(
        "link", name="Dinas Sosial"
    ).click()
    expect(page.locator("#result-count")).to_have_text("1 dataset ditemukan")
    expect(page.locator(".chip")).to_contain_text("Dinas Sosial")
    page.get_by_role("link", name="Jumlah Penduduk Miskin Menurut Kecamatan").click()
    expect(page.locator("h1")).to_have_text("Jumlah Penduduk Miskin Menurut Kecamatan")
    expect(page.locator(".rec .badge")).to_have_text("Belum ada rekomendasi")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    screenshot(page, "dataset")


def test_harvested_script_is_not_executed(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    page.goto("/dataset/penerima-bantuan-sosial")
    expect(page.locator("h1")).to_have_text("Penerima Bantuan Sosial")
    page.wait_for_timeout(300)
    assert page.title().startswith("Penerima Bantuan Sosial")
    assert page.evaluate("window.pwned") is None
    assert page.locator(".description script").count() == 0


def test_keyboard_reaches_the_search_box_and_facets(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    page.goto("/dataset")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    focused = [page.evaluate("document.activeElement.textContent.trim()")]
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert any(text.startswith("Dinas Sosial") for text in focused)


def test_english_switch(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    page.goto("/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Find sectoral statistics of Tangerang Regency")
    page.get_by_role("link", name="Agencies", exact=True).click()
    expect(page.locator("h1")).to_have_text("Agencies")
    screenshot(page, "agencies-en")


def test_sign_in_page_and_wrong_password(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    page.goto("/masuk")
    screenshot(page, "login")
    page.get_by_label("Nama pengguna").fill("editor")
    page.get_by_label("Kata sandi").fill("bukan-kata-sandinya")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_have_text("Nama pengguna atau kata sandi salah.")
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Keluar (editor)")).to_be_visible()


def test_suggestions_appear_as_you_type(browser: Browser, live: LiveServer) -> None:
    page = new_page(browser, live.url)
    page.goto("/")
    box = page.get_by_label("Cari dataset")
    box.press_sequentially("indikator kemis", delay=30)
    option = page.get_by_role("option", name="Indikator Kemiskinan Kabupaten Tangerang")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("Indikator Kemiskinan Kabupaten Tangerang")


def test_form_without_csrf_token_is_refused_in_the_browser(
    browser: Browser, live: LiveServer
) -> None:
    page = new_page(browser, live.url)
    page.goto("/masuk")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.get_by_label("Nama pengguna").fill("editor")
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/masuk")) as answer:
        page.get_by_role("button", name="Masuk").click()
    assert answer.value.status == 400
    expect(page.locator("main")).to_contain_text("Formulir sudah kedaluwarsa")
    page.goto("/")
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()


def test_api_docs_work_under_the_content_security_policy(
    browser: Browser, live: LiveServer
) -> None:
    page = new_page(browser, live.url)
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Katalog Statistik Sektoral API")
    operation = page.locator(".opblock-get").filter(has_text="/api/v1/datasets/{id_or_slug}")
    operation.first.locator(".opblock-summary").click()
    expect(operation.first.get_by_role("button", name="Try it out")).to_be_visible()
    screenshot(page, "api-docs")


def test_inline_script_is_refused_by_the_policy(browser: Browser, live: LiveServer) -> None:
    """The policy is enforced (and seen): an inline script added to a page does not run."""
    page = new_page(browser, live.url)
    page.goto("/dataset")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                const s = document.createElement("script");
                s.textContent = "window.inlineRan = true";
                document.body.appendChild(s);
            }"""
        )
    assert page.evaluate("window.inlineRan") is None
    assert any("inline script" in v for v in CSP_VIOLATIONS), CSP_VIOLATIONS
    CSP_VIOLATIONS.clear()
    # the site's own script still works: suggestions come from site.js
    page.get_by_label("Cari dataset").press_sequentially("kemis", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
