"""DCAT-AP 3.0 for one dataset and for a page of the catalog (rdflib graphs).

What is mapped to what, and what is lost, is in docs/interop.md. Vocabulary values become
the EU vocabularies' URIs where catalog/data/vocabularies.json has one (`dcat` of a term);
every object a DCAT-AP range shape checks is typed with its class, so the graph validates
against the mandatory SHACL set on its own (tests/test_exports_dcat.py).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from catalog import vocab
from catalog.exports.site import Agent, CatalogPage, Site
from catalog.models import Dataset, recommendation
from catalog.services.auth import ANONYMOUS, visible_variables
from schemas.fields import safe_url

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # dcat:version: newer than rdflib's closed DCAT
# StatDCAT-AP 1.0.1 (its namespace really has "(xyz)" in it), the RDF Data Cube, SDMX-RDF,
# the Data Quality Vocabulary and Web Annotation; QUDT units (catalog/data/units.json)
STAT = Namespace("http://data.europa.eu/(xyz)/statdcat-ap/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT_UNIT = "http://qudt.org/vocab/unit/"
STAT_PREFIXES = {
    "stat": str(STAT),
    "qb": str(QB),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "dqv": str(DQV),
    "oa": str(OA),
    "unit": QUDT_UNIT,
}
# MS-Var data types <-> rdfs:range of the variable's component property
DATA_TYPE_RANGES = {
    "integer": XSD.integer, "decimal": XSD.decimal, "text": XSD.string, "date": XSD.date,
    "boolean": XSD.boolean, "category": SKOS.Concept,
}  # fmt: skip
# A variable's role in the table: numbers are measures, categories, dates and yes/no (and
# anything with a classification) are dimensions, the rest attributes.
ROLES = {"measure": QB.MeasureProperty, "dimension": QB.DimensionProperty,
         "attribute": QB.AttributeProperty}  # fmt: skip
ROLE_COMPONENT = {"measure": QB.measure, "dimension": QB.dimension, "attribute": QB.attribute}
# The BPS recommendation statuses as the quality annotation names them (id, en).
STATUS_LABELS = {
    "requested": ("Diajukan ke BPS", "Requested from BPS"),
    "in_review": ("Sedang ditinjau BPS", "Under BPS review"),
    "recommended": ("Direkomendasikan BPS", "Recommended by BPS"),
    "expired": ("Rekomendasi BPS kedaluwarsa", "BPS recommendation expired"),
    "revision_needed": ("Perlu perbaikan", "Revision needed"),
    "not_recommended": ("Tidak direkomendasikan BPS", "Not recommended by BPS"),
    "revoked": ("Rekomendasi BPS dicabut", "BPS recommendation revoked"),
}
BPS = ("Badan Pusat Statistik", "https://www.bps.go.id/")
UNITS_FILE = Path(__file__).parents[1] / "data" / "units.json"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
LANGUAGE = EU + "language/IND"  # Bahasa Indonesia
# ADMS publisher types: every agency and the walidata are local government
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
NATIONAL_AUTHORITY = "http://purl.org/adms/publishertype/NationalAuthority"  # BPS
REGENCY = "36.03"  # Kabupaten Tangerang: the catalog's spatial coverage
ACCESS_RIGHTS = {"public": "PUBLIC", "restricted": "RESTRICTED", "private": "NON_PUBLIC"}
# Our formats (vocabularies.json `formats`) -> the EU file-type authority table's codes.
FILE_TYPES = {
    "CSV": "CSV", "XLSX": "XLSX", "XLS": "XLS", "JSON": "JSON", "PDF": "PDF", "XML": "XML",
    "ODS": "ODS", "SHP": "SHP", "GEOJSON": "GEOJSON", "HTML": "HTML", "DOCX": "DOCX",
    "ZIP": "ZIP", "DOC": "DOC", "TXT": "TXT", "TSV": "TSV", "PPTX": "PPTX", "PNG": "PNG",
    "JPEG": "JPEG", "KML": "KML", "KMZ": "KMZ", "GPKG": "GPKG", "WMS": "WMS_SRVC",
    "WFS": "WFS_SRVC", "RAR": "RAR",
}  # fmt: skip
# The usual IANA media type of a format, when the resource does not name one.
MEDIA_TYPES = {
    "CSV": "text/csv", "JSON": "application/json", "PDF": "application/pdf",
    "XML": "application/xml", "HTML": "text/html", "ZIP": "application/zip",
    "TXT": "text/plain", "TSV": "text/tab-separated-values", "PNG": "image/png",
    "JPEG": "image/jpeg", "GEOJSON": "application/geo+json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLS": "application/vnd.ms-excel",
    "ODS": "application/vnd.oasis.opendocument.spreadsheet",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "KML": "application/vnd.google-earth.kml+xml",
}  # fmt: skip
JSONLD_CONTEXT = Path(__file__).parents[2] / "harvesters" / "data" / "jsonld" / "dcat-ap-3.jsonld"


@cache
def jsonld_context() -> dict[str, str]:
    """The prefixes of the packaged DCAT-AP 3 context (harvesters/data/jsonld/), inline: a
    reader needs no remote context, and compaction keeps every triple (terms it does not
    name stay as prefixed names)."""
    with open(JSONLD_CONTEXT, encoding="utf-8") as fh:
        context = json.load(fh)["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    return {**prefixes, **STAT_PREFIXES}


@cache
def _units() -> tuple[dict[str, str], dict[str, str]]:
    with open(UNITS_FILE, encoding="utf-8") as fh:
        table = json.load(fh)["units"]
    to_uri = {name: QUDT_UNIT + u["qudt"] for u in table for name in u["names"]}
    return to_uri, {QUDT_UNIT + u["qudt"]: u["names"][0] for u in table}


def unit_uri(unit: str) -> str | None:
    """The QUDT URI of a unit's words (catalog/data/units.json), or None."""
    return _units()[0].get(" ".join(unit.split()).casefold())


