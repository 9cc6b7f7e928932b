"""The editor's region picker in a real browser (issue 15): headless Debian Chromium, a server
on 127.0.0.1, at desktop and phone width. Typing part of a kecamatan's name offers it from the
regency's reference data; choosing it saves its kode wilayah."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from catalog.models import Dataset
from tests import factories
from tests.browser import CSP_VIOLATIONS, WIDTHS, new_app, new_page, screenshot, serve
from tests.test_web_browser_editor import sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", list(WIDTHS))
def test_typing_bala_offers_balaraja_and_saves_its_code(
    browser: Browser, sqlite_url: str, tmp_path: Path, width: str
) -> None:
    app, ctx = new_app(sqlite_url, tmp_path)
    with ctx.unit_of_work() as session:
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


def test_reviewer_confirms_a_used_number_and_admin_deactivates_an_agency(
    browser: Browser, sqlite_url: str, tmp_path: Path
) -> None:
    """The warning for a recommendation number already used, then the agency deactivation,
    in Chromium, with screenshots (review-number-warning-*, admin-agency-inactive-*)."""
    app, ctx = new_app(sqlite_url, tmp_path)
    number = "B-077/3603/HK.300/2026"
    with ctx.unit_of_work() as session:
        tokens = {
            name: factories.make_token(session, factories.make_user(session, name, **roles))
            for name, roles in (
                ("editor", {"orgs": ("dinas-kesehatan",)}),
                ("reviewer", {"roles": ("bps_reviewer",)}),
                ("admin", {"roles": ("admin",)}),
            )
        }
        slugs = [
            factories.make_dataset(session, "dinas-kesehatan", title=title).slug
            for title in ("Angka Kematian Ibu", "Angka Kematian Bayi")
        ]
    api = app.test_client()
    for slug in slugs:
        for who, action in (("editor", "request"), ("reviewer", "take")):
            answer = api.post(
                f"/api/v1/datasets/{slug}/recommendation/{action}",
                json={},
                headers={"Authorization": f"Bearer {tokens[who]}"},
            )
            assert answer.status_code == 200, answer.json
    answer = api.post(
        f"/api/v1/datasets/{slugs[0]}/recommendation/recommend",
        json={"number": number, "valid_until": "2030-12-31"},
        headers={"Authorization": f"Bearer {tokens['reviewer']}"},
    )
    assert answer.status_code == 200 and answer.json["warnings"] == []
    with serve(app) as live:
        page = new_page(browser, live.url)
        sign_in_as(page, "reviewer")
        page.goto(f"/tinjauan/{slugs[1]}")
        form = page.locator("form", has=page.locator("#number-recommend"))
        form.locator("#number-recommend").fill(number)
        form.locator("#valid-recommend").fill("2030-12-31")
        form.get_by_role("button", name="Simpan keputusan").click()
        warning = page.locator("#warn-number")
        expect(warning).to_contain_text("Nomor rekomendasi ini sudah dipakai untuk:")
        expect(warning.get_by_role("link", name="Angka Kematian Ibu")).to_be_visible()
        expect(page.locator("#number-recommend")).to_have_value(number)
        screenshot(page, "review-number-warning")
        page.get_by_role("button", name="Tetap simpan dengan nomor ini").click()
        expect(page.locator(".flash-ok")).to_have_text("Keputusan disimpan.")

        admin = new_page(browser, live.url)
        sign_in_as(admin, "admin")
        admin.goto("/admin/instansi/dinas-kesehatan")
        admin.get_by_role("button", name="Nonaktifkan produsen data").click()
        expect(admin.locator(".flash-ok")).to_have_text(
            "Produsen data Dinas Kesehatan dinonaktifkan."
        )
        expect(admin.get_by_role("button", name="Aktifkan kembali produsen data")).to_be_visible()
        screenshot(admin, "admin-agency-inactive")
    with ctx.unit_of_work() as session:
        rec = session.scalar(select(Dataset).where(Dataset.slug == slugs[1]))
        assert rec is not None and rec.recommendation is not None
        assert rec.recommendation.status == "recommended"
        assert rec.recommendation.number == number
    assert CSP_VIOLATIONS == []
