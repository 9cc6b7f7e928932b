"""The editor's region picker in a real browser (issue 15): headless Debian Chromium, a server
on 127.0.0.1, at desktop and phone width. Typing part of a kecamatan's name offers it from the
regency's reference data; choosing it saves its kode wilayah."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset
from tests import factories
from tests.browser import CSP_VIOLATIONS, WIDTHS, new_page, screenshot, serve
from tests.conftest import build_app
from tests.test_web_browser_editor import sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", list(WIDTHS))
def test_typing_bala_offers_balaraja_and_saves_its_code(
    browser: Browser, sqlite_url: str, tmp_path: Path, width: str
) -> None:
    CSP_VIOLATIONS.clear()
    app = build_app(sqlite_url, tmp_path)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
    with serve(app) as live:
        page = new_page(browser, live.url, WIDTHS[width])
        sign_in_as(page, "editor")
        page.goto("/dasbor/dinas-kesehatan/dataset/baru")
        page.locator("#title").fill("Jumlah Kader Posyandu")
        # the script replaces the long multiple select by a search box and a list
        expect(page.locator("#spatial")).to_be_hidden()
        search = page.get_by_label("Cari kecamatan atau desa/kelurahan")
        search.fill("bala")
        choice = page.locator("#spatial-results").get_by_role(
            "button", name="Kecamatan Balaraja (36.03.01)", exact=True
        )
        expect(choice).to_be_visible()
        # only the regency's places whose words hold "bala"
        for text in page.locator("#spatial-results button").all_inner_texts():
            assert "bala" in text.lower(), text
        if width == "desktop":
            screenshot(page, "editor-region-picker")
        choice.click()
        chosen = page.locator(".region-chosen")
        expect(chosen).to_contain_text("Kecamatan Balaraja (36.03.01)")
        expect(search).to_have_value("")
        expect(search).to_be_focused()
        # the keyboard: type, Enter takes the first match
        search.fill("sentul jaya")
        search.press("Enter")
        expect(chosen).to_contain_text("Desa Sentul Jaya, Kecamatan Balaraja")
        chosen.get_by_role("button", name="Hapus: Desa Sentul Jaya, Kecamatan Balaraja").click()
        expect(chosen).not_to_contain_text("Sentul Jaya")
        search.fill("zzzz")
        expect(page.locator(".region-picker [role=status]")).to_have_text(
            "Tidak ada kecamatan atau desa/kelurahan di kabupaten ini yang cocok."
        )
        page.get_by_role("button", name="Simpan sebagai draf").click()
        expect(page.locator(".flash-ok")).to_have_text("Draf disimpan.")
        # after saving, the choice is shown again from the stored value
        expect(page.locator(".region-chosen")).to_contain_text("Kecamatan Balaraja (36.03.01)")
    with ctx.unit_of_work() as session:
        saved = session.scalar(select(Dataset).where(Dataset.title == "Jumlah Kader Posyandu"))
        assert saved is not None
        assert saved.region_codes == ["36.03.01"]
        assert saved.spatial_level == "kecamatan"
    assert CSP_VIOLATIONS == []
