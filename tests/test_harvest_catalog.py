"""Catalog-to-catalog: another instance of this catalog, served on 127.0.0.1, as a `ckan` source."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from catalog import migrate
from catalog.context import Catalog
from catalog.db import make_engine
from catalog.models import Dataset
from catalog.search import backend_of, outbox
from catalog.services import datasets as dataset_service
from catalog.services.auth import SYSTEM
from tests import factories
from tests.conftest import World, build_app
from tests.harvest_helpers import make_source, run
from tests.servers import serve

COMPARED = ("title", "description", "tags", "topics", "license", "frequency", "activity_type",
            "temporal_start", "temporal_end", "spatial", "unit", "methodology", "contact_name",
            "contact_email", "resources", "variables")  # fmt: skip


# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True}


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """Another catalog with 12 datasets, served over HTTP by a real server thread."""
    url = f"sqlite:///{tmp_path / 'upstream.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    other = build_app(url, tmp_path / "upstream")
    ctx: Catalog = other.extensions["catalog"]
    with ctx.db.session() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        for n in range(12):
            factories.make_dataset(session, "dinas-kesehatan", title=f"Data Kesehatan Nomor {n}")
    outbox.drain(ctx.db, backend_of(other))
    try:
        with serve(other) as url:
            yield other, url
    finally:
        ctx.db.dispose()


def profiles(ctx: Catalog) -> dict[str, dict[str, Any]]:
    with ctx.db.session() as session:
        out = {}
        for d in session.scalars(select(Dataset).where(Dataset.state == "published")):
            p = dataset_service.profile_of(d)
            out[d.title] = {k: p[k] for k in COMPARED}
        return out


def test_second_instance_is_reproduced(
    ctx: Catalog, world: World, upstream: tuple[Flask, str]
) -> None:
    upstream_app, url = upstream
    source_ctx: Catalog = upstream_app.extensions["catalog"]
    source = make_source(ctx, "ckan", url, config={"page_size": 5})
    job = run(ctx, source)
    assert (job.status, job.created, job.errors) == ("succeeded", 12, 0), job.message
    assert profiles(ctx) == profiles(source_ctx)

    # A change upstream is fetched alone; a withdrawal upstream is withdrawn here.
    with source_ctx.db.session() as session:
        first, second = session.scalars(select(Dataset).order_by(Dataset.title)).all()[:2]
        dataset_service.update_dataset(
            session, SYSTEM, first.id, {"title": "Data Kesehatan Diperbarui"},
            expected_version=first.version,
        )  # fmt: skip
        dataset_service.withdraw_dataset(session, SYSTEM, second.id)
    outbox.drain(source_ctx.db, backend_of(upstream_app))
    job = run(ctx, source)
    # (All 10 others are re-read: they changed within the incremental safety margin.)
    assert (job.status, job.updated, job.withdrawn, job.created) == ("succeeded", 1, 1, 0)
    assert profiles(ctx) == profiles(source_ctx)
