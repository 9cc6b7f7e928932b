"""Statistical activities (kegiatan statistik, MS-Keg): reading them, what a BPS decision on
one covers (its substantive design), and the datasets that inherit its recommendation.

The workflow (catalog/services/recommendations/workflow.py) applies to an activity as to a
dataset; a decision on an activity re-indexes every dataset linked to it, since their
recommendation facet reads the activity's status (models/recommendation.py `governing`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import NotFound
from catalog.models import Activity, Dataset
from catalog.services.auth import Actor, can_read
from catalog.services.datasets import _canonical, content_hash, enqueue_index

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


def can_read_activity(actor: Actor, activity: Activity) -> bool:
    """Published activities are public; drafts only for their agency and BPS staff."""
    return can_read(actor, activity.state, activity.organization_id)


def get_activity(session: Session, actor: Actor, id_or_slug: str) -> Activity:
    activity = session.scalar(
        select(Activity).where((Activity.id == id_or_slug) | (Activity.slug == id_or_slug))
    )
    if activity is None or not can_read_activity(actor, activity):
        raise NotFound(f"Kegiatan statistik '{id_or_slug}' tidak ditemukan.")
    return activity


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
