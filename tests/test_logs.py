"""Request ids in answers and logs; JSON log lines with CATALOG_LOG_FORMAT=json."""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.config import ConfigError, Settings
from catalog.logs import JsonFormatter
from tests.conftest import build_app
from tests.test_serve import CATALOG, catalog_serve


def test_error_answers_carry_the_request_id(sqlite_url: str, tmp_path: Path) -> None:
    client = build_app(sqlite_url, tmp_path).test_client()
    missing = client.get("/api/v1/tidak-ada")
    assert missing.status_code == 404
    assert re.fullmatch(r"[0-9a-f]{32}", missing.json["request_id"])
    assert missing.headers["X-Request-Id"] == missing.json["request_id"]
    # a proxy's id is kept (so its logs and ours match); a malformed one is replaced
    sent = client.get("/api/v1/tidak-ada", headers={"X-Request-Id": "proxy-1234abcd"})
    assert sent.json["request_id"] == sent.headers["X-Request-Id"] == "proxy-1234abcd"
    forged = client.get("/api/v1/tidak-ada", headers={"X-Request-Id": "x\u00e9 <script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.json["request_id"])
    invalid = client.post("/api/v1/datasets", data="{", content_type="application/json")
    assert invalid.status_code in {400, 401} and invalid.json["request_id"]
    # every answer has the header, errors or not; each request its own id
    ok = client.get("/healthz")
    assert ok.status_code == 200 and re.fullmatch(r"[0-9a-f]{32}", ok.headers["X-Request-Id"])
    assert ok.headers["X-Request-Id"] != missing.json["request_id"]


def test_log_format_setting() -> None:
    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"CATALOG_LOG_FORMAT": "json"}).log_format == "json"
    with pytest.raises(ConfigError):
        Settings.from_env({"CATALOG_LOG_FORMAT": "xml"})


def test_json_formatter_fields() -> None:
    try:
        raise ValueError("rusak")
    except ValueError:
        record = logging.LogRecord(
            "catalog.worker", logging.ERROR, __file__, 1, "job %s gagal", ("j1",), sys.exc_info()
        )
    record.job_id = "j1"
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "error" and line["logger"] == "catalog.worker"
    assert line["message"] == "job j1 gagal" and line["job_id"] == "j1"
    assert "ValueError: rusak" in line["error"] and line["time"].endswith("+00:00")


def test_json_logs_from_catalog_serve(tmp_path: Path) -> None:
    with catalog_serve(
        tmp_path, "/healthz", CATALOG_RUN_WORKER="false", CATALOG_LOG_FORMAT="json"
    ) as (server, port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/v1/tidak-ada", headers={"X-Request-Id": "laporan-42abc"})
        answer = conn.getresponse()
        assert json.loads(answer.read())["request_id"] == "laporan-42abc"
        conn.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0
    lines = (tmp_path / "server.log").read_text().splitlines()
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    # besides the one "Serving on" line, every line is a JSON object
    assert len(entries) == len(lines) - 1, lines
    request = [e for e in entries if e.get("request_id") == "laporan-42abc"]
    assert len(request) == 1, entries
    assert request[0]["logger"] == "catalog.request" and request[0]["status"] == 404
    assert request[0]["method"] == "GET" and request[0]["path"] == "/api/v1/tidak-ada"
    assert request[0]["duration_ms"] >= 0
    assert any(
        e["logger"] == "gunicorn.error" and "Booting worker" in e["message"] for e in entries
    )


def test_json_logs_of_a_harvest_job(sqlite_url: str, tmp_path: Path) -> None:
    """`catalog worker` with json logs: one line when a job starts, one when it ends."""
    from catalog.services import harvest as service
    from catalog.services.auth import SYSTEM
    from tests import factories
    from tests.ckan_fake import FakeCkan, make_package
    from tests.harvest_helpers import make_source

    app = build_app(sqlite_url, tmp_path, harvest_allow_private=True)
    ctx = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
    portal = FakeCkan([make_package(n) for n in range(1, 4)]).start()
    try:
        source = make_source(ctx, "ckan", portal.url)
        with ctx.db.session() as session:
            job_id = service.queue_job(session, SYSTEM, source).id
        env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
        env.update(
            CATALOG_DATABASE_URL=sqlite_url,
            CATALOG_DATA_DIR=str(tmp_path / "worker"),
            CATALOG_SECRET_KEY="test-secret",
            CATALOG_HARVEST_ALLOW_PRIVATE="true",
            CATALOG_LOG_FORMAT="json",
        )
        done = subprocess.run(
            [CATALOG, "worker", "--once"], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        portal.stop()
    assert done.returncode == 0, done.stderr
    steps = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    mine = [s for s in steps if s.get("job_id") == job_id]
    assert [s["step"] for s in mine] == ["start", "end"], done.stderr
    start, end = mine
    assert start["logger"] == end["logger"] == "catalog.worker"
    assert start["source_id"] == source and start["attempt"] == 1
    assert end["outcome"] == "succeeded" and end["duration_s"] >= 0
    assert "Result: succeeded" in done.stdout
