"""DCAT-AP 3.0 exports: per dataset, content negotiation, the paged catalog, and the
DCAT-AP 3.0.0 SHACL shapes (mandatory set: shapes + range) with pyshacl."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from flask.testing import FlaskClient
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from catalog import vocab
from catalog.cli import main
from catalog.context import Catalog
from catalog.exports.dcat import ExportGraph, new_graph, serialize
from catalog.exports.site import Agent, Site
from catalog.formats.dcat import (
    DQV,
    OA,
    QB,
    SDMX_ATTRIBUTE,
    STAT,
    from_dataset,
    period_dates,
)
from catalog.formats.dcat import QUDT_UNIT as QUDT
from catalog.services import datasets, exports
from catalog.services.auth import SYSTEM, Actor
from catalog.services.recommendations import workflow
from harvesters.rdf import parse_rdf
from tests import factories
from tests.conftest import build_app

SHAPES = Path(__file__).parent / "data" / "dcat-ap"
SH = Namespace("http://www.w3.org/ns/shacl#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
CATALOG = URIRef("http://localhost/catalog")
SYNTAX = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


@cache
def mandatory_shapes() -> Graph:
    graph = Graph()
    for name in ("3.0.0-shapes.ttl", "3.0.0-range.ttl"):
        graph.parse(SHAPES / name, format="turtle")
    return graph


def violations(data: Graph) -> list[str]:
    """The mandatory set's violations (sh:Violation results) as readable lines."""
    _conforms, results, _text = validate(
        data, shacl_graph=mandatory_shapes(), inference="none", advanced=False
    )
    assert isinstance(results, Graph)
    out = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        out.append(f"{focus} {path}: {message}")
    return out


def parse(body: bytes, ext: str) -> Graph:
    # The harvester's parser: it refuses a JSON-LD context it would have to fetch.
    return parse_rdf(body, SYNTAX[ext], "http://localhost/")


def seed(ctx: Catalog) -> dict[str, str]:
    """The walidata, two agencies and three datasets of different shapes; their slugs."""
    with ctx.db.session() as session:
        factories.make_org(
            session,
            "diskominfo",
            title="Diskominfo",
            kind="walidata",
            code="3603",
            email="satudata@tangerangkab.go.id",
        )
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan", code="1.02.01")
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan")
        full = factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Jumlah Puskesmas Menurut Kecamatan",
            identifier="https://data.tangerangkab.go.id/id/puskesmas",
            version_label="2.1",
            issued="2024-01-05T08:00:00",
        )
        bare = factories.make_dataset(
            session,
            "dinas-pendidikan",
            title="Daftar Sekolah Dasar",
            description="",
            tags=[],
            topics=[],
            license=None,
            frequency=None,
            temporal_start=None,
            temporal_end=None,
            spatial=[],
            contact_name=None,
            contact_email=None,
            resources=[],
        )
        closed = factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Kasus Penyakit Menular Tertentu",
            access_level="restricted",
            license="other-closed",
            frequency="bulanan",
            resources=[
                {"name": "Layanan", "url": "https://data.tangerangkab.go.id/api", "format": "API"}
            ],
        )
        return {"full": full.slug, "bare": bare.slug, "closed": closed.slug}


