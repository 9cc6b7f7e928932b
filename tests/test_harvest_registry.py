"""The harvester registry is the one list of source types: a type defined here, in the tests,
registers itself and is offered by the command line, the API (its OpenAPI enum) and the web
form, its config schema is enforced when a source is saved, and the worker runs it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import lazy_gettext as _l
from marshmallow import validate
from sqlalchemy import select

from catalog.cli import main
from catalog.context import Catalog
from catalog.models import Dataset, HarvestSource
from harvesters.base import Harvester, RawRecord, SourceConfig
from harvesters.registry import HARVESTERS, register
from schemas.fields import Int, Str
from tests.conftest import World
from tests.harvest_helpers import run
from tests.static_server import StaticServer
from tests.web_helpers import csrf_from, sign_in

APP_SETTINGS = {"harvest_allow_private": True}


class TitleListConfig(SourceConfig):
    prefix = Str(required=True, validate=validate.Length(1, 40))
    limit = Int(validate=validate.Range(1, 100, error="Antara {min} dan {max}."))


class TitleListHarvester(Harvester):
    """A plain-text list of dataset titles, one per line."""

    type = "daftar_judul"
    label = _l("Title list (plain text)")
    config_schema = TitleListConfig

    def fetch(self) -> Iterator[RawRecord]:
        response = self.session.get(self.url)
        lines = [line.strip() for line in response.text.splitlines() if line.strip()]
        for n, line in enumerate(lines[: self.config.get("limit")], start=1):
            yield RawRecord(remote_id=str(n), payload=line)

    def map(self, record: RawRecord) -> dict[str, Any]:
        return {"title": f"{self.config['prefix']} {record.payload}"}


@pytest.fixture(autouse=True)
def title_list_type() -> Iterator[type[Harvester]]:
    """Registered before the application is built, taken back after the test."""
    cls = register(TitleListHarvester)
    yield cls
    HARVESTERS.unregister(cls.type)


def body(url: str, **kw: Any) -> dict[str, Any]:
    return {
        "organization": "dinas-kesehatan",
        "title": "Daftar judul Dinkes",
        "type": "daftar_judul",
        "url": url,
        **kw,
    }


def test_the_registered_type_is_in_the_api_enum_and_its_config_is_checked(
    client: FlaskClient, ctx: Catalog, world: World, web: StaticServer
) -> None:
    spec = client.get("/api/v1/openapi.json").json
    assert spec is not None
    for name in ("HarvestSourceUrlIn", "HarvestSourceUrlInPatch"):
        enum = spec["components"]["schemas"][name]["properties"]["type"]["enum"]
        # every registered type a client may create; `file` reads the server's disk
        assert enum == ["ckan", "dcat", "datajson", "spreadsheet", "daftar_judul"], name

    url = web.add("/judul.txt", "Jumlah Puskesmas\nJumlah Posyandu\nJumlah Bidan\n", "text/plain")
    editor = world.auth("editor")
    refused = [
        ({}, {"config.prefix": ["Wajib diisi."]}),
        ({"prefix": "Data", "limit": 0}, {"config.limit": ["Antara 1 dan 100."]}),
        ({"prefix": "Data", "page_size": 10}, {"config.page_size": ["Kolom tidak dikenal."]}),
        (
            {"prefix": "Data", "headers": {"X-Key": 5}},
            {"config.headers.X-Key.value": ["Harus berupa teks."]},
        ),
    ]
    for config, errors in refused:
        res = client.post("/api/v1/harvest/sources", json=body(url, config=config), headers=editor)
        assert res.status_code == 422, (config, res.json)
        assert res.json is not None and res.json["errors"] == errors, config
    res = client.post("/api/v1/harvest/sources", json=body(url, type="nope"), headers=editor)
    assert res.status_code == 422 and res.json is not None
    assert res.json["errors"]["type"] == [
        "Pilihan: ckan, dcat, datajson, spreadsheet, daftar_judul."
    ]

    res = client.post(
        "/api/v1/harvest/sources",
        json=body(url, config={"prefix": "Data", "limit": 2}),
        headers=editor,
    )
    assert res.status_code == 201, res.json
    sid = res.json["id"]
    res = client.patch(
        f"/api/v1/harvest/sources/{sid}", json={"config": {"limit": 2}}, headers=editor
    )
    assert res.status_code == 422 and res.json is not None
    assert res.json["errors"] == {"config.prefix": ["Wajib diisi."]}
    # a built-in type's schema too: a CKAN page size is a number of 1 to 1000
    res = client.patch(
        f"/api/v1/harvest/sources/{sid}",
        json={"type": "ckan", "config": {"page_size": "banyak"}},
        headers=editor,
    )
    assert res.status_code == 422 and res.json is not None
    assert res.json["errors"] == {"config.page_size": ["Harus berupa bilangan bulat."]}
    # a new type whose schema the stored config does not fit
    res = client.patch(f"/api/v1/harvest/sources/{sid}", json={"type": "ckan"}, headers=editor)
    assert res.status_code == 422 and res.json is not None
    assert set(res.json["errors"]) == {"config.prefix", "config.limit"}

    job = run(ctx, sid)
    assert (job.status, job.created) == ("succeeded", 2), job.message
    with ctx.db.session() as session:
        titles = set(session.scalars(select(Dataset.title)))
    assert titles == {"Data Jumlah Puskesmas", "Data Jumlah Posyandu"}


def test_the_registered_type_is_in_the_web_form_with_its_label(
    app: Flask, ctx: Catalog, world: World, web: StaticServer
) -> None:
    editor = app.test_client()
    sign_in(editor, "editor")
    new = "/dasbor/dinas-kesehatan/sumber/baru"
    form = editor.get(new).get_data(as_text=True)
    assert '<option value="daftar_judul" >Title list (plain text)</option>' in form
    assert 'value="file"' not in form
    # its config is checked on save: the form offers no prefix, so the page says it is missing
    res = editor.post(
        new,
        data={
            "title": "Daftar judul Dinkes",
            "type": "daftar_judul",
            "url": web.add("/judul.txt", "Jumlah Puskesmas\n", "text/plain"),
            "schedule": "manual",
            "csrf_token": csrf_from(editor, new),
        },
    )
    page = res.get_data(as_text=True)
    assert res.status_code == 422 and "prefix: Wajib diisi." in page
    with ctx.db.session() as session:
        assert session.scalar(select(HarvestSource.id)) is None


def test_the_registered_type_is_a_command_line_choice(tmp_path: Path, web: StaticServer) -> None:
    env = {
        "CATALOG_DATA_DIR": str(tmp_path / "inst"),
        "CATALOG_DATABASE_URL": "",
        "CATALOG_HARVEST_ALLOW_PRIVATE": "true",
    }

    def cli(*args: str) -> Any:
        return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)

    cli("init")
    assert cli("orgs", "create", "dinas-sosial", "--title", "Dinas Sosial").exit_code == 0
    url = web.add("/judul.txt", "Jumlah Panti\n", "text/plain")
    wrong = cli("harvest", "add", "dinas-sosial", "nope", url, "--title", "Daftar")
    assert wrong.exit_code == 2 and "'daftar_judul'" in wrong.output and "'file'" in wrong.output
    unchecked = cli("harvest", "add", "dinas-sosial", "daftar_judul", url, "--title", "Daftar")
    assert unchecked.exit_code == 2
    assert "Konfigurasi tidak valid. (config.prefix: Wajib diisi.)" in unchecked.output
    added = cli(
        "harvest", "add", "dinas-sosial", "daftar_judul", url, "--title", "Daftar",
        "--config", '{"prefix": "Data"}',
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = cli("harvest", "list")
    assert "\tdinas-sosial\tdaftar_judul\tmanual\t" in listed.output
