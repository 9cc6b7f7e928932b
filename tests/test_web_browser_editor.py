"""The dataset editor and the revision loop in a real browser (issue 15): headless Debian
Chromium against a server on 127.0.0.1, the same walk at desktop (1280 px) and phone (390 px)
width; the desktop walk writes screenshots at both widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests import factories
from tests.browser import CSP_VIOLATIONS, new_page, serve, sign_in_as, start_walk
from tests.conftest import app_with_agencies

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_editor_creates_publishes_revises_and_reviewer_sees_the_diff(
    browser: Browser, sqlite_url: str, tmp_path: Path, width: str
) -> None:
    size, shot = start_walk(width)

    app, ctx = app_with_agencies(sqlite_url, tmp_path, {"dinas-kesehatan": "Dinas Kesehatan"})
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        factories.make_user(session, "reviewer", roles=("bps_reviewer",))
    with serve(app) as live:
        editor = new_page(browser, live.url, size)
        sign_in_as(editor, "editor")
        editor.goto("/dasbor/dinas-kesehatan")
        editor.get_by_role("link", name="Dataset baru").click()
        expect(editor.locator("h1")).to_have_text("Dataset baru")
        editor.locator("#title").fill("Jumlah Posyandu Aktif")
        editor.locator("#methodology").fill("Pendataan rutin puskesmas.")
        editor.locator("#frequency").select_option("tahunan")
        editor.locator("#variables-0-name").fill("Kecamatan")
        editor.get_by_role("button", name="Tambah baris variabel").click()
        expect(editor.locator("#variables-0-name")).to_have_value("Kecamatan")
        editor.locator("#variables-1-name").fill("Jumlah posyandu")
        # JavaScript adds and removes rows in place (without it, the button submits)
        editor.get_by_role("button", name="Tambah baris variabel").click()
        expect(editor.locator("#variables-2-name")).to_be_focused()
        expect(editor.locator("[data-group=variables] [data-row]")).to_have_count(3)
        editor.locator("[data-group=variables] [data-row]").nth(2).get_by_role(
            "button", name="Hapus baris ini"
        ).click()
        expect(editor.locator("[data-group=variables] [data-row]")).to_have_count(2)
        editor.locator("#variables-1-data_type").select_option("integer")
        editor.locator("#resources-0-name").fill("Tabel posyandu")
        editor.locator("#resources-0-url").fill("data posyandu.csv")
        editor.get_by_role("button", name="Terbitkan").click()
        # DatasetIn's message, next to the field; what was typed is still there
        expect(editor.locator("#err-resources-0-url")).to_be_visible()
        expect(editor.locator("#resources-0-url")).to_have_attribute("aria-invalid", "true")
        expect(editor.locator("#variables-1-name")).to_have_value("Jumlah posyandu")
        shot(editor, "editor-validation")
        editor.locator("#resources-0-url").fill("https://data.example.go.id/posyandu.csv")
        editor.get_by_role("button", name="Terbitkan").click()
        expect(editor.locator(".flash-ok")).to_have_text("Dataset diterbitkan.")
        shot(editor, "editor-saved")

        visitor = new_page(browser, live.url, size)
        visitor.goto("/dataset?q=posyandu")
        visitor.get_by_role("link", name="Jumlah Posyandu Aktif").click()
        expect(visitor.locator("h1")).to_have_text("Jumlah Posyandu Aktif")

        editor.goto("/dasbor/dinas-kesehatan")
        editor.get_by_role(
            "button", name="Minta rekomendasi BPS untuk Jumlah Posyandu Aktif"
        ).click()
        expect(editor.locator(".flash-ok")).to_contain_text("Rekomendasi diminta")

        reviewer = new_page(browser, live.url, size)
        sign_in_as(reviewer, "reviewer")
        reviewer.goto("/tinjauan/jumlah-posyandu-aktif")
        reviewer.get_by_role("button", name="Ambil").click()
        reviewer.get_by_role("form", name="Minta perbaikan").get_by_label("Catatan").fill(
            "Metodologi belum menyebut sumber data. Sebutkan register yang dipakai."
        )
        reviewer.get_by_role("form", name="Minta perbaikan").get_by_role(
            "button", name="Simpan keputusan"
        ).click()
        expect(reviewer.locator(".flash-ok")).to_have_text("Keputusan disimpan.")

        editor.goto("/dasbor/dinas-kesehatan")
        action = editor.locator("#action-jumlah-posyandu-aktif")
        expect(action).to_contain_text("Sebutkan register yang dipakai.")
        shot(editor, "dashboard-needs-action")
        action.get_by_role("link", name="Perbaiki").click()
        editor.locator("#methodology").fill("Register kohort posyandu di puskesmas.")
        editor.get_by_role("button", name="Terbitkan").click()
        expect(editor.locator(".flash-ok")).to_have_text("Dataset diterbitkan.")
        editor.goto("/dasbor/dinas-kesehatan")
        action = editor.locator("#action-jumlah-posyandu-aktif")
        action.get_by_label("Catatan untuk peninjau (tidak wajib)").fill(
            "Sumber data sudah disebutkan."
        )
        action.get_by_role("button", name="Ajukan kembali").click()
        expect(editor.locator(".flash-ok")).to_contain_text("Rekomendasi diminta")

        reviewer.goto("/tinjauan/jumlah-posyandu-aktif")
        diff = reviewer.locator("table.diff")
        expect(diff.locator("tr").filter(has_text="Metodologi")).to_contain_text(
            "Register kohort posyandu di puskesmas."
        )
        expect(reviewer.locator("main")).to_contain_text("Sumber data sudah disebutkan.")
        shot(reviewer, "review-diff")
        reviewer.get_by_role("button", name="Ambil").click()
        reviewer.get_by_label("Nomor rekomendasi").fill("B-15/BPS/3603/2026")
        reviewer.get_by_label("Berlaku sampai").fill("2030-12-31")
        reviewer.get_by_role("form", name="Rekomendasikan", exact=True).get_by_role(
            "button", name="Simpan keputusan"
        ).click()
        expect(reviewer.locator(".rec .badge")).to_contain_text("Direkomendasikan")
    ctx.db.dispose()
    assert CSP_VIOLATIONS == []
