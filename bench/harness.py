"""What the catalog-scale benchmarks share (bench/quality.py, bench/recommendations.py): their
command line, a fresh catalog in a temporary folder with its agencies, the timing of repeated
runs and the figures printed at the end."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import insert

from catalog import migrate
from catalog.app import create_app
from catalog.context import Catalog
from catalog.models import Organization


def arguments(repeat: int) -> argparse.Namespace:
    """--datasets (the catalog's size, default 10 000) and --repeat (runs per measurement)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args()


@contextmanager
def fresh_app() -> Iterator[Flask]:
    """An app over an empty SQLite catalog in a temporary folder, without the worker."""
    with tempfile.TemporaryDirectory() as tmp:
        yield create_app({"data_dir": tmp, "secret_key": "bench", "run_worker": False})


@contextmanager
def loaded_app(load: Callable[[Flask], object]) -> Iterator[tuple[Catalog, float]]:
    """A fresh app filled by `load(app)`: its catalog and the seconds the load took. The
    database is let go when the measuring is done."""
    with fresh_app() as app:
        ctx = app.extensions["catalog"]
        t0 = time.perf_counter()
        load(app)
        yield ctx, time.perf_counter() - t0
        ctx.db.dispose()


def print_figures(figures: dict[str, Any], width: int) -> None:
    """One figure a line (names padded to `width`), then all of them as one JSON object."""
    for key, value in figures.items():
        print(f"{key:{width}} {value}")
    print(json.dumps(figures))


def agencies(app: Flask, count: int = 30) -> list[str]:
    """Make the fresh catalog's tables and `count` agencies (opd-0 ... opd-N); their ids."""
    db = app.extensions["catalog"].db
    migrate.upgrade(db.engine)
    orgs = [str(uuid.uuid4()) for _ in range(count)]
    with db.engine.begin() as conn:
        conn.execute(
            insert(Organization),
            [{"id": o, "slug": f"opd-{k}", "title": f"Dinas Uji {k}"} for k, o in enumerate(orgs)],
        )
    return orgs


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Wall time (median, p99) and this thread's CPU time (median): on a shared, loaded
    machine the CPU time is what compares between runs."""
    samples, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
    }