def unit_name(value: str) -> str:
    """A unit as we write it: a QUDT URI of the table as its first spelling, else as sent."""
    return _units()[1].get(value, value)


MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
          "september", "oktober", "november", "desember")  # fmt: skip


def period_dates(words: str) -> tuple[date, date] | None:
    """The dates of a reference period written in words, where they are plain: "2024",
    "Tahun 2024", "2019-2023", "Desember 2023", "31 Desember 2023", "Januari-Juni 2023"
    (a note in brackets after it, "(bulanan)", aside); else None."""
    text = " ".join(words.casefold().replace("–", "-").split()).removeprefix("tahun ")
    text = re.sub(r"\s*\([^()]*\)$", "", text)
    try:
        if m := re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", text):
            return date(int(m[1]), 1, 1), date(int(m[2] or m[1]), 12, 31)
        if m := re.fullmatch(r"([a-z]+)\s*-\s*([a-z]+) (\d{4})", text):
            start, end = period_dates(f"{m[1]} {m[3]}"), period_dates(f"{m[2]} {m[3]}")
            return (start[0], end[1]) if start and end and start[0] <= end[1] else None
        if m := re.fullmatch(r"(?:(\d{1,2}) )?([a-z]+) (\d{4})", text):
            if m[2] not in MONTHS:
                return None
            month, year = MONTHS.index(m[2]) + 1, int(m[3])
            last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
            if m[1]:
                day = date(year, month, int(m[1]))
                return day, day
            return date(year, month, 1), date(year, month, last)
    except ValueError:  # 31 Februari
        return None
    return None


def variable_role(variable: dict[str, Any]) -> str:
    kind = variable.get("data_type")
    if kind in ("integer", "decimal"):
        return "measure"
    if kind in ("category", "date", "boolean") or variable.get("classification"):
        return "dimension"
    return "attribute"


def new_graph() -> Graph:
    graph = Graph(store="SimpleMemory")  # no named graphs: quicker to fill
    for prefix, ns in jsonld_context().items():
        graph.bind(prefix, Namespace(ns))
    return graph


def serialize(graph: Graph, syntax: str) -> bytes:
    if syntax == "json-ld":
        data = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return data.encode("utf-8")
    return graph.serialize(format=syntax, encoding="utf-8")


def _typed(graph: Graph, uri: str, cls: URIRef) -> URIRef:
    node = URIRef(uri)
    graph.add((node, RDF.type, cls))
    return node


