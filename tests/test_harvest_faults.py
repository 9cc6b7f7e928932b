"""Faults of remote portals: each ends with the reason recorded and the catalog undamaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.context import Catalog
from tests.ckan_fake import FakeCkan
from tests.conftest import World, build_app
from tests.harvest_helpers import count_datasets, make_source, records, run, snapshot

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 1.0}


def harvested(ctx: Catalog, portal: FakeCkan) -> tuple[str, dict[str, tuple[object, ...]]]:
    """A source harvested once in full, then 3 of its 25 packages removed at the portal."""
    config = {"page_size": 10, "incremental": False}
    source = make_source(ctx, "ckan", portal.url, config=config)
    assert run(ctx, source).status == "succeeded"
    before = snapshot(ctx)
    portal.packages = portal.packages[:22]  # still three pages
    portal.search_calls = 0
    return source, before


@pytest.mark.parametrize(
    ("fault", "page", "reason"),
    [
        ("500", 3, "HTTP 500"),
        ("html", 1, "HTML"),
        ("truncated", 2, "JSON"),
        ("deep", 2, "bersarang lebih dari"),
        ("slow", 1, "Waktu habis"),
        ("huge", 1, "batas ukuran"),
    ],
)
def test_fault_recorded_and_nothing_damaged(
    ctx: Catalog, world: World, portal: FakeCkan, fault: str, page: int, reason: str
) -> None:
    source, before = harvested(ctx, portal)
    portal.slow_s = 2.5
    portal.fault, portal.fail_page = fault, page
    job = run(ctx, source)
    assert job.status == "failed"
    assert reason in job.message, job.message
    assert job.withdrawn == 0 and not job.complete_listing
    assert snapshot(ctx) == before


def test_500_on_third_page_of_first_harvest_keeps_first_pages(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    portal.fault, portal.fail_page = "500", 3
    job = run(ctx, source)
    assert job.status == "failed" and "HTTP 500" in job.message
    assert job.created == 20 and count_datasets(ctx) == 20
    portal.fault = None
    job = run(ctx, source)
    assert (job.status, job.created, job.unchanged) == ("succeeded", 5, 20)


def test_transient_500_is_retried(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    portal.fault, portal.fail_page, portal.fail_times = "500", 2, 2  # page 2 fails twice
    job = run(ctx, source)
    assert (job.status, job.created) == ("succeeded", 25), job.message
    assert portal.search_calls == 3 + 2


def test_invalid_record_among_valid(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    bad = portal.packages[4]
    bad["extras"].append({"key": "frequency", "value": "kadang-kadang"})
    bad["extras"] = [e for e in bad["extras"] if e["key"] != "frequency" or e["value"] != "tahunan"]
    bad["resources"][0]["url"] = "bukan alamat"
    untitled = portal.packages[7]
    untitled["title"] = untitled["name"] = ""
    source = make_source(ctx, "ckan", portal.url)
    job = run(ctx, source)
    # Values the profile refuses cost the value, with a warning; only a record without what
    # the catalog cannot do without (a title) is refused.
    assert (job.status, job.created, job.errors, job.warnings) == ("partial", 24, 1, 1)
    [rec] = records(ctx, job.id, "error")
    assert rec.remote_id == untitled["id"] and "title" in rec.errors
    assert rec.raw
    [kept] = [r for r in records(ctx, job.id, "created") if r.warnings]
    assert kept.remote_id == bad["id"]
    assert {w["field"] for w in kept.warnings} == {"frequency", "resources.0.url"}


def test_invalid_update_keeps_previous_version(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    source = make_source(ctx, "ckan", portal.url)
    run(ctx, source)
    before = snapshot(ctx)
    portal.touch(2, title="x")  # too short for the profile
    job = run(ctx, source)
    assert (job.status, job.errors, job.withdrawn) == ("partial", 1, 0)
    assert records(ctx, job.id, "error")[0].errors == {
        "title": ["Panjang harus antara 3 dan 500 karakter."]
    }
    assert snapshot(ctx) == before


def test_duplicate_remote_ids(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    dup = dict(portal.packages[0], title="Salinan dengan id yang sama")
    portal.packages.append(dup)
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    job = run(ctx, source)
    assert (job.status, job.created, job.errors) == ("partial", 25, 1)
    [rec] = records(ctx, job.id, "error")
    assert rec.remote_id == dup["id"] and "dua kali" in rec.message
    assert count_datasets(ctx) == 25


def test_private_address_refused_without_setting(
    db_url: str, tmp_path: Path, portal: FakeCkan
) -> None:
    """A source saved while private addresses were allowed (or whose name now resolves to one)
    is refused when it runs under a deployment that does not allow them."""
    allowing = build_app(db_url, tmp_path / "allowing", harvest_allow_private=True)
    refusing = build_app(db_url, tmp_path / "refusing")
    from tests import factories

    with allowing.extensions["catalog"].db.session() as session:
        factories.make_org(session, "dinas-kesehatan")
    source = make_source(allowing.extensions["catalog"], "ckan", portal.url)
    job = run(refusing.extensions["catalog"], source)
    assert job.status == "failed" and "ditolak: alamat loopback" in job.message, job.message
    assert portal.search_calls == 0


def test_empty_listing_withdraws_nothing(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    run(ctx, source)
    before = snapshot(ctx)
    portal.packages = []  # a portal whose search index broke answers count 0
    job = run(ctx, source)
    assert job.withdrawn == 0 and not job.complete_listing and "kosong" in job.message
    assert snapshot(ctx) == before
