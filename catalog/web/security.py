"""CSRF tokens for every form (and for unsafe API requests made with the web session).

The sign-in throttle lives in the database: catalog.services.throttle."""

from __future__ import annotations

import hmac
import secrets

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


def csrf_header_ok() -> bool:
    """Whether the request carries the session's token in X-CSRF-Token (API requests)."""
    sent = request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    return bool(expected) and _same(sent, expected)


def _same(sent: object, expected: object) -> bool:
    # bytes: compare_digest refuses str with non-ASCII characters (a 500 for a forged token)
    return hmac.compare_digest(str(sent).encode(), str(expected).encode())


def check_csrf() -> None:
    if request.method in SAFE_METHODS:
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not _same(sent, expected):
        abort(400, _("The form has expired or did not come from this site. Reload and try again."))


def protect(app: Flask, blueprints: set[str]) -> None:
    """Check the token on every unsafe request to the web pages (the API uses bearer tokens)."""

    def _check() -> None:
        if request.blueprint in blueprints:
            check_csrf()

    app.before_request(_check)
