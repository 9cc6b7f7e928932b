"""The whole result set of a search, batch by batch, for downloads (CSV, XLSX).

Each batch is one page of the search (`BATCH` hits). The rows are made from the search
documents themselves (title, agency, topics, years, regions, formats, recommendation status,
slug: catalog/search/document.py), so a download reads no dataset from the database and
never holds more than one batch: the caller turns a batch into rows before asking for the
next one (catalog/exports/results.py).

A result in date order (newest change first, the default without words; `sort=modified`
or `created`) is walked by keyset, as the CKAN API's walks are
(catalog/services/ckan_paging.py): each page after the first is a range from the date where
the previous one ended, skipping only the datasets with that very date already served. So
a deep page costs what the first costs, the walk is not cut at the engine's
MAX_RESULT_WINDOW, and a dataset published or withdrawn while the file is being written
neither makes the walk skip another one nor serve one twice (tests/test_exports_results.py).
Other orders (relevance to words, title, quality, id) page by offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from catalog.search.query import MAX_RESULT_WINDOW, SearchBackend, SearchQuery
from catalog.services import ckan_paging
from catalog.services.search import corrected_search

BATCH = 1000  # the most one search page may hold (SearchQuery.validate)


def result_batches(
    backend: SearchBackend, query: SearchQuery, correct: bool = True, batch: int = BATCH
) -> Iterator[list[dict[str, Any]]]:
    """The search documents of every result of `query` (all pages, in its order), `batch`
    at a time. Only published datasets are in the search index (drafts and withdrawn ones
    are listed from the database, and not by this). A misspelt query corrected on the first
    page (as the search page and the API do) stays corrected for the rest. In date order,
    every result (keyset pages); else at most MAX_RESULT_WINDOW + `batch` results (the
    search's deepest page)."""
    query = replace(query, facets=(), highlight=False, page=1, per_page=batch, start=0)
    answer = corrected_search(backend, query, correct)
    if correct and answer.corrected_query:
        query = replace(query, text=answer.corrected_query)
    keyed = _keyed(query)
    offset = 0
    cursor: ckan_paging.Cursor | None = None
    run = query
    while True:
        hits = answer.result.hits
        documents = [
            h.document for h in hits if h.document.get("state", "published") == "published"
        ]
        if documents:
            yield documents
        offset += len(hits)
        if len(hits) < batch:
            return
        if keyed is not None:
            cursor = ckan_paging.cursor_after(keyed, hits, cursor)
            if cursor is None:  # a thousand datasets with one date: go on by offset
                keyed = None
        if keyed is not None and cursor is not None:
            run = ckan_paging.resume(backend, keyed, cursor)
        else:
            if offset >= answer.result.total or offset > MAX_RESULT_WINDOW:
                return
            run = replace(query, start=offset)
        answer = corrected_search(backend, run, False)


def _keyed(query: SearchQuery) -> SearchQuery | None:
    """`query` in a date order the engine can seek in (without words, relevance is the
    newest change first: catalog/search/sqlite_fts.py), else None."""
    if query.text:
        return None
    if query.sort == "relevance":
        return replace(query, sort="modified", descending=True)
    return query if query.sort in ckan_paging.KEYED else None
