"""The production layout, exercised without containers: PostgreSQL, an Elasticsearch
(the tests' noida-db stand-in, or CATALOG_TEST_ES_URL), `catalog init` once, `catalog serve`
with 2 gunicorn workers, 2 `catalog worker` processes and 1 `catalog scheduler`, each its own
process with its own data directory (as separate machines would be). A harvest runs while
one worker is killed mid-job and replaced; searches and API writes go through Elasticsearch;
/metrics adds up both web workers; everything stops cleanly on its signal."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from catalog.models import HarvestJob
from tests.ckan_fake import FakeCkan
from tests.factories import dataset_payload
from tests.servers import free_port
from tests.test_backup import empty_database_beside
from tests.test_serve import CATALOG, _sample, alive, eventually

# Packages of the `portal` fixture (tests/conftest.py).
PORTAL_PACKAGES = 60


class Layout:
    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.tmp_path, self.env = tmp_path, env
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def env_for(self, name: str) -> dict[str, str]:
        return {**self.env, "CATALOG_DATA_DIR": str(self.tmp_path / name)}

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [CATALOG, *args],
            env=self.env_for("admin"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.tmp_path / f"{name}.log").open("wb") as log:  # the child keeps its own fd
            process = subprocess.Popen(
                [CATALOG, *args],
                env=self.env_for(name),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def request(
    port: int, method: str, path: str, body: Any = None, token: str = ""
) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Connection": "close"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        kind = response.getheader("Content-Type", "")
        return response.status, json.loads(raw) if "json" in kind else raw.decode()
    finally:
        conn.close()


def job(engine: Engine, job_id: str) -> HarvestJob:
    with Session(engine) as session:
        row = session.get(HarvestJob, job_id)
        assert row is not None
        session.expunge(row)
        return row


@pytest.mark.postgres
def test_production_layout(
    pg_url: str, es_server: tuple[str, bool], portal: FakeCkan, tmp_path: Path
) -> None:
    database = empty_database_beside(pg_url)  # `catalog init` migrates it, nobody else
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env.update(
        CATALOG_DATABASE_URL=database,
        CATALOG_SEARCH_BACKEND="elasticsearch",
        CATALOG_ELASTICSEARCH_URL=es_server[0],
        CATALOG_ELASTICSEARCH_INDEX="catalog-prod-" + uuid.uuid4().hex[:8],
        CATALOG_SECRET_KEY="production-layout-secret",
        CATALOG_RUN_WORKER="false",
        CATALOG_HARVEST_ALLOW_PRIVATE="true",
    )
    layout = Layout(tmp_path, env)
    engine = create_engine(database)
    try:
        assert "upgraded: empty" in layout.cli("init")
        layout.cli("orgs", "create", "dinas-kesehatan", "--title", "Dinas Kesehatan")
        layout.cli("users", "create", "admin", "--role", "admin", "--password", "Rahasia-123456")
        token = layout.cli("tokens", "create", "admin").strip().splitlines()[-1]

        port = free_port()
        web = layout.start(
            "web", "serve", "--port", str(port), "--processes", "2", "--threads", "2"
        )
        eventually(lambda: request(port, "GET", "/readyz")[0] == 200, 60, "/readyz")
        workers = [
            layout.start(f"worker{n}", "worker", "--lease", "2", "--poll", "0.2") for n in (1, 2)
        ]
        scheduler = layout.start("scheduler", "scheduler", "--interval", "1")

        # a harvest; the worker running it is killed mid-job and replaced
        portal.latency_s = 0.25  # 12 pages: the job runs for seconds
        source = layout.cli(
            "harvest", "add", "dinas-kesehatan", "ckan", portal.url, "--title", "Portal",
            "--config", json.dumps({"page_size": 5}),
        ).strip().splitlines()[-1]  # fmt: skip
        queued = layout.cli("harvest", "run", source)
        job_id = re.search(r"Queued job (\S+)\.", queued)[1]  # type: ignore[index]
        eventually(lambda: job(engine, job_id).progress_done >= 10, 120, "the job under way")
        running = job(engine, job_id)
        holder_pid = int(running.worker_id.split(":")[1])
        victim = next(w for w in workers if w.pid == holder_pid)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        workers.remove(victim)
        interrupted = job(engine, job_id)
        assert interrupted.status == "running" and interrupted.progress_done < PORTAL_PACKAGES
        workers.append(layout.start("worker3", "worker", "--lease", "2", "--poll", "0.2"))
        eventually(lambda: job(engine, job_id).status == "succeeded", 180, "the job finished")
        finished = job(engine, job_id)
        assert finished.attempt == 2 and finished.worker_id != running.worker_id
        assert finished.errors == 0

        # every harvested dataset reaches Elasticsearch; a write through the API too
        def total(query: str) -> int:
            status, body = request(port, "GET", f"/api/v1/datasets?q={query}&per_page=1")
            assert status == 200, body
            return int(body["total"])

        eventually(lambda: total("") == PORTAL_PACKAGES, 60, "the harvest searchable")
        payload = dataset_payload("dinas-kesehatan", title="Produksi Padi Sawah Kecamatan")
        status, created = request(port, "POST", "/api/v1/datasets", payload, token)
        assert status == 201, created
        eventually(lambda: total("padi") == 1, 60, "the new dataset searchable")

        # metrics: requests over both web workers add up in one scrape
        pids: dict[int, int] = {}
        lock = threading.Lock()

        def client() -> None:
            for _ in range(10):
                status, body = request(port, "GET", "/healthz")
                assert status == 200
                with lock:
                    pids[body["pid"]] = pids.get(body["pid"], 0) + 1

        sent = 0
        while len(pids) < 2:
            threads = [threading.Thread(target=client) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            sent += 40
            assert sent < 2000
        status, metrics = request(port, "GET", "/metrics")
        assert status == 200
        labels = {"endpoint": "health.healthz", "method": "GET", "status": "200"}
        assert _sample(metrics, "catalog_http_requests_total", **labels) == sent
        assert _sample(metrics, "catalog_datasets", state="published") == PORTAL_PACKAGES + 1
        assert _sample(metrics, "catalog_harvest_jobs", state="succeeded") == 1

        # every process stops on its signal, cleanly
        web_workers = [pid for pid in pids if alive(pid)]
        web.send_signal(signal.SIGTERM)
        for process in [*workers, scheduler]:
            process.send_signal(signal.SIGINT)
        for name, process in layout.processes.items():
            if process is not victim:
                assert process.wait(60) == 0, layout.log(name)
        assert not any(alive(pid) for pid in web_workers)
        assert "Shutting down" in layout.log("web")
    finally:
        layout.stop_all()
        engine.dispose()
