"""The backend-neutral search contract: what a query asks and what a result answers.

Both backends (sqlite FTS5, Elasticsearch) take a SearchQuery and return a SearchResult.
Filters and sorts come from the whitelists below; anything else is refused before a
backend sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

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
    "quality": "quality",  # metadata quality rating (kualitas)
}
FACETS: tuple[str, ...] = tuple(FILTERS)
# quality: the MQA score (document field quality_score), best-described first; ties by
# the newest change, then id
SORTS: tuple[str, ...] = ("relevance", "modified", "created", "title", "id", "quality")
# range filters on timestamps (ISO 8601 UTC strings, either end open), e.g. CKAN's
# fq=metadata_modified:[2024-01-01T00:00:00Z TO *]
RANGES: tuple[str, ...] = ("modified", "created")
MAX_TEXT = 500  # characters of query text a backend is given
# the first result a page may start at; CKAN harvesters page through whole catalogs
MAX_RESULT_WINDOW = 200_000


def keyword(filter_name: str, value: str) -> str:
    """The indexed form of a filter value: tags without case, formats as their vocabulary
    code ("GeoJSON", "geojson" -> GEOJSON; "Microsoft Excel" -> XLSX). Documents are built
    and filters are read through this one function, so every backend matches alike."""
    if filter_name == "tag":
        return " ".join(value.split()).casefold()
    if filter_name == "format":
        from catalog import vocab

        return (vocab.lookup("formats", value) or value.strip().lstrip(".")).upper()
    return value


class InvalidQuery(ValueError):
    """A query the contract refuses (unknown filter or sort, bad phrase, too deep)."""

    def __init__(self, message: str, field_name: str = "q") -> None:
        super().__init__(message)
        self.message = message
        self.field = field_name


class SearchUnavailable(RuntimeError):
    """The search backend cannot be reached or opened right now."""


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
    # the last word of `text` is a prefix (suggest-as-you-type)
    prefix: bool = False
    # filter name -> values that must NOT match (CKAN "-field:value" / "NOT field:value")
    excludes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # RANGES name -> (from, to), inclusive, None for an open end
    ranges: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # an explicit offset (CKAN's `start`), overriding page
    start: int | None = None

    def __post_init__(self) -> None:
        for name in ("filters", "excludes"):
            given = getattr(self, name)
            if any(k in given for k in ("tag", "format")):
                normal = {
                    k: tuple(dict.fromkeys(keyword(k, v) for v in values))
                    if k in ("tag", "format")
                    else values
                    for k, values in given.items()
                }
                object.__setattr__(self, name, normal)

    @property
    def first(self) -> int:
        """Offset of the first hit of the page."""
        return self.start if self.start is not None else (self.page - 1) * self.per_page

    def validate(self) -> None:
        """Refuse what no backend may see: unknown names, bad paging, oversize text."""
        for name in (*self.filters, *self.excludes):
            if name not in FILTERS:
                raise InvalidQuery(f"Filter tidak dikenal: '{name}'.", name)
        for name in self.facets:
            if name not in FACETS:
                raise InvalidQuery(f"Facet tidak dikenal: '{name}'.", "facets")
        for name in self.ranges:
            if name not in RANGES:
                raise InvalidQuery(f"Rentang tidak dikenal: '{name}'.", name)
        if self.sort not in SORTS:
            raise InvalidQuery("Urutan tidak dikenal. Pilihan: " + ", ".join(SORTS) + ".", "sort")
        if self.page < 1 or self.per_page < 0 or self.per_page > 1000:
            raise InvalidQuery("Halaman atau ukuran halaman tidak sah.", "page")
        if self.first < 0 or self.first > MAX_RESULT_WINDOW:
            raise InvalidQuery(
                f"Hanya {MAX_RESULT_WINDOW} hasil pertama yang dapat dibuka.", "page"
            )
        if len(self.text) > MAX_TEXT:
            raise InvalidQuery(f"Teks pencarian paling banyak {MAX_TEXT} karakter.", "q")
        parse_text(self.text)


@dataclass(frozen=True)
class ParsedText:
    """Free text split into loose words and quoted phrases (all lower-cased, unstemmed)."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: str | None = None  # an unfinished last word

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.prefix)


def parse_text(text: str, prefix: bool = False) -> ParsedText:
    """Words outside double quotes are ANDed terms, words inside form a phrase."""
    from catalog.search import analysis

    if text.count('"') % 2:
        raise InvalidQuery("Tanda kutip tidak seimbang: frasa harus diapit dua tanda kutip.", "q")
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for i, part in enumerate(text.split('"')):
        found = analysis.tokens(part)
        if i % 2:
            if len(found) > 1:
                phrases.append(tuple(found))
            else:
                words.extend(found)
        else:
            words.extend(found)
    last: str | None = None
    if prefix and words and not text.rstrip().endswith('"') and not text.endswith(" "):
        last = words.pop()
    return ParsedText(tuple(words), tuple(phrases), last)


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
    # every result, whichever tier (see search/plan.py): what the pages go through and the
    # facets count
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    # how many of them match every required word of the text (the first tier: they come
    # first in every sort, the others match only some of the words); None when the backend
    # does not tell
    complete: int | None = None


class SearchBackend(Protocol):
    """What every backend offers (sqlite_fts.SqliteBackend, elastic.ElasticBackend), each
    registered by name in search/backends.py."""

    name: str

    def search(self, query: SearchQuery) -> SearchResult: ...

    def suggest(self, text: str, limit: int = 8) -> list[dict[str, Any]]: ...

    def apply(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        """Write and delete documents together (one outbox batch); SearchUnavailable when
        the index cannot take them (the outbox keeps the rows)."""
        ...

    def upsert(self, documents: list[dict[str, Any]]) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int: ...

    def needs_rebuild(self) -> bool:
        """Whether the index must be built again from the database (emptied because an older
        version wrote it, or gone): `catalog init` rebuilds it then."""
        ...

    def ids(self) -> set[str]: ...

    def health(self) -> dict[str, Any]: ...
