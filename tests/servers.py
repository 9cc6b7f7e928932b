"""Real HTTP servers on 127.0.0.1 for tests: our app, or any WSGI app, in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import make_server


@contextmanager
def serve(wsgi_app: Any, threaded: bool = True) -> Iterator[str]:
    """Serve `wsgi_app` on a free port; yields its base URL (http://127.0.0.1:PORT)."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=threaded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
