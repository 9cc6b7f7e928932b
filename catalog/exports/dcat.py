"""DCAT-AP 3.0 documents: one dataset, and a page of the catalog with its Hydra view and
the catalog's APIs as data services (rdflib graphs), in Turtle, RDF/XML and JSON-LD.

A dataset's own triples, both ways, are catalog/formats/dcat.py (`from_dataset`); what is
mapped to what, and what is lost, is in docs/interop.md. The graphs validate against the
mandatory DCAT-AP SHACL set on their own (tests/test_exports_dcat.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

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
