"""`dcat`: DCAT-AP catalogs in Turtle, RDF/XML or JSON-LD (rdflib), following Hydra paging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS

from catalog import vocab
from catalog.exports.dcat import (
    DATA_TYPE_RANGES,
    QB,
    ROLE_COMPONENT,
    SDMX_ATTRIBUTE,
    STAT,
    unit_name,
)
from harvesters import decoding
from harvesters.base import Harvester, RawRecord, SourceConfig
from harvesters.http import HarvestError, looks_like_html
from harvesters.rdf import parse_rdf
from schemas.ckan import parse_date_loose, split_spatial
from schemas.fields import Str, safe_url
from schemas.profile import normalize_region_code

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
MAX_PAGES = 10000
IANA = "http://www.iana.org/assignments/media-types/"
FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/n-triples": "nt",
}
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # terms newer than rdflib's closed DCAT (version)
LOCN = Namespace("http://www.w3.org/ns/locn#")


def guess_format(content_type: str, url: str, body: bytes) -> str:
    kind = content_type.split(";")[0].strip().lower()
    if kind in FORMATS:
        return FORMATS[kind]
    lowered = url.lower()
    for ext, fmt in ((".ttl", "turtle"), (".rdf", "xml"), (".xml", "xml"), (".jsonld", "json-ld")):
        if lowered.endswith(ext):
            return fmt
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return "json-ld"
    if head == b"<":
        return "xml"
    return "turtle"


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
        concept = next(graph.objects(prop, QB.concept), None)
        codes = next(graph.objects(prop, QB.codeList), None)
        period = next(graph.objects(prop, DCTERMS.temporal), None)
        kind = next(graph.objects(prop, RDFS.range), None)
        out.append(
            {
                "name": name,
                "alias": _text(graph, prop, SKOS.altLabel) or "",
                "definition": _text(graph, prop, SKOS.definition) or "",
                "concept": (
                    (_text(graph, concept, SKOS.prefLabel) or "")
                    if isinstance(concept, BNode)
                    else str(concept or "")
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


def _size(value: str | None) -> int | None:
    try:
        return int(float(value)) if value else None
    except (ValueError, OverflowError):  # not a number, nan, inf
        return None


class DcatConfig(SourceConfig):
    # the RDF syntax, when the server's Content-Type and the address do not tell it
    format = Str(
        validate=validate.OneOf(
            sorted(set(FORMATS.values())),
            error="Pilihan: " + ", ".join(sorted(set(FORMATS.values()))) + ".",
        )
    )


class DcatHarvester(Harvester):
    type = "dcat"
    label = _l("DCAT-AP catalog (RDF)")
    config_schema = DcatConfig
    page_marked = False  # the page being read had bytes that did not decode

    def _page(self, url: str) -> Graph | None:
        """One page as a graph; None when the first page answers 304 Not Modified."""
        headers = {"Accept": ", ".join(FORMATS)}
        if url == self.url:
            response = self.get_document(url, headers)
            if response is None:
                return None
        else:
            response = self.session.get(url, headers=headers)
        body = response.content
        if looks_like_html(body):
            raise HarvestError(f"{url} mengirim halaman HTML, bukan RDF (DCAT).")
        content_type = response.headers.get("Content-Type", "")
        fmt = self.config.get("format") or guess_format(content_type, url, body)
        # Bytes that do not decode become markers: their datasets turn into error records.
        if fmt == "xml":
            # The XML parser reads the charset from the XML declaration (UTF-8 without one).
            declared = decoding.xml_encoding(body)
            self.page_marked = False
            if decoding.codec_name(declared) == "utf-8":
                body, self.page_marked = decoding.mend(body)
        else:
            body, self.page_marked = decoding.mend(body, decoding.charset_of(content_type))
        return parse_rdf(body, fmt, url)  # offline: no context or entity is fetched

    def fetch(self) -> Iterator[RawRecord]:
        url: str | None = self.url
        seen: set[str] = set()
        while url and url not in seen and len(seen) < MAX_PAGES:
            seen.add(url)
            graph = self._page(url)
            if graph is None:
                return  # unchanged since the last complete run
            for subject in graph.subjects(RDF.type, DCAT.Dataset):
                payload = self.extract(graph, subject)
                remote_url = safe_url(payload.get("landing_page"))  # never a javascript: link
                record = RawRecord(
                    payload["remote_id"], payload, remote_url, modified=payload.get("modified")
                )
                yield decoding.screen(record) if self.page_marked else record
            url = self._next(graph)
            if url:
                # Conditional requests only for a catalog in one document: a 304 for the
                # first page of a paged one says nothing about the pages after it.
                self.new_validators = None
            total = next(graph.objects(None, HYDRA.totalItems), None)
            if total is not None and str(total).isdigit():
                self.total = int(str(total))

    @staticmethod
    def _next(graph: Graph) -> str | None:
        for predicate in (HYDRA.next, HYDRA.nextPage):
            for value in graph.objects(None, predicate):
                return str(value)
        return None

    @staticmethod
    def extract(graph: Graph, subject: Any) -> dict[str, Any]:
        """The dataset's triples as a plain dict (the raw payload kept in HarvestRecord)."""
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
                _text(graph, temporal, DCAT.startDate)
                if isinstance(temporal, BNode | URIRef)
                else None
            ),
            "temporal_end": (
                _text(graph, temporal, DCAT.endDate)
                if isinstance(temporal, BNode | URIRef)
                else None
            ),
            "distributions": distributions,
            # StatDCAT-AP (this catalog's export writes these)
            "activity_type": (
                _text(graph, kind, SKOS.notation) or _text(graph, kind, SKOS.prefLabel)
                if isinstance(kind, BNode)
                else (str(kind) if kind is not None else None)
            ),
            "methodology": (
                _text(graph, provenance, RDFS.label) if provenance is not None else None
            ),
            "unit": _unit_of(graph, next(graph.objects(subject, STAT.statUnitMeasure), None)),
            "variables": _variables(graph, subject),
        }

    def is_private(self, record: RawRecord) -> bool:
        """dct:accessRights non-public (the EU access-right NON_PUBLIC, or such a label)."""
        rights = record.payload.get("access_rights") if isinstance(record.payload, dict) else None
        return vocab.lookup("access_levels", rights) == "private"

    def map(self, record: RawRecord) -> dict[str, Any]:
        p: dict[str, Any] = record.payload
        ident = p.get("uri") or p.get("identifier")
        out: dict[str, Any] = {
            "title": (p.get("title") or "").strip(),
            "description": p.get("description") or "",
            "tags": p.get("keywords") or [],
            "issued": p.get("issued"),
            "modified": p.get("modified"),
            # vocabularies as sent; schemas.lenient maps them (EU frequency URIs, licenses)
            "license": p.get("license"),
            "frequency": p.get("frequency"),
            "access_level": p.get("access_rights"),
            "version_label": p.get("version"),
            "landing_page": p.get("landing_page") or None,
            "contact_name": p.get("contact_name"),
            "contact_email": (p.get("contact_email") or "").removeprefix("mailto:") or None,
            "temporal_start": parse_date_loose(p.get("temporal_start")),
            "temporal_end": parse_date_loose(p.get("temporal_end"), end=True),
            "identifier": ident
            if ident and str(ident).startswith(("http://", "https://"))
            else None,
            "extras": {"publisher": p["publisher"]} if p.get("publisher") else {},
            "resources": [
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
            ],
        }
        activity = vocab.lookup("activity_types", p.get("activity_type"))
        if activity:
            out["activity_type"] = activity
        if p.get("methodology"):
            out["methodology"] = p["methodology"]
        if p.get("unit"):
            out["unit"] = p["unit"]
        if p.get("variables"):
            out["variables"] = p["variables"]
        topics = [_topic(theme) for theme in p.get("themes") or []]
        if any(topics):
            out["topics"] = sorted({t for t in topics if t})
        codes = [normalize_region_code(c) for c in p.get("places") or []]
        if codes and all(c in vocab.regions() for c in codes):
            out["spatial"] = codes
        elif p.get("spatial"):
            out["spatial"], out["spatial_geometry"] = split_spatial(str(p["spatial"]))
        return {k: v for k, v in out.items() if v is not None}
