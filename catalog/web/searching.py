"""The search page's one call into search: a SearchQuery in, a page of datasets out."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from catalog.search import backend_of
from catalog.search.query import SearchQuery
from catalog.services import search
from catalog.services.auth import Actor
from catalog.services.search import build_query

__all__ = ["build_query", "run_search"]


def run_search(
    session: Session, actor: Actor, query: SearchQuery, correct: bool = True
) -> search.SearchPage:
    return search.search_datasets(session, actor, backend_of(current_app), query, correct)
