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

from catalog.exports import dcat
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

    def extensions(self) -> tuple[str, ...]:
        return tuple(self._formats)


EXPORTS = ExportRegistry()
register = EXPORTS.register


def _rdf(syntax: str) -> dict[str, Any]:
    return {
        "dataset": lambda site, ds: dcat.serialize(dcat.dataset_graph(site, ds), syntax),
        "catalog": lambda site, page: dcat.serialize(dcat.catalog_graph(site, page), syntax),
    }


register(ExportFormat("ttl", "text/turtle", "DCAT-AP (Turtle)", **_rdf("turtle")))
register(ExportFormat("rdf", "application/rdf+xml", "DCAT-AP (RDF/XML)", **_rdf("xml")))
register(ExportFormat("jsonld", "application/ld+json", "DCAT-AP (JSON-LD)", **_rdf("json-ld")))
