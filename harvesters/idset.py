"""A set of remote ids in 8 bytes each, for the ids a harvest job has met.

A job remembers every remote id it met (duplicates, and what a complete listing withdraws).
As Python strings in a set that is ~130 bytes an id: 130 MB for a million-record source, the
one part of a harvest's memory that grew with the source. Here each id is kept as a 64-bit
digest: recent ones in a small set, the rest in one sorted array searched by bisection. Two
different ids share a digest with a probability of about n² / 2⁶⁵ (3 in 100 million for a
million ids); the harmless direction for withdrawals (a dataset that is gone is kept), and
for duplicates a record is reported as "muncul dua kali" instead of stored.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from hashlib import blake2b

# recent digests merged into the sorted array beyond this many (a merge reads the array once)
MERGE_AT = 50_000


def digest(remote_id: str) -> int:
    return int.from_bytes(
        blake2b(remote_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    )


class IdSet:
    """add / update / discard / in / len over strings, stored as digests."""

    __slots__ = ("_recent", "_sorted")

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._sorted = array("Q")
        self._recent: set[int] = set()
        self.update(ids)

    def _in_sorted(self, key: int) -> bool:
        i = bisect_left(self._sorted, key)
        return i < len(self._sorted) and self._sorted[i] == key

    def __contains__(self, remote_id: object) -> bool:
        if not isinstance(remote_id, str):
            return False
        key = digest(remote_id)
        return key in self._recent or self._in_sorted(key)

    def add(self, remote_id: str) -> None:
        key = digest(remote_id)
        if key not in self._recent and not self._in_sorted(key):
            self._recent.add(key)
            if len(self._recent) >= MERGE_AT:
                self._merge()

    def update(self, ids: Iterable[str]) -> None:
        for remote_id in ids:
            self.add(remote_id)

    def discard(self, remote_id: str) -> None:
        key = digest(remote_id)
        if key in self._recent:
            self._recent.discard(key)
            return
        i = bisect_left(self._sorted, key)
        if i < len(self._sorted) and self._sorted[i] == key:
            del self._sorted[i]

    def difference_update(self, ids: Iterable[str]) -> None:
        for remote_id in ids:
            self.discard(remote_id)

    def _merge(self) -> None:
        self._sorted = array("Q", heapq.merge(self._sorted, sorted(self._recent)))
        self._recent = set()

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)

    def __repr__(self) -> str:
        return f"<IdSet of {len(self)} ids>"
