"""One page of a query's rows with the total the whole query has (the lists the API pages)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def page_of(
    session: Session, query: Select[T], *order_by: Any, offset: int, limit: int
) -> tuple[list[T], int]:
    """The rows `offset` to `offset + limit` of `query` in `order_by`, and how many it has."""
    rows = session.scalars(query.order_by(*order_by).offset(offset).limit(limit))
    return list(rows), count_of(session, query)


def count_of(session: Session, query: Select[Any]) -> int:
    """How many rows `query` has."""
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0
