"""Metadata quality: each dataset's stored scores, the link checks of resource URLs, the
link-check runs (a job kind of the worker) and the daily snapshot per agency.

The rules themselves are catalog/quality/rules.py; catalog/services/quality.py computes and
stores. Scores live in their own table (one row per dataset) so a background recompute (link
results, a new day) never bumps the dataset's edit version an editor holds.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base, counter, id_column, serial_id, utcnow

LINK_RUN_STATES = ("queued", "running", "succeeded", "failed")


class DatasetQuality(Base):
    __tablename__ = "dataset_quality"
    __table_args__ = (
        Index("ix_dataset_quality_org_state", "organization_id", "state"),
        # covers the agency ranking: a scan of this index, never of the wide rows
        Index(
            "ix_dataset_quality_ranking",
            "state",
            "organization_id",
            "mqa_score",
            "rating",
            "sdi_percent",
            "broken_links",
            "late",
        ),
    )

    dataset_id: Mapped[str] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    # copies of the dataset's, so the agency ranking is one scan of this table
    organization_id: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(20))
    mqa_score: Mapped[int] = mapped_column(Integer, index=True)
    rating: Mapped[str] = mapped_column(String(20))
    sdi_percent: Mapped[int] = mapped_column(Integer)
    # MQA dimension -> points; SDI aspect -> [earned, applicable]
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aspects: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the failing rules' ids with the field each links to: [[rule, field], ...]
    missing: Mapped[list[Any]] = mapped_column(JSON, default=list)
    broken_links: Mapped[int] = counter()
    late: Mapped[bool] = mapped_column(default=False)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkCheck(Base):
    """The last check of one URL (shared by every resource with that URL)."""

    __tablename__ = "link_checks"

    id: Mapped[int] = serial_id()
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ok: Mapped[bool] = mapped_column(default=False)
    status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(String(2000))
    content_type: Mapped[str | None] = mapped_column(String(200))
    content_length: Mapped[int | None] = mapped_column(BigInteger)
    declared_format: Mapped[str | None] = mapped_column(String(30))
    detected_format: Mapped[str | None] = mapped_column(String(30))
    error: Mapped[str] = mapped_column(Text, default="")


class LinkCheckRun(Base):
    """One run of the link checker: a job kind of its own for the worker and scheduler."""

    __tablename__ = "link_check_runs"
    __table_args__ = (Index("ix_link_check_runs_status_created", "status", "created_at"),)

    id: Mapped[str] = id_column()
    status: Mapped[str] = mapped_column(String(20), default="queued")
    trigger: Mapped[str] = mapped_column(String(20), default="manual")
    organization_id: Mapped[str | None] = mapped_column(String(36))  # None: every agency
    worker_id: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    checked: Mapped[int] = counter()
    broken: Mapped[int] = counter()
    message: Mapped[str] = mapped_column(Text, default="")


class QualitySnapshot(Base):
    """An agency's figures on one day (the walidata's trend)."""

    __tablename__ = "quality_snapshots"

    day: Mapped[date] = mapped_column(primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    datasets: Mapped[int] = counter()
    mean_score: Mapped[float] = mapped_column(Float, default=0.0)
    good_share: Mapped[float] = mapped_column(Float, default=0.0)
    sdi_mean: Mapped[float] = mapped_column(Float, default=0.0)
    broken_links: Mapped[int] = counter()
    late: Mapped[int] = counter()
