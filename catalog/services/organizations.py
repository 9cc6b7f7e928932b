"""Organizations: the data producers (OPD), BPS and the walidata."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, NotFound
from catalog.models import Dataset, Organization
from catalog.services import audit
from catalog.services.auth import Actor, require_admin


def get_organization(session: Session, id_or_slug: str) -> Organization:
    org = session.scalar(
        select(Organization).where(
            (Organization.id == id_or_slug) | (Organization.slug == id_or_slug)
        )
    )
    if org is None:
        raise NotFound(f"Organisasi '{id_or_slug}' tidak ditemukan.")
    return org


# Which of some ids or slugs name an agency: one narrow statement, built once.
_KNOWN = select(Organization.id, Organization.slug).where(
    or_(
        Organization.id.in_(bindparam("ids", expanding=True)),
        Organization.slug.in_(bindparam("slugs", expanding=True)),
    )
)


def require_organizations(session: Session, ids_or_slugs: Iterable[str]) -> None:
    """NotFound for the first of `ids_or_slugs` that names no agency, as get_organization
    says it; one statement on the session's connection and no agency loaded (the search API
    checks its agency filter on every request: issue 21)."""
    refs = list(ids_or_slugs)
    if not refs:
        return
    rows = session.connection().execute(_KNOWN, {"ids": refs, "slugs": refs})
    known = {value for row in rows for value in row}
    for ref in refs:
        if ref not in known:
            raise NotFound(f"Organisasi '{ref}' tidak ditemukan.")


def list_organizations(
    session: Session, *, offset: int = 0, limit: int | None = None, active_only: bool = False
) -> tuple[list[Organization], int]:
    """Agencies by title; `active_only` leaves deactivated ones out (the pickers)."""
    where = [Organization.active.is_(True)] if active_only else []
    total = session.scalar(select(func.count()).select_from(Organization).where(*where)) or 0
    query = select(Organization).where(*where).order_by(Organization.title).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query)), total


def dataset_counts(session: Session) -> dict[str, int]:
    """Published datasets per organization id."""
    rows = session.execute(
        select(Dataset.organization_id, func.count())
        .where(Dataset.state == "published")
        .group_by(Dataset.organization_id)
    )
    return {org_id: count for org_id, count in rows}


def create_organization(session: Session, actor: Actor, data: dict[str, Any]) -> Organization:
    require_admin(actor)
    if session.scalar(select(Organization.id).where(Organization.slug == data["slug"])):
        raise Conflict(
            "Slug organisasi sudah dipakai.", {"slug": ["Slug sudah dipakai organisasi lain."]}
        )
    org = Organization(**data)
    session.add(org)
    session.flush()
    audit.record(session, actor, "organization.create", org.title, f"slug {org.slug}")
    return org


def update_organization(
    session: Session, actor: Actor, id_or_slug: str, data: dict[str, Any]
) -> Organization:
    org = get_organization(session, id_or_slug)
    require_admin(actor)
    data = dict(data)
    if "active" in data:
        set_active(session, actor, org.slug, bool(data.pop("active")))
    if "slug" in data and data["slug"] != org.slug:
        taken = session.scalar(select(Organization.id).where(Organization.slug == data["slug"]))
        if taken:
            raise Conflict(
                "Slug organisasi sudah dipakai.", {"slug": ["Slug sudah dipakai organisasi lain."]}
            )
    changed = sorted(key for key, value in data.items() if getattr(org, key) != value)
    for key, value in data.items():
        setattr(org, key, value)
    session.flush()
    if changed:
        audit.record(session, actor, "organization.update", org.title, ", ".join(changed))
    return org


def set_active(session: Session, actor: Actor, id_or_slug: str, active: bool) -> Organization:
    """Deactivate or reactivate an agency (admin). A deactivated agency keeps its datasets
    and their pages; its members cannot create datasets (create_dataset), it is left out of
    the agency pickers and the scheduler skips its harvest sources."""
    org = get_organization(session, id_or_slug)
    require_admin(actor)
    if org.active != active:
        org.active = active
        session.flush()
        action = "organization.activate" if active else "organization.deactivate"
        audit.record(session, actor, action, org.title, f"slug {org.slug}")
    return org


def require_active(org: Organization) -> None:
    """Refuse new datasets for a deactivated agency."""
    if not org.active:
        raise Conflict(
            f"Instansi {org.title} sudah dinonaktifkan oleh walidata: dataset baru tidak dapat "
            "dibuat. Dataset yang ada tetap tampil.",
            {"organization": ["Instansi ini tidak aktif."]},
        )
