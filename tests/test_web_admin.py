"""Issue 15: where each role lands after sign-in, and the walidata's administration pages
(agencies, accounts with one-time set-password links, roles, memberships, tokens, sources,
the audit of these changes)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.models import utcnow
from catalog.services import users
from catalog.services.auth import SYSTEM
from tests import factories
from tests.conftest import World
from tests.harvest_helpers import make_source
from tests.web_helpers import csrf_from, sign_in

LINK = re.compile(r'value="(http://localhost/atur-sandi/[^"]+)"')


def _post(
    client: FlaskClient, path: str, data: dict[str, object], page: str | None = None
) -> TestResponse:
    token = csrf_from(client, page or path)
    return client.post(path, data={**data, "csrf_token": token})


def _sign_out(client: FlaskClient) -> None:
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})


@pytest.mark.parametrize(
    ("who", "landing"),
    [("admin", "/admin/"), ("reviewer", "/tinjauan/"), ("editor", "/dasbor/")],
)
def test_each_role_lands_on_its_start_page(
    client: FlaskClient, world: World, who: str, landing: str
) -> None:
    response = sign_in(client, who)
    assert response.status_code == 302 and response.headers["Location"] == landing
    if who == "editor":  # one agency: straight to its dashboard
        assert client.get("/dasbor/").headers["Location"] == "/dasbor/dinas-kesehatan"


@pytest.mark.parametrize(
    ("asked", "lands"),
    [
        ("/dataset/x?tab=1", "/dataset/x?tab=1"),
        ("/", "/tinjauan/"),
        ("//evil.example/", "/tinjauan/"),
        ("https://evil.example/", "/tinjauan/"),
        ("/\\evil.example", "/tinjauan/"),
    ],
)
def test_sign_in_follows_only_a_same_site_next(
    client: FlaskClient, world: World, asked: str, lands: str
) -> None:
    token = csrf_from(client, "/masuk")
    response = client.post(
        "/masuk",
        data={
            "username": "reviewer",
            "password": factories.PASSWORD,
            "csrf_token": token,
            "next": asked,
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == lands


def test_admin_pages_are_for_admins_only(client: FlaskClient, world: World) -> None:
    assert client.get("/admin/").status_code == 302  # to the sign-in page
    sign_in(client, "editor")
    for path in ("/admin/", "/admin/instansi", "/admin/pengguna", "/admin/token", "/admin/audit"):
        assert client.get(path).status_code == 403
    # the forms check the CSRF token before anything else
    refused = client.post("/admin/instansi/baru", data={"title": "X", "slug": "x"})
    assert refused.status_code == 400


def test_admin_creates_and_edits_an_agency_with_an_audit_trail(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin")
    overview = client.get("/admin/").get_data(as_text=True)
    assert "Administrasi" in overview and "Produsen Data: 2" in overview
    bad = _post(
        client,
        "/admin/instansi/baru",
        {"title": "Bappeda", "slug": "Bappeda Kab", "kind": "opd", "website": "bukan url"},
    )
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert "Hanya huruf kecil" in body and 'value="Bappeda"' in body
    made = _post(
        client,
        "/admin/instansi/baru",
        {
            "title": "Badan Perencanaan Pembangunan Daerah",
            "slug": "bappeda",
            "code": "4.01",
            "kind": "opd",
            "email": "bappeda@tangerangkab.go.id",
            "website": "https://bappeda.tangerangkab.go.id",
        },
    )
    assert made.status_code == 302
    listing = client.get("/admin/instansi").get_data(as_text=True)
    assert "Badan Perencanaan Pembangunan Daerah" in listing and "4.01" in listing
    taken = _post(client, "/admin/instansi/baru", {"title": "Lain", "slug": "bappeda"})
    assert taken.status_code == 409 and "Slug sudah dipakai" in taken.get_data(as_text=True)
    edited = _post(
        client,
        "/admin/instansi/bappeda",
        {"title": "Bappeda Kabupaten Tangerang", "slug": "bappeda", "code": "4.02", "kind": "opd"},
    )
    assert edited.status_code == 302
    assert client.get("/api/v1/organizations/bappeda").json["code"] == "4.02"
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "membuat instansi" in log and "mengubah instansi" in log and "admin" in log
    assert "code, title" in log  # what changed


def test_invited_editor_sets_a_password_once_and_lands_on_the_dashboard(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, "admin")
    shown = _post(
        client,
        "/admin/pengguna/baru",
        {
            "username": "siti",
            "full_name": "Siti Aminah",
            "organization": "dinas-pendidikan",
            "member_role": "editor",
        },
    )
    assert shown.status_code == 200
    found = LINK.search(shown.get_data(as_text=True))
    assert found, "the set-password link is shown"
    link = found.group(1).removeprefix("http://localhost")
    accounts = client.get("/admin/pengguna").get_data(as_text=True)
    assert "siti" in accounts and "Dinas Pendidikan dan Kebudayaan (Editor)" in accounts
    assert link not in client.get("/admin/pengguna/siti").get_data(as_text=True)
    _sign_out(client)

    # no password yet: signing in fails
    assert sign_in(client, "siti", "").status_code == 401
    page = client.get(link)
    assert page.status_code == 200 and "siti" in page.get_data(as_text=True)
    differ = _post(client, link, {"password": "rahasia-siti-1", "password_again": "lain-lagi-12"})
    assert differ.status_code == 422
    short = _post(client, link, {"password": "pendek", "password_again": "pendek"})
    assert short.status_code == 422 and "Paling sedikit 10" in short.get_data(as_text=True)
    done = _post(client, link, {"password": "rahasia-siti-1", "password_again": "rahasia-siti-1"})
    assert done.status_code == 302 and done.headers["Location"] == "/masuk"
    assert client.get(link).status_code == 404  # once only
    landed = sign_in(client, "siti", "rahasia-siti-1")
    assert landed.headers["Location"] == "/dasbor/"
    assert client.get("/dasbor/").headers["Location"] == "/dasbor/dinas-pendidikan"


def test_set_password_links_expire_and_are_stored_hashed(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        secret = users.invite(session, SYSTEM, "editor")
    with ctx.unit_of_work() as session:
        user = users.get_user(session, "editor")
        assert user.invite_hash and secret not in user.invite_hash
        user.invite_expires_at = utcnow() - timedelta(seconds=1)
    page = client.get(f"/atur-sandi/{secret}")
    assert page.status_code == 404 and "tidak berlaku lagi" in page.get_data(as_text=True)
    assert client.get("/atur-sandi/tebakan").status_code == 404


def test_admin_manages_accounts_roles_memberships_and_tokens(
    client: FlaskClient, world: World
) -> None:
    assert client.get("/api/v1/users/editor", headers=world.auth("editor")).status_code == 200
    sign_in(client, "admin")
    tokens = client.get("/admin/token").get_data(as_text=True)
    assert tokens.count("Cabut</button>") == 4  # everyone's
    token_id = re.search(
        r'id="token-([^"]+)"><td class="card-title"><a href="/admin/pengguna/editor"', tokens
    )
    assert token_id
    revoked = _post(client, f"/admin/token/{token_id.group(1)}/cabut", {}, "/admin/token")
    assert revoked.status_code == 302
    assert client.get("/api/v1/users/editor", headers=world.auth("editor")).status_code == 401

    page = "/admin/pengguna/editor2"
    _post(client, f"{page}/peran", {"role": "bps_reviewer", "grant": "1"}, page)
    _post(client, f"{page}/keanggotaan", {"organization": "dinas-kesehatan", "role": "admin"}, page)
    _post(client, f"{page}/keanggotaan", {"organization": "dinas-pendidikan", "role": "none"}, page)
    me = client.get("/api/v1/users/editor2", headers=world.auth("other_editor")).json
    assert me["roles"] == ["bps_reviewer"]
    assert me["memberships"] == [{"organization": "dinas-kesehatan", "role": "admin"}]
    _post(client, f"{page}/status", {"active": "0"}, page)
    assert "nonaktif" in client.get(page).get_data(as_text=True)
    reset = _post(client, f"{page}/tautan", {}, page)
    assert LINK.search(reset.get_data(as_text=True))
    log = client.get("/admin/audit").get_data(as_text=True)
    for action in (
        "mencabut token API",
        "memberi peran",
        "mengatur keanggotaan",
        "mencabut keanggotaan",
        "menonaktifkan akun",
        "membuat tautan undangan",
    ):
        assert action in log
    _sign_out(client)
    assert sign_in(client, "editor2").status_code == 401  # deactivated


def test_admin_sees_every_harvest_source(client: FlaskClient, ctx: Catalog, world: World) -> None:
    make_source(ctx, "ckan", "https://data.example.go.id", title="CKAN Dinkes")
    make_source(ctx, "ckan", "https://data2.example.go.id", "dinas-pendidikan", title="CKAN Dindik")
    sign_in(client, "admin")
    page = client.get("/admin/sumber").get_data(as_text=True)
    assert "CKAN Dinkes" in page and "CKAN Dindik" in page
    assert "Dinas Pendidikan dan Kebudayaan" in page


def test_admin_signs_an_account_out_on_every_device(app: Flask, world: World) -> None:
    """A lost phone: the walidata ends every web session of the account from its page; the
    account's own API token keeps working (tokens are revoked one by one)."""
    phone = app.test_client()
    sign_in(phone, "editor")
    assert phone.get("/akun").status_code == 200
    admin_client = app.test_client()
    sign_in(admin_client, "admin")
    page = "/admin/pengguna/editor"
    assert 'action="/admin/pengguna/editor/keluarkan"' in admin_client.get(page).get_data(
        as_text=True
    )
    done = _post(admin_client, f"{page}/keluarkan", {}, page)
    assert done.status_code == 302
    assert "Sesi di semua perangkat diakhiri." in admin_client.get(page).get_data(as_text=True)
    assert phone.get("/akun").status_code == 302  # signed out
    assert admin_client.get("/akun").status_code == 200  # the admin's own session is untouched
    assert (
        app.test_client().get("/api/v1/users/me", headers=world.auth("editor")).status_code == 200
    )
    # an editor cannot do it to another account
    other = app.test_client()
    sign_in(other, "editor2")
    assert _post(other, f"{page}/keluarkan", {}, "/akun").status_code == 403
