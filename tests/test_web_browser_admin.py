"""Issue 15 in Chromium: the walidata creates an agency and an editor account, the editor sets
a password with the one-time link and lands on their dashboard; the admin revokes a token
and pauses a harvest source; the same walk at desktop (1280 px) and phone (390 px) width.
The desktop walk writes screenshots of these pages at both widths into build/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests import factories
from tests.browser import CSP_VIOLATIONS, LiveServer, new_page, serve, start_walk
from tests.conftest import app_with_agencies
from tests.harvest_helpers import make_source

pytestmark = pytest.mark.browser


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    app, ctx = app_with_agencies(
        sqlite_url, tmp_path, {"dinas-sosial": "Dinas Sosial"}, harvest_allow_private=True
    )
    with ctx.unit_of_work() as session:
        factories.make_user(session, "walidata", roles=("admin",))
        factories.make_token(
            session, factories.make_user(session, "operator", orgs=("dinas-sosial",))
        )
    make_source(ctx, "datajson", "http://127.0.0.1:9/data.json", "dinas-sosial", title="Portal")
    with serve(app) as server:
        yield server
    ctx.db.dispose()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_admin_invites_an_editor_revokes_a_token_and_pauses_a_source(
    browser: Browser, live: LiveServer, width: str
) -> None:
    size, shot = start_walk(width)

    admin = new_page(browser, live.url, size)
    admin.goto("/masuk")
    admin.get_by_label("Nama pengguna").fill("walidata")
    admin.get_by_label("Kata sandi").fill(factories.PASSWORD)
    admin.get_by_role("button", name="Masuk").click()
    expect(admin).to_have_url(f"{live.url}/admin/")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Administrasi")
    shot(admin, "admin-overview")

    admin.get_by_role("link", name="Tambah produsen data").first.click()
    admin.get_by_label("Nama", exact=True).fill("Badan Perencanaan Pembangunan Daerah")
    admin.get_by_label("Nama singkat di alamat").fill("bappeda")
    admin.get_by_label("Kode").fill("4.01")
    admin.get_by_label("Email kontak").fill("bappeda@tangerangkab.go.id")
    shot(admin, "admin-agency-form")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.get_by_text("Produsen data disimpan.")).to_be_visible()
    expect(admin.get_by_role("cell", name="4.01")).to_be_visible()
    shot(admin, "admin-agencies")

    admin.goto("/admin/pengguna/baru")
    admin.get_by_label("Nama pengguna").fill("siti")
    admin.get_by_label("Nama lengkap").fill("Siti Aminah")
    admin.get_by_label("Produsen data", exact=True).select_option(
        label="Badan Perencanaan Pembangunan Daerah"
    )
    shot(admin, "admin-user-form")
    admin.get_by_role("button", name="Buat akun").click()
    link = admin.get_by_label("Tautan").input_value()
    assert re.fullmatch(rf"{re.escape(live.url)}/atur-sandi/[\w-]+", link)
    shot(admin, "admin-set-password-link")

    admin.goto("/admin/token")
    row = admin.locator("tr", has=admin.get_by_role("link", name="operator"))
    row.get_by_role("button", name="Cabut").click()
    expect(admin.get_by_text("Token dicabut.")).to_be_visible()
    expect(admin.locator("tr", has=admin.get_by_role("link", name="operator"))).to_contain_text(
        "dicabut"
    )
    shot(admin, "admin-tokens")

    admin.goto("/dasbor/dinas-sosial")
    admin.get_by_role("button", name="Jeda: Portal").click()
    expect(admin.get_by_text("Sumber dijeda.")).to_be_visible()
    expect(admin.get_by_role("button", name="Lanjutkan: Portal")).to_be_visible()
    shot(admin, "dashboard-source-paused")
    admin.goto("/admin/sumber")
    expect(admin.get_by_text("dijeda")).to_be_visible()
    shot(admin, "admin-sources")
    admin.goto("/admin/audit")
    for action in ("membuat instansi", "membuat akun", "mencabut token API"):
        expect(admin.get_by_role("cell", name=action).first).to_be_visible()
    shot(admin, "admin-audit")
    admin.goto("/admin/pengguna")
    shot(admin, "admin-users")

    editor = new_page(browser, live.url, size)
    editor.goto(link)
    expect(editor.get_by_role("heading", level=1)).to_have_text("Atur kata sandi Anda")
    shot(editor, "set-password")
    editor.get_by_label("Kata sandi baru", exact=True).fill("rahasia-siti-1")
    editor.get_by_label("Ulangi kata sandi baru").fill("rahasia-siti-1")
    editor.get_by_role("button", name="Simpan kata sandi").click()
    expect(editor).to_have_url(f"{live.url}/masuk")
    editor.get_by_label("Nama pengguna").fill("siti")
    editor.get_by_label("Kata sandi").fill("rahasia-siti-1")
    editor.get_by_role("button", name="Masuk").click()
    expect(editor).to_have_url(f"{live.url}/dasbor/bappeda")
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Badan Perencanaan")
    assert CSP_VIOLATIONS == []
