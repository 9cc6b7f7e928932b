"""Metadata quality in a real browser (issue 16): headless Debian Chromium against a server on
127.0.0.1. An editor sees a missing item in the editor, follows its link to the input, fixes
it, saves, and the score rises; the walidata's ranking and trend chart render at desktop
(1280 px) and phone (390 px) width without the page scrolling sideways."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from catalog.services import quality
from tests import factories
from tests.browser import CSP_VIOLATIONS, WIDTHS, new_app, new_page, screenshot, serve, sign_in_as

pytestmark = pytest.mark.browser


def test_editor_sees_a_missing_item_fixes_it_and_the_score_rises(
    browser: Browser, sqlite_url: str, tmp_path: Path
) -> None:
    app, ctx = new_app(sqlite_url, tmp_path)
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        ds = factories.make_dataset(session, "dinas-kesehatan", tags=[])
        slug = ds.slug
    with serve(app) as live:
        page = new_page(browser, live.url, WIDTHS["desktop"])
        sign_in_as(page, "editor")
        page.goto(f"/dasbor/dinas-kesehatan/dataset/{slug}/ubah")
        score = page.locator("#quality .quality-score")
        before = int(score.get_attribute("data-score") or "0")
        item = page.locator("#quality").get_by_role("link", name="Tambahkan kata kunci")
        expect(item).to_be_visible()
        screenshot(page, "quality-editor-missing")
        item.click()
        expect(page).to_have_url(f"{live.url}/dasbor/dinas-kesehatan/dataset/{slug}/ubah#tags")
        page.locator("#tags").fill("penduduk, jenis kelamin")
        page.get_by_role("button", name="Terbitkan").click()
        expect(page.locator(".flash-ok")).to_have_text("Dataset diterbitkan.")
        expect(
            page.locator("#quality").get_by_role("link", name="Tambahkan kata kunci")
        ).to_have_count(0)
        after = int(page.locator("#quality .quality-score").get_attribute("data-score") or "0")
        assert after == before + 30  # the keywords rule's points
        screenshot(page, "quality-editor-fixed")
    assert CSP_VIOLATIONS == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_walidata_ranking_and_trend_render(
    browser: Browser, sqlite_url: str, tmp_path: Path, width: str
) -> None:
    app, ctx = new_app(sqlite_url, tmp_path)
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan dan Kebudayaan")
        factories.make_user(session, "admin", roles=("admin",))
        factories.make_dataset(session, "dinas-kesehatan")
        factories.make_dataset(session, "dinas-pendidikan", tags=[], topics=[])
    for day in (1, 2, 3):
        with ctx.unit_of_work() as session:
            quality.take_snapshot(session, date(2026, 11, day))
    with serve(app) as live:
        page = new_page(browser, live.url, WIDTHS[width])
        sign_in_as(page, "admin")
        page.goto("/admin/kualitas")
        expect(page.locator("h1")).to_have_text("Kualitas metadata perangkat daerah")
        rows = page.locator("#ranking tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("Dinas Kesehatan")
        chart = page.locator("figure.chart.trend svg.trend-plot")
        expect(chart).to_be_visible()
        assert chart.locator("polyline").count() == 1
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
        # the page itself never scrolls sideways (the table scrolls inside its box)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
        if width == "desktop":
            screenshot(page, "quality-ranking")
        page.get_by_role("link", name="Unduh CSV").is_visible()
    assert CSP_VIOLATIONS == []
