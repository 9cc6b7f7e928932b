"""Sessions that can be ended, the API refusing cookie-only writes, the shared sign-in
throttle, authentication before validation, private data files and a non-public /metrics
(issue 11, items 7, 8, 12 and 13).

Browsers are `requests` sessions against the application served on 127.0.0.1; a stolen
cookie is a copy of a browser's cookie in another client.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from catalog.cli import main as cli_main
from catalog.context import Catalog
from catalog.models import SigninFailure
from catalog.services import throttle, users
from catalog.services.throttle import Attempt, SigninLimits, Throttled
from tests.conftest import World, build_app
from tests.factories import PASSWORD, dataset_payload
from tests.servers import serve
from tests.web_helpers import TOKEN

APP_SETTINGS = {"harvest_allow_private": True}
NEW_PASSWORD = "kata-sandi-baru-456"
WRONG = "salah-sekali-123"


@pytest.fixture
def base(app: Flask) -> Iterator[str]:
    with serve(app) as url:
        yield url


def page_token(browser: requests.Session, base: str, path: str = "/") -> str:
    found = TOKEN.search(browser.get(base + path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def attempt(browser: requests.Session, base: str, username: str, password: str) -> int:
    """One web sign-in; its status (302 signed in, 401 wrong, 429 throttled)."""
    token = page_token(browser, base, "/masuk")
    response = browser.post(
        base + "/masuk",
        data={"username": username, "password": password, "csrf_token": token},
        allow_redirects=False,
    )
    return response.status_code


def signed_in(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    browser = requests.Session()
    assert attempt(browser, base, username, password) == 302
    return browser


def stolen(browser: requests.Session) -> requests.Session:
    """Another client holding a copy of the browser's cookies as they are now."""
    thief = requests.Session()
    thief.cookies.update(browser.cookies)
    return thief


def whoami(client: requests.Session, base: str) -> str | None:
    response = client.get(base + "/api/v1/users/me")
    if response.status_code == 401:
        return None
    assert response.status_code == 200, response.text
    name: str = response.json()["username"]
    return name


# -- 11.7: sessions that end -------------------------------------------------------------


def test_sign_out_ends_older_session_cookies(base: str, world: World) -> None:
    browser = signed_in(base, "editor")
    copy = stolen(browser)
    assert whoami(copy, base) == "editor"
    token = page_token(browser, base)
    assert browser.post(base + "/keluar", data={"csrf_token": token}).status_code == 200
    assert whoami(browser, base) is None
    assert whoami(copy, base) is None
    # the copied cookie does not open the dashboard either
    dashboard = copy.get(base + "/akun", allow_redirects=False)
    assert dashboard.headers["Location"].startswith("/masuk")
    # signing in again works
    assert whoami(signed_in(base, "editor"), base) == "editor"


