"""What the metadata exports read: pages of published datasets, and the catalog's publisher.

The exports are public documents: only published datasets, whoever asks (a signed-in editor
gets the same catalog as a harvester).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from catalog.models import Dataset, Organization
from catalog.services.organizations import get_organization
from catalog.services.paging import count_of, page_of

MAX_PER_PAGE = 1000


@dataclass(frozen=True)
class CatalogFilter:
    """What a catalog document keeps: words in the title or description, one agency (slug),
    the last change here from this moment on."""

    q: str = ""
    organization: str | None = None
    modified_since: datetime | None = None


EVERY = CatalogFilter()


def _published(session: Session, keep: CatalogFilter) -> Select[Dataset]:
    """Published datasets the filter keeps (no order)."""
    query = select(Dataset).where(Dataset.state == "published")
    if keep.organization:
        query = query.where(
            Dataset.organization_id == get_organization(session, keep.organization).id
        )
    if keep.modified_since is not None:
        query = query.where(Dataset.updated_at >= keep.modified_since)
    for word in keep.q.split():
        pattern = "%" + word.casefold().replace("\\", "").replace("%", "").replace("_", "") + "%"
        query = query.where(
            or_(
                func.lower(Dataset.title).like(pattern),
                func.lower(Dataset.description).like(pattern),
            )
        )
    return query


def published_page(
    session: Session,
    keep: CatalogFilter = EVERY,
    *,
    offset: int = 0,
    limit: int = 100,
    after: str | None = None,
) -> tuple[list[Dataset], int]:
    """Published datasets in a stable order (by id: a page stays the same while others
    change) that `keep` keeps. With `after` (the last id of the page before: the cursor of a
    walk's next link) the page starts after it instead of at `offset`: a deep page then
    costs what the first costs (an offset of a million rows took 50 s in SQLite), and a
    dataset withdrawn between two pages no longer makes the walk skip another."""
    query = _published(session, keep)
    if after is None:
        return page_of(session, query, Dataset.id, offset=offset, limit=limit)
    rows = session.scalars(query.where(Dataset.id > after).order_by(Dataset.id).limit(limit))
    return list(rows), count_of(session, query)


def walidata(session: Session) -> Organization | None:
    """The organization that publishes the catalog (kind walidata; the first by slug)."""
    return session.scalars(
        select(Organization).where(Organization.kind == "walidata").order_by(Organization.slug)
    ).first()


def published_all(
    session: Session, keep: CatalogFilter = EVERY, *, batch: int = 500
) -> list[Dataset]:
    """Every published dataset `keep` keeps (a whole-catalog document: data.json), in
    the order of their ids, read `batch` at a time from after the last id read (keyset: a
    deep batch costs what the first costs)."""
    query = _published(session, keep).order_by(Dataset.id)
    out: list[Dataset] = []
    while True:
        after = query.where(Dataset.id > out[-1].id) if out else query
        rows = list(session.scalars(after.limit(batch)))
        out += rows
        if len(rows) < batch:
            return out


def published_count(session: Session) -> int:
    query = select(func.count()).select_from(Dataset).where(Dataset.state == "published")
    return session.scalar(query) or 0


def sitemap_entries(session: Session, offset: int, limit: int) -> list[tuple[str, datetime]]:
    """(slug, the publisher's modified date or else the last change here) of published
    datasets, in a stable order."""
    rows = session.execute(
        select(Dataset.slug, func.coalesce(Dataset.modified, Dataset.updated_at))
        .where(Dataset.state == "published")
        .order_by(Dataset.id)
        .offset(offset)
        .limit(limit)
    )
    return [(slug, modified) for slug, modified in rows]
