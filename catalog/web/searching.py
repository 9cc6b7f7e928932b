"""The search page's one call into search: a SearchQuery in, a SearchResult out.

Until the search backend lands this answers from SQL (substring match, no stemming);
switching is the body of `run_search`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from markupsafe import escape
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from catalog.models import (
    Dataset,
    DatasetRegion,
    DatasetTag,
    DatasetTopic,
    Organization,
    Recommendation,
    Resource,
)
from catalog.search.query import FacetValue, Hit, SearchQuery, SearchResult
from catalog.services.auth import Actor


def run_search(session: Session, actor: Actor, query: SearchQuery) -> SearchResult:
    return _sql_search(session, query)


def _filtered(query: SearchQuery) -> Select[Any]:
    stmt = select(Dataset.id).where(Dataset.state == "published")
    for word in query.text.split():
        pattern = f"%{word}%"
        stmt = stmt.where(or_(Dataset.title.ilike(pattern), Dataset.description.ilike(pattern)))
    for name, values in query.filters.items():
        if not values:
            continue
        if name == "organization":
            stmt = stmt.where(
                Dataset.organization_id.in_(
                    select(Organization.id).where(Organization.slug.in_(values))
                )
            )
        elif name == "topic":
            stmt = stmt.where(
                Dataset.id.in_(select(DatasetTopic.dataset_id).where(DatasetTopic.code.in_(values)))
            )
        elif name == "tag":
            stmt = stmt.where(
                Dataset.id.in_(select(DatasetTag.dataset_id).where(DatasetTag.name.in_(values)))
            )
        elif name == "format":
            stmt = stmt.where(
                Dataset.id.in_(
                    select(Resource.dataset_id).where(
                        func.upper(Resource.format).in_([v.upper() for v in values])
                    )
                )
            )
        elif name == "wilayah":
            stmt = stmt.where(
                Dataset.id.in_(
                    select(DatasetRegion.dataset_id).where(DatasetRegion.code.in_(values))
                )
            )
        elif name == "recommendation":
            decided = select(Recommendation.dataset_id).where(Recommendation.status.in_(values))
            cond: ColumnElement[bool] = Dataset.id.in_(decided)
            if "none" in values:
                cond = or_(cond, ~Dataset.id.in_(select(Recommendation.dataset_id)))
            stmt = stmt.where(cond)
        elif name == "year":
            years = [int(v) for v in values if v.isdigit()]
            stmt = stmt.where(
                or_(
                    *[
                        and_(
                            Dataset.temporal_start <= date(y, 12, 31),
                            func.coalesce(Dataset.temporal_end, Dataset.temporal_start)
                            >= date(y, 1, 1),
                        )
                        for y in years
                    ]
                )
            )
    return stmt


def _facet(session: Session, ids: Select[Any], name: str, limit: int) -> list[FacetValue]:
    sub = ids.subquery()
    if name == "organization":
        stmt = (
            select(Organization.slug, func.count())
            .join(Dataset, Dataset.organization_id == Organization.id)
            .where(Dataset.id.in_(select(sub.c.id)))
            .group_by(Organization.slug)
        )
    elif name == "topic":
        stmt = (
            select(DatasetTopic.code, func.count())
            .where(DatasetTopic.dataset_id.in_(select(sub.c.id)))
            .group_by(DatasetTopic.code)
        )
    elif name == "tag":
        stmt = (
            select(DatasetTag.name, func.count())
            .where(DatasetTag.dataset_id.in_(select(sub.c.id)))
            .group_by(DatasetTag.name)
        )
    elif name == "format":
        stmt = (
            select(func.upper(Resource.format), func.count(func.distinct(Resource.dataset_id)))
            .where(Resource.dataset_id.in_(select(sub.c.id)), Resource.format.is_not(None))
            .group_by(func.upper(Resource.format))
        )
    elif name == "wilayah":
        stmt = (
            select(DatasetRegion.code, func.count())
            .where(DatasetRegion.dataset_id.in_(select(sub.c.id)))
            .group_by(DatasetRegion.code)
        )
    elif name == "recommendation":
        rows = session.execute(
            select(Recommendation.status, func.count())
            .select_from(Dataset)
            .outerjoin(Recommendation, Recommendation.dataset_id == Dataset.id)
            .where(Dataset.id.in_(select(sub.c.id)))
            .group_by(Recommendation.status)
        )
        merged: dict[str, int] = {}
        for value, count in rows:
            merged[value or "none"] = merged.get(value or "none", 0) + int(count)
        return sorted((FacetValue(v, c) for v, c in merged.items()), key=lambda f: -f.count)
    else:
        return []
    rows = session.execute(stmt)
    values = sorted(
        (FacetValue(str(v), int(c)) for v, c in rows), key=lambda f: (-f.count, f.value)
    )
    return values[:limit]


def _mark(text: str, words: list[str]) -> str:
    html = str(escape(text))
    if not words:
        return html
    pattern = re.compile("|".join(re.escape(str(escape(w))) for w in words), re.IGNORECASE)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)


def _sql_search(session: Session, query: SearchQuery) -> SearchResult:
    ids = _filtered(query)
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    order = {
        "title": Dataset.title,
        "created": Dataset.created_at,
    }.get(query.sort, Dataset.updated_at)
    order_by = order.asc() if query.sort == "title" else order.desc()
    rows = session.scalars(
        select(Dataset)
        .where(Dataset.id.in_(ids))
        .order_by(order_by, Dataset.id)
        .offset((query.page - 1) * query.per_page)
        .limit(query.per_page)
    )
    words = query.text.split()
    hits = []
    for ds in rows:
        highlights = {}
        if query.highlight and words:
            highlights["title"] = [_mark(ds.title, words)]
        hits.append(Hit(id=ds.id, score=0.0, highlights=highlights))
    facets = {name: _facet(session, ids, name, query.facet_limit) for name in query.facets}
    return SearchResult(total=total, hits=hits, facets=facets, suggestion=None)
