"""DCAT-AP 3.0 (with StatDCAT-AP 1.0.1) for one dataset, both ways: a dataset's triples out
(`from_dataset`: catalog/exports/dcat.py writes the catalog, its pages, the services and the
serializations around them) and a dataset node of a graph in (`to_profile`: the `dcat`
harvester fetches and parses the pages).

The plain properties are the rows of `TABLE`: (profile field, the RDF term, converter out,
converter back). A term `a/b` is the property `b` of the one node `a` points at (the contact
point, the period of time, the provenance statement). Out, a converter gives the object(s)
of the term for a dataset; in, the graph is first read into a plain dict (`extract`, the raw
payload the harvest keeps) and the converters read that (`from_payload`). The structured
parts are functions here too: distributions, the StatDCAT-AP variables (a Data Cube
structure), the unit and the BPS recommendation as a DQV quality annotation.

Vocabulary values become the EU vocabularies' URIs where catalog/data/vocabularies.json has
one (`dcat` of a term); every object a DCAT-AP range shape checks is typed with its class,
so the graph validates against the mandatory SHACL set on its own (tests/test_exports_dcat.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from catalog import vocab
from catalog.exports.site import Agent, Site
from catalog.formats.table import Term, read
from catalog.formats.values import parse_date_loose, public_activity, split_spatial
from catalog.models import Dataset, recommendation
from catalog.services.auth import ANONYMOUS, visible_variables
from schemas.fields import safe_url
from schemas.profile import normalize_region_code

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
ADMS = Namespace("http://www.w3.org/ns/adms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
# The prefixes of TABLE's terms
PREFIXES = {
    "dct": DCTERMS, "dcat": DCAT3, "foaf": FOAF, "rdfs": RDFS, "vcard": VCARD, "stat": STAT,
    "qb": QB, "dqv": DQV, "prov": PROV,
}  # fmt: skip


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


def _described(graph: Graph, key: Hashable) -> URIRef | None:
    """The node `graph` has described under `key` already, when the graph keeps count (a
    catalog page's graph does: catalog/exports/dcat.py `ExportGraph`). A page of 1000
    datasets names the same places, topics, agencies and vocabulary terms again and again;
    each is described once (a graph is a set: the triples are the same)."""
    memo = getattr(graph, "described", None)
    return memo.get(key) if memo is not None else None


def _remember(graph: Graph, key: Hashable, node: URIRef) -> URIRef:
    memo = getattr(graph, "described", None)
    if memo is not None:
        memo[key] = node
    return node


def typed(graph: Graph, uri: str, cls: URIRef) -> URIRef:
    node = _described(graph, (uri, cls))
    if node is None:
        node = _remember(graph, (uri, cls), URIRef(uri))
        graph.add((node, RDF.type, cls))
    return node


@cache
def _dcat_uris(vocabulary: str) -> dict[str, str]:
    return {t["code"]: str(t["dcat"]) for t in vocab.terms(vocabulary) if t.get("dcat")}


def _term_uri(vocabulary: str, code: str | None) -> str | None:
    return _dcat_uris(vocabulary).get(code) if code is not None else None


def agent_node(graph: Graph, agent: Agent) -> URIRef:
    known = _described(graph, agent)
    if known is not None:
        return known
    node = _remember(graph, agent, typed(graph, agent.uri, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(agent.name, lang="id")))
    if agent.code:
        graph.add((node, DCTERMS.identifier, Literal(agent.code)))
    if agent.email:
        graph.add((node, FOAF.mbox, URIRef("mailto:" + agent.email)))
    kind = typed(graph, LOCAL_AUTHORITY, SKOS.Concept)
    graph.add((kind, SKOS.prefLabel, Literal("Local Authority", lang="en")))
    graph.add((node, DCTERMS.type, kind))
    return node


def place(graph: Graph, site: Site, code: str) -> URIRef:
    """A kode wilayah as the dct:Location this catalog serves at /wilayah/{kode} (its code
    and name repeated here, so a reader need not follow the link)."""
    uri = site.page_uri("region", code)
    known = _described(graph, ("place", uri))
    if known is not None:
        return known
    node = _remember(graph, ("place", uri), typed(graph, uri, DCTERMS.Location))
    graph.add((node, DCTERMS.identifier, Literal(code)))
    region = vocab.regions().get(code)
    if region is not None:
        graph.add((node, SKOS.prefLabel, Literal(region.name, lang="id")))
    return node


def concept(graph: Graph, site: Site, code: str) -> URIRef:
    """A topic as the skos:Concept this catalog serves at /topik/{code}."""
    uri = site.page_uri("topic", code)
    known = _described(graph, ("topic", uri))
    if known is not None:
        return known
    node = _remember(graph, ("topic", uri), typed(graph, uri, SKOS.Concept))
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


@dataclass
class Out:
    """What a converter out writes into: the graph, the site, the dataset's node, and the
    nodes of the path terms made so far (one contact point, one period, ...)."""

    graph: Graph
    site: Site
    node: URIRef
    children: dict[str, BNode] = field(default_factory=dict)


def _activity_out(ds: Dataset, out: Out) -> BNode | None:
    if not ds.activity_type:
        return None
    labels = (
        vocab.label("activity_types", ds.activity_type, "id"),
        vocab.label("activity_types", ds.activity_type, "en"),
    )
    return _labelled_concept(out.graph, ds.activity_type, labels)


def _unit_out(ds: Dataset, out: Out) -> URIRef | None:
    if not ds.unit:
        return None
    unit = _unit(out.graph, ds.unit)
    if isinstance(unit, Literal):  # StatDCAT-AP ranges statUnitMeasure over skos:Concept
        words = unit
        unit = URIRef(f"{out.node}#satuan")
        out.graph.add((unit, RDF.type, SKOS.Concept))
        out.graph.add((unit, SKOS.prefLabel, words))
    return unit


def _variables_out(ds: Dataset, out: Out) -> URIRef | None:
    """StatDCAT-AP: the public MS-Var variables as Data Cube component properties (linked
    as stat:dimension / stat:attribute, and all of them, measures too, in order through the
    qb:DataStructureDefinition returned), units (QUDT where catalog/data/units.json maps
    them, else SDMX's unitMeasure with the words)."""
    graph, node, add = out.graph, out.node, out.graph.add
    public = visible_variables(ANONYMOUS, ds.organization_id, ds.variables)  # an export: anonymous
    if not public:
        return None
    structure = URIRef(f"{node}#struktur")
    add((structure, RDF.type, QB.DataStructureDefinition))
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
    return structure


def _recommendation_out(ds: Dataset, out: Out) -> URIRef | None:
    """What BPS said, as a dqv:QualityAnnotation on the dataset: the status (skos:notation
    the catalog's code), and for a recommendation its number and validity."""
    graph, node, add = out.graph, out.node, out.graph.add
    state = recommendation.summary(ds)
    status = state["status"]
    if status not in STATUS_LABELS:
        return None  # never asked
    note = URIRef(f"{node}#rekomendasi-bps")
    add((note, RDF.type, DQV.QualityAnnotation))
    add((note, OA.hasTarget, node))
    add((note, OA.motivatedBy, DQV.qualityAssessment))
    add((note, DCTERMS.type, _labelled_concept(graph, status, STATUS_LABELS[status])))
    words = STATUS_LABELS[status][0]
    rec = recommendation.governing(ds)  # its own, or its statistical activity's
    if state["number"]:
        add((note, DCTERMS.identifier, Literal(state["number"])))
        words += f", nomor {state['number']}"
    activity = public_activity(ds)
    if state["activity"] and activity is not None:  # inherited: name the activity
        add((note, DCTERMS.subject, URIRef(out.site.page_uri("activity", activity.slug))))
        code = f" (kode {activity.code})" if activity.code else ""
        words += f", untuk kegiatan statistik {activity.title}{code}"
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
    bps = typed(graph, BPS[1], FOAF.Agent)
    add((bps, FOAF.name, Literal(BPS[0], lang="id")))
    kind = typed(graph, NATIONAL_AUTHORITY, SKOS.Concept)
    add((kind, SKOS.prefLabel, Literal("National Authority", lang="en")))
    add((bps, DCTERMS.type, kind))
    add((note, DCTERMS.creator, bps))
    return note


def _generated_by_out(ds: Dataset, out: Out) -> URIRef | None:
    """The statistical activity that produced the dataset (DCAT-AP prov:wasGeneratedBy): its
    page, title and kode kegiatan (dct:identifier, read back to link a harvested dataset)."""
    activity = public_activity(ds)
    if activity is None:
        return None
    node = typed(out.graph, out.site.page_uri("activity", activity.slug), PROV.Activity)
    out.graph.add((node, DCTERMS.title, Literal(activity.title, lang="id")))
    if activity.code:
        out.graph.add((node, DCTERMS.identifier, Literal(activity.code)))
    return node


def _extras_back(p: Mapping[str, Any]) -> dict[str, str]:
    """The publisher's name, and the kode kegiatan of the activity that produced it."""
    extras = {"publisher": p["publisher"]} if p.get("publisher") else {}
    if p.get("activity_code"):
        extras["kode_kegiatan"] = p["activity_code"]
    return extras


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
    return _date_literal(value.isoformat())


@lru_cache(maxsize=4096)
def _date_literal(text: str) -> Literal:
    """An xsd:date literal (rdflib parses each one back into a date to check it: ~50 us; a
    page of datasets names the same few hundred dates again and again)."""
    return Literal(text, datatype=XSD.date)


def _datetime(value: Any) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def _distributions_out(ds: Dataset, out: Out) -> list[URIRef]:
    """A dcat:Distribution `{uri}#distribusi-{n}` for each resource with an http(s) URL."""
    graph, node, add = out.graph, out.node, out.graph.add
    license_uri = _term_uri("licenses", ds.license)
    found = []
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
            add((dist, DCTERMS.format, typed(graph, uri, DCTERMS.MediaTypeOrExtent)))
        media_type = resource.media_type or MEDIA_TYPES.get(fmt)
        if media_type:
            add((dist, DCAT.mediaType, typed(graph, IANA + media_type, DCTERMS.MediaType)))
        if resource.size is not None:
            # DCAT-AP 3.0.0 ranges byteSize over xsd:decimal (DCAT 3 says nonNegativeInteger)
            add((dist, DCAT.byteSize, Literal(f"{resource.size}.0", datatype=XSD.decimal)))
        if license_uri:
            add((dist, DCTERMS.license, URIRef(license_uri)))
        found.append(dist)
    return found


def _size(value: str | None) -> int | None:
    try:
        return int(float(value)) if value else None
    except (ValueError, OverflowError):  # not a number, nan, inf
        return None


def _resources_back(p: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": d.get("title") or None,  # else "Berkas CSV 1" (schemas.lenient)
            "url": d.get("download_url") or d.get("access_url"),
            "format": (d.get("format") or "").rsplit("/", 1)[-1] or None,
            "media_type": (d.get("media_type") or "").removeprefix(IANA) or None,
            "description": d.get("description") or "",
            "size": _size(d.get("byte_size")),
        }
        for d in p.get("distributions") or []
        if d.get("download_url") or d.get("access_url")
    ]


def _vocabulary_out(attribute: str, vocabulary: str, cls: URIRef) -> Any:
    """A vocabulary value as its EU authority URI (vocabularies.json `dcat`), typed `cls`."""

    def out(ds: Dataset, o: Out) -> URIRef | None:
        uri = _term_uri(vocabulary, getattr(ds, attribute))
        return typed(o.graph, uri, cls) if uri else None

    return out


def _access_rights_out(ds: Dataset, o: Out) -> URIRef | None:
    rights = ACCESS_RIGHTS.get(ds.access_level)
    return typed(o.graph, f"{EU}access-right/{rights}", DCTERMS.RightsStatement) if rights else None


def _identifier_back(p: Mapping[str, Any]) -> str | None:
    ident = p.get("uri") or p.get("identifier")
    return ident if ident and str(ident).startswith(("http://", "https://")) else None


def _topics_back(p: Mapping[str, Any]) -> list[str] | None:
    topics = {t for t in (_topic(theme) for theme in p.get("themes") or []) if t}
    return sorted(topics) or None


def _codes(p: Mapping[str, Any]) -> list[str] | None:
    """The places' kode wilayah, when every place has a code the catalog knows."""
    codes = [normalize_region_code(c) for c in p.get("places") or []]
    return codes if codes and all(c in vocab.regions() for c in codes) else None


def _spatial_back(part: int) -> Any:
    def back(p: Mapping[str, Any]) -> Any:
        codes = _codes(p)
        if codes:
            return codes if part == 0 else None
        return split_spatial(str(p["spatial"]))[part] if p.get("spatial") else None

    return back


def _get(key: str, convert: Any = None) -> Any:
    """A converter back: the payload's `key`, through `convert`."""
    return lambda p: p.get(key) if convert is None else convert(p.get(key))


def _lang(attribute: str) -> Any:
    """A converter out: the dataset's `attribute` as an Indonesian literal, when set."""
    return lambda ds, _o: Literal(value, lang="id") if (value := getattr(ds, attribute)) else None


# Path terms `a/b`: the class of the one node `a` points at.
CHILD_TYPES = {
    "dcat:contactPoint": VCARD.Kind,
    "dct:temporal": DCTERMS.PeriodOfTime,
    "dct:provenance": DCTERMS.ProvenanceStatement,
}
TABLE: tuple[Term, ...] = (
    Term(
        "title",
        "dct:title",
        lambda ds, _o: Literal(ds.title, lang="id"),
        lambda p: (p.get("title") or "").strip(),
    ),
    Term(
        "description",
        "dct:description",
        lambda ds, _o: Literal(ds.description or ds.title, lang="id"),
        lambda p: p.get("description") or "",
    ),
    Term(
        "identifier",
        "dct:identifier",
        lambda ds, o: Literal(ds.identifier or str(o.node)),
        _identifier_back,
    ),
    Term(
        "tags",
        "dcat:keyword",
        lambda ds, _o: [Literal(tag, lang="id") for tag in ds.tag_names],
        lambda p: p.get("keywords") or [],
    ),
    Term(
        "topics",
        "dcat:theme",
        lambda ds, o: [concept(o.graph, o.site, code) for code in ds.topic_codes],
        _topics_back,
    ),
    # vocabularies as sent; schemas.lenient maps them (EU frequency URIs, licenses)
    Term(
        "license",
        "dct:license",
        _vocabulary_out("license", "licenses", DCTERMS.LicenseDocument),
        _get("license"),
    ),
    Term("access_level", "dct:accessRights", _access_rights_out, _get("access_rights")),
    Term(
        "frequency",
        "dct:accrualPeriodicity",
        _vocabulary_out("frequency", "frequencies", DCTERMS.Frequency),
        _get("frequency"),
    ),
    Term(
        "temporal_start",
        "dct:temporal/dcat:startDate",
        lambda ds, _o: _date(ds.temporal_start) if ds.temporal_start else None,
        _get("temporal_start", parse_date_loose),
    ),
    Term(
        "temporal_end",
        "dct:temporal/dcat:endDate",
        lambda ds, _o: _date(ds.temporal_end) if ds.temporal_end else None,
        _get("temporal_end", lambda v: parse_date_loose(v, end=True)),
    ),
    Term(
        "spatial",
        "dct:spatial",
        lambda ds, o: [place(o.graph, o.site, code) for code in ds.region_codes],
        _spatial_back(0),
    ),
    # a geometry or a place's name comes in (locn:geometry, dcat:bbox, a label); never out
    Term("spatial_geometry", "dct:spatial", None, _spatial_back(1)),
    Term(
        "language",
        "dct:language",
        lambda _ds, o: typed(o.graph, LANGUAGE, DCTERMS.LinguisticSystem),
        None,
    ),
    Term(
        "contact_name",
        "dcat:contactPoint/vcard:fn",
        lambda ds, _o: Literal(ds.contact_name) if ds.contact_name else None,
        _get("contact_name"),
    ),
    Term(
        "contact_email",
        "dcat:contactPoint/vcard:hasEmail",
        lambda ds, _o: URIRef("mailto:" + ds.contact_email) if ds.contact_email else None,
        lambda p: (p.get("contact_email") or "").removeprefix("mailto:") or None,
    ),
    Term(
        "organization",
        "dct:publisher",
        lambda ds, o: agent_node(o.graph, o.site.agent_of(ds)),
        None,
    ),
    # the publisher's name is kept as the extra `publisher`: the source's agency owns it
    # (and the kode kegiatan as `kode_kegiatan`, from prov:wasGeneratedBy below)
    Term("extras", "dct:publisher/foaf:name", None, _extras_back),
    Term(
        "issued",
        "dct:issued",
        lambda ds, _o: _datetime(ds.issued) if ds.issued else None,
        _get("issued"),
    ),
    Term(
        "modified",
        "dct:modified",
        lambda ds, _o: _datetime(ds.modified or ds.updated_at),
        _get("modified"),
    ),
    Term(
        "landing_page",
        "dcat:landingPage",
        lambda ds, o: typed(o.graph, safe_url(ds.landing_page) or str(o.node), FOAF.Document),
        lambda p: p.get("landing_page") or None,
    ),
    Term(
        "version_label",
        "dcat:version",
        lambda ds, _o: Literal(ds.version_label) if ds.version_label else None,
        _get("version"),
    ),
    Term("resources", "dcat:distribution", _distributions_out, _resources_back),
    # StatDCAT-AP
    Term(
        "activity_type",
        "dct:type",
        _activity_out,
        _get("activity_type", lambda v: vocab.lookup("activity_types", v)),
    ),
    Term(
        "methodology",
        "dct:provenance/rdfs:label",
        _lang("methodology"),
        lambda p: p.get("methodology") or None,
    ),
    Term("unit", "stat:statUnitMeasure", _unit_out, lambda p: p.get("unit") or None),
    Term("variables", "qb:structure", _variables_out, lambda p: p.get("variables") or None),
    # the statistical activity: read back as the extra kode_kegiatan (see `extras`)
    Term("activity", "prov:wasGeneratedBy", _generated_by_out, None),
    # written, never read back: BPS's decision is recorded by this catalog's own review
    Term("recommendation", "dqv:hasQualityAnnotation", _recommendation_out, None),
)
# What does not come back as it went out (tests/test_formats_roundtrip.py, docs/interop.md).
NOT_CARRIED: dict[str, str] = {
    "slug": "no term; the slug is made from the title",
    "organization": "`dct:publisher` is kept as the extra `publisher`: the harvest source's "
    "agency owns what it harvests",
    "identifier": "comes back as the dataset's URI (its address at the source) when it has "
    "one; `dct:identifier` is read for a blank node only",
    "tags.order": "RDF values are a set: the keywords come back sorted",
    "topics.order": "RDF values are a set: the themes come back sorted",
    "spatial.order": "RDF values are a set: the places come back sorted",
    "resources.order": "RDF values are a set: the distributions come back in any order",
    "spatial_level": "neither DCAT-AP nor StatDCAT-AP has a level of presentation "
    "(`dcat:spatialResolutionInMeters` is a distance)",
    "spatial_geometry": "no geometry for kode wilayah yet: a geometry or place only comes in",
    "extras": "free key/values have no DCAT term; the publisher's name and the kode kegiatan "
    "(`prov:wasGeneratedBy/dct:identifier`) come in as `publisher` and `kode_kegiatan`",
    "resources.media_type": "a resource with a format comes back with its usual media type",
    "resources.format (API)": "a format without an EU file type has no `dct:format` (the "
    "media type, if any, still goes)",
    "license.other-closed, notspecified": "no EU licence says not open or unknown: no "
    "licence triple",
    "variables.public": "variables not shown to the public (`public` false) are not exported: "
    "the exports are public documents (catalog/services/auth.py `visible_variables`, as an "
    "anonymous visitor)",
    "variables.measure": "no StatDCAT-AP, Data Cube or SKOS term: left out rather than invent "
    "a vocabulary another catalog would not read",
    "variables.selection_reference": "no StatDCAT-AP, Data Cube or SKOS term",
    "variables.validation_rule": "no StatDCAT-AP, Data Cube or SKOS term",
    "variables.question": "no StatDCAT-AP, Data Cube or SKOS term",
}


@cache
def rdf_term(name: str) -> URIRef:
    """A prefixed name of TABLE (`dct:title`) as its URI."""
    prefix, _, local = name.partition(":")
    return URIRef(str(PREFIXES[prefix]) + local)


@cache
def _path(term: str) -> tuple[str | None, URIRef]:
    """A TABLE term `a/b` as (`a`, b's URI), `b` as (None, b's URI)."""
    *path, last = term.split("/")
    return (path[0] if path else None), rdf_term(last)


def from_dataset(graph: Graph, site: Site, ds: Dataset) -> URIRef:
    """The dataset's triples; returns its URI (the dataset page's address)."""
    node = typed(graph, site.page_uri("dataset", ds.slug), DCAT.Dataset)
    out = Out(graph, site, node)
    add = graph.add
    for row in TABLE:
        if row.out is None:
            continue
        value = row.out(ds, out)
        if value is None:
            continue
        parent, predicate = _path(row.term)
        subject: URIRef | BNode = node
        if parent:
            if parent not in out.children:
                child = out.children[parent] = BNode()
                add((child, RDF.type, CHILD_TYPES[parent]))
                add((node, rdf_term(parent), child))
            subject = out.children[parent]
        for obj in value if isinstance(value, list) else [value]:
            add((subject, predicate, obj))
    return node


# ---- in: a dataset node of a graph -> the raw payload -> profile input


def _text(graph: Graph, subject: Any, predicate: Any, lang: str = "id") -> str | None:
    values = list(graph.objects(subject, predicate))
    if not values:
        return None
    for value in values:  # prefer Indonesian, then untagged, then anything
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    for value in values:
        if not isinstance(value, Literal) or value.language is None:
            return str(value)
    return str(values[0])


def _term(graph: Graph, subject: Any, predicate: Any) -> str | None:
    """A value that is a URI or a literal, or a blank node described by a label
    (dct:accessRights [ a dct:RightsStatement; rdfs:label "non-public" ])."""
    value = next(graph.objects(subject, predicate), None)
    if value is None:
        return None
    if isinstance(value, BNode):
        return _text(graph, value, RDFS.label) or _text(graph, value, DCTERMS.identifier)
    return str(value)


def _geometry(graph: Graph, subject: Any) -> str | None:
    """dct:spatial as text: a place URI or name, or the locn:geometry / dcat:bbox literal."""
    place = next(graph.objects(subject, DCTERMS.spatial), None)
    if place is None:
        return None
    if isinstance(place, BNode | URIRef):
        for predicate in (LOCN.geometry, DCAT.bbox, DCAT.centroid, SKOS.prefLabel, RDFS.label):
            found = _text(graph, place, predicate)
            if found:
                return found
    return str(place) if not isinstance(place, BNode) else None


def _topic(theme: str) -> str | None:
    """A dcat:theme as one of our topics: its label or code, or the last segment of its URI
    (this catalog's /topik/{code}); EU data themes match none and are left out."""
    return vocab.lookup("topics", theme) or vocab.lookup(
        "topics", theme.rstrip("/").rsplit("/")[-1]
    )


RANGE_TYPES = {str(uri): name for name, uri in DATA_TYPE_RANGES.items()}


def _unit_of(graph: Graph, value: Any) -> str | None:
    """A unit: a QUDT URI of catalog/data/units.json as our spelling, words as they are, a
    concept by its label."""
    if value is None:
        return None
    if isinstance(value, Literal):
        return str(value)
    known = unit_name(str(value))
    if known != str(value):
        return known
    return _text(graph, value, SKOS.prefLabel) or _text(graph, value, RDFS.label) or known


def _variables(graph: Graph, subject: Any) -> list[dict[str, Any]]:
    """StatDCAT-AP variables (this catalog's export: the components of the dataset's
    qb:DataStructureDefinition in qb:order, else stat:dimension then stat:attribute) as
    MS-Var entries: what DCAT can say of them (docs/interop.md lists the rest)."""
    found: list[tuple[float, Any]] = []
    for structure in graph.objects(subject, QB.structure):
        for component in graph.objects(structure, QB.component):
            order = next(graph.objects(component, QB.order), None)
            for role in ROLE_COMPONENT.values():
                for prop in graph.objects(component, role):
                    try:
                        rank = float(str(order)) if order is not None else float("inf")
                    except ValueError:
                        rank = float("inf")
                    found.append((rank, prop))
    seen = {prop for _rank, prop in found}
    for predicate in (STAT.dimension, STAT.attribute):
        for prop in graph.objects(subject, predicate):
            if prop not in seen:
                seen.add(prop)
                found.append((float("inf"), prop))
    out = []
    for _rank, prop in sorted(found, key=lambda pair: pair[0]):
        name = _text(graph, prop, RDFS.label) or _text(graph, prop, SKOS.prefLabel)
        if not name:
            continue
        idea = next(graph.objects(prop, QB.concept), None)
        codes = next(graph.objects(prop, QB.codeList), None)
        period = next(graph.objects(prop, DCTERMS.temporal), None)
        kind = next(graph.objects(prop, RDFS.range), None)
        out.append(
            {
                "name": name,
                "alias": _text(graph, prop, SKOS.altLabel) or "",
                "definition": _text(graph, prop, SKOS.definition) or "",
                "concept": (
                    (_text(graph, idea, SKOS.prefLabel) or "")
                    if isinstance(idea, BNode)
                    else str(idea or "")
                ),
                "classification": (
                    (_text(graph, codes, DCTERMS.title) or _text(graph, codes, SKOS.prefLabel))
                    if isinstance(codes, BNode)
                    else str(codes or "")
                )
                or "",
                "reference_period": (
                    _text(graph, period, RDFS.label) if isinstance(period, BNode) else None
                )
                or "",
                "data_type": RANGE_TYPES.get(str(kind)) if kind is not None else None,
                "unit": _unit_of(graph, next(graph.objects(prop, SDMX_ATTRIBUTE.unitMeasure), None))
                or "",
            }
        )
    return out


def extract(graph: Graph, subject: Any) -> dict[str, Any]:
    """The dataset's triples as a plain dict (the raw payload the harvest keeps)."""
    identifier = _text(graph, subject, DCTERMS.identifier)
    uri = str(subject) if isinstance(subject, URIRef) else None
    contact = next(graph.objects(subject, DCAT.contactPoint), None)
    distributions = []
    for dist in graph.objects(subject, DCAT.distribution):
        distributions.append(
            {
                "title": _text(graph, dist, DCTERMS.title),
                "access_url": _text(graph, dist, DCAT.accessURL),
                "download_url": _text(graph, dist, DCAT.downloadURL),
                "format": _text(graph, dist, DCTERMS.format),
                "media_type": _text(graph, dist, DCAT.mediaType),
                "description": _text(graph, dist, DCTERMS.description),
                "byte_size": _text(graph, dist, DCAT.byteSize),
            }
        )
    temporal = next(graph.objects(subject, DCTERMS.temporal), None)
    publisher = next(graph.objects(subject, DCTERMS.publisher), None)
    kind = next(graph.objects(subject, DCTERMS.type), None)
    provenance = next(graph.objects(subject, DCTERMS.provenance), None)
    generated_by = next(graph.objects(subject, PROV.wasGeneratedBy), None)
    return {
        "remote_id": uri or identifier or str(subject),
        "uri": uri,
        "identifier": identifier,
        "title": _text(graph, subject, DCTERMS.title),
        "description": _text(graph, subject, DCTERMS.description),
        "keywords": sorted(str(k) for k in graph.objects(subject, DCAT.keyword)),
        "issued": _text(graph, subject, DCTERMS.issued),
        "modified": _text(graph, subject, DCTERMS.modified),
        "license": _text(graph, subject, DCTERMS.license),
        "frequency": _term(graph, subject, DCTERMS.accrualPeriodicity),
        "access_rights": _term(graph, subject, DCTERMS.accessRights),
        "version": _text(graph, subject, DCAT3.version) or _text(graph, subject, ADMS.version),
        "spatial": _geometry(graph, subject),
        # places named by a code (this catalog's export: dct:Location with dct:identifier)
        "places": sorted(
            str(code)
            for place in graph.objects(subject, DCTERMS.spatial)
            if isinstance(place, BNode | URIRef)
            for code in graph.objects(place, DCTERMS.identifier)
        ),
        "themes": sorted(
            theme
            for node in graph.objects(subject, DCAT.theme)
            if (
                theme := str(node)
                if not isinstance(node, BNode)
                else _text(graph, node, SKOS.prefLabel)
            )
        ),
        "landing_page": _text(graph, subject, DCAT.landingPage),
        "publisher": _text(graph, publisher, FOAF.name) if publisher is not None else None,
        "contact_name": _text(graph, contact, VCARD.fn) if contact is not None else None,
        "contact_email": _text(graph, contact, VCARD.hasEmail) if contact is not None else None,
        "temporal_start": (
            _text(graph, temporal, DCAT.startDate) if isinstance(temporal, BNode | URIRef) else None
        ),
        "temporal_end": (
            _text(graph, temporal, DCAT.endDate) if isinstance(temporal, BNode | URIRef) else None
        ),
        "distributions": distributions,
        # StatDCAT-AP (this catalog's export writes these)
        "activity_type": (
            _text(graph, kind, SKOS.notation) or _text(graph, kind, SKOS.prefLabel)
            if isinstance(kind, BNode)
            else (str(kind) if kind is not None else None)
        ),
        "methodology": (_text(graph, provenance, RDFS.label) if provenance is not None else None),
        "unit": _unit_of(graph, next(graph.objects(subject, STAT.statUnitMeasure), None)),
        "variables": _variables(graph, subject),
        # the statistical activity's kode kegiatan (prov:wasGeneratedBy/dct:identifier)
        "activity_code": (
            _text(graph, generated_by, DCTERMS.identifier) if generated_by is not None else None
        ),
    }


def from_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """What `extract` read as profile input (the `dcat` harvester's map), vocabulary values
    as the publisher wrote them: schemas.lenient.tolerate maps them."""
    return read(TABLE, payload)


def to_profile(graph: Graph, node: Any) -> dict[str, Any]:
    """A dataset node of a graph as profile input."""
    return from_payload(extract(graph, node))
