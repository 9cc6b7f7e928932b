"""The walidata's administration pages: agencies, accounts (invitations with a one-time
set-password link), roles and memberships, everyone's API tokens, every harvest source, and
the audit of these changes. Admins only; every change goes through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalog.context import catalog
from catalog.errors import ServiceError
from catalog.models import GLOBAL_ROLES, MEMBER_ROLES, ORG_KINDS
from catalog.services import audit, harvest, organizations, users
from catalog.services.auth import Actor
from catalog.web.dashboard import signed_in
from catalog.web.forms import refusal
from catalog.web.paging import page_arg, page_count
from schemas.api import OrganizationIn, UserIn

bp = Blueprint("admin", __name__, url_prefix="/admin")
EVENTS_PER_PAGE = 50
T = TypeVar("T")
ORG_FIELDS = ("slug", "title", "kind", "code", "description", "email", "website")


ROLE_LABELS = {
    "admin": _l("Walidata admin"),
    "bps_reviewer": _l("BPS reviewer"),
    "editor": _l("Editor"),
}


@bp.context_processor
def _role_labels() -> dict[str, Any]:
    return {"role_label": lambda code: str(ROLE_LABELS.get(code, code))}


def admin() -> Actor:
    actor = signed_in()
    if not actor.is_admin:
        abort(403, _("Only the walidata admins may open this page."))
    return actor


def _saved(
    actor: Actor,
    schema: Schema,
    payload: dict[str, Any],
    save: Callable[[Session, Actor, dict[str, Any]], T],
) -> tuple[T | None, dict[str, Any], int]:
    """Validate a posted form with `schema` and `save(session, actor, data)` it in one unit of
    work: (what save returned, no errors, 200), or (None, field errors, status) to show the
    form again."""
    try:
        data = schema.load(payload)
        with catalog().unit_of_work() as session:
            return save(session, actor, data), {}, 200
    except (ValidationError, ServiceError) as exc:
        return None, *refusal(exc)


def set_password_link(secret: str) -> str:
    return url_for("account.set_password", token=secret, _external=True)


@bp.get("/")
def overview() -> str:
    actor = admin()
    with catalog().unit_of_work() as session:
        _orgs, org_total = organizations.list_organizations(session)
        accounts = users.list_users(session, actor)
        tokens = users.list_all_tokens(session, actor)
        _sources, source_total = harvest.list_sources(session, actor, limit=1)
        events, _total = audit.list_events(session, actor, limit=10)
        return render_template(
            "admin/overview.html",
            org_total=org_total,
            user_total=len(accounts),
            inactive_total=sum(1 for u in accounts if not u.active),
            token_total=sum(1 for t in tokens if t.revoked_at is None),
            source_total=source_total,
            events=events,
            actions=audit.ACTIONS,
        )


# -- agencies ---------------------------------------------------------------------------------


@bp.get("/instansi")
def agencies() -> str:
    admin()
    with catalog().unit_of_work() as session:
        orgs, _total = organizations.list_organizations(session)
        return render_template(
            "admin/agencies.html", orgs=orgs, counts=organizations.dataset_counts(session)
        )


def _agency_form(slug: str | None) -> Response | tuple[str, int]:
    actor = admin()
    form: dict[str, Any] = dict.fromkeys(ORG_FIELDS, "")
    form["kind"] = "opd"
    if slug is not None:
        with catalog().unit_of_work() as session:
            org = organizations.get_organization(session, slug)
            form.update({key: getattr(org, key) or "" for key in ORG_FIELDS})
            form["active"] = org.active
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form.update({key: request.form.get(key, form[key]).strip() for key in ORG_FIELDS})
        payload = {key: form[key] or None for key in ("code", "email", "website")}
        payload.update(
            slug=form["slug"],
            title=form["title"],
            kind=form["kind"],
            description=form["description"],
        )

        def save(session: Session, actor: Actor, data: dict[str, Any]) -> None:
            if slug is None:
                organizations.create_organization(session, actor, data)
            else:
                organizations.update_organization(session, actor, slug, data)

        _nothing, errors, status = _saved(actor, OrganizationIn(), payload, save)
        if not errors:
            flash(_("Agency saved."), "ok")
            return redirect(url_for("admin.agencies"))
    body = render_template(
        "admin/agency_form.html",
        form=form,
        errors=errors,
        editing=slug,
        kinds=ORG_KINDS,
        active=form.get("active", True),
    )
    return body, status


@bp.route("/instansi/baru", methods=["GET", "POST"])
def new_agency() -> Response | tuple[str, int]:
    return _agency_form(None)


@bp.route("/instansi/<slug>", methods=["GET", "POST"])
def edit_agency(slug: str) -> Response | tuple[str, int]:
    return _agency_form(slug)


@bp.post("/instansi/<slug>/status")
def agency_status(slug: str) -> Response:
    """Deactivate (datasets stay, no new ones, out of the pickers) or reactivate an agency."""
    actor = admin()
    active = request.form.get("active") == "1"
    with catalog().unit_of_work() as session:
        org = organizations.set_active(session, actor, slug, active)
        title = org.title
    flash(
        _("Agency %(name)s is active again.", name=title)
        if active
        else _("Agency %(name)s is deactivated.", name=title),
        "ok",
    )
    return redirect(url_for("admin.edit_agency", slug=slug))


# -- accounts ---------------------------------------------------------------------------------


@bp.get("/pengguna")
def accounts() -> str:
    actor = admin()
    with catalog().unit_of_work() as session:
        rows = users.list_users(session, actor)
        orgs, _total = organizations.list_organizations(session)
        return render_template(
            "admin/users.html", accounts=rows, org_titles={o.id: o.title for o in orgs}
        )


@bp.route("/pengguna/baru", methods=["GET", "POST"])
def new_account() -> Response | str | tuple[str, int]:
    """Create an account without a password and show its set-password link, once."""
    actor = admin()
    with catalog().unit_of_work() as session:
        orgs, _total = organizations.list_organizations(session, active_only=True)
        org_choices = [(o.slug, o.title) for o in orgs]
    form: dict[str, Any] = {
        "username": "",
        "full_name": "",
        "email": "",
        "roles": [],
        "organization": "",
        "member_role": "editor",
    }
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form.update(
            username=request.form.get("username", "").strip(),
            full_name=request.form.get("full_name", "").strip(),
            email=request.form.get("email", "").strip(),
            roles=request.form.getlist("roles"),
            organization=request.form.get("organization", ""),
            member_role=request.form.get("member_role", "editor"),
        )
        payload = {
            "username": form["username"],
            "full_name": form["full_name"],
            "email": form["email"] or None,
            "roles": form["roles"],
        }

        def save(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[str, str]:
            """The account without a password, its agency; its name and set-password secret."""
            data.pop("password", None)
            user = users.create_user(session, actor, password=None, **data)
            if form["organization"]:
                users.set_membership(
                    session, actor, user, form["organization"], form["member_role"]
                )
            return user.username, users.invite(session, actor, user.id)

        created, errors, status = _saved(actor, UserIn(), payload, save)
        if created is not None:
            username, secret = created
            return render_template(
                "admin/link.html", username=username, link=set_password_link(secret), new=True
            )
    body = render_template(
        "admin/user_form.html",
        form=form,
        errors=errors,
        orgs=org_choices,
        global_roles=GLOBAL_ROLES,
        member_roles=MEMBER_ROLES,
    )
    return body, status


@bp.get("/pengguna/<username>")
def account(username: str) -> str:
    actor = admin()
    with catalog().unit_of_work() as session:
        user = users.get_user(session, username)
        orgs, _total = organizations.list_organizations(session)
        return render_template(
            "admin/user.html",
            user=user,
            tokens=users.list_tokens(session, actor, user),
            orgs=[o for o in orgs if o.active],  # the membership picker
            org_titles={o.id: o.title for o in orgs},
            global_roles=GLOBAL_ROLES,
            member_roles=MEMBER_ROLES,
        )


def _change(username: str, done: str, change: Any) -> Response:
    """Run one account change through the services; say what happened."""
    actor = admin()
    try:
        with catalog().unit_of_work() as session:
            change(session, actor, users.get_user(session, username))
        flash(done, "ok")
    except ServiceError as exc:
        flash(exc.message + " " + " ".join(str(m) for m in (exc.errors or {}).values()), "error")
    return redirect(url_for("admin.account", username=username))


@bp.post("/pengguna/<username>/status")
def account_status(username: str) -> Response:
    active = request.form.get("active") == "1"
    return _change(
        username,
        _("Account activated.") if active else _("Account deactivated."),
        lambda s, a, u: users.update_user(s, a, u.id, {"active": active}),
    )


@bp.post("/pengguna/<username>/keluarkan")
def account_sign_out(username: str) -> Response:
    """End every web session of the account (a lost phone, a shared computer); its API tokens
    are revoked one by one below."""
    return _change(
        username,
        _("Signed out on every device."),
        lambda s, a, u: users.sign_out_everywhere(s, a, u.id),
    )


@bp.post("/pengguna/<username>/peran")
def account_role(username: str) -> Response:
    role = request.form.get("role", "")
    grant = request.form.get("grant") == "1"
    return _change(
        username,
        _("Role granted.") if grant else _("Role revoked."),
        lambda s, a, u: (users.grant_role if grant else users.revoke_role)(s, a, u, role),
    )


@bp.post("/pengguna/<username>/keanggotaan")
def account_membership(username: str) -> Response:
    organization = request.form.get("organization", "")
    role = request.form.get("role", "")

    def change(session: Any, actor: Actor, user: Any) -> None:
        if role == "none":
            users.remove_membership(session, actor, user, organization)
        else:
            users.set_membership(session, actor, user, organization, role)

    return _change(username, _("Membership saved."), change)


@bp.post("/pengguna/<username>/tautan")
def account_link(username: str) -> str:
    """A new one-time set-password link (a reset): the old password stays until it is used."""
    actor = admin()
    with catalog().unit_of_work() as session:
        secret = users.invite(session, actor, username)
    return render_template(
        "admin/link.html", username=username, link=set_password_link(secret), new=False
    )


# -- tokens, sources, audit -------------------------------------------------------------------


@bp.get("/token")
def tokens() -> str:
    actor = admin()
    with catalog().unit_of_work() as session:
        return render_template("admin/tokens.html", tokens=users.list_all_tokens(session, actor))


def revoked(actor: Actor, token_id: str, back: str) -> Response:
    """Revoke a token (its owner's or, for an admin, anyone's: the service decides), then
    back to the list it was revoked from."""
    with catalog().unit_of_work() as session:
        users.revoke_token(session, actor, token_id)
    flash(_("Token revoked."), "ok")
    return redirect(back)


@bp.post("/token/<token_id>/cabut")
def revoke_token(token_id: str) -> Response:
    return revoked(admin(), token_id, url_for("admin.tokens"))


@bp.get("/sumber")
def sources() -> str:
    actor = admin()
    with catalog().unit_of_work() as session:
        rows, _total = harvest.list_sources(session, actor, limit=1000)
        return render_template(
            "admin/sources.html",
            sources=[(s, harvest.last_job(session, s.id)) for s in rows],
        )


@bp.get("/audit")
def audit_log() -> str:
    actor = admin()
    page = page_arg()
    with catalog().unit_of_work() as session:
        events, total = audit.list_events(
            session, actor, offset=(page - 1) * EVENTS_PER_PAGE, limit=EVENTS_PER_PAGE
        )
        return render_template(
            "admin/audit.html",
            events=events,
            actions=audit.ACTIONS,
            page=page,
            pages=page_count(total, EVENTS_PER_PAGE),
        )
