"""Sending a harvest source's secrets when a harvest runs: to the source's own origin only.

Telling secrets apart, keeping them apart and masking them is catalog/credentials.py (the
service and the schemas use it too); its names are re-exported here for older importers
(the 0007 migration).
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote

from requests.auth import AuthBase
from requests.models import PreparedRequest

from catalog.credentials import (
    CONFIG,
    MASK,
    USERINFO,
    is_secret,
    masked_config,
    masked_url,
    merged_config,
    origin,
    split_config,
    split_url,
    store,
)

__all__ = [
    "CONFIG",
    "MASK",
    "USERINFO",
    "SourceAuth",
    "is_secret",
    "masked_config",
    "masked_url",
    "merged_config",
    "origin",
    "split_config",
    "split_url",
    "store",
]


# -- when a harvest runs ---------------------------------------------------------------------


class SourceAuth(AuthBase):
    """Sends the source's credentials (URL userinfo, configured headers) to its origin only."""

    def __init__(self, url: str, userinfo: str | None, headers: dict[str, Any] | None) -> None:
        self.origin = origin(url)
        self.headers = {str(k): str(v) for k, v in (headers or {}).items() if v is not None}
        self.basic: str | None = None
        if userinfo:
            user, _, password = userinfo.partition(":")
            pair = f"{unquote(user)}:{unquote(password)}".encode()
            self.basic = "Basic " + base64.b64encode(pair).decode("ascii")

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        if origin(str(request.url)) != self.origin:
            return request
        for name, value in self.headers.items():
            request.headers.setdefault(name, value)
        if self.basic and "Authorization" not in request.headers:
            request.headers["Authorization"] = self.basic
        return request
