"""A scripted HTTP server on a loopback address for network-fault tests of the harvest client.

Each path answers as told: a body, a redirect, or a drip (one byte at a time, in the status
line or the body, until the client goes away). Every request is recorded (path, Host header),
so a test can assert that nothing arrived.
"""

from __future__ import annotations

import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Body:
    data: bytes
    kind: str = "application/json"
    status: int = 200


@dataclass
class Redirect:
    location: str
    status: int = 302


@dataclass
class Drip:
    """One byte every `interval_s`: in the body (after the headers) or in the status line."""

    where: str = "body"
    interval_s: float = 0.2


class ScriptedServer:
    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, Body | Redirect | Drip] = {}
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.drip_started = threading.Event()
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("Host", "")))
                route = server.routes.get(self.path.split("?", 1)[0])
                if isinstance(route, Body):
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.kind)
                    self.send_header("Content-Length", str(len(route.data)))
                    self.end_headers()
                    self.wfile.write(route.data)
                elif isinstance(route, Redirect):
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif isinstance(route, Drip):
                    self._drip(route)
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def do_POST(self) -> None:
                self.do_GET()

            def _drip(self, route: Drip) -> None:
                self.close_connection = True
                if route.where == "body":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self.wfile.flush()
                    prefix = b""
                else:
                    prefix = b"HTTP/1.1 200 OK\r\nX-Drip: "
                server.drip_started.set()
                stream = prefix + b"x" * 1000000
                try:
                    for i in range(len(stream)):
                        if server.closing.is_set():
                            return
                        self.wfile.write(stream[i : i + 1])
                        self.wfile.flush()
                        time.sleep(route.interval_s)
                except OSError:
                    return  # the client went away

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.host = host
        self.port = self.httpd.server_address[1]
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def hits(self, path: str | None = None) -> int:
        return sum(1 for p, _ in self.requests if path is None or p.split("?", 1)[0] == path)

    def stop(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=10)