def _term_uri(vocabulary: str, code: str | None) -> str | None:
    term = next((t for t in vocab.terms(vocabulary) if t["code"] == code), None)
    return str(term["dcat"]) if term and term.get("dcat") else None


def _agent(graph: Graph, agent: Agent) -> URIRef:
    node = _typed(graph, agent.uri, FOAF.Agent)
    graph.add((node, FOAF.name, Literal(agent.name, lang="id")))
    if agent.code:
        graph.add((node, DCTERMS.identifier, Literal(agent.code)))
    if agent.email:
        graph.add((node, FOAF.mbox, URIRef("mailto:" + agent.email)))
    kind = _typed(graph, LOCAL_AUTHORITY, SKOS.Concept)
    graph.add((kind, SKOS.prefLabel, Literal("Local Authority", lang="en")))
    graph.add((node, DCTERMS.type, kind))
    return node


def place(graph: Graph, site: Site, code: str) -> URIRef:
    """A kode wilayah as the dct:Location this catalog serves at /wilayah/{kode} (its code
    and name repeated here, so a reader need not follow the link)."""
    node = _typed(graph, site.region_uri(code), DCTERMS.Location)
    graph.add((node, DCTERMS.identifier, Literal(code)))
    region = vocab.regions().get(code)
    if region is not None:
        graph.add((node, SKOS.prefLabel, Literal(region.name, lang="id")))
    return node


def concept(graph: Graph, site: Site, code: str) -> URIRef:
    """A topic as the skos:Concept this catalog serves at /topik/{code}."""
    node = _typed(graph, site.topic_uri(code), SKOS.Concept)
    graph.add((node, SKOS.prefLabel, Literal(vocab.label("topics", code, "id"), lang="id")))
    graph.add((node, SKOS.prefLabel, Literal(vocab.label("topics", code, "en"), lang="en")))
    graph.add((node, SKOS.notation, Literal(code)))
    graph.add((node, SKOS.inScheme, URIRef(site.topic_scheme_uri)))
    return node


def _labelled_concept(graph: Graph, code: str, labels: tuple[str, str]) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.notation, Literal(code)))
    graph.add((node, SKOS.prefLabel, Literal(labels[0], lang="id")))
    graph.add((node, SKOS.prefLabel, Literal(labels[1], lang="en")))
    return node


def _unit(graph: Graph, unit: str) -> URIRef | Literal:
    uri = unit_uri(unit)
    return URIRef(uri) if uri else Literal(unit)


