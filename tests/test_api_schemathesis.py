"""schemathesis over the whole OpenAPI document, against the catalog served on 127.0.0.1.

A bounded budget (4 generated cases per operation, anonymous and with an admin token: about
300 requests), derandomized, on a small fixture catalog in SQLite with the harvest worker off.
Every answer must not be a server error, must match the documented schema of its status, and
must have a documented status. The path parameters are drawn, part of the time, from the
fixture's real identifiers so the cases reach the services and not only 404s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient

from catalog.context import Catalog
from schemas.profile import DatasetIn
from tests import factories
from tests.conftest import World, build_app
from tests.servers import serve

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
CASES_PER_OPERATION = 4
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


@pytest.fixture
def served(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[str, str, dict[str, list[Any]]]]:
    """(base URL, admin token, identifiers of the fixture catalog by parameter name)."""
    app = build_app(sqlite_url, tmp_path, run_worker=False, harvest_allow_private=True)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan")
        admin = factories.make_token(
            session, factories.make_user(session, "admin", roles=("admin",))
        )
        factories.make_user(session, "reviewer", roles=("bps_reviewer",))
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        slugs = [
            factories.make_dataset(session, "dinas-kesehatan", title=title).slug
            for title in (
                "Jumlah Puskesmas Menurut Kecamatan",
                "Angka Kematian Bayi Kabupaten Tangerang",
                "Jumlah Sekolah Dasar Menurut Kecamatan",
            )
        ]
        activity = factories.make_activity(session, "dinas-kesehatan").slug
    with serve(app) as base:
        auth = {"Authorization": f"Bearer {admin}"}
        api = base + "/api/v1"
        source = requests.post(
            api + "/harvest/sources",
            json={
                "organization": "dinas-kesehatan",
                "title": "Portal Dinas Kesehatan",
                "type": "datajson",
                "url": base + "/data.json",
            },
            headers=auth,
            timeout=30,
        )
        assert source.status_code == 201, source.text
        source_id = source.json()["id"]
        job = requests.post(f"{api}/harvest/sources/{source_id}/jobs", headers=auth, timeout=30)
        assert job.status_code == 202, job.text
        asked = requests.post(
            f"{api}/datasets/{slugs[0]}/recommendation/request",
            json={"note": "Mohon ditinjau."},
            headers=auth,
            timeout=30,
        )
        assert asked.status_code == 200, asked.text
        known = {
            "id_or_slug": [*slugs, "dinas-kesehatan", "dinas-pendidikan"],
            "ref": ["editor", "reviewer", activity, slugs[1]],
            "username": ["editor"],
            "source_id": [source_id],
            "job_id": [job.json()["id"]],
            "event_id": [e["id"] for e in asked.json()["events"]],
        }
        yield base, admin, known
    ctx.db.dispose()


def _config(path: Path, known: dict[str, list[Any]]) -> Path:
    """A schemathesis.toml that draws each path parameter from `known` half of the time."""
    lines = []
    for name, values in known.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    for name in known:
        lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}')
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(base: str, config: Path, cwd: Path, *headers: str) -> subprocess.CompletedProcess[str]:
    command = [
        SCHEMATHESIS,
        "--config-file",
        str(config),
        "--no-color",
        "run",
        base + "/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--phases",
        "fuzzing",
        "--max-examples",
        str(CASES_PER_OPERATION),
        "--generation-deterministic",  # the same cases every run, no example database
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--output-truncate",
        "false",
    ]
    for header in headers:
        command += ["--header", header]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_whole_openapi_document_anonymous_and_as_admin(
    served: tuple[str, str, dict[str, list[Any]]], tmp_path: Path
) -> None:
    base, admin, known = served
    config = _config(tmp_path / "schemathesis.toml", known)
    for label, headers in (("anonymous", ()), ("admin", (f"Authorization: Bearer {admin}",))):
        run = _run(base, config, tmp_path, *headers)
        report = run.stdout + run.stderr
        assert run.returncode == 0, f"schemathesis ({label}) found failures:\n{report}"
        assert "Tested: " in report, report
        # every operation of the document was exercised, none skipped for errors
        assert "Errors:" not in report, report


# What schemathesis found, kept as plain regressions (each was a 500 before).


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # a lone surrogate escape: Python's json reads it, no database or encoder can keep it
        ('{"slug": "dinas-uji", "title": "Dinas \\ud800 Uji"}', "bukan JSON yang sah"),
        ('{"slug": "dinas-uji", "title": "Dinas Uji", "code": NaN}', "bukan JSON yang sah"),
        # an integer beyond 64 bits inside a free-form object (harvest source config)
        ('{"config": {"batas": 25178337507866475274866602313372401664}}', "64 bit"),
        ('{"config": {"batas": -9223372036854775809}}', "64 bit"),
    ],
)
def test_json_nothing_can_store_is_refused_with_400(
    client: FlaskClient, world: World, body: str, message: str
) -> None:
    for path in ("/api/v1/organizations", "/api/v1/harvest/sources/tidak-ada"):
        answer = client.open(
            path,
            method="POST" if path.endswith("organizations") else "PATCH",
            data=body,
            content_type="application/json",
            headers=world.auth("admin"),
        )
        assert answer.status_code == 400, answer.json
        assert answer.json is not None and message in answer.json["message"]
        assert answer.json["code"] == "bad_request"
    # the limits themselves still pass
    fits = client.post(
        "/api/v1/organizations",
        data='{"slug": "dinas-uji", "title": "Dinas Uji \\ud83d\\ude00", "kind": "opd"}',
        content_type="application/json",
        headers=world.auth("admin"),
    )
    assert fits.status_code == 201, fits.json
    assert fits.json is not None and fits.json["title"] == "Dinas Uji \U0001f600"


def test_a_resource_size_beyond_64_bits_is_a_field_error(client: FlaskClient, world: World) -> None:
    """The field type refuses it too (harvested payloads do not pass the body guard)."""
    body = factories.dataset_payload(world.org)
    body["resources"] = [{"name": "Tabel", "url": "https://data.example.id/t.csv", "size": 2**63}]
    refused = DatasetIn().validate(body)
    assert refused["resources"] == {0: {"size": ["Angka terlalu besar."]}}
    body["resources"][0]["size"] = 2**63 - 1
    assert DatasetIn().validate(body) == {}
