"""Links from harvested and entered metadata: only http(s) (and mailto:) in, and only those out,
even for rows stored before the check (issue 11, item 1: stored XSS through javascript: links)."""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, text, update

from catalog import migrate
from catalog.context import Catalog
from catalog.db import make_engine
from catalog.models import Dataset, HarvestRecord, IndexOutbox, Organization, Resource
from schemas.fields import M_URL, Url, safe_url
from tests.conftest import World
from tests.factories import dataset_payload
from tests.harvest_helpers import make_source, records, run
from tests.static_server import StaticServer

APP_SETTINGS = {"harvest_allow_private": True}
EVIL = "javascript:alert(document.domain)"
# What a browser would still run as script: case, surrounding blanks, tabs inside the scheme.
EVIL_SPELLINGS = (
    EVIL,
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "javascript://example.org/%0aalert(1)",
)
HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']?\s*([^"'\s>]*)""", re.IGNORECASE)


def hrefs(html: str) -> list[str]:
    return HREF.findall(html)


def assert_no_script_link(body: str) -> None:
    lowered = body.lower()
    for scheme in ("javascript:", "vbscript:", "data:text/html"):
        assert scheme not in lowered, (scheme, body[:2000])


# ---------------------------------------------------------------- the one rule


@pytest.mark.parametrize("value", EVIL_SPELLINGS)
def test_safe_url_refuses_what_a_browser_would_run(value: str) -> None:
    assert safe_url(value) is None
    assert safe_url(value, mailto=True) is None
    with pytest.raises(Exception, match="http"):
        Url().deserialize(value)


def test_safe_url_keeps_web_links_and_asked_for_mailto() -> None:
    assert safe_url("https://data.tangerangkab.go.id/x?a=1#b") == (
        "https://data.tangerangkab.go.id/x?a=1#b"
    )
    assert safe_url("HTTP://127.0.0.1:8080/") == "HTTP://127.0.0.1:8080/"
    assert safe_url("ftp://files.example.org/a.csv") is None
    assert safe_url("/relative/path") is None and safe_url("//evil.example/x") is None
    assert safe_url("http:/evil.example") is None
    assert safe_url("mailto:piak@tangerangkab.go.id") is None
    assert safe_url("mailto:piak@tangerangkab.go.id", mailto=True) is not None
    # marshmallow's own URL rule alone let ftp through for resources; now only http(s)
    with pytest.raises(Exception, match="http"):
        Url().deserialize("ftp://files.example.org/a.csv")


# ---------------------------------------------------------------- input: the API refuses


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"identifier": EVIL}, "identifier"),
        ({"identifier": "java\tscript:alert(1)"}, "identifier"),
        (
            {"resources": [{"name": "Unduh", "url": EVIL, "format": "csv"}]},
            "resources.0.url",
        ),
        (
            {"resources": [{"name": "Unduh", "url": "data:text/csv,1,2", "format": "csv"}]},
            "resources.0.url",
        ),
    ],
)
def test_api_refuses_dataset_links_that_are_not_http(
    client: FlaskClient, world: World, overrides: dict[str, Any], field: str
) -> None:
    world.assert_dataset_refused(client, field, M_URL, **overrides)
    listed = client.get("/api/v1/datasets", headers=world.auth("editor")).json
    assert listed["total"] == 0


def test_api_refuses_organization_website_that_is_not_http(
    client: FlaskClient, world: World
) -> None:
    body = {"slug": "bapenda", "title": "Badan Pendapatan Daerah", "website": EVIL}
    response = client.post("/api/v1/organizations", json=body, headers=world.auth("admin"))
    assert response.status_code == 422, response.json
    assert response.json["errors"]["website"] == [M_URL]
    body["website"] = "https://bapenda.tangerangkab.go.id"
    response = client.post("/api/v1/organizations", json=body, headers=world.auth("admin"))
    assert response.status_code == 201, response.json


# ---------------------------------------------------------------- input: a harvest refuses


def test_harvested_javascript_landing_page_is_never_stored_or_shown(
    client: FlaskClient, ctx: Catalog, world: World, web: StaticServer
) -> None:
    """A real data.json on 127.0.0.1 whose landingPage (and one distribution) is javascript:."""
    catalog = {
        "dataset": [
            {
                "identifier": "https://data.example.go.id/dataset/stunting-2023",
                "title": "Prevalensi Stunting Balita 2023",
                "description": "Hasil penimbangan serentak.",
                "keyword": ["stunting"],
                "landingPage": EVIL,
                "distribution": [
                    {"title": "Tabel", "downloadURL": "https://data.example.go.id/stunting.csv"}
                ],
            },
            {
                "identifier": "https://data.example.go.id/dataset/gizi-buruk-2023",
                "title": "Kasus Gizi Buruk 2023",
                "landingPage": "https://data.example.go.id/dataset/gizi-buruk-2023",
                "distribution": [{"title": "Unduh", "downloadURL": "JavaScript:alert(2)"}],
            },
        ]
    }
    source = make_source(ctx, "datajson", web.add("/data.json", json.dumps(catalog)))
    job = run(ctx, source)
    assert job.found == 2, job.message

    # The harvest record says which field was refused (an error record, or a stored record
    # with the value dropped and a warning).
    messages: dict[str, str] = {}
    for record in records(ctx, job.id):
        said = json.dumps(
            {"errors": record.errors, "warnings": getattr(record, "warnings", None)},
            ensure_ascii=False,
        )
        messages[record.remote_id] = said
    assert "landing_page" in messages["https://data.example.go.id/dataset/stunting-2023"]
    assert "http" in messages["https://data.example.go.id/dataset/stunting-2023"]
    assert "url" in messages["https://data.example.go.id/dataset/gizi-buruk-2023"]

    with ctx.db.session() as session:
        stored = session.scalars(select(Dataset)).all()
        for dataset in stored:
            assert safe_url(dataset.remote_url) == dataset.remote_url or not dataset.remote_url
            for name in ("identifier", "landing_page"):
                value = getattr(dataset, name, None)
                assert value is None or safe_url(value) == value, (name, value)
            assert all(safe_url(r.url) for r in dataset.resources)
        slugs = [d.slug for d in stored]
    for slug in slugs:
        page = client.get(f"/dataset/{slug}")
        assert page.status_code == 200
        assert_no_script_link(page.get_data(as_text=True))
        assert_no_script_link(client.get(f"/api/v1/datasets/{slug}").get_data(as_text=True))
        ckan = client.get("/api/3/action/package_show", query_string={"id": slug})
        assert_no_script_link(ckan.get_data(as_text=True))


# ---------------------------------------------------------------- output: old rows


def _poison(ctx: Catalog, slug: str, org: str) -> None:
    """What a row stored before the check looks like: written around every service."""
    with ctx.db.session() as session:
        dataset_id = session.scalar(select(Dataset.id).where(Dataset.slug == slug))
        session.execute(
            update(Dataset)
            .where(Dataset.id == dataset_id)
            .values(remote_id="ds-1", remote_url=EVIL, identifier="java\tscript:alert(3)")
        )
        session.execute(
            update(Resource).where(Resource.dataset_id == dataset_id).values(url=" javascript:x()")
        )
        session.execute(update(Organization).where(Organization.slug == org).values(website=EVIL))
        session.commit()


def test_rows_stored_before_the_check_are_never_emitted_as_links(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    created = client.post(
        "/api/v1/datasets", json=dataset_payload(world.org), headers=world.auth("editor")
    )
    assert created.status_code == 201, created.json
    slug = created.json["slug"]
    _poison(ctx, slug, world.org)

    page = client.get(f"/dataset/{slug}").get_data(as_text=True)
    assert hrefs(page), "the page has links"
    for href in hrefs(page):
        assert safe_url(href) or href.startswith(("/", "#", "mailto:")), href
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert jsonld is not None
    assert_no_script_link(jsonld.group(1).replace("\\t", "\t"))
    assert "Tabel penduduk.xlsx" in page  # the resource is still listed, without a link

    agency = client.get(f"/organisasi/{world.org}").get_data(as_text=True)
    assert all("javascript" not in h.lower() for h in hrefs(agency))

    for path in (
        f"/api/v1/datasets/{slug}",
        "/api/v1/datasets",
        f"/api/v1/organizations/{world.org}",
        f"/api/3/action/package_show?id={slug}",
        "/api/3/action/current_package_list_with_resources",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
        assert_no_script_link(response.get_data(as_text=True).replace("\\t", "\t"))
    api = client.get(f"/api/v1/datasets/{slug}").json
    assert api["identifier"] is None
    assert api["resources"][0]["url"] == ""
    assert api["provenance"]["remote_url"] is None
    ckan = client.get(f"/api/3/action/package_show?id={slug}").json["result"]
    assert ckan["url"] == "" and ckan["resources"][0]["url"] == ""
    assert "identifier" not in {e["key"] for e in ckan["extras"]}


# ---------------------------------------------------------------- the migration cleans


def test_migration_0008_blanks_unsafe_urls(db_url: str) -> None:
    """Upgrade from 0007 with old rows holding javascript: links; 0008 cleans them."""
    engine = make_engine(db_url)
    try:
        migrate.downgrade(engine, "0007_source_secrets")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations (id, slug, title, kind, description, website,"
                    " created_at, updated_at) VALUES ('o1', 'dinkes', 'Dinkes', 'opd', '',"
                    " :evil, :now, :now), ('o2', 'dindik', 'Dindik', 'opd', '', :good, :now,"
                    " :now)"
                ),
                {"evil": EVIL, "good": "https://dindik.example.go.id", "now": "2024-01-01"},
            )
            for n, (remote_url, identifier) in enumerate(
                [
                    (EVIL, "vbscript:msgbox(1)"),
                    ("https://data.example.go.id/ds/2", "https://data.example.go.id/id/2"),
                ],
                start=1,
            ):
                conn.execute(
                    text(
                        "INSERT INTO datasets (id, slug, title, description, organization_id,"
                        " access_level, methodology, variables, extras, state, remote_url,"
                        " identifier, harvest_hash, created_at, updated_at, version) VALUES"
                        " (:id, :slug, 'Data', '', 'o1', 'public', '', '[]', '{}', 'published',"
                        " :remote_url, :identifier, 'h', :now, :now, 1)"
                    ),
                    {
                        "id": f"d{n}",
                        "slug": f"data-{n}",
                        "remote_url": remote_url,
                        "identifier": identifier,
                        "now": "2024-01-01",
                    },
                )
            conn.execute(
                text(
                    "INSERT INTO resources (id, dataset_id, position, name, url, description)"
                    " VALUES ('r1', 'd2', 0, 'a', ' javascript:x()', ''),"
                    " ('r2', 'd2', 1, 'b', 'https://data.example.go.id/b.csv', '')"
                )
            )
        migrate.upgrade(engine, "0008_clean_urls")
        with engine.connect() as conn:
            rows = {
                r[0]: tuple(r[1:])
                for r in conn.execute(
                    text("SELECT id, remote_url, identifier, harvest_hash, version FROM datasets")
                )
            }
            assert rows["d1"] == (None, None, None, 2)
            # d2 lost a resource link: new version, harvested again from scratch
            assert rows["d2"] == (
                "https://data.example.go.id/ds/2",
                "https://data.example.go.id/id/2",
                None,
                2,
            )
            urls = dict(conn.execute(text("SELECT id, url FROM resources")).all())
            assert urls == {"r1": "", "r2": "https://data.example.go.id/b.csv"}
            sites = dict(conn.execute(text("SELECT slug, website FROM organizations")).all())
            assert sites == {"dinkes": None, "dindik": "https://dindik.example.go.id"}
            queued = sorted(r[0] for r in conn.execute(text("SELECT dataset_id FROM index_outbox")))
            assert queued == ["d1", "d2"]
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_migration_cleaning_counts_what_it_blanked(db_url: str) -> None:
    """The function the migration calls, on a database at head: nothing safe is touched."""
    module = importlib.import_module("catalog.migrations.versions.0008_clean_urls")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            assert module.clean_unsafe_urls(conn) == {
                "datasets.remote_url": 0,
                "datasets.identifier": 0,
                "resources.url": 0,
                "organizations.website": 0,
            }
            assert conn.execute(select(IndexOutbox.id)).first() is None
            assert conn.execute(select(HarvestRecord.id)).first() is None
    finally:
        engine.dispose()