def test_each_dataset_in_three_syntaxes_has_no_mandatory_dcat_ap_violation(
    client: FlaskClient, ctx: Catalog
) -> None:
    slugs = seed(ctx)
    for slug in slugs.values():
        graphs = {}
        for ext, media_type in (
            ("ttl", "text/turtle"),
            ("rdf", "application/rdf+xml"),
            ("jsonld", "application/ld+json"),
        ):
            response = client.get(f"/dataset/{slug}.{ext}")
            assert response.status_code == 200, (slug, ext)
            assert response.mimetype == media_type
            graphs[ext] = parse(response.data, ext)
        assert isomorphic(graphs["ttl"], graphs["rdf"]), slug
        assert isomorphic(graphs["ttl"], graphs["jsonld"]), slug
        assert violations(graphs["ttl"]) == [], slug

    g = parse(client.get(f"/dataset/{slugs['full']}.ttl").data, "ttl")
    ds = URIRef(f"http://localhost/dataset/{slugs['full']}")
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert g.value(ds, DCTERMS.license) == URIRef(EU + "licence/CC_BY_4_0")
    assert g.value(ds, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    assert g.value(ds, DCTERMS.accessRights) == URIRef(EU + "access-right/PUBLIC")
    assert g.value(ds, DCTERMS.identifier) == Literal(
        "https://data.tangerangkab.go.id/id/puskesmas"
    )
    publisher = g.value(ds, DCTERMS.publisher)
    assert publisher == URIRef("http://localhost/organisasi/dinas-kesehatan")
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert g.value(publisher, DCTERMS.identifier) == Literal("1.02.01")
    assert g.value(publisher, DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/LocalAuthority"
    )
    assert g.value(ds, DCTERMS.language) == URIRef(EU + "language/IND")
    contact = g.value(ds, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:piak@tangerangkab.go.id")
    theme = g.value(ds, DCAT.theme)
    assert theme == URIRef("http://localhost/topik/kependudukan")
    assert (theme, RDF.type, SKOS.Concept) in g
    assert {str(g.value(p, DCTERMS.identifier)) for p in g.objects(ds, DCTERMS.spatial)} == {
        "36.03.01",
        "36.03.03",
    }
    dist = g.value(ds, DCAT.distribution)
    assert g.value(dist, DCTERMS.format) == URIRef(EU + "file-type/XLSX")
    assert str(g.value(dist, DCAT.byteSize)) == "18234.0"
    assert str(g.value(ds, URIRef("http://www.w3.org/ns/dcat#version"))) == "2.1"

    closed = URIRef(f"http://localhost/dataset/{slugs['closed']}")
    g = parse(client.get(f"/dataset/{slugs['closed']}.ttl").data, "ttl")
    assert g.value(closed, DCTERMS.accessRights) == URIRef(EU + "access-right/RESTRICTED")
    assert g.value(closed, DCTERMS.license) is None  # no EU licence for "not open"


def test_dataset_page_negotiates_rdf_and_links_the_exports(
    client: FlaskClient, ctx: Catalog
) -> None:
    slug = seed(ctx)["full"]
    turtle = client.get(f"/dataset/{slug}", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    assert "Accept" in turtle.vary
    assert (None, RDF.type, DCAT.Dataset) in parse(turtle.data, "ttl")
    jsonld = client.get(f"/dataset/{slug}", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"
    assert isinstance(json.loads(jsonld.data)["@context"], dict)  # inline: nothing to fetch
    assert (None, RDF.type, DCAT.Dataset) in parse(jsonld.data, "jsonld")
    rdfxml = client.get(
        f"/dataset/{slug}", headers={"Accept": "application/rdf+xml;q=0.9, text/html;q=0.5"}
    )
    assert rdfxml.mimetype == "application/rdf+xml"

    browser = client.get(
        f"/dataset/{slug}",
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    assert browser.mimetype == "text/html"
    assert "Accept" in browser.vary
    page = browser.get_data(as_text=True)
    for ext, media_type, label in (
        ("ttl", "text/turtle", "Turtle"),
        ("rdf", "application/rdf+xml", "RDF/XML"),
        ("jsonld", "application/ld+json", "JSON-LD"),
    ):
        link = f'href="/dataset/{slug}.{ext}"'
        assert (
            f'<link rel="alternate" type="{media_type}" title="DCAT-AP ({label})" {link}>' in page
        )
        # and among the page's metadata downloads, beside JSON and the CKAN JSON
        assert f'<li><a {link} type="{media_type}">DCAT-AP ({label})</a></li>' in page
    assert '<h2 id="h-meta">Metadata</h2>' in page
    for json_link in (f"/api/v1/datasets/{slug}", f"/api/3/action/package_show?id={slug}"):
        assert f'<li><a href="{json_link}" type="application/json">' in page
        assert client.get(json_link).mimetype == "application/json"
    assert client.get(f"/dataset/{slug}.xyz").status_code == 404
    assert client.get("/dataset/tidak-ada.ttl").status_code == 404


def _page(client: FlaskClient, url: str) -> tuple[Graph, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.data
    graph = parse(response.data, "ttl")
    view = graph.value(CATALOG, HYDRA.view)
    return graph, view


def test_catalog_pages_with_hydra_and_filters(client: FlaskClient, ctx: Catalog) -> None:
    slugs = seed(ctx)
    with ctx.db.session() as session:
        for n in range(3):
            factories.make_dataset(session, "dinas-pendidikan", title=f"Jumlah Guru SD {n}")
        draft = factories.make_dataset(session, "dinas-pendidikan", title="Draf Guru")
        datasets.set_state(session, SYSTEM, draft.slug, "draft")

    seen: list[str] = []
    url: str | None = "/catalog.ttl?per_page=2"
    pages = 0
    while url:
        graph, view = _page(client, url)
        pages += 1
        assert (CATALOG, RDF.type, DCAT.Catalog) in graph
        assert int(graph.value(CATALOG, HYDRA.totalItems)) == 6
        assert (view, RDF.type, HYDRA.PartialCollectionView) in graph
        seen += [str(d) for d in graph.objects(CATALOG, DCAT.dataset)]
        if pages == 1:
            assert graph.value(CATALOG, DCTERMS.publisher) == URIRef(
                "http://localhost/organisasi/diskominfo"
            )
            assert graph.value(CATALOG, DCAT.themeTaxonomy) == URIRef("http://localhost/topik")
            assert graph.value(CATALOG, DCTERMS.language) == URIRef(EU + "language/IND")
            services = {str(s): s for s in graph.objects(CATALOG, DCAT.service)}
            assert set(services) == {"http://localhost/api/3/action/", "http://localhost/api/v1/"}
            v1 = services["http://localhost/api/v1/"]
            assert (v1, RDF.type, DCAT.DataService) in graph
            spec = graph.value(v1, DCAT.endpointDescription)
            assert client.get(str(spec).removeprefix("http://localhost")).status_code == 200
            served = set(graph.objects(v1, DCAT.servesDataset))
            assert served == set(graph.objects(CATALOG, DCAT.dataset)) and len(served) == 2
            assert violations(graph) == []  # one full page, catalog and datasets
        following = graph.value(view, HYDRA.next)
        url = str(following).removeprefix("http://localhost") if following else None
    assert pages == 3
    assert len(seen) == len(set(seen)) == 6
    assert f"http://localhost/dataset/{slugs['full']}" in seen
    assert not any(s.endswith("/draf-guru") for s in seen)
    assert client.get(f"/dataset/{draft.slug}.ttl").status_code == 404  # anonymous

    graph, _view = _page(client, "/catalog.ttl?organization=dinas-kesehatan")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 2
    graph, _view = _page(client, "/catalog.ttl?q=guru%20sd&per_page=2&page=2")
    assert int(graph.value(CATALOG, HYDRA.totalItems)) == 3
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1
    next_ = graph.value(_view, HYDRA.previous)
    assert "q=guru+sd" in str(next_) or "q=guru%20sd" in str(next_)
    graph, _view = _page(client, "/catalog.ttl?modified_since=2999-01-01")
    assert int(graph.value(CATALOG, HYDRA.totalItems)) == 0
    graph, _view = _page(client, "/catalog.ttl?modified_since=2000-01-01T00:00:00Z")
    assert int(graph.value(CATALOG, HYDRA.totalItems)) == 6
    jsonld = client.get("/catalog.jsonld?per_page=1")
    assert jsonld.mimetype == "application/ld+json"
    assert int(parse(jsonld.data, "jsonld").value(CATALOG, HYDRA.totalItems)) == 6

    bad = client.get("/catalog.ttl?page=0&per_page=5000&modified_since=kemarin")
    assert bad.status_code == 400
    assert set(bad.get_json()["errors"]) == {"page", "per_page", "modified_since"}
    assert client.get("/catalog.ttl?organization=tidak-ada").status_code == 404


def test_a_walk_by_next_links_seeks_after_the_last_id_and_skips_nothing(
    client: FlaskClient, ctx: Catalog
) -> None:
    """hydra:next carries the page's last id: the next page starts after it (keyset), so a
    dataset withdrawn between two pages does not push another out of the walk (with an
    offset the walk skipped one), and a deep page costs what the first costs."""
    with ctx.db.session() as session:
        factories.make_org(session, "dinkes", title="Dinas Kesehatan")
        made = [factories.make_dataset(session, "dinkes", title=f"Puskesmas {n}") for n in range(5)]
        by_id = sorted((d.id, d.slug) for d in made)
    graph, view = _page(client, "/catalog.ttl?per_page=2")
    first = sorted(str(d) for d in graph.objects(CATALOG, DCAT.dataset))
    assert first == sorted(f"http://localhost/dataset/{slug}" for _, slug in by_id[:2])
    following = str(graph.value(view, HYDRA.next))
    assert f"after={by_id[1][0]}" in following and "page=2" in following
    with ctx.db.session() as session:  # the first page's first dataset leaves the catalog
        datasets.set_state(session, SYSTEM, by_id[0][1], "draft")
    graph, view = _page(client, following.removeprefix("http://localhost"))
    second = sorted(str(d) for d in graph.objects(CATALOG, DCAT.dataset))
    assert second == sorted(f"http://localhost/dataset/{slug}" for _, slug in by_id[2:4])
    assert int(graph.value(CATALOG, HYDRA.totalItems)) == 4
    assert "page=2" in str(graph.value(view, HYDRA.previous))
    assert "after=" not in str(graph.value(view, HYDRA.previous))  # numbers still jump


def test_catalog_without_a_walidata_still_has_a_publisher(
    client: FlaskClient, ctx: Catalog
) -> None:
    with ctx.db.session() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_dataset(session, "dinas-kesehatan")
    graph = parse(client.get("/catalog.ttl").data, "ttl")
    assert graph.value(URIRef("http://localhost/catalog"), DCTERMS.publisher) is not None
    assert violations(graph) == []


def test_the_whole_demo_catalog_has_no_mandatory_dcat_ap_violation(tmp_path: Path) -> None:
    """`catalog demo` (330 datasets through the harvest pipeline), then the catalog in one
    page: SQLite only, the export reads no database-specific SQL and this is the slow one."""
    data_dir = tmp_path / "inst"
    env = {"CATALOG_DATA_DIR": str(data_dir), "CATALOG_DATABASE_URL": ""}
    for command in (["init"], ["demo"]):
        result = CliRunner(env=env).invoke(main, command, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    app = build_app(f"sqlite:///{data_dir / 'catalog.db'}", tmp_path, data_dir=str(data_dir))
    response = app.test_client().get("/catalog.ttl?per_page=1000")
    graph = parse(response.data, "ttl")
    total = int(graph.value(CATALOG, HYDRA.totalItems))
    assert total > 300
    assert len(list(graph.objects(CATALOG, DCAT.dataset))) == total
    assert graph.value(graph.value(CATALOG, HYDRA.view), HYDRA.next) is None
    assert violations(graph) == []


def test_statdcat_namespaces_are_the_published_ones() -> None:
    """The namespaces the export writes (and the tests below read it by) are the ones
    StatDCAT-AP, the Data Cube, SDMX-RDF, DQV, Web Annotation and QUDT publish."""
    assert (STAT, QB, SDMX_ATTRIBUTE, DQV, OA, QUDT) == (
        "http://data.europa.eu/(xyz)/statdcat-ap/",
        "http://purl.org/linked-data/cube#",
        "http://purl.org/linked-data/sdmx/2009/attribute#",
        "http://www.w3.org/ns/dqv#",
        "http://www.w3.org/ns/oa#",
        "http://qudt.org/vocab/unit/",
    )


VARIABLES = [
    {
        "name": "kecamatan",
        "alias": "Kecamatan",
        "data_type": "category",
        "concept": "Wilayah administrasi",
        "classification": "Kode wilayah Kemendagri",
    },
    {
        "name": "persentase_rumah_layak",
        "data_type": "decimal",
        "unit": "Persen",
        "definition": "Rumah layak huni dibagi seluruh rumah.",
        "reference_period": "Desember 2023",
    },
    {"name": "jumlah_rumah", "data_type": "integer", "unit": "unit rumah"},
    {"name": "catatan", "data_type": "text"},
    {"name": "nik_kepala_keluarga", "data_type": "text", "public": False},
]


def statistical(ctx: Catalog) -> tuple[str, str]:
    """A recommended survey dataset with variables of every role, and one only requested."""
    seed(ctx)
    with ctx.db.session() as session:
        survey = factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Persentase Rumah Layak Huni",
            activity_type="survei",
            methodology="Survei rumah tangga, 1.200 sampel.",
            unit="Persen",
            variables=VARIABLES,
        )
        asked = factories.make_dataset(session, "dinas-kesehatan", title="Cakupan Imunisasi")
        reviewer = Actor.for_user(factories.make_user(session, roles=("bps_reviewer",)))
        editor = Actor.for_user(factories.make_user(session, orgs=("dinas-kesehatan",)))
        workflow.act(session, reviewer, survey.slug, "take")
        workflow.act(
            session,
            reviewer,
            survey.slug,
            "recommend",
            workflow.Decision(
                number="B-123/BPS/2026", valid_until=date(2099, 12, 31), issued_on=date(2026, 1, 5)
            ),
        )
        workflow.act(session, editor, asked.slug, "request")
        return survey.slug, asked.slug


def test_statdcat_variables_units_activity_and_the_bps_recommendation(
    client: FlaskClient, ctx: Catalog
) -> None:
    slug, asked = statistical(ctx)
    graphs = {ext: parse(client.get(f"/dataset/{slug}.{ext}").data, ext) for ext in SYNTAX}
    assert isomorphic(graphs["ttl"], graphs["rdf"]) and isomorphic(graphs["ttl"], graphs["jsonld"])
    g = graphs["ttl"]
    assert violations(g) == []
    ds = URIRef(f"http://localhost/dataset/{slug}")
    by_name = {str(g.value(p, RDFS.label)): p for p in g.subjects(RDFS.label, None)}
    assert "nik_kepala_keluarga" not in by_name  # not shown to the public
    area, share, count, note = (
        by_name[n] for n in ("kecamatan", "persentase_rumah_layak", "jumlah_rumah", "catatan")
    )
    assert set(g.objects(ds, STAT.dimension)) == {area}
    assert set(g.objects(ds, STAT.attribute)) == {note}
    assert (area, RDF.type, QB.DimensionProperty) in g
    assert (share, RDF.type, QB.MeasureProperty) in g and (count, RDF.type, QB.MeasureProperty) in g
    assert (note, RDF.type, QB.AttributeProperty) in g
    assert g.value(area, SKOS.altLabel) == Literal("Kecamatan", lang="id")
    assert g.value(g.value(area, QB.codeList), DCTERMS.title) == Literal(
        "Kode wilayah Kemendagri", lang="id"
    )
    assert g.value(area, RDFS.range) == SKOS.Concept
    assert g.value(share, RDFS.range) == XSD.decimal
    # units: QUDT where catalog/data/units.json maps the words, else the words
    assert g.value(share, SDMX_ATTRIBUTE.unitMeasure) == URIRef(QUDT + "PERCENT")
    assert g.value(count, SDMX_ATTRIBUTE.unitMeasure) == Literal("unit rumah")
    assert g.value(ds, STAT.statUnitMeasure) == URIRef(QUDT + "PERCENT")
    # a reference period in plain words gets its dates too
    period = g.value(share, DCTERMS.temporal)
    assert g.value(period, RDFS.label) == Literal("Desember 2023", lang="id")
    assert g.value(period, DCAT.startDate).toPython() == date(2023, 12, 1)
    assert g.value(period, DCAT.endDate).toPython() == date(2023, 12, 31)
    structure = g.value(ds, QB.structure)
    orders = {
        g.value(c, QB.order).toPython(): next(
            o for p in (QB.dimension, QB.measure, QB.attribute) if (o := g.value(c, p))
        )
        for c in g.objects(structure, QB.component)
    }
    assert orders == {1: area, 2: share, 3: count, 4: note}
    kind = g.value(ds, DCTERMS.type)
    assert g.value(kind, SKOS.notation) == Literal("survei")
    assert (kind, RDF.type, SKOS.Concept) in g
    assert g.value(g.value(ds, DCTERMS.provenance), RDFS.label) == Literal(
        "Survei rumah tangga, 1.200 sampel.", lang="id"
    )
    annotation = g.value(ds, DQV.hasQualityAnnotation)
    assert (annotation, RDF.type, DQV.QualityAnnotation) in g
    assert g.value(annotation, OA.hasTarget) == ds
    assert g.value(annotation, OA.motivatedBy) == DQV.qualityAssessment
    assert g.value(g.value(annotation, DCTERMS.type), SKOS.notation) == Literal("recommended")
    assert g.value(annotation, DCTERMS.identifier) == Literal("B-123/BPS/2026")
    valid = g.value(annotation, DCTERMS.valid)
    assert g.value(valid, DCAT.startDate).toPython() == date(2026, 1, 5)
    assert g.value(valid, DCAT.endDate).toPython() == date(2099, 12, 31)
    assert "B-123/BPS/2026" in str(g.value(g.value(annotation, OA.hasBody), RDF.value))
    assert g.value(g.value(annotation, DCTERMS.creator), FOAF.name) is not None

    g = parse(client.get(f"/dataset/{asked}.ttl").data, "ttl")
    annotation = g.value(URIRef(f"http://localhost/dataset/{asked}"), DQV.hasQualityAnnotation)
    assert g.value(g.value(annotation, DCTERMS.type), SKOS.notation) == Literal("requested")
    assert g.value(annotation, DCTERMS.identifier) is None
    assert g.value(annotation, DCTERMS.valid) is None
    # a dataset nobody asked BPS about has no annotation
    bare = parse(client.get(f"/dataset/{seed_slug(ctx)}.ttl").data, "ttl")
    assert not list(bare.subjects(RDF.type, DQV.QualityAnnotation))
    page = parse(client.get("/catalog.ttl").data, "ttl")
    assert violations(page) == []


def seed_slug(ctx: Catalog) -> str:
    with ctx.db.session() as session:
        return factories.make_dataset(session, "dinas-pendidikan", title="Daftar TK").slug


def test_wilayah_and_topik_are_resources_in_rdf_and_pages(
    client: FlaskClient, ctx: Catalog
) -> None:
    slugs = seed(ctx)
    g = parse(client.get(f"/dataset/{slugs['full']}.ttl").data, "ttl")
    ds = URIRef(f"http://localhost/dataset/{slugs['full']}")
    places = set(g.objects(ds, DCTERMS.spatial))
    assert places == {
        URIRef("http://localhost/wilayah/36.03.01"),
        URIRef("http://localhost/wilayah/36.03.03"),
    }
    assert g.value(ds, DCAT.theme) == URIRef("http://localhost/topik/kependudukan")

    # each place and topic the export names answers at its URI
    for ext, media_type in (
        ("ttl", "text/turtle"),
        ("rdf", "application/rdf+xml"),
        ("jsonld", "application/ld+json"),
    ):
        response = client.get(f"/wilayah/36.03.01.{ext}")
        assert (response.status_code, response.mimetype) == (200, media_type)
        place = parse(response.data, ext)
        node = URIRef("http://localhost/wilayah/36.03.01")
        assert (node, RDF.type, DCTERMS.Location) in place
        assert place.value(node, SKOS.prefLabel) == Literal("Balaraja", lang="id")
        assert place.value(node, DCTERMS.identifier) == Literal("36.03.01")
        assert place.value(place.value(node, DCTERMS.type), SKOS.notation) == Literal("kecamatan")
        assert place.value(node, DCTERMS.isPartOf) == URIRef("http://localhost/wilayah/36.03")
        assert violations(place) == []
    negotiated = client.get("/wilayah/36.03.01", headers={"Accept": "text/turtle"})
    assert negotiated.mimetype == "text/turtle" and "Accept" in negotiated.vary
    assert client.get("/wilayah/99.99.ttl").status_code == 404
    assert client.get("/wilayah/99.99").status_code == 404

    # the page lists the datasets covering the region (a desa counts for its kecamatan);
    # through a unit of work, whose commit indexes them
    with ctx.unit_of_work() as session:
        factories.make_dataset(
            session, "dinas-pendidikan", title="Sekolah di Desa", spatial=["36.03.01.2003"]
        )
        factories.make_dataset(
            session, "dinas-pendidikan", title="Sekolah di Tempat Lain", spatial=["36.03.04"]
        )
    page = client.get("/wilayah/36.03.01").get_data(as_text=True)
    assert "Kecamatan Balaraja" in page and "Jumlah Puskesmas Menurut Kecamatan" in page
    assert "Sekolah di Desa" in page and "Sekolah di Tempat Lain" not in page
    assert 'href="/wilayah/36.03.01.ttl"' in page

    concept = URIRef("http://localhost/topik/kependudukan")
    g = parse(client.get("/topik/kependudukan.jsonld").data, "jsonld")
    assert (concept, RDF.type, SKOS.Concept) in g
    assert g.value(concept, SKOS.inScheme) == URIRef("http://localhost/topik")
    assert g.value(concept, SKOS.notation) == Literal("kependudukan")
    negotiated = client.get("/topik/kependudukan", headers={"Accept": "application/rdf+xml"})
    assert negotiated.mimetype == "application/rdf+xml"
    assert client.get("/topik/kependudukan").mimetype == "text/html"
    assert client.get("/topik/tidak-ada.ttl").status_code == 404
    scheme = parse(client.get("/topik", headers={"Accept": "text/turtle"}).data, "ttl")
    top = set(scheme.objects(URIRef("http://localhost/topik"), SKOS.hasTopConcept))
    assert concept in top and len(top) == len(vocab.codes("topics"))
    assert isomorphic(scheme, parse(client.get("/topik.ttl").data, "ttl"))


def test_reference_periods_in_words_get_dates_where_they_are_plain() -> None:
    assert period_dates("Tahun 2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_dates("2019 – 2023") == (date(2019, 1, 1), date(2023, 12, 31))
    assert period_dates("Februari 2024") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_dates("31 Desember 2023") == (date(2023, 12, 31), date(2023, 12, 31))
    assert period_dates("Desember 2023") == (date(2023, 12, 1), date(2023, 12, 31))
    assert period_dates("Januari-Desember 2023 (bulanan)") == (date(2023, 1, 1), date(2023, 12, 31))
    assert period_dates("Juli - September 2024") == (date(2024, 7, 1), date(2024, 9, 30))
    assert period_dates("Desember-Januari 2024") is None
    for words in ("31 Februari 2024", "Semester II 2023", "setiap tahun", "Brumaire 2023"):
        assert period_dates(words) is None


def test_a_page_graph_holds_what_plain_rdflib_graphs_hold(ctx: Catalog) -> None:
    """The graph a catalog page fills (catalog/exports/dcat.py ExportGraph: each place,
    topic, agency and vocabulary term described once however many datasets name it, the
    quicker prefixed names, the Turtle writer that remembers them) holds the triples a plain
    rdflib Graph gets from the same datasets, and its Turtle, RDF/XML and JSON-LD read back
    as that graph."""
    statistical(ctx)
    with ctx.db.session() as session:
        factories.make_dataset(session, "dinas-kesehatan", title="Jumlah Posyandu")  # same places
        rows, _total = exports.published_page(session, limit=100)
        site = Site("http://localhost/", Agent("Diskominfo", "http://localhost/organisasi/x"))
        fast, plain = new_graph(), Graph()
        for ds in rows:
            from_dataset(fast, site, ds)
            from_dataset(plain, site, ds)
    assert len(rows) >= 5 and isinstance(fast, ExportGraph) and fast.described
    assert isomorphic(fast, plain)
    for ext, syntax in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")):
        assert isomorphic(parse(serialize(fast, syntax), ext), plain), ext
