"""DCAT-AP 3.0 documents: one dataset, and a page of the catalog with its Hydra view and
the catalog's APIs as data services (rdflib graphs), in Turtle, RDF/XML and JSON-LD.

A dataset's own triples, both ways, are catalog/formats/dcat.py (`from_dataset`); what is
mapped to what, and what is lost, is in docs/interop.md. The graphs validate against the
mandatory DCAT-AP SHACL set on their own (tests/test_exports_dcat.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Hashable
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD, NamespaceManager, split_uri
from rdflib.plugins.serializers.turtle import VERB, TurtleSerializer

from catalog.exports.site import CatalogPage, Site
from catalog.formats.dcat import (
    EU,
    LANGUAGE,
    REGENCY,
    STAT_PREFIXES,
    VCARD,
    agent_node,
    from_dataset,
    place,
    typed,
)
from catalog.models import Dataset

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
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


_INVALID_URI_CHARS = '<>" {}|\\^`'


class Namespaces(NamespaceManager):
    """rdflib's NamespaceManager with a quicker `compute_qname` (what the serializers ask
    of every URI they write), giving the same prefixed names for our graphs.

    rdflib keeps every namespace it splits off a URI in a trie whose levels it scans one by
    one: a page of 1000 datasets adds `.../dataset/{slug}#` (the fragments of the
    distributions, variables, ...) under `.../dataset/` a thousand times, and every dataset
    URI then scans those thousand, so a Turtle page cost time quadratic in its size (about
    70% of a 1000-dataset page went there). Here the namespace of a URI is the same: where
    rdflib splits it, or the longest *bound* namespace that extends that and begins the URI
    (a namespace nobody bound has no prefix either way); the bound namespaces are few.
    Answers are cached per URI, refusals too (rdflib recomputes those every time)."""

    def __init__(self, graph: Graph) -> None:
        self._answers: dict[str, tuple[str, URIRef, str] | None] = {}
        self._bound: list[str] | None = None
        super().__init__(graph, bind_namespaces="rdflib")  # rdflib's default bindings

    def bind(self, prefix: str | None, namespace: Any, *args: Any, **kwargs: Any) -> None:
        super().bind(prefix, namespace, *args, **kwargs)
        self._bound = None
        self._answers.clear()

    def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
        try:
            found = self._answers[uri]
        except KeyError:
            found = self._answers[uri] = self._qname(uri)
        if found is not None:
            return found
        if not generate:  # as rdflib: no prefix, and none to be made
            raise KeyError(f"No known prefix for {uri} and generate=False")
        return super().compute_qname(uri, generate)  # rdflib's own: binds ns1, ... or refuses

    def _qname(self, uri: str) -> tuple[str, URIRef, str] | None:
        if any(c in uri for c in _INVALID_URI_CHARS):
            return None
        try:
            namespace, _name = split_uri(uri)
        except ValueError:  # the URI is a namespace itself, or has no prefixed name
            prefix = self.store.prefix(URIRef(uri))
            return (prefix, URIRef(uri), "") if prefix else None
        if self._bound is None:
            self._bound = [str(ns) for _prefix, ns in self.store.namespaces()]
        longest = namespace
        for bound in self._bound:
            if len(bound) > len(longest) and bound.startswith(namespace) and uri.startswith(bound):
                longest = bound
        node = URIRef(longest)
        prefix = self.store.prefix(node)
        if prefix is None:
            return None
        return prefix, node, uri[len(longest) :]


class ExportGraph(Graph):
    """The graph an export fills: in memory without named graphs (quicker to fill), with
    the quicker prefixed names of `Namespaces`, and keeping the nodes described once per
    graph (`described`: catalog/formats/dcat.py names the same places, topics and agencies
    for many datasets of a page and describes each once)."""

    def __init__(self) -> None:
        super().__init__(store="SimpleMemory")
        self.namespace_manager = Namespaces(self)
        self.described: dict[Hashable, URIRef] = {}
        self._store_add = self.store.add

    def add(self, triple: Any) -> ExportGraph:
        """As Graph.add, without re-checking that each part is an RDF term (ours are)."""
        self._store_add(triple, self, quoted=False)
        return self


def new_graph() -> Graph:
    graph = ExportGraph()
    for prefix, ns in jsonld_context().items():
        graph.bind(prefix, Namespace(ns))
    return graph


class Turtle(TurtleSerializer):
    """rdflib's Turtle writer, remembering the prefixed name of each URI: it asks for it
    about four times per node (while counting references and choosing prefixes, then while
    writing), each time splitting the URI and escaping its local part again. The text is
    kept as pieces and encoded once (`text`), not a few characters at a time."""

    def reset(self) -> None:
        super().reset()
        self._pnames: dict[tuple[Any, bool], str | None] = {}
        self._labels: dict[tuple[Any, bool], str] = {}
        self.pieces: list[str] = []

    def write(self, text: str) -> None:
        self.pieces.append(text)

    def label(self, node: Any, position: int) -> str:
        if type(node) is not URIRef:  # literals are mostly written once: not kept
            return super().label(node, position)
        key = (node, position == VERB)
        try:
            return self._labels[key]
        except KeyError:
            found = self._labels[key] = super().label(node, position)
            return found

    def text(self) -> bytes:
        """The document: what was written, then the line end rdflib writes to the stream
        itself (`serialize` with a stream that gets only that)."""
        tail = io.BytesIO()
        self.serialize(tail, encoding="utf-8")
        return "".join(self.pieces).encode("utf-8", "replace") + tail.getvalue()

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        key = (uri, gen_prefix)
        try:
            return self._pnames[key]
        except KeyError:
            found = self._pnames[key] = super().get_pname(uri, gen_prefix)
            return found


def serialize(graph: Graph, syntax: str) -> bytes:
    if syntax == "json-ld":
        data = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return data.encode("utf-8")
    if syntax == "turtle":
        return Turtle(graph).text()
    return graph.serialize(format=syntax, encoding="utf-8")


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
    public = typed(graph, f"{EU}access-right/PUBLIC", DCTERMS.RightsStatement)
    for path, title, description, spec in SERVICES:
        service = typed(graph, site.base_url + path, DCAT.DataService)
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
    from_dataset(graph, site, ds)
    return graph


def catalog_graph(site: Site, page: CatalogPage) -> Graph:
    """The dcat:Catalog with one page of its datasets, and the Hydra view that links the
    pages (hydra:next until the last one) and says how many datasets match."""
    graph = new_graph()
    catalog = typed(graph, site.catalog_uri, DCAT.Catalog)
    graph.add((catalog, DCTERMS.title, Literal(site.title, lang="id")))
    graph.add((catalog, DCTERMS.description, Literal(site.description, lang="id")))
    publisher = agent_node(graph, site.publisher)
    graph.add((catalog, DCTERMS.publisher, publisher))

    graph.add((catalog, FOAF.homepage, typed(graph, site.base_url, FOAF.Document)))
    graph.add((catalog, DCTERMS.language, typed(graph, LANGUAGE, DCTERMS.LinguisticSystem)))
    graph.add((catalog, DCTERMS.spatial, place(graph, site, REGENCY)))
    scheme = typed(graph, site.topic_scheme_uri, SKOS.ConceptScheme)
    graph.add((scheme, DCTERMS.title, Literal("Topik data statistik sektoral", lang="id")))
    graph.add((catalog, DCAT.themeTaxonomy, scheme))
    nodes = [from_dataset(graph, site, ds) for ds in page.datasets]
    for node in nodes:
        graph.add((catalog, DCAT.dataset, node))
    add_services(graph, site, catalog, publisher, nodes)
    graph.add((catalog, RDF.type, HYDRA.Collection))
    graph.add((catalog, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    view = typed(graph, page.page_url(page.page), HYDRA.PartialCollectionView)
    graph.add((catalog, HYDRA.view, view))
    graph.add((view, HYDRA.first, URIRef(page.page_url(1))))
    graph.add((view, HYDRA.last, URIRef(page.page_url(page.last))))
    if page.page > 1:
        graph.add((view, HYDRA.previous, URIRef(page.page_url(page.page - 1))))
    if page.page < page.last:
        graph.add((view, HYDRA.next, URIRef(page.page_url(page.page + 1))))
    return graph
