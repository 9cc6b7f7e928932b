"""The clock: what "today" is for the recommendation workflow and every status derived from it.

`CATALOG_CLOCK_TODAY` (Settings.clock_today) moves it for demonstrations and tests. Each
application holds one `Clock` (catalog/context.py, `Catalog.clock`); it is *applied* for the
duration of every unit of work (web, API, CLI, worker alike) and of every web request, and
`today()` reads the applied one, else the real date. Services read it through `today()` (or
take the date as a plain argument), so this module depends on nothing but the standard library
and the service errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import date

from catalog.errors import ValidationFailed

_applied: ContextVar[date | None] = ContextVar("catalog_clock_today", default=None)


def today() -> date:
    """Today for whoever runs now: the applied clock's fixed date, else the real date."""
    return _applied.get() or date.today()


def parse_today(value: str) -> date | None:
    """A configured date (CATALOG_CLOCK_TODAY, `--today`), or None for the real date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            "CATALOG_CLOCK_TODAY bukan tanggal TTTT-BB-HH.", {"clock_today": [value]}
        ) from None


@dataclass(frozen=True)
class Clock:
    """One application's clock: a fixed date (CATALOG_CLOCK_TODAY) or None for the real one."""

    fixed: date | None = None

    def today(self) -> date:
        return self.fixed or date.today()

    def apply(self) -> Token[date | None]:
        """Make this clock the one `today()` reads in the current context (until reset)."""
        return _applied.set(self.fixed)

    @staticmethod
    def reset(token: Token[date | None]) -> None:
        _applied.reset(token)

    @contextmanager
    def applied(self) -> Iterator[None]:
        token = self.apply()
        try:
            yield
        finally:
            self.reset(token)
