"""Each harvester type against a realistic source on 127.0.0.1; dedup across sources."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset
from tests.ckan_fake import make_package
from tests.conftest import World
from tests.harvest_helpers import count_datasets, make_source, records, run
from tests.static_server import StaticServer

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True}


def datasets(ctx: Catalog) -> dict[str, Dataset]:
    with ctx.db.session() as session:
        rows = session.scalars(select(Dataset)).all()
        for d in rows:
            _ = d.resources, d.tags, d.organization
        session.expunge_all()
        return {d.title: d for d in rows}


def test_file_dump(ctx: Catalog, world: World, tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    packages = [make_package(n, org="dinas-pendidikan" if n % 2 else "tidak-ada") for n in range(8)]
    dump.write_text(json.dumps({"success": True, "result": {"count": 8, "results": packages}}))
    source = make_source(ctx, "file", str(dump), config={"remote_organization": True})
    job = run(ctx, source)
    assert (job.status, job.created) == ("succeeded", 8), job.message
    orgs = sorted(d.organization.slug for d in datasets(ctx).values())
    # Known agencies keep their datasets; unknown ones fall back to the source's agency.
    assert orgs == ["dinas-kesehatan"] * 4 + ["dinas-pendidikan"] * 4
    assert run(ctx, source).unchanged == 8


DATA_JSON = {
    "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
    "dataset": [
        {
            "identifier": "https://data.tangerangkab.go.id/dataset/ipm-2023",
            "title": "Indeks Pembangunan Manusia Kabupaten Tangerang 2023",
            "description": "IPM menurut komponen.",
            "keyword": ["ipm", "pembangunan manusia"],
            "modified": "2024-02-01",
            "publisher": {"name": "Bappeda"},
            "contactPoint": {
                "fn": "Bidang Litbang",
                "hasEmail": "mailto:litbang@tangerangkab.go.id",
            },
            "accrualPeriodicity": "R/P1Y",
            "temporal": "2023-01-01/2023-12-31",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "distribution": [
                {
                    "downloadURL": "https://data.tangerangkab.go.id/ipm-2023.csv",
                    "format": "CSV",
                    "mediaType": "text/csv",
                    "title": "IPM 2023 (CSV)",
                }
            ],
        },
        {
            "identifier": "sakernas-2023",
            "title": "Tingkat Pengangguran Terbuka 2023",
            "description": "",
            "keyword": "tenaga kerja, pengangguran",
            "modified": "2024-01-10",
        },
        {"identifier": "rusak", "title": "", "modified": "kemarin"},
    ],
}


def test_datajson(ctx: Catalog, world: World, web: StaticServer) -> None:
    url = web.add("/data.json", json.dumps(DATA_JSON))
    job = run(ctx, make_source(ctx, "datajson", url))
    assert (job.status, job.created, job.errors) == ("partial", 2, 1), job.message
    ipm = datasets(ctx)["Indeks Pembangunan Manusia Kabupaten Tangerang 2023"]
    assert ipm.identifier == "https://data.tangerangkab.go.id/dataset/ipm-2023"
    assert ipm.frequency == "tahunan" and ipm.contact_email == "litbang@tangerangkab.go.id"
    assert ipm.resources[0].format == "CSV" and ipm.extras["publisher"] == "Bappeda"
    assert str(ipm.temporal_end) == "2023-12-31"
    [err] = records(ctx, job.id, "error")
    assert "title" in err.errors


TURTLE_PAGE_1 = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<{base}/catalog.ttl> a hydra:PartialCollectionView ; hydra:next <{base}/catalog-2.rdf> ;
    hydra:totalItems 3 .
<https://data.tangerangkab.go.id/dataset/padi> a dcat:Dataset ;
    dct:title "Produksi Padi per Kecamatan"@id , "Rice production"@en ;
    dct:description "Produksi padi sawah dan ladang." ;
    dcat:keyword "padi", "pertanian" ;
    dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
    dcat:contactPoint [ vcard:fn "Distan" ; vcard:hasEmail <mailto:distan@tangerangkab.go.id> ] ;
    dcat:distribution [ dct:title "Tabel padi" ;
        dcat:downloadURL <https://data.tangerangkab.go.id/padi.xlsx> ;
        dct:format "XLSX" ] .
<https://data.tangerangkab.go.id/dataset/jagung> a dcat:Dataset ;
    dct:title "Produksi Jagung" .
"""
RDFXML_PAGE_2 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://data.tangerangkab.go.id/dataset/kedelai">
    <dct:title>Produksi Kedelai</dct:title>
    <dct:modified>2024-03-01T00:00:00</dct:modified>
  </dcat:Dataset>
