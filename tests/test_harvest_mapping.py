"""Issue 12, items 1-5: the records real portals send are kept, with visible warnings.

A CKAN-shaped server on 127.0.0.1 serves the recorded data.go.id record
(tests/data/datagoid_package_show.json) with the shapes other real portals add to it
(a GeoJSON `spatial` extra, capitalised vocabulary values, unnamed resources, ...); a static
server serves data.json and DCAT. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import ckanapi
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from catalog.cli import main
from catalog.context import Catalog
from catalog.formats.values import split_spatial
from catalog.models import Dataset
from tests import factories
from tests.ckan_fake import FakeCkan, make_package
from tests.conftest import World
from tests.harvest_helpers import make_source, records, run
from tests.servers import serve
from tests.static_server import StaticServer
from tests.web_helpers import sign_in

APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 5.0}

# The bounding polygon data.go.id (ckanext-spatial) keeps in `spatial` for Kabupaten Tangerang.
GEOJSON = (
    '{"type": "Polygon", "coordinates": [[[106.36, -6.37], [106.73, -6.37], [106.73, -6.0],'
    " [106.36, -6.0], [106.36, -6.37]]]}"
)
EU_ANNUAL = "http://publications.europa.eu/resource/authority/frequency/ANNUAL"


def datagoid(n: int, **changes: Any) -> dict[str, Any]:
    """The recorded data.go.id package with a new id and name, and `changes` applied."""
    pkg = copy.deepcopy(factories.recorded("datagoid_package_show.json")["result"])
    pkg["id"] = f"00003d3a-754f-41f7-91f7-{n:012d}"
    pkg["name"] = f"{pkg['name']}-{n}"
    extras = changes.pop("extras", {})
    pkg["extras"] = [e for e in pkg["extras"] if e["key"] not in extras] + [
        {"key": k, "value": v} for k, v in extras.items()
    ]
    pkg.update(changes)
    return pkg


def dataset(ctx: Catalog, remote_id: str) -> Dataset:
    with ctx.db.session() as session:
        found = session.scalars(select(Dataset).where(Dataset.remote_id == remote_id)).one()
        found.resources, found.tags, found.regions  # noqa: B018 (load before detaching)
        session.expunge_all()
        return found


def test_pure_spatial_split() -> None:
    assert split_spatial(GEOJSON) == ([], GEOJSON)
    assert split_spatial("POLYGON((106.3 -6.3, 106.7 -6.3, 106.7 -6.0, 106.3 -6.3))")[0] == []
    assert split_spatial("106.36,-6.37,106.73,-6.0") == ([], "106.36,-6.37,106.73,-6.0")
    assert split_spatial("[106.36, -6.37, 106.73, -6.0]")[0] == []
    assert split_spatial("36.03.05, 360306 Kecamatan Cisoka") == (
        ["36.03.05"],
        "360306 Kecamatan Cisoka",
    )
    assert split_spatial("36.03.05 36.03.06;3603") == (["36.03.05", "36.03.06", "3603"], None)
    assert split_spatial("Kabupaten Tangerang") == ([], "Kabupaten Tangerang")


def test_datagoid_geometry_kept_shown_and_exported(app: Flask, ctx: Catalog, world: World) -> None:
    """Item 1: a GeoJSON `spatial` extra is a geometry, not 40 unknown region codes."""
    with_geojson = datagoid(1, extras={"spatial": GEOJSON})
    codes_and_place = datagoid(2, extras={"spatial": "36.03.05, Desa Cisoka"})
    fake = FakeCkan([with_geojson, codes_and_place], wrap=True).start()
    try:
        job = run(ctx, make_source(ctx, "ckan", fake.url + "/api/3/action"))
    finally:
        fake.stop()
    assert (job.status, job.created, job.errors) == ("succeeded", 2, 0), job.message
    geo = dataset(ctx, with_geojson["id"])
    assert geo.spatial_geometry == GEOJSON and geo.region_codes == []
    place = dataset(ctx, codes_and_place["id"])
    assert place.region_codes == ["36.03.05"] and place.spatial_geometry == "Desa Cisoka"

    page = app.test_client().get(f"/dataset/{geo.slug}").get_data(as_text=True)
    assert "106.36" in page and "Polygon" in page
    with serve(app) as url:
        exported = ckanapi.RemoteCKAN(url).action.package_show(id=geo.slug)
        extras = {e["key"]: e["value"] for e in exported["extras"]}
        assert extras["spatial"] == GEOJSON
        both = ckanapi.RemoteCKAN(url).action.package_show(id=place.slug)
        extras = {e["key"]: e["value"] for e in both["extras"]}
        assert (extras["spatial"], extras["wilayah"]) == ("Desa Cisoka", "36.03.05")


def test_vocabulary_values_mapped_or_kept_with_warnings(ctx: Catalog, world: World) -> None:
    """Item 2: spellings map through the synonym table; what matches nothing is kept."""
    frequencies = ["Tahunan", "TAHUNAN", "annual", "R/P1Y", EU_ANNUAL]
    packages = [datagoid(i, extras={"frequency": f}) for i, f in enumerate(frequencies)]
    odd = datagoid(
        10,
        license_id="odc-pddl",
        extras={
            "frequency": "Kadang-kadang",
            "activity_type": "SURVEI",
            "access_level": "Terbuka",
            "spatial": "14.01",  # a Kampar code: not a region of this regency
        },
    )
    odd["resources"][0]["format"] = "Berkas Excel 2007 atau lebih baru (XLSX/XLSM)"
    fake = FakeCkan([*packages, odd], wrap=True).start()
    try:
        job = run(ctx, make_source(ctx, "ckan", fake.url))
    finally:
        fake.stop()
    assert (job.status, job.created, job.errors, job.warnings) == ("succeeded", 6, 0, 1)
    for pkg in packages:
        assert dataset(ctx, pkg["id"]).frequency == "tahunan"
    kept = dataset(ctx, odd["id"])
    assert kept.frequency is None and kept.extras["frequency_original"] == "Kadang-kadang"
    assert kept.license == "cc0-1.0" and kept.extras["license_original"] == "odc-pddl"
    assert (kept.activity_type, kept.access_level) == ("survei", "public")
    assert kept.region_codes == [] and kept.extras["spatial_original"] == "14.01"
    assert kept.resources[0].format is None  # unknown and longer than a format may be
    [record] = [r for r in records(ctx, job.id, "created") if r.warnings]
    fields = {w["field"]: w for w in record.warnings}
    assert set(fields) == {"frequency", "spatial.0", "resources.0.format"}
    assert fields["frequency"]["original"] == "Kadang-kadang"
    assert fields["frequency"]["stored"] is None


def test_datajson_and_dcat_vocabularies(ctx: Catalog, world: World, web: StaticServer) -> None:
    """Item 2 for data.json accrualPeriodicity and the EU frequency vocabulary in DCAT."""
    catalog = {
        "dataset": [
            {"identifier": "https://data.example.go.id/d/1", "title": "Data Satu",
             "accrualPeriodicity": "R/P1Y", "license": "https://creativecommons.org/licenses/by/4.0/"},
            {"identifier": "https://data.example.go.id/d/2", "title": "Data Dua",
             "accrualPeriodicity": "irregular", "accessLevel": "restricted public"},
            {"identifier": "https://data.example.go.id/d/3", "title": "Data Tiga",
             "accrualPeriodicity": "R/PT1S"},
        ]
    }  # fmt: skip
    job = run(ctx, make_source(ctx, "datajson", web.add("/data.json", json.dumps(catalog))))
    assert (job.status, job.created, job.errors, job.warnings) == ("succeeded", 3, 0, 1)
    one = dataset(ctx, "https://data.example.go.id/d/1")
    assert one.frequency == "tahunan" and one.license == "cc-by-4.0"
    assert one.extras["license_original"] == "https://creativecommons.org/licenses/by/4.0/"
    two = dataset(ctx, "https://data.example.go.id/d/2")
    assert (two.frequency, two.access_level) == ("tidak-tetap", "restricted")
    assert dataset(ctx, "https://data.example.go.id/d/3").extras["frequency_original"] == "R/PT1S"

    turtle = f"""
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://data.example.go.id/r/1> a dcat:Dataset ; dct:title "Data RDF Satu" ;
    dct:accrualPeriodicity <{EU_ANNUAL}> .
