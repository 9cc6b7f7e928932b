"""Datasets with their resources, tags, topics and regions, and the search outbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column, relationship

from catalog.models.accounts import Organization
from catalog.models.activity import Activity
from catalog.models.base import Base, counter, id_column, owner_column, serial_id, utcnow
from catalog.models.quality import DatasetQuality
from catalog.models.recommendation import Recommendation

DATASET_STATES = ("draft", "published", "withdrawn")


class Dataset(Base):
    __tablename__ = "datasets"
    __table_args__ = (
        Index("ix_datasets_source_remote", "harvest_source_id", "remote_id"),
        Index("ix_datasets_org_state", "organization_id", "state"),
        # walks in id order over one state (a full index rebuild, exports by cursor) read a
        # range of this index; with `state` alone SQLite sorted every published row per batch
        Index("ix_datasets_state_id", "state", "id"),
    )

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    license: Mapped[str | None] = mapped_column(String(50))
    frequency: Mapped[str | None] = mapped_column(String(30))
    activity_type: Mapped[str | None] = mapped_column(String(40))
    access_level: Mapped[str] = mapped_column(String(20), default="public")
    temporal_start: Mapped[date | None] = mapped_column()
    temporal_end: Mapped[date | None] = mapped_column()
    spatial_level: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(100))
    methodology: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    identifier: Mapped[str | None] = mapped_column(String(500), unique=True)
    issued: Mapped[datetime | None] = mapped_column()
    modified: Mapped[datetime | None] = mapped_column()
    # the publisher's page of the dataset (CKAN `url`, dcat:landingPage, data.json landingPage)
    landing_page: Mapped[str | None] = mapped_column(String(2000))
    # the publisher's version string (CKAN `version`); `version` below is our edit counter
    version_label: Mapped[str | None] = mapped_column(String(100))
    # a geometry or place as sent (GeoJSON, WKT, a bbox, a place name); region codes are
    # the `regions` rows
    spatial_geometry: Mapped[str | None] = mapped_column(Text)
    variables: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="published")
    # the statistical activity that produced it (its recommendation applies unless the
    # dataset carries its own)
    activity_id: Mapped[str | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL"), index=True
    )
    # provenance
    harvest_source_id: Mapped[str | None] = mapped_column(
        ForeignKey("harvest_sources.id", ondelete="SET NULL")
    )
    remote_id: Mapped[str | None] = mapped_column(String(200))
    remote_url: Mapped[str | None] = mapped_column(String(1000))
    last_harvested_at: Mapped[datetime | None] = mapped_column()
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # Hash of the profile as last harvested: an unchanged remote record is skipped on it.
    harvest_hash: Mapped[str | None] = mapped_column(String(64))
    # The source's modification stamp (dct:modified, data.json `modified`) as last stored:
    # an incremental run skips a record whose stamp is the same.
    remote_modified: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization] = relationship(lazy="joined")
    resources: Mapped[list[Resource]] = relationship(
        cascade="all, delete-orphan",
        order_by="Resource.position",
        lazy="selectin",
        back_populates="dataset",
    )
    tags: Mapped[list[DatasetTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DatasetTag.name"
    )
    topics: Mapped[list[DatasetTopic]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DatasetTopic.code"
    )
    regions: Mapped[list[DatasetRegion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DatasetRegion.code"
    )
    recommendation: Mapped[Recommendation | None] = relationship(
        lazy="selectin", viewonly=True, uselist=False
    )
    activity: Mapped[Activity | None] = relationship(lazy="selectin")
    # the stored metadata quality score (catalog/services/quality.py writes it)
    quality: Mapped[DatasetQuality | None] = relationship(
        lazy="selectin", viewonly=True, uselist=False
    )

    # SQLAlchemy adds "AND version = :old" to every UPDATE and raises StaleDataError
    # when another writer got there first: the database enforces optimistic locking.
    __mapper_args__ = {"version_id_col": version}

    @property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags]

    @property
    def topic_codes(self) -> list[str]:
        return [t.code for t in self.topics]

    @property
    def region_codes(self) -> list[str]:
        return [r.code for r in self.regions]


class Resource(Base):
    __tablename__ = "resources"

    id: Mapped[str] = id_column()
    dataset_id: Mapped[str] = owner_column("datasets.id")
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2000))
    format: Mapped[str | None] = mapped_column(String(30))
    media_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text, default="")

    dataset: Mapped[Dataset] = relationship(back_populates="resources")


class DatasetPart:
    """A dataset's tag, topic or region: the owning dataset is the first part of the primary
    key (the value the second), and the rows go with the dataset."""

    dataset_id: Mapped[str] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"),
        primary_key=True,
        sort_order=-1,  # a mixin's column comes last unless told: first, as migrated
    )


class DatasetTag(DatasetPart, Base):
    __tablename__ = "dataset_tags"

    name: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class DatasetTopic(DatasetPart, Base):
    """A BPS subject (see catalog/data/topics.json)."""

    __tablename__ = "dataset_topics"

    code: Mapped[str] = mapped_column(String(50), primary_key=True, index=True)


class DatasetRegion(DatasetPart, Base):
    """A Kemendagri kode wilayah the dataset covers."""

    __tablename__ = "dataset_regions"

    code: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


# A dataset's list fields kept in tables of their own: (the profile's field, the table, its
# value column). Readers that load them for many datasets at once (the quality rules' input,
# the search snapshot) go through this one list.
DATASET_PARTS: tuple[tuple[str, type[DatasetPart], InstrumentedAttribute[str]], ...] = (
    ("tags", DatasetTag, DatasetTag.name),
    ("topics", DatasetTopic, DatasetTopic.code),
    ("spatial", DatasetRegion, DatasetRegion.code),
)


class IndexOutbox(Base):
    """Pending search-index work, written in the same transaction as the change."""

    __tablename__ = "index_outbox"

    id: Mapped[int] = serial_id()
    dataset_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = counter()
    last_error: Mapped[str | None] = mapped_column(Text)


class IndexDrainLock(Base):
    """One row every outbox drain batch updates first: the row lock (PostgreSQL) or the write
    lock (SQLite) held until the batch commits serializes drains across processes and machines,
    so an older document is never applied after a newer one."""

    __tablename__ = "index_drain_lock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    batches: Mapped[int] = counter()
    # while a full rebuild runs: the last outbox id it covers. Drains then leave the outbox
    # alone; the rebuild drains it into the index it swaps in (which may hold what it read
    # before those changes).
    rebuild_from: Mapped[int | None] = mapped_column(Integer)
    # the running rebuild's last sign of life: a mark not renewed within the lease is that
    # of a rebuild that died (killed, machine lost), which drains then ignore
    rebuild_seen: Mapped[datetime | None] = mapped_column()
