"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import os
import shutil
from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import text

from catalog import migrate

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz() -> Any:
    from catalog.context import catalog
    from catalog.worker import background_state

    # which serving process answered, and whether it runs the embedded harvest worker
    # ('running'), another process does ('standby') or none is configured ('off')
    return jsonify(status="ok", pid=os.getpid(), worker=background_state(catalog()))


@blp.get("/readyz")
def readyz() -> Any:
    from catalog.context import catalog

    ctx = catalog()
    checks: dict[str, Any] = {}
    try:
        with ctx.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current, head = migrate.current_revision(ctx.db.engine), migrate.head_revision()
        checks["database"] = {
            "ok": current == head,
            "backend": ctx.db.dialect,
            "revision": current,
            "expected": head,
        }
    except Exception as exc:  # readiness reports, it does not raise
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    checks["data_dir"] = _data_dir(ctx.settings)
    for name, probe in ctx.readiness.items():
        checks[name] = probe()
    ready = all(c.get("ok") for c in checks.values())
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    return response


def _data_dir(settings: Any) -> dict[str, Any]:
    """Free space where the embedded database, the search index and uploads are written: a
    full disk fails every write (and every drain) while reads still answer."""
    try:
        free = shutil.disk_usage(settings.data_dir).free
    except OSError as exc:
        return {"ok": False, "error": type(exc).__name__}
    minimum = int(float(settings.ready_min_free_mb) * 1024 * 1024)
    state: dict[str, Any] = {"ok": free >= minimum, "free_bytes": free, "min_free_bytes": minimum}
    if free < minimum:
        state["error"] = "ruang disk direktori data hampir habis"
    return state