<https://data.example.go.id/r/2> a dcat:Dataset ; dct:title "Data RDF Dua" ;
    dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/QUARTERLY> .
"""
    url = web.add("/catalog.ttl", turtle, "text/turtle")
    job = run(ctx, make_source(ctx, "dcat", url, title="Sumber DCAT"))
    assert (job.status, job.created, job.warnings) == ("succeeded", 2, 0), job.message
    assert dataset(ctx, "https://data.example.go.id/r/1").frequency == "tahunan"
    assert dataset(ctx, "https://data.example.go.id/r/2").frequency == "triwulanan"


def test_warnings_visible_in_api_and_dashboard(app: Flask, ctx: Catalog, world: World) -> None:
    """Item 3: the job counts records with warnings; API and dashboard show them."""
    odd = datagoid(1, extras={"frequency": "Kadang-kadang"})
    fake = FakeCkan([odd, datagoid(2)], wrap=True).start()
    try:
        job = run(ctx, make_source(ctx, "ckan", fake.url))
    finally:
        fake.stop()
    client = app.test_client()
    auth = world.auth("editor")
    answer = client.get(f"/api/v1/harvest/jobs/{job.id}", headers=auth).json
    assert answer["counts"]["warnings"] == 1 and answer["counts"]["errors"] == 0
    assert answer["counts"]["restored"] == 0 and answer["counts"]["skipped_private"] == 0
    listed = client.get(f"/api/v1/harvest/jobs/{job.id}/records?warnings=true", headers=auth).json
    assert listed["total"] == 1
    [warned] = listed["results"]
    assert warned["remote_id"] == odd["id"] and warned["action"] == "created"
    assert warned["warnings"] == [
        {
            "field": "frequency",
            "original": "Kadang-kadang",
            "stored": None,
            "message": warned["warnings"][0]["message"],
        }
    ]
    every = client.get(f"/api/v1/harvest/jobs/{job.id}/records", headers=auth).json
    assert sorted(len(r["warnings"]) for r in every["results"]) == [0, 1]

    sign_in(client, "editor")
    page = client.get(f"/dasbor/dinas-kesehatan/tugas/{job.id}").get_data(as_text=True)
    assert 'data-field="warnings">1<' in page
    assert "Kadang-kadang" in page and "frequency" in page
    state = client.get(f"/dasbor/dinas-kesehatan/tugas/{job.id}.json").json
    assert (state["warnings"], state["restored"], state["skipped_private"]) == (1, 0, 0)


def test_private_at_the_source_is_never_published(ctx: Catalog, world: World) -> None:
    """Item 4: private at the source -> skipped (and withdrawn when harvested earlier)."""
    public = make_package(1)
    hidden = make_package(2)
    hidden["private"] = True
    fake = FakeCkan([public, hidden]).start()
    try:
        source = make_source(ctx, "ckan", fake.url, config={"api_key": "kunci-rahasia"})
        first = run(ctx, source)
        assert (first.created, first.skipped_private, first.errors) == (1, 1, 0), first.message
        [skipped] = records(ctx, first.id, "skipped")
        assert skipped.remote_id == hidden["id"] and skipped.raw is None
        fake.touch(0, private=True)  # the publisher makes the public one private
        second = run(ctx, source)
    finally:
        fake.stop()
    # incremental: only the changed package is read again
    assert (second.status, second.skipped_private, second.withdrawn) == ("succeeded", 1, 1)
    [withdrawn] = records(ctx, second.id, "withdrawn")
    assert withdrawn.remote_id == public["id"] and withdrawn.raw is None
    with ctx.db.session() as session:
        states = dict(session.execute(select(Dataset.remote_id, Dataset.state)).all())
    assert states == {public["id"]: "withdrawn"}


def test_private_in_datajson_and_dcat(ctx: Catalog, world: World, web: StaticServer) -> None:
    catalog = {
        "dataset": [
            {"identifier": "https://data.example.go.id/d/1", "title": "Data Terbuka",
             "accessLevel": "public"},
            {"identifier": "https://data.example.go.id/d/2", "title": "Data Tertutup",
             "accessLevel": "non-public"},
        ]
    }  # fmt: skip
    job = run(ctx, make_source(ctx, "datajson", web.add("/data.json", json.dumps(catalog))))
    assert (job.status, job.created, job.skipped_private) == ("succeeded", 1, 1)
    turtle = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://data.example.go.id/r/1> a dcat:Dataset ; dct:title "Data RDF Terbuka" .
<https://data.example.go.id/r/2> a dcat:Dataset ; dct:title "Data RDF Tertutup" ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC> .
<https://data.example.go.id/r/3> a dcat:Dataset ; dct:title "Data RDF Rahasia" ;
    dct:accessRights [ a dct:RightsStatement ; rdfs:label "non-public" ] .
"""
    url = web.add("/catalog.ttl", turtle, "text/turtle")
    job = run(ctx, make_source(ctx, "dcat", url, title="Sumber DCAT"))
    assert (job.status, job.created, job.skipped_private) == ("succeeded", 1, 2), job.message
    with ctx.db.session() as session:
        titles = set(session.scalars(select(Dataset.title)))
    assert titles == {"Data Terbuka", "Data RDF Terbuka"}