def test_password_change_needs_the_current_password(base: str, world: World) -> None:
    me = base + "/api/v1/users/me"
    missing = requests.patch(me, json={"password": NEW_PASSWORD}, headers=world.auth("editor"))
    assert missing.status_code == 422
    assert "current_password" in missing.json()["errors"]
    wrong = requests.patch(
        me,
        json={"password": NEW_PASSWORD, "current_password": WRONG},
        headers=world.auth("editor"),
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"]["current_password"] == ["Kata sandi saat ini salah."]
    assert attempt(requests.Session(), base, "editor", NEW_PASSWORD) == 401  # unchanged
    # an admin resets another account's password without knowing it
    reset = requests.patch(
        base + "/api/v1/users/editor2", json={"password": NEW_PASSWORD}, headers=world.auth("admin")
    )
    assert reset.status_code == 200
    assert attempt(requests.Session(), base, "editor2", NEW_PASSWORD) == 302


def test_password_change_ends_other_sessions_and_keeps_tokens(base: str, world: World) -> None:
    browser = signed_in(base, "editor")
    copy = stolen(browser)
    other_device = signed_in(base, "editor")
    changed = browser.patch(
        base + "/api/v1/users/me",
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers={"X-CSRF-Token": page_token(browser, base)},
    )
    assert changed.status_code == 200, changed.text
    assert whoami(browser, base) == "editor"  # the session that made the change stays
    assert whoami(copy, base) is None
    assert whoami(other_device, base) is None
    # API tokens are separate credentials: they keep working (revoke them one by one)
    assert requests.get(base + "/api/v1/users/me", headers=world.auth("editor")).ok
    assert attempt(requests.Session(), base, "editor", PASSWORD) == 401
    assert attempt(requests.Session(), base, "editor", NEW_PASSWORD) == 302


def test_password_change_by_token_ends_every_session(base: str, world: World) -> None:
    browser = signed_in(base, "editor")
    changed = requests.patch(
        base + "/api/v1/users/me",
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers=world.auth("editor"),
    )
    assert changed.status_code == 200
    assert whoami(browser, base) is None


def test_role_and_membership_changes_end_sessions(base: str, world: World) -> None:
    reviewer = signed_in(base, "reviewer")
    granted = requests.post(
        base + "/api/v1/users/reviewer/roles", json={"role": "admin"}, headers=world.auth("admin")
    )
    assert granted.status_code == 200
    assert whoami(reviewer, base) is None

    reviewer = signed_in(base, "reviewer")
    revoked = requests.delete(
        base + "/api/v1/users/reviewer/roles/admin", headers=world.auth("admin")
    )
    assert revoked.status_code == 200
    assert whoami(reviewer, base) is None

    editor = signed_in(base, "editor")
    member = requests.post(
        base + "/api/v1/organizations/dinas-pendidikan/members",
        json={"username": "editor", "role": "editor"},
        headers=world.auth("admin"),
    )
    assert member.status_code == 200
    assert whoami(editor, base) is None

    editor = signed_in(base, "editor")
    removed = requests.delete(
        base + "/api/v1/organizations/dinas-pendidikan/members/editor",
        headers=world.auth("admin"),
    )
    assert removed.status_code == 204
    assert whoami(editor, base) is None
    # an unrelated account's session is untouched
    assert whoami(signed_in(base, "editor2"), base) == "editor2"


def test_admin_signs_an_account_out_everywhere(base: str, world: World) -> None:
    laptop, phone = signed_in(base, "editor"), signed_in(base, "editor")
    bystander = signed_in(base, "editor2")
    url = base + "/api/v1/users/editor/sessions"
    assert requests.delete(url).status_code == 401
    assert requests.delete(url, headers=world.auth("other_editor")).status_code == 403
    assert whoami(laptop, base) == "editor"
    assert requests.delete(url, headers=world.auth("admin")).status_code == 204
    assert whoami(laptop, base) is None and whoami(phone, base) is None
    assert whoami(bystander, base) == "editor2"
    assert requests.get(base + "/api/v1/users/me", headers=world.auth("editor")).ok


# -- 11.8: the API and the web session cookie -----------------------------------------


def test_api_refuses_writes_with_only_a_session_cookie(base: str, world: World) -> None:
    api = base + "/api/v1"
    as_editor, as_admin = world.auth("editor"), world.auth("admin")
    withdrawn = requests.post(api + "/datasets", json=dataset_payload(world.org), headers=as_editor)
    slug = withdrawn.json()["slug"]
    assert requests.delete(f"{api}/datasets/{slug}", headers=as_editor).status_code == 200
    requested = requests.post(api + "/datasets", json=dataset_payload(world.org), headers=as_editor)
    other_slug = requested.json()["slug"]
    asked = requests.post(
        f"{api}/datasets/{other_slug}/recommendation/request", json={}, headers=as_editor
    )
    assert asked.status_code == 200, asked.text
    source = requests.post(
        api + "/harvest/sources",
        json={
            "organization": world.org,
            "title": "Portal Dinkes",
            "type": "ckan",
            "url": "http://127.0.0.1:9/",
        },
        headers=as_editor,
    )
    assert source.status_code == 201, source.text
    source_id = source.json()["id"]

    editor, reviewer = signed_in(base, "editor"), signed_in(base, "reviewer")

    def tokens() -> int:
        return len(requests.get(api + "/users/editor/tokens", headers=as_admin).json())

    def state() -> tuple[str, str, object]:
        ds = requests.get(f"{api}/datasets/{slug}", headers=as_editor).json()
        rec = requests.get(f"{api}/datasets/{other_slug}/recommendation").json()
        src = requests.get(f"{api}/harvest/sources/{source_id}", headers=as_editor).json()
        return ds["state"], rec["status"], src["last_job"]

    before = tokens(), state()
    writes = [
        (editor, f"{api}/users/me/tokens", {"name": "dicuri"}),
        (editor, f"{api}/datasets/{slug}/restore", {}),
        (editor, f"{api}/harvest/sources/{source_id}/jobs", {}),
        (reviewer, f"{api}/datasets/{other_slug}/recommendation/take", {}),
    ]
    for browser, url, body in writes:
        for kind in ("data", "json"):
            refused = browser.post(url, **{kind: body})  # type: ignore[arg-type]
            assert refused.status_code == 403, (url, kind, refused.text)
            assert "X-CSRF-Token" in refused.json()["message"]
        forged = browser.post(url, json=body, headers={"X-CSRF-Token": "tebakan"})
        assert forged.status_code == 403
    assert (tokens(), state()) == before == (1, ("withdrawn", "requested", None))

    # The page's own CSRF token in the header: a same-site script may use the session.
    for browser, url, body in writes:
        done = browser.post(url, json=body, headers={"X-CSRF-Token": page_token(browser, base)})
        assert done.status_code in (200, 201, 202), (url, done.text)
    assert tokens() == 2
    ds_state, rec_status, last_job = state()
    assert (ds_state, rec_status) == ("published", "in_review") and last_job is not None
    # reading with the cookie alone stays possible
    assert editor.get(api + "/users/me/tokens").status_code == 200


# -- 11.12: the sign-in throttle --------------------------------------------------------


@contextmanager
def second_instance(app: Flask, tmp_path: Path) -> Iterator[str]:
    """Another application on the same database (as another serving process would be)."""
    other = build_app(
        app.extensions["catalog"].settings.database_url, tmp_path / "second", **APP_SETTINGS
    )
    with serve(other) as url:
        yield url


def test_failures_are_counted_across_instances(
    app: Flask, base: str, world: World, tmp_path: Path
) -> None:
    with second_instance(app, tmp_path) as other:
        for n in range(5):
            here = base if n % 2 else other
            assert attempt(requests.Session(), here, "editor", WRONG) == 401
        assert attempt(requests.Session(), base, "editor", PASSWORD) == 429
        assert attempt(requests.Session(), other, "editor", PASSWORD) == 429


def test_username_spellings_count_as_one(base: str, world: World) -> None:
    for spelling in ("Editor", "editor ", "EDITOR", " editor", "eDiToR"):
        assert attempt(requests.Session(), base, spelling, WRONG) == 401
    throttled = requests.Session()
    token = page_token(throttled, base, "/masuk")
    answer = throttled.post(
        base + "/masuk",
        data={"username": "editor", "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert answer.status_code == 429
    assert "Terlalu banyak percobaan masuk" in answer.text
    assert 0 < int(answer.headers["Retry-After"]) <= 30


def test_a_throttled_address_lets_accounts_without_failures_in(base: str, world: World) -> None:
    browser = requests.Session()
    for n in range(20):  # one address guessing at many accounts
        assert attempt(browser, base, f"tamu{n}", WRONG) == 401
    assert attempt(browser, base, "tamu0", PASSWORD) == 429
    # a colleague behind the same address whose account saw no failures signs in
    assert attempt(requests.Session(), base, "editor", PASSWORD) == 302
    # an account with one failure of its own is throttled at this address
    assert attempt(requests.Session(), base, "reviewer", WRONG) == 401
    assert attempt(requests.Session(), base, "reviewer", PASSWORD) == 429


def test_wrong_current_passwords_count_towards_the_throttle(base: str, world: World) -> None:
    me = base + "/api/v1/users/me"
    for _ in range(5):
        wrong = requests.patch(
            me,
            json={"password": NEW_PASSWORD, "current_password": WRONG},
            headers=world.auth("editor"),
        )
        assert wrong.status_code == 422
    right = requests.patch(
        me,
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers=world.auth("editor"),
    )
    assert right.status_code == 429 and right.json()["code"] == "too_many_requests"
    assert 0 < int(right.headers["Retry-After"]) <= 30
    assert attempt(requests.Session(), base, "editor", PASSWORD) == 429


def test_back_off_doubles_and_old_failures_are_pruned(ctx: Catalog, world: World) -> None:
    limits = SigninLimits(free_failures=3, max_per_address=100, window_s=3600, max_delay_s=200)
    t0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

    def fail(at: datetime, address: str = "203.0.113.5") -> None:
        with pytest.raises(users.SigninFailed), ctx.unit_of_work() as session:
            users.sign_in(session, "editor", WRONG, Attempt(address, limits, at))

    def wait(at: datetime) -> int:
        with ctx.unit_of_work() as session:
            return throttle.retry_after(session, "editor", Attempt("198.51.100.1", limits, at))

    for n in range(3):
        fail(t0 + timedelta(seconds=n))
    at = t0 + timedelta(seconds=2)
    waits = [wait(at)]
    for _ in range(4):
        with pytest.raises(Throttled), ctx.unit_of_work() as session:
            users.sign_in(session, "editor", PASSWORD, Attempt("198.51.100.1", limits, at))
        at += timedelta(seconds=waits[-1])
        assert wait(at) == 0
        fail(at)
        waits.append(wait(at))
    assert waits == [30, 60, 120, 200, 200]  # doubling, up to max_delay_s

    # a correct password once the wait is over clears the username's count
    at += timedelta(seconds=200)
    with ctx.unit_of_work() as session:
        users.sign_in(session, "editor", PASSWORD, Attempt("198.51.100.1", limits, at))
    assert wait(at) == 0
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).where(SigninFailure.scope == "user")) == 0
        assert session.scalar(select(func.count()).where(SigninFailure.scope == "address")) == 7
    # a failure after the window prunes the rows older than it
    fail(at + timedelta(hours=2), address="192.0.2.9")
    with ctx.db.session() as session:
        keys = session.execute(select(SigninFailure.scope, SigninFailure.key)).all()
    assert sorted(keys) == [("address", "192.0.2.9"), ("user", "editor")]


def test_attempts_count_while_their_passwords_are_checked(ctx: Catalog, world: World) -> None:
    """Parallel guesses: each attempt is counted (committed) before its password is hashed."""
    claims = []
    for _ in range(5):  # five attempts in flight, none finished yet
        with ctx.unit_of_work() as session:
            claims.append(users.claim_sign_in(session, "editor", Attempt("203.0.113.5")))
    with pytest.raises(Throttled), ctx.unit_of_work() as session:
        users.claim_sign_in(session, "EDITOR", Attempt("198.51.100.1"))
    # the first one had the right password: the username's count and its own rows go
    with ctx.unit_of_work() as session:
        users.complete_sign_in(session, "editor", PASSWORD, claims[0])
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).where(SigninFailure.scope == "user")) == 0
        assert session.scalar(select(func.count()).where(SigninFailure.scope == "address")) == 4
    with ctx.unit_of_work() as session:
        assert users.claim_sign_in(session, "editor", Attempt("198.51.100.1"))


