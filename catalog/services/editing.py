"""What editing a dataset and an activity share: reading one by id or slug, the agency a
new one goes to, the optimistic-locking version check (the workflows' steps use it too), the
slug that must stay unique among records of its kind, and the agency named by slug. Each
caller names its record, so each message keeps its own wording ("Dataset telah diubah ...",
"Slug sudah dipakai kegiatan lain.").
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, NotFound, ValidationFailed
from catalog.models import Activity, Dataset, Organization
from catalog.services.auth import Actor, can_read, require_org_editor
from catalog.services.organizations import get_organization, require_active

Record = TypeVar("Record", Dataset, Activity)


def readable(session: Session, actor: Actor, model: type[Record], ref: str, noun: str) -> Record:
    """The record of `model` whose id or slug is `ref`, if the actor may read it (published:
    everyone; else its agency and BPS staff); otherwise it does not exist for them (404, the
    message starting with `noun`: "Dataset", "Kegiatan statistik")."""
    record = session.scalar(select(model).where((model.id == ref) | (model.slug == ref)))
    if record is None or not can_read(actor, record.state, record.organization_id):
        raise NotFound(f"{noun} '{ref}' tidak ditemukan.")
    return record


def new_record_org(session: Session, actor: Actor, slug: str) -> Organization:
    """The agency a new record goes to: one that exists (422), that the actor edits (403)
    and that is active (409)."""
    org = resolve_org(session, slug)
    require_org_editor(actor, org.id)
    require_active(org)
    return org


def require_version(
    expected: int | None, current: int, noun: str, *, required: bool = True
) -> None:
    """The version the caller last read (optimistic locking): a stale one is a conflict;
    none is refused where it is `required` (an edit), let through where it is not (a workflow
    step, whose state machine already refuses a step that no longer applies). `noun` names the
    record at the start of the message ("Dataset", "Kegiatan", "Konsultasi")."""
    if expected is None:
        if not required:
            return
        raise ValidationFailed(
            "Versi wajib dikirim.",
            {"version": ["Wajib diisi: versi terakhir yang Anda baca (optimistic locking)."]},
        )
    if expected != current:
        raise Conflict(
            f"{noun} telah diubah sejak Anda membukanya (versi Anda {expected}, "
            f"versi sekarang {current}). Muat ulang lalu ulangi.",
            {"version": [f"Versi sekarang {current}."]},
        )


def require_free_slug(session: Session, model: Any, slug: str, noun: str) -> None:
    """A slug given by the caller must not be taken by another record of `model`; `noun`
    names the kind in the field message ("dataset", "kegiatan")."""
    if session.scalar(select(model.id).where(model.slug == slug)):
        raise Conflict("Slug sudah dipakai.", {"slug": [f"Slug sudah dipakai {noun} lain."]})


def new_slug(session: Session, model: Any, given: str | None, base: str, noun: str) -> str:
    """The slug of a new record of `model`: the one the caller gave (it must be free), else
    `base` made unique."""
    if given:
        require_free_slug(session, model, given, noun)
        return given
    return unique_slug(session, model, base)


def rename(session: Session, record: Any, slug: str | None, noun: str) -> None:
    """Give `record` the slug the caller sent (none or its own: nothing to do), if no other
    record of its kind has it."""
    if slug and slug != record.slug:
        require_free_slug(session, type(record), slug, noun)
        record.slug = slug


def unique_slug(session: Session, model: Any, base: str, exclude_id: str | None = None) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first slug no other record of `model` has."""
    candidate, n = base, 1
    while True:
        found = session.scalar(select(model.id).where(model.slug == candidate))
        if found is None or found == exclude_id:
            return candidate
        n += 1
        candidate = f"{base[:90]}-{n}"


def resolve_org(session: Session, slug: str) -> Organization:
    """The agency a profile names; an unknown one is a field error, not a 404."""
    try:
        return get_organization(session, slug)
    except NotFound:
        raise ValidationFailed(
            "Organisasi tidak dikenal.", {"organization": [f"Organisasi '{slug}' tidak ada."]}
        ) from None
