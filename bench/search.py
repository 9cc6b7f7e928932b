"""Search benchmark: full index build, engine and HTTP query latency, write-to-searchable.

    python bench/search.py --datasets 100000

Datasets are realistic Indonesian records (tools.demo.generator.generate_packages when
present, else the generator below), bulk-inserted into a fresh SQLite catalog. The embedded
index is then rebuilt from the database (the real `catalog reindex` path), a fixed query mix
runs against the engine and through the real HTTP server -- `catalog serve`, the production
command, started as its own process (one serving process per CPU by default, gunicorn) on
127.0.0.1 and driven by 4 client threads with keep-alive connections spread over the serving
processes (see connect_clients; --no-spread keeps the accept race's split) -- and one dataset is
written over HTTP and timed until search returns it. The last line printed is one JSON
object; `server_processes` is how many serving processes answered the 4 client connections,
`server_peak_rss_mb` the largest peak RSS among them (`peak_rss_mb` is the bench process).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import queue
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog import migrate
from catalog.app import create_app
from catalog.config import cpu_count
from catalog.models import (
    Dataset,
    DatasetRegion,
    DatasetTag,
    DatasetTopic,
    Organization,
    Resource,
)
from catalog.search import backend_of, rebuild
from catalog.search.query import SearchQuery
from catalog.search.sqlite_fts import SqliteBackend

SUBJECTS = [
    *[
        ("penduduk", "kependudukan"),
        ("penduduk miskin", "kemiskinan"),
        ("kemiskinan", "kemiskinan"),
    ],
    *[("sekolah dasar", "pendidikan"), ("guru", "pendidikan"), ("murid", "pendidikan")],
    *[("puskesmas", "kesehatan"), ("kasus demam berdarah", "kesehatan")],
    *[("balita stunting", "kesehatan"), ("tenaga kesehatan", "kesehatan")],
    *[("pengangguran", "tenaga-kerja"), ("pencari kerja", "tenaga-kerja")],
    *[("rumah tidak layak huni", "perumahan"), ("kompleks perumahan", "perumahan")],
    *[("produk domestik regional bruto", "neraca-nasional")],
    *[("pertumbuhan ekonomi", "neraca-nasional"), ("harga eceran beras", "harga")],
    *[("inflasi", "harga"), ("produksi padi", "pertanian"), ("luas panen", "pertanian")],
    *[("populasi ternak", "pertanian"), ("industri kecil", "industri")],
    *[("kunjungan wisatawan", "pariwisata"), ("hotel", "pariwisata")],
    *[("kendaraan bermotor", "transportasi"), ("panjang jalan", "transportasi")],
    *[("menara telekomunikasi", "komunikasi"), ("pendapatan asli daerah", "keuangan")],
    *[("koperasi", "usaha"), ("pasar tradisional", "perdagangan")],
    *[("timbulan sampah", "lingkungan-hidup"), ("kualitas air sungai", "lingkungan-hidup")],
    *[("kejadian banjir", "bencana"), ("kebakaran", "bencana")],
    *[("pelanggaran hukum", "hukum-kriminal"), ("pegawai negeri sipil", "pemerintahan")],
    *[("desa", "wilayah"), ("perempuan kepala keluarga", "gender")],
]
MEASURES = ["Jumlah", "Persentase", "Rasio", "Angka", "Data", "Rekapitulasi", "Indeks", "Rata-rata"]
DIMENSIONS = ["Kecamatan", "Desa", "Jenis Kelamin", "Kelompok Umur", "Bulan", "Status", "Jenjang"]
DESCRIPTIONS = [
    "Data {s} menurut {d} di Kabupaten Tangerang hasil pendataan {o}.",
    "Rekapitulasi {s} per {d} yang dihimpun dari laporan rutin {o}.",
    "Perkembangan {s} untuk perencanaan pembangunan dan perekonomian daerah.",
    "Sumber: kompilasi data administrasi {o}; mencakup seluruh {d}.",
]
FORMATS = ["CSV", "XLSX", "PDF", "JSON", "XLS", "ODS"]
FREQUENCIES = ["tahunan", "bulanan", "triwulanan", "semesteran"]
LICENSES = ["cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0", "odc-by"]
KECAMATAN = [f"36.03.{i:02d}" for i in range(1, 30)]


def generate(n: int, orgs: list[tuple[str, str]], seed: int = 7) -> list[dict[str, Any]]:
    """n dataset records in the catalog's profile shape (deterministic)."""
    rnd = random.Random(seed)
    out = []
    base = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(n):
        subject, topic = rnd.choice(SUBJECTS)
        dim = rnd.choice(DIMENSIONS)
        year = rnd.randint(2015, 2025)
        org_id, org_title = rnd.choice(orgs)
        title = f"{rnd.choice(MEASURES)} {subject.title()} Menurut {dim} {year}"
        desc = " ".join(
            t.format(s=subject, d=dim.lower(), o=org_title) for t in rnd.sample(DESCRIPTIONS, 2)
        )
        tags = sorted(
            {subject.split()[0], topic.split("-")[0], rnd.choice(["sdi", "opd", dim.lower()])}
        )
        stamp = base + timedelta(minutes=i)
        out.append(
            {
                "id": str(uuid.UUID(int=rnd.getrandbits(128))),
                "slug": f"dataset-{i}",
                "title": title,
                "description": desc,
                "organization_id": org_id,
                "license": rnd.choice(LICENSES),
                "frequency": rnd.choice(FREQUENCIES),
                "temporal_start": date(year, 1, 1),
                "temporal_end": date(year + rnd.choice([0, 0, 1, 2]), 12, 31),
                "state": "published",
                "created_at": stamp,
                "updated_at": stamp,
                "tags": tags,
                "topic": topic,
                "region": rnd.choice(KECAMATAN),
                "format": rnd.choice(FORMATS),
            }
        )
    return out


