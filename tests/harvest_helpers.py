"""Factory functions for harvest tests: sources, synchronous runs, catalog snapshots."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset, HarvestJob, HarvestRecord
from catalog.services import harvest as service
from catalog.services.auth import SYSTEM
from catalog.worker import Worker


def make_source(ctx: Catalog, type_: str, url: str, org: str = "dinas-kesehatan", **kw: Any) -> str:
    with ctx.db.session() as session:
        data = {
            "organization": org,
            "title": kw.pop("title", f"Sumber {type_}"),
            "type": type_,
            "url": url,
            **kw,
        }
        return service.create_source(
            session,
            SYSTEM,
            data,
            allow_file=True,
            settings=ctx.settings,
        ).id


def run(ctx: Catalog, source_id: str) -> HarvestJob:
    """Queue a job for the source and run it to the end in this thread."""
    with ctx.db.session() as session:
        job_id = service.queue_job(session, SYSTEM, source_id).id
    worker = Worker(ctx, lease_s=30)
    while worker.run_once() is not None:
        pass
    return job_row(ctx, job_id)


def job_row(ctx: Catalog, job_id: str) -> HarvestJob:
    """The job as stored now, detached from its session."""
    with ctx.db.session() as session:
        job = session.get(HarvestJob, job_id)
        assert job is not None
        session.expunge(job)
        return job


def records(ctx: Catalog, job_id: str, action: str | None = None) -> list[HarvestRecord]:
    with ctx.db.session() as session:
        query = select(HarvestRecord).where(HarvestRecord.job_id == job_id)
        if action:
            query = query.where(HarvestRecord.action == action)
        rows = list(session.scalars(query.order_by(HarvestRecord.id)))
        session.expunge_all()
        return rows


def snapshot(ctx: Catalog) -> dict[str, tuple[Any, ...]]:
    """Every dataset by (source, remote id): what a harvest must reproduce exactly."""
    with ctx.db.session() as session:
        rows = session.scalars(select(Dataset)).all()
        out: dict[str, tuple[Any, ...]] = {}
        for d in rows:
            key = f"{d.harvest_source_id}:{d.remote_id}"
            assert key not in out, f"duplicate dataset for {key}"
            out[key] = (d.slug, d.title, d.state, d.harvest_hash, len(d.resources))
        return out


def count_datasets(ctx: Catalog, state: str | None = None) -> int:
    with ctx.db.session() as session:
        query = select(Dataset.id)
        if state:
            query = query.where(Dataset.state == state)
        return len(session.scalars(query).all())