# -- 11.13: authenticate before validating, private files, /metrics ---------------------


def test_anonymous_writes_answer_401_before_validation(base: str, world: World) -> None:
    api = base + "/api/v1"
    for method, path, body in (
        ("POST", "/datasets", {"title": ""}),
        ("PATCH", "/datasets/apa-saja", {"version": "x"}),
        ("POST", "/organizations", {}),
        ("POST", "/users", {"username": "?"}),
        ("PATCH", "/users/me", {"password": 1}),
        ("POST", "/users/me/tokens", {"expires_at": "kemarin"}),
        ("POST", "/harvest/sources", {"type": "ftp"}),
        ("POST", "/datasets/apa-saja/recommendation/recommend", {"valid_until": "besok"}),
    ):
        response = requests.request(method, api + path, json=body)
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["code"] == "unauthorized"
    bad_token = requests.post(
        api + "/datasets", json={}, headers={"Authorization": "Bearer kss_palsu"}
    )
    assert bad_token.status_code == 401
    assert requests.put(api + "/datasets", json={}).status_code == 405
    assert requests.post(api + "/tidak-ada", json={}).status_code == 404
    # a signed-in caller still gets the field errors
    invalid = requests.post(api + "/datasets", json={"title": ""}, headers=world.auth("editor"))
    assert invalid.status_code == 422


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def test_catalog_init_creates_private_data_files(tmp_path: Path) -> None:
    data = tmp_path / "inst"
    env = {"CATALOG_DATA_DIR": str(data), "CATALOG_DATABASE_URL": "", "CATALOG_SECRET_KEY": ""}
    with umask(0o022):
        result = CliRunner(env=env).invoke(cli_main, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _mode(data) == 0o700
    names = {p.name for p in data.iterdir()}
    assert {"catalog.db", "search.db", "secret_key"} <= names
    assert {p.name: _mode(p) for p in data.iterdir()} == {name: 0o600 for name in names}


def test_serving_files_are_private_and_old_ones_are_tightened(
    tmp_path: Path, sqlite_template: Path
) -> None:
    data = tmp_path / "inst"
    data.mkdir()
    (data / "catalog.db").write_bytes(sqlite_template.read_bytes())
    (data / "catalog.db").chmod(0o644)
    (data / "secret_key").write_text("lama")
    (data / "secret_key").chmod(0o644)
    with umask(0o022):
        app = build_app("", tmp_path, data_dir=str(data), secret_key="")
        client = app.test_client()
        client.get("/api/v1/datasets?q=penduduk")  # opens the search index
        assert client.get("/readyz").status_code == 200
    assert app.secret_key == "lama"
    files = {p.name: _mode(p) for p in data.iterdir()}
    assert "catalog.db-wal" in files and "search.db" in files
    assert files == {name: 0o600 for name in files}


def test_metrics_only_from_loopback_or_with_the_metrics_token(
    sqlite_url: str, tmp_path: Path
) -> None:
    open_app = build_app(sqlite_url, tmp_path / "a")
    client = open_app.test_client()
    assert client.get("/metrics").status_code == 200  # 127.0.0.1
    remote = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert remote.status_code == 403 and remote.json["code"] == "forbidden"
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200

    token_app = build_app(sqlite_url, tmp_path / "b", metrics_token="rahasia-metrik")
    with serve(token_app) as url:
        assert requests.get(url + "/metrics").status_code == 401  # the token is needed anywhere
        wrong = requests.get(url + "/metrics", headers={"Authorization": "Bearer salah"})
        assert wrong.status_code == 401
        right = requests.get(url + "/metrics", headers={"Authorization": "Bearer rahasia-metrik"})
        assert right.status_code == 200 and "catalog_http_requests_total" in right.text


def test_metrics_behind_a_proxy_see_the_real_client(sqlite_url: str, tmp_path: Path) -> None:
    # Without trusted proxies the header is ignored: everything through a local proxy looks
    # like loopback (why deployments behind one set CATALOG_TRUSTED_PROXIES or the token).
    with serve(build_app(sqlite_url, tmp_path / "a")) as url:
        forwarded = requests.get(url + "/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
        assert forwarded.status_code == 200
    with serve(build_app(sqlite_url, tmp_path / "b", trusted_proxies=1)) as url:
        forwarded = requests.get(url + "/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
        assert forwarded.status_code == 403
        local = requests.get(url + "/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
        assert local.status_code == 200
