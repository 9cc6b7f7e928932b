"""Never stuck: a source that never finishes answering ends the job with the reason, a cancel
ends it within a heartbeat, a job over its maximum run time ends failed, and the source can
be harvested again afterwards. Real dripping servers on 127.0.0.1, both databases."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from catalog.context import Catalog
from catalog.models import HarvestJob
from catalog.services import harvest as service
from catalog.services.auth import SYSTEM
from catalog.worker import Worker
from tests import factories
from tests.conftest import build_app
from tests.harvest_helpers import count_datasets, job_row, make_source, run
from tests.net_servers import Body, Drip, ScriptedServer
from tests.servers import serving

DATA_JSON = json.dumps(
    {
        "dataset": [
            {
                "identifier": f"https://data.tangerangkab.go.id/dataset/padi-{n}",
                "title": f"Produksi Padi Kecamatan Tahun {2020 + n}",
                "description": "Produksi padi sawah per kecamatan.",
                "keyword": ["padi"],
                "modified": "2026-05-01",
            }
            for n in range(2)
        ]
    }
).encode()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    yield from serving(ScriptedServer("127.0.0.1"))


def catalog(db_url: str, tmp_path: Path, **settings: Any) -> Catalog:
    """The application with only 127.0.0.1 trusted by the harvest guard."""
    application = build_app(db_url, tmp_path, harvest_allowed_networks="127.0.0.1/32", **settings)
    ctx: Catalog = application.extensions["catalog"]
    with ctx.db.session() as session:
        factories.make_org(session, "dinas-kesehatan")
    return ctx


def harvest_again(ctx: Catalog, server: ScriptedServer, source: str) -> None:
    server.routes["/data.json"] = Body(DATA_JSON)
    job = run(ctx, source)
    assert (job.status, job.created) == ("succeeded", 2), job.message
    assert count_datasets(ctx) == 2


@pytest.fixture
def harvest_drip(
    db_url: str, tmp_path: Path, server: ScriptedServer
) -> Callable[..., tuple[Catalog, str, HarvestJob]]:
    """harvest_drip(drip, **settings): harvest a data.json that `server` answers with `drip`,
    under `settings`; the job must end within a minute. The catalog, the source and the job."""

    def harvest(drip: Drip, **settings: Any) -> tuple[Catalog, str, HarvestJob]:
        ctx = catalog(db_url, tmp_path, **settings)
        server.routes["/data.json"] = drip
        source = make_source(ctx, "datajson", f"{server.url}/data.json")
        started = time.monotonic()
        job = run(ctx, source)
        assert time.monotonic() - started < 60
        return ctx, source, job

    return harvest


def test_dripping_source_fails_at_the_request_deadline(
    server: ScriptedServer, harvest_drip: Callable[..., tuple[Catalog, str, HarvestJob]]
) -> None:
    ctx, source, job = harvest_drip(
        Drip("body", interval_s=0.2), harvest_deadline_s=2.0, harvest_timeout_s=5.0
    )
    assert job.status == "failed", job.message
    assert "Waktu habis" in job.message and "2 detik" in job.message
    assert job.finished_at is not None and count_datasets(ctx) == 0
    harvest_again(ctx, server, source)


def test_cancel_during_a_drip_ends_the_job_within_a_heartbeat(
    db_url: str, tmp_path: Path, server: ScriptedServer
) -> None:
    ctx = catalog(db_url, tmp_path, harvest_deadline_s=600.0)
    server.routes["/data.json"] = Drip("body", interval_s=0.5)
    source = make_source(ctx, "datajson", f"{server.url}/data.json")
    with ctx.db.session() as session:
        job_id = service.queue_job(session, SYSTEM, source).id
    worker = Worker(ctx, lease_s=3.0)  # a heartbeat every second
    result: list[str | None] = []
    thread = threading.Thread(target=lambda: result.append(worker.run_once()))
    thread.start()
    assert server.drip_started.wait(60)
    with ctx.db.session() as session:
        service.cancel_job(session, SYSTEM, job_id)
    cancelled_at = time.monotonic()
    thread.join(60)
    assert not thread.is_alive()
    # Within one heartbeat (1 s) plus the watchdog, far inside the 600 s deadline; the bound
    # is generous so a loaded machine does not fail it.
    assert time.monotonic() - cancelled_at < 30
    assert result == ["cancelled"]
    job = job_row(ctx, job_id)
    assert job.status == "cancelled" and job.finished_at is not None
    harvest_again(ctx, server, source)


def test_job_over_its_maximum_run_time_ends_failed(
    server: ScriptedServer, harvest_drip: Callable[..., tuple[Catalog, str, HarvestJob]]
) -> None:
    ctx, source, job = harvest_drip(
        Drip("status line", interval_s=0.2), harvest_deadline_s=600.0, harvest_max_job_s=2.0
    )
    assert job.status == "failed"
    assert "batas 2 detik" in job.message, job.message
    harvest_again(ctx, server, source)


def test_hostile_jsonld_context_fails_the_job_and_is_never_fetched(
    db_url: str, tmp_path: Path, server: ScriptedServer
) -> None:
    ctx = catalog(db_url, tmp_path)
    hostile = f"http://127.0.0.1:{server.port}/context.jsonld"
    server.routes["/context.jsonld"] = Body(
        b'{"@context": {"title": "http://purl.org/dc/terms/title"}}'
    )
    document = {
        "@context": hostile,
        "@graph": [{"@id": "https://data.tangerangkab.go.id/dataset/padi", "title": "Padi"}],
    }
    server.routes["/catalog.jsonld"] = Body(json.dumps(document).encode(), "application/ld+json")
    job = run(ctx, make_source(ctx, "dcat", f"{server.url}/catalog.jsonld"))
    assert job.status == "failed"
    assert f"konteks jarak jauh {hostile}" in job.message
    assert server.hits("/context.jsonld") == 0
