"""The things the DCAT export points at besides datasets, as RDF this catalog serves:
a kode wilayah as a `dct:Location` (`/wilayah/{kode}`: its code, name, level and the region
it lies in) and a topic as a `skos:Concept` of the concept scheme served at `/topik`.

Registered in catalog/exports/registry.py (`LINKED`); the addresses, the extensions and
content negotiation come from there, in every RDF syntax of the export registry.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from catalog import vocab
from catalog.exports import dcat
from catalog.exports.site import Site
from catalog.formats.dcat import concept, place

SCHEME_TITLE = "Topik data statistik sektoral"


def region_graph(site: Site, code: str) -> Graph | None:
    """The region as a dct:Location: dct:identifier the code, skos:prefLabel the name,
    dct:type its level (a skos:Concept with the level's code as skos:notation) and
    dct:isPartOf the region it lies in. None for a code the catalog does not know."""
    region = vocab.regions().get(code)
    if region is None:
        return None
    graph = dcat.new_graph()
    node = place(graph, site, code)
    level = BNode()
    graph.add((level, RDF.type, SKOS.Concept))
    graph.add((level, SKOS.notation, Literal(region.level)))
    for lang in ("id", "en"):
        words = vocab.label("region_levels", region.level, lang)
        graph.add((level, SKOS.prefLabel, Literal(words, lang=lang)))
    graph.add((node, DCTERMS.type, level))
    if region.parent and region.parent in vocab.regions():
        graph.add((node, DCTERMS.isPartOf, place(graph, site, region.parent)))
    return graph


def _scheme(graph: Graph, site: Site) -> URIRef:
    scheme = URIRef(site.topic_scheme_uri)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal(SCHEME_TITLE, lang="id")))
    graph.add((scheme, DCTERMS.title, Literal("Sectoral statistics topics", lang="en")))
    return scheme


def topic_graph(site: Site, code: str) -> Graph | None:
    """One topic as a skos:Concept (labels in Indonesian and English, its code as
    skos:notation) and top concept of the scheme. None for an unknown topic."""
    if code not in vocab.codes("topics"):
        return None
    graph = dcat.new_graph()
    scheme = _scheme(graph, site)
    node = concept(graph, site, code)
    graph.add((node, SKOS.topConceptOf, scheme))
    graph.add((scheme, SKOS.hasTopConcept, node))
    return graph


def topic_scheme_graph(site: Site) -> Graph:
    """The skos:ConceptScheme with every topic (the catalog's dcat:themeTaxonomy)."""
    graph = dcat.new_graph()
    scheme = _scheme(graph, site)
    for term in vocab.terms("topics"):
        node = concept(graph, site, term["code"])
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))
    return graph
