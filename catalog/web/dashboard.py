"""The agency (OPD) dashboard: its datasets, harvest sources and jobs, recommendation requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalog.context import catalog, current_actor
from catalog.errors import ServiceError
from catalog.models import HarvestJob, HarvestSource, Organization, recommendation
from catalog.services import activities, datasets, harvest, organizations
from catalog.services.auth import Actor
from catalog.services.recommendations import views, workflow
from catalog.web.filters import JOB_LABELS
from catalog.web.forms import refusal
from catalog.web.paging import page_arg, page_count
from harvesters.registry import HARVESTERS
from schemas.fields import flatten_messages
from schemas.harvest import HarvestSourceUrlIn, public_url

bp = Blueprint("dashboard", __name__, url_prefix="/dasbor")
# The schedule choices of the form, and what the scheduler understands for each
# (services/harvest.py: manual, its INTERVALS, or a cron line for experts).
SCHEDULE_CHOICES = (
    ("manual", _l("Manual only (Run now)")),
    ("hourly", _l("Every hour")),
    ("daily", _l("Daily")),
    ("weekly", _l("Weekly")),
    ("monthly", _l("Monthly (every 30 days)")),
    ("cron", _l("A cron line (for experts)")),
)
SCHEDULE_LABELS = dict(SCHEDULE_CHOICES)
DATASETS_PER_PAGE = 50


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


def active_agency(slug: str, refused: str) -> Organization:
    """The agency a new dataset or activity is made in: back to its dashboard with `refused`
    when the walidata has deactivated it (the service refuses too; this says it before any
    typing)."""
    org = agency_for(signed_in(), slug)
    if not org.active:
        flash(refused, "warn")
        abort(redirect(url_for("dashboard.agency", slug=org.slug)))
    return org


class Owned(Protocol):
    """An agency's own item: a dataset, an activity, a harvest source."""

    @property
    def organization_id(self) -> str: ...


OwnedT = TypeVar("OwnedT", bound=Owned)


def agency_item(
    slug: str, get: Callable[[Session, Actor], OwnedT]
) -> tuple[Actor, Organization, OwnedT]:
    """The signed-in editor, the agency of the page (403 unless they work for it) and the
    item `get(session, actor)` reads (404 when it is another agency's), all for one page."""
    actor = signed_in()
    org = agency_for(actor, slug)
    with catalog().unit_of_work() as session:
        item = get(session, actor)
        if item.organization_id != org.id:
            abort(404)
        return actor, org, item


def source_of(slug: str, source_id: str) -> tuple[Actor, Organization, HarvestSource]:
    return agency_item(slug, lambda session, _actor: harvest.get_source(session, source_id))


@bp.get("/")
def index() -> Response | str:
    actor = signed_in()
    with catalog().unit_of_work() as session:
        if actor.is_admin:
            orgs, _total = organizations.list_organizations(session)
        else:
            orgs = [organizations.get_organization(session, org_id) for org_id in actor.orgs]
        if len(orgs) == 1:
            return redirect(url_for("dashboard.agency", slug=orgs[0].slug))
        return render_template("dashboard/choose.html", orgs=orgs)


