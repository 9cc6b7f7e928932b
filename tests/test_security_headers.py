"""Issue 11.9: security headers on every answer, the session cookie's flags and lifetime, the
reverse-proxy headers; and the OpenAPI document describing the answers as they are."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask, request
from flask.testing import FlaskClient

from catalog.config import ConfigError, Settings
from catalog.context import Catalog
from catalog.hardening import SIGNED_IN_AT
from tests import factories
from tests.conftest import build_app
from tests.servers import serve
from tests.web_helpers import assert_api_error, sign_in

PATHS = (
    "/",
    "/dataset",
    "/masuk",
    "/tidak-ada-halaman-ini",
    "/static/web/site.js",
    "/static/web/site.css",
    "/api/docs",
    "/api/static/docs.js",
    "/api/v1/openapi.json",
    "/api/v1/datasets",
    "/api/v1/datasets/tidak-ada",
    "/healthz",
)


def test_every_answer_carries_the_security_headers(app: Flask) -> None:
    with serve(app) as base:
        for path in PATHS:
            answer = requests.get(base + path, timeout=30)
            assert answer.status_code in {200, 404}, path
            headers = answer.headers
            csp = headers.get("Content-Security-Policy", "")
            directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
            assert directives["script-src"] == "'self'", (path, csp)
            assert directives["frame-ancestors"] == "'none'", path
            assert directives["object-src"] == "'none'", path
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert headers["X-Frame-Options"] == "DENY", path
            assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
            permissions = headers["Permissions-Policy"]
            for feature in ("camera=()", "microphone=()", "geolocation=()"):
                assert feature in permissions, path
            # plain http here: no HSTS (it would pin a host that has no TLS)
            assert "Strict-Transport-Security" not in headers, path


def test_answers_for_a_signed_in_caller_are_not_stored(
    app: Flask, client: FlaskClient, ctx: Catalog
) -> None:
    """A page or an API answer for a signed-in caller (a session or a token) is kept by no
    cache and not by the browser's history; public answers keep their caching, and static
    files keep their own."""
    with ctx.unit_of_work() as session:
        user = factories.make_user(session, "editor", orgs=())
        token = factories.make_token(session, user)
    for path in ("/", "/dataset", "/api/v1/datasets"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", ""), path
    sign_in(client, "editor")
    for path in ("/", "/akun", "/dataset"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path
    with client.get("/static/web/site.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")
    answer = app.test_client().get("/api/v1/users/me", headers={"Authorization": "Bearer " + token})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-store"


def test_pages_and_api_docs_have_no_inline_script(app: Flask) -> None:
    """Every <script> loads a file, except JSON-LD data (which CSP does not execute)."""
    client = app.test_client()
    with app.extensions["catalog"].unit_of_work() as session:
        factories.make_org(session, "dinas-sosial")
        dataset = factories.make_dataset(session, "dinas-sosial")
    for path in ("/", "/dataset", "/masuk", f"/dataset/{dataset.slug}", "/api/docs"):
        html = client.get(path).get_data(as_text=True)
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", html), path  # no inline event handlers
        assert " style=" not in html, path  # style-src 'self' has no 'unsafe-inline'
    docs = client.get("/api/docs").get_data(as_text=True)
    for src in re.findall(r'<script src="([^"]+)"', docs):
        answer = client.get(src)
        assert answer.status_code == 200, src
        answer.close()
    assert 'data-spec-url="/api/v1/openapi.json"' in docs


def _session_cookie(answer: object) -> str:
    cookies = [v for k, v in answer.headers.items() if k == "Set-Cookie"]  # type: ignore[attr-defined]
    found = [c for c in cookies if c.startswith("session=")]
    assert found, cookies
    return found[-1]


@pytest.mark.parametrize(
    ("public_url", "forced", "secure"),
    [
        ("https://data.tangerangkab.go.id", "", True),
        ("http://127.0.0.1:5000", "", False),
        ("https://data.tangerangkab.go.id", "false", False),
        ("http://127.0.0.1:5000", "true", True),
    ],
)
def test_session_cookie_is_secure_behind_https(
    sqlite_url: str, tmp_path: Path, public_url: str, forced: str, secure: bool
) -> None:
    app = build_app(sqlite_url, tmp_path, public_url=public_url, session_cookie_secure=forced)
    with app.extensions["catalog"].unit_of_work() as session:
        factories.make_user(session, "editor")
    client = app.test_client()
    answer = sign_in(client, "editor")
    assert answer.status_code == 302
    cookie = _session_cookie(answer)
    assert ("; Secure" in cookie) is secure, cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    lang = client.get("/?lang=en")
    lang_cookie = [v for k, v in lang.headers.items() if k == "Set-Cookie" and "lang=" in v]
    assert lang_cookie and ("; Secure" in lang_cookie[0]) is secure


def test_a_bad_secure_setting_fails_at_start() -> None:
    with pytest.raises(ConfigError, match="CATALOG_SESSION_COOKIE_SECURE"):
        Settings.from_env(env={"CATALOG_SESSION_COOKIE_SECURE": "perhaps"})
    with pytest.raises(ConfigError, match="CATALOG_TRUSTED_PROXIES"):
        Settings.from_env(env={"CATALOG_TRUSTED_PROXIES": "-1"})


def _signed_in(client: FlaskClient) -> bool:
    answer = client.get("/akun")  # the account page, or the sign-in for nobody
    return answer.status_code == 200


def test_a_sign_in_expires_after_its_lifetime(client: FlaskClient, ctx: Catalog) -> None:
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=())
    answer = sign_in(client, "editor")
    # the cookie itself expires with the sign-in (12 hours by default), not at browser exit
    expires = re.search(r"Expires=([^;]+)", _session_cookie(answer))
    assert expires, _session_cookie(answer)
    left = parsedate_to_datetime(expires.group(1)).timestamp() - time.time()
    assert 11.9 * 3600 < left <= 12 * 3600 + 5
    assert _signed_in(client)
    # activity does not extend it: 11 hours in it still holds, past 12 hours it is over
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time()) - 11 * 3600
    assert _signed_in(client)
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 60
    assert not _signed_in(client)
    with client.session_transaction() as session:
        assert "user_id" not in session  # the old session is cleared, not only ignored


def test_a_session_without_a_sign_in_time_is_not_signed_in(
    client: FlaskClient, ctx: Catalog
) -> None:
    """Cookies issued before sign-ins had a lifetime carry no time: they count as expired."""
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor")
    sign_in(client, "editor")
    with client.session_transaction() as session:
        del session[SIGNED_IN_AT]
    assert not _signed_in(client)


def test_the_lifetime_is_configurable(db_url: str, tmp_path: Path) -> None:
    app = build_app(db_url, tmp_path, session_lifetime_h=1)
    with app.extensions["catalog"].unit_of_work() as session:
        factories.make_user(session, "editor")
    client = app.test_client()
    sign_in(client, "editor")
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time()) - 50 * 60
    assert _signed_in(client)
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time()) - 61 * 60
    assert not _signed_in(client)


def _probe(app: Flask) -> None:
    @app.get("/_probe")
    def _probe_view() -> dict[str, str]:
        return {
            "remote_addr": request.remote_addr or "",
            "scheme": request.scheme,
            "host": request.host,
            "external": request.url_root,
        }


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "data.tangerangkab.go.id",
}


@contextmanager
def forwarded_probe(
    sqlite_url: str, tmp_path: Path, **settings: Any
) -> Iterator[tuple[str, requests.Response]]:
    """The application under `settings`, served with _probe, and its answer to a request
    carrying the FORWARDED headers: the base URL and the answer."""
    app = build_app(sqlite_url, tmp_path, **settings)
    _probe(app)
    with serve(app) as base:
        yield base, requests.get(base + "/_probe", headers=FORWARDED, timeout=30)


def test_one_trusted_proxy_gives_the_client_address_scheme_and_host(
    sqlite_url: str, tmp_path: Path
) -> None:
    with forwarded_probe(sqlite_url, tmp_path, trusted_proxies=1) as (base, answer):
        seen = answer.json()
        assert seen["remote_addr"] == "203.0.113.7"
        assert seen["scheme"] == "https"
        assert seen["host"] == "data.tangerangkab.go.id"
        assert seen["external"] == "https://data.tangerangkab.go.id/"
        # the proxy terminates TLS: the browser's connection is https, so HSTS is sent
        assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
        # a client putting its own X-Forwarded-For first does not choose its address
        spoofed = {**FORWARDED, "X-Forwarded-For": "10.0.0.1, 203.0.113.7"}
        assert (
            requests.get(base + "/_probe", headers=spoofed, timeout=30).json()["remote_addr"]
            == "203.0.113.7"
        )


def test_without_trusted_proxies_forwarded_headers_are_ignored(
    sqlite_url: str, tmp_path: Path
) -> None:
    with forwarded_probe(sqlite_url, tmp_path) as (base, answer):
        seen = answer.json()
        assert seen["remote_addr"] == "127.0.0.1"
        assert seen["scheme"] == "http"
        assert seen["host"] == base.removeprefix("http://")
        assert "Strict-Transport-Security" not in answer.headers


def test_405_names_the_allowed_methods(client: FlaskClient) -> None:
    api = client.delete("/api/v1/suggest?q=data")
    assert api.status_code == 405
    assert api.json is not None and api.json["code"] == "method_not_allowed"
    assert set(api.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    page = client.put("/dataset")
    assert page.status_code == 405
    assert "GET" in page.headers["Allow"]


def test_an_overlong_url_gets_414(client: FlaskClient) -> None:
    api = client.get("/api/v1/datasets?q=" + "a" * 9000)
    assert_api_error(api, 414, "uri_too_long", "Alamat (URL) permintaan terlalu panjang.")
    page = client.get("/dataset?q=" + "a" * 9000)
    assert page.status_code == 414
    html = page.get_data(as_text=True)
    assert "Alamat halaman terlalu panjang" in html
    # the page names the request's id, the same one the log line and the header carry
    assert page.headers["X-Request-Id"] and page.headers["X-Request-Id"] in html
    assert client.get("/api/v1/datasets?q=" + "a" * 400).status_code == 200


def test_openapi_document_describes_the_answers_as_they_are(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").json
    assert spec is not None
    schemas, responses = spec["components"]["schemas"], spec["components"]["responses"]
    error_ref = responses["DEFAULT_ERROR"]["content"]["application/json"]["schema"]["$ref"]
    error = schemas[error_ref.rsplit("/", 1)[1]]
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["message"]["type"] == "string"
    assert error["properties"]["errors"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    assert set(error["required"]) == {"code", "message"}
    # a real error answer has exactly the documented shape
    real = client.get("/api/v1/datasets/tidak-ada").json
    assert real is not None and set(real) <= set(error["properties"])
    assert isinstance(real["code"], str)
    # 413 where a body is sent, 414 everywhere
    post = spec["paths"]["/api/v1/datasets"]["post"]["responses"]
    assert "413" in post and "414" in post
    assert "413" not in spec["paths"]["/api/v1/datasets"]["get"]["responses"]
    for ops in spec["paths"].values():
        for method, op in ops.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                assert "414" in op["responses"], method
    too_large = client.post(
        "/api/v1/datasets", data="x" * (1024 * 1024 + 10), content_type="application/json"
    )
    assert too_large.status_code == 413 and too_large.json["code"] == "payload_too_large"
    # the report answers JSON or CSV
    report = spec["paths"]["/api/v1/recommendations/report"]["get"]["responses"]["200"]
    assert set(report["content"]) == {"application/json", "text/csv"}
    assert client.get("/api/v1/recommendations/report?format=csv").mimetype == "text/csv"
    # URLs are JSON Schema `uri`s; the password minimum and array limits are documented
    assert schemas["Resource"]["properties"]["url"]["format"] == "uri"
    assert schemas["OrganizationIn"]["properties"]["website"]["format"] == "uri"
    for name in ("UserIn", "UserPatch"):
        assert schemas[name]["properties"]["password"]["minLength"] == 10, name
    assert schemas["DatasetIn"]["properties"]["tags"]["maxItems"] == 50
    assert schemas["DatasetIn"]["properties"]["resources"]["maxItems"] == 200
    assert schemas["UserIn"]["properties"]["roles"]["maxItems"] == 2
