"""Export formats by name: the one list of the metadata downloads the catalog serves.

A format is one module under catalog/exports/ (the mapping from our datasets to the
format) plus one `register` line here. The routes (`/dataset/{slug}.{ext}`,
`/catalog.{ext}`), content negotiation on the dataset page and its
`<link rel="alternate">` read this registry, so adding a format needs no route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from catalog.exports import dcat, linked
from catalog.exports.site import CatalogPage, Site
from catalog.models import Dataset


@dataclass(frozen=True)
class ExportFormat:
    """One downloadable representation of a dataset and of the catalog."""

    extension: str  # the address's suffix: /dataset/{slug}.{extension}
    media_type: str  # Content-Type, and what `Accept` asks for
    label: str  # shown in the page's alternate links (a format name: not translated)
    dataset: Callable[[Site, Dataset], bytes]
    catalog: Callable[[Site, CatalogPage], bytes]
    # the rdflib syntax when the format is RDF: the linked resources below come in it too
    syntax: str | None = None

    def graph(self, graph: Graph) -> bytes:
        assert self.syntax is not None
        return dcat.serialize(graph, self.syntax)


class ExportRegistry:
    def __init__(self) -> None:
        self._formats: dict[str, ExportFormat] = {}

    def register(self, fmt: ExportFormat) -> ExportFormat:
        if fmt.extension in self._formats:
            raise ValueError(f"export format {fmt.extension!r} is registered already")
        self._formats[fmt.extension] = fmt
        return fmt

    def get(self, extension: str) -> ExportFormat | None:
        return self._formats.get(extension)

    def by_media_type(self, media_type: str) -> ExportFormat | None:
        return next((f for f in self._formats.values() if f.media_type == media_type), None)

    def media_types(self) -> Sequence[str]:
        return [f.media_type for f in self._formats.values()]

    def __iter__(self) -> Iterator[ExportFormat]:
        return iter(list(self._formats.values()))

    def rdf(self) -> list[ExportFormat]:
        return [f for f in self._formats.values() if f.syntax]

    def extensions(self) -> tuple[str, ...]:
        return tuple(self._formats)


EXPORTS = ExportRegistry()
register = EXPORTS.register


def _rdf(syntax: str) -> dict[str, Any]:
    return {
        "dataset": lambda site, ds: dcat.serialize(dcat.dataset_graph(site, ds), syntax),
        "catalog": lambda site, page: dcat.serialize(dcat.catalog_graph(site, page), syntax),
        "syntax": syntax,
    }


register(ExportFormat("ttl", "text/turtle", "DCAT-AP (Turtle)", **_rdf("turtle")))
register(ExportFormat("rdf", "application/rdf+xml", "DCAT-AP (RDF/XML)", **_rdf("xml")))
register(ExportFormat("jsonld", "application/ld+json", "DCAT-AP (JSON-LD)", **_rdf("json-ld")))


@dataclass(frozen=True)
class LinkedResource:
    """Something besides datasets that the DCAT export names with this catalog's own URIs
    and that the catalog describes in RDF at that address: `/{path}/{code}` (content
    negotiation on the HTML page, or `.{ext}` of every RDF export format) and, when there is
    one, the collection at `/{path}` (`/{path}.{ext}`)."""

    path: str
    one: Callable[[Site, str], Graph | None]  # None: no such code (404)
    collection: Callable[[Site], Graph] | None = None


LINKED: dict[str, LinkedResource] = {}


def register_linked(resource: LinkedResource) -> LinkedResource:
    if resource.path in LINKED:
        raise ValueError(f"linked resource {resource.path!r} is registered already")
    LINKED[resource.path] = resource
    return resource


register_linked(LinkedResource("wilayah", linked.region_graph))
register_linked(LinkedResource("topik", linked.topic_graph, linked.topic_scheme_graph))
