"""What a deployment on the internet expects of every response and of the web session.

Security headers on every answer (pages, API, static files), the session cookie's flags and
lifetime, and the reverse-proxy headers trusted for the client's address, scheme and host.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, Request, Response, abort, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from catalog.config import Settings

# No inline script anywhere (the pages' and the API documentation's behaviour live in static
# files); JSON-LD blocks are data (`application/ld+json`), which script-src does not govern.
# No inline style either: every style is in site.css or swagger-ui.css (style properties set
# from script through the CSSOM, as Swagger UI does, are not inline styles for CSP).
# Images: data: URIs are the icons inside swagger-ui.css.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Longest path + query string answered (browsers and proxies cap near 8 KiB too): longer
# ones get 414 instead of a search over megabytes of query string.
MAX_URL_BYTES = 8192
# The session key holding when the user signed in (seconds since the epoch).
SIGNED_IN_AT = "signed_in_at"


def mark_signed_in() -> None:
    """Start the sign-in's lifetime; called by the sign-in view after it fills the session."""
    session[SIGNED_IN_AT] = int(time.time())
    session.permanent = True  # the cookie expires with the sign-in, not only with the browser


def _security_headers(response: Response) -> Response:
    # one pass over the answer's headers instead of one setdefault (a scan) per header:
    # this runs on every answer (issue 21)
    present = {name.lower() for name, _value in response.headers}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        response.headers.add("Strict-Transport-Security", "max-age=31536000")
    actor = g.get("actor")
    if "cache-control" not in present and actor is not None and actor.authenticated:
        # An answer for a signed-in caller (a dashboard, a token shown once, private drafts)
        # is kept by no cache, nor by the browser's history after sign-out.
        response.headers.add("Cache-Control", "private, no-store")
    return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a request without the session cookie
    (every API client, most first visits) gets its empty session without the cookie signer
    being built first: building it cost more than the rest of a search answer's hooks
    (issue 21). Requests with the cookie go through Flask's own code."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and (
            "HTTP_COOKIE" not in request.environ
            or not request.cookies.get(self.get_cookie_name(app))
        ):
            return self.session_class()
        return super().open_session(app, request)


def install(app: Flask, settings: Settings) -> None:
    """Headers, cookie flags, the sign-in lifetime and ProxyFix; before any other hook."""
    lifetime = timedelta(hours=settings.session_lifetime_h)
    app.session_interface = CookieSessions()
    app.config.update(
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        PERMANENT_SESSION_LIFETIME=lifetime,
        # The cookie's own timestamp is renewed whenever the session changes; the sign-in's
        # lifetime is counted from SIGNED_IN_AT instead, so activity does not extend it.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )

    def _expire_sign_in() -> None:
        """A sign-in older than its lifetime (or from before lifetimes existed) is over."""
        if "user_id" not in session:
            return
        since = session.get(SIGNED_IN_AT)
        if not isinstance(since, int) or time.time() - since > lifetime.total_seconds():
            session.clear()

    def _limit_url() -> None:
        environ = request.environ
        if len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) > (
            MAX_URL_BYTES
        ):
            abort(414)

    app.before_request(_limit_url)
    app.before_request(_expire_sign_in)
    app.after_request(_security_headers)
