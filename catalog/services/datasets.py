"""Datasets: create, update, patch, withdraw, restore, with optimistic concurrency.

Every change writes an IndexOutbox row in the same transaction, so the search index
can always catch up with the database.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, Forbidden
from catalog.models import (
    Dataset,
    DatasetRegion,
    DatasetTag,
    DatasetTopic,
    IndexOutbox,
    Organization,
    Resource,
    utcnow,
)
from catalog.models.base import new_id
from catalog.search.outbox import DrainOutbox
from catalog.services import editing, quality
from catalog.services.auth import Actor, require_org_editor, unpublished_scope
from catalog.services.organizations import get_organization
from catalog.services.recommendations.workflow import note_change
from catalog.uow import register
from schemas.profile import SCALAR_FIELDS, profile_of

# What a BPS recommendation is about: a change here marks the recommendation as changed.
SUBSTANTIVE_FIELDS = (
    "title",
    "description",
    "methodology",
    "variables",
    "spatial",
    "temporal_start",
    "temporal_end",
    "organization",
    "activity_type",
)


def slugify(text: str, max_len: int = 90) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "dataset"


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def content_hash(profile: dict[str, Any], fields: tuple[str, ...] | None = None) -> str:
    """SHA-256 of the canonical JSON of a profile dict (all fields, or only `fields`)."""
    data = profile if fields is None else {k: profile.get(k) for k in fields}
    data = {k: v for k, v in data.items() if k not in {"version", "state"}}
    blob = json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def substantive_hash(dataset: Dataset) -> str:
    return content_hash(profile_of(dataset), SUBSTANTIVE_FIELDS)


def substantive_profile(dataset: Dataset) -> dict[str, Any]:
    """The substantive fields as JSON values (what a reviewer decided on), for a later diff."""
    profile = profile_of(dataset)
    out: dict[str, Any] = _canonical({k: profile.get(k) for k in SUBSTANTIVE_FIELDS})
    return out


def substantive_diff(before: dict[str, Any], dataset: Dataset) -> list[dict[str, Any]]:
    """Field-level changes of the substantive metadata since `before` (substantive_profile):
    [{field, before, after}], variables compared by name ({field: "variables", name, ...})."""
    now = substantive_profile(dataset)
    changes: list[dict[str, Any]] = []
    for name in SUBSTANTIVE_FIELDS:
        old, new = before.get(name), now.get(name)
        if old == new:
            continue
        if name == "variables":
            old_by = {v.get("name"): v for v in old or []}
            new_by = {v.get("name"): v for v in new or []}
            for var in sorted(old_by.keys() | new_by.keys(), key=str):
                a, b = old_by.get(var), new_by.get(var)
                if a == b:
                    continue
                if a is None or b is None:
                    changes.append({"field": "variables", "name": var, "before": a, "after": b})
                    continue
                for key in sorted(a.keys() | b.keys()):
                    if a.get(key) != b.get(key):
                        changes.append(
                            {
                                "field": f"variables.{key}",
                                "name": var,
                                "before": a.get(key),
                                "after": b.get(key),
                            }
                        )
        else:
            changes.append({"field": name, "name": None, "before": old, "after": new})
    return changes


def enqueue_index(session: Session, dataset_id: str) -> None:
    session.add(IndexOutbox(dataset_id=dataset_id))
    register(session, DrainOutbox())  # the unit of work drains right after its commit
    quality.note_change(session, dataset_id)  # rescored just before the commit


def get_dataset(session: Session, actor: Actor, id_or_slug: str) -> Dataset:
    """Published datasets are public; drafts and withdrawn ones only for their agency and staff."""
    return editing.readable(session, actor, Dataset, id_or_slug, "Dataset")


def list_datasets(
    session: Session,
    actor: Actor,
    *,
    organization: str | None = None,
    state: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Dataset], int]:
    """Datasets the actor may read, newest change first."""
    query = select(Dataset)
    if organization:
        query = query.where(Dataset.organization_id == get_organization(session, organization).id)
    if state and state != "published":
        allowed = unpublished_scope(actor)
        query = query.where(Dataset.state == state)
        if allowed is not None:
            query = query.where(Dataset.organization_id.in_(allowed))
    else:
        query = query.where(Dataset.state == "published")
    return _page(session, query.order_by(Dataset.updated_at.desc(), Dataset.id), offset, limit)


def agency_datasets(
    session: Session, actor: Actor, organization_id: str, *, offset: int = 0, limit: int = 50
) -> tuple[list[Dataset], int]:
    """An agency's datasets in every state, by title (its dashboard): its editors, admins."""
    require_org_editor(actor, organization_id)
    query = select(Dataset).where(Dataset.organization_id == organization_id)
    return _page(session, query.order_by(Dataset.title, Dataset.id), offset, limit)


