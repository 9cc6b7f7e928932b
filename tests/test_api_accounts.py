"""Organizations, users, roles, memberships and API tokens through the REST API."""

from __future__ import annotations

import hashlib
import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, text

from catalog.context import Catalog
from catalog.models import ApiToken
from tests.conftest import World


def test_organizations_list_and_show(client: FlaskClient, world: World) -> None:
    listing = client.get("/api/v1/organizations").json
    assert listing["total"] == 2
    assert [o["slug"] for o in listing["results"]] == ["dinas-kesehatan", "dinas-pendidikan"]
    one = client.get("/api/v1/organizations/dinas-kesehatan")
    assert one.status_code == 200 and one.json["title"] == "Dinas Kesehatan"
    assert one.json["dataset_count"] == 0
    assert client.get("/api/v1/organizations/tidak-ada").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), [(None, 401), ("editor", 403), ("reviewer", 403), ("admin", 201)]
)
def test_create_organization_needs_admin(
    client: FlaskClient, world: World, who: str | None, status: int
) -> None:
    body = {"slug": "bappeda", "title": "Badan Perencanaan Pembangunan Daerah", "kind": "opd"}
    response = client.post("/api/v1/organizations", json=body, headers=world.auth(who))
    assert response.status_code == status
    expected_total = 3 if status == 201 else 2
    assert client.get("/api/v1/organizations").json["total"] == expected_total


def test_organization_validation_and_conflict(client: FlaskClient, world: World) -> None:
    bad = client.post(
        "/api/v1/organizations",
        json={"slug": "Bad Slug!", "title": "", "kind": "kementerian"},
        headers=world.auth("admin"),
    )
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"slug", "title", "kind"}
    dup = client.post(
        "/api/v1/organizations",
        json={"slug": "dinas-kesehatan", "title": "Lagi"},
        headers=world.auth("admin"),
    )
    assert dup.status_code == 409 and "slug" in dup.json["errors"]


def test_update_organization(client: FlaskClient, world: World) -> None:
    url = "/api/v1/organizations/dinas-kesehatan"
    refused = client.patch(url, json={"title": "Dinas X"}, headers=world.auth("editor"))
    assert refused.status_code == 403
    done = client.patch(url, json={"code": "DINKES"}, headers=world.auth("admin"))
    assert done.status_code == 200 and done.json["code"] == "DINKES"


def test_users_admin_only(client: FlaskClient, world: World) -> None:
    assert client.get("/api/v1/users").status_code == 401
    assert client.get("/api/v1/users", headers=world.auth("editor")).status_code == 403
    users = client.get("/api/v1/users", headers=world.auth("admin")).json
    assert {u["username"] for u in users} == {"admin", "reviewer", "editor", "editor2"}
    assert all("password" not in u and "password_hash" not in u for u in users)


def test_create_user_grant_role_and_membership(client: FlaskClient, world: World) -> None:
    created = client.post(
        "/api/v1/users",
        json={"username": "budi", "password": "rahasia-sekali-1", "roles": ["bps_reviewer"]},
        headers=world.auth("admin"),
    )
    assert created.status_code == 201 and created.json["roles"] == ["bps_reviewer"]
    member = client.post(
        "/api/v1/organizations/dinas-kesehatan/members",
        json={"username": "budi", "role": "editor"},
        headers=world.auth("admin"),
    )
    assert member.status_code == 200 and member.json == {
        "organization": "dinas-kesehatan",
        "role": "editor",
    }
    granted = client.post(
        "/api/v1/users/budi/roles", json={"role": "admin"}, headers=world.auth("admin")
    )
    assert granted.json["roles"] == ["admin", "bps_reviewer"]
    revoked = client.delete("/api/v1/users/budi/roles/admin", headers=world.auth("admin"))
    assert revoked.json["roles"] == ["bps_reviewer"]
    removed = client.delete(
        "/api/v1/organizations/dinas-kesehatan/members/budi", headers=world.auth("admin")
    )
    assert removed.status_code == 204
    assert client.get("/api/v1/users/budi", headers=world.auth("admin")).json["memberships"] == []


