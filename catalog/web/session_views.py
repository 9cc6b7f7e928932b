"""Sign-in with username and password, sign-out, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from catalog import hardening
from catalog.context import catalog, client_address, current_actor, start_web_session
from catalog.services import users
from catalog.services.throttle import Throttled

bp = Blueprint("account", __name__)


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after sign-in would help phishing."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next_url=next_url, username="")
    username = request.form.get("username", "").strip()[:80]
    password = request.form.get("password", "")
    ctx = catalog()
    try:
        # Two units of work: the attempt counts (committed) before the password is hashed.
        with ctx.unit_of_work() as db:
            claim = users.claim_sign_in(
                db, username, address=client_address(), limits=ctx.signin_limits
            )
        with ctx.unit_of_work() as db:
            user = users.complete_sign_in(db, username, password, claim)
            user_id, generation = user.id, user.session_generation
    except Throttled as exc:
        message = _(
            "Too many failed sign-ins. Try again in %(minutes)s minutes.",
            minutes=max(1, -(-exc.retry_after // 60)),
        )
        body = render_template("login.html", next_url=next_url, username=username, error=message)
        return body, 429, {"Retry-After": str(exc.retry_after)}
    except users.SigninFailed:
        error = _("Wrong username or password.")
        return render_template("login.html", next_url=next_url, username=username, error=error), 401
    # A fresh session on sign-in (no fixation); the CSRF token is renewed with it.
    session.clear()
    start_web_session(user_id, generation)
    hardening.mark_signed_in()
    flash(_("Signed in as %(name)s.", name=username), "ok")
    return redirect(next_url)


@bp.post("/keluar")
def logout() -> Response:
    """Sign out: ends every web session of the account (older cookies stop working too)."""
    actor = current_actor()
    if actor.user_id:
        with catalog().unit_of_work() as db:
            users.sign_out_everywhere(db, actor, actor.user_id)
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
