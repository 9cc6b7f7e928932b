"""Harvest benchmark: CKAN harvest throughput against the bare fetch, re-harvest, peak memory.

    python bench/harvest.py --datasets 10000 [--page-size 1000] [--latency-ms 0]

A CKAN-compatible server (tests/ckan_fake.py, in a child process so its memory is not
counted) serves N realistic packages (tools.demo.generator) on 127.0.0.1, answering each
request after --latency-ms. With --runs 1 it generates them in order as a walk reads them
(StreamedCkan) instead of holding them all (~25 KB each in memory), so a million-package
source fits on the machine. In this process, in order:

1. fetch floor: every package_search page read with a bare ckanapi.RemoteCKAN, in a child
   process of its own (its pages would otherwise stay in this process's peak RSS, which is
   meant to be the harvest's);
2. full first harvest into a fresh SQLite catalog (fetch, map, validate, store, outbox,
   embedded search index), through the real pipeline (catalog.worker.run_inline);
3. re-harvest with nothing changed (incremental: metadata_modified since the last good run,
   plus the id listing for deletions), and a full re-harvest (incremental off) for reference;
4. peak RSS of this process (ru_maxrss).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def streamed_ckan(n: int) -> Any:
    """A FakeCkan whose package_search generates the packages in order as a walk reads them
    (start 0, rows, 2 * rows, ...), keeping only the last page. A walk that starts again, or
    asks for an older page, regenerates from the first package: the generator is
    deterministic. Only what a first harvest and the bare fetch ask is answered (no filters)."""
    import itertools

    from tests.ckan_fake import FakeCkan
    from tools.demo.generator import generate_packages

    class StreamedCkan(FakeCkan):
        def __init__(self) -> None:
            super().__init__([])
            self.total = n
            self.restart()

        def restart(self) -> None:
            self.walk = generate_packages(n)
            self.position = 0  # index of the next package the walk yields
            self.last: tuple[int, int, list[dict[str, Any]]] = (-1, 0, [])

        def search(self, params: dict[str, str]) -> dict[str, Any]:
            if params.get("fq"):
                raise ValueError(f"StreamedCkan answers no filters, asked {params['fq']!r}")
            rows, start = int(params.get("rows", 10)), int(params.get("start", 0))
            with self.lock:
                if self.last[:2] == (start, rows):
                    page = self.last[2]
                else:
                    if start < self.position:
                        self.restart()
                    for _ in itertools.islice(self.walk, start - self.position):
                        pass
                    page = list(itertools.islice(self.walk, rows))
                    self.position = start + len(page)
                    self.last = (start, rows, page)
            if params.get("fl") == "id":
                return {"count": n, "results": [{"id": p["id"]} for p in page]}
            return {"count": n, "results": page}

    return StreamedCkan()


def serve(n: int, latency_ms: float, streamed: bool, conn: Any) -> None:
    """Child process: the portal."""
    from tests.ckan_fake import FakeCkan
    from tools.demo.generator import generate_packages

    fake = (streamed_ckan(n) if streamed else FakeCkan(list(generate_packages(n)))).start()
    fake.latency_s = latency_ms / 1000
    conn.send(fake.url)
    while True:
        time.sleep(3600)


def fetch_floor_child(url: str, page_size: int, conn: Any) -> None:
    """Child process: the bare fetch, with its own peak RSS."""
    seconds, seen = fetch_floor(url, page_size)
    conn.send((seconds, seen, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def fetch_floor(url: str, page_size: int) -> tuple[float, int]:
    import ckanapi

    api = ckanapi.RemoteCKAN(url)
    start, seen, t0 = 0, 0, time.perf_counter()
    while True:
        answer = api.action.package_search(
            q="*:*", rows=page_size, start=start, sort="metadata_created asc, id asc"
        )
        seen += len(answer["results"])
        start += len(answer["results"])
        if not answer["results"] or start >= answer["count"]:
            break
    return time.perf_counter() - t0, seen


def harvest_runs(
    url: str, page_size: int, folder: Path, runs: int = 3, max_job_s: float = 21600.0
) -> dict[str, Any]:
    from sqlalchemy import select

    from catalog import migrate
    from catalog.app import create_app
    from catalog.db import make_engine
    from catalog.models import Organization
    from catalog.services import demo as demo_service
    from catalog.services import harvest as service
    from catalog.services.auth import SYSTEM
    from catalog.worker import run_inline

    db_url = f"sqlite:///{folder / 'catalog.db'}"
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "database_url": db_url,
            "data_dir": str(folder / "instance"),
            "secret_key": "bench",
            "run_worker": False,
            "harvest_allow_private": True,
            # the production limit (an hour) would stop a million-package harvest on a
            # loaded machine: the bench measures the harvest, not the limit
            "harvest_max_job_s": max_job_s,
        }
    )
    ctx = app.extensions["catalog"]
    with ctx.db.session() as session:
        demo_service.load_organizations(session)
        org = session.scalars(select(Organization).order_by(Organization.slug)).first()
        source = service.create_source(
            session,
            SYSTEM,
            {
                "organization": org.slug,
                "title": "Bench portal",
                "type": "ckan",
                "url": url,
                "config": {"page_size": page_size, "remote_organization": True},
            },
            settings=ctx.settings,
        )
        source_id = source.id

    def one_run() -> tuple[float, Any]:
        with ctx.db.session() as session:
            job_id = service.queue_job(session, SYSTEM, source_id).id
        t0 = time.perf_counter()
        job = run_inline(ctx, job_id)
        return time.perf_counter() - t0, job

    cpu0 = time.process_time()
    harvest_s, first = one_run()
    harvest_cpu_s = time.process_time() - cpu0
    reharvest_s = full_reharvest_s = float("nan")
    done = [("harvest", first)]
    if runs > 1:
        reharvest_s, second = one_run()
        with ctx.db.session() as session:
            src = service.get_source(session, source_id)
            src.config = {**src.config, "incremental": False}
        full_reharvest_s, third = one_run()
        done += [("reharvest", second), ("full reharvest", third)]
    ctx.db.dispose()
    for label, job in done:
        print(
            f"{label:15s} {job.status}: found {job.found} created {job.created} "
            f"updated {job.updated} unchanged {job.unchanged} withdrawn {job.withdrawn} "
            f"errors {job.errors} {job.message[:100]}"
        )
    return {
        "harvest_s": harvest_s,
        "harvest_cpu_s": harvest_cpu_s,
        "reharvest_s": reharvest_s,
        "full_reharvest_s": full_reharvest_s,
        "created": first.created,
        "errors": first.errors,
    }


def measured(value: float) -> float | None:
    """Rounded, or None for a run not made (--runs 1)."""
    return None if value != value else round(value, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument(
        "--runs", type=int, choices=(1, 3), default=3, help="1: the first harvest only"
    )
    parser.add_argument(
        "--max-job-s", type=float, default=21600.0, help="the job time limit (default 6 h)"
    )
    args = parser.parse_args()

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(
        target=serve, args=(args.datasets, args.latency_ms, args.runs == 1, child), daemon=True
    )
    server.start()
    url = parent.recv()
    try:
        floor_parent, floor_child = multiprocessing.Pipe()
        floor = multiprocessing.Process(
            target=fetch_floor_child, args=(url, args.page_size, floor_child)
        )
        floor.start()
        fetch_s, fetched, fetch_rss_mb = floor_parent.recv()
        floor.join()
        print(
            f"fetch floor     {fetched} packages in {fetch_s:.2f} s (ckanapi, bare; "
            f"its process peaked at {fetch_rss_mb:.1f} MB)"
        )
        with tempfile.TemporaryDirectory() as tmp:
            runs = harvest_runs(url, args.page_size, Path(tmp), args.runs, args.max_job_s)
    finally:
        server.terminate()
        server.join(5)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "datasets": args.datasets,
        "page_size": args.page_size,
        "latency_ms": args.latency_ms,
        "fetch_s": round(fetch_s, 3),
        "harvest_s": round(runs["harvest_s"], 3),
        "datasets_per_s": round(runs["created"] / runs["harvest_s"], 1),
        "harvest_over_fetch": round(runs["harvest_s"] / fetch_s, 3),
        # CPU seconds of this process during the first harvest (the machine may be shared:
        # datasets per CPU-second shows the throughput when a core is free).
        "harvest_cpu_s": round(runs["harvest_cpu_s"], 3),
        "datasets_per_cpu_s": round(runs["created"] / runs["harvest_cpu_s"], 1),
        "reharvest_s": measured(runs["reharvest_s"]),
        "reharvest_over_harvest": measured(runs["reharvest_s"] / runs["harvest_s"]),
        "full_reharvest_s": measured(runs["full_reharvest_s"]),
        "full_reharvest_over_harvest": measured(runs["full_reharvest_s"] / runs["harvest_s"]),
        "created": runs["created"],
        "errors": runs["errors"],
        "peak_rss_mb": round(peak_rss_mb, 1),
        "fetch_floor_peak_rss_mb": round(fetch_rss_mb, 1),
    }
    print(
        f"harvest         {result['harvest_s']} s, {result['datasets_per_s']} datasets/s, "
        f"{result['harvest_over_fetch']}x the fetch floor"
    )
    print(f"reharvest       {result['reharvest_s']} s ({result['reharvest_over_harvest']}x)")
    print(f"peak RSS        {result['peak_rss_mb']} MB; load average {os.getloadavg()}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
