"""My account (/akun): one's name and e-mail, a password change that needs the current one and
signs the other devices out, and personal API tokens shown once, all through the forms of a
real server with real browsers (requests sessions) and their CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from catalog.context import Catalog
from catalog.models import SigninFailure
from tests.conftest import World
from tests.factories import PASSWORD
from tests.servers import serve
from tests.web_helpers import TOKEN

NEW_PASSWORD = "kata-sandi-baru-789"


@pytest.fixture
def base(app: Flask) -> Iterator[str]:
    with serve(app) as url:
        yield url


def _browser(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    browser = requests.Session()
    page = browser.get(base + "/masuk").text
    found = TOKEN.search(page)
    assert found
    answer = browser.post(
        base + "/masuk",
        data={"username": username, "password": password, "csrf_token": found.group(1)},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.status_code
    return browser


def _send(
    browser: requests.Session, base: str, path: str, data: dict[str, str]
) -> requests.Response:
    """Post a form of the account page as the browser would (with the page's CSRF token)."""
    found = TOKEN.search(browser.get(base + "/akun").text)
    assert found
    return browser.post(base + path, data={**data, "csrf_token": found.group(1)})


def _whoami(client: requests.Session, base: str, **headers: str) -> str | None:
    answer = client.get(base + "/api/v1/users/me", headers=headers)
    return answer.json()["username"] if answer.status_code == 200 else None


def test_the_account_page_is_for_its_holder(base: str, world: World) -> None:
    nobody = requests.get(base + "/akun", allow_redirects=False)
    assert nobody.status_code == 302 and "/masuk?next=/akun" in nobody.headers["Location"]
    browser = _browser(base, "editor")
    home = browser.get(base + "/").text
    assert 'href="/akun"' in home and "Akun saya" in home
    page = browser.get(base + "/akun").text
    assert "Akun saya: editor" in page and "Dinas Kesehatan" in page
    # a form posted without the page's token changes nothing
    refused = browser.post(base + "/akun/profil", data={"full_name": "Tanpa Token"})
    assert refused.status_code == 400
    assert "Tanpa Token" not in browser.get(base + "/akun").text


def test_name_and_email_are_checked_then_saved(base: str, world: World) -> None:
    browser = _browser(base, "editor")
    bad = _send(browser, base, "/akun/profil", {"full_name": "Siti Aminah", "email": "bukan-surel"})
    assert bad.status_code == 422
    assert re.search(r'id="email"[^>]*value="bukan-surel"[^>]*aria-invalid="true"', bad.text)
    assert 'id="err-email"' in bad.text
    # one aria-describedby names the message and the hint (a second attribute would be ignored)
    assert re.search(r'id="email"[^>]*aria-describedby="err-email hint-email">', bad.text)
    me = browser.get(base + "/api/v1/users/me").json()
    assert me["email"] != "bukan-surel" and me["full_name"] != "Siti Aminah"
    saved = _send(
        browser, base, "/akun/profil", {"full_name": "Siti Aminah", "email": "siti@dinkes.test"}
    )
    assert saved.status_code == 200 and "Data Anda disimpan." in saved.text
    me = browser.get(base + "/api/v1/users/me").json()
    assert (me["full_name"], me["email"]) == ("Siti Aminah", "siti@dinkes.test")


def test_password_change_needs_the_current_one_and_signs_other_devices_out(
    base: str, world: World, ctx: Catalog
) -> None:
    browser = _browser(base, "editor")
    laptop = _browser(base, "editor")
    differ = _send(
        browser,
        base,
        "/akun/sandi",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": "lain"},
    )
    assert differ.status_code == 422 and 'id="err-password_again"' in differ.text
    wrong = _send(
        browser,
        base,
        "/akun/sandi",
        {"current_password": "salah-sekali-1", "password": NEW_PASSWORD,
         "password_again": NEW_PASSWORD},
    )  # fmt: skip
    assert wrong.status_code == 422 and 'id="err-current_password"' in wrong.text
    with ctx.db.session() as session:  # a wrong current password counts like a sign-in
        assert session.scalar(select(func.count()).select_from(SigninFailure)) >= 1
    short = _send(
        browser,
        base,
        "/akun/sandi",
        {"current_password": PASSWORD, "password": "pendek", "password_again": "pendek"},
    )
    assert short.status_code == 422 and 'id="err-password"' in short.text
    changed = _send(
        browser,
        base,
        "/akun/sandi",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert changed.status_code == 200 and "Kata sandi diganti." in changed.text
    assert _whoami(browser, base) == "editor"  # this device stays signed in
    assert _whoami(laptop, base) is None  # the other one is signed out
    _browser(base, "editor", NEW_PASSWORD)
    # the old password no longer signs in
    again = requests.Session()
    found = TOKEN.search(again.get(base + "/masuk").text)
    assert found
    old = again.post(
        base + "/masuk",
        data={"username": "editor", "password": PASSWORD, "csrf_token": found.group(1)},
        allow_redirects=False,
    )
    assert old.status_code == 401


def test_a_personal_token_is_shown_once_works_and_can_be_revoked(base: str, world: World) -> None:
    browser = _browser(base, "editor")
    made = _send(browser, base, "/akun/token", {"name": "Skrip unggah mingguan"})
    assert made.status_code == 201 and "tidak ditampilkan lagi" in made.text
    found = re.search(r'id="new-token".*?<code>([^<]+)</code>', made.text, re.S)
    assert found
    secret = found.group(1)
    assert _whoami(requests.Session(), base, Authorization="Bearer " + secret) == "editor"
    page = browser.get(base + "/akun").text
    assert secret not in page and "Skrip unggah mingguan" in page
    token_id = re.search(r'<tr id="token-([^"]+)">(?:(?!</tr>).)*Skrip unggah mingguan', page, re.S)
    assert token_id and f'action="/akun/token/{token_id.group(1)}/cabut"' in page
    # another account cannot revoke it
    other = _browser(base, "editor2")
    assert _send(other, base, f"/akun/token/{token_id.group(1)}/cabut", {}).status_code == 403
    assert _whoami(requests.Session(), base, Authorization="Bearer " + secret) == "editor"
    revoked = _send(browser, base, f"/akun/token/{token_id.group(1)}/cabut", {})
    assert revoked.status_code == 200 and "Token dicabut." in revoked.text
    assert _whoami(requests.Session(), base, Authorization="Bearer " + secret) is None
