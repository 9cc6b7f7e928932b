"""REST /api/v1/harvest: source CRUD by the owning agency, run now, job status and records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from catalog.context import Catalog
from catalog.worker import Worker
from tests.ckan_fake import FakeCkan, make_package
from tests.conftest import World

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True}


@pytest.fixture
def portal() -> Iterator[FakeCkan]:
    packages = [make_package(n) for n in range(1, 6)]
    packages[2]["title"] = "x"  # invalid: too short
    fake = FakeCkan(packages).start()
    yield fake
    fake.stop()


def source_body(url: str, **kw: object) -> dict[str, object]:
    body = {
        "organization": "dinas-kesehatan",
        "title": "Portal Dinkes",
        "type": "ckan",
        "url": url,
        "config": {"api_key": "rahasia"},
        "schedule": "daily",
    }
    body.update(kw)
    return body


def test_crud_run_and_records(
    client: FlaskClient, ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    res = client.post(
        "/api/v1/harvest/sources", json=source_body(portal.url), headers=world.auth("editor")
    )
    assert res.status_code == 201, res.json
    source = res.json
    assert source["config"] == {"api_key": "••••"} and source["next_run_at"]
    sid = source["id"]

    listed = client.get("/api/v1/harvest/sources", headers=world.auth("editor")).json
    assert listed["total"] == 1 and listed["results"][0]["last_job"] is None

    res = client.patch(
        f"/api/v1/harvest/sources/{sid}",
        json={"schedule": "0 3 * * 1"},
        headers=world.auth("editor"),
    )
    assert res.status_code == 200 and res.json["schedule"] == "0 3 * * 1"

    res = client.post(f"/api/v1/harvest/sources/{sid}/jobs", headers=world.auth("editor"))
    assert res.status_code == 202 and res.json["status"] == "queued"
    job_id = res.json["id"]
    assert Worker(ctx, lease_s=30).run_once() == "partial"

    job = client.get(f"/api/v1/harvest/jobs/{job_id}", headers=world.auth("editor")).json
    assert job["status"] == "partial"
    assert job["counts"] == {
        "found": 5,
        "created": 4,
        "updated": 0,
        "restored": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "skipped_private": 0,
        "errors": 1,
        "warnings": 0,
    }
    assert job["progress"] == {"done": 5, "total": 5}

    errors = client.get(
        f"/api/v1/harvest/jobs/{job_id}/records?action=error", headers=world.auth("editor")
    ).json
    assert errors["total"] == 1
    [rec] = errors["results"]
    assert rec["errors"] == {"title": ["Panjang harus antara 3 dan 500 karakter."]}
    assert rec["raw"]["id"] == portal.packages[2]["id"]

    assert (
        client.delete(f"/api/v1/harvest/sources/{sid}", headers=world.auth("editor")).status_code
        == 204
    )
    assert (
        client.get(f"/api/v1/harvest/sources/{sid}", headers=world.auth("editor")).status_code
        == 404
    )


def test_permissions_and_validation(client: FlaskClient, world: World, portal: FakeCkan) -> None:
    body = source_body(portal.url)
    assert client.post("/api/v1/harvest/sources", json=body).status_code == 401
    res = client.post("/api/v1/harvest/sources", json=body, headers=world.auth("other_editor"))
    assert res.status_code == 403
    res = client.post(
        "/api/v1/harvest/sources",
        json=source_body("ftp://x", type="gopher", schedule="kadang"),
        headers=world.auth("editor"),
    )
    assert res.status_code == 422
    assert set(res.json["errors"]) >= {"url", "type"}
    res = client.post(
        "/api/v1/harvest/sources",
        json=source_body(portal.url, schedule="kadang"),
        headers=world.auth("editor"),
    )
    assert res.status_code == 422 and "schedule" in res.json["errors"]
    body_file = source_body("https://example.org/a.json", type="file")
    res = client.post("/api/v1/harvest/sources", json=body_file, headers=world.auth("admin"))
    assert res.status_code == 422 and "type" in res.json["errors"]

    sid = client.post("/api/v1/harvest/sources", json=body, headers=world.auth("admin")).json["id"]
    for method, path in (
        ("patch", f"/api/v1/harvest/sources/{sid}"),
        ("delete", f"/api/v1/harvest/sources/{sid}"),
        ("post", f"/api/v1/harvest/sources/{sid}/jobs"),
    ):
        res = getattr(client, method)(
            path, json={"title": "Ganti"}, headers=world.auth("other_editor")
        )
        assert res.status_code == 403, (method, path)
    job = client.post(f"/api/v1/harvest/sources/{sid}/jobs", headers=world.auth("editor")).json
    job_url = f"/api/v1/harvest/jobs/{job['id']}"
    assert client.get(job_url, headers=world.auth("other_editor")).status_code == 403
    cancelled = client.delete(job_url, headers=world.auth("editor"))
    assert cancelled.json["status"] == "cancelled"
    bad = client.get(
        f"/api/v1/harvest/jobs/{job['id']}/records?action=x", headers=world.auth("editor")
    )
    assert bad.status_code == 422
