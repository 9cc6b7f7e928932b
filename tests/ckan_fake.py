"""A small CKAN-compatible Action API server on 127.0.0.1 (tests and bench/harvest.py).

Serves packages shaped like data.go.id's (extras with harvest_source_title, XLSX resources
on a regional host). Faults are switched on per instance: a 500 on the Nth search page,
HTML instead of JSON, truncated JSON, a slow answer, a huge answer.
"""

from __future__ import annotations

import contextlib
import copy
import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


def make_package(
    n: int, org: str = "dinas-kesehatan", modified: str | None = None
) -> dict[str, Any]:
    """A realistic package (the shape of tests/data/datagoid_package_show.json)."""
    pid = f"00000000-0000-4000-8000-{n:012d}"
    stamp = modified or "2026-07-09T12:44:39.449898"
    return {
        "id": pid,
        "name": f"angka-kesakitan-kecamatan-{n}",
        "title": f"Angka Kesakitan per Kecamatan Tahun {2015 + n % 10} ({n})",
        "notes": f"Jumlah kasus penyakit menular per kecamatan, rekap Puskesmas. Seri {n}.",
        "author": "Bidang P2P",
        "author_email": "p2p@dinkes.tangerangkab.go.id",
        "maintainer": "",
        "maintainer_email": "",
        "license_id": "cc-by",
        "metadata_created": "2026-06-22T07:49:28.354380",
        "metadata_modified": stamp,
        "state": "active",
        "private": False,
        "type": "dataset",
        "url": "https://dinkes.tangerangkab.go.id/",
        "organization": {"id": "org-1", "name": org, "title": "Dinas Kesehatan"},
        "owner_org": "org-1",
        "tags": [{"name": "kesehatan"}, {"name": "penyakit"}],
        "groups": [],
        "extras": [
            {"key": "harvest_source_title", "value": "Kabupaten Tangerang - CKAN"},
            {"key": "harvest_object_id", "value": f"ho-{n}"},
            {"key": "frequency", "value": "tahunan"},
            {"key": "temporal_start", "value": str(2015 + n % 10)},
            {"key": "temporal_end", "value": str(2015 + n % 10)},
        ],
        "resources": [
            {
                "id": f"res-{n}",
                "name": f"TABEL KESAKITAN {n}.xlsx",
                "url": f"https://data.tangerangkab.go.id/dataset/{pid}/resource/res-{n}/download/t.xlsx",
                "format": "XLSX",
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "size": 80508,
                "description": "Tabel per kecamatan",
            }
        ],
        "num_resources": 1,
        "num_tags": 2,
    }


