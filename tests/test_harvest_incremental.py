"""Incremental harvests that stay incremental (issue 12 items 6 and 7).

A run with a record that keeps failing is still a starting point for the next one, which
fetches only what changed plus the failed record; whole-file sources are asked
conditionally (an unchanged file costs one 304 and changes nothing); DCAT records whose
dct:modified is the one stored are skipped. Real HTTP servers on 127.0.0.1 that count
what they are asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset, HarvestSource
from tests.ckan_fake import FakeCkan
from tests.conditional_server import ConditionalServer
from tests.conftest import World
from tests.harvest_helpers import make_source, records, run, snapshot
from tests.servers import serving

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 5.0}


@pytest.fixture
def files() -> Iterator[ConditionalServer]:
    yield from serving(ConditionalServer())


def titles(ctx: Catalog) -> dict[str, str]:
    with ctx.db.session() as session:
        return {d.remote_id or "": d.title for d in session.scalars(select(Dataset))}


# -- item 6: a partial run is a starting point; failed records are retried ---------------------


def test_one_bad_record_keeps_runs_incremental_and_is_retried(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    bad = portal.packages[4]
    bad["title"] = "x"  # refused every time: too short to be a title
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    first = run(ctx, source)
    assert (first.status, first.created, first.errors) == ("partial", 24, 1), first.message
    assert first.complete_listing

    portal.returned_ids.clear()
    portal.search_calls = 0
    portal.touch(7, title="Angka Kesakitan Diperbarui 2024")
    second = run(ctx, source)
    assert second.status == "partial", second.message
    # Only the changed package in full, the id listing, and the bad record once more.
    assert portal.returned_ids == [portal.packages[7]["id"]]
    assert portal.shown_ids == [bad["id"]]
    assert portal.search_calls == 2  # one page of changes, one page of ids
    assert (second.updated, second.created, second.errors, second.withdrawn) == (1, 0, 1, 0)
    [err] = records(ctx, second.id, "error")
    assert err.remote_id == bad["id"] and "title" in err.errors

    # Fixed at the source without a new metadata_modified: the retry still picks it up.
    portal.returned_ids.clear()
    portal.shown_ids.clear()
    bad["title"] = "Angka Kesakitan Kecamatan Diperbaiki"
    third = run(ctx, source)
    assert (third.status, third.created, third.errors) == ("succeeded", 1, 0), third.message
    assert portal.shown_ids == [bad["id"]]
    assert bad["id"] not in portal.returned_ids
    assert titles(ctx)[bad["id"]] == "Angka Kesakitan Kecamatan Diperbaiki"

    # Nothing failed any more: nothing is fetched one by one.
    portal.shown_ids.clear()
    fourth = run(ctx, source)
    assert fourth.status == "succeeded" and portal.shown_ids == []


def test_failed_record_gone_from_the_source_is_not_fetched(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    bad = portal.packages[4]
    bad["title"] = "x"
    source = make_source(ctx, "ckan", portal.url, config={"page_size": 10})
    assert run(ctx, source).status == "partial"
    portal.packages.remove(bad)
    portal.returned_ids.clear()
    job = run(ctx, source)
    assert (job.status, job.errors, job.withdrawn) == ("succeeded", 0, 0), job.message
    # Incremental (nothing changed, nothing read in full) and the gone record not asked for.
    assert portal.returned_ids == [] and portal.shown_ids == []


# -- item 7: conditional requests for whole-file sources ---------------------------------------

DCAT_TEMPLATE = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
{next}
{datasets}
"""


def dcat_dataset(key: str, title: str, modified: str | None = None) -> str:
    stamp = f' ; dct:modified "{modified}"' if modified else ""
    return (
        f"<https://data.tangerangkab.go.id/dataset/{key}> a dcat:Dataset ;\n"
        f'    dct:title "{title}"@id ; dct:description "Data {title}."{stamp} .'
    )


def dcat(*datasets: str, this: str = "", next_page: str = "") -> str:
    link = f"<{this}> hydra:next <{next_page}> ." if next_page else ""
    return DCAT_TEMPLATE.format(next=link, datasets="\n".join(datasets))


def whole_file(kind: str, titles: list[str]) -> tuple[str, bytes, str]:
    """(path, body, content type) of a file listing `titles`, in the format of `kind`."""
    if kind == "dcat":
        body = dcat(*(dcat_dataset(f"d{n}", t) for n, t in enumerate(titles)))
        return "/catalog.ttl", body.encode(), "text/turtle"
    if kind == "datajson":
        items = [
            {"identifier": f"https://data.tangerangkab.go.id/dataset/d{n}", "title": t}
            for n, t in enumerate(titles)
        ]
        return "/data.json", json.dumps({"dataset": items}).encode(), "application/json"
    rows = "".join(f"d{n},{t},2024\r\n" for n, t in enumerate(titles))
    return "/daftar.csv", ("id,judul,tahun\r\n" + rows).encode(), "text/csv"


