"""/data.json (Project Open Data 1.1, non-federal) against its JSON Schema; /sitemap.xml and
/robots.txt."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from flask.testing import FlaskClient
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from catalog.context import Catalog
from catalog.services import datasets
from catalog.services.auth import SYSTEM
from tests import factories
from tests.test_exports_dcat import seed

SCHEMAS = Path(__file__).parent / "data" / "datajson"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@cache
def validator() -> Draft4Validator:
    """The POD 1.1 catalog schema, its $refs read from tests/data/datajson (nothing fetched).
    Non-federal: bureauCode and programCode (OMB codes of US federal agencies) are not
    required, as the schema's documentation says for non-federal publishers."""
    registry: Registry[Any] = Registry()
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "dataset.json":
            schema["required"] = [
                r for r in schema["required"] if r not in ("bureauCode", "programCode")
            ]
        uri = schema["id"].rstrip("#")
        registry = registry.with_resource(uri, Resource(schema, DRAFT4))
    catalog = registry.contents("https://project-open-data.cio.gov/v1.1/schema/catalog.json")
    return Draft4Validator(catalog, registry=registry)


def errors(document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(document)]


def test_data_json_is_valid_project_open_data(client: FlaskClient, ctx: Catalog) -> None:
    slugs = seed(ctx)
    with ctx.db.session() as session:
        draft = factories.make_dataset(session, "dinas-pendidikan", title="Draf Sekolah")
        datasets.set_state(session, SYSTEM, draft.slug, "draft")
    response = client.get("/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert errors(document) == []
    assert errors({"conformsTo": "x", "dataset": [{}]}) != []  # the schema does check
    by_id = {d["identifier"]: d for d in document["dataset"]}
    assert len(by_id) == 3  # the draft is not in it
    full = by_id["https://data.tangerangkab.go.id/id/puskesmas"]
    assert full["accrualPeriodicity"] == "R/P1Y"
    assert full["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert full["contactPoint"]["hasEmail"] == "mailto:piak@tangerangkab.go.id"
    assert full["publisher"]["name"] == "Dinas Kesehatan"
    assert full["publisher"]["subOrganizationOf"]["name"] == "Diskominfo"
    assert full["spatial"] == "36.03.01,36.03.03"
    assert full["temporal"] == "2023-01-01/2023-12-31"
    assert full["distribution"][0]["mediaType"].endswith("spreadsheetml.sheet")
    closed = by_id[f"http://localhost/dataset/{slugs['closed']}"]
    assert closed["accessLevel"] == "restricted public"
    assert closed["accrualPeriodicity"] == "R/P1M"
    assert closed["distribution"] == [
        {
            "@type": "dcat:Distribution",
            "title": "Layanan",
            "accessURL": "https://data.tangerangkab.go.id/api",
            "format": "API",
        }
    ]
    bare = by_id[f"http://localhost/dataset/{slugs['bare']}"]
    assert bare["keyword"] == ["Dinas Pendidikan"]  # no tag, no topic: the agency's name
    assert bare["description"] == "Daftar Sekolah Dasar"
    # no contact, an agency without e-mail: the walidata's address
    assert bare["contactPoint"] == {
        "@type": "vcard:Contact",
        "fn": "Dinas Pendidikan",
        "hasEmail": "mailto:satudata@tangerangkab.go.id",
    }

    only = client.get("/data.json?organization=dinas-pendidikan").get_json()
    assert [d["title"] for d in only["dataset"]] == ["Daftar Sekolah Dasar"]
    assert client.get("/data.json?modified_since=besok").status_code == 400


def test_sitemap_index_pages_and_robots(client: FlaskClient, ctx: Catalog) -> None:
    slugs = seed(ctx)
    with ctx.db.session() as session:
        datasets.set_state(session, SYSTEM, slugs["bare"], "draft")
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    assert index.tag == SITEMAP + "sitemapindex"
    pages = [loc.text for loc in index.iter(SITEMAP + "loc")]
    assert pages == ["http://localhost/sitemap-1.xml"]
    page = ElementTree.fromstring(client.get("/sitemap-1.xml").data)
    urls = {
        u.findtext(SITEMAP + "loc"): u.findtext(SITEMAP + "lastmod")
        for u in page.iter(SITEMAP + "url")
    }
    assert set(urls) == {
        "http://localhost/",
        f"http://localhost/dataset/{slugs['full']}",
        f"http://localhost/dataset/{slugs['closed']}",
    }
    # lastmod: the publisher's modified date when there is one
    with ctx.db.session() as session:
        full = datasets.get_dataset(session, SYSTEM, slugs["full"])
        expected = (full.modified or full.updated_at).date().isoformat()
    assert urls[f"http://localhost/dataset/{slugs['full']}"] == expected
    assert client.get("/sitemap-2.xml").status_code == 404
    robots = client.get("/robots.txt")
    assert robots.mimetype == "text/plain"
    assert "Sitemap: http://localhost/sitemap.xml" in robots.get_data(as_text=True)
