"""Dataset search for every interface (REST v1, CKAN Action API, web pages).

The backend answers ids and documents; the datasets shown are loaded from the database,
so what a reader sees is the system of record, never a stale copy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import ServiceError, ValidationFailed
from catalog.models import Dataset
from catalog.search import indexer
from catalog.search.query import (
    FILTERS,
    InvalidQuery,
    SearchBackend,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)
from catalog.services import recommendations
from catalog.services.auth import Actor, can_read_dataset

SEARCH_DOWN = "Layanan pencarian sedang tidak tersedia. Coba lagi sebentar."


class SearchDown(ServiceError):
    status = 503
    code = "search_unavailable"


@dataclass
class SearchPage:
    """A result with its datasets loaded from the database, in hit order."""

    result: SearchResult
    datasets: list[Dataset]

    @property
    def highlights(self) -> dict[str, dict[str, list[str]]]:
        return {h.id: h.highlights for h in self.result.hits if h.highlights}


def build_query(
    *,
    text: str = "",
    filters: dict[str, list[str] | tuple[str, ...]] | None = None,
    facets: list[str] | tuple[str, ...] = (),
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facet_limit: int = 20,
    descending: bool | None = None,
) -> SearchQuery:
    """A validated SearchQuery from plain arguments; unknown names are field errors (422).

    `sort` may carry a direction ("title asc", "-modified"); relevance and dates default to
    descending, title to ascending.
    """
    sort = (sort or "relevance").strip()
    if sort.startswith("-"):
        sort, descending = sort[1:], True
    name, _, direction = sort.partition(" ")
    if direction:
        if direction.lower() not in {"asc", "desc"}:
            raise ValidationFailed("Urutan tidak sah.", {"sort": ["Arah harus asc atau desc."]})
        descending = direction.lower() == "desc"
    if descending is None:
        descending = name not in {"title", "id"}
    query = SearchQuery(
        text=(text or "").strip(),
        filters={k: tuple(v) for k, v in (filters or {}).items() if v},
        facets=tuple(facets),
        facet_limit=facet_limit,
        sort=name,
        descending=descending,
        page=page,
        per_page=per_page,
    )
    try:
        query.validate()
    except InvalidQuery as exc:
        raise ValidationFailed(exc.message, {exc.field: [exc.message]}) from exc
    return query


def run(backend: SearchBackend, query: SearchQuery) -> SearchResult:
    """Ask the backend; an unreachable backend is a 503, a refused query a 422."""
    try:
        return backend.search(query)
    except InvalidQuery as exc:
        raise ValidationFailed(exc.message, {exc.field: [exc.message]}) from exc
    except SearchUnavailable as exc:
        raise SearchDown(SEARCH_DOWN) from exc


def search_datasets(
    session: Session, actor: Actor, backend: SearchBackend, query: SearchQuery
) -> SearchPage:
    """Run the query and load the hit datasets the actor may read, in hit order."""
    try:
        indexer.refresh_lapsed(session, backend, recommendations.today_default())
    except SearchUnavailable as exc:
        raise SearchDown(SEARCH_DOWN) from exc
    result = run(backend, query)
    ids = [h.id for h in result.hits]
    rows = {d.id: d for d in session.scalars(select(Dataset).where(Dataset.id.in_(ids)))}
    datasets = [rows[i] for i in ids if i in rows and can_read_dataset(actor, rows[i])]
    return SearchPage(result=result, datasets=datasets)


def suggest(backend: SearchBackend, text: str, limit: int = 8) -> list[dict[str, Any]]:
    text = (text or "")[:200]
    try:
        return backend.suggest(text, limit)
    except InvalidQuery as exc:
        # half-typed quotes are normal while typing: suggest from the words alone
        if '"' in text:
            return suggest(backend, text.replace('"', " "), limit)
        raise ValidationFailed(exc.message, {"q": [exc.message]}) from exc
    except SearchUnavailable as exc:
        raise SearchDown(SEARCH_DOWN) from exc


def with_page(query: SearchQuery, page: int, per_page: int) -> SearchQuery:
    return replace(query, page=page, per_page=per_page)


FILTER_NAMES = tuple(FILTERS)