@bp.get("/<slug>")
def agency(slug: str) -> str:
    actor = signed_in()
    org = agency_for(actor, slug)
    page = page_arg()
    with catalog().unit_of_work() as session:
        rows, total = datasets.agency_datasets(
            session,
            actor,
            org.id,
            offset=(page - 1) * DATASETS_PER_PAGE,
            limit=DATASETS_PER_PAGE,
        )
        sources, _total = harvest.list_sources(session, actor, org.slug, limit=200)
        jobs = harvest.list_jobs(session, organization_id=org.id, limit=10)
        # the agency's statistical activities sent back by BPS (issue 20), with the note
        waiting = activities.list_activities(
            session, actor, organization=org.slug, status=views.NEEDS_AGENCY_ACTION, limit=100
        ).items
        activity_notes = views.last_notes(session, list(waiting))
        return render_template(
            "dashboard/agency.html",
            org=org,
            datasets=rows,
            summaries={d.id: recommendation.summary(d) for d in rows},
            can_request={d.id: "request" in workflow.allowed_actions(actor, d) for d in rows},
            can_withdraw={
                d.id: "withdraw_request" in workflow.allowed_actions(actor, d) for d in rows
            },
            # what the reviewers asked for, in full, with the dataset it is about
            notes=views.last_notes(session, list(rows)),
            activity_notes=[
                (
                    a,
                    recommendation.summary(a),
                    activity_notes[a.id],
                    "request" in workflow.allowed_actions(actor, a),
                )
                for a in waiting
                if a.id in activity_notes
            ],
            sources=[(s, harvest.last_job(session, s.id), public_url(s)) for s in sources],
            jobs=jobs,
            page=page,
            pages=page_count(total, DATASETS_PER_PAGE),
            dataset_total=total,
        )


def _source_form(org: Organization, source: HarvestSource | None) -> Response | tuple[str, int]:
    """Show, or on POST validate and save, the form of a new or existing source."""
    actor = signed_in()
    form: dict[str, Any] = {
        "title": source.title if source else "",
        "type": source.type if source else "ckan",
        # shown (and sent back) with its credentials masked: sending •••• keeps them
        "url": public_url(source) if source else "",
        "schedule": source.schedule if source else "manual",
        "cron": "",
        "active": source.active if source else True,
        "remote_organization": (source.config or {}).get("organization", "") if source else "",
        "cross_agency": bool((source.config or {}).get("remote_organization")) if source else False,
    }
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form.update(
            title=request.form.get("title", "").strip(),
            type=request.form.get("type", ""),
            url=request.form.get("url", "").strip(),
            schedule=_schedule_sent(),
            cron=request.form.get("cron", "").strip(),
            active=request.form.get("active") == "on",
            remote_organization=request.form.get("remote_organization", "").strip(),
            cross_agency=request.form.get("cross_agency") == "on",
        )
        # the stored config without its secrets: those not sent again stay as they are
        config = dict(source.config or {}) if source else {}
        config.pop("organization", None)
        if form["remote_organization"]:
            config["organization"] = form["remote_organization"]
        # Only admins see the cross-agency box; anyone else who sends it is refused (403) by
        # the service, unless an admin already allowed it for this source (then it stays).
        approved = bool(source and source.remote_organization_by)
        had_it = bool(config.pop("remote_organization", None))
        if form["cross_agency"] or (not actor.is_admin and approved and had_it):
            config["remote_organization"] = True
        payload = {
            "organization": org.slug,
            "title": form["title"],
            "type": form["type"],
            "url": form["url"],
            "schedule": form["schedule"],
            "active": form["active"],
            "config": config,
        }
        try:
            data = HarvestSourceUrlIn().load(payload)
            settings = catalog().settings
            with catalog().unit_of_work() as session:
                if source is None:
                    saved = harvest.create_source(session, actor, data, settings=settings)
                else:
                    data.pop("organization", None)
                    saved = harvest.update_source(
                        session, actor, source.id, data, settings=settings
                    )
                saved_id = saved.id
                twins = harvest.sources_with_url(session, saved.url, exclude=saved_id)
                twins_text = ", ".join(f"{t.title} ({t.organization.title})" for t in twins)
            flash(_("Harvest source saved."), "ok")
            if twins:
                warning = _(
                    "The same address is already harvested by: %(sources)s. Datasets may "
                    "appear twice; pause or delete one of the sources if that is not intended.",
                    sources=twins_text,
                )
                flash(warning, "warn")
            return redirect(url_for("dashboard.agency", slug=org.slug) + f"#source-{saved_id}")
        except (ValidationError, ServiceError) as exc:
            errors, status = refusal(exc)
        if errors.get("schedule") and request.form.get("schedule_choice") == "cron":
            errors["schedule"] = [
                _("Not a valid cron line: five fields, such as 0 2 * * * (every day at 02:00).")
            ]
        if isinstance(errors.get("config"), dict):  # the type's config schema, per key
            flat = flatten_messages(errors["config"]).items()
            errors["config"] = [f"{key}: {' '.join(messages)}" for key, messages in flat]
    choice = form["schedule"] if form["schedule"] in SCHEDULE_LABELS else "cron"
    form["schedule_choice"] = choice
    form["cron"] = form["cron"] or (form["schedule"] if choice == "cron" else "")
    body = render_template(
        "dashboard/source_form.html",
        org=org,
        source=source,
        form=form,
        errors=errors,
        # the registered types, but not those reading the server's disk (the command line's)
        types=[(name, HARVESTERS[name].label) for name in HARVESTERS.remote_names()],
        schedules=SCHEDULE_CHOICES,
        is_admin=actor.is_admin,
    )
    return body, status


