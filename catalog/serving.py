"""`catalog serve` with several processes: gunicorn's gthread workers, one application each.

Python runs one thread at a time per process, so a single process with many threads spends
the machine's other cores idle while it parses, queries and serializes. Several processes
use them all. Each worker builds its application with create_app() after the fork (never
preloaded in the master): database engines, SQLite connections and the search backend are
never shared across a fork, and the master starts no threads at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from catalog import logs

if TYPE_CHECKING:
    from catalog.config import Settings


def threads_per_process(processes: int, threads: int) -> int:
    """The threads setting, or its default: 8 for one process, 4 per process otherwise."""
    if threads:
        return threads
    return 8 if processes == 1 else 4


# One access-log line per request: key=value pairs (gunicorn's atoms: remote address, request
# line, status, bytes, duration in microseconds, the worker's pid).
ACCESS_LOG_FORMAT = (
    'remote=%(h)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s '
    'duration_us=%(D)s pid=%(p)s user_agent="%(a)s"'
)


class AccessLogger(Logger):
    """gunicorn's logger, except that an access-log line in ACCESS_LOG_FORMAT is built from the
    atoms that format names only: gunicorn makes an atom of every request header, response
    header and environ variable for every line, which cost more than writing it (issue 21).
    Any other format gets gunicorn's full set, as before."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        if self.cfg.access_log_format != ACCESS_LOG_FORMAT:
            return super().atoms(resp, req, environ, request_time)
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        return {
            "h": environ.get("REMOTE_ADDR", "-"),
            "m": environ.get("REQUEST_METHOD"),
            "U": environ.get("PATH_INFO"),
            "q": environ.get("QUERY_STRING"),
            "s": status,
            "B": getattr(resp, "sent", None),
            "D": (request_time.seconds * 1000000) + request_time.microseconds,
            "p": f"<{os.getpid()}>",
            "a": environ.get("HTTP_USER_AGENT", "-"),
        }


def gunicorn_options(
    settings: Settings, host: str, port: int, processes: int, threads: int
) -> dict[str, Any]:
    """gunicorn's settings from CATALOG_* (catalog/config.py) and `catalog serve`'s options."""
    return {
        "bind": f"{host}:{port}",
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": False,  # the application is built in each worker, after the fork
        "proc_name": "katalog-statistik",
        "keepalive": 5,
        # recycle workers now and then (a slow leak stays bounded); the jitter keeps them
        # from all restarting at the same request count
        "max_requests": settings.web_max_requests,
        "max_requests_jitter": settings.web_max_requests_jitter if settings.web_max_requests else 0,
        # X-Forwarded-* are read by the application's ProxyFix, counting
        # CATALOG_TRUSTED_PROXIES hops; gunicorn itself then trusts them from any proxy
        # address (the proxy's address in a container network is not known in advance) and,
        # without trusted proxies, from nobody (by default it trusts 127.0.0.1)
        "forwarded_allow_ips": "*" if settings.trusted_proxies else "",
        # with json logs the application writes the request line (with its request id)
        "accesslog": "-" if settings.web_access_log and settings.log_format != "json" else None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": AccessLogger,
        "errorlog": "-",
        "logconfig_dict": logs.gunicorn_logconfig() if settings.log_format == "json" else {},
        "loglevel": "info",
        # a worker idle this long is restarted; gthread workers report in from their
        # main loop, so long requests on the request threads do not count as silence
        "timeout": 60,
        # after SIGTERM: in-flight requests get this long, then the workers are killed
        "graceful_timeout": settings.web_graceful_timeout,
    }


class CatalogServer(BaseApplication):
    """gunicorn running create_app() in each worker process."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
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


def metrics_directory(settings: Settings) -> Path:
    """prometheus_client's multiprocess directory: PROMETHEUS_MULTIPROC_DIR when the operator
    set it, else <data_dir>/metrics (owner only); emptied of an earlier run's files, which
    would otherwise be added to this run's counts."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    directory = Path(configured) if configured else Path(settings.data_dir).resolve() / "metrics"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    for stale in directory.glob("*.db"):
        stale.unlink()
    return directory


def _child_exit(_server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # its live gauges no longer count


def serve_processes(settings: Settings, host: str, port: int, processes: int, threads: int) -> None:
    """Run the master until SIGTERM/SIGINT; it supervises `processes` workers."""
    # before any worker imports prometheus_client (it picks its mode on import); the master
    # itself never counts anything
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_directory(settings))
    options = gunicorn_options(settings, host, port, processes, threads)
    options["child_exit"] = _child_exit
    CatalogServer(options).run()
