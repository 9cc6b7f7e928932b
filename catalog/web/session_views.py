"""Sign-in with username and password, sign-out, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from catalog import hardening
from catalog.app import catalog, current_actor
from catalog.errors import NotAuthenticated
from catalog.services.users import authenticate
from catalog.web.security import LoginThrottle

bp = Blueprint("account", __name__)


def throttle(app: Flask | None = None) -> LoginThrottle:
    app = app or current_app
    found: LoginThrottle | None = app.extensions.get("catalog.login_throttle")
    if found is None:
        found = app.extensions["catalog.login_throttle"] = LoginThrottle()
    return found


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after sign-in would help phishing."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next_url=next_url, username="")
    username = request.form.get("username", "").strip()[:80]
    password = request.form.get("password", "")
    ip = request.remote_addr or "?"
    limiter = throttle()
    wait = limiter.retry_after(ip, username)
    if wait:
        message = _(
            "Too many failed sign-ins. Try again in %(minutes)s minutes.",
            minutes=max(1, -(-wait // 60)),
        )
        body = render_template("login.html", next_url=next_url, username=username, error=message)
        return body, 429
    try:
        with catalog().unit_of_work() as db:
            user = authenticate(db, username, password)
            user_id = user.id
    except NotAuthenticated:
        limiter.failed(ip, username)
        error = _("Wrong username or password.")
        return render_template("login.html", next_url=next_url, username=username, error=error), 401
    limiter.succeeded(ip, username)
    # A fresh session on sign-in (no fixation); the CSRF token is renewed with it.
    session.clear()
    session["user_id"] = user_id
    hardening.mark_signed_in()
    flash(_("Signed in as %(name)s.", name=username), "ok")
    return redirect(next_url)


@bp.post("/keluar")
def logout() -> Response:
    session.clear()
    flash(_("Signed out."), "ok")
    return redirect("/")


@bp.get("/akun")
def me() -> Response:
    """Where a signed-in user starts: the reviewer queue or their agency's dashboard."""
    actor = current_actor()
    if not actor.authenticated:
        return redirect("/masuk?next=/akun")
    if actor.is_reviewer:
        return redirect("/tinjauan")
    return redirect("/dasbor")
