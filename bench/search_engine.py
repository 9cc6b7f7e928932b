"""Engine-only search timing per query, in thread CPU time as well as wall time.

    python bench/search_engine.py --datasets 100000 --data /tmp/idx-new
    python bench/search_engine.py --datasets 100000 --data /tmp/idx-old --code /tmp/old-worktree

On a machine shared with other work the wall-clock figures of bench/search.py move with the
load (the same code measured 3 ms and 9 ms engine p50 hours apart); the CPU time a query
spends in its own thread (Python and SQLite alike) moves much less, so two codes can be
compared on it while the machine is busy. The first run with a given --data directory builds
the catalog (bench/search.py's records) and the index, timing the rebuild (wall and CPU); later
runs reuse them. --code runs another checkout's code (e.g. a `git worktree` of an older
commit) on its own --data directory (index layouts differ between versions). --cold empties
the backend's per-connection term statistics before every query, as a write would (the first
search after each change of the index). --facets times bench/scale.py's facet-heavy queries
(every facet, with and without text and filters) instead of the query mix. --rebuild
upgrades the database of an existing --data directory and rebuilds its index again, timed
(wall and CPU), before the queries: e.g. to compare two codes' rebuilds of one catalog. The
last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--data", required=True, help="directory of the catalog and its index")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    parser.add_argument("--code", default=None, help="checkout whose code runs (default: this)")
    parser.add_argument("--cold", action="store_true", help="no term statistics kept")
    parser.add_argument("--facets", action="store_true", help="the facet-heavy queries")
    parser.add_argument("--rebuild", action="store_true", help="rebuild an existing index")
    args = parser.parse_args()
    code = Path(args.code or Path(__file__).resolve().parents[1]).resolve()
    sys.path[:0] = [str(code), str(code / "bench")]
    os.chdir(code)

    import search as bench_search  # bench/search.py of that checkout

    from catalog.app import create_app
    from catalog.search import backend_of

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    orgs_file = data / "orgs.txt"
    build: dict[str, float] = {}
    app = create_app({"data_dir": str(data), "secret_key": "bench", "run_worker": False})
    backend = backend_of(app)
    fresh = not orgs_file.exists()
    if fresh or args.rebuild:
        try:
            from catalog.search import rebuild
        except ImportError:  # older checkouts
            from catalog.search import indexer as rebuild  # type: ignore[no-redef]
        if fresh:
            orgs = bench_search.load(app, args.datasets)
        else:
            from catalog import migrate

            migrate.upgrade(app.extensions["catalog"].db.engine)
            orgs = orgs_file.read_text().split("\n")
        wall, cpu = time.perf_counter(), time.process_time()
        rebuild.reindex(app.extensions["catalog"].db, backend)
        build = {
            "index_build_s": round(time.perf_counter() - wall, 1),
            "index_build_cpu_s": round(time.process_time() - cpu, 1),
        }
        print(f"index build: {build}")
        orgs_file.write_text("\n".join(orgs))
    orgs = orgs_file.read_text().split("\n")
    mix = bench_search.query_mix(orgs)
    if args.facets:
        import scale  # bench/scale.py

        mix = [(q, "") for q in scale.facet_mix(orgs)]

    def run(query):  # type: ignore[no-untyped-def]
        if args.cold:
            backend._term_stats = None
        if query.prefix:
            return len(backend.suggest(query.text, 8))
        return backend.search(query).total

    for query, _ in mix:
        run(query)
    walls: dict[int, list[float]] = {}
    cpus: dict[int, list[float]] = {}
    for _ in range(args.rounds):
        for i, (query, _) in enumerate(mix):
            wall, cpu = time.perf_counter(), time.thread_time()
            run(query)
            cpus.setdefault(i, []).append((time.thread_time() - cpu) * 1000)
            walls.setdefault(i, []).append((time.perf_counter() - wall) * 1000)
    for i, (query, _) in enumerate(mix):
        label = (query.text or "(no text)") + "".join(
            f" {k}={','.join(v)}" for k, v in query.filters.items()
        )
        print(
            f"{label[:28]:28} cpu median {statistics.median(cpus[i]):7.2f} ms   "
            f"wall fastest {min(walls[i]):7.2f} ms   results {run(query)}"
        )
    all_cpu = sorted(v for vs in cpus.values() for v in vs)
    all_wall = sorted(v for vs in walls.values() for v in vs)

    def pct(values: list[float], p: float) -> float:
        return round(values[min(len(values) - 1, int(len(values) * p / 100))], 2)

    print(
        json.dumps(
            {
                "code": str(code),
                "cold": args.cold,
                "facets": args.facets,
                **build,
                "engine_cpu_p50_ms": pct(all_cpu, 50),
                "engine_cpu_p99_ms": pct(all_cpu, 99),
                "engine_p50_ms": pct(all_wall, 50),
                "engine_p99_ms": pct(all_wall, 99),
                "load_average": float(Path("/proc/loadavg").read_text().split()[0]),
            }
        )
    )


if __name__ == "__main__":
    main()
