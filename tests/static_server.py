"""A static HTTP server on 127.0.0.1 serving fixed bodies by path (harvest tests)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.servers import HandlerServer


class StaticServer(HandlerServer):
    def __init__(self) -> None:
        self.files: dict[str, tuple[str, bytes]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) received
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                kind, body = server.files.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in server.files else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(Handler)

    def add(self, path: str, body: bytes | str, kind: str = "application/json") -> str:
        self.files[path] = (kind, body.encode() if isinstance(body, str) else body)
        return self.url + path
