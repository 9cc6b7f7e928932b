"""CSV the catalog hands out (search results, reports, rankings): one writer whose text cells
a spreadsheet would run as a formula are defused with a leading "'" (OWASP CSV injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

# A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as written: text that would start a formula gets a "'"; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Writer:
    """csv.writer over `out` that passes every cell through `cell`."""

    def __init__(self, out: IO[str], lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(out, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(v) for v in row])
