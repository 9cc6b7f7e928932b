"""Published datasets as plain snapshots for full rebuilds (rebuild.py): the fields
to_document reads, loaded with a few SQL queries per batch instead of ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import DATASET_PARTS, Dataset, Organization, Recommendation, Resource
from catalog.models.quality import DatasetQuality


@dataclass
class _Org:
    slug: str
    title: str


@dataclass
class _Format:
    format: str | None


@dataclass
class _Rec:
    status: str
    valid_until: date | None


@dataclass
class _Quality:
    rating: str
    mqa_score: int = 0


@dataclass
class DatasetSnapshot:
    """The fields to_document reads, loaded with plain SQL for full rebuilds (building ORM
    objects for every tag and resource of 100,000 datasets costs more than the index)."""

    id: str
    slug: str
    title: str
    description: str
    license: str | None
    frequency: str | None
    temporal_start: date | None
    temporal_end: date | None
    state: str
    harvest_source_id: str | None
    created_at: datetime | None
    updated_at: datetime | None
    organization: _Org | None = None
    tag_names: list[str] = field(default_factory=list)
    topic_codes: list[str] = field(default_factory=list)
    region_codes: list[str] = field(default_factory=list)
    resources: list[_Format] = field(default_factory=list)
    # the recommendation the dataset shows (its own, or its activity's: see `governing`)
    recommendation: _Rec | None = None
    activity: None = None  # already folded into `recommendation`
    quality: _Quality | None = None


# the snapshot's list of each of DATASET_PARTS (the names Dataset's properties give them)
SNAPSHOT_LISTS = {"tags": "tag_names", "topics": "topic_codes", "spatial": "region_codes"}


def snapshots(session: Session, after: str, batch: int) -> list[DatasetSnapshot]:
    """Up to `batch` published datasets with an id after `after`, in id order."""
    d = Dataset.__table__.c
    rows = session.execute(
        select(
            d.id, d.slug, d.title, d.description, d.license, d.frequency, d.temporal_start,
            d.temporal_end, d.state, d.harvest_source_id, d.created_at, d.updated_at,
            d.organization_id, d.activity_id,
        )
        .where(d.state == "published", d.id > after)
        .order_by(d.id)
        .limit(batch)
    ).all()  # fmt: skip
    if not rows:
        return []
    orgs = {
        o.id: _Org(o.slug, o.title)
        for o in session.execute(select(Organization.id, Organization.slug, Organization.title))
    }
    snaps = {
        r.id: DatasetSnapshot(
            id=r.id,
            slug=r.slug,
            title=r.title,
            description=r.description or "",
            license=r.license,
            frequency=r.frequency,
            temporal_start=r.temporal_start,
            temporal_end=r.temporal_end,
            state=r.state,
            harvest_source_id=r.harvest_source_id,
            created_at=r.created_at,
            updated_at=r.updated_at,
            organization=orgs.get(r.organization_id),
        )
        for r in rows
    }
    ids = list(snaps)
    for key, part, value in DATASET_PARTS:
        owner, names = part.dataset_id, SNAPSHOT_LISTS[key]
        for dataset_id, item in session.execute(
            # by (dataset, value): the primary key's order, so no sort; each list sorted
            select(owner, value).where(owner.in_(ids)).order_by(owner, value)
        ):
            getattr(snaps[dataset_id], names).append(item)
    for dataset_id, fmt in session.execute(
        select(Resource.dataset_id, Resource.format)
        .where(Resource.dataset_id.in_(ids))
        .order_by(Resource.position)
    ):
        snaps[dataset_id].resources.append(_Format(fmt))
    for rec_dataset, status, valid_until in session.execute(
        select(Recommendation.dataset_id, Recommendation.status, Recommendation.valid_until).where(
            Recommendation.dataset_id.in_(ids)
        )
    ):
        snaps[str(rec_dataset)].recommendation = _Rec(status, valid_until)
    # a dataset with no recommendation under way of its own shows its activity's (governing)
    activity_of = {r.id: r.activity_id for r in rows if r.activity_id}
    if activity_of:
        inherited = {
            activity_id: _Rec(status, valid_until)
            for activity_id, status, valid_until in session.execute(
                select(
                    Recommendation.activity_id, Recommendation.status, Recommendation.valid_until
                ).where(Recommendation.activity_id.in_(set(activity_of.values())))
            )
        }
        for dataset_id, activity_id in activity_of.items():
            own = snaps[dataset_id].recommendation
            if (own is None or own.status == "none") and activity_id in inherited:
                snaps[dataset_id].recommendation = inherited[activity_id]
    for dataset_id, rating, score in session.execute(
        select(DatasetQuality.dataset_id, DatasetQuality.rating, DatasetQuality.mqa_score).where(
            DatasetQuality.dataset_id.in_(ids)
        )
    ):
        snaps[dataset_id].quality = _Quality(rating, score)
    return list(snaps.values())
