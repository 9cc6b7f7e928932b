"""The round trip: this catalog's `/catalog.ttl`, served on 127.0.0.1, harvested page by page
(Hydra next) by the `dcat` harvester of a second catalog ends with the same datasets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset
from catalog.services import datasets as dataset_service
from catalog.services.auth import SYSTEM
from tests import factories
from tests.conftest import World, build_app, fresh_database
from tests.harvest_helpers import make_source, run
from tests.servers import serve

# What DCAT-AP carries both ways (docs/interop.md lists what it does not).
COMPARED = ("title", "description", "tags", "topics", "license", "frequency", "access_level",
            "temporal_start", "temporal_end", "spatial", "contact_name", "contact_email",
            "version_label", "issued", "activity_type", "methodology", "unit")  # fmt: skip
RESOURCE_FIELDS = ("name", "url", "format", "size", "description")
# What StatDCAT-AP carries of a public MS-Var variable (docs/interop.md: the rest is lost).
VARIABLE_FIELDS = ("name", "alias", "concept", "definition", "data_type", "classification",
                   "unit", "reference_period")  # fmt: skip
VARIABLES = [
    {"name": "kecamatan", "alias": "Kecamatan", "data_type": "category",
     "classification": "Kode wilayah Kemendagri", "concept": "Wilayah administrasi"},
    {"name": "jumlah_puskesmas", "data_type": "integer", "unit": "unit",
     "definition": "Puskesmas yang beroperasi.", "reference_period": "31 Desember 2023"},
    {"name": "rasio", "data_type": "decimal", "unit": "persen"},
    {"name": "keterangan", "data_type": "text"},
    {"name": "tanggal_data", "data_type": "date"},
    {"name": "internal", "data_type": "text", "public": False},
]  # fmt: skip

APP_SETTINGS = {"harvest_allow_private": True}  # the upstream catalog is on 127.0.0.1


@pytest.fixture
def upstream(
    db_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Catalog, str]]:
    """A first catalog (the same database kind as the second) with 7 published datasets and
    a draft, served over HTTP by a real server thread."""
    kind = "postgres" if db_url.startswith("postgresql") else "sqlite"
    (tmp_path / "up").mkdir()
    app: Flask = build_app(fresh_database(kind, request, tmp_path / "up"), tmp_path / "up")
    ctx: Catalog = app.extensions["catalog"]
    with ctx.db.session() as session:
        factories.make_org(session, "diskominfo", title="Diskominfo", kind="walidata")
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Jumlah Puskesmas",
            version_label="3",
            issued="2024-02-01T00:00:00",
            topics=["kesehatan", "kependudukan"],
            activity_type="survei",
            unit="persen",
            methodology="Pendataan langsung ke **setiap** puskesmas.",
            variables=VARIABLES,
        )
        factories.make_dataset(
            session,
            "dinas-kesehatan",
            title="Kasus Demam Berdarah",
            access_level="restricted",
            frequency="bulanan",
            license="odc-odbl",
            spatial=["36.03.01.2003"],
            resources=[
                {
                    "name": "Tabel",
                    "url": "https://data.tangerangkab.go.id/dbd.csv",
                    "format": "CSV",
                    "description": "Per desa",
                }
            ],
        )
        for n in range(5):
            factories.make_dataset(session, "dinas-kesehatan", title=f"Data Kesehatan {n}")
        draft = factories.make_dataset(session, "dinas-kesehatan", title="Draf Rahasia")
        dataset_service.set_state(session, SYSTEM, draft.id, "draft")
    with serve(app) as url:
        yield ctx, url


def profiles(ctx: Catalog) -> dict[str, dict[str, Any]]:
    with ctx.db.session() as session:
        out = {}
        for d in session.scalars(select(Dataset).where(Dataset.state == "published")):
            p = dataset_service.profile_of(d)
            row = {k: p[k] for k in COMPARED}
            row["resources"] = [{k: r.get(k) for k in RESOURCE_FIELDS} for r in p["resources"]]
            row["variables"] = [
                {k: v.get(k) or None for k in VARIABLE_FIELDS}
                for v in p["variables"]
                if v.get("public", True)
            ]
            out[d.title] = row
        return out


def test_second_catalog_harvests_our_dcat_catalog_page_by_page(
    ctx: Catalog, world: World, upstream: tuple[Catalog, str]
) -> None:
    source_ctx, url = upstream
    source = make_source(ctx, "dcat", f"{url}/catalog.ttl?per_page=3")
    job = run(ctx, source)
    assert (job.status, job.created, job.errors) == ("succeeded", 7, 0), job.message
    theirs, ours = profiles(source_ctx), profiles(ctx)
    assert "Draf Rahasia" not in ours
    assert ours == theirs
    assert ours["Jumlah Puskesmas"]["topics"] == ["kependudukan", "kesehatan"]
    assert ours["Kasus Demam Berdarah"]["spatial"] == ["36.03.01.2003"]
    assert [v["name"] for v in ours["Jumlah Puskesmas"]["variables"]] == [
        v["name"] for v in VARIABLES if v.get("public", True)
    ]
    assert ours["Jumlah Puskesmas"]["unit"] == "persen"
    with ctx.db.session() as session:
        harvested = session.scalars(select(Dataset).where(Dataset.title == "Jumlah Puskesmas"))
        dataset = harvested.one()
        # The dataset's URI in the first catalog identifies it in the second.
        assert dataset.identifier == f"{url}/dataset/jumlah-puskesmas"
        assert dataset.remote_id == f"{url}/dataset/jumlah-puskesmas"


# What Project Open Data carries both ways (no topics, version, size or statistical
# metadata: docs/interop.md).
DATAJSON_COMPARED = tuple(
    f
    for f in COMPARED
    if f not in ("topics", "version_label", "activity_type", "methodology", "unit")
)


def test_second_catalog_harvests_our_data_json(
    ctx: Catalog, world: World, upstream: tuple[Catalog, str]
) -> None:
    source_ctx, url = upstream
    job = run(ctx, make_source(ctx, "datajson", f"{url}/data.json"))
    assert (job.status, job.created, job.errors) == ("succeeded", 7, 0), job.message

    def carried(profiles_: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {
            title: {
                **{k: p[k] for k in DATAJSON_COMPARED},
                "resources": [{**r, "size": None} for r in p["resources"]],
            }
            for title, p in profiles_.items()
        }

    ours, theirs = carried(profiles(ctx)), carried(profiles(source_ctx))
    assert ours == theirs
    assert ours["Kasus Demam Berdarah"]["frequency"] == "bulanan"
    assert ours["Kasus Demam Berdarah"]["access_level"] == "restricted"
