"""The whole result set of a search, batch by batch, for downloads (CSV, XLSX).

Each batch is one page of the search (`BATCH` hits). The rows are made from the search
documents themselves (title, agency, topics, years, regions, formats, recommendation status,
slug: catalog/search/document.py), so a download reads no dataset from the database and
never holds more than one batch: the caller turns a batch into rows before asking for the
next one (catalog/exports/results.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from catalog.search.query import MAX_RESULT_WINDOW, SearchBackend, SearchQuery
from catalog.services.search import corrected_search

BATCH = 1000  # the most one search page may hold (SearchQuery.validate)


def result_batches(
    backend: SearchBackend, query: SearchQuery, correct: bool = True, batch: int = BATCH
) -> Iterator[list[dict[str, Any]]]:
    """The search documents of every result of `query` (all pages, in its order), `batch`
    at a time. Only published datasets are in the search index (drafts and withdrawn ones
    are listed from the database, and not by this). A misspelt query corrected on the first
    page (as the search page and the API do) stays corrected for the rest. At most
    MAX_RESULT_WINDOW + `batch` results (the search's deepest page)."""
    query = replace(query, facets=(), highlight=False, page=1, per_page=batch, start=0)
    offset = 0
    while offset <= MAX_RESULT_WINDOW:
        answer = corrected_search(backend, replace(query, start=offset), correct)
        if correct and answer.corrected_query:
            query = replace(query, text=answer.corrected_query)
        correct = False
        hits = answer.result.hits
        documents = [
            h.document for h in hits if h.document.get("state", "published") == "published"
        ]
        if documents:
            yield documents
        offset += batch
        if len(hits) < batch or offset >= answer.result.total:
            return
