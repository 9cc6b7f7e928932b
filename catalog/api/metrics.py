"""Prometheus /metrics: request counts and latencies per endpoint, plus catalog gauges.

Under gunicorn (`catalog serve` with several processes) every worker counts its own requests:
`catalog serve` sets PROMETHEUS_MULTIPROC_DIR to a private directory in the data directory
(emptied at each start) before any worker imports prometheus_client, the counters and
histograms write their values to files there, and /metrics adds up the files of every worker
(prometheus_client's multiprocess mode). The catalog gauges are read from the database at
scrape time, so they are the same whichever worker answers.

Not public: with CATALOG_METRICS_TOKEN set, only `Authorization: Bearer <that token>` reads
it (from anywhere); without it, only callers on loopback. Behind a reverse proxy every caller
is the proxy's address unless CATALOG_TRUSTED_PROXIES is set (then remote_addr is the real
client): set one of the two in such deployments.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from datetime import timedelta
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from catalog.api.errors import error_response
from catalog.models import Dataset, HarvestJob, IndexOutbox
from catalog.models.base import utcnow
from catalog.models.consultation import Consultation
from catalog.models.quality import LinkCheck

JOB_WINDOW = timedelta(days=7)


class CatalogCollector(Collector):
    """Datasets by state, harvest jobs by state, the outbox's depth and the age of its oldest
    row, link-check results and consultations by status, read from the database at scrape
    time."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Any:
        from catalog.search.outbox import oldest_pending_age

        ctx = self.app.extensions["catalog"]
        datasets = GaugeMetricFamily("catalog_datasets", "Datasets by state", labels=["state"])
        jobs = GaugeMetricFamily("catalog_harvest_jobs", "Harvest jobs by state", labels=["state"])
        outbox = GaugeMetricFamily("catalog_index_outbox_pending", "Search updates not yet indexed")
        age = GaugeMetricFamily(
            "catalog_index_outbox_oldest_age_seconds",
            "Age of the oldest search update not yet indexed (0 when none waits)",
        )
        links = GaugeMetricFamily(
            "catalog_link_checks",
            "Resource links by the result of their last check (ok or broken)",
            labels=["result"],
        )
        consultations = GaugeMetricFamily(
            "catalog_consultations", "Consultations at the desk by status", labels=["status"]
        )
        with ctx.db.sessionmaker() as session:
            for state, count in session.execute(
                select(Dataset.state, func.count()).group_by(Dataset.state)
            ):
                datasets.add_metric([state], count)
            for ok, count in session.execute(
                select(LinkCheck.ok, func.count()).group_by(LinkCheck.ok)
            ):
                links.add_metric(["ok" if ok else "broken"], count)
            for status, count in session.execute(
                select(Consultation.status, func.count()).group_by(Consultation.status)
            ):
                consultations.add_metric([status], count)
            for state, count in session.execute(
                select(HarvestJob.status, func.count()).group_by(HarvestJob.status)
            ):
                jobs.add_metric([state], count)
            outbox.add_metric(
                [], session.scalar(select(func.count()).select_from(IndexOutbox)) or 0
            )
        age.add_metric([], oldest_pending_age(ctx.db) or 0.0)
        yield datasets
        yield jobs
        yield self._job_durations(ctx)
        yield outbox
        yield age
        yield links
        yield consultations

    def _job_durations(self, ctx: Any) -> SummaryMetricFamily:
        """Run time (start to finish) of the harvest jobs finished in the last week, by
        outcome: rate(sum)/rate(count) is the mean duration, and a growing count of
        `failed` a source to look at."""
        summary = SummaryMetricFamily(
            "catalog_harvest_job_seconds",
            f"Harvest jobs finished in the last {JOB_WINDOW.days} days: run time by outcome",
            labels=["state"],
        )
        since = utcnow() - JOB_WINDOW
        counts: dict[str, int] = {}
        sums: dict[str, float] = {}
        with ctx.db.sessionmaker() as session:
            rows = session.execute(
                select(HarvestJob.status, HarvestJob.started_at, HarvestJob.finished_at).where(
                    HarvestJob.finished_at >= since, HarvestJob.started_at.is_not(None)
                )
            )
            for state, started, finished in rows:
                counts[state] = counts.get(state, 0) + 1
                sums[state] = sums.get(state, 0.0) + max(0.0, (finished - started).total_seconds())
        for state in sorted(counts):
            summary.add_metric([state], count_value=counts[state], sum_value=sums[state])
        return summary


def instrument_search(app: Flask) -> None:
    """Time every query the application's search backend answers (installed after it)."""
    backend = app.extensions.get("catalog.search")
    latency = app.extensions.get("catalog.search_latency")
    if backend is None or latency is None:
        return
    ask = backend.search
    timer = latency.labels(backend.name)

    def timed(query: Any) -> Any:
        start = time.perf_counter()
        try:
            return ask(query)
        finally:
            timer.observe(time.perf_counter() - start)

    backend.search = timed


def multiprocess_dir() -> str | None:
    """The directory of prometheus_client's multiprocess mode, when this process is in it."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def init_metrics(app: Flask) -> None:
    # One registry per application, so several apps in one process (tests) don't collide.
    registry = CollectorRegistry()
    requests_total = Counter(
        "catalog_http_requests_total",
        "HTTP requests",
        ["method", "endpoint", "status"],
        registry=registry,
    )
    latency = Histogram(
        "catalog_http_request_seconds", "HTTP request latency", ["endpoint"], registry=registry
    )
    search_latency = Histogram(
        "catalog_search_seconds",
        "Time the search backend takes to answer a query (pages, API, CKAN), by backend",
        ["backend"],
        registry=registry,
    )
    app.extensions["catalog.search_latency"] = search_latency
    registry.register(CatalogCollector(app))

    @app.before_request
    def _start() -> None:
        g.metrics_start = time.perf_counter()

    # the labelled series by their labels: labels() validates and looks them up under a lock,
    # which cost more than counting (every answer counts: issue 21)
    counters: dict[tuple[str, str, int], Any] = {}
    timers: dict[str, Any] = {}

    @app.after_request
    def _record(response: Response) -> Response:
        endpoint = request.endpoint or "unknown"
        key = (request.method, endpoint, response.status_code)
        counter = counters.get(key)
        if counter is None:
            counter = counters[key] = requests_total.labels(key[0], endpoint, str(key[2]))
        counter.inc()
        start = g.get("metrics_start")
        if start is not None:
            timer = timers.get(endpoint)
            if timer is None:
                timer = timers[endpoint] = latency.labels(endpoint)
            timer.observe(time.perf_counter() - start)
        return response

    token = app.extensions["catalog"].settings.metrics_token

    @app.get("/metrics")
    def metrics() -> Response:
        refused = _refusal(token)
        if refused is not None:
            return refused
        if multiprocess_dir():
            # every worker's counters, added up from their files; the gauges from the database
            scrape = CollectorRegistry()
            multiprocess.MultiProcessCollector(scrape)
            scrape.register(CatalogCollector(app))
            return Response(generate_latest(scrape), mimetype=CONTENT_TYPE_LATEST)
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _on_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def _refusal(token: str) -> Response | None:
    """None when the caller may read the metrics, else the answer that refuses them."""
    if token:
        scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            sent.strip().encode(), token.encode()
        ):
            return None
        response = error_response(401, "Metrik memerlukan token metrik (Authorization: Bearer).")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if _on_loopback(request.remote_addr):
        return None
    return error_response(403, "Metrik hanya dapat dibaca dari server ini sendiri.")
