"""What a v1 search request costs beyond the engine, in-process, in thread CPU time.

    python bench/search_engine.py --datasets 20000 --data /tmp/idx20   # builds the catalog once
    python bench/search_overhead.py --data /tmp/idx20
    python bench/search_overhead.py --data /tmp/idx20 --code /tmp/old-worktree

bench/search.py's `http_over_engine` compares the HTTP median with 4 clients (through `catalog
serve`) with the engine's median; on 2 cores, 4 requests at once take about twice their CPU
time each, so what the request spends outside the engine counts about twice in the ratio. That
time is small next to the load of a shared machine, so it is measured here as CPU time of the
request's own thread, through Flask's test client (warm, one request at a time, the query mix
of bench/search.py): per query, the engine call alone (`backend.search` / `suggest`, as
bench/search.py times it) and the whole request; then the same requests with the engine's
answers memoized, so the request's CPU is everything but the engine (`overhead_cpu_p50_ms`,
the figure to compare codes by; the test client's own share, ~0.15-0.2 ms, is included).
--code runs another checkout's code on the same catalog. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="a directory bench/search_engine.py built")
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query mix")
    parser.add_argument("--code", default=None, help="checkout whose code runs (default: this)")
    args = parser.parse_args()
    code = Path(args.code or Path(__file__).resolve().parents[1]).resolve()
    sys.path[:0] = [str(code), str(code / "bench")]
    os.chdir(code)

    import search as bench_search  # bench/search.py of that checkout

    from catalog.app import create_app
    from catalog.search import backend_of

    data = Path(args.data)
    app = create_app({"data_dir": str(data), "secret_key": "bench", "run_worker": False})
    backend = backend_of(app)
    mix = bench_search.query_mix((data / "orgs.txt").read_text().split("\n"))
    client = app.test_client()

    def engine(query: Any) -> Any:
        return backend.suggest(query.text, 8) if query.prefix else backend.search(query)

    def request(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.data[:300])

    for query, path in mix:  # warm: connections, term statistics, profile cache
        engine(query)
        request(path)
    engine_cpu: dict[int, list[float]] = {}
    request_cpu: dict[int, list[float]] = {}
    for _ in range(args.rounds):
        for i, (query, path) in enumerate(mix):
            start = time.thread_time()
            engine(query)
            engine_cpu.setdefault(i, []).append((time.thread_time() - start) * 1000)
            start = time.thread_time()
            request(path)
            request_cpu.setdefault(i, []).append((time.thread_time() - start) * 1000)
    print("engine CPU ms | request CPU ms | outside the engine | path (medians per query)")
    for i, (_query, path) in enumerate(mix):
        e, r = statistics.median(engine_cpu[i]), statistics.median(request_cpu[i])
        print(f"{e:8.2f} {r:8.2f} {r - e:8.2f}  {path}")

    # the engine's answers memoized: what the request costs besides the engine
    memo: dict[str, Any] = {}
    search = backend.search

    def remembered(query: Any) -> Any:
        key = repr(query)
        if key not in memo:
            memo[key] = search(query)
        return copy.copy(memo[key])

    backend.search = remembered
    searches = [path for query, path in mix if not query.prefix]
    for path in searches:
        request(path)
    overhead: list[float] = []
    for _ in range(args.rounds * 2):
        for path in searches:
            start = time.thread_time()
            request(path)
            overhead.append((time.thread_time() - start) * 1000)

    engine_all = [v for values in engine_cpu.values() for v in values]
    request_all = [v for values in request_cpu.values() for v in values]
    outside = [
        statistics.median(request_cpu[i]) - statistics.median(engine_cpu[i]) for i in engine_cpu
    ]
    print(
        json.dumps(
            {
                "code": str(code),
                "engine_cpu_p50_ms": round(statistics.median(engine_all), 3),
                "request_cpu_p50_ms": round(statistics.median(request_all), 3),
                "request_over_engine_cpu": round(
                    statistics.median(request_all) / statistics.median(engine_all), 2
                ),
                "outside_engine_median_ms": round(statistics.median(outside), 3),
                "overhead_cpu_p50_ms": round(statistics.median(overhead), 3),
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
