"""Harvest sources, their jobs and the per-record log of each job."""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.accounts import Organization
from catalog.models.base import Base, counter, id_column, owner_column, serial_id, utcnow

JOB_STATES = ("queued", "running", "succeeded", "partial", "failed", "cancelled")
RECORD_ACTIONS = ("created", "updated", "unchanged", "withdrawn", "restored", "skipped", "error")
# HarvestRecord.raw payloads larger than this many bytes are stored zlib-compressed.
COMPRESS_ABOVE = 2048


class HarvestSource(Base):
    __tablename__ = "harvest_sources"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    # a harvester type registered in harvesters/registry.py (checked by the service on save;
    # no database constraint, so registering a type needs no migration)
    type: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Credentials kept apart from url/config (harvesters/secrets.py): the URL's userinfo and
    # the secret config values. Never serialized; merged back only when a harvest runs.
    secrets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Who (an admin's user id, or "system") allowed config.remote_organization: records go
    # to the agency they name only while this is set; otherwise into the source's agency.
    remote_organization_by: Mapped[str | None] = mapped_column(String(200))
    schedule: Mapped[str] = mapped_column(String(100), default="manual")
    active: Mapped[bool] = mapped_column(default=True)
    next_run_at: Mapped[datetime | None] = mapped_column()
    # ETag / Last-Modified of a whole-file source's last complete run ({url, etag,
    # last_modified, version}): the next run asks conditionally and a 304 ends it.
    http_validators: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship(lazy="joined")


class HarvestJob(Base):
    __tablename__ = "harvest_jobs"
    __table_args__ = (Index("ix_harvest_jobs_status_created", "status", "created_at"),)

    id: Mapped[str] = id_column()
    source_id: Mapped[str] = owner_column("harvest_sources.id")
    status: Mapped[str] = mapped_column(String(20), default="queued")
    trigger: Mapped[str] = mapped_column(String(20), default="manual")
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    worker_id: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column()
    attempt: Mapped[int] = counter()
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    complete_listing: Mapped[bool] = mapped_column(default=False)
    found: Mapped[int] = counter()
    created: Mapped[int] = counter()
    updated: Mapped[int] = counter()
    unchanged: Mapped[int] = counter()
    withdrawn: Mapped[int] = counter()
    errors: Mapped[int] = counter()
    # withdrawn datasets the source lists again (counted apart from `updated`)
    restored: Mapped[int] = counter()
    # records private at their source: never published here (see docs/harvest.md)
    skipped_private: Mapped[int] = counter()
    # records stored with warnings (a value kept verbatim or dropped; see HarvestRecord)
    warnings: Mapped[int] = counter()
    progress_done: Mapped[int] = counter()
    progress_total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text, default="")

    source: Mapped[HarvestSource] = relationship(lazy="joined")


class HarvestRecord(Base):
    __tablename__ = "harvest_records"
    __table_args__ = (Index("ix_harvest_records_job_action", "job_id", "action"),)

    id: Mapped[int] = serial_id()
    job_id: Mapped[str] = mapped_column(ForeignKey("harvest_jobs.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(String(36), index=True)
    remote_id: Mapped[str | None] = mapped_column(String(200))
    dataset_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    errors: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
    # What the mapping could not store as sent: [{field, original, stored, message}];
    # NULL (not []) when there is none, so "records with warnings" is an indexable IS NOT NULL.
    warnings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True))
    # The raw payload as received; zlib-compressed when large (raw_compressed).
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    raw_compressed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def pack_raw(payload: Any) -> tuple[bytes, bool]:
    """A record's raw payload as stored in HarvestRecord.raw: bytes, zlib-compressed when large."""
    if isinstance(payload, bytes):
        blob = payload
    else:
        blob = json.dumps(payload, ensure_ascii=False, default=str).encode()
    if len(blob) > COMPRESS_ABOVE:
        return zlib.compress(blob), True
    return blob, False


def unpack_raw(blob: bytes | None, compressed: bool) -> Any:
    """What pack_raw stored: the JSON payload, or its text when it was not JSON."""
    if blob is None:
        return None
    data = zlib.decompress(blob) if compressed else blob
    try:
        return json.loads(data)
    except ValueError:
        return data.decode(errors="backslashreplace")  # bytes that did not decode: \xNN
