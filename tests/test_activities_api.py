"""API v1 /activities: create (slug from title and year), read with role checks, list with
filters and facets, replace and patch with optimistic versions, delete, the datasets of an
activity (link, unlink, PUT /datasets/{ref}/activity) and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Activity, Dataset
from tests.activity_helpers import (
    activity_payload,
    administrative_payload,
    link,
    new_activity,
    new_dataset,
)
from tests.conftest import World

API = "/api/v1/activities"


def facet(body: dict[str, Any], name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][name]}


def test_create_read_and_slug_from_title_and_year(client: FlaskClient, world: World) -> None:
    payload = activity_payload(world.org, title="Survei Gizi Balita", year=2026)
    response = client.post(API, json=payload, headers=world.auth("editor"))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["slug"] == "survei-gizi-balita-2026"
    assert response.headers["Location"].endswith(f"{API}/survei-gizi-balita-2026")
    assert response.headers["ETag"] == 'W/"1"'
    assert body["organization"]["slug"] == world.org
    assert (body["title"], body["year"], body["method"], body["kind"], body["frequency"]) == (
        "Survei Gizi Balita",
        2026,
        "survei",
        "berulang",
        "tahunan",
    )
    assert body["penyelenggara"]["nama_instansi"] == "Dinas Kesehatan Kabupaten Tangerang"
    assert body["variables"][0]["name"] == "hipertensi"
    assert body["recommendation"]["status"] == "none"
    assert body["version"] == 1 and body["state"] == "published"
    # the same title and year again: a free slug
    again = client.post(API, json=payload, headers=world.auth("editor"))
    assert again.json["slug"] == "survei-gizi-balita-2026-2"
    # by slug and by id
    assert client.get(f"{API}/survei-gizi-balita-2026").json["id"] == body["id"]
    assert client.get(f"{API}/{body['id']}").json["slug"] == body["slug"]
    missing = client.get(f"{API}/tidak-ada")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.json["message"]


def test_who_may_create(client: FlaskClient, world: World) -> None:
    payload = activity_payload(world.org)
    assert client.post(API, json=payload).status_code == 401
    for who in ("other_editor", "reviewer"):
        response = client.post(API, json=payload, headers=world.auth(who))
        assert response.status_code == 403, who
    assert client.post(API, json=payload, headers=world.auth("admin")).status_code == 201
    unknown = client.post(API, json=activity_payload("tidak-ada"), headers=world.auth("admin"))
    assert unknown.status_code == 422 and "organization" in unknown.json["errors"]


def test_drafts_are_read_by_the_agency_and_bps_staff_only(
    client: FlaskClient, world: World
) -> None:
    slug = new_activity(client, world, state="draft")["slug"]
    assert client.get(f"{API}/{slug}").status_code == 404
    assert client.get(f"{API}/{slug}", headers=world.auth("other_editor")).status_code == 404
    for who in ("editor", "reviewer", "admin"):
        assert client.get(f"{API}/{slug}", headers=world.auth(who)).status_code == 200, who
    assert client.get(API).json["total"] == 0
    assert client.get(API, headers=world.auth("editor")).json["total"] == 1
    assert client.get(API, headers=world.auth("other_editor")).json["total"] == 0


def test_hidden_variables_are_for_the_agency_and_bps(client: FlaskClient, world: World) -> None:
    variables = [
        {"name": "umur", "public": True},
        {"name": "nik", "definition": "Nomor induk kependudukan.", "public": False},
    ]
    slug = new_activity(client, world, variables=variables)["slug"]
    public = client.get(f"{API}/{slug}").json["variables"]
    assert [v["name"] for v in public] == ["umur"]
    staff = client.get(f"{API}/{slug}", headers=world.auth("reviewer")).json["variables"]
    assert [v["name"] for v in staff] == ["umur", "nik"]
    listed = client.get(API).json["results"][0]["variables"]
    assert [v["name"] for v in listed] == ["umur"]


def test_list_filters_and_facets(client: FlaskClient, world: World) -> None:
    new_activity(client, world, title="Survei Kesehatan Ibu", year=2026, code="K-01")
    new_activity(client, world, title="Survei Perilaku Merokok", year=2025, sector="Sosial")
    response = client.post(
        API,
        json=administrative_payload(world.other_org, title="Kompilasi Data Sekolah", year=2025),
        headers=world.auth("other_editor"),
    )
    assert response.status_code == 201, response.json
    body = client.get(API).json
    assert body["total"] == 3
    # newest year first, then by title
    assert [a["title"] for a in body["results"]] == [
        "Survei Kesehatan Ibu",
        "Kompilasi Data Sekolah",
        "Survei Perilaku Merokok",
    ]
    assert facet(body, "status") == {"none": 3}
    assert facet(body, "method") == {"survei": 2, "kompilasi_produk_administrasi": 1}
    assert facet(body, "year") == {"2025": 2, "2026": 1}
    assert facet(body, "organization") == {world.org: 2, world.other_org: 1}

    def titles(**query: Any) -> list[str]:
        return [a["title"] for a in client.get(API, query_string=query).json["results"]]

    assert titles(organization=world.org) == ["Survei Kesehatan Ibu", "Survei Perilaku Merokok"]
    assert titles(year=2025) == ["Kompilasi Data Sekolah", "Survei Perilaku Merokok"]
    assert titles(method="kompilasi_produk_administrasi") == ["Kompilasi Data Sekolah"]
    assert titles(q="merokok") == ["Survei Perilaku Merokok"]
    assert titles(q="k-01") == ["Survei Kesehatan Ibu"]  # the code
    assert titles(q="sosial") == ["Survei Perilaku Merokok"]  # the sector
    assert titles(q="%") == [] and titles(q="_") == []  # matched as typed
    assert titles(status="none", year=2026) == ["Survei Kesehatan Ibu"]
    assert titles(status="recommended") == []
    # a facet counts with every filter but its own
    filtered = client.get(API, query_string={"year": 2025}).json
    assert facet(filtered, "year") == {"2025": 2, "2026": 1}
    assert facet(filtered, "method") == {"survei": 1, "kompilasi_produk_administrasi": 1}
    # paging
    page = client.get(API, query_string={"per_page": 2, "page": 2}).json
    assert page["total"] == 3 and [a["title"] for a in page["results"]] == [
        "Survei Perilaku Merokok"
    ]
    # bad filters are field errors, an unknown agency a 404
    bad = client.get(API, query_string={"method": "sensus", "year": "x"})
    assert bad.status_code == 422 and {"method", "year"} <= set(bad.json["errors"])
    assert client.get(API, query_string={"organization": "tidak-ada"}).status_code == 404


def test_replace_and_patch_with_versions(client: FlaskClient, world: World, ctx: Catalog) -> None:
    created = new_activity(client, world)
    slug, item = created["slug"], f"{API}/{created['slug']}"
    payload = activity_payload(world.org, title="Survei Kesehatan Rumah Tangga 2026")
    # the version is required, a stale one is a conflict, nothing changes
    missing = client.put(item, json=payload, headers=world.auth("editor"))
    assert missing.status_code == 422 and "version" in missing.json["errors"]
    stale = client.put(item, json={**payload, "version": 7}, headers=world.auth("editor"))
    assert stale.status_code == 409 and stale.json["errors"]["version"] == ["Versi sekarang 1."]
    assert client.get(item).json["title"] == created["title"]
    # others may not change it
    for who in ("other_editor", "reviewer"):
        refused = client.put(item, json={**payload, "version": 1}, headers=world.auth(who))
        assert refused.status_code == 403, who
    # replace, with If-Match
    replaced = client.put(item, json=payload, headers={**world.auth("editor"), "If-Match": 'W/"1"'})
    assert replaced.status_code == 200, replaced.json
    assert replaced.json["title"] == "Survei Kesehatan Rumah Tangga 2026"
    assert replaced.json["version"] == 2 and replaced.json["slug"] == slug  # the slug stays
    # patch one field of a block: merged into the stored block, the rest stays
    patched = client.patch(
        item,
        json={"desain_sampel": {"ukuran_sampel": 2400}, "version": 2},
        headers=world.auth("editor"),
    )
    assert patched.status_code == 200, patched.json
    assert patched.json["desain_sampel"]["ukuran_sampel"] == 2400
    assert patched.json["desain_sampel"]["metode_sampel"] == ["pps", "sistematik"]
    assert patched.json["version"] == 3
    # the merged whole is validated: a berulang activity keeps needing its frequency, and
    # a survey its sample design
    for body, field in (
        ({"frequency": None}, "frequency"),
        ({"desain_sampel": None}, "desain_sampel"),
        ({"perencanaan": {"jadwal_pengumpulan_selesai": "2025-01-01"}}, None),
    ):
        refused = client.patch(item, json={**body, "version": 3}, headers=world.auth("editor"))
        assert refused.status_code == 422, body
        if field:
            assert field in refused.json["errors"]
        else:
            assert "perencanaan.jadwal_pengumpulan_selesai" in refused.json["errors"]
    # shape errors of a patch are 422 too
    wrong = client.patch(
        item,
        json={"desain_sampel": {"ukuran_sampel": "banyak"}, "version": 3},
        headers=world.auth("editor"),
    )
    assert wrong.status_code == 422 and "desain_sampel.ukuran_sampel" in wrong.json["errors"]
    # nothing changed by the refusals; an unchanged replace keeps the version
    assert client.get(item).json["version"] == 3
    same = client.patch(item, json={"year": 2026, "version": 3}, headers=world.auth("editor"))
    assert same.status_code == 200 and same.json["version"] == 3
    # a one-off activity drops its frequency
    once = client.patch(item, json={"kind": "sekali", "version": 3}, headers=world.auth("editor"))
    assert once.json["kind"] == "sekali" and once.json["frequency"] is None
    with ctx.db.session() as session:
        stored = session.scalar(select(Activity).where(Activity.slug == slug))
        assert stored is not None and stored.frequency is None
        assert stored.profile["desain_sampel"]["ukuran_sampel"] == 2400


def test_link_and_unlink_datasets(client: FlaskClient, world: World) -> None:
    activity = new_activity(client, world)["slug"]
    first, second = new_dataset(client, world)["slug"], new_dataset(client, world)["slug"]
    assert link(client, world, activity, first).status_code == 200
    answer = link(client, world, activity, second)
    assert answer.status_code == 200
    assert answer.json["total"] == 2
    assert {d["slug"] for d in answer.json["results"]} == {first, second}
    assert answer.json["activity"]["slug"] == activity
    listed = client.get(f"{API}/{activity}/datasets").json
    assert listed["total"] == 2
    # linking again changes nothing
    assert link(client, world, activity, first).json["total"] == 2
    # unlink
    gone = client.delete(
        f"{API}/{activity}/datasets", json={"dataset": first}, headers=world.auth("editor")
    )
    assert gone.status_code == 200 and [d["slug"] for d in gone.json["results"]] == [second]
    # anonymous and other agencies may not link
    assert client.post(f"{API}/{activity}/datasets", json={"dataset": first}).status_code == 401
    other = client.post(
        f"{API}/{activity}/datasets",
        json={"dataset": first},
        headers=world.auth("other_editor"),
    )
    assert other.status_code == 403


def test_a_dataset_links_only_to_its_own_agency_activity(client: FlaskClient, world: World) -> None:
    theirs = client.post(
        API,
        json=administrative_payload(world.other_org),
        headers=world.auth("other_editor"),
    ).json["slug"]
    mine = new_dataset(client, world)["slug"]
    # the editor of the dataset, an activity of another agency: refused with a field message
    response = client.put(
        f"/api/v1/datasets/{mine}/activity",
        json={"activity": theirs},
        headers=world.auth("editor"),
    )
    assert response.status_code == 422
    assert response.json["errors"]["activity"] == [
        "Kegiatan harus milik instansi yang sama dengan dataset."
    ]
    admin = client.put(
        f"/api/v1/datasets/{mine}/activity", json={"activity": theirs}, headers=world.auth("admin")
    )
    assert admin.status_code == 422
    unknown = client.put(
        f"/api/v1/datasets/{mine}/activity",
        json={"activity": "tidak-ada"},
        headers=world.auth("editor"),
    )
    assert unknown.status_code == 422 and "activity" in unknown.json["errors"]
    assert client.get(f"/api/v1/datasets/{mine}").json["version"] == 1


def test_put_dataset_activity_sets_and_clears(client: FlaskClient, world: World) -> None:
    activity = new_activity(client, world)
    dataset = new_dataset(client, world)["slug"]
    url = f"/api/v1/datasets/{dataset}/activity"
    assert client.put(url, json={"activity": activity["slug"]}).status_code == 401
    other = client.put(url, json={"activity": activity["slug"]}, headers=world.auth("other_editor"))
    assert other.status_code == 403
    response = client.put(url, json={"activity": activity["slug"]}, headers=world.auth("editor"))
    assert response.status_code == 200, response.json
    assert response.json["activity"]["slug"] == activity["slug"]
    assert response.json["dataset"]["slug"] == dataset
    assert client.get(f"{API}/{activity['slug']}/datasets").json["total"] == 1
    assert client.get(f"/api/v1/datasets/{dataset}").json["activity"]["slug"] == activity["slug"]
    cleared = client.put(url, json={"activity": None}, headers=world.auth("editor"))
    assert cleared.status_code == 200 and cleared.json["activity"] is None
    assert client.get(f"{API}/{activity['slug']}/datasets").json["total"] == 0
    assert client.get(f"/api/v1/datasets/{dataset}").json["activity"] is None
    missing = client.put(url, json={}, headers=world.auth("editor"))
    assert missing.status_code == 422 and missing.json["errors"]["activity"] == ["Wajib diisi."]


def test_delete_unlinks_its_datasets(client: FlaskClient, world: World, ctx: Catalog) -> None:
    activity = new_activity(client, world)["slug"]
    dataset = new_dataset(client, world)["slug"]
    assert link(client, world, activity, dataset).status_code == 200
    assert client.delete(f"{API}/{activity}").status_code == 401
    assert client.delete(f"{API}/{activity}", headers=world.auth("other_editor")).status_code == 403
    response = client.delete(f"{API}/{activity}", headers=world.auth("editor"))
    assert response.status_code == 204
    assert client.get(f"{API}/{activity}").status_code == 404
    with ctx.db.session() as session:
        row = session.scalar(select(Dataset).where(Dataset.slug == dataset))
        assert row is not None and row.activity_id is None
    assert client.get(f"/api/v1/datasets/{dataset}").status_code == 200


def test_an_activity_with_a_recommendation_trail_is_not_deleted(
    client: FlaskClient, world: World
) -> None:
    activity = new_activity(client, world)["slug"]
    asked = client.post(
        f"{API}/{activity}/recommendation/request",
        json={"note": "Mohon rekomendasi."},
        headers=world.auth("editor"),
    )
    assert asked.status_code == 200, asked.json
    response = client.delete(f"{API}/{activity}", headers=world.auth("editor"))
    assert response.status_code == 409 and "recommendation" in response.json["errors"]
    assert client.get(f"{API}/{activity}").status_code == 200


def test_openapi_documents_the_activities(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    for path, methods in {
        "/api/v1/activities": {"get", "post"},
        "/api/v1/activities/{ref}": {"get", "put", "patch", "delete"},
        "/api/v1/activities/{ref}/datasets": {"get", "post", "delete"},
        "/api/v1/activities/{ref}/recommendation": {"get"},
        "/api/v1/activities/{ref}/recommendation/{action}": {"post"},
        "/api/v1/datasets/{ref}/activity": {"put"},
    }.items():
        assert methods <= set(paths[path]), path
    schemas = spec["components"]["schemas"]
    assert "MsKegDesainSampel" in schemas
    assert set(schemas["MsKegDesainSampel"]["required"]) >= {"ukuran_sampel", "metode_sampel"}
    assert "activity" in schemas["RecommendationSummary"]["properties"]


def test_moving_to_another_agency_needs_no_linked_dataset(
    client: FlaskClient, world: World
) -> None:
    activity = new_activity(client, world)
    item = f"{API}/{activity['slug']}"
    dataset = new_dataset(client, world)["slug"]
    assert link(client, world, activity["slug"], dataset).status_code == 200
    move = {"organization": world.other_org, "version": activity["version"]}
    # the editor of one agency only may not move it there
    assert client.patch(item, json=move, headers=world.auth("editor")).status_code == 403
    refused = client.patch(item, json=move, headers=world.auth("admin"))
    assert refused.status_code == 409 and "organization" in refused.json["errors"]
    client.delete(f"{item}/datasets", json={"dataset": dataset}, headers=world.auth("editor"))
    moved = client.patch(item, json=move, headers=world.auth("admin"))
    assert moved.status_code == 200 and moved.json["organization"]["slug"] == world.other_org
