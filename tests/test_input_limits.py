"""Input the app must refuse cleanly (issue 11): JSON nested deep enough to exhaust the parser's
recursion (item 10, against a real server on 127.0.0.1), and labels made only of invisible
characters (item 13)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from catalog.jsonio import MAX_JSON_DEPTH, json_depth
from schemas.fields import M_INVISIBLE
from tests.conftest import World
from tests.factories import dataset_payload
from tests.servers import serve

DEEP = 100_000


@pytest.fixture
def base(app: Flask) -> Iterator[str]:
    with serve(app) as url:
        yield url


def assert_too_deep(response: requests.Response) -> None:
    assert response.status_code == 400, response.text[:300]
    body = response.json()
    assert body["code"] == "json_too_deep"
    assert str(MAX_JSON_DEPTH) in body["message"] and "JSON" in body["message"]


def test_depth_is_counted_without_parsing() -> None:
    assert json_depth(b"[]") == 1
    assert json_depth(b'{"a": [1, {"b": "[[[[[[ not brackets ]"}]}') == 3
    assert json_depth(b'["\\"[[[", [[]]]') == 3
    assert json_depth(b"[" * DEEP) == DEEP


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_json_body_is_400_not_500_on_the_api(base: str, world: World, opener: str) -> None:
    headers = {**world.auth("editor"), "Content-Type": "application/json"}
    body = opener * DEEP
    assert_too_deep(requests.post(f"{base}/api/v1/datasets", data=body, headers=headers))
    # also for anonymous callers and other endpoints: the guard runs before anything else
    assert_too_deep(
        requests.post(
            f"{base}/api/v1/organizations", data=body, headers={"Content-Type": "application/json"}
        )
    )
    # nesting within the bound is ordinary input: a field error, not a depth error
    shallow = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    response = requests.post(f"{base}/api/v1/datasets", data=shallow, headers=headers)
    assert response.status_code in (400, 422), response.text[:300]
    assert response.json()["code"] != "json_too_deep"
    # brackets inside strings are text
    payload = dataset_payload(world.org, description="[" * 5000)
    response = requests.post(f"{base}/api/v1/datasets", json=payload, headers=world.auth("editor"))
    assert response.status_code == 201, response.text[:300]


def test_deep_json_is_400_on_the_ckan_action_api(base: str) -> None:
    url = f"{base}/api/3/action/package_search"
    response = requests.post(url, data="[" * DEEP, headers={"Content-Type": "application/json"})
    assert_too_deep(response)
    # a JSON list inside a form field (facet.field) is parsed too
    response = requests.post(url, data={"facet.field": "[" * DEEP})
    assert response.status_code == 400, response.text[:300]
    body = response.json()
    assert body["success"] is False
    assert str(MAX_JSON_DEPTH) in body["error"]["message"]
    ok = requests.post(url, data={"facet.field": json.dumps(["tags"])})
    assert ok.status_code == 200 and ok.json()["success"] is True


# ---------------------------------------------------------------- invisible labels

INVISIBLE_ONLY = "\u200b\u200c\u200d\u2060\ufeff\u202e\u2066\u2069\u00ad"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": INVISIBLE_ONLY}, "title"),
        ({"title": " \u202e\u200b \u3164\u3164\u3164 "}, "title"),
        ({"tags": [INVISIBLE_ONLY, "gizi"]}, "tags.0"),
        ({"contact_name": "\u200b\u200b"}, "contact_name"),
        ({"resources": [{"name": "\u2066\u2069", "url": "https://x.example.go.id/a.csv"}]},
         "resources.0.name"),
    ],
)  # fmt: skip
def test_labels_of_invisible_characters_are_refused(
    client: FlaskClient, world: World, overrides: dict[str, object], field: str
) -> None:
    world.assert_dataset_refused(client, field, M_INVISIBLE, **overrides)


def test_format_characters_are_stripped_from_labels(client: FlaskClient, world: World) -> None:
    title = "Prevalensi\u200b Stunting \u202eBalita\u202c 2023"
    response = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.org, title=title, tags=["gizi\u200d", "\u2066balita\u2069"]),
        headers=world.auth("editor"),
    )
    assert response.status_code == 201, response.json
    assert response.json["title"] == "Prevalensi Stunting Balita 2023"
    assert sorted(response.json["tags"]) == ["balita", "gizi"]
    organization = client.post(
        "/api/v1/organizations",
        json={"slug": "kosong", "title": "\u200b\u200e\u200f"},
        headers=world.auth("admin"),
    )
    assert organization.status_code == 422, organization.json
    assert organization.json["errors"]["title"] == [M_INVISIBLE]
