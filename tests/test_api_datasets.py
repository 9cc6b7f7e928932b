"""REST API v1 datasets: every endpoint's success and failure paths, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalog.context import Catalog
from catalog.models import Dataset, IndexOutbox
from schemas.fields import M_URL
from tests.conftest import World
from tests.factories import dataset_payload


def create(client: FlaskClient, world: World, who: str = "editor", **overrides: object) -> dict:
    org = str(overrides.pop("organization", world.org))
    response = client.post(
        "/api/v1/datasets", json=dataset_payload(org, **overrides), headers=world.auth(who)
    )
    assert response.status_code == 201, response.json
    return response.json


def test_create_read_list(client: FlaskClient, world: World, ctx: Catalog) -> None:
    body = create(client, world, title="Jumlah Kasus Demam Berdarah Dengue (DBD) 2023")
    assert body["slug"] == "jumlah-kasus-demam-berdarah-dengue-dbd-2023"
    assert body["organization"]["slug"] == "dinas-kesehatan"
    assert body["version"] == 1 and body["state"] == "published"
    assert body["spatial"] == ["36.03.01", "36.03.03"] and body["spatial_level"] == "kecamatan"
    assert body["resources"][0]["format"] == "XLSX"
    assert body["recommendation"]["status"] == "none"

    by_slug = client.get(f"/api/v1/datasets/{body['slug']}")
    by_id = client.get(f"/api/v1/datasets/{body['id']}")
    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json == by_id.json
    assert by_slug.headers["ETag"] == 'W/"1"'

    listing = client.get("/api/v1/datasets").json
    assert listing["total"] == 1 and listing["results"][0]["id"] == body["id"]
    with ctx.db.session() as session:
        # the outbox row written with the change was drained into the search index on commit
        assert session.scalar(select(func.count()).select_from(IndexOutbox)) == 0
    assert ctx.readiness["search"]()["documents"] == 1


def test_list_paging_and_filters(client: FlaskClient, world: World) -> None:
    for _ in range(5):
        create(client, world)
    create(client, world, who="other_editor", organization=world.other_org)
    page = client.get("/api/v1/datasets?per_page=2&page=2").json
    assert page["total"] == 6 and len(page["results"]) == 2 and page["page"] == 2
    only = client.get(f"/api/v1/datasets?organization={world.other_org}").json
    assert only["total"] == 1
    assert client.get("/api/v1/datasets?organization=nope").status_code == 404


@pytest.mark.parametrize(
    "query", ["per_page=0", "per_page=101", "page=0", "page=abc", "state=gone"]
)
def test_list_bad_paging(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/datasets?{query}")
    assert response.status_code == 422
    assert response.json["code"] == "validation_error" and response.json["errors"]


def test_replace_and_patch_with_versions(client: FlaskClient, world: World) -> None:
    body = create(client, world)
    url = f"/api/v1/datasets/{body['id']}"
    patched = client.patch(url, json={"unit": "orang", "version": 1}, headers=world.auth("editor"))
    assert patched.status_code == 200 and patched.json["unit"] == "orang"
    assert patched.json["version"] == 2 and patched.json["title"] == body["title"]

    replacement = dataset_payload(world.org, title="Judul Baru Sama Sekali", version=2)
    del replacement["methodology"]
    replaced = client.put(url, json=replacement, headers=world.auth("editor"))
    assert replaced.status_code == 200
    assert replaced.json["title"] == "Judul Baru Sama Sekali"
    assert replaced.json["methodology"] == ""  # a replace resets what the body leaves out
    assert replaced.json["version"] == 3

    via_header = client.patch(
        url, json={"unit": "jiwa"}, headers={**world.auth("editor"), "If-Match": 'W/"3"'}
    )
    assert via_header.status_code == 200 and via_header.json["version"] == 4


def test_stale_version_is_a_conflict_and_changes_nothing(client: FlaskClient, world: World) -> None:
    body = create(client, world)
    url = f"/api/v1/datasets/{body['id']}"
    first = client.patch(url, json={"unit": "a", "version": 1}, headers=world.auth("editor"))
    assert first.status_code == 200
    second = client.patch(url, json={"unit": "b", "version": 1}, headers=world.auth("editor"))
    assert second.status_code == 409
    assert second.json["code"] == "conflict" and "version" in second.json["errors"]
    assert client.get(url).json["unit"] == "a"


def test_update_without_version_is_refused(client: FlaskClient, world: World) -> None:
    body = create(client, world)
    response = client.patch(
        f"/api/v1/datasets/{body['id']}", json={"unit": "x"}, headers=world.auth("editor")
    )
    assert response.status_code == 422 and "version" in response.json["errors"]


def test_withdraw_and_restore(client: FlaskClient, world: World) -> None:
    body = create(client, world)
    url = f"/api/v1/datasets/{body['slug']}"
    withdrawn = client.delete(url, headers=world.auth("editor"))
    assert withdrawn.status_code == 200 and withdrawn.json["state"] == "withdrawn"
    assert client.get(url).status_code == 404  # anonymous no longer sees it
    assert client.get(url, headers=world.auth("editor")).json["state"] == "withdrawn"
    assert client.get("/api/v1/datasets").json["total"] == 0
    restored = client.post(url + "/restore", headers=world.auth("editor"))
    assert restored.status_code == 200 and restored.json["state"] == "published"
    assert client.get(url).status_code == 200


def test_drafts_are_private(client: FlaskClient, world: World) -> None:
    body = create(client, world, state="draft")
    url = f"/api/v1/datasets/{body['id']}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=world.auth("other_editor")).status_code == 404
    assert client.get(url, headers=world.auth("editor")).status_code == 200
    assert client.get(url, headers=world.auth("admin")).status_code == 200
    drafts = client.get("/api/v1/datasets?state=draft", headers=world.auth("other_editor")).json
    assert drafts["total"] == 0
    assert (
        client.get("/api/v1/datasets?state=draft", headers=world.auth("editor")).json["total"] == 1
    )


# who -> expected status for writing a dataset of dinas-kesehatan
WRITE_MATRIX = [
    (None, 401),
    ("other_editor", 403),
    ("reviewer", 403),
    ("editor", None),
    ("admin", None),
]


@pytest.mark.parametrize(("who", "refused"), WRITE_MATRIX)
def test_authorization_matrix(
    client: FlaskClient, world: World, who: str | None, refused: int | None
) -> None:
    created = client.post(
        "/api/v1/datasets", json=dataset_payload(world.org), headers=world.auth(who)
    )
    assert created.status_code == (refused or 201)
    target = create(client, world)  # made by the agency's editor
    url = f"/api/v1/datasets/{target['id']}"
    calls = [
        client.patch(url, json={"unit": "x", "version": 1}, headers=world.auth(who)),
        client.put(url, json=dataset_payload(world.org, version=1), headers=world.auth(who)),
        client.delete(url, headers=world.auth(who)),
    ]
    if refused:
        assert [c.status_code for c in calls] == [refused] * 3
        assert client.get(url).json["version"] == 1
    else:
        assert [c.status_code for c in calls[:1]] == [200]


def test_editor_cannot_move_dataset_to_other_agency(client: FlaskClient, world: World) -> None:
    body = create(client, world)
    response = client.patch(
        f"/api/v1/datasets/{body['id']}",
        json={"organization": world.other_org, "version": 1},
        headers=world.auth("editor"),
    )
    assert response.status_code == 403


def test_invalid_token_is_401(client: FlaskClient) -> None:
    for header in ("Bearer kss_nonsense", "Basic abc", "Bearer "):
        response = client.get("/api/v1/datasets", headers={"Authorization": header})
        assert response.status_code == 401 and response.json["code"] == "unauthorized"


def test_validation_errors_have_paths_and_indonesian_messages(
    client: FlaskClient, world: World
) -> None:
    body = dataset_payload(
        world.org,
        title=12,
        spatial=["36.03.01", "36.99.99"],
        topics=["astronomi"],
        resources=[{"name": "x", "url": "bukan url"}],
        temporal_start="2024-01-01",
        temporal_end="2023-01-01",
        unknown_field="x",
    )
    response = client.post("/api/v1/datasets", json=body, headers=world.auth("editor"))
    assert response.status_code == 422
    errors = response.json["errors"]
    assert errors["title"] == ["Harus berupa teks."]
    assert errors["spatial.1"] == ["Kode wilayah tidak dikenal: 36.99.99."]
    assert errors["resources.0.url"] == [M_URL]
    assert errors["unknown_field"] == ["Kolom tidak dikenal."]
    assert errors["temporal_end"] == ["Tanggal akhir sebelum tanggal awal."]
    assert errors["topics.0"][0].startswith("Nilai tidak dikenal")


def test_unknown_organization_is_a_field_error(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/datasets", json=dataset_payload("tidak-ada"), headers=world.auth("admin")
    )
    assert response.status_code == 422 and "organization" in response.json["errors"]


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 422),
        ('"text"', "application/json", 422),
        ("x" * (1024 * 1024 + 10), "application/json", 413),
        ("title=x", "application/x-www-form-urlencoded", 422),
    ],
)
def test_malformed_bodies_never_500(
    client: FlaskClient, world: World, data: str, content_type: str, status: int
) -> None:
    response = client.post(
        "/api/v1/datasets", data=data, content_type=content_type, headers=world.auth("editor")
    )
    assert response.status_code == status
    assert set(response.json) == {"code", "message", "errors", "request_id"}


def test_duplicate_slug_and_identifier_conflict(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    first = create(client, world, slug="data-unik", identifier="https://data.example.go.id/ds/1")
    again = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.org, slug="data-unik"),
        headers=world.auth("editor"),
    )
    assert again.status_code == 409 and "slug" in again.json["errors"]
    same_uri = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.org, identifier="https://data.example.go.id/ds/1"),
        headers=world.auth("editor"),
    )
    assert same_uri.status_code == 409 and "identifier" in same_uri.json["errors"]
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Dataset)) == 1
    assert first["slug"] == "data-unik"


def test_same_title_gets_distinct_slugs(client: FlaskClient, world: World) -> None:
    a = create(client, world, title="Angka Partisipasi Sekolah")
    b = create(client, world, title="Angka Partisipasi Sekolah")
    assert a["slug"] == "angka-partisipasi-sekolah" and b["slug"] == "angka-partisipasi-sekolah-2"


def test_harvested_html_is_sanitized(client: FlaskClient, world: World) -> None:
    body = create(
        client, world, description='<p onclick="x()">Data</p><script>alert("x")</script>**ok**'
    )
    assert "<script" not in body["description"] and "onclick" not in body["description"]
    assert "Data" in body["description"] and "**ok**" in body["description"]


def test_unknown_dataset_404(client: FlaskClient, world: World) -> None:
    assert client.get("/api/v1/datasets/tidak-ada").status_code == 404
    response = client.patch(
        "/api/v1/datasets/tidak-ada", json={"version": 1}, headers=world.auth("admin")
    )
    assert response.status_code == 404 and response.json["code"] == "not_found"


def test_a_resource_over_2_gib_is_stored(client: FlaskClient, world: World) -> None:
    """File sizes are 64-bit: a 5 GB census extract is an ordinary resource."""
    body = dataset_payload(world.org)
    body["resources"][0]["size"] = 5 * 1024**3
    created = client.post("/api/v1/datasets", json=body, headers=world.auth("editor"))
    assert created.status_code == 201, created.get_json()
    read = client.get(f"/api/v1/datasets/{created.get_json()['id']}")
    assert read.get_json()["resources"][0]["size"] == 5 * 1024**3
