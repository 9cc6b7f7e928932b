"""Logs: readable text by default, one JSON object per line with CATALOG_LOG_FORMAT=json.

Every request has an id: the incoming `X-Request-Id` when it looks like one (set by a proxy in
front: nginx's `$request_id`, Caddy's `{http.request.uuid}`), else a new one. It goes back in
the `X-Request-Id` header and in the JSON error answers (`request_id`), and every log line
written while the request runs carries it, so the id in a user's error report leads to the
log lines of that request.

With `json`: the root logger writes JSON lines to stderr; each request is one `catalog.request`
line (method, path, status, duration_ms, remote, request_id); gunicorn's own lines take the
same shape (its access log is then off: the request line replaces it); the harvest worker's
lines (one per job step) too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

FORMATS = ("text", "json")
INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_request_id: ContextVar[str | None] = ContextVar("catalog_request_id", default=None)
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
access = logging.getLogger("catalog.request")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, the record's
    extra fields, and the traceback as `error`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = _request_id.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """The root handler configure() installs (recognized so it is installed once)."""


def configure(log_format: str) -> None:
    """With json: JSON lines on stderr from every logger (once per process)."""
    if log_format != "json":
        return
    root = logging.getLogger()
    if any(isinstance(h, _JsonHandler) for h in root.handlers):
        return
    handler = _JsonHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def gunicorn_logconfig() -> dict[str, Any]:
    """gunicorn's logconfig_dict for json: its error log through JsonFormatter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "catalog.logs.JsonFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["json"], "propagate": False},
        },
        "root": {"level": "INFO", "handlers": []},
    }


def request_id() -> str | None:
    """The current request's id (made on first use), None outside a request."""
    if not has_request_context():
        return None
    current = g.get("request_id")
    if current is None:
        sent = request.environ.get("HTTP_X_REQUEST_ID", "")  # the header, without its wrapper
        current = sent if INCOMING_ID.fullmatch(sent) else uuid.uuid4().hex
        g.request_id = current
        g.request_id_token = _request_id.set(current)
    return str(current)


def install(app: Flask, log_format: str) -> None:
    """The request id on every request and answer; the request line with json."""
    configure(log_format)

    def _start() -> None:
        g.request_started = time.perf_counter()
        request_id()

    # first of all, so the id is there for every other hook (and their errors)
    app.before_request_funcs.setdefault(None, []).insert(0, _start)

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = request_id() or ""
        if log_format == "json":
            started = g.get("request_started")
            access.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "bytes": response.calculate_content_length(),
                    "duration_ms": None
                    if started is None
                    else round((time.perf_counter() - started) * 1000, 2),
                    "remote": request.remote_addr,
                },
            )
        return response

    @app.teardown_request
    def _forget(_error: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            # ValueError: set in another (copied) context, which ends with the request
            with contextlib.suppress(ValueError):
                _request_id.reset(token)