</rdf:RDF>"""
JSONLD = json.dumps(
    {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@graph": [
            {
                "@id": "https://data.tangerangkab.go.id/dataset/ternak",
                "@type": "dcat:Dataset",
                "dct:title": "Populasi Ternak",
                "dcat:keyword": ["sapi", "kambing"],
            }
        ],
    }
)


def test_dcat_turtle_rdfxml_paging_and_jsonld(
    ctx: Catalog, world: World, web: StaticServer
) -> None:
    url = web.add("/catalog.ttl", TURTLE_PAGE_1.format(base=web.url), "text/turtle")
    web.add("/catalog-2.rdf", RDFXML_PAGE_2, "application/rdf+xml")
    job = run(ctx, make_source(ctx, "dcat", url))
    assert (job.status, job.created, job.progress_total) == ("succeeded", 3, 3), job.message
    padi = datasets(ctx)["Produksi Padi per Kecamatan"]
    assert padi.identifier == "https://data.tangerangkab.go.id/dataset/padi"
    assert padi.frequency == "tahunan" and padi.contact_email == "distan@tangerangkab.go.id"
    assert padi.resources[0].url == "https://data.tangerangkab.go.id/padi.xlsx"
    assert sorted(padi.tag_names) == ["padi", "pertanian"]

    url = web.add("/catalog.jsonld", JSONLD, "application/ld+json")
    job = run(ctx, make_source(ctx, "dcat", url, title="JSON-LD"))
    assert (job.status, job.created) == ("succeeded", 1), job.message


def test_dcat_invalid_rdf(ctx: Catalog, world: World, web: StaticServer) -> None:
    url = web.add("/broken.ttl", "<a> <b> ", "text/turtle")
    job = run(ctx, make_source(ctx, "dcat", url))
    assert job.status == "failed" and "RDF (turtle)" in job.message


def test_spreadsheet_csv_semicolon_cp1252(ctx: Catalog, world: World, web: StaticServer) -> None:
    csv_text = (
        "Judul;Deskripsi;Produsen;Tahun;Frekuensi;Tautan\r\n"
        "Jumlah Sekolah Dasar;Data sekolah – negeri & swasta;Disdik;2023;Tahunan;"
        "https://data.tangerangkab.go.id/sd-2023.xlsx\r\n"
        "Rasio Guru Murid;Rasio guru per murid;Disdik;2023;sekali-sekali;\r\n"
    )
    url = web.add("/daftar.csv", csv_text.encode("cp1252"), "text/csv")
    job = run(ctx, make_source(ctx, "spreadsheet", url))
    # An unknown frequency no longer refuses the row: it is kept verbatim with a warning.
    assert (job.status, job.created, job.errors, job.warnings) == ("succeeded", 2, 0, 1)
    sd = datasets(ctx)["Jumlah Sekolah Dasar"]
    assert sd.description == "Data sekolah – negeri & swasta"
    assert sd.frequency == "tahunan" and str(sd.temporal_start) == "2023-01-01"
    assert sd.extras["produsen"] == "Disdik" and sd.resources[0].format == "XLSX"
    rasio = datasets(ctx)["Rasio Guru Murid"]
    assert rasio.frequency is None and rasio.extras["frequency_original"] == "sekali-sekali"
    [warned] = [r for r in records(ctx, job.id, "created") if r.warnings]
    assert warned.warnings[0]["field"] == "frequency"
    assert warned.warnings[0]["original"] == "sekali-sekali"


def test_spreadsheet_csv_comma_and_xlsx_with_mapping(
    ctx: Catalog, world: World, web: StaticServer
) -> None:
    url = web.add("/d.csv", 'judul,tahun\nLuas Panen,2022\n"Produksi, Padi",2021\n', "text/csv")
    assert run(ctx, make_source(ctx, "spreadsheet", url)).created == 2

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nama Data", "Tahun Data", "Link"])
    sheet.append(["Jumlah Puskesmas", 2024, "https://data.tangerangkab.go.id/pkm.csv"])
    sheet.append([None, None, None])
    buf = io.BytesIO()
    book.save(buf)
    url = web.add("/daftar.xlsx", buf.getvalue(), "application/octet-stream")
    columns = {"title": "Nama Data", "year": "Tahun Data", "url": "Link"}
    job = run(ctx, make_source(ctx, "spreadsheet", url, config={"columns": columns}))
    assert (job.status, job.created) == ("succeeded", 1), job.message
    pkm = datasets(ctx)["Jumlah Puskesmas"]
    assert str(pkm.temporal_end) == "2024-12-31" and pkm.resources[0].format == "CSV"


def test_same_dataset_two_sources_stored_once_other_agency_refused(
    ctx: Catalog, world: World, web: StaticServer
) -> None:
    url = web.add("/data.json", json.dumps({"dataset": DATA_JSON["dataset"][:1]}))
    first = make_source(ctx, "datajson", url, title="Portal Bappeda")
    mirror_url = web.add("/mirror.json", json.dumps({"dataset": DATA_JSON["dataset"][:1]}))
    same_agency = make_source(ctx, "datajson", mirror_url, title="Cermin Dinkes")
    other = make_source(ctx, "datajson", mirror_url, org="dinas-pendidikan", title="Portal Disdik")
    assert run(ctx, first).created == 1
    assert run(ctx, same_agency).errors == 0
    assert count_datasets(ctx) == 1
    job = run(ctx, other)
    assert (job.status, job.errors) == ("partial", 1)
    [err] = records(ctx, job.id, "error")
    assert "Portal Bappeda" in err.message and "Portal Disdik" in err.message
    assert count_datasets(ctx) == 1
