"""Sign-in with username and password, sign-out, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from catalog import hardening
from catalog.context import catalog, current_actor, signin_attempt, start_web_session
from catalog.errors import ServiceError
from catalog.services import users
from catalog.services.auth import Actor
from catalog.services.throttle import Throttled

bp = Blueprint("account", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect after sign-in would help phishing. "" = none
    asked for (the home page counts as none: the sign-in link is on it)."""
    if not target or target in ("/", "/?"):
        return ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return ""
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return ""  # browsers read "/\\host" as another site
    return target


def landing(actor: Actor) -> str:
    """Where a signed-in user starts: admins on the admin overview, reviewers on the queue,
    editors on their agency's dashboard (the choice of agencies when they have several)."""
    if actor.is_admin:
        return url_for("admin.overview")
    if actor.is_reviewer:
        return url_for("review.queue")
    if actor.orgs:
        return url_for("dashboard.index")
    return "/"


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
            claim = users.claim_sign_in(db, username, signin_attempt())
        with ctx.unit_of_work() as db:
            user = users.complete_sign_in(db, username, password, claim)
            user_id, generation = user.id, user.session_generation
            start = next_url or landing(Actor.for_user(user))
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
    return redirect(start)


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


@bp.route("/atur-sandi/<token>", methods=["GET", "POST"])
def set_password(token: str) -> Response | tuple[str, int]:
    """The one-time link an admin gave: the invited (or reset) user chooses a password, then
    signs in as usual and lands where their role starts."""
    errors: dict[str, list[str]] = {}
    status = 200
    try:
        with catalog().unit_of_work() as db:
            username = users.invited_user(db, token).username
    except ServiceError as exc:
        return render_template("error.html", status=404, message=exc.message), 404
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("password_again", ""):
            errors, status = {"password_again": [_("The two passwords differ.")]}, 422
        else:
            try:
                with catalog().unit_of_work() as db:
                    users.accept_invite(db, token, password)
                session.clear()
                flash(_("Password set. Sign in with it now."), "ok")
                return redirect(url_for("account.login"))
            except ServiceError as exc:
                errors = {k: [str(m) for m in v] for k, v in (exc.errors or {}).items()}
                errors = errors or {"password": [exc.message]}
                status = exc.status
    body = render_template("set_password.html", username=username, errors=errors)
    return body, status


@bp.get("/akun")
def me() -> Response:
    """Where a signed-in user starts (see landing)."""
    actor = current_actor()
    if not actor.authenticated:
        return redirect("/masuk?next=/akun")
    return redirect(landing(actor))
