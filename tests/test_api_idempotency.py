"""Idempotency-Key on POST /api/v1/datasets: a retried create never makes a duplicate."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalog.context import Catalog
from catalog.models import Dataset
from tests.conftest import World
from tests.factories import dataset_payload

KEY = "5f0c2a8e-8d0b-4b4e-a1c2-3d4e5f607182"


def _count(ctx: Catalog, title: str) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).where(Dataset.title == title)) or 0)


def test_a_retry_with_the_same_key_gets_the_first_dataset(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    payload = dataset_payload(world.org, title="Jumlah Posyandu Aktif")
    headers = {**world.auth("editor"), "Idempotency-Key": KEY}
    first = client.post("/api/v1/datasets", json=payload, headers=headers)
    assert first.status_code == 201, first.json
    assert "Idempotent-Replayed" not in first.headers
    # the same body again, keys in another order (a client's JSON library may reorder)
    retry = client.post(
        "/api/v1/datasets", json=dict(reversed(list(payload.items()))), headers=headers
    )
    assert retry.status_code == 200, retry.json
    assert retry.json["id"] == first.json["id"] and retry.json["slug"] == first.json["slug"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.headers["Location"] == first.headers["Location"]
    assert _count(ctx, "Jumlah Posyandu Aktif") == 1

    other_body = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.org, title="Jumlah Posyandu Pratama"),
        headers=headers,
    )
    assert other_body.status_code == 422
    assert other_body.json["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in other_body.json["errors"]
    assert _count(ctx, "Jumlah Posyandu Pratama") == 0

    # keys belong to their user: the admin's same key is a request of its own
    admin = client.post(
        "/api/v1/datasets",
        json=payload,
        headers={**world.auth("admin"), "Idempotency-Key": KEY},
    )
    assert admin.status_code == 201 and admin.json["id"] != first.json["id"]
    # without a key every POST creates
    plain = client.post("/api/v1/datasets", json=payload, headers=world.auth("editor"))
    assert plain.status_code == 201 and plain.json["id"] != first.json["id"]
    assert _count(ctx, "Jumlah Posyandu Aktif") == 3


def test_a_malformed_key_is_a_field_error(client: FlaskClient, world: World, ctx: Catalog) -> None:
    payload = dataset_payload(world.org, title="Jumlah Puskesmas")
    for bad in ("x" * 201, "dua kata"):
        answer = client.post(
            "/api/v1/datasets",
            json=payload,
            headers={**world.auth("editor"), "Idempotency-Key": bad},
        )
        assert answer.status_code == 422, bad
        assert answer.json["errors"]["Idempotency-Key"]
    assert _count(ctx, "Jumlah Puskesmas") == 0
    anonymous = client.post("/api/v1/datasets", json=payload, headers={"Idempotency-Key": KEY})
    assert anonymous.status_code == 401


def test_the_key_is_in_the_openapi_document(client: FlaskClient) -> None:
    post = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/datasets"]["post"]
    [header] = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and header["required"] is False
    assert {"200", "201", "422"} <= set(post["responses"])
