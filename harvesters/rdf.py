"""Parsing harvested RDF offline: nothing named inside a document is ever fetched.

rdflib's JSON-LD parser fetches every remote `@context` (and `@import`) a document names, with
urllib, outside the harvest URL guard: a hostile catalog could make the server request any
address (blind SSRF) or read local files (`file:` contexts). So before rdflib sees a JSON-LD
document, every context reference in it is replaced by a local copy of a known context
(harvesters/data/jsonld, listed in contexts.json) or the document is refused with a message
saying which context and what to do. Contexts written inside the document work as always.

Turtle and N-Triples name nothing to fetch. RDF/XML goes through the standard library's expat
SAX reader, whose external general entities are off (feature_external_ges, the default that
rdflib keeps): an entity or DTD naming a URL or a file is not read.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from rdflib import Graph

from harvesters.http import HarvestError

CONTEXT_DIR = Path(__file__).parent / "data" / "jsonld"


class RemoteContextRefused(HarvestError):
    """A JSON-LD document names a remote context the catalog does not have locally."""


def context_key(url: str) -> str:
    """A context URL without scheme, fragment and trailing slash; host in lower case."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{(parts.hostname or '').lower()}{path}{query}"


@cache
def known_contexts() -> dict[str, str]:
    """Context URL key → local file name (harvesters/data/jsonld/contexts.json)."""
    index = json.loads((CONTEXT_DIR / "contexts.json").read_text(encoding="utf-8"))
    return {context_key("//" + k): v for k, v in index.items() if not k.startswith("_")}


@cache
def _local_context(name: str) -> str:
    document = json.loads((CONTEXT_DIR / name).read_text(encoding="utf-8"))
    return json.dumps(document["@context"])  # kept as text: every use gets a fresh copy


def local_context(url: str, document_url: str) -> Any:
    """The `@context` value of the local copy of remote context `url`, or a refusal."""
    name = known_contexts().get(context_key(url))
    if name is None:
        raise RemoteContextRefused(
            f"Dokumen JSON-LD {document_url} memakai konteks jarak jauh {url} yang tidak "
            "dikenal katalog. Demi keamanan, katalog tidak mengambil apa pun dari alamat yang "
            "disebut di dalam dokumen; tuliskan konteksnya langsung di dokumen (objek "
            "@context), atau pakai konteks DCAT-AP 3, DCAT-US 1.1 (data.json) atau schema.org."
        )
    return json.loads(_local_context(name))


def offline_jsonld(data: Any, document_url: str) -> Any:
    """`data` with every context reference (string @context, @import) replaced by its local
    copy; RemoteContextRefused when one is not known. Relative references are resolved
    against the document's URL first (they name a remote file just the same)."""

    def context(value: Any) -> Any:
        if isinstance(value, str):
            return local_context(urljoin(document_url, value), document_url)
        if isinstance(value, list):
            out: list[Any] = []
            for item in value:
                resolved = context(item)
                out.extend(resolved if isinstance(resolved, list) else [resolved])
            return out
        if isinstance(value, dict):
            body = {k: walk(v) for k, v in value.items() if k != "@import"}
            imported = value.get("@import")
            if imported is None:
                return body
            if not isinstance(imported, str):
                raise HarvestError(f"Dokumen JSON-LD {document_url}: @import tidak sah.")
            base = local_context(urljoin(document_url, imported), document_url)
            if not isinstance(base, dict):
                raise HarvestError(f"Dokumen JSON-LD {document_url}: @import tidak sah.")
            return {**base, **body}
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {k: context(v) if k == "@context" else walk(v) for k, v in node.items()}
        return node

    return walk(data)


def parse_rdf(body: bytes, fmt: str, url: str) -> Graph:
    """A graph from a harvested RDF document, parsed without fetching anything."""
    graph = Graph()
    try:
        if fmt == "json-ld":
            try:
                data = offline_jsonld(json.loads(body), url)
            except RecursionError as exc:
                raise HarvestError(f"JSON-LD dari {url} bersarang terlalu dalam.") from exc
            # Every context is inline now; the parser gets text, never a URL to open.
            payload: bytes | str = json.dumps(data)
        else:
            payload = body
        with warnings.catch_warnings():
            # rdflib's own JSON-LD parser still uses its deprecated ConjunctiveGraph.
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=payload, format=fmt, publicID=url)
    except HarvestError:
        raise
    except Exception as exc:
        raise HarvestError(f"RDF ({fmt}) dari {url} tidak valid: {str(exc)[:300]}") from exc
    return graph
