"""Keyset paging under CKAN's `start`: deep package_search pages cost what the first costs.

A harvester walks a whole catalog with `rows=1000&start=0,1000,2000,...` sorted by
`metadata_created` (or `metadata_modified`). Served as an offset, page k makes the engine
skip k*1000 rows first, and a dataset withdrawn between two requests shifts every later
one down by one: the next page skips a dataset. So for every page served in a date order,
this module remembers where it ended: the sort key of its last dataset and how many
datasets with that same key were served up to there (ties are ordered by id). A request
whose `start` is where a remembered page ended is answered with a range on that date (the
engine's `ranges`, index-backed) and an offset of only the ties: the engine reads the page
directly, whatever `start` is, and the walk continues after the last dataset it served.

What the walk then promises (tests/test_ckan_paging.py):

- sorted by `metadata_created`: every dataset published before the walk began and still
  published at its end comes exactly once, whatever is created, edited or withdrawn
  between pages (an offset walk skips one dataset per withdrawal before its position);
- sorted by `metadata_modified`: a dataset edited during the walk comes again at the end
  (its new date), none is skipped.

`count` in such an answer is where the page starts plus what the range still holds, so a
client stopping at `start >= count` stops after the last dataset. A request whose `start`
no remembered page ended at (the first request, a jump, or a request answered by another
serving process) is an ordinary offset query, as before. The memory is per process, a
small LRU of cursors keyed by the query (everything but `start` and `rows`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from catalog.search.query import Hit, SearchBackend, SearchQuery

# sorts with an engine range and a document field of the same name (query.RANGES)
KEYED = ("created", "modified")
CURSORS = 2048


@dataclass(frozen=True)
class Cursor:
    key: str  # the sort key of the last dataset served (the index's ISO form)
    ties: tuple[str, ...]  # ids of the datasets with exactly that key served so far


_cursors: OrderedDict[tuple[Any, ...], Cursor] = OrderedDict()
_lock = threading.Lock()


def signature(query: SearchQuery, scope: Any) -> tuple[Any, ...] | None:
    """What identifies a walk (everything but start and rows), or None when the sort has no
    key to seek by."""
    if query.sort not in KEYED or query.text or query.facets:
        return None  # facets must count the whole result, not the range
    return (
        scope,
        query.sort,
        query.descending,
        tuple(sorted(query.filters.items())),
        tuple(sorted(query.excludes.items())),
        tuple(sorted(query.ranges.items())),
    )


def seek(
    backend: SearchBackend, query: SearchQuery, sig: tuple[Any, ...] | None
) -> tuple[SearchQuery, Cursor | None]:
    """The query to run for `query.start`: a range from the key where a page of this walk
    ended (inclusive), skipping the served datasets with that key that are still there
    (ties are ordered by id, so they come first; a small engine query on that one key
    tells how many are left), else `query` unchanged."""
    if sig is None or not query.start:
        return query, None
    with _lock:
        cursor = _cursors.get((sig, query.start))
        if cursor is not None:
            _cursors.move_to_end((sig, query.start))
    if cursor is None:
        return query, None
    return resume(backend, query, cursor), cursor


def resume(backend: SearchBackend, query: SearchQuery, cursor: Cursor) -> SearchQuery:
    """The query for the page after `cursor` (the ties still there skipped): a range from
    its key on, whatever `query.start` says (catalog/services/result_export.py walks the
    same way within one request)."""
    same = replace(
        query,
        ranges={**query.ranges, query.sort: (cursor.key, cursor.key)},
        start=0,
        per_page=min(len(cursor.ties) + 1, 1000),
    )
    served = set(cursor.ties)
    left = sum(1 for h in backend.search(same).hits if h.id in served)
    low, high = query.ranges.get(query.sort, (None, None))
    if query.descending:
        high = cursor.key if high is None or cursor.key < high else high
    else:
        low = cursor.key if low is None or cursor.key > low else low
    ranges = {**query.ranges, query.sort: (low, high)}
    return replace(query, ranges=ranges, start=left)


def remember(
    query: SearchQuery, start: int, sig: tuple[Any, ...] | None, cursor: Cursor | None,
    hits: list[Hit],
) -> None:  # fmt: skip
    """Remember where the page asked at `start` (and run as `query`) ended: the start of
    the next page of the walk. The keys are the index's own (the hits' documents), so a
    change not yet indexed cannot move the cursor past a dataset."""
    if sig is None or query.per_page <= 0:
        return
    after = cursor_after(query, hits, cursor)
    if after is None:
        return
    following = (sig, start + len(hits))
    with _lock:
        _cursors[following] = after
        _cursors.move_to_end(following)
        while len(_cursors) > CURSORS:
            _cursors.popitem(last=False)


def cursor_after(query: SearchQuery, hits: list[Hit], cursor: Cursor | None) -> Cursor | None:
    """Where a page of `hits` (run as `query`, after `cursor` if any) ended: its last key
    and the ids served with that key; None when there is nothing to seek from (no hits, no
    key, or more than a thousand datasets with one key: the next page is an offset one)."""
    if not hits:
        return None
    keys = [h.document.get(query.sort) for h in hits]
    last = keys[-1]
    if not isinstance(last, str):
        return None
    ties: list[str] = []
    for hit, key in zip(reversed(hits), reversed(keys), strict=True):
        if key != last:
            break
        ties.append(hit.id)
    else:  # the whole page has one key: the ties go on from the previous page
        if cursor is not None and cursor.key == last:
            ties += cursor.ties
    if len(ties) > 1000:
        return None
    return Cursor(last, tuple(ties))


def count(query_start: int, cursor: Cursor | None, run: SearchQuery, total: int) -> int:
    """`count` of an answer: with a cursor, where the page starts plus what the range holds
    beyond the served ties still in it."""
    if cursor is None:
        return total
    return query_start + max(total - (run.start or 0), 0)


def forget() -> None:
    """Drop every cursor (tests)."""
    with _lock:
        _cursors.clear()
