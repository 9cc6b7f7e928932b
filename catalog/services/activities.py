"""Statistical activities (kegiatan statistik, MS-Keg): reading them, what a BPS decision on
one covers (its substantive design), and the datasets that inherit its recommendation.

The workflow (catalog/services/recommendations/workflow.py) applies to an activity as to a
dataset; a decision on an activity re-indexes every dataset linked to it, since their
recommendation facet reads the activity's status (models/recommendation.py `governing`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog.clock import today as today_default
from catalog.errors import Conflict, NotFound, ValidationFailed
from catalog.models import Activity, Dataset, utcnow
from catalog.models.recommendation import effective_status
from catalog.services import editing
from catalog.services.activity_links import link_waiting
from catalog.services.auth import (
    Actor,
    can_read_dataset,
    require_org_editor,
    unpublished_scope,
)
from catalog.services.datasets import _canonical, content_hash, enqueue_index, get_dataset, slugify
from catalog.services.organizations import get_organization
from catalog.services.recommendations.workflow import note_change
from schemas.activity import BLOCK_KEYS, IDENTITY, ActivityIn, to_input
from schemas.fields import flatten_messages

# What a BPS decision on an activity covers: its identity and design. A change to any of
# these after "recommended" marks the recommendation changed-since-decision.
SUBSTANTIVE_FIELDS = (
    "title",
    "year",
    "code",
    "method",
    "sector",
    "kind",
    "frequency",
    "profile",
    "variables",
)


def get_activity(session: Session, actor: Actor, id_or_slug: str) -> Activity:
    """Published activities are public; drafts only for their agency and BPS staff."""
    return editing.readable(session, actor, Activity, id_or_slug, "Kegiatan statistik")


def substantive_profile(activity: Activity) -> dict[str, Any]:
    """The design a reviewer decided on, as JSON values (for the later diff)."""
    out: dict[str, Any] = _canonical({k: getattr(activity, k) for k in SUBSTANTIVE_FIELDS})
    return out


def substantive_hash(activity: Activity) -> str:
    return content_hash(substantive_profile(activity))


def linked_dataset_ids(session: Session, activity_id: str) -> list[str]:
    return list(
        session.scalars(
            select(Dataset.id).where(Dataset.activity_id == activity_id).order_by(Dataset.id)
        )
    )


def reindex_linked(session: Session, activity_id: str) -> None:
    """Every dataset of the activity goes through the search outbox again (its inherited
    recommendation status is a facet)."""
    for dataset_id in linked_dataset_ids(session, activity_id):
        enqueue_index(session, dataset_id)


def substantive_diff(before: dict[str, Any], activity: Activity) -> list[dict[str, Any]]:
    """What changed in the design since `before` (substantive_profile at a decision):
    [{field, before, after}], the MS-Keg blocks compared one by one ("profile.desain_sampel")."""
    now = substantive_profile(activity)
    changes: list[dict[str, Any]] = []
    for name in SUBSTANTIVE_FIELDS:
        old, new = before.get(name), now.get(name)
        if name == "profile":
            old, new = old or {}, new or {}
            for block in sorted(set(old) | set(new)):
                if old.get(block) != new.get(block):
                    changes.append(
                        {
                            "field": f"profile.{block}",
                            "before": old.get(block),
                            "after": new.get(block),
                        }
                    )
        elif old != new:
            changes.append({"field": name, "before": old, "after": new})
    return changes


# ---------------------------------------------------------------- writing


def _apply(activity: Activity, data: dict[str, Any]) -> None:
    """Copy a validated profile (ActivityIn output, whole) onto the activity."""
    for spec in IDENTITY:
        if spec.name in data:
            setattr(activity, spec.name, data[spec.name])
    if activity.kind == "sekali":
        activity.frequency = None
    profile = {key: data.get(key) for key in BLOCK_KEYS if data.get(key) is not None}
    if profile != (activity.profile or {}):
        activity.profile = profile
    variables = _canonical(list(data.get("variables") or []))
    if variables != (activity.variables or []):
        activity.variables = variables
    if data.get("state") in {"draft", "published"}:
        activity.state = data["state"]


def create_activity(session: Session, actor: Actor, data: dict[str, Any]) -> Activity:
    """Register an activity from a validated profile (ActivityIn output) in an agency the
    actor edits; its slug comes from the title and year unless one is given."""
    org = editing.new_record_org(session, actor, data["organization"])
    base = slugify(f"{data['title']} {data['year']}")
    slug = editing.new_slug(session, Activity, data.get("slug"), base, "kegiatan")
    activity = Activity(
        slug=slug,
        organization_id=org.id,
        organization=org,
        created_by=actor.user_id,
        profile={},
        variables=[],
    )
    _apply(activity, data)
    session.add(activity)
    session.flush()
    link_waiting(session, activity)  # datasets harvested before it was registered
    return activity


def _merge(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """A PATCH over the stored profile: fields replace, a block merges field by field."""
    out = dict(current)
    for key, value in patch.items():
        if key in BLOCK_KEYS and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def update_activity(
    session: Session,
    actor: Actor,
    ref: str,
    data: dict[str, Any],
    *,
    expected_version: int | None,
    partial: bool = False,
) -> Activity:
    """Apply a validated profile (all of it; with `partial`, the fields given, merged over the
    stored profile and validated whole again). The version the caller last read is required;
    a stale one is a conflict and changes nothing. A change to the design of a recommended
    activity marks its recommendation changed-since-decision."""
    activity = get_activity(session, actor, ref)
    require_org_editor(actor, activity.organization_id)
    editing.require_version(expected_version, activity.version, "Kegiatan")
    if partial:
        merged = _merge(to_input(activity), {k: v for k, v in data.items() if k != "version"})
        try:
            data = ActivityIn().load(merged)
        except ValidationError as exc:
            raise ValidationFailed("Data tidak valid.", flatten_messages(exc.messages)) from None
    if "organization" in data and data["organization"] != activity.organization.slug:
        org = editing.resolve_org(session, data["organization"])
        require_org_editor(actor, org.id)
        if linked_dataset_ids(session, activity.id):
            # a dataset links only to an activity of its own agency
            raise Conflict(
                "Kegiatan ini masih tertaut ke dataset instansinya; lepaskan tautannya dulu "
                "sebelum memindahkan kegiatan ke instansi lain.",
                {"organization": ["Kegiatan masih tertaut ke dataset."]},
            )
        activity.organization_id, activity.organization = org.id, org
    editing.rename(session, activity, data.get("slug"), "kegiatan")
    before, code_before = substantive_hash(activity), activity.code
    _apply(activity, data)
    if activity.code != code_before:
        link_waiting(session, activity)  # datasets harvested naming the new code
    if session.is_modified(activity):
        activity.updated_at = utcnow()
        note_change(activity, substantive_hash(activity))
        session.flush()
        if substantive_hash(activity) != before:
            reindex_linked(session, activity.id)  # their pages and documents name it
    return activity


def delete_activity(session: Session, actor: Actor, ref: str) -> None:
    """Delete an activity: its datasets are unlinked (and re-indexed). One with a
    recommendation trail cannot be deleted (the trail is kept for good)."""
    activity = get_activity(session, actor, ref)
    require_org_editor(actor, activity.organization_id)
    if activity.recommendation is not None:
        raise Conflict(
            "Kegiatan ini punya riwayat rekomendasi BPS dan tidak dapat dihapus; "
            "ubah statusnya menjadi draft bila tidak dipakai lagi.",
            {"recommendation": ["Riwayat rekomendasi disimpan permanen."]},
        )
    for dataset in session.scalars(select(Dataset).where(Dataset.activity_id == activity.id)):
        dataset.activity_id = None
        dataset.updated_at = utcnow()
        enqueue_index(session, dataset.id)
    session.flush()
    session.delete(activity)
    session.flush()


# ---------------------------------------------------------------- reading many

ACTIVITY_FACETS = ("status", "method", "year", "organization")


@dataclass
class ActivityPage:
    """One page of activities and the facet counts of the whole result (each facet counted
    with every filter but its own)."""

    items: list[Activity]
    total: int
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def list_activities(
    session: Session,
    actor: Actor,
    *,
    organization: str | None = None,
    year: int | None = None,
    method: str | None = None,
    status: str | Sequence[str] | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 20,
    today: date | None = None,
) -> ActivityPage:
    """Activities the actor may read (published ones, drafts of its agencies and for BPS
    staff), newest year first then by title; `q` matches title, code and sector. `status`
    is the recommendation status as shown (expired derived from today), or several of them
    (any of them matches: "in progress" is requested or in_review); the status facet still
    counts each status."""
    today = today or today_default()
    query = select(Activity)
    scope = unpublished_scope(actor)
    if scope is not None:
        query = query.where(or_(Activity.state == "published", Activity.organization_id.in_(scope)))
    if q and q.strip():
        text = q.strip().lower()  # % and _ are matched as typed (autoescape)
        query = query.where(
            or_(
                *(
                    func.lower(column).contains(text, autoescape=True)
                    for column in (
                        Activity.title,
                        func.coalesce(Activity.code, ""),
                        Activity.sector,
                    )
                )
            )
        )
    org_slug = get_organization(session, organization).slug if organization else None
    rows = list(session.scalars(query.order_by(Activity.year.desc(), Activity.title, Activity.id)))
    values = {
        a.id: {
            "status": effective_status(a.recommendation, today),
            "method": a.method,
            "year": str(a.year),
            "organization": a.organization.slug,
        }
        for a in rows
    }
    statuses = {status} if isinstance(status, str) else set(status or ())
    wanted: dict[str, set[str] | None] = {
        "status": statuses or None,
        "method": {method} if method is not None else None,
        "year": {str(year)} if year is not None else None,
        "organization": {org_slug} if org_slug is not None else None,
    }

    def matches(activity: Activity, skip: str | None = None) -> bool:
        return all(
            want is None or values[activity.id][name] in want
            for name, want in wanted.items()
            if name != skip
        )

    found = [a for a in rows if matches(a)]
    facets: dict[str, list[dict[str, Any]]] = {}
    for name in ACTIVITY_FACETS:
        counts = Counter(values[a.id][name] for a in rows if matches(a, skip=name))
        facets[name] = [
            {"value": v, "count": n} for v, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ]
    return ActivityPage(items=found[offset : offset + limit], total=len(found), facets=facets)


# ---------------------------------------------------------------- datasets of an activity


def datasets_of(session: Session, actor: Actor, activity: Activity) -> list[Dataset]:
    """The datasets linked to the activity that the actor may read, by title."""
    rows = session.scalars(
        select(Dataset)
        .where(Dataset.activity_id == activity.id)
        .order_by(Dataset.title, Dataset.id)
    )
    return [d for d in rows if can_read_dataset(actor, d)]


def link_dataset(
    session: Session, actor: Actor, dataset_ref: str, activity_ref: str | None
) -> Dataset:
    """Link a dataset to the activity that produced it (None: unlink). The editor of the
    dataset's agency does it; the activity must belong to the same agency. The dataset is
    re-indexed (its recommendation facet may now read the activity's status)."""
    dataset = get_dataset(session, actor, dataset_ref)
    require_org_editor(actor, dataset.organization_id)
    activity_id: str | None = None
    if activity_ref:
        try:
            activity = get_activity(session, actor, activity_ref)
        except NotFound:
            raise ValidationFailed(
                "Kegiatan tidak dikenal.",
                {"activity": [f"Kegiatan statistik '{activity_ref}' tidak ditemukan."]},
            ) from None
        if activity.organization_id != dataset.organization_id:
            raise ValidationFailed(
                "Kegiatan milik instansi lain.",
                {"activity": ["Kegiatan harus milik instansi yang sama dengan dataset."]},
            )
        activity_id = activity.id
    if dataset.activity_id != activity_id:
        dataset.activity_id = activity_id
        session.flush()
        session.expire(dataset, ["activity"])
        dataset.updated_at = utcnow()
        session.flush()
        enqueue_index(session, dataset.id)
    return dataset


def unlink_dataset(session: Session, actor: Actor, dataset_ref: str, activity_id: str) -> Dataset:
    """Unlink a dataset from the activity `activity_id` (as `link_dataset` with None); a
    dataset linked to another activity, or to none, stays as it is."""
    dataset = get_dataset(session, actor, dataset_ref)
    if dataset.activity_id == activity_id:
        link_dataset(session, actor, dataset.id, None)
    return dataset
