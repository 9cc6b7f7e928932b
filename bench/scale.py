"""Scale benchmark: the cost curve from a regency's catalog to a national aggregator's.

    python bench/scale.py --sizes 10000,100000[,1000000] [--rounds 5] [--harvest-max 1000000]

For each size N, in one run:

1. harvest: `bench/harvest.py --datasets N --runs 1` in its own process (a local CKAN-shaped
   source in a child process that generates the packages as the walk reads them, the real
   pipeline into a fresh SQLite catalog): datasets/s, datasets per CPU-second and the
   harvest process's peak RSS. Sizes above --harvest-max are not harvested, and say so (a
   million-package harvest takes ~50 min on an idle 2-core machine, ~80 under load;
   the 1M catalog part of the run ~60 min: docs/benchmarks.md "Scale");
2. a fresh catalog of N generated datasets (tools.demo.generator: the demo's agencies,
   indicators, years and regions; bulk-inserted as bench/search.py does), then the full
   index build (`catalog reindex`'s code) and the quality recompute (`catalog quality
   recompute`'s code, when present);
3. engine p50/p99 of bench/search.py's fixed query mix (words, pairs incl. the broader
   partial matches, phrases, filtered+faceted, prefix suggests), of facet-heavy queries
   (every facet, with and without text and filters) and of suggest alone;
4. through `catalog serve` in its own processes: bench/search.py's HTTP figures (4 clients,
   http_over_engine), CKAN package_search paging as a harvester does it (`rows=1000`,
   sorted by metadata_created: the first page, then the walk to the end; the deep page is
   the walk's last page; also a cold jump to the last page, an offset query), the
   DCAT walk (/catalog.ttl, pages of 1000 by the hydra:next links: every page up to
   --dcat-full-max datasets, else the first, middle and last page by their cursors and the
   walk estimated from them; the last page by number, an offset, for comparison) and the
   streamed CSV export of the whole catalog (/api/v1/datasets?format=csv);
5. database and index file sizes, in bytes per dataset;
6. with noida-db installed (the test extra's Elasticsearch imitation; --no-es to skip; up to
   --es-max datasets, default 100,000, as the imitation holds its index in memory; at every
   size against --es-url, default CATALOG_TEST_ES_URL, a real Elasticsearch), the
   Elasticsearch backend's query builders for correctness, not speed: the same catalog
   indexed through `ElasticBackend.rebuild`, then every query of both mixes asked of both
   backends, comparing the totals, the facet counts and, for queries in a fixed order, the
   page's ids (relevance order differs by design: the imitation does not score as Lucene).

Then the growth exponent of each figure between consecutive sizes (log(b/a) / log(Nb/Na):
1 = linear, 0 = flat), the goals of issue 21 with their verdict, and one JSON line.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
# the servers run this checkout's code too (as bench/export.py's), not whatever the
# environment's `catalog` is (an editable install of another checkout)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)

import requests  # noqa: E402
import search as search_bench  # noqa: E402  (bench/search.py)

from catalog.app import create_app  # noqa: E402
from catalog.search import backend_of, rebuild  # noqa: E402
from catalog.search.query import FACETS, SearchQuery  # noqa: E402

PAGE = 1000


def pct(values: list[float], p: float) -> float:
    return search_bench.pct(values, p) if values else float("nan")


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def harvest(n: int) -> dict[str, Any]:
    """bench/harvest.py --runs 1 in its own process: its figures and its peak RSS."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "harvest.py"), "--datasets", str(n), "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def facet_mix(orgs: list[str]) -> list[SearchQuery]:
    every = tuple(FACETS)
    return [
        SearchQuery("", facets=every, sort="modified", highlight=False),
        SearchQuery("penduduk", facets=every, highlight=False),
        SearchQuery("", filters={"year": ("2020",)}, facets=every, sort="modified"),
        SearchQuery("sekolah", filters={"organization": (orgs[0],)}, facets=every),
        SearchQuery("", filters={"topic": ("kependudukan",), "format": ("CSV",)}, facets=every),
    ]


