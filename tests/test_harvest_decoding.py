"""Strict decoding of harvested text (issue 12 item 9), against real servers on 127.0.0.1.

A record whose text does not decode is an error record that keeps its raw bytes; nothing
already stored is overwritten with replacement characters; the rest of the page is stored;
sources that declare another charset keep working.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset, HarvestRecord
from catalog.models.harvest import unpack_raw
from tests.ckan_fake import FakeCkan, make_package
from tests.conftest import World
from tests.harvest_helpers import make_source, records, run
from tests.static_server import StaticServer

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 5.0}

BROKEN = b"Caf\xe9 \xff"  # Latin-1 bytes in a UTF-8 answer: not valid UTF-8


def stored(ctx: Catalog) -> dict[str, tuple[str, int, str]]:
    """remote id -> (title, version, description) of every dataset."""
    with ctx.db.session() as session:
        return {
            d.remote_id or "": (d.title, d.version, d.description)
            for d in session.scalars(select(Dataset))
        }


def raw_of(record: HarvestRecord) -> bytes:
    assert record.raw is not None
    return zlib.decompress(record.raw) if record.raw_compressed else record.raw


def no_replacement_characters(ctx: Catalog) -> None:
    for title, _, description in stored(ctx).values():
        assert "\ufffd" not in title + description


def test_ckan_page_with_invalid_utf8_keeps_the_good_versions(ctx: Catalog, world: World) -> None:
    portal = FakeCkan([make_package(n) for n in range(1, 13)]).start()
    try:
        source = make_source(ctx, "ckan", portal.url, config={"page_size": 5})
        assert run(ctx, source).created == 12
        before = stored(ctx)

        broken = [portal.packages[n]["id"] for n in (1, 4, 7)]
        for n in (1, 4, 7):
            portal.touch(n, title=f"Angka Kesakitan RUSAK Kecamatan {n}")
        portal.touch(9, title="Angka Kesakitan per Kecamatan (diperbarui)")
        portal.corrupt = [(b"RUSAK", BROKEN)]
        job = run(ctx, source)
    finally:
        portal.stop()
    assert (job.status, job.errors, job.updated) == ("partial", 3, 1), job.message
    after = stored(ctx)
    for rid in broken:
        assert after[rid] == before[rid]  # still version 1, nothing overwritten
    assert after[portal.packages[9]["id"]][:2] == ("Angka Kesakitan per Kecamatan (diperbarui)", 2)
    no_replacement_characters(ctx)
    errors = records(ctx, job.id, "error")
    assert sorted(r.remote_id or "" for r in errors) == sorted(broken)
    for record in errors:
        assert list(record.errors) == ["title"], record.errors
        assert "UTF-8" in record.message
        assert BROKEN in raw_of(record)  # the bytes as the portal sent them
        assert record.dataset_id is not None  # the stored dataset it would have changed


def test_datajson_invalid_record_and_declared_charset(
    ctx: Catalog, world: World, web: StaticServer
) -> None:
    items = [
        {"identifier": f"https://data.tangerangkab.go.id/dataset/d{n}", "title": t}
        for n, t in enumerate(["Jumlah Penduduk 2024", "Luas Panen Padi 2024", "Jumlah Sekolah"])
    ]
    url = web.add("/data.json", json.dumps({"dataset": items}), "application/json")
    source = make_source(ctx, "datajson", url)
    assert run(ctx, source).created == 3

    items[1]["title"] = "Luas Panen RUSAK"
    items[2]["title"] = "Jumlah Sekolah (diperbarui)"
    body = json.dumps({"dataset": items}, ensure_ascii=False).encode().replace(b"RUSAK", BROKEN)
    web.add("/data.json", body, "application/json")
    job = run(ctx, source)
    assert (job.status, job.errors, job.updated, job.unchanged) == ("partial", 1, 1, 1)
    titles = {t for t, _, _ in stored(ctx).values()}
    assert titles == {"Jumlah Penduduk 2024", "Luas Panen Padi 2024", "Jumlah Sekolah (diperbarui)"}
    [error] = records(ctx, job.id, "error")
    assert error.remote_id == items[1]["identifier"] and BROKEN in raw_of(error)

    # A data.json that says it is Windows-1252 is read as such.
    other = {"dataset": [{"identifier": "https://x.go.id/d/1", "title": "Rekap “Posyandu” Café"}]}
    url = web.add("/cp.json", json.dumps(other, ensure_ascii=False).encode("cp1252"),
                  "application/json; charset=windows-1252")  # fmt: skip
    job = run(ctx, make_source(ctx, "datajson", url, title="Portal lama"))
    assert (job.status, job.created) == ("succeeded", 1), job.message
    assert "Rekap “Posyandu” Café" in {t for t, _, _ in stored(ctx).values()}


TURTLE = """@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://data.tangerangkab.go.id/dataset/padi> a dcat:Dataset ; dct:title "Produksi Padi" .
<https://data.tangerangkab.go.id/dataset/jagung> a dcat:Dataset ; dct:title "{jagung}" .
<https://data.tangerangkab.go.id/dataset/kedelai> a dcat:Dataset ; dct:title "{kedelai}" .
"""


def test_dcat_turtle_with_invalid_utf8_in_one_dataset(
    ctx: Catalog, world: World, web: StaticServer
) -> None:
    first = TURTLE.format(jagung="Produksi Jagung", kedelai="Produksi Kedelai")
    url = web.add("/catalog.ttl", first, "text/turtle")
    source = make_source(ctx, "dcat", url)
    assert run(ctx, source).created == 3
    before = stored(ctx)

    second = TURTLE.format(jagung="Produksi Jagung RUSAK", kedelai="Produksi Kedelai Pipilan")
    web.add("/catalog.ttl", second.encode().replace(b"RUSAK", BROKEN), "text/turtle")
    job = run(ctx, source)
    assert (job.status, job.errors, job.updated, job.withdrawn) == ("partial", 1, 1, 0), job.message
    jagung = "https://data.tangerangkab.go.id/dataset/jagung"
    assert stored(ctx)[jagung] == before[jagung]
    assert stored(ctx)["https://data.tangerangkab.go.id/dataset/kedelai"][0] == (
        "Produksi Kedelai Pipilan"
    )
    [error] = records(ctx, job.id, "error")
    assert error.remote_id == jagung and "title" in error.errors and BROKEN in raw_of(error)
    no_replacement_characters(ctx)


def test_spreadsheet_utf8_with_one_broken_row_and_declared_cp1252(
    ctx: Catalog, world: World, web: StaticServer
) -> None:
    rows = [
        "judul;deskripsi;tahun",
        "Jumlah Kafé dan Restoran;Usaha kuliner – data perizinan;2024",
        "Data Pariwisata RUSAK;Kunjungan wisata;2024",
        "Jumlah Hotel;Hotel berbintang & melati;2024",
    ]
    good = "\r\n".join([*rows[:2], "Data Pariwisata;Kunjungan wisata;2024", *rows[3:]])
    url = web.add("/daftar.csv", good.encode(), "text/csv")
    source = make_source(ctx, "spreadsheet", url)
    assert run(ctx, source).created == 3
    before = stored(ctx)

    # One row pasted from another program: UTF-8 everywhere else, so only that row fails
    # (read whole as Windows-1252, every "é" and "–" of the file would turn to mojibake).
    body = "\r\n".join(rows).encode().replace(b"RUSAK", BROKEN)
    web.add("/daftar.csv", body, "text/csv")
    job = run(ctx, source)
    assert (job.status, job.errors, job.unchanged, job.withdrawn) == ("partial", 1, 2, 0), (
        job.message
    )
    assert stored(ctx) == before
    [error] = records(ctx, job.id, "error")
    assert "title" in error.errors and BROKEN in raw_of(error)
    # Its id is derived from the broken title: the stored dataset it stands for is unknown,
    # so nothing was withdrawn although "Data Pariwisata" seems to be missing.
    assert "remote_id" in error.errors and "tidak ada dataset yang ditarik" in job.message

    # A list that declares Windows-1252 keeps working.
    text = "judul;deskripsi\r\nRekap “Posyandu” Café;Data – bulanan\r\n"
    url = web.add("/cp1252.csv", text.encode("cp1252"), "text/csv; charset=windows-1252")
    job = run(ctx, make_source(ctx, "spreadsheet", url, title="Daftar lama"))
    assert (job.status, job.created) == ("succeeded", 1), job.message
    assert ("Rekap “Posyandu” Café", 1, "Data – bulanan") in stored(ctx).values()


def test_file_dump_with_one_broken_package(ctx: Catalog, world: World, tmp_path: Path) -> None:
    packages = [make_package(n) for n in range(1, 4)]
    packages[1]["notes"] = "Catatan RUSAK dari sistem lama"
    dump = tmp_path / "dump.json"
    dump.write_bytes(json.dumps(packages).encode().replace(b"RUSAK", BROKEN))
    job = run(ctx, make_source(ctx, "file", str(dump)))
    assert (job.status, job.created, job.errors) == ("partial", 2, 1), job.message
    [error] = records(ctx, job.id, "error")
    assert error.remote_id == packages[1]["id"] and "notes" in error.errors
    # Shown to the steward with the bad bytes spelled out, not as replacement characters.
    shown = unpack_raw(error.raw, error.raw_compressed)
    assert "Caf\\xe9 \\xff" in shown and "\ufffd" not in shown
