"""BPS recommendations as the interfaces read them: one dataset's recommendation and its
events as the caller may see them (the API's one shape, the review page), and the reviewer
queue. Who sees notes and names, and which actions the caller is offered, is the workflow's
rule (workflow.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict, Unpack

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from catalog.clock import today as today_default
from catalog.errors import Forbidden, NotFound
from catalog.models import (
    Activity,
    Dataset,
    Organization,
    Recommendation,
    RecommendationEvent,
    User,
)
from catalog.models.recommendation import effective_status
from catalog.services.auth import Actor, require_login
from catalog.services.datasets import substantive_diff
from catalog.services.paging import page_of
from catalog.services.recommendations.workflow import (
    PUBLIC_NOTE_ACTIONS,
    Subject,
    allowed_actions,
    sees_private,
)


def list_events(session: Session, dataset: Subject) -> list[RecommendationEvent]:
    rec = dataset.recommendation
    if rec is None:
        return []
    return list(
        session.scalars(
            select(RecommendationEvent)
            .where(RecommendationEvent.recommendation_id == rec.id)
            .order_by(RecommendationEvent.id)
        )
    )


def _usernames(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}


def _event_view(event: RecommendationEvent, private: bool, names: dict[str, str]) -> dict[str, Any]:
    note_public = event.action in PUBLIC_NOTE_ACTIONS
    return {
        "id": event.id,
        "at": event.at,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "note": event.note if (private or note_public) else None,
        "actor": names.get(event.actor_id or "") if private else None,
        "data": event.data if private else {},
    }


def _changes(before: dict[str, Any], subject: Subject) -> list[dict[str, Any]]:
    if isinstance(subject, Activity):
        from catalog.services import activities

        return activities.substantive_diff(before, subject)
    return substantive_diff(before, subject)


def detail(
    session: Session, actor: Actor, dataset: Subject, today: date | None = None
) -> dict[str, Any]:
    """The recommendation of a dataset or an activity as the caller may see it (the API's one
    shape; the subject under "dataset" or "kegiatan")."""
    rec = dataset.recommendation
    private = sees_private(actor, dataset)
    events = list_events(session, dataset)
    names = (
        _usernames(
            session,
            {e.actor_id for e in events}
            | {rec.reviewer_id if rec else None}
            | {rec.requester_id if rec else None},
        )
        if private
        else {}
    )
    status = effective_status(rec, today)
    # The last decision that kept what the reviewer saw, and what changed since (private).
    reviewed = next((e for e in reversed(events) if "substantive" in (e.data or {})), None)
    # The letter (number, dates) belongs to a recommended or revoked status only.
    letter = rec if rec and rec.status in {"recommended", "revoked"} else None
    return {
        ("kegiatan" if isinstance(dataset, Activity) else "dataset"): dataset,
        "status": status,
        "number": letter.number if letter else None,
        "issued_on": letter.issued_on if letter else None,
        "valid_until": letter.valid_until if letter else None,
        "changed_since_decision": bool(rec and rec.changed_since_decision),
        "activity": dict(rec.activity or {}) if rec else {},
        "requested_at": rec.requested_at if rec else None,
        "updated_at": rec.updated_at if rec else None,
        "requester": names.get(rec.requester_id or "") if rec and private else None,
        "reviewer": names.get(rec.reviewer_id or "") if rec and private else None,
        "version": rec.version if rec else 0,
        "allowed_actions": allowed_actions(actor, dataset, today),
        "events": [_event_view(e, private, names) for e in events],
        "last_review": _event_view(reviewed, private, names) if reviewed and private else None,
        "changes_since_review": (
            _changes(reviewed.data["substantive"], dataset) if reviewed and private else []
        ),
    }


# The statuses that wait for the owning agency (its dashboard's "Needs your action").
NEEDS_AGENCY_ACTION = ("revision_needed", "not_recommended", "revoked")


def last_notes(session: Session, subjects: list[Subject]) -> dict[str, RecommendationEvent]:
    """For each dataset or statistical activity needing the agency's action (revision needed,
    not recommended, revoked), the event that put it there, by the subject's id: its note is
    what the agency has to act on."""
    waiting = {
        s.id
        for s in subjects
        if s.recommendation and s.recommendation.status in NEEDS_AGENCY_ACTION
    }
    if not waiting:
        return {}
    rows = session.scalars(
        select(RecommendationEvent)
        .where(
            or_(
                RecommendationEvent.dataset_id.in_(waiting),
                RecommendationEvent.activity_id.in_(waiting),
            ),
            RecommendationEvent.action.in_(("revise", "reject", "revoke")),
        )
        .order_by(RecommendationEvent.id)
    )
    # the latest one wins
    return {str(e.dataset_id or e.activity_id): e for e in rows}


def get_event(session: Session, actor: Actor, dataset: Subject, event_id: int) -> dict[str, Any]:
    for item in detail(session, actor, dataset)["events"]:
        if item["id"] == event_id:
            return dict(item)
    where = "kegiatan" if isinstance(dataset, Activity) else "dataset"
    raise NotFound(f"Peristiwa {event_id} tidak ditemukan pada {where} ini.")


# ---------------------------------------------------------------- the reviewer queue


def _status_clause(status: str, today: date) -> Any:
    if status == "expired":
        return (Recommendation.status == "recommended") & (Recommendation.valid_until < today)
    if status == "recommended":
        return (Recommendation.status == "recommended") & (
            Recommendation.valid_until.is_(None) | (Recommendation.valid_until >= today)
        )
    return Recommendation.status == status


QUEUE_KINDS = ("dataset", "kegiatan")


def queue(
    session: Session,
    actor: Actor,
    *,
    kind: str = "dataset",
    statuses: tuple[str, ...] = (),
    organization: str | None = None,
    changed: bool = False,
    offset: int = 0,
    limit: int = 20,
    today: date | None = None,
) -> tuple[list[Subject], int]:
    """The reviewer queue of datasets or of statistical activities (`kind` "dataset" or
    "kegiatan"), oldest request first.

    Default view: open work (requested, in_review). `changed` lists recommended subjects whose
    substantive metadata (an activity: its design) changed since the decision (to look at
    again).
    """
    require_login(actor)
    if not actor.is_reviewer:
        raise Forbidden("Antrean hanya untuk peninjau BPS dan admin.")
    today = today or today_default()
    model: type[Dataset] | type[Activity] = Activity if kind == "kegiatan" else Dataset
    subject_id = Recommendation.activity_id if model is Activity else Recommendation.dataset_id
    query: Select[Any] = select(model).join(Recommendation, subject_id == model.id)
    if changed:
        # Only standing recommendations: an expired one is renewed by a new request instead.
        query = query.where(
            Recommendation.changed_since_decision.is_(True), _status_clause("recommended", today)
        )
    if statuses:
        query = query.where(or_(*(_status_clause(s, today) for s in statuses)))
    elif not changed:
        query = query.where(Recommendation.status.in_(("requested", "in_review")))
    if organization:
        query = query.join(Organization, Organization.id == model.organization_id).where(
            Organization.slug == organization
        )
    waiting_since = func.coalesce(Recommendation.requested_at, Recommendation.updated_at)
    return page_of(session, query, waiting_since.asc(), model.id, offset=offset, limit=limit)


class QueueFilters(TypedDict, total=False):
    """The filters `mixed_queue` hands on to `queue` as they are."""

    statuses: tuple[str, ...]
    organization: str | None
    changed: bool


def mixed_queue(
    session: Session,
    actor: Actor,
    *,
    offset: int = 0,
    limit: int = 20,
    kind: str | None = None,
    today: date | None = None,
    **filters: Unpack[QueueFilters],
) -> tuple[list[dict[str, Any]], int]:
    """The one reviewer queue of datasets and statistical activities (`kind` "dataset" or
    "kegiatan" for one of them), the rules of `queue`, oldest request first across both: each
    entry is `queue_item` with `kind` ("dataset" or "kegiatan") and `subject` (the dataset or
    the activity)."""
    kinds = (kind,) if kind in QUEUE_KINDS else QUEUE_KINDS
    today = today or today_default()
    both = len(kinds) > 1
    window = {"offset": 0, "limit": offset + limit} if both else {"offset": offset, "limit": limit}
    items: list[dict[str, Any]] = []
    total = 0
    for each in kinds:
        rows, count = queue(session, actor, kind=each, today=today, **window, **filters)
        items += [{**queue_item(actor, s, today), "kind": each, "subject": s} for s in rows]
        total += count
    if both:  # the order of `queue` (waiting since, then id) over the two lists
        items.sort(key=lambda i: (i["requested_at"] or i["updated_at"], i["subject"].id))
        items = items[offset : offset + limit]
    return items, total


def queue_item(actor: Actor, subject: Subject, today: date | None = None) -> dict[str, Any]:
    """A queue entry: the subject under "dataset", an activity under "kegiatan"."""
    rec = subject.recommendation
    return {
        "kegiatan" if isinstance(subject, Activity) else "dataset": subject,
        "status": effective_status(rec, today),
        "changed_since_decision": bool(rec and rec.changed_since_decision),
        "requested_at": rec.requested_at if rec else None,
        "updated_at": rec.updated_at if rec else None,
        "activity": dict(rec.activity or {}) if rec else {},
        "version": rec.version if rec else 0,
        "allowed_actions": allowed_actions(actor, subject, today),
    }
