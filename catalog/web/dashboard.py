"""The agency (OPD) dashboard: its datasets, harvest sources and jobs."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from catalog.app import catalog, current_actor
from catalog.models import Dataset, HarvestJob, HarvestSource, Organization
from catalog.services import organizations, recommendations
from catalog.services.auth import Actor

bp = Blueprint("dashboard", __name__, url_prefix="/dasbor")


def signed_in() -> Actor:
    actor = current_actor()
    if not actor.authenticated:
        abort(redirect(url_for("account.login", next=request.full_path)))
    return actor


def agency_for(actor: Actor, slug: str) -> Organization:
    """The agency whose dashboard is asked for, if the actor works for it (403 otherwise)."""
    with catalog().unit_of_work() as session:
        org = organizations.get_organization(session, slug)
    if not actor.can_edit_org(org.id):
        abort(403, _("You do not work for this agency."))
    return org


@bp.get("/")
def index() -> Response | str:
    actor = signed_in()
    with catalog().unit_of_work() as session:
        if actor.is_admin:
            orgs, _total = organizations.list_organizations(session)
        else:
            orgs = [organizations.get_organization(session, org_id) for org_id in actor.orgs]
        if len(orgs) == 1:
            return redirect(f"/dasbor/{orgs[0].slug}")
        return render_template("dashboard/choose.html", orgs=orgs)


@bp.get("/<slug>")
def agency(slug: str) -> str:
    actor = signed_in()
    org = agency_for(actor, slug)
    with catalog().unit_of_work() as session:
        rows = list(
            session.scalars(
                select(Dataset).where(Dataset.organization_id == org.id).order_by(Dataset.title)
            )
        )
        sources = list(
            session.scalars(
                select(HarvestSource)
                .where(HarvestSource.organization_id == org.id)
                .order_by(HarvestSource.title)
            )
        )
        jobs = list(
            session.scalars(
                select(HarvestJob)
                .join(HarvestSource)
                .where(HarvestSource.organization_id == org.id)
                .order_by(HarvestJob.created_at.desc())
                .limit(10)
            )
        )
        return render_template(
            "dashboard/agency.html",
            org=org,
            datasets=rows,
            summaries={d.id: recommendations.summary(d) for d in rows},
            sources=sources,
            jobs=jobs,
        )
