"""CKAN harvesting from a CKAN-compatible server on 127.0.0.1: mapping, incremental, deletions."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset, IndexOutbox
from catalog.models.harvest import unpack_raw
from tests import factories
from tests.ckan_fake import FakeCkan
from tests.conftest import World
from tests.harvest_helpers import count_datasets, make_source, records, run, snapshot

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 2.0}


def test_national_portal_record_maps(app: Flask, ctx: Catalog, world: World) -> None:
    recorded = factories.recorded("datagoid_package_show.json")
    fake = FakeCkan([recorded["result"]], wrap=True).start()
    try:
        source = make_source(ctx, "ckan", fake.url + "/api/3/action")
        job = run(ctx, source)
    finally:
        fake.stop()
    assert (job.status, job.created, job.errors) == ("succeeded", 1, 0), job.message
    with ctx.db.session() as session:
        d = session.scalars(select(Dataset)).one()
        assert d.title == "Angka kematian ibu (AKI) tahun 2025"
        assert d.organization.slug == "dinas-kesehatan"
        assert d.extras["harvest_source_title"] == "Kabupaten Kampar - CKAN"
        assert d.resources[0].format == "XLSX"
        assert d.resources[0].url.startswith("https://data.kamparkab.go.id/")
        assert d.remote_id == "00003d3a-754f-41f7-91f7-e2ef772354c7"
        assert d.harvest_source_id == source
        # Indexed through the outbox: the row was written and drained after the commit.
        assert session.scalar(select(IndexOutbox.id)) is None
    found = app.test_client().get("/api/3/action/package_search?q=kematian").json
    assert [p["name"] for p in found["result"]["results"]] == ["angka-kematian-ibu-aki14"]
    [rec] = records(ctx, job.id, "created")
    assert unpack_raw(rec.raw, rec.raw_compressed)["name"] == "angka-kematian-ibu-aki14"


def test_full_then_unchanged_then_incremental(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    first = run(ctx, source)
    assert (first.status, first.found, first.created) == ("succeeded", 25, 25), first.message
    assert first.complete_listing and first.progress_done == 25
    before = snapshot(ctx)

    portal.returned_ids.clear()
    portal.touch(3, title="Angka Kesakitan Diperbarui 2024")
    second = run(ctx, source)
    assert second.status == "succeeded", second.message
    # Incremental: only the changed package is fetched in full; the listing uses ids only.
    assert portal.returned_ids == [portal.packages[3]["id"]]
    assert (second.updated, second.created, second.withdrawn) == (1, 0, 0)
    after = snapshot(ctx)
    changed = [k for k in after if after[k] != before[k]]
    assert len(changed) == 1 and after[changed[0]][1] == "Angka Kesakitan Diperbarui 2024"


def test_removed_dataset_withdrawn_then_restored(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    run(ctx, source)
    gone = portal.packages.pop(7)
    job = run(ctx, source)
    assert (job.status, job.withdrawn) == ("succeeded", 1), job.message
    [rec] = records(ctx, job.id, "withdrawn")
    assert rec.remote_id == gone["id"]
    assert count_datasets(ctx, "withdrawn") == 1 and count_datasets(ctx) == 25

    portal.packages.append(gone)
    portal.touch(len(portal.packages) - 1)
    job = run(ctx, source)
    assert [r.remote_id for r in records(ctx, job.id, "restored")] == [gone["id"]]
    assert count_datasets(ctx, "published") == 25


def test_nothing_withdrawn_after_failed_listing(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    run(ctx, source)
    before = snapshot(ctx)
    portal.packages = portal.packages[:5]  # most removed, but the listing will fail
    portal.search_calls, portal.fail_page, portal.fault = 0, 1, "500"
    job = run(ctx, source)
    assert job.status == "failed" and "500" in job.message
    assert job.withdrawn == 0 and snapshot(ctx) == before


def test_remote_organization_filter(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    portal.packages[0]["organization"] = {"id": "o2", "name": "dinas-pendidikan", "title": "x"}
    source = make_source(ctx, "ckan", portal.url, config={"organization": "dinas-pendidikan"})
    job = run(ctx, source)
    assert (job.status, job.created) == ("succeeded", 1)
