"""Real HTTP servers on 127.0.0.1 for tests: our app, or any WSGI app, in a background thread."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol, TypeVar

import requests
from werkzeug.serving import make_server


def closed_before_sending(wsgi_app: Any) -> Callable[..., Iterable[bytes]]:
    """The app with each answer read whole and its iterable closed before the first byte goes.

    werkzeug's development server closes an answer's iterable only when the client is still
    connected after the last byte (its clean-up reads the socket first, and a reset connection
    raises there). Chromium often drops a connection for a stylesheet it already holds; the
    static file then stays open until the garbage collector finds it, and the ResourceWarning
    fails whichever test is running at that moment (it did once in CI).
    """

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer = wsgi_app(environ, start_response)
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        return [body]

    return app


@contextmanager
def serve(wsgi_app: Any, threaded: bool = True) -> Iterator[str]:
    """Serve `wsgi_app` on a free port; yields its base URL (http://127.0.0.1:PORT)."""
    server = make_server("127.0.0.1", 0, closed_before_sending(wsgi_app), threaded=threaded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class HandlerServer:
    """A standard-library HTTP server on a free port of 127.0.0.1 answering with `handler`, in
    a daemon thread until stop(); the base of the tests' fake web servers."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Stoppable(Protocol):
    def stop(self) -> None: ...


S = TypeVar("S", bound=Stoppable)


def serving(server: S) -> Iterator[S]:
    """Yield `server`, stopped afterwards: the body of a test server's fixture."""
    try:
        yield server
    finally:
        server.stop()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at this moment (for a server started in another process)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def noida_binary() -> Path | None:
    """noida-db (the test extra's Elasticsearch imitation), or None when it is not installed."""
    found = shutil.which("noida-db") or str(Path(sys.executable).parent / "noida-db")
    return Path(found) if Path(found).exists() else None


@contextmanager
def elasticsearch_imitation(data_dir: Path) -> Iterator[str]:
    """noida-db's Elasticsearch on a free loopback port; yields its URL, stops it after."""
    binary = noida_binary()
    if binary is None:
        raise RuntimeError("noida-db is not installed (pip install -e '.[test]')")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "start", "--data-dir", str(data_dir), "--only", "elasticsearch",
         "--elasticsearch-port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the launcher starts the server as a child: stop both
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