def add_statistics(graph: Graph, node: URIRef, ds: Dataset) -> None:
    """StatDCAT-AP: the public MS-Var variables as Data Cube component properties (linked
    as stat:dimension / stat:attribute, and all of them, measures too, in order through a
    qb:DataStructureDefinition), units (QUDT where catalog/data/units.json maps them, else
    SDMX's unitMeasure with the words), the activity type, the methodology, and the BPS
    recommendation as a DQV quality annotation."""
    add = graph.add
    if ds.activity_type:
        labels = (
            vocab.label("activity_types", ds.activity_type, "id"),
            vocab.label("activity_types", ds.activity_type, "en"),
        )
        add((node, DCTERMS.type, _labelled_concept(graph, ds.activity_type, labels)))
    if ds.methodology:
        statement = BNode()
        add((statement, RDF.type, DCTERMS.ProvenanceStatement))
        add((statement, RDFS.label, Literal(ds.methodology, lang="id")))
        add((node, DCTERMS.provenance, statement))
    if ds.unit:
        unit = _unit(graph, ds.unit)
        if isinstance(unit, Literal):  # StatDCAT-AP ranges statUnitMeasure over skos:Concept
            words = unit
            unit = URIRef(f"{node}#satuan")
            add((unit, RDF.type, SKOS.Concept))
            add((unit, SKOS.prefLabel, words))
        add((node, STAT.statUnitMeasure, unit))
    public = visible_variables(ANONYMOUS, ds.organization_id, ds.variables)  # an export: anonymous
    if public:
        structure = URIRef(f"{node}#struktur")
        add((structure, RDF.type, QB.DataStructureDefinition))
        add((node, QB.structure, structure))
    for n, variable in enumerate(public, start=1):
        role = variable_role(variable)
        prop = URIRef(f"{node}#variabel-{n}")
        add((prop, RDF.type, ROLES[role]))
        add((prop, RDFS.label, Literal(variable["name"], lang="id")))
        if variable.get("alias"):
            add((prop, SKOS.altLabel, Literal(variable["alias"], lang="id")))
        if variable.get("definition"):
            add((prop, SKOS.definition, Literal(variable["definition"], lang="id")))
        if variable.get("concept"):
            idea = BNode()
            add((idea, RDF.type, SKOS.Concept))
            add((idea, SKOS.prefLabel, Literal(variable["concept"], lang="id")))
            add((prop, QB.concept, idea))
        if variable.get("data_type") in DATA_TYPE_RANGES:
            add((prop, RDFS.range, DATA_TYPE_RANGES[variable["data_type"]]))
        if variable.get("classification"):
            codes = BNode()
            add((codes, RDF.type, SKOS.ConceptScheme))
            add((codes, DCTERMS.title, Literal(variable["classification"], lang="id")))
            add((prop, QB.codeList, codes))
        if variable.get("unit"):
            add((prop, SDMX_ATTRIBUTE.unitMeasure, _unit(graph, variable["unit"])))
        if variable.get("reference_period"):
            period = _period(graph, *(period_dates(variable["reference_period"]) or (None, None)))
            add((period, RDFS.label, Literal(variable["reference_period"], lang="id")))
            add((prop, DCTERMS.temporal, period))
        if role == "dimension":
            add((node, STAT.dimension, prop))
        elif role == "attribute":
            add((node, STAT.attribute, prop))
        component = BNode()
        add((component, RDF.type, QB.ComponentSpecification))
        add((component, ROLE_COMPONENT[role], prop))
        add((component, QB.order, Literal(n, datatype=XSD.integer)))
        add((structure, QB.component, component))
    _recommendation(graph, node, ds)


def _recommendation(graph: Graph, node: URIRef, ds: Dataset) -> None:
    """What BPS said, as a dqv:QualityAnnotation on the dataset: the status (skos:notation
    the catalog's code), and for a recommendation its number and validity."""
    state = recommendation.summary(ds)
    status = state["status"]
    if status not in STATUS_LABELS:
        return  # never asked
    add = graph.add
    note = URIRef(f"{node}#rekomendasi-bps")
    add((note, RDF.type, DQV.QualityAnnotation))
    add((note, OA.hasTarget, node))
    add((note, OA.motivatedBy, DQV.qualityAssessment))
    add((note, DCTERMS.type, _labelled_concept(graph, status, STATUS_LABELS[status])))
    words = STATUS_LABELS[status][0]
    rec = ds.recommendation
    if state["number"]:
        add((note, DCTERMS.identifier, Literal(state["number"])))
        words += f", nomor {state['number']}"
    if rec is not None and status in ("recommended", "expired"):
        if rec.issued_on:
            add((note, DCTERMS.issued, _date(rec.issued_on)))
        if rec.valid_until or rec.issued_on:
            add((note, DCTERMS.valid, _period(graph, rec.issued_on, rec.valid_until)))
            if rec.valid_until:
                words += f", berlaku sampai {rec.valid_until.isoformat()}"
    body = BNode()
    add((body, RDF.type, OA.TextualBody))
    add((body, RDF.value, Literal(words, lang="id")))
    add((note, OA.hasBody, body))
    bps = _typed(graph, BPS[1], FOAF.Agent)
    add((bps, FOAF.name, Literal(BPS[0], lang="id")))
    kind = _typed(graph, NATIONAL_AUTHORITY, SKOS.Concept)
    add((kind, SKOS.prefLabel, Literal("National Authority", lang="en")))
    add((bps, DCTERMS.type, kind))
    add((note, DCTERMS.creator, bps))
    add((node, DQV.hasQualityAnnotation, note))


def _period(graph: Graph, start: Any, end: Any) -> BNode:
    """A dct:PeriodOfTime with the dcat:startDate and dcat:endDate that are known."""
    period = BNode()
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if start:
        graph.add((period, DCAT.startDate, _date(start)))
    if end:
        graph.add((period, DCAT.endDate, _date(end)))
    return period


