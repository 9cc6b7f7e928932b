"""BPS recommendations on datasets and their append-only event trail; the statuses a
dataset can show, the transitions between them (applied by services/recommendations/workflow.py),
and the status every interface shows (`effective_status`, `summary`: "expired" is derived)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.clock import today as today_default
from catalog.models.base import AppendOnlyError as AppendOnlyError  # imported from here too
from catalog.models.base import Base, WorkflowEvent, id_column, owner_column, serial_id, utcnow

if TYPE_CHECKING:
    from catalog.models.activity import Activity
    from catalog.models.dataset import Dataset

RECOMMENDATION_STATES = (
    "none",
    "requested",
    "in_review",
    "recommended",
    "revision_needed",
    "not_recommended",
    "revoked",
)


# Every status a dataset can show, in the order reports and facets list them.
STATUSES = (
    "none",
    "requested",
    "in_review",
    "recommended",
    "expired",
    "revision_needed",
    "not_recommended",
    "revoked",
)

# action -> {effective status it may start from: status it leads to}
TRANSITIONS: dict[str, dict[str, str]] = {
    # The agency asks; also again after revision, after a negative decision or a revocation
    # (a new round for a changed activity) and to renew an expired recommendation.
    "request": {
        "none": "requested",
        "revision_needed": "requested",
        "not_recommended": "requested",
        "revoked": "requested",
        "expired": "requested",
    },
    # The agency takes back a request nobody has taken yet (sent too early, by mistake).
    "withdraw_request": {"requested": "none"},
    # A reviewer takes a request, or opens a review on a dataset nobody asked about.
    "take": {"none": "in_review", "requested": "in_review"},
    "recommend": {"in_review": "recommended"},
    "revise": {"in_review": "revision_needed"},
    "reject": {"in_review": "not_recommended"},
    "revoke": {"recommended": "revoked"},
    # Only while changed_since_decision is set (see legal_actions).
    "confirm": {"recommended": "recommended"},
}
ACTIONS = tuple(TRANSITIONS)


class Recommendation(Base):
    __tablename__ = "recommendations"

    id: Mapped[str] = id_column()
    # the subject: a dataset, or a statistical activity whose datasets inherit the status
    dataset_id: Mapped[str | None] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), unique=True
    )
    activity_id: Mapped[str | None] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(30), default="none", index=True)
    number: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column()
    valid_until: Mapped[date | None] = mapped_column()
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requester_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # MS-Keg identity fields BPS asks for (judul_kegiatan, tahun, kode_kegiatan, ...).
    activity: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_hash: Mapped[str | None] = mapped_column(String(64))
    changed_since_decision: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("(dataset_id IS NULL) <> (activity_id IS NULL)", name="one_subject"),
    )
    __mapper_args__ = {"version_id_col": version}


class RecommendationEvent(WorkflowEvent, Base):
    """One transition; never updated or deleted."""

    __tablename__ = "recommendation_events"

    id: Mapped[int] = serial_id()
    recommendation_id: Mapped[str] = owner_column("recommendations.id")
    dataset_id: Mapped[str | None] = mapped_column(String(36), index=True)
    activity_id: Mapped[str | None] = mapped_column(String(36), index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))


def effective_status(rec: Recommendation | None, today: date | None = None) -> str:
    """The status to show: 'expired' is derived from valid_until at read time, never stored."""
    if rec is None:
        return "none"
    today = today or today_default()
    if rec.status == "recommended" and rec.valid_until is not None and rec.valid_until < today:
        return "expired"
    return rec.status


def governing(dataset: Dataset) -> Recommendation | None:
    """The recommendation a dataset shows: its own once it has one under way, else that of the
    statistical activity that produced it (BPS recommends activities; their datasets inherit)."""
    own = dataset.recommendation
    if own is not None and own.status != "none":
        return own
    activity = dataset.activity
    if activity is not None and activity.recommendation is not None:
        return activity.recommendation
    return own


def summary(dataset: Dataset | Activity, today: date | None = None) -> dict[str, Any]:
    """What every interface shows of a dataset's (or an activity's) recommendation; for a
    dataset that inherits it, `activity` names the activity (slug, title, code)."""
    from catalog.models.dataset import Dataset

    rec, source = dataset.recommendation, None
    if isinstance(dataset, Dataset):
        rec = governing(dataset)
        # the activity whose recommendation the dataset shows (None: its own, or none)
        source = dataset.activity if rec is not None and rec.activity_id is not None else None
    return {
        "status": effective_status(rec, today),
        "number": rec.number if rec and rec.status in {"recommended", "revoked"} else None,
        "valid_until": rec.valid_until if rec and rec.status == "recommended" else None,
        "changed_since_decision": bool(rec and rec.changed_since_decision),
        # state and organization_id: whether the reader may open the activity's page (a
        # draft's page is for its agency and BPS staff only)
        "activity": (
            {
                "slug": source.slug,
                "title": source.title,
                "code": source.code,
                "state": source.state,
                "organization_id": source.organization_id,
            }
            if source
            else None
        ),
    }
