"""The link checker against real loopback HTTP servers: 200, 404, a redirect chain, a
timeout, HTML served as CSV, a private address refused, and politeness (never two requests
to one host at once, seen by the servers themselves); then a whole run as a worker job
storing its results and rescoring the datasets."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models.quality import LinkCheck
from catalog.services import quality
from catalog.services.auth import SYSTEM
from catalog.worker import Worker
from harvesters.http import UrlGuard, parse_networks
from harvesters.links import LinkResult, LinkSession, check_all, check_url
from tests.conftest import World
from tests.servers import serving

CSV = b"kecamatan,jumlah\nCisoka,1200\nTigaraksa,3400\n"
HTML = b"<!DOCTYPE html><html><head><title>Masuk</title></head><body>Login</body></html>"
APP_SETTINGS = {
    "harvest_allowed_networks": "127.0.0.1/32",
    "link_check_delay_s": 0,
    "link_check_deadline_s": 5,
}


class Site:
    """A loopback server that records every request and how many ran at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inflight = 0
        self.max_inflight = 0
        self.requests: list[tuple[str, str, str | None]] = []
        self.release = threading.Event()  # /slow answers only once this is set
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_HEAD(self) -> None:
                site.handle(self, body=False)

            def do_GET(self) -> None:
                site.handle(self, body=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def handle(self, h: BaseHTTPRequestHandler, body: bool) -> None:
        with self.lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            self.requests.append((h.command, h.path, h.headers.get("Range")))
        counted = [True]

        def done() -> None:
            with self.lock:
                if counted[0]:
                    counted[0] = False
                    self.inflight -= 1

        send_headers = h.end_headers

        def end_headers() -> None:
            # A request is in flight until its answer starts: a polite client sends the next
            # only after reading this one, so counting until the handler returns (a loaded
            # machine may pause it after the last byte) would see overlap that is not there.
            done()
            send_headers()

        h.end_headers = end_headers  # type: ignore[method-assign]
        try:
            # hold each request a moment, so one arriving beside it would overlap
            threading.Event().wait(0.02)
            self.route(h, body)
        finally:
            done()

    def route(self, h: BaseHTTPRequestHandler, body: bool) -> None:
        path = h.path.split("?")[0]
        if path.startswith("/data") and path.endswith(".csv"):
            payload, ctype = CSV, "text/csv"
        elif path == "/login.csv":
            payload, ctype = HTML, "text/html; charset=utf-8"
        elif path in ("/r1", "/r2"):
            h.send_response(302)
            h.send_header("Location", "/r2" if path == "/r1" else "/data-final.csv")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        elif path == "/slow":
            self.release.wait(30)
            payload, ctype = CSV, "text/csv"
        else:
            h.send_response(404)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", "9")
            h.end_headers()
            if body:
                h.wfile.write(b"not found")
            return
        ranged = h.headers.get("Range")
        h.send_response(206 if ranged and body else 200)
        h.send_header("Content-Type", ctype)
        if ranged and body:
            h.send_header("Content-Range", f"bytes 0-{len(payload) - 1}/{len(payload)}")
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        if body:
            with contextlib.suppress(OSError):  # the client may stop reading early
                h.wfile.write(payload)

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _site() -> Iterator[Site]:
    yield from serving(Site())


site = pytest.fixture(_site, name="site")
other_site = pytest.fixture(_site, name="other_site")


def session(deadline_s: float = 5.0) -> LinkSession:
    guard = UrlGuard(allowed_networks=parse_networks("127.0.0.1/32"))
    return LinkSession(deadline_s=deadline_s, timeout_s=deadline_s, guard=guard, retries=0)


def test_a_csv_that_answers(site: Site) -> None:
    result = check_url(session(), site.url + "/data.csv", "csv")
    assert result.ok and result.status == 200
    assert result.final_url == site.url + "/data.csv"
    assert result.content_type == "text/csv"
    assert result.content_length == len(CSV)
    assert (result.declared_format, result.detected_format) == ("CSV", "CSV")
    assert not result.format_mismatch and result.error == ""
    # a HEAD, then a ranged GET
    assert [(m, r) for m, _p, r in site.requests] == [("HEAD", None), ("GET", "bytes=0-4095")]


def test_a_404_is_broken_without_a_get(site: Site) -> None:
    result = check_url(session(), site.url + "/gone.csv", "CSV")
    assert not result.ok and result.status == 404
    assert result.error == "Alamat menjawab HTTP 404."
    assert [m for m, _p, _r in site.requests] == ["HEAD"]


def test_a_redirect_chain_records_the_final_address(site: Site) -> None:
    result = check_url(session(), site.url + "/r1", "CSV")
    assert result.ok and result.status == 200
    assert result.final_url == site.url + "/data-final.csv"
    assert result.detected_format == "CSV"


def test_a_silent_server_ends_at_the_deadline(site: Site) -> None:
    result = check_url(session(deadline_s=0.5), site.url + "/slow", "CSV")
    assert not result.ok and result.status is None
    assert "Waktu habis" in result.error


def test_html_served_as_csv_is_a_finding(site: Site) -> None:
    result = check_url(session(), site.url + "/login.csv", "CSV")
    assert result.ok  # it answers ...
    assert result.detected_format == "HTML"  # ... but with a page, not the data
    assert result.format_mismatch
    assert result.error == "Dinyatakan CSV, tetapi isinya HTML."


def test_a_private_address_is_refused_before_any_connection(site: Site) -> None:
    port = site.server.server_port
    for url in (f"http://10.1.2.3:{port}/data.csv", f"http://127.0.0.2:{port}/data.csv"):
        result = check_url(session(), url, "CSV")
        assert not result.ok and result.status is None
        assert "ditolak" in result.error
    assert site.requests == []


def test_never_two_requests_to_one_host_at_once(site: Site, other_site: Site) -> None:
    items = [(s.url + f"/data{i}.csv", "CSV") for s in (site, other_site) for i in range(6)]
    results = list(check_all(items, session, delay_s=0, hosts_at_once=4))
    assert sorted(r.url for r in results) == sorted(u for u, _f in items)
    assert all(r.ok for r in results)
    for s in (site, other_site):
        assert len(s.requests) == 12  # HEAD + GET each
        assert s.max_inflight == 1


def test_a_run_is_a_worker_job_that_stores_results_and_rescores(
    client: FlaskClient, world: World, ctx: Catalog, site: Site
) -> None:
    resources = [
        {"name": "Tabel", "url": site.url + "/data.csv", "format": "CSV"},
        {"name": "Halaman masuk", "url": site.url + "/login.csv", "format": "CSV"},
        {"name": "Hilang", "url": site.url + "/gone.csv", "format": "CSV"},
    ]
    created = world.post_dataset(client, resources=resources)
    assert created.status_code == 201
    dataset_id = created.get_json()["id"]
    before = client.get(f"/api/v1/datasets/{dataset_id}/quality").get_json()
    assert before["broken_links"] == 0 and not any(r["checked"] for r in before["links"])
    with ctx.unit_of_work() as session_:
        quality.queue_link_check(session_, SYSTEM)
    assert Worker(ctx, lease_s=30).run_once() == "succeeded"
    with ctx.unit_of_work() as session_:
        checks = {c.url: c for c in session_.scalars(select(LinkCheck))}
        run = quality.last_link_check(session_)
        assert run is not None and (run.checked, run.broken) == (3, 1)
    assert checks[site.url + "/data.csv"].ok
    assert checks[site.url + "/gone.csv"].status == 404
    assert checks[site.url + "/login.csv"].detected_format == "HTML"
    # the row keeps every finding of the check (a new LinkResult field needs its column)
    assert {*quality.LINK_FINDINGS, "url"} == {f.name for f in dataclasses.fields(LinkResult)}
    login = checks[site.url + "/login.csv"]
    assert login.declared_format == "CSV" and "HTML" in login.error and login.content_type
    assert checks[site.url + "/data.csv"].error == "" and checks[site.url + "/gone.csv"].error
    after = client.get(f"/api/v1/datasets/{dataset_id}/quality").get_json()
    assert after["broken_links"] == 1
    assert [r["ok"] for r in after["links"]] == [True, True, False]
    missing = {m["rule"]: m for m in after["missing"]}
    assert missing["mqa.access_url_ok"]["field"] == "resources.2.url"
    assert missing["sdi.format_matches"]["field"] == "resources.1.format"
    with ctx.unit_of_work() as session_:
        view = quality.agency_view(session_, SYSTEM, world.org)
    assert [b["url"] for b in view["broken"]] == [site.url + "/gone.csv"]
    assert Worker(ctx, lease_s=30).run_once() is None  # nothing left to do