def engine_figures(backend: Any, orgs: list[str], rounds: int) -> dict[str, Any]:
    mix = search_bench.query_mix(orgs)
    ms = search_bench.engine_times(backend, mix, rounds)
    suggest = [(q, p) for q, p in mix if q.prefix]
    suggest_ms = search_bench.engine_times(backend, suggest, rounds * 2)
    facets = [(q, "") for q in facet_mix(orgs)]
    facet_ms = search_bench.engine_times(backend, facets, rounds)
    return {
        "mix": mix,
        "engine_p50_ms": pct(ms, 50),
        "engine_p99_ms": pct(ms, 99),
        "suggest_p50_ms": pct(suggest_ms, 50),
        "facets_p50_ms": pct(facet_ms, 50),
        "facets_p99_ms": pct(facet_ms, 99),
    }


def ckan_paging(base: str, n: int) -> dict[str, Any]:
    """A harvester's walk: rows=1000, start 0, 1000, ... sorted by metadata_created."""
    http = requests.Session()
    path = f"{base}/api/3/action/package_search"
    params = {"q": "*:*", "rows": PAGE, "sort": "metadata_created asc, id asc"}

    def page(start: int) -> tuple[float, dict[str, Any]]:
        t = time.perf_counter()
        answer = http.get(path, params={**params, "start": start}, timeout=600).json()["result"]
        return time.perf_counter() - t, answer

    firsts = [page(0)[0] for _ in range(3)]
    walk_ms: list[float] = []
    start, seen, t0 = 0, set(), time.perf_counter()
    while True:
        took, answer = page(start)
        walk_ms.append(took * 1000)
        seen.update(p["id"] for p in answer["results"])
        start += len(answer["results"])
        if not answer["results"] or start >= answer["count"]:
            break
    walk_s = time.perf_counter() - t0
    deep_start = max(0, min(n, 200_000) - PAGE)
    cold = [page(deep_start)[0] for _ in range(2)]  # no cursor at this start: an offset
    first_ms = sorted(firsts)[1] * 1000
    deep_ms = max(walk_ms[-2:]) if len(walk_ms) > 1 else walk_ms[-1]
    return {
        "ckan_first_page_ms": first_ms,
        "ckan_deep_page_ms": deep_ms,
        "ckan_deep_over_first": deep_ms / first_ms,
        "ckan_cold_jump_ms": min(cold) * 1000,
        "ckan_cold_jump_start": deep_start,
        "ckan_walk_s": walk_s,
        "ckan_walk_datasets": len(seen),
    }


