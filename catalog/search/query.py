"""The backend-neutral search contract: what a query asks and what a result answers.

Both backends (sqlite FTS5, Elasticsearch) take a SearchQuery and return a SearchResult.
Filters and sorts come from the whitelists below; anything else is refused before a
backend sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# filter name -> document field it applies to (all multi-valued keyword fields)
FILTERS: dict[str, str] = {
    "organization": "organization",
    "topic": "topics",
    "tag": "tags",
    "format": "formats",
    "license": "license",
    "frequency": "frequency",
    "year": "years",
    "wilayah": "regions",
    "state": "state",
    "recommendation": "recommendation",
    "harvest_source": "harvest_source",
}
FACETS: tuple[str, ...] = tuple(FILTERS)
SORTS: tuple[str, ...] = ("relevance", "modified", "created", "title")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # filter name -> accepted values (OR inside one filter, AND across filters)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    facet_limit: int = 20
    sort: str = "relevance"
    descending: bool = True
    page: int = 1
    per_page: int = 20
    highlight: bool = True


@dataclass
class Hit:
    id: str
    score: float
    # field name -> snippets with matches wrapped in <mark>...</mark> (already HTML-escaped)
    highlights: dict[str, list[str]] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
