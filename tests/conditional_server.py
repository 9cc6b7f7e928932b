"""An HTTP server on 127.0.0.1 serving whole files that honours conditional requests.

Each file has an ETag (a hash of its body) and a Last-Modified stamp (one hour later at
every change), either of which can be switched off per file. If-None-Match and
If-Modified-Since are answered with 304 Not Modified as a web server does. Every request
is logged (path, the conditional headers sent, the status answered) for tests to count.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.servers import HandlerServer

BASE_TIME = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@dataclass
class Served:
    kind: str
    body: bytes
    version: int
    etag: bool
    last_modified: bool

    @property
    def etag_value(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    @property
    def stamp(self) -> datetime:
        return BASE_TIME + timedelta(hours=self.version)


@dataclass
class Hit:
    path: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


class ConditionalServer(HandlerServer):
    def __init__(self) -> None:
        self.files: dict[str, Served] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_GET(self) -> None:
                served = server.files.get(self.path)
                status = 200 if served is not None else 404
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                if served is not None and server.unchanged(served, inm, ims):
                    status = 304
                with server.lock:
                    server.hits.append(Hit(self.path, inm, ims, status))
                self.send_response(status)
                if served is not None:
                    if served.etag:
                        self.send_header("ETag", served.etag_value)
                    if served.last_modified:
                        self.send_header("Last-Modified", format_datetime(served.stamp, True))
                if status == 304:
                    self.end_headers()
                    return
                body = served.body if served is not None else b""
                self.send_header("Content-Type", served.kind if served else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(Handler)

    @staticmethod
    def unchanged(served: Served, inm: str | None, ims: str | None) -> bool:
        # RFC 9110 13.2.2: If-None-Match decides when present; else If-Modified-Since.
        if inm is not None:
            return served.etag and served.etag_value in [t.strip() for t in inm.split(",")]
        if ims is not None and served.last_modified:
            try:
                return served.stamp <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def put(
        self,
        path: str,
        body: bytes | str,
        kind: str,
        *,
        etag: bool = True,
        last_modified: bool = True,
    ) -> str:
        """Serve `body` at `path` (a new version when it differs); returns its URL."""
        data = body.encode() if isinstance(body, str) else body
        old = self.files.get(path)
        version = 0 if old is None else old.version + (old.body != data)
        self.files[path] = Served(kind, data, version, etag, last_modified)
        return self.url + path

    def statuses(self, path: str) -> list[int]:
        with self.lock:
            return [h.status for h in self.hits if h.path == path]
