"""Prometheus /metrics: request counts and latencies per endpoint, plus catalog gauges."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from catalog.models import Dataset, IndexOutbox


class CatalogCollector(Collector):
    """Dataset counts by state and pending outbox rows, read from the database at scrape time."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Any:
        ctx = self.app.extensions["catalog"]
        datasets = GaugeMetricFamily("catalog_datasets", "Datasets by state", labels=["state"])
        outbox = GaugeMetricFamily("catalog_index_outbox_pending", "Search updates not yet indexed")
        with ctx.db.sessionmaker() as session:
            for state, count in session.execute(
                select(Dataset.state, func.count()).group_by(Dataset.state)
            ):
                datasets.add_metric([state], count)
            outbox.add_metric(
                [], session.scalar(select(func.count()).select_from(IndexOutbox)) or 0
            )
        yield datasets
        yield outbox


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
    registry.register(CatalogCollector(app))

    @app.before_request
    def _start() -> None:
        g.metrics_start = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        endpoint = request.endpoint or "unknown"
        requests_total.labels(request.method, endpoint, str(response.status_code)).inc()
        start = g.get("metrics_start")
        if start is not None:
            latency.labels(endpoint).observe(time.perf_counter() - start)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
