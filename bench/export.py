"""Streamed CSV of a whole search result: server memory and time; or DCAT catalog pages.

    python bench/export.py --datasets 100000
    python bench/export.py --dcat --datasets 2000 [--rounds 5] [--before REF]

A fresh SQLite catalog gets `--datasets` realistic records (bench/search.py's loader) and
its search index is built; `catalog serve` (the production command, one serving process so
its memory is the download's) answers `GET /api/v1/datasets?format=csv` -- every published
dataset, one row each -- while a sampler reads the serving process's resident memory
(VmRSS, every 20 ms) and its peak (VmHWM). Baseline, same run and same process: a JSON page
of 100 results (its time, and the memory after it). The goal (issue 17): the stream adds
less than 100 MB to the server's memory. The last line printed is one JSON object.

With `--dcat` (issue 21): the median time of the first page of 1000 datasets of
`/catalog.{ttl,rdf,jsonld}` over `--rounds` rounds, against a baseline measured in the same
rounds and process: the CKAN `package_search` page of the same 1000 datasets
(`rows=1000`), so the figure is a ratio that holds across machines and loads. With
`--before REF` a second server runs the code of the git revision REF (`git archive`d into a
temporary directory) on the same catalog, its pages asked in turn with this checkout's, and
the speed-up after/before is printed too (both sides see the same load).
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_search", HERE / "search.py")
assert _spec and _spec.loader
bench_search: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)  # also puts the repository on sys.path

from catalog.app import create_app  # noqa: E402

# the server runs this checkout's code, as the bench does (not whatever `catalog` resolves to)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(HERE.parent), os.environ.get("PYTHONPATH", "")) if p
)
from catalog.search import backend_of, rebuild  # noqa: E402


def rss_mb(pid: int, field: str = "VmRSS:") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """The largest VmRSS of a process seen while it runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.02)


def json_page_ms(port: int, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        t0 = time.perf_counter()
        conn.request("GET", "/api/v1/datasets?per_page=100&sort=title")
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - t0) * 1000)
        conn.close()
    return out


def stream_csv(port: int, path: str) -> tuple[int, int, float, float]:
    """(rows, bytes, seconds to the first byte, seconds in all), reading as it comes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    t0 = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    assert response.status == 200, response.read()[:500]
    first = None
    size = lines = 0
    last = b""
    while chunk := response.read1(65536):
        if first is None:
            first = time.perf_counter() - t0
        size += len(chunk)
        # a line end split between two reads counts too
        lines += (last + chunk[:1]).count(b"\r\n") + chunk.count(b"\r\n")
        last = chunk[-1:]
    conn.close()
    return lines - 1, size, first or 0.0, time.perf_counter() - t0


DCAT_PAGE = 1000
DCAT_FORMATS = ("ttl", "rdf", "jsonld")


def get_ms(port: int, path: str) -> tuple[float, int]:
    """(milliseconds, bytes) of one GET read whole."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    t0 = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - t0) * 1000
    conn.close()
    assert response.status == 200, (path, response.status, body[:300])
    return elapsed, len(body)


