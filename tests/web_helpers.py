"""Helpers for driving the web pages with Flask's test client."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories import PASSWORD

if TYPE_CHECKING:
    from tests.conftest import World

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(client: FlaskClient, path: str) -> str:
    page = client.get(path)
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD) -> TestResponse:
    token = csrf_from(client, "/masuk")
    return client.post(
        "/masuk", data={"username": username, "password": password, "csrf_token": token}
    )


def switch_user(client: FlaskClient, username: str) -> None:
    """Sign out whoever is signed in, then sign in as `username`."""
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})
    sign_in(client, username)


def found_in(pattern: str, text: str, flags: int = 0) -> str:
    """The first group of `pattern` in `text`, which must be there."""
    found = re.search(pattern, text, flags)
    assert found, pattern
    return found.group(1)


def form_version(html: str) -> str:
    """The record version a form carries in its hidden field."""
    return found_in(r'name="version" value="(\d+)"', html)


def editor_opens_new_form(client: FlaskClient, new: str) -> str:
    """Dinas Kesehatan's editor signs in, finds the link to the form at `new` on the agency's
    dashboard and opens it; the form's HTML."""
    sign_in(client, "editor")
    dashboard = client.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    assert new in dashboard
    return client.get(new).get_data(as_text=True)


def post_form(client: FlaskClient, page: str, path: str, data: dict[str, Any]) -> TestResponse:
    """Post a form to path with the CSRF token of the page it is on."""
    return client.post(path, data={**data, "csrf_token": csrf_from(client, page)})


def new_dataset(client: FlaskClient, world: World, **overrides: Any) -> dict[str, Any]:
    """Create a dataset through the API (world.post_dataset); its JSON."""
    response = world.post_dataset(client, **overrides)
    created = response.json
    assert response.status_code == 201 and created is not None, created
    return dict(created)


def page_text(html: str) -> str:
    """A page's words without tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_api_error(response: TestResponse, status: int, code: str, message: str) -> None:
    """An API error answer with no field errors, carrying its request id as the header does."""
    assert response.status_code == status
    assert response.json == {
        "code": code,
        "message": message,
        "errors": {},
        "request_id": response.headers["X-Request-Id"],
    }