def records_from_packages(n: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """n records from the demo generator (realistic CKAN packages of the regency's agencies)."""
    from catalog.formats import ckan
    from tools.demo.generator import generate_packages

    orgs: dict[str, str] = {}
    records = []
    for i, pkg in enumerate(generate_packages(n)):
        profile = ckan.to_profile(pkg)
        org = pkg["organization"]
        orgs.setdefault(org["name"], org["title"])
        stamp = datetime.fromisoformat(profile.get("modified") or "2024-01-01T00:00:00+00:00")
        records.append(
            {
                "id": pkg["id"],
                "slug": f"{profile['slug'][:80]}-{i}",
                "title": profile["title"],
                "description": profile.get("description", ""),
                "organization": org["name"],
                "license": profile.get("license"),
                "frequency": profile.get("frequency"),
                "methodology": profile.get("methodology", ""),
                "variables": profile.get("variables") or [],
                "temporal_start": _date(profile.get("temporal_start")),
                "temporal_end": _date(profile.get("temporal_end")),
                "state": "published",
                "created_at": stamp,
                "updated_at": stamp,
                "tags": sorted(set(profile.get("tags") or [])),
                "topics": sorted(set(profile.get("topics") or [])),
                "regions": sorted(set(profile.get("spatial") or [])),
                "formats": [r.get("format") for r in profile.get("resources") or []],
            }
        )
    return records, orgs


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def records_generated(n: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """n records from this script's own vocabulary (when the demo generator is missing)."""
    orgs = {f"opd-{k}": f"Dinas Uji {k}" for k in range(30)}
    records = []
    for r in generate(n, list(orgs.items())):
        r["organization"] = r.pop("organization_id")
        r["topics"], r["regions"], r["formats"] = (
            [r.pop("topic")],
            [r.pop("region")],
            [r.pop("format")],
        )
        records.append(r)
    return records, orgs


def load(app: Any, n: int) -> list[str]:
    """Bulk-insert agencies and n datasets (Core inserts: fast, same tables as the services).

    Returns the agency slugs, most datasets first.
    """
    db = app.extensions["catalog"].db
    migrate.upgrade(db.engine)
    try:
        records, orgs = records_from_packages(n)
        print("records: tools.demo.generator.generate_packages")
    except ImportError:
        records, orgs = records_generated(n)
        print("records: bench generator (tools.demo.generator not available)")
    org_ids = {slug: str(uuid.uuid4()) for slug in orgs}
    with db.engine.begin() as conn:
        conn.execute(
            insert(Organization),
            [{"id": org_ids[slug], "slug": slug, "title": title} for slug, title in orgs.items()],
        )
    lists = {"tags", "topics", "regions", "formats", "organization"}
    for start in range(0, n, 5000):
        chunk = records[start : start + 5000]
        with db.engine.begin() as conn:
            conn.execute(
                insert(Dataset),
                [
                    {k: v for k, v in r.items() if k not in lists}
                    | {"organization_id": org_ids[r["organization"]]}
                    for r in chunk
                ],
            )
            conn.execute(
                insert(DatasetTag),
                [{"dataset_id": r["id"], "name": t} for r in chunk for t in r["tags"]],
            )
            conn.execute(
                insert(DatasetTopic),
                [{"dataset_id": r["id"], "code": t} for r in chunk for t in r["topics"]],
            )
            regions = [{"dataset_id": r["id"], "code": c} for r in chunk for c in r["regions"]]
            if regions:
                conn.execute(insert(DatasetRegion), regions)
            conn.execute(
                insert(Resource),
                [
                    {
                        "id": str(uuid.uuid4()),
                        "dataset_id": r["id"],
                        "position": i,
                        "name": f"Tabel {i}",
                        "url": f"https://data.example.go.id/{r['slug']}/{i}",
                        "format": fmt,
                    }
                    for r in chunk
                    for i, fmt in enumerate(r["formats"])
                ],
            )
    counts: dict[str, int] = {}
    for r in records:
        counts[r["organization"]] = counts.get(r["organization"], 0) + 1
    return sorted(counts, key=lambda slug: -counts[slug])


def query_mix(orgs: list[str]) -> list[tuple[SearchQuery, str]]:
    """The fixed mix: (engine query, the same as an HTTP path)."""
    words = [
        "penduduk",
        "kemiskinan",
        "sekolah",
        "puskesmas",
        "banjir",
        "inflasi",
        "hotel",
        "perumahan",
        "perekonomian",
        "guru",
        "koperasi",
        "sampah",
    ]
    # two words no dataset holds together ("hotel sampah"): every result a partial match
    # (issue 14), as many as the two words' datasets below plan.PARTIAL_MAX_DOCS
    pairs = ["penduduk kecamatan", "sekolah dasar", "harga beras", "kendaraan bermotor",
             "produksi padi", "tenaga kesehatan", "hotel sampah"]  # fmt: skip
    phrases = ['"penduduk miskin"', '"rumah tidak layak"', '"pertumbuhan ekonomi"']
    prefixes = ["kemis", "pusk", "jumlah sek", "pengang", "peru"]
    mix: list[tuple[SearchQuery, str]] = []
    for w in words:
        mix.append((SearchQuery(w), f"/api/v1/datasets?q={w}"))
    for p in pairs:
        mix.append((SearchQuery(p), f"/api/v1/datasets?q={p}"))
    for p in phrases:
        mix.append((SearchQuery(p), f"/api/v1/datasets?q={p}"))
    for k, w in enumerate(["penduduk", "sekolah", "harga", "sampah"]):
        org = orgs[k % len(orgs)]
        filters = {"organization": (org,), "year": ("2020",), "format": ("CSV",)}
        facets = ("organization", "topic", "year")
        mix.append(
            (
                SearchQuery(w, filters=filters, facets=facets),
                f"/api/v1/datasets?q={w}&organization={org}&year=2020&format=CSV"
                "&facets=organization,topic,year",
            )
        )
    for p in prefixes:
        mix.append(
            (SearchQuery(p, prefix=True, per_page=8, highlight=False), f"/api/v1/suggest?q={p}")
        )
    return mix


def engine_times(
    backend: Any, mix: list[tuple[SearchQuery, str]], rounds: int, offset: int | None = None
) -> list[float]:
    """Milliseconds per engine call over `rounds` passes of the mix, after one warm pass; with
    `offset`, each pass starts where an HTTP client with that offset starts it."""
    for q, _ in mix:
        backend.search(q)
    times: list[float] = []
    for r in range(rounds):
        for i in range(len(mix)):
            q = mix[i if offset is None else (i + offset + r) % len(mix)][0]
            t = time.perf_counter()
            if q.prefix:
                backend.suggest(q.text, 8)
            else:
                backend.search(q)
            times.append((time.perf_counter() - t) * 1000)
    return times


def _engine_client(path: str, mix: Any, rounds: int, offset: int, start: Any, out: Any) -> None:
    backend = SqliteBackend(path)  # its own connection, opened after the fork
    backend.search(SearchQuery("penduduk"))
    start.wait()
    out.put(engine_times(backend, mix, rounds, offset))


def engine_under_load(
    path: str, mix: list[tuple[SearchQuery, str]], rounds: int, clients: int
) -> list[float]:
    """Engine calls alone at the HTTP test's concurrency: `clients` processes (no shared GIL)
    running the mix at the same offsets as the HTTP clients. Not a goal figure: it shows
    what 4 queries at once on this machine cost the engine itself, HTTP aside."""
    context = multiprocessing.get_context("fork")  # no threads run yet: fork is safe here
    start, out = context.Barrier(clients, timeout=120), context.Queue()
    workers = [
        context.Process(target=_engine_client, args=(path, mix, rounds, k * 7, start, out))
        for k in range(clients)
    ]
    for w in workers:
        w.start()
    times: list[float] = []
    received = 0
    while received < clients:
        try:
            times += out.get(timeout=1)
            received += 1
        except queue.Empty:
            failed = [w.exitcode for w in workers if w.exitcode]
            if failed:  # a worker that failed never sends: say so instead of waiting forever
                for w in workers:
                    w.kill()
                raise SystemExit(f"engine worker failed (exit codes {failed}); see above") from None
    for w in workers:
        w.join()
    return times


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Client:
    """A lean keep-alive HTTP/1.1 client on one socket, like a load generator's: on a 2-core
    machine shared with the server, the client's own CPU time (http.client's header parsing
    costs ~0.1-0.2 ms a request) would otherwise count as server latency. Answers must carry
    Content-Length (every answer of ours does); anything else is an error."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.sock: socket.socket | None = None

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        return sock

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        lines = [f"{method} {quote(path, safe='/?=&,:%')} HTTP/1.1", f"Host: {self.host}"]
        if payload:
            lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        data = ("\r\n".join(lines) + "\r\n\r\n").encode() + payload
        for attempt in (1, 2):
            sock = self.sock or self._connect()
            try:
                sock.sendall(data)
                return self._response(sock)
            except (ConnectionError, EOFError):
                # the server closed an idle keep-alive connection: reconnect once
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _response(self, sock: socket.socket) -> tuple[int, bytes]:
        buf = bytearray()
        while (end := buf.find(b"\r\n\r\n")) < 0:
            chunk = sock.recv(262144)
            if not chunk:
                raise EOFError("connection closed before the answer")
            buf += chunk
        head = bytes(buf[:end]).decode("latin-1").lower()
        status = int(head[9:12])
        marker = head.find("\r\ncontent-length:")
        if marker < 0:
            raise AssertionError(f"answer without Content-Length: {head[:300]}")
        length = int(head[marker + 17 : head.find("\r\n", marker + 2)].strip())
        body = buf[end + 4 :]
        while len(body) < length:
            chunk = sock.recv(262144)
            if not chunk:
                raise EOFError("connection closed inside the answer")
            body += chunk
        if "\r\nconnection: close" in head:
            self.close()
        return status, bytes(body)

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def pid(self) -> int:
        """The serving process behind this connection (a keep-alive connection stays with
        the worker process that accepted it)."""
        status, body = self.get("/healthz")
        assert status == 200, body[:200]
        return int(json.loads(body)["pid"])

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def web_page_times(client: Client, api_paths: list[str], rounds: int) -> list[float]:
    """The server-rendered search page (/dataset) for the same queries as the API mix.

    One client at a time, so the time is the server's work plus loopback, not queueing.
    The page asks for its seven facets, loads the hit datasets and renders the template.
    """
    pages = [
        p.replace("/api/v1/datasets?", "/dataset?").replace("&facets=organization,topic,year", "")
        for p in api_paths
        if p.startswith("/api/v1/datasets?")
    ]
    for path in pages:  # warm-up
        client.get(path)
    out: list[float] = []
    for _ in range(rounds):
        for path in pages:
            t = time.perf_counter()
            status, body = client.get(path)
            out.append((time.perf_counter() - t) * 1000)
            assert status == 200, (path, body[:200])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: Path, processes: int | None) -> tuple[subprocess.Popen[bytes], int, Path]:
    """`catalog serve` (the production command) as its own process group on a free port."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "catalog"), "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    if processes:
        command += ["--processes", str(processes)]
    env = {
        **os.environ,
        "CATALOG_DATA_DIR": str(tmp),
        "CATALOG_SECRET_KEY": "bench",
        "CATALOG_RUN_WORKER": "false",
    }
    env.pop("CATALOG_DATABASE_URL", None)
    env.pop("CATALOG_SEARCH_PATH", None)
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise SystemExit("server exited:\n" + log_path.read_text())
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/readyz")
            if probe.getresponse().status == 200:
                probe.close()
                break
            probe.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_server(server)
            raise SystemExit("server not ready after 120 s:\n" + log_path.read_text())
        time.sleep(0.2)
    return server, port, log_path


def wait_for_processes(port: int, processes: int, timeout: float = 120) -> set[int]:
    """/readyz answers as soon as one worker has built its application; wait (fresh
    connections, which the workers' accept calls share out) until every worker answers."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < processes and time.monotonic() < deadline:
        client = Client("127.0.0.1", port)
        seen.add(client.pid())
        client.close()
        time.sleep(0.05)
    return seen


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole process group (gunicorn master and workers), then wait."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query mix")
    parser.add_argument(
        "--server-processes",
        type=int,
        default=None,
        help="catalog serve --processes (default: the production default, one per CPU)",
    )
    parser.add_argument(
        "--no-spread",
        dest="spread",
        action="store_false",
        help="keep the 4 client connections where the workers' accept race put them",
    )
    parser.add_argument(
        "--keep-data", action="store_true", help="keep the generated catalog and index (~1 GB)"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        measure(args, tmp)
    finally:
        if args.keep_data:
            print(f"data kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def measure(args: argparse.Namespace, tmp: Path) -> None:
    """Everything the benchmark measures, on a fresh catalog in `tmp`."""
    app = create_app({"data_dir": str(tmp), "secret_key": "bench", "run_worker": False})
    ctx = app.extensions["catalog"]
    backend = backend_of(app)

    t0 = time.perf_counter()
    orgs = load(app, args.datasets)
    print(f"generated and stored {args.datasets} datasets in {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    count = rebuild.reindex(ctx.db, backend)
    build_s = time.perf_counter() - t0
    print(f"index build (catalog reindex): {count} documents in {build_s:.1f} s")

    mix = query_mix(orgs)
    engine_ms = engine_times(backend, mix, args.rounds)
    print(
        f"engine: {len(engine_ms)} queries, p50 {pct(engine_ms, 50):.2f} ms, "
        f"p99 {pct(engine_ms, 99):.2f} ms"
    )
    loaded_ms = engine_under_load(ctx.settings.resolved_search_path, mix, args.rounds, 4)
    print(
        f"engine at the HTTP test's concurrency (4 processes, no HTTP): p50 "
        f"{pct(loaded_ms, 50):.2f} ms, p99 {pct(loaded_ms, 99):.2f} ms"
    )

    # the account whose token writes over HTTP, made before the server starts
    from catalog.services import users
    from catalog.services.auth import SYSTEM

    with ctx.unit_of_work() as session:
        user = users.create_user(
            session, SYSTEM, username="bench", password="bench-pass-123", roles=["admin"]
        )
        _tok, secret = users.create_token(session, SYSTEM, user, "bench")
    ctx.db.dispose()

    server, port, log_path = start_server(tmp, args.server_processes)
    try:
        processes = args.server_processes or cpu_count()
        booted = wait_for_processes(port, processes)
        print(f"serving processes answering: {len(booted)} of {processes}")
        figures = measure_http(
            port, mix, orgs, secret, args.rounds, len(booted) if args.spread else 0
        )
    finally:
        stop_server(server)
    banner = next(
        (line for line in log_path.read_text().splitlines() if line.startswith("Serving on")), ""
    )
    print(f"server: {banner}")

    engine_p50, http_p50 = pct(engine_ms, 50), figures["http_p50_ms"]
    final = {
        "datasets": args.datasets,
        "index_build_s": round(build_s, 2),
        "engine_p50_ms": round(engine_p50, 2),
        "engine_p99_ms": round(pct(engine_ms, 99), 2),
        "http_p50_ms": round(http_p50, 2),
        "http_p99_ms": round(figures["http_p99_ms"], 2),
        "http_over_engine": round(http_p50 / engine_p50, 2) if engine_p50 else None,
        "engine_4_p50_ms": round(pct(loaded_ms, 50), 2),
        "http_over_engine_4": round(http_p50 / pct(loaded_ms, 50), 2),
        "write_to_searchable_ms": round(figures["write_to_searchable_ms"], 1),
        "http_single_client_p50_ms": round(figures["http_single_client_p50_ms"], 2),
        "page_p50_ms": round(figures["page_p50_ms"], 2),
        "page_p99_ms": round(figures["page_p99_ms"], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "server_peak_rss_mb": figures["server_peak_rss_mb"],
        "server_processes": figures["server_processes"],
        "client_connections_per_process": figures["connections_per_process"],
    }
    print(json.dumps(final))


def connect_clients(port: int, n: int, processes: int) -> list[Client]:
    """n keep-alive connections; with `processes`, spread over the serving processes.

    A keep-alive connection stays with the worker that accepted it, and which worker accepts
    is a race: 4 connections opened one after another land on one process in about one run
    of eight. Many real clients spread out; to measure that state rather than the luck of
    the race, a connection that lands on a process already holding its share is re-opened
    (printed). processes=0 keeps whatever the race gave (--no-spread).
    """
    share = -(-n // processes) if processes else n
    clients: list[Client] = []
    pids: list[int] = []
    reopened = 0
    while len(clients) < n:
        client = Client("127.0.0.1", port)
        pid = client.pid()
        if pids.count(pid) >= share and reopened < 100:
            client.close()
            reopened += 1
            continue
        clients.append(client)
        pids.append(pid)
    print(f"client connections re-opened to spread them over the processes: {reopened}")
    return clients


def measure_http(
    port: int,
    mix: list[tuple[SearchQuery, str]],
    orgs: list[str],
    secret: str,
    rounds: int,
    processes: int,
) -> dict[str, Any]:
    """HTTP figures against the served process: 1-client baseline, 4 concurrent clients,
    the web search page, write-to-searchable."""
    paths = [p for _, p in mix]
    clients = connect_clients(port, 4, processes)
    pids = [c.pid() for c in clients]
    # warm-up through every connection, so every serving process has warm caches
    for c in clients:
        for p in paths:
            status, body = c.get(p)
            assert status == 200, (p, body[:200])
    served = sorted(set(pids))
    print(
        f"server processes behind the 4 client connections: {len(served)} "
        f"(connections per pid: {', '.join(f'{p}: {pids.count(p)}' for p in served)})"
    )

    single = clients[0]
    single_ms: list[float] = []
    for _ in range(max(1, rounds // 2)):
        for path in paths:
            t = time.perf_counter()
            single.get(path)
            single_ms.append((time.perf_counter() - t) * 1000)
    print(f"http (1 client, baseline): p50 {pct(single_ms, 50):.2f} ms")

    http_ms: list[float] = []
    lock = threading.Lock()

    def run_client(client: Client, offset: int) -> None:
        mine: list[float] = []
        for r in range(rounds):
            for i in range(len(paths)):
                path = paths[(i + offset + r) % len(paths)]
                t = time.perf_counter()
                status, body = client.get(path)
                mine.append((time.perf_counter() - t) * 1000)
                assert status == 200, (path, body[:200])
        with lock:
            http_ms.extend(mine)

    threads = [threading.Thread(target=run_client, args=(c, k * 7)) for k, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(
        f"http (4 concurrent clients): {len(http_ms)} requests, p50 {pct(http_ms, 50):.2f} ms, "
        f"p99 {pct(http_ms, 99):.2f} ms"
    )

    page_ms = web_page_times(clients[0], paths, rounds)
    print(
        f"web search page (/dataset, 1 client): {len(page_ms)} pages, "
        f"p50 {pct(page_ms, 50):.2f} ms, p99 {pct(page_ms, 99):.2f} ms"
    )

    # write-to-searchable: one dataset created over HTTP, then searched until it is found
    marker = "zamrudkhatulistiwa"
    body = {
        "title": f"Jumlah Penduduk {marker.title()}",
        "description": "Dataset uji waktu tulis sampai dapat dicari.",
        "organization": orgs[0],
        "tags": ["uji"],
        "topics": ["kependudukan"],
        "license": "cc-by-4.0",
        "frequency": "tahunan",
        "resources": [{"name": "t", "url": "https://data.example.go.id/t.csv", "format": "csv"}],
    }
    writer, reader = clients[1], clients[2]
    t = time.perf_counter()
    status, created = writer.request(
        "POST", "/api/v1/datasets", body, {"Authorization": f"Bearer {secret}"}
    )
    assert status == 201, created[:300]
    while True:
        status, found = reader.get(f"/api/v1/datasets?q={marker}")
        if status == 200 and json.loads(found)["total"]:
            break
        if time.perf_counter() - t > 30:
            raise SystemExit("dataset not searchable after 30 s")
    write_ms = (time.perf_counter() - t) * 1000
    print(f"write to searchable: {write_ms:.1f} ms")
    for c in clients:
        c.close()
    peaks = {pid: peak_rss_mb(pid) for pid in served}
    print("server peak RSS per process (MB): " + ", ".join(f"{p}: {m}" for p, m in peaks.items()))
    return {
        "http_p50_ms": pct(http_ms, 50),
        "http_p99_ms": pct(http_ms, 99),
        "http_single_client_p50_ms": pct(single_ms, 50),
        "page_p50_ms": pct(page_ms, 50),
        "page_p99_ms": pct(page_ms, 99),
        "write_to_searchable_ms": write_ms,
        "server_processes": len(served),
        "connections_per_process": sorted((pids.count(p) for p in served), reverse=True),
        "server_peak_rss_mb": max(peaks.values()),
    }


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident set (VmHWM) from /proc; 0 where /proc is not available."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


if __name__ == "__main__":
    main()