def checkout(ref: str, into: Path) -> Path:
    """The files of git revision `ref` of this repository under `into`."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def start_with(tmp: Path, root: Path) -> tuple[Any, int]:
    """`catalog serve` (one process) running the code under `root`."""
    saved = os.environ["PYTHONPATH"]
    os.environ["PYTHONPATH"] = str(root)
    try:
        server, port, _log = bench_search.start_server(tmp, 1)
    finally:
        os.environ["PYTHONPATH"] = saved
    return server, port


def dcat_main(args: argparse.Namespace, tmp: Path) -> None:
    """DCAT pages of 1000 against the CKAN page of the same 1000, per round, in turn."""
    servers = [("after", *start_with(tmp, HERE.parent))]
    try:
        if args.before:
            root = checkout(args.before, tmp / "before-code")
            servers.append(("before", *start_with(tmp, root)))
        times: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        ckan = f"/api/3/action/package_search?rows={DCAT_PAGE}&start=0"
        for _name, _server, port in servers:  # warm up: imports, caches, the first query
            get_ms(port, ckan)
            get_ms(port, f"/catalog.ttl?per_page={DCAT_PAGE}")
        for n in range(args.rounds):
            ms, _size = get_ms(servers[0][2], ckan)
            times.setdefault("ckan_page", []).append(ms)
            for ext in DCAT_FORMATS:
                for name, _server, port in servers:
                    ms, size = get_ms(port, f"/catalog.{ext}?per_page={DCAT_PAGE}&page=1")
                    times.setdefault(f"{ext}_{name}", []).append(ms)
                    sizes[f"{ext}_{name}"] = size
            print(f"round {n + 1}: " + ", ".join(f"{k} {v[-1]:.0f} ms" for k, v in times.items()))
    finally:
        for _name, server, _port in servers:
            bench_search.stop_server(server)
    med = {k: statistics.median(v) for k, v in times.items()}
    out: dict[str, Any] = {"datasets": args.datasets, "page": DCAT_PAGE, "rounds": args.rounds}
    out["ckan_page_ms"] = round(med["ckan_page"], 1)
    print(f"CKAN package_search page of {DCAT_PAGE} (baseline): median {med['ckan_page']:.0f} ms")
    for ext in DCAT_FORMATS:
        after = med[f"{ext}_after"]
        line = (
            f"/catalog.{ext} page of {DCAT_PAGE}: median {after:.0f} ms "
            f"({sizes[f'{ext}_after'] / 1e6:.1f} MB), {after / med['ckan_page']:.2f}x the CKAN page"
        )
        out[f"{ext}_ms"] = round(after, 1)
        out[f"{ext}_over_ckan"] = round(after / med["ckan_page"], 2)
        if args.before:
            before = med[f"{ext}_before"]
            line += (
                f"; before ({args.before}) {before:.0f} ms, {before / med['ckan_page']:.2f}x "
                f"the CKAN page: {before / after:.2f}x quicker now"
            )
            out[f"{ext}_before_ms"] = round(before, 1)
            out[f"{ext}_speedup"] = round(before / after, 2)
        print(line)
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="JSON pages for the baseline")
    parser.add_argument("--dcat", action="store_true", help="DCAT pages of 1000, not the CSV")
    parser.add_argument("--before", help="with --dcat: also serve this git revision's code")
    args = parser.parse_args()
    if args.dcat:
        with tempfile.TemporaryDirectory(prefix="bench-export-") as name:
            tmp = Path(name)
            app = create_app({"data_dir": str(tmp), "secret_key": "bench", "run_worker": False})
            ctx = app.extensions["catalog"]
            bench_search.load(app, args.datasets)
            rebuild.reindex(ctx.db, backend_of(app))
            ctx.db.dispose()
            dcat_main(args, tmp)
        return
    with tempfile.TemporaryDirectory(prefix="bench-export-") as name:
        tmp = Path(name)
        app = create_app({"data_dir": str(tmp), "secret_key": "bench", "run_worker": False})
        ctx = app.extensions["catalog"]
        t0 = time.perf_counter()
        bench_search.load(app, args.datasets)
        print(f"stored {args.datasets} datasets in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        count = rebuild.reindex(ctx.db, backend_of(app))
        print(f"index build: {count} documents in {time.perf_counter() - t0:.1f} s")
        ctx.db.dispose()

        server, port, _log = bench_search.start_server(tmp, 1)
        try:
            client = bench_search.Client("127.0.0.1", port)
            pid = client.pid()
            client.close()
            page_ms = json_page_ms(port, args.rounds)
            before = rss_mb(pid)
            sampler = Sampler(pid)
            sampler.start()
            rows, size, first_s, total_s = stream_csv(port, "/api/v1/datasets?format=csv")
            sampler.stop.set()
            sampler.join()
            after, hwm = rss_mb(pid), rss_mb(pid, "VmHWM:")
        finally:
            bench_search.stop_server(server)
    peak = max(sampler.peak, hwm)
    print(f"JSON page of 100 (baseline): median {statistics.median(page_ms):.0f} ms")
    print(
        f"CSV of {rows} results: {size / 1e6:.1f} MB in {total_s:.1f} s "
        f"(first byte after {first_s:.2f} s), {rows / total_s:.0f} rows/s"
    )
    print(
        f"server RSS: {before:.0f} MB before, peak {peak:.0f} MB during the stream "
        f"(growth {peak - before:.0f} MB; goal < 100 MB), {after:.0f} MB after"
    )
    page_median = statistics.median(page_ms)
    print(
        json.dumps(
            {
                "datasets": args.datasets,
                "csv_rows": rows,
                "csv_mb": round(size / 1e6, 1),
                "csv_s": round(total_s, 1),
                "csv_first_byte_s": round(first_s, 2),
                "json_page_100_ms": round(page_median, 1),
                "csv_s_per_1000_rows_over_json_page": round(
                    total_s / max(rows, 1) * 1000 / (page_median / 1000), 2
                ),
                "server_rss_before_mb": round(before, 1),
                "server_rss_peak_mb": round(peak, 1),
                "server_rss_growth_mb": round(peak - before, 1),
                "server_rss_after_mb": round(after, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