class FakeCkan:
    """Start with .start(); .url is the portal's base URL. Mutate .packages between runs."""

    def __init__(self, packages: list[dict[str, Any]] | None = None, *, wrap: bool = False) -> None:
        self.packages: list[dict[str, Any]] = packages or []
        self.wrap = wrap  # answer like data.go.id: {status, message, result}
        self.latency_s = 0.0
        self.fail_page: int | None = None  # 1-based number of the package_search call to fail
        self.fault: str | None = None  # "500", "html", "truncated", "deep", "slow", "huge"
        self.slow_s = 5.0
        self.fail_times: int | None = None  # recover after this many faulty answers
        self.search_calls = 0
        self.returned_ids: list[str] = []  # ids of full packages served by package_search
        self.shown_ids: list[str] = []  # ids asked for by package_show
        # (old, new) byte replacements applied to every answer: e.g. invalid UTF-8 in a title
        self.corrupt: list[tuple[bytes, bytes]] = []
        self.requests: list[dict[str, str]] = []  # the headers of every request received
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeCkan:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def touch(self, index: int, **changes: Any) -> None:
        """Change a package the way an editor does: new fields and a new metadata_modified."""
        pkg = self.packages[index]
        pkg.update(changes)
        pkg["metadata_modified"] = datetime.now(UTC).replace(tzinfo=None).isoformat()

    # -- the API ---------------------------------------------------------------------------

    def search(self, params: dict[str, str]) -> dict[str, Any]:
        rows = int(params.get("rows", 10))
        start = int(params.get("start", 0))
        selected = self.packages
        if str(params.get("include_private", "")).lower() not in ("true", "1"):
            # CKAN lists private datasets only when asked (and only to an api_key)
            selected = [p for p in selected if not p.get("private")]
        for clause in (params.get("fq") or "").split(" "):
            if clause.startswith("organization:"):
                org = clause.split(":", 1)[1]
                selected = [p for p in selected if p["organization"]["name"] == org]
            elif clause.startswith("metadata_modified:["):
                since = clause.split("[", 1)[1].split(" ", 1)[0].rstrip("Z")
                selected = [p for p in selected if p["metadata_modified"] >= since]
        page = selected[start : start + rows]
        if params.get("fl") == "id":
            results: list[Any] = [{"id": p["id"]} for p in page]
        else:
            results = page
            with self.lock:
                self.returned_ids.extend(p["id"] for p in page)
        return {"count": len(selected), "results": results}

    def _answer(self, result: Any) -> bytes:
        if self.wrap:
            body = json.dumps({"status": "200 OK", "message": "Sucess", "result": result})
        else:
            body = json.dumps({"success": True, "result": result})
        raw = body.encode()
        for old, new in self.corrupt:
            raw = raw.replace(old, new)
        return raw

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _params(self) -> dict[str, str]:
                parts = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    body = self.rfile.read(length)
                    try:
                        params.update({k: str(v) for k, v in json.loads(body).items()})
                    except ValueError:
                        params.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
                return params

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def do_GET(self) -> None:
                self._dispatch()

            def do_POST(self) -> None:
                self._dispatch()

            def _dispatch(self) -> None:
                with fake.lock:
                    fake.requests.append(dict(self.headers.items()))
                path = urlsplit(self.path).path
                params = self._params()
                action = path.rsplit("/", 1)[-1]
                if fake.latency_s:
                    time.sleep(fake.latency_s)
                if action == "package_search":
                    with fake.lock:
                        fake.search_calls += 1
                        call = fake.search_calls
                    failing = fake.fail_page is not None and call >= fake.fail_page
                    recovered = fake.fail_times is not None and call >= (
                        (fake.fail_page or 0) + fake.fail_times
                    )
                    if fake.fault and failing and not recovered:
                        return self._fault(fake.fault)
                    return self._send(200, fake._answer(fake.search(params)))
                if action == "package_list":
                    return self._send(200, fake._answer([p["name"] for p in fake.packages]))
                if action == "package_show":
                    with fake.lock:
                        fake.shown_ids.append(str(params.get("id")))
                    for p in fake.packages:
                        if params.get("id") in (p["id"], p["name"]):
                            return self._send(200, fake._answer(copy.deepcopy(p)))
                    error = {"__type": "Not Found Error", "message": "Not found"}
                    return self._send(404, json.dumps({"success": False, "error": error}).encode())
                self._send(404, b'{"success": false, "error": {"message": "unknown"}}')

            def _fault(self, fault: str) -> None:
                if fault == "500":
                    return self._send(500, b"Internal Server Error", "text/plain")
                if fault == "html":
                    page = b"<!DOCTYPE html><html><body><h1>Portal sedang dalam perbaikan</h1>"
                    return self._send(200, page + b"</body></html>", "text/html")
                if fault == "truncated":
                    body = fake._answer(fake.search({"rows": "50", "start": "0"}))
                    return self._send(200, body[: len(body) // 2])
                if fault == "deep":
                    # A CKAN envelope whose result nests 100,000 arrays: parsers recurse.
                    body = b'{"success": true, "result": ' + b"[" * 100_000 + b"]" * 100_000
                    return self._send(200, body + b"}")
                if fault == "slow":
                    time.sleep(fake.slow_s)
                    return self._send(200, fake._answer({"count": 0, "results": []}))
                if fault == "huge":
                    # 50 MB streamed without Content-Length: the client must stop reading.
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b'{"success": true, "result": {"count": 1, "results": [' + b" " * 65000
                    try:
                        self.wfile.write(chunk)
                        for _ in range(800):
                            self.wfile.write(b" " * 65536)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return None
                return self._send(500, b"unknown fault", "text/plain")

        return Handler