def _date(value: Any) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _datetime(value: Any) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def add_dataset(graph: Graph, site: Site, ds: Dataset) -> URIRef:
    """The dataset's triples; returns its URI (the dataset page's address)."""
    node = _typed(graph, site.dataset_uri(ds.slug), DCAT.Dataset)
    add = graph.add
    add((node, DCTERMS.title, Literal(ds.title, lang="id")))
    add((node, DCTERMS.description, Literal(ds.description or ds.title, lang="id")))
    add((node, DCTERMS.identifier, Literal(ds.identifier or str(node))))
    for tag in ds.tag_names:
        add((node, DCAT.keyword, Literal(tag, lang="id")))
    for code in ds.topic_codes:
        add((node, DCAT.theme, concept(graph, site, code)))
    license_uri = _term_uri("licenses", ds.license)
    if license_uri:
        add((node, DCTERMS.license, _typed(graph, license_uri, DCTERMS.LicenseDocument)))
    rights = ACCESS_RIGHTS.get(ds.access_level)
    if rights:
        uri = f"{EU}access-right/{rights}"
        add((node, DCTERMS.accessRights, _typed(graph, uri, DCTERMS.RightsStatement)))
    frequency = _term_uri("frequencies", ds.frequency)
    if frequency:
        add((node, DCTERMS.accrualPeriodicity, _typed(graph, frequency, DCTERMS.Frequency)))
    if ds.temporal_start or ds.temporal_end:
        add((node, DCTERMS.temporal, _period(graph, ds.temporal_start, ds.temporal_end)))
    for code in ds.region_codes:
        add((node, DCTERMS.spatial, place(graph, site, code)))
    add((node, DCTERMS.language, _typed(graph, LANGUAGE, DCTERMS.LinguisticSystem)))
    if ds.contact_name or ds.contact_email:
        contact = BNode()
        add((contact, RDF.type, VCARD.Kind))
        if ds.contact_name:
            add((contact, VCARD.fn, Literal(ds.contact_name)))
        if ds.contact_email:
            add((contact, VCARD.hasEmail, URIRef("mailto:" + ds.contact_email)))
        add((node, DCAT.contactPoint, contact))
    add((node, DCTERMS.publisher, _agent(graph, site.agent_of(ds))))
    if ds.issued:
        add((node, DCTERMS.issued, _datetime(ds.issued)))
    add((node, DCTERMS.modified, _datetime(ds.modified or ds.updated_at)))
    landing = safe_url(ds.landing_page) or str(node)
    add((node, DCAT.landingPage, _typed(graph, landing, FOAF.Document)))
    if ds.version_label:
        add((node, DCAT3.version, Literal(ds.version_label)))
    for n, resource in enumerate(ds.resources, start=1):
        url = safe_url(resource.url)
        if not url:
            continue
        dist = URIRef(f"{node}#distribusi-{n}")
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCTERMS.title, Literal(resource.name, lang="id")))
        if resource.description:
            add((dist, DCTERMS.description, Literal(resource.description, lang="id")))
        add((dist, DCAT.accessURL, URIRef(url)))
        add((dist, DCAT.downloadURL, URIRef(url)))
        fmt = (resource.format or "").upper()
        if fmt in FILE_TYPES:
            uri = f"{EU}file-type/{FILE_TYPES[fmt]}"
            add((dist, DCTERMS.format, _typed(graph, uri, DCTERMS.MediaTypeOrExtent)))
        media_type = resource.media_type or MEDIA_TYPES.get(fmt)
        if media_type:
            add((dist, DCAT.mediaType, _typed(graph, IANA + media_type, DCTERMS.MediaType)))
        if resource.size is not None:
            # DCAT-AP 3.0.0 ranges byteSize over xsd:decimal (DCAT 3 says nonNegativeInteger)
            add((dist, DCAT.byteSize, Literal(f"{resource.size}.0", datatype=XSD.decimal)))
        if license_uri:
            add((dist, DCTERMS.license, URIRef(license_uri)))
        add((node, DCAT.distribution, dist))
    add_statistics(graph, node, ds)
    return node