def _schedule_sent() -> str:
    """The schedule the form sends: a choice, or the cron line when the choice is cron (the
    plain `schedule` field of older forms still counts)."""
    choice = request.form.get("schedule_choice")
    if choice is None:
        return request.form.get("schedule", "manual").strip()
    if choice == "cron":
        return request.form.get("cron", "").strip() or "-"
    return choice


@bp.context_processor
def _schedule_labels() -> dict[str, Any]:
    def schedule_label(schedule: str) -> str:
        label = SCHEDULE_LABELS.get(schedule)
        return str(label) if label is not None and schedule != "cron" else f"cron: {schedule}"

    return {"schedule_label": schedule_label}


@bp.route("/<slug>/sumber/baru", methods=["GET", "POST"])
def new_source(slug: str) -> Response | tuple[str, int]:
    return _source_form(agency_for(signed_in(), slug), None)


@bp.route("/<slug>/sumber/<source_id>", methods=["GET", "POST"])
def edit_source(slug: str, source_id: str) -> Response | tuple[str, int]:
    _actor, org, source = source_of(slug, source_id)
    return _source_form(org, source)


@bp.post("/<slug>/sumber/<source_id>/jalankan")
def run_source(slug: str, source_id: str) -> Response:
    actor, org, source = source_of(slug, source_id)
    with catalog().unit_of_work() as session:
        job = harvest.queue_job(session, actor, source.id)
        job_id = job.id
    flash(_("Harvest queued."), "ok")
    return redirect(url_for("dashboard.job", slug=org.slug, job_id=job_id))


@bp.post("/<slug>/sumber/<source_id>/jeda")
def pause_source(slug: str, source_id: str) -> Response:
    """Pause (the schedule stops; "run now" still works) or resume a source."""
    actor, org, source = source_of(slug, source_id)
    paused = request.form.get("paused") == "1"
    with catalog().unit_of_work() as session:
        harvest.set_paused(session, actor, source.id, paused)
    flash(_("Source paused.") if paused else _("Source resumed."), "ok")
    return redirect(url_for("dashboard.agency", slug=org.slug) + f"#source-{source.id}")


@bp.route("/<slug>/sumber/<source_id>/hapus", methods=["GET", "POST"])
def delete_source(slug: str, source_id: str) -> Response | tuple[str, int]:
    """Delete a source after asking what happens to its datasets: keep them, or withdraw them."""
    actor, org, source = source_of(slug, source_id)
    error = ""
    if request.method == "POST":
        keep = request.form.get("datasets")
        if keep in ("keep", "withdraw"):
            try:
                with catalog().unit_of_work() as session:
                    withdrawn = harvest.delete_source(
                        session, actor, source.id, withdraw_datasets=keep == "withdraw"
                    )
                message = _("Source deleted; its datasets stay in the catalog.")
                if keep == "withdraw":
                    message = _("Source deleted; %(n)s datasets withdrawn.", n=withdrawn)
                flash(message, "ok")
                return redirect(url_for("dashboard.agency", slug=org.slug) + "#h-sources")
            except ServiceError as exc:
                error = exc.message
        else:
            error = _("Choose what happens to the datasets of this source.")
    with catalog().unit_of_work() as session:
        count = harvest.source_dataset_count(session, source.id)
    body = render_template(
        "dashboard/source_delete.html", org=org, source=source, count=count, error=error
    )
    return body, 422 if error else 200