def test_user_errors(client: FlaskClient, world: World) -> None:
    short = client.post(
        "/api/v1/users", json={"username": "ani", "password": "pendek"}, headers=world.auth("admin")
    )
    assert short.status_code == 422 and "password" in short.json["errors"]
    dup = client.post("/api/v1/users", json={"username": "editor"}, headers=world.auth("admin"))
    assert dup.status_code == 409
    bad_role = client.post(
        "/api/v1/users/editor/roles", json={"role": "raja"}, headers=world.auth("admin")
    )
    assert bad_role.status_code == 422
    self_grant = client.post(
        "/api/v1/users/me/roles", json={"role": "admin"}, headers=world.auth("editor")
    )
    assert self_grant.status_code == 403
    other = client.get("/api/v1/users/reviewer", headers=world.auth("editor"))
    assert other.status_code == 403


def test_me_and_self_service(client: FlaskClient, world: World) -> None:
    me = client.get("/api/v1/users/me", headers=world.auth("editor")).json
    assert me["username"] == "editor"
    assert me["memberships"] == [{"organization": "dinas-kesehatan", "role": "editor"}]
    changed = client.patch(
        "/api/v1/users/me", json={"full_name": "Siti Editor"}, headers=world.auth("editor")
    )
    assert changed.status_code == 200 and changed.json["full_name"] == "Siti Editor"
    deactivate = client.patch(
        "/api/v1/users/me", json={"active": False}, headers=world.auth("editor")
    )
    assert deactivate.status_code == 403
    assert client.get("/api/v1/users/me").status_code == 401


def test_token_secret_is_never_stored(client: FlaskClient, world: World, ctx: Catalog) -> None:
    response = client.post(
        "/api/v1/users/me/tokens", json={"name": "skrip"}, headers=world.auth("editor")
    )
    assert response.status_code == 201
    secret = response.json["secret"]
    token_id = response.json["token"]["id"]
    assert secret.startswith("kss_") and len(secret) > 40
    # The secret appears nowhere in the database, only its SHA-256.
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM api_tokens")).all()
    dumped = repr(rows)
    assert secret not in dumped and secret[len("kss_") + 6 :] not in dumped
    with ctx.db.session() as session:
        token = session.scalar(select(ApiToken).where(ApiToken.id == token_id))
        assert token is not None
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    # The new secret works, lists without the secret, and stops working once revoked.
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/users/me", headers=auth).json["username"] == "editor"
    listed = client.get("/api/v1/users/me/tokens", headers=auth).json
    assert len(listed) == 2 and all("secret" not in t for t in listed)
    assert any(t["last_used"] for t in listed)
    assert (
        client.delete(f"/api/v1/tokens/{token_id}", headers=world.auth("other_editor")).status_code
        == 403
    )
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=auth).status_code == 200
    assert client.get("/api/v1/users/me", headers=auth).status_code == 401


def test_expired_token_refused(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/users/me/tokens",
        json={"name": "lama", "expires_at": "2020-01-01T00:00:00+00:00"},
        headers=world.auth("editor"),
    )
    secret = response.json["secret"]
    assert (
        client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_deactivated_user_token_refused(client: FlaskClient, world: World) -> None:
    assert (
        client.patch(
            "/api/v1/users/editor", json={"active": False}, headers=world.auth("admin")
        ).status_code
        == 200
    )
    assert client.get("/api/v1/users/me", headers=world.auth("editor")).status_code == 401


def test_openapi_and_docs(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json["paths"]
    assert "/api/v1/datasets" in paths and "/api/v1/datasets/{id_or_slug}" in paths
    assert "DatasetIn" in spec.json["components"]["schemas"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"/api/static/swagger-ui/swagger-ui-bundle.js" in docs.data
    with client.get("/api/static/swagger-ui/swagger-ui-bundle.js") as bundle:
        assert bundle.status_code == 200 and len(bundle.data) > 100_000


def test_health_and_ready(client: FlaskClient) -> None:
    assert client.get("/healthz").json == {"status": "ok", "pid": os.getpid(), "worker": "off"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"]["database"]["ok"] is True


def test_metrics(client: FlaskClient, world: World) -> None:
    client.get("/api/v1/datasets")
    text = client.get("/metrics").get_data(as_text=True)
    labels = 'endpoint="datasets.DatasetCollection",method="GET",status="200"'
    assert f"catalog_http_requests_total{{{labels}}} 1.0" in text
    assert "catalog_index_outbox_pending 0.0" in text


def test_unknown_route_and_method(client: FlaskClient) -> None:
    missing = client.get("/api/v1/tidak-ada")
    assert missing.status_code == 404 and missing.json["code"] == "not_found"
    wrong = client.put("/api/v1/datasets")
    assert wrong.status_code == 405 and wrong.json["code"] == "method_not_allowed"
