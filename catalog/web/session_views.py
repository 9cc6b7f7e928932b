"""Sign-in with username and password, sign-out, setting a password from an invitation, and
one's own account (name and e-mail, password, API tokens)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from catalog import hardening
from catalog.context import catalog, current_actor, signin_attempt, start_web_session
from catalog.errors import ServiceError
from catalog.models.accounts import MIN_PASSWORD
from catalog.services import users
from catalog.services.auth import Actor
from catalog.services.throttle import Throttled
from catalog.web.admin import ROLE_LABELS, revoked
from catalog.web.forms import refusal
from schemas.api import TokenIn, UserPatch

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


# ---------------------------------------------------------------- one's own account


def _account_holder() -> Actor:
    """The signed-in user of an account page (the others go to sign in first)."""
    actor = current_actor()
    if not actor.authenticated:
        abort(redirect(url_for("account.login", next=url_for("account.me"))))
    return actor


def _account_page(
    actor: Actor,
    *,
    errors: dict[str, Any] | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
    secret: str = "",
) -> tuple[str, int]:
    """The account page: who one is, the forms for name and e-mail, password and API tokens
    (`secret`: a token just made, shown this once), `errors` next to the inputs they name."""
    with catalog().unit_of_work() as db:
        user = users.get_user(db, actor.user_id or "")
        body = render_template(
            "account.html",
            user=user,
            memberships=sorted(user.memberships, key=lambda m: m.organization.title),
            tokens=users.list_tokens(db, actor, user),
            errors=errors or {},
            form=form or {"full_name": user.full_name or "", "email": user.email or ""},
            secret=secret,
            min_password=MIN_PASSWORD,
            role_label=lambda code: str(ROLE_LABELS.get(code, code)),
        )
    return body, status


@bp.get("/akun")
def me() -> tuple[str, int]:
    """My account: name and e-mail, password, agencies and roles, API tokens."""
    return _account_page(_account_holder())


@bp.post("/akun/profil")
def update_profile() -> Response | tuple[str, int]:
    actor = _account_holder()
    form = {k: request.form.get(k, "").strip() for k in ("full_name", "email")}
    try:
        data = UserPatch().load({"full_name": form["full_name"], "email": form["email"] or None})
        with catalog().unit_of_work() as db:
            users.update_user(db, actor, actor.user_id or "", data)
    except (ValidationError, ServiceError) as exc:
        errors, status = refusal(exc)
        return _account_page(actor, errors=errors, status=status, form=form)
    flash(_("Your details are saved."), "ok")
    return redirect(url_for("account.me"))


@bp.post("/akun/sandi")
def change_password() -> Response | tuple[str, int]:
    """A new password needs the current one (counted like a sign-in) and ends the account's
    other web sessions; this one stays signed in."""
    actor = _account_holder()
    new = request.form.get("password", "")
    if new != request.form.get("password_again", ""):
        errors = {"password_again": [_("The two passwords differ.")]}
        return _account_page(actor, errors=errors, status=422)
    try:
        data = UserPatch().load(
            {"password": new, "current_password": request.form.get("current_password", "")}
        )
        with catalog().unit_of_work() as db:
            user = users.update_user(db, actor, actor.user_id or "", data, attempt=signin_attempt())
            generation = user.session_generation
    except Throttled as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        message = _("Too many wrong passwords. Try again in %(minutes)s minutes.", minutes=minutes)
        return _account_page(actor, errors={"current_password": [message]}, status=429)
    except (ValidationError, ServiceError) as exc:
        errors, status = refusal(exc)
        return _account_page(actor, errors=errors, status=status)
    session["session_generation"] = generation
    flash(_("Password changed. Other devices signed in to this account are signed out."), "ok")
    return redirect(url_for("account.me"))


@bp.post("/akun/token")
def create_token() -> tuple[str, int]:
    """A personal API token: its secret is shown on this one page and nowhere else."""
    actor = _account_holder()
    try:
        data = TokenIn().load({"name": request.form.get("name", "").strip()})
        with catalog().unit_of_work() as db:
            user = users.get_user(db, actor.user_id or "")
            _token, secret = users.create_token(db, actor, user, **data)
    except (ValidationError, ServiceError) as exc:
        errors, status = refusal(exc)
        return _account_page(actor, errors=errors, status=status)
    return _account_page(actor, secret=secret, status=201)


@bp.post("/akun/token/<token_id>/cabut")
def revoke_token(token_id: str) -> Response:
    return revoked(_account_holder(), token_id, url_for("account.me") + "#token")
