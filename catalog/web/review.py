"""The BPS reviewer queue: requests oldest first, "to look at again", decisions, audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalog.context import catalog, current_actor
from catalog.errors import ServiceError, ValidationFailed
from catalog.models import Activity
from catalog.models.recommendation import STATUSES
from catalog.services import organizations
from catalog.services.auth import Actor
from catalog.services.recommendations import report, views, workflow
from catalog.web.editor import label_of
from catalog.web.paging import page_arg, page_count

bp = Blueprint("review", __name__, url_prefix="/tinjauan")
PER_PAGE = 30


def reviewer() -> Actor:
    actor = current_actor()
    if not actor.authenticated:
        abort(redirect(url_for("account.login", next=request.full_path)))
    if not actor.is_reviewer:
        abort(403, _("Only BPS reviewers may see the review queue."))
    return actor


def queue_items(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    changed: bool,
    organization: str | None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    """The review queue of datasets, activities or both (`kind` "dataset", "kegiatan" or
    anything else), oldest first (views.mixed_queue): each item with the `url` of its
    review page."""
    items, total = views.mixed_queue(
        session,
        actor,
        kind=kind if kind in views.QUEUE_KINDS else None,
        changed=changed,
        organization=organization,
        offset=offset,
        limit=limit,
    )
    for item in items:
        page_of = "activities.review" if item["kind"] == "kegiatan" else "review.dataset"
        item["url"] = url_for(page_of, slug=item["subject"].slug)
    return items, total


def number_in_use(
    session: Session, number: str | None, subject_id: str
) -> list[tuple[str, str, str]]:
    """Other datasets and activities whose recommendation carries this number
    (workflow.number_in_use), as the review pages list them: (url, title, agency)."""
    return [
        (
            url_for("activities.page", slug=s.slug)
            if isinstance(s, Activity)
            else url_for("pages.dataset", slug=s.slug),
            s.title,
            s.organization.title,
        )
        for s in workflow.number_in_use(session, number, subject_id)
    ]


@bp.get("/")
def queue() -> str:
    actor = reviewer()
    view = "again" if request.args.get("view") == "again" else "open"
    page = page_arg()
    agency = request.args.get("organization", "").strip()[:100] or None
    # Jenis: datasets, statistical activities (issue 20), or both (the default)
    kind = request.args.get("jenis", "")
    kind = kind if kind in views.QUEUE_KINDS else ""
    with catalog().unit_of_work() as session:
        items, total = queue_items(
            session,
            actor,
            kind=kind,
            changed=view == "again",
            organization=agency,
            offset=(page - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
        orgs, _count = organizations.list_organizations(session)
        return render_template(
            "review/queue.html",
            items=items,
            view=view,
            total=total,
            page=page,
            pages=page_count(total, PER_PAGE),
            orgs=orgs,
            agency=agency,
            kind=kind,
        )


def _date(name: str, errors: dict[str, list[str]]) -> date | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = [_("Use the format YYYY-MM-DD.")]
        return None


def _decision() -> workflow.Decision:
    errors: dict[str, list[str]] = {}
    valid_until = _date("valid_until", errors)
    version = request.form.get("version", "")
    if errors:
        raise ValidationFailed(_("Check the marked fields."), errors)
    return workflow.Decision(
        note=request.form.get("note", "").strip()[:5000],
        number=request.form.get("number", "").strip()[:200] or None,
        valid_until=valid_until,
        expected_version=int(version) if version.isdigit() else None,
    )


def _page(slug: str, status: int = 200, **extra: Any) -> tuple[str, int]:
    actor = reviewer()
    with catalog().unit_of_work() as session:
        dataset = workflow.get_dataset_for(session, actor, slug)
        state = views.detail(session, actor, dataset)
        body = render_template(
            "review/dataset.html", ds=dataset, state=state, field_label=label_of, **extra
        )
        return body, status


def post_decision(
    slug: str, action: str, *, kind: str, page: Callable[..., tuple[str, int]], done: str
) -> Response | tuple[str, int]:
    """A reviewer's decision posted from a dataset's or an activity's (`kind`) review page.
    `page(slug, status, **extra)` shows the form again; `done` is the endpoint after it."""
    actor = reviewer()
    if action not in workflow.REVIEWER_ACTIONS:
        abort(404)
    try:
        decision = _decision()
        confirmed = request.form.get("confirm_number", "").strip()[:200]
        if action == "recommend" and confirmed != (decision.number or ""):
            # A number another dataset or activity already carries: warn and ask to confirm
            # that number (no refusal: one letter may cover several datasets or activities).
            with catalog().unit_of_work() as session:
                subject = workflow.get_subject(session, actor, kind, slug)
                others = number_in_use(session, decision.number, subject.id)
            if others:
                return page(
                    slug,
                    200,
                    failed_action=action,
                    form=request.form,
                    number_in_use=others,
                )
        with catalog().unit_of_work() as session:
            workflow.act(session, actor, slug, action, decision, kind=kind)
    except ServiceError as error:
        # Show the form again with the reviewer's input and the field messages.
        return page(
            slug,
            error.status,
            error=error.message,
            field_errors=error.errors,
            failed_action=action,
            form=request.form,
        )
    flash(_("Decision saved."), "ok")
    return redirect(url_for(done, slug=slug))


def review_pages(
    bp: Blueprint, rule: str, endpoint: str, kind: str, page: Callable[..., tuple[str, int]]
) -> None:
    """Register the review pages of a dataset or an activity (`kind`) on `bp`: GET `rule`
    (`endpoint`) shows `page(slug)`, POST `rule`/<action> ("decide") saves a reviewer's
    decision (post_decision) and goes back to it."""

    def show(slug: str) -> tuple[str, int]:
        return page(slug)

    def decide(slug: str, action: str) -> Response | tuple[str, int]:
        return post_decision(slug, action, kind=kind, page=page, done=f"{bp.name}.{endpoint}")

    bp.add_url_rule(rule, endpoint, show, methods=["GET"])
    bp.add_url_rule(f"{rule}/<action>", "decide", decide, methods=["POST"])


review_pages(bp, "/<slug>", "dataset", "dataset", _page)


@bp.get("/laporan")
def reports() -> str:
    """Recommendations per agency and status (SVG chart and table; datasets and statistical
    activities), those expiring soon, activities carried out without one, harvest health."""
    from catalog.services import harvest
    from catalog.web.charts import stacked_bars
    from catalog.web.filters import status_label

    actor = reviewer()
    with catalog().unit_of_work() as session:
        rows = report.per_agency(session)
        totals = report.totals(rows)
        series = [(s, status_label(s)) for s in STATUSES]
        chart = stacked_bars(
            [(r["organization_title"], r["counts"]) for r in rows],
            series,
            title=_("Datasets per agency and recommendation status"),
        )
        health = [(s, harvest.last_job(session, s.id)) for s in harvest.source_health(session)]
        activity_rows = report.activities_per_agency(session)
        return render_template(
            "review/reports.html",
            rows=rows,
            totals=totals,
            statuses=STATUSES,
            chart=chart,
            health=health,
            actor=actor,
            activity_rows=activity_rows,
            activity_totals=report.totals(activity_rows),
            expiring=report.expiring(session),
            expiring_days=report.EXPIRING_DAYS,
            without=report.without_recommendation(session),
        )