def job_of(org: Organization, job_id: str) -> HarvestJob:
    with catalog().unit_of_work() as session:
        job = harvest.get_job(session, job_id)
        if job.source.organization_id != org.id:
            abort(404)
        return job


def job_state(job: HarvestJob) -> dict[str, Any]:
    """What the progress bar shows (the page renders it; the JavaScript polls it)."""
    return {
        "status": job.status,
        "status_label": str(JOB_LABELS.get(job.status, job.status)),
        "finished": job.status not in harvest.ACTIVE_STATES,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "found": job.found,
        "created": job.created,
        "updated": job.updated,
        "restored": job.restored,
        "unchanged": job.unchanged,
        "withdrawn": job.withdrawn,
        "skipped_private": job.skipped_private,
        "errors": job.errors,
        "warnings": job.warnings,
        "message": job.message,
        "cancel_requested": bool(job.cancel_requested),
    }


@bp.get("/<slug>/tugas/<job_id>")
def job(slug: str, job_id: str) -> str:
    actor = signed_in()
    org = agency_for(actor, slug)
    found = job_of(org, job_id)
    with catalog().unit_of_work() as session:
        records, error_total = harvest.list_records(
            session, actor, found.id, action="error", limit=200
        )
        warned, warning_total = harvest.list_records(
            session, actor, found.id, limit=200, warnings=True
        )
        return render_template(
            "dashboard/job.html",
            org=org,
            job=found,
            state=job_state(found),
            records=records,
            error_total=error_total,
            warned=warned,
            warning_total=warning_total,
        )


@bp.get("/<slug>/tugas/<job_id>.json")
def job_json(slug: str, job_id: str) -> dict[str, Any]:
    org = agency_for(signed_in(), slug)
    return job_state(job_of(org, job_id))


@bp.post("/<slug>/tugas/<job_id>/batalkan")
def cancel_job(slug: str, job_id: str) -> Response:
    """Stop a harvest: a queued one at once, a running one after the record it is on (what
    it already stored stays)."""
    actor = signed_in()
    org = agency_for(actor, slug)
    before = job_of(org, job_id).status
    with catalog().unit_of_work() as session:
        after = harvest.cancel_job(session, actor, job_id).status
    if before not in harvest.ACTIVE_STATES:
        flash(_("The harvest had already ended."), "warn")
    elif after == "cancelled":
        flash(_("Harvest cancelled."), "ok")
    else:
        flash(_("The harvest stops after the record it is on; what it stored stays."), "ok")
    return redirect(url_for("dashboard.job", slug=org.slug, job_id=job_id))


@bp.post("/<slug>/dataset/<ds_slug>/minta-rekomendasi")
def request_recommendation(slug: str, ds_slug: str) -> Response:
    """Ask (or ask again, after a revision) for a recommendation, with an optional note."""
    actor = signed_in()
    org = agency_for(actor, slug)
    note = request.form.get("note", "").strip()[:5000]
    try:
        with catalog().unit_of_work() as session:
            workflow.act(session, actor, ds_slug, "request", workflow.Decision(note=note))
        flash(_("Recommendation requested. BPS reviewers will see it in their queue."), "ok")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("dashboard.agency", slug=org.slug) + "#h-datasets")


@bp.post("/<slug>/dataset/<ds_slug>/tarik-permintaan")
def withdraw_request(slug: str, ds_slug: str) -> Response:
    """Take back a request no reviewer has taken yet."""
    actor = signed_in()
    org = agency_for(actor, slug)
    try:
        with catalog().unit_of_work() as session:
            workflow.act(session, actor, ds_slug, "withdraw_request")
        flash(_("The request was withdrawn."), "ok")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("dashboard.agency", slug=org.slug) + "#h-datasets")