def test_lossy_details_kept(app: Flask, ctx: Catalog, world: World) -> None:
    """Item 5: landing page, version string, tag and format spelling, resource names."""
    pkg = datagoid(
        1,
        version="1.0",
        tags=[{"name": "SDGs"}, {"name": "Kesehatan Ibu"}],
        extras={"frequency": "tahunan"},
    )
    pkg["resources"].append(
        dict(pkg["resources"][0], id="res-2", name="", format="GeoJSON",
             url="https://data.kamparkab.go.id/batas.geojson")
    )  # fmt: skip
    pkg["resources"].append(
        dict(pkg["resources"][0], id="res-3", name=None, format="csv",
             url="https://data.kamparkab.go.id/tabel.csv")
    )  # fmt: skip
    fake = FakeCkan([pkg], wrap=True).start()
    try:
        job = run(ctx, make_source(ctx, "ckan", fake.url))
    finally:
        fake.stop()
    assert (job.status, job.created, job.warnings) == ("succeeded", 1, 0), job.message
    stored = dataset(ctx, pkg["id"])
    assert stored.landing_page == "https://dinkes.kamparkab.go.id/"
    assert stored.version_label == "1.0" and stored.version == 1
    assert sorted(stored.tag_names) == ["Kesehatan Ibu", "SDGs"]
    assert [r.format for r in stored.resources] == ["XLSX", "GeoJSON", "CSV"]
    assert [r.name for r in stored.resources][1:] == ["Berkas GeoJSON 2", "Berkas CSV 3"]

    client = app.test_client()
    for tag in ("SDGs", "sdgs"):
        found = client.get(f"/api/v1/datasets?tag={tag}&facets=tag,format").json
        assert [d["id"] for d in found["results"]] == [stored.id], tag
    for fmt in ("geojson", "GeoJSON", "GEOJSON"):
        found = client.get(f"/api/v1/datasets?format={fmt}").json
        assert found["total"] == 1, fmt
    with serve(app) as url:
        ckan = ckanapi.RemoteCKAN(url)
        shown = ckan.action.package_show(id=stored.slug)
        searched = ckan.action.package_search(fq="tags:sdgs res_format:geojson")
    assert shown["version"] == "1.0" and shown["url"] == "https://dinkes.kamparkab.go.id/"
    assert {t["name"] for t in shown["tags"]} == {"SDGs", "Kesehatan Ibu"}
    assert [r["format"] for r in shown["resources"]] == ["XLSX", "GeoJSON", "CSV"]
    assert searched["count"] == 1
    out = client.get(f"/api/v1/datasets/{stored.id}").json
    assert out["version"] == 1 and out["version_label"] == "1.0"
    assert out["landing_page"] == "https://dinkes.kamparkab.go.id/"