@pytest.mark.parametrize(
    ("kind", "validator"),
    [
        ("dcat", "etag"),
        ("datajson", "last_modified"),
        ("spreadsheet", "etag"),
        ("spreadsheet", "last_modified"),
    ],
)
def test_unchanged_file_costs_one_304_and_changes_nothing(
    ctx: Catalog, world: World, files: ConditionalServer, kind: str, validator: str
) -> None:
    names = ["Jumlah Penduduk 2024", "Luas Panen Padi 2024", "Jumlah Puskesmas 2024"]
    path, body, content_type = whole_file(kind, names)
    flags = {"etag": validator == "etag", "last_modified": validator == "last_modified"}
    url = files.put(path, body, content_type, **flags)
    source = make_source(ctx, kind, url)
    first = run(ctx, source)
    assert (first.status, first.created) == ("succeeded", 3), first.message
    before = snapshot(ctx)

    second = run(ctx, source)
    assert files.statuses(path) == [200, 304]
    assert second.status == "succeeded" and "304" in second.message, second.message
    counts = (second.found, second.created, second.updated, second.unchanged, second.withdrawn)
    assert counts == (0, 0, 0, 0, 0) and second.errors == 0
    assert records(ctx, second.id) == []
    assert snapshot(ctx) == before  # nothing listed, so nothing withdrawn

    # A changed file is read in full again: one dataset changed, one gone.
    path, body, content_type = whole_file(kind, ["Jumlah Penduduk 2024", "Luas Panen Jagung"])
    files.put(path, body, content_type, **flags)
    third = run(ctx, source)
    assert files.statuses(path) == [200, 304, 200]
    assert (third.status, third.updated, third.unchanged, third.withdrawn) == (
        "succeeded",
        1,
        1,
        1,
    ), third.message
    assert run(ctx, source).status == "succeeded" and files.statuses(path)[-1] == 304


def test_full_run_config_and_paged_catalogs_ask_unconditionally(
    ctx: Catalog, world: World, files: ConditionalServer
) -> None:
    path, body, content_type = whole_file("datajson", ["Jumlah Penduduk 2024"])
    url = files.put(path, body, content_type)
    source = make_source(ctx, "datajson", url, config={"incremental": False})
    run(ctx, source)
    assert run(ctx, source).unchanged == 1 and files.statuses(path) == [200, 200]

    # A 304 for the first page of a paged catalog says nothing about the second page.
    page_2 = files.put("/p2.ttl", dcat(dcat_dataset("b", "Produksi Jagung")), "text/turtle")
    page_1 = files.url + "/p1.ttl"
    first = dcat(dcat_dataset("a", "Produksi Padi"), this=page_1, next_page=page_2)
    files.put("/p1.ttl", first, "text/turtle")
    paged = make_source(ctx, "dcat", page_1, title="Katalog berhalaman")
    assert run(ctx, paged).created == 2
    files.put("/p2.ttl", dcat(dcat_dataset("b", "Produksi Jagung Pipilan")), "text/turtle")
    job = run(ctx, paged)
    assert (job.status, job.updated, job.unchanged) == ("succeeded", 1, 1), job.message
    assert files.statuses("/p1.ttl") == [200, 200]
    with ctx.db.session() as session:
        assert session.get(HarvestSource, paged).http_validators is None  # type: ignore[union-attr]


# -- item 7: dct:modified ------------------------------------------------------------------


def test_dcat_records_with_the_stored_modified_are_skipped(
    ctx: Catalog, world: World, files: ConditionalServer
) -> None:
    version_1 = dcat(
        dcat_dataset("a", "Produksi Padi 2024", "2024-03-01T00:00:00"),
        dcat_dataset("b", "Produksi Jagung 2024", "2024-03-01T00:00:00"),
        dcat_dataset("c", "Produksi Kedelai 2024"),
        dcat_dataset("d", "x", "2024-03-01T00:00:00"),  # refused: too short a title
    )
    # No validators: the file is read every time, the records' stamps decide.
    url = files.put("/catalog.ttl", version_1, "text/turtle", etag=False, last_modified=False)
    source = make_source(ctx, "dcat", url)
    first = run(ctx, source)
    assert (first.status, first.created, first.errors) == ("partial", 3, 1), first.message

    version_2 = dcat(
        # the same stamp: the source says nothing changed, so it is not read again
        dcat_dataset("a", "Produksi Padi 2024 (dikoreksi)", "2024-03-01T00:00:00"),
        dcat_dataset("b", "Produksi Jagung 2024 (revisi)", "2024-06-01T00:00:00"),
        dcat_dataset("c", "Produksi Kedelai 2024 (revisi)"),  # no stamp: compared by content
        dcat_dataset("d", "x", "2024-03-01T00:00:00"),  # failed before: read again
    )
    files.put("/catalog.ttl", version_2, "text/turtle", etag=False, last_modified=False)
    second = run(ctx, source)
    assert (second.status, second.updated, second.unchanged, second.errors) == (
        "partial",
        2,
        1,
        1,
    ), second.message
    stored = titles(ctx)
    base = "https://data.tangerangkab.go.id/dataset/"
    assert stored[base + "a"] == "Produksi Padi 2024"
    assert stored[base + "b"] == "Produksi Jagung 2024 (revisi)"
    assert stored[base + "c"] == "Produksi Kedelai 2024 (revisi)"
    [skipped] = records(ctx, second.id, "unchanged")
    assert skipped.remote_id == base + "a"