def dcat_walk(base: str, n: int, full_max: int, cursor_at: Any) -> dict[str, Any]:
    """/catalog.ttl, pages of 1000, as a harvester walks them: by the hydra:next links
    (keyset: `after=` the last id of the page before). Every page up to `full_max` datasets;
    above, the first page, then the middle and the last full page by their cursors
    (`cursor_at(k)`: the id before the k-th published dataset) and the walk estimated from
    the three (a page of 1000 datasets is seconds of RDF serialisation). The last page
    asked by number (an offset: what a client jumping with `page=` gets) for comparison."""
    http = requests.Session()
    pages = -(-(n + 1) // PAGE)  # + the dataset measure_http wrote
    times: list[float] = []
    total_bytes = 0

    def get(params: dict[str, Any]) -> str:
        t = time.perf_counter()
        r = http.get(f"{base}/catalog.ttl", params={**params, "per_page": PAGE}, timeout=900)
        times.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise RuntimeError(f"/catalog.ttl {params}: HTTP {r.status_code}")
        nonlocal total_bytes
        total_bytes += len(r.content)
        return r.text

    if n <= full_max:
        text, read = get({"page": 1}), 1
        while next_link := re.search(r"hydra:next <([^>]+)>", text):
            query = dict(parse_qsl(urlsplit(html.unescape(next_link.group(1))).query))
            text, read = get(query), read + 1
        if read != pages:
            raise RuntimeError(f"the walk by next links read {read} pages of {pages}")
    else:
        get({"page": 1})
        get({"after": cursor_at(PAGE * (pages // 2))})
        get({"after": cursor_at(n + 1 - PAGE)})  # the last full page
    t = time.perf_counter()
    by_number = http.get(
        f"{base}/catalog.ttl", params={"page": pages, "per_page": PAGE}, timeout=900
    )
    by_number_s = time.perf_counter() - t
    return {
        "dcat_pages": pages,
        "dcat_pages_read": len(times),
        "dcat_walk_s": sum(times) * pages / len(times),
        "dcat_first_page_ms": times[0] * 1000,
        "dcat_last_page_ms": times[-1] * 1000,
        "dcat_last_page_by_number_ms": by_number_s * 1000 if by_number.ok else float("nan"),
        "dcat_mb": total_bytes * pages / len(times) / 2**20,
    }


def cursor_of(db: Any) -> Any:
    """cursor_at(k): the id of the published dataset before the k-th, in id order (what a
    walk by next links would carry there)."""
    from sqlalchemy import text

    def cursor_at(k: int) -> str:
        with db.engine.connect() as conn:
            return str(
                conn.execute(
                    text(
                        "SELECT id FROM datasets WHERE state = 'published' ORDER BY id "
                        "LIMIT 1 OFFSET :k"
                    ),
                    {"k": k - 1},
                ).scalar_one()
            )

    return cursor_at


def csv_export(base: str) -> dict[str, Any]:
    http = requests.Session()
    t0 = time.perf_counter()
    r = http.get(f"{base}/api/v1/datasets", params={"format": "csv"}, stream=True, timeout=3600)
    if r.status_code != 200:
        return {"csv_note": f"/api/v1/datasets?format=csv: HTTP {r.status_code}"}
    size = lines = 0
    for chunk in r.iter_content(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")
    return {"csv_s": time.perf_counter() - t0, "csv_rows": lines - 1, "csv_mb": size / 2**20}


def quality(ctx: Any) -> dict[str, Any]:
    try:
        from catalog.services import quality as quality_service
    except ImportError:
        return {"quality_note": "no quality recompute in this tree (issue 16)"}
    t0 = time.perf_counter()
    with ctx.unit_of_work() as session:
        changed = quality_service.recompute_all(session, reindex=False)
    return {"quality_recompute_s": time.perf_counter() - t0, "quality_changed": changed}


def attempt(fig: dict[str, Any], label: str, fn: Any, *args: Any) -> None:
    """One measurement into `fig`; a failure is recorded and printed and the run goes on to
    the next (a run of hours should not end at its first surprise)."""
    try:
        fig.update(fn(*args))
    except Exception as exc:
        fig.setdefault("failed", []).append(f"{label}: {exc!r}"[:300])
        print(f"FAILED {label}: {exc!r}", flush=True)


def _differences(q: SearchQuery, ours: Any, theirs: Any) -> list[str]:
    """What the Elasticsearch answer to `q` has that the embedded engine's does not."""
    out = []
    if ours.total != theirs.total:
        out.append(f"total {ours.total} != {theirs.total}")
    for name in q.facets:
        mine = {(v.value, v.count) for v in ours.facets.get(name, [])}
        other = {(v.value, v.count) for v in theirs.facets.get(name, [])}
        if mine != other:
            out.append(f"facet {name}: {sorted(mine ^ other)[:4]}")
    if q.sort != "relevance" and [h.id for h in ours.hits] != [h.id for h in theirs.hits]:
        out.append("page ids in another order")
    return out


def es_check(
    ctx: Any, backend: Any, orgs: list[str], tmp: Path, es_url: str | None
) -> dict[str, Any]:
    """The Elasticsearch backend's builders on this catalog, against `es_url` (a real
    Elasticsearch) or else the imitation server."""
    from catalog.search.elastic import ElasticBackend
    from tests.servers import elasticsearch_imitation

    server = nullcontext(es_url) if es_url else elasticsearch_imitation(tmp / "noida")
    alias = f"bench-scale-{uuid.uuid4().hex[:8]}"
    with server as url:
        es = ElasticBackend(url, alias, timeout=600)
        build_s, _ = timed(es.rebuild, rebuild.published_documents(ctx.db))
        queries = [q for q, _ in search_bench.query_mix(orgs) if not q.prefix]
        queries += facet_mix(orgs)
        wrong = []
        for q in queries:
            diff = _differences(q, backend.search(q), es.search(q))
            if diff:
                wrong.append(f"{q.text or '(all)'} {dict(q.filters)}: " + "; ".join(diff))
        if es_url:  # a real cluster keeps what it is given: leave nothing behind
            behind = es.client.indices.get_alias(name=alias).body
            es.client.indices.delete(index=",".join(behind))
    for line in wrong:
        print(f"  elasticsearch differs: {line}"[:400], flush=True)
    print(
        f"elasticsearch ({es_url or 'noida-db imitation'}): indexed in {build_s:.1f} s, "
        f"{len(queries) - len(wrong)} of {len(queries)} queries answered alike",
        flush=True,
    )
    return {"es_index_build_s": build_s, "es_queries": len(queries), "es_differ": len(wrong)}


def one_size(n: int, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    print(f"\n== {n} datasets ==", flush=True)
    fig: dict[str, Any] = {"datasets": n}
    if n <= args.harvest_max:
        h = harvest(n)
        fig.update(
            harvest_datasets_per_s=h["datasets_per_s"],
            harvest_datasets_per_cpu_s=h["datasets_per_cpu_s"],
            harvest_peak_rss_mb=h["peak_rss_mb"],
        )
        print(
            f"harvest: {h['datasets_per_s']} datasets/s ({h['datasets_per_cpu_s']} per "
            f"CPU-second), peak RSS {h['peak_rss_mb']} MB",
            flush=True,
        )
    else:
        print(f"harvest: not measured above --harvest-max {args.harvest_max}", flush=True)

    app = create_app({"data_dir": str(tmp), "secret_key": "bench", "run_worker": False})
    ctx = app.extensions["catalog"]
    backend = backend_of(app)
    load_s, orgs = timed(search_bench.load, app, n)
    build_s, _count = timed(rebuild.reindex, ctx.db, backend)
    fig.update(load_s=load_s, index_build_s=build_s)
    print(f"catalog: stored in {load_s:.1f} s, index build {build_s:.1f} s", flush=True)
    # before the recompute below, which leaves the embedded index as it is
    if args.es and (args.es_url or n <= args.es_max):
        attempt(fig, "Elasticsearch check", es_check, ctx, backend, orgs, tmp, args.es_url)
    elif args.es:
        print(f"elasticsearch: not checked above --es-max {args.es_max}", flush=True)
    attempt(fig, "quality recompute", quality, ctx)
    eng = engine_figures(backend, orgs, args.rounds)
    mix = eng.pop("mix")
    fig.update(eng)
    print(
        f"engine: mix p50 {eng['engine_p50_ms']:.2f} / p99 {eng['engine_p99_ms']:.2f} ms; "
        f"facets p50 {eng['facets_p50_ms']:.2f} / p99 {eng['facets_p99_ms']:.2f} ms; "
        f"suggest p50 {eng['suggest_p50_ms']:.2f} ms",
        flush=True,
    )

    from catalog.services import users
    from catalog.services.auth import SYSTEM

    with ctx.unit_of_work() as session:
        user = users.create_user(
            session, SYSTEM, username="bench", password="bench-pass-123", roles=["admin"]
        )
        _tok, secret = users.create_token(session, SYSTEM, user, "bench")
    ctx.db.dispose()
    db_bytes = sum(f.stat().st_size for f in tmp.glob("*.db*"))
    index_bytes = sum(
        f.stat().st_size for f in Path(ctx.settings.resolved_search_path).parent.glob("*")
        if f.is_file() and f.name.startswith(Path(ctx.settings.resolved_search_path).name)
    )  # fmt: skip
    fig.update(db_bytes_per_dataset=db_bytes / n, index_bytes_per_dataset=index_bytes / n)

    server, port, _log = search_bench.start_server(tmp, None)
    try:
        processes = search_bench.cpu_count()
        booted = search_bench.wait_for_processes(port, processes)
        http = search_bench.measure_http(port, mix, orgs, secret, args.rounds, len(booted))
        fig.update(
            http_p50_ms=http["http_p50_ms"],
            http_p99_ms=http["http_p99_ms"],
            http_over_engine=http["http_p50_ms"] / fig["engine_p50_ms"],
        )
        base = f"http://127.0.0.1:{port}"
        attempt(fig, "CKAN paging", ckan_paging, base, n)
        attempt(fig, "DCAT walk", dcat_walk, base, n, args.dcat_full_max, cursor_of(ctx.db))
        attempt(fig, "CSV export", csv_export, base)
    finally:
        search_bench.stop_server(server)
    for key in ("dcat_note", "csv_note", "quality_note", "failed"):
        if key in fig:
            print(f"note: {fig[key]}")
    print(
        "figures: " + ", ".join(f"{k} {round(v, 3)}" for k, v in fig.items() if is_number(v)),
        flush=True,
    )
    return fig


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def exponents(results: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Growth exponent of every figure between consecutive sizes."""
    out: dict[str, dict[str, float]] = {}
    for a, b in itertools.pairwise(results):
        step = f"{a['datasets']}->{b['datasets']}"
        ratio = math.log(b["datasets"] / a["datasets"])
        out[step] = {
            k: round(math.log(b[k] / a[k]) / ratio, 2)
            for k in a
            if k != "datasets" and is_number(a.get(k)) and is_number(b.get(k)) and a[k] > 0
            and b[k] > 0
        }  # fmt: skip
    return out


def goals(results: list[dict[str, Any]], growth: dict[str, dict[str, float]]) -> list[str]:
    """Issue 21's goals, each with what was measured."""
    lines = []
    for r in results:
        n = r["datasets"]
        rss = r.get("harvest_peak_rss_mb")
        if rss is not None:
            limit = 300 if n <= 50_000 else 400
            lines.append(f"{n}: harvest peak RSS {rss} MB (goal <= {limit} MB)")
        lines.append(
            f"{n}: p99/p50 {r['engine_p99_ms'] / r['engine_p50_ms']:.1f} (<= 10), "
            f"http/engine {r['http_over_engine']:.2f} (<= 3), deep/first CKAN page "
            f"{r.get('ckan_deep_over_first', float('nan')):.2f} (<= 3)"
        )
    for step, g in growth.items():
        lines.append(
            f"{step}: exponent index build {g.get('index_build_s')}, quality recompute "
            f"{g.get('quality_recompute_s')} (<= 1 each), engine p50 x"
            f"{math.exp(g.get('engine_p50_ms', float('nan')) * math.log(10)):.2f} per 10x "
            "(<= 3 from 100k to 1M)"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mixes")
    parser.add_argument("--harvest-max", type=int, default=1_000_000)
    parser.add_argument(
        "--dcat-full-max", type=int, default=10_000, help="walk every DCAT page up to this size"
    )
    parser.add_argument(
        "--no-es",
        dest="es",
        action="store_false",
        help="skip the Elasticsearch builders' check against noida-db",
    )
    parser.add_argument(
        "--es-max",
        type=int,
        default=100_000,
        help="check the Elasticsearch builders up to this size (noida-db holds its index in "
        "memory: ~2.6 GB at 100,000 datasets)",
    )
    parser.add_argument(
        "--es-url",
        default=os.environ.get("CATALOG_TEST_ES_URL"),
        help="a real Elasticsearch to check against at every size instead of noida-db "
        "(default: CATALOG_TEST_ES_URL)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    results = []
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-scale-{n}-"))
        try:
            results.append(one_size(n, args, tmp))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    growth = exponents(results)
    print("\ngrowth exponents (1 = linear, 0 = flat):")
    for step, g in growth.items():
        print(f"  {step}: " + ", ".join(f"{k} {v}" for k, v in g.items()))
    print("\ngoals:")
    for line in goals(results, growth):
        print("  " + line)
    wall = time.perf_counter() - started
    print(
        f"\nwall {wall:.0f} s; load average {os.getloadavg()}; bench process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    rounded = [{k: round(v, 3) if is_number(v) else v for k, v in r.items()} for r in results]
    print(json.dumps({"sizes": rounded, "growth": growth, "wall_s": round(wall, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