# The catalog's APIs as dcat:DataService: (path under the root, title, description, the
# address of a machine-readable description or None)
SERVICES = (
    (
        "api/3/action/",
        "CKAN Action API",
        "API yang sama dengan CKAN (package_search, package_show, organization_list, ...), "
        "untuk portal dan alat yang membaca CKAN.",
        None,
    ),
    (
        "api/v1/",
        "REST API v1",
        "API katalog: dataset, organisasi, pencarian, rekomendasi BPS dan panen metadata.",
        "api/v1/openapi.json",
    ),
)


def add_services(
    graph: Graph, site: Site, catalog: URIRef, publisher: URIRef, datasets: list[URIRef]
) -> None:
    """The APIs, each serving every dataset of the page (all published ones are in both)."""
    public = _typed(graph, f"{EU}access-right/PUBLIC", DCTERMS.RightsStatement)
    for path, title, description, spec in SERVICES:
        service = _typed(graph, site.base_url + path, DCAT.DataService)
        graph.add((service, DCTERMS.title, Literal(title, lang="id")))
        graph.add((service, DCTERMS.description, Literal(description, lang="id")))
        graph.add((service, DCAT.endpointURL, URIRef(site.base_url + path)))
        if spec:
            graph.add((service, DCAT.endpointDescription, URIRef(site.base_url + spec)))
        graph.add((service, DCTERMS.publisher, publisher))
        graph.add((service, DCTERMS.accessRights, public))
        graph.add((service, DCAT.keyword, Literal("API", lang="id")))
        if site.publisher.email:
            contact = BNode()
            graph.add((contact, RDF.type, VCARD.Kind))
            graph.add((contact, VCARD.fn, Literal(site.publisher.name)))
            graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + site.publisher.email)))
            graph.add((service, DCAT.contactPoint, contact))
        for dataset in datasets:
            graph.add((service, DCAT.servesDataset, dataset))
        graph.add((catalog, DCAT.service, service))


def dataset_graph(site: Site, ds: Dataset) -> Graph:
    graph = new_graph()
    add_dataset(graph, site, ds)
    return graph


def catalog_graph(site: Site, page: CatalogPage) -> Graph:
    """The dcat:Catalog with one page of its datasets, and the Hydra view that links the
    pages (hydra:next until the last one) and says how many datasets match."""
    graph = new_graph()
    catalog = _typed(graph, site.catalog_uri, DCAT.Catalog)
    graph.add((catalog, DCTERMS.title, Literal(site.title, lang="id")))
    graph.add((catalog, DCTERMS.description, Literal(site.description, lang="id")))
    publisher = _agent(graph, site.publisher)
    graph.add((catalog, DCTERMS.publisher, publisher))

    graph.add((catalog, FOAF.homepage, _typed(graph, site.base_url, FOAF.Document)))
    graph.add((catalog, DCTERMS.language, _typed(graph, LANGUAGE, DCTERMS.LinguisticSystem)))
    graph.add((catalog, DCTERMS.spatial, place(graph, site, REGENCY)))
    scheme = _typed(graph, site.topic_scheme_uri, SKOS.ConceptScheme)
    graph.add((scheme, DCTERMS.title, Literal("Topik data statistik sektoral", lang="id")))
    graph.add((catalog, DCAT.themeTaxonomy, scheme))
    nodes = [add_dataset(graph, site, ds) for ds in page.datasets]
    for node in nodes:
        graph.add((catalog, DCAT.dataset, node))
    add_services(graph, site, catalog, publisher, nodes)
    graph.add((catalog, RDF.type, HYDRA.Collection))
    graph.add((catalog, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    view = _typed(graph, page.page_url(page.page), HYDRA.PartialCollectionView)
    graph.add((catalog, HYDRA.view, view))
    graph.add((view, HYDRA.first, URIRef(page.page_url(1))))
    graph.add((view, HYDRA.last, URIRef(page.page_url(page.last))))
    if page.page > 1:
        graph.add((view, HYDRA.previous, URIRef(page.page_url(page.page - 1))))
    if page.page < page.last:
        graph.add((view, HYDRA.next, URIRef(page.page_url(page.page + 1))))
    return graph
