"""The catalog's gauges on /metrics, read from the database at scrape time: harvest jobs by
state and the outbox's depth and oldest age (the cross-process sums: tests/test_serve.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from catalog.context import Catalog
from catalog.models import IndexOutbox
from catalog.models.base import utcnow
from catalog.services import harvest as service
from catalog.services.auth import SYSTEM
from tests import factories
from tests.conftest import build_app
from tests.harvest_helpers import make_source
from tests.test_serve import _sample


def test_harvest_jobs_and_outbox_age_gauges(db_url: str, tmp_path: Path) -> None:
    app = build_app(db_url, tmp_path, harvest_allow_private=True)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
    source = make_source(ctx, "ckan", "http://127.0.0.1:9/")
    with ctx.db.session() as session:
        service.queue_job(session, SYSTEM, source)
        session.add(IndexOutbox(dataset_id="a" * 36, created_at=utcnow() - timedelta(seconds=600)))
        session.commit()

    metrics = app.test_client().get("/metrics").get_data(as_text=True)
    assert _sample(metrics, "catalog_harvest_jobs", state="queued") == 1, metrics
    assert _sample(metrics, "catalog_index_outbox_pending") == 1
    assert 600 <= _sample(metrics, "catalog_index_outbox_oldest_age_seconds") < 3600


def test_link_check_and_consultation_gauges(db_url: str, tmp_path: Path) -> None:
    from datetime import date

    from sqlalchemy import func, select

    from catalog.models.consultation import Consultation
    from catalog.models.quality import LinkCheck
    from catalog.services.consultations.demo import AGENCIES, BPS_SLUG, load_consultations

    app = build_app(db_url, tmp_path)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, BPS_SLUG, title="BPS Kabupaten Tangerang", kind="bps")
        for slug, _editor in AGENCIES:
            factories.make_org(session, slug, title=slug)
        assert load_consultations(session, date(2026, 11, 30), weeks=6) > 0
        for n, ok in enumerate((True, True, False)):
            session.add(LinkCheck(url_hash=f"{n:064d}", url=f"https://x.go.id/{n}.csv", ok=ok))
    with ctx.db.session() as session:
        by_status = dict(
            session.execute(
                select(Consultation.status, func.count()).group_by(Consultation.status)
            ).all()
        )

    metrics = app.test_client().get("/metrics").get_data(as_text=True)
    assert _sample(metrics, "catalog_link_checks", result="ok") == 2, metrics
    assert _sample(metrics, "catalog_link_checks", result="broken") == 1
    for status, count in by_status.items():
        assert _sample(metrics, "catalog_consultations", status=status) == count


def test_harvest_job_durations_of_the_last_week(db_url: str, tmp_path: Path) -> None:
    from catalog.models import HarvestJob
    from tests.ckan_fake import FakeCkan, make_package
    from tests.harvest_helpers import run

    app = build_app(db_url, tmp_path, harvest_allow_private=True)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
    portal = FakeCkan([make_package(n) for n in range(1, 4)]).start()
    try:
        source = make_source(ctx, "ckan", portal.url)
        first = run(ctx, source)
        second = run(ctx, source)
    finally:
        portal.stop()
    assert first.status == second.status == "succeeded"
    client = app.test_client()

    def scrape() -> str:
        return str(client.get("/metrics").get_data(as_text=True))

    metrics = scrape()
    assert _sample(metrics, "catalog_harvest_job_seconds_count", state="succeeded") == 2
    took = sum(
        (job.finished_at - job.started_at).total_seconds()  # type: ignore[operator]
        for job in (first, second)
    )
    assert abs(_sample(metrics, "catalog_harvest_job_seconds_sum", state="succeeded") - took) < 1e-3
    # a job that finished more than a week ago no longer counts
    with ctx.db.session() as session:
        old = session.get(HarvestJob, first.id)
        assert old is not None and old.started_at is not None
        old.started_at -= timedelta(days=8)
        old.finished_at = old.started_at + timedelta(seconds=5)
        session.commit()
    assert _sample(scrape(), "catalog_harvest_job_seconds_count", state="succeeded") == 1


def test_grafana_dashboard_asks_for_metrics_that_exist(sqlite_url: str, tmp_path: Path) -> None:
    """deploy/grafana/katalog.json: every metric its queries name is one /metrics serves."""
    import json
    import re

    dashboard = json.loads(
        (Path(__file__).parent.parent / "deploy/grafana/katalog.json").read_text()
    )
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert expressions and len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    app = build_app(sqlite_url, tmp_path)
    client = app.test_client()
    client.get("/healthz")
    served = set(
        re.findall(r"^# TYPE (\S+) (\w+)", client.get("/metrics").get_data(as_text=True), re.M)
    )
    names = {name for name, _ in served}
    # histogram and summary series carry suffixes; a counter's samples end in _total
    series = names | {f"{n}_{s}" for n in names for s in ("bucket", "count", "sum", "total")}
    for expr in expressions:
        for name in re.findall(r"\bcatalog_\w+", expr):
            assert name in series, (name, expr)


def test_search_latency_by_backend(sqlite_url: str, tmp_path: Path) -> None:
    app = build_app(sqlite_url, tmp_path)
    client = app.test_client()
    assert client.get("/api/v1/datasets?q=penduduk").status_code == 200
    assert client.get("/dataset?q=padi").status_code == 200  # the web search page
    metrics = client.get("/metrics").get_data(as_text=True)
    assert _sample(metrics, "catalog_search_seconds_count", backend="sqlite") >= 2
    assert _sample(metrics, "catalog_search_seconds_sum", backend="sqlite") > 0