def test_restored_counted_apart(ctx: Catalog, world: World) -> None:
    """Item 5: a dataset the source lists again after it was withdrawn counts as restored."""
    packages = [make_package(n) for n in range(1, 4)]
    fake = FakeCkan(list(packages)).start()
    try:
        source = make_source(ctx, "ckan", fake.url, config={"incremental": False})
        run(ctx, source)
        fake.packages = packages[:2]
        assert run(ctx, source).withdrawn == 1
        fake.packages = list(packages)
        again = run(ctx, source)
    finally:
        fake.stop()
    assert (again.restored, again.updated, again.unchanged) == (1, 0, 2)


def test_cli_prints_restored(tmp_path: Path) -> None:
    packages = [make_package(n) for n in range(1, 4)]
    fake = FakeCkan(list(packages)).start()
    env = {"CATALOG_DATA_DIR": str(tmp_path / "inst"), "CATALOG_DATABASE_URL": "",
           "CATALOG_HARVEST_ALLOW_PRIVATE": "1"}  # fmt: skip

    def cli(*args: str) -> str:
        result = CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    try:
        cli("init")
        cli("orgs", "create", "dinas-kesehatan", "--title", "Dinas Kesehatan")
        source_id = cli(
            "harvest", "add", "dinas-kesehatan", "ckan", fake.url, "--title", "Portal",
            "--config", '{"incremental": false}',
        ).strip()  # fmt: skip
        cli("harvest", "run", source_id, "--wait")
        fake.packages = packages[:2]
        assert "withdrawn 1" in cli("harvest", "run", source_id, "--wait")
        fake.packages = list(packages)
        output = cli("harvest", "run", source_id, "--wait")
    finally:
        fake.stop()
    assert "updated 0, restored 1, unchanged 2" in output
    assert "restored=1" in cli("harvest", "jobs", "--source", source_id, "--limit", "1")
