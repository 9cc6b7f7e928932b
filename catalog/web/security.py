"""CSRF tokens for every form and the sign-in throttle."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from flask import Flask, abort, request, session
from flask_babel import gettext as _

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    """The session's token, created on first use; every form sends it back as `csrf_token`."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


def check_csrf() -> None:
    if request.method in SAFE_METHODS:
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, _("The form has expired or did not come from this site. Reload and try again."))


def protect(app: Flask, blueprints: set[str]) -> None:
    """Check the token on every unsafe request to the web pages (the API uses bearer tokens)."""

    def _check() -> None:
        if request.blueprint in blueprints:
            check_csrf()

    app.before_request(_check)


@dataclass
class LoginThrottle:
    """Failed sign-ins counted per (IP, username) and per IP within a sliding window.

    Kept in the server process: the embedded mode runs one process; behind several
    processes each keeps its own count, which only makes the limit per process.
    """

    max_per_user: int = 5
    max_per_ip: int = 20
    window_s: float = 900.0
    _fails: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._fails.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, ip: str, username: str, now: float | None = None) -> int:
        """Seconds until a sign-in may be tried again (0: allowed now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            waits = []
            for key, limit in (
                ((ip, username.lower()), self.max_per_user),
                ((ip, ""), self.max_per_ip),
            ):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(int(times[-limit] + self.window_s - now) + 1)
            return max(waits, default=0)

    def failed(self, ip: str, username: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent((ip, username.lower()), now).append(now)
            self._recent((ip, ""), now).append(now)

    def succeeded(self, ip: str, username: str) -> None:
        with self._lock:
            self._fails.pop((ip, username.lower()), None)
