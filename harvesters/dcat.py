"""`dcat`: DCAT-AP catalogs in Turtle, RDF/XML or JSON-LD (rdflib), following Hydra paging.

This module fetches, pages and parses; reading a dataset node into profile input is
catalog/formats/dcat.py (`extract`, then `from_payload`: its TABLE)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import validate
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, RDF

from catalog import vocab
from catalog.formats import dcat as mapping
from harvesters import decoding
from harvesters.base import Harvester, RawRecord, SourceConfig
from harvesters.http import HarvestError, looks_like_html
from harvesters.rdf import parse_rdf
from schemas.fields import Str, safe_url

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
MAX_PAGES = 10000
FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/n-triples": "nt",
}


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
                payload = mapping.extract(graph, subject)
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

    def is_private(self, record: RawRecord) -> bool:
        """dct:accessRights non-public (the EU access-right NON_PUBLIC, or such a label)."""
        rights = record.payload.get("access_rights") if isinstance(record.payload, dict) else None
        return vocab.lookup("access_levels", rights) == "private"

    def map(self, record: RawRecord) -> dict[str, Any]:
        return mapping.from_payload(record.payload)
