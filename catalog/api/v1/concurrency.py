"""Optimistic concurrency on the API: the version a client says it last read."""

from __future__ import annotations

from typing import Any

from flask import request


def expected_version(data: dict[str, Any]) -> int | None:
    """The client's version: the body's `version`, else an If-Match header ("3" or W/"3")."""
    if data.get("version") is not None:
        return int(data["version"])
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(header) if header.isdigit() else None
