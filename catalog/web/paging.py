"""Page numbers of listing pages: the one place that reads `?page=` and counts pages."""

from __future__ import annotations

from flask import request


def page_arg(last: int | None = None) -> int:
    """The `page` query argument: a positive whole number (1 when missing or malformed),
    at most `last` when given."""
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    return min(page, last) if last is not None else page


def page_count(total: int, per_page: int) -> int:
    """Pages needed to show `total` rows `per_page` at a time (at least one, even if empty)."""
    return max(1, -(-total // per_page))
