"""The web interface in a real browser: headless Debian Chromium against a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from catalog.app import Catalog
from tests import factories
from tests.browser import CHROMIUM, CHROMIUM_ARGS, LiveServer, new_page, screenshot, serve
from tests.conftest import build_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    app = build_app(sqlite_url, tmp_path)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.db.session() as session:
        factories.make_org(session, "dinas-sosial", title="Dinas Sosial")
        factories.make_org(session, "bappeda", title="Bappeda")
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
            description="Harvested text <script>document.title='PWNED';window.pwned=1</script>"
            '<img src=x onerror="window.pwned=2">',
        )
    with serve(app) as server:
        yield server
    ctx.db.dispose()


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