def _page(
    session: Session, query: Select[Any], offset: int, limit: int
) -> tuple[list[Dataset], int]:
    """One page of an ordered query, and how many rows the whole query has."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return list(session.scalars(query.offset(offset).limit(limit))), total or 0


def _check_identifier(session: Session, identifier: str | None, exclude_id: str | None) -> None:
    if not identifier:
        return
    found = session.scalar(select(Dataset.id).where(Dataset.identifier == identifier))
    if found and found != exclude_id:
        raise Conflict(
            "Identifier sudah dipakai dataset lain.",
            {"identifier": ["Identifier URI sudah dipakai dataset lain."]},
        )


def apply_profile(dataset: Dataset, data: dict[str, Any]) -> dict[str, Any]:
    """Copy profile fields present in `data` onto the dataset and its child rows.

    Returns the dataset's resulting profile (what its content hash was computed from).
    """
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(dataset, name, data[name])
    if "tags" in data:
        dataset.tags = [DatasetTag(name=t) for t in data["tags"]]
    if "topics" in data:
        dataset.topics = [DatasetTopic(code=c) for c in data["topics"]]
    if "spatial" in data:
        dataset.regions = [DatasetRegion(code=c) for c in data["spatial"]]
    if "resources" in data:
        dataset.resources = [
            Resource(position=i, **{k: v for k, v in r.items() if k != "position"})
            for i, r in enumerate(data["resources"])
        ]
    profile = profile_of(dataset)
    dataset.content_hash = content_hash(profile)
    return profile


def create_dataset(
    session: Session,
    actor: Actor,
    data: dict[str, Any],
    *,
    provenance: dict[str, Any] | None = None,
) -> Dataset:
    """Create a dataset from a validated profile dict (DatasetIn output)."""
    org = editing.new_record_org(session, actor, data["organization"])
    slug = editing.new_slug(session, Dataset, data.get("slug"), slugify(data["title"]), "dataset")
    _check_identifier(session, data.get("identifier"), None)
    dataset = Dataset(
        slug=slug,
        organization_id=org.id,
        organization=org,
        state=data.get("state", "published"),
        created_by=actor.user_id,
        **(provenance or {}),
    )
    session.add(dataset)
    apply_profile(dataset, data)
    session.flush()
    enqueue_index(session, dataset.id)
    return dataset


def update_dataset(
    session: Session,
    actor: Actor,
    id_or_slug: str,
    data: dict[str, Any],
    *,
    expected_version: int | None,
) -> Dataset:
    """Apply the fields in `data` (all of them for a replace: DatasetIn fills defaults).

    A stale expected_version is a conflict and changes nothing.
    """
    dataset = get_dataset(session, actor, id_or_slug)
    require_org_editor(actor, dataset.organization_id)
    editing.require_version(expected_version, dataset.version, "Dataset")
    if "organization" in data and data["organization"] != dataset.organization.slug:
        org = editing.resolve_org(session, data["organization"])
        if not actor.can_edit_org(org.id):
            raise Forbidden("Dataset hanya dapat dipindah ke organisasi yang Anda kelola.")
        dataset.organization_id, dataset.organization = org.id, org
    editing.rename(session, dataset, data.get("slug"), "dataset")
    _check_identifier(session, data.get("identifier"), dataset.id)
    if "state" in data and data["state"] in {"draft", "published"}:
        dataset.state = data["state"]
    return _save_change(session, dataset, data)


def _save_change(session: Session, dataset: Dataset, data: dict[str, Any]) -> Dataset:
    before = dataset.content_hash
    profile = apply_profile(dataset, data)
    if dataset.content_hash != before or session.is_modified(dataset):
        dataset.updated_at = utcnow()
        note_change(dataset, content_hash(profile, SUBSTANTIVE_FIELDS))
        session.flush()
        enqueue_index(session, dataset.id)
    return dataset


def set_state(session: Session, actor: Actor, id_or_slug: str, state: str) -> Dataset:
    """Withdraw (soft delete, reversible) or restore a dataset."""
    dataset = get_dataset(session, actor, id_or_slug)
    require_org_editor(actor, dataset.organization_id)
    if dataset.state != state:
        dataset.state = state
        dataset.updated_at = utcnow()
        session.flush()
        enqueue_index(session, dataset.id)
    return dataset


def withdraw_dataset(session: Session, actor: Actor, id_or_slug: str) -> Dataset:
    return set_state(session, actor, id_or_slug, "withdrawn")


def restore_dataset(session: Session, actor: Actor, id_or_slug: str) -> Dataset:
    return set_state(session, actor, id_or_slug, "published")


def harvest_upsert(
    session: Session,
    dataset: Dataset | None,
    data: dict[str, Any],
    provenance: dict[str, Any],
    *,
    organization: Organization,
    slug: str | None = None,
) -> tuple[Dataset, str]:
    """Store one harvested, validated profile; returns the dataset and created/updated/restored.

    The harvest pipeline has already decided that this source may write `dataset`, resolved
    the organization and, for a new dataset, chosen a free slug and checked its identifier
    (once per batch), so a create costs no queries of its own. Updates never rename.
    """
    if dataset is None:
        dataset = Dataset(
            id=new_id(),
            slug=slug or slugify(data["title"]),
            organization_id=organization.id,
            organization=organization,
            state=data.get("state", "published"),
            **provenance,
        )
        session.add(dataset)
        apply_profile(dataset, data)
        enqueue_index(session, dataset.id)
        return dataset, "created"
    data = {k: v for k, v in data.items() if k != "slug"}
    _check_identifier(session, data.get("identifier"), dataset.id)
    if organization.id != dataset.organization_id:
        dataset.organization_id, dataset.organization = organization.id, organization
    action = "restored" if dataset.state == "withdrawn" else "updated"
    dataset.state = data.get("state", "published")
    # Provenance and state are set first so that _save_change sees the dataset as modified:
    # one outbox row and one note_change per harvested change.
    for key, value in provenance.items():
        setattr(dataset, key, value)
    _save_change(session, dataset, data)
    return dataset, action
