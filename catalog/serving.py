"""`catalog serve` with several processes: gunicorn's gthread workers, one application each.

Python runs one thread at a time per process, so a single process with many threads spends
the machine's other cores idle while it parses, queries and serializes. Several processes
use them all. Each worker builds its application with create_app() after the fork (never
preloaded in the master): database engines, SQLite connections and the search backend are
never shared across a fork, and the master starts no threads at all.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


def threads_per_process(processes: int, threads: int) -> int:
    """The threads setting, or its default: 8 for one process, 4 per process otherwise."""
    if threads:
        return threads
    return 8 if processes == 1 else 4


class CatalogServer(BaseApplication):
    """gunicorn running create_app() in each worker process."""

    def __init__(self, host: str, port: int, processes: int, threads: int) -> None:
        self.options = {
            "bind": f"{host}:{port}",
            "workers": processes,
            "worker_class": "gthread",
            "threads": threads,
            "preload_app": False,  # the application is built in each worker, after the fork
            "proc_name": "katalog-statistik",
            "keepalive": 5,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "info",
            # a worker idle this long is restarted; gthread workers report in from their
            # main loop, so long requests on the request threads do not count as silence
            "timeout": 60,
            "graceful_timeout": 20,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn ≥ 24 opens a control socket at one fixed path per user, shared by
            # every instance on the machine; we manage the server by signals only
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        from catalog.app import create_app

        app = create_app()
        # the embedded harvest worker: every process asks, one wins (catalog.worker)
        for hook in app.extensions.get("catalog.background", []):
            hook()
        return app


def serve_processes(host: str, port: int, processes: int, threads: int) -> None:
    """Run the master until SIGTERM/SIGINT; it supervises `processes` workers."""
    CatalogServer(host, port, processes, threads).run()
