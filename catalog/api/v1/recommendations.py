"""/api/v1 BPS recommendation workflow: state and events, actions, reviewer queue, reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.api.v1.concurrency import expected_version, transition_input
from catalog.api.v1.contract import contract
from catalog.api.v1.tables import csv_answer, csv_report, wants_csv
from catalog.context import catalog, current_actor
from catalog.models.recommendation import STATUSES
from catalog.services.recommendations import report as report_service
from catalog.services.recommendations import views, workflow
from schemas.fields import JsonOrCsvArgs
from schemas.recommendation_reports import (
    ActivitiesReportOut,
    ExpiringArgs,
    ExpiringOut,
    WithoutOut,
)
from schemas.recommendations import (
    ActionIn,
    EventOut,
    QueueArgs,
    QueuePage,
    RecommendationOut,
    ReportOut,
)

blp = Blueprint(
    "recommendations", __name__, description="BPS recommendation workflow (Pojok Rekomendasi)"
)


def _today() -> date:
    """Today for the workflow: the application's clock (CATALOG_CLOCK_TODAY) or the real date."""
    return catalog().clock.today()


@blp.route("/datasets/<id_or_slug>/recommendation")
class RecommendationItem(MethodView):
    @contract(blp, 200, RecommendationOut)
    def get(self, id_or_slug: str) -> Any:
        """Current status, the actions the caller may take, and the event trail."""
        return detail_of(id_or_slug, kind="dataset")


def detail_of(ref: str, *, kind: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A dataset's or an activity's (`kind`) recommendation as the caller may see it, with
    its version as the ETag."""
    actor, today = current_actor(), _today()
    with catalog().unit_of_work() as session:
        subject = workflow.get_subject(session, actor, kind, ref)
        out = views.detail(session, actor, subject, today)
    return out, 200, {"ETag": f'W/"{out["version"]}"'}


@blp.route("/datasets/<id_or_slug>/recommendation/<action>", methods=["POST"])
@contract(blp, 200, RecommendationOut, body=ActionIn, bearer=True)
def act(data: dict[str, Any], id_or_slug: str, action: str) -> Any:
    """Apply one action: request, take, recommend, revise, reject, revoke, confirm."""
    return act_on(data, id_or_slug, action, kind="dataset")


def act_on(data: dict[str, Any], ref: str, action: str, *, kind: str) -> dict[str, Any]:
    """One action on a dataset's or an activity's (`kind`) recommendation from the parsed
    ActionIn body: the detail after it, with the decision's warnings."""
    actor, today = current_actor(), _today()
    decision = transition_input(workflow.Decision, data, expected_version(data))
    with catalog().unit_of_work() as session:
        subject = workflow.act(session, actor, ref, action, decision, today=today, kind=kind)
        warnings = workflow.decision_warnings(session, subject, action, decision)
        return {**views.detail(session, actor, subject, today), "warnings": warnings}


@blp.route("/datasets/<id_or_slug>/recommendation/events/<int:event_id>", methods=["GET"])
@contract(blp, 200, EventOut)
def event(id_or_slug: str, event_id: int) -> Any:
    """One event of the trail (read only: the trail is append-only)."""
    return event_of(id_or_slug, event_id, kind="dataset")


def event_of(ref: str, event_id: int, *, kind: str) -> dict[str, Any]:
    """One event of a dataset's or an activity's (`kind`) recommendation trail."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        subject = workflow.get_subject(session, actor, kind, ref)
        return views.get_event(session, actor, subject, event_id)


@blp.route("/recommendations")
@contract(blp, 200, QueuePage, query=QueueArgs, bearer=True)
def reviewer_queue(args: dict[str, Any]) -> Any:
    """The reviewer queue, oldest request first (reviewers and admins).

    Default: open work (requested, in_review). `changed=true`: recommended datasets whose
    substantive metadata changed since the decision.
    """
    return queue_page(args, kind="dataset")


def queue_page(args: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """One page of the reviewer queue of datasets or of activities (`kind` "dataset" or
    "kegiatan") from the parsed QueueArgs."""
    actor, today = current_actor(), _today()
    page, per_page = args["page"], args["per_page"]
    with catalog().unit_of_work() as session:
        rows, total = views.queue(
            session,
            actor,
            kind=kind,
            statuses=tuple(args["status"]),
            organization=args.get("organization"),
            changed=args["changed"],
            offset=(page - 1) * per_page,
            limit=per_page,
            today=today,
        )
        results = [views.queue_item(actor, subject, today) for subject in rows]
    return {"total": total, "page": page, "per_page": per_page, "results": results}


@blp.route("/recommendations/report")
@csv_report(
    blp,
    JsonOrCsvArgs,
    ReportOut,
    "The report as JSON, or as CSV with ?format=csv or Accept: text/csv.",
    "One row per agency, one column per status.",
)
def report(args: dict[str, Any]) -> Any:
    """Published datasets per agency x recommendation status (JSON, or CSV with ?format=csv
    or Accept: text/csv). The counts equal the search facet `recommendation`."""
    return _per_agency_answer(args, report_service.per_agency, "rekomendasi")


def _per_agency_answer(
    args: dict[str, Any], per_agency: Callable[..., list[dict[str, Any]]], filename: str
) -> Any:
    """A per agency x status report (`per_agency(session, today=...)`) as JSON, or as CSV
    named `<filename>-<today>.csv`."""
    today = _today()
    with catalog().unit_of_work() as session:
        rows = per_agency(session, today=today)
    if wants_csv(args["format"]):
        return csv_answer(report_service.as_csv(rows), f"{filename}-{today}.csv")
    return {
        "today": today,
        "statuses": list(STATUSES),
        "rows": rows,
        "totals": report_service.totals(rows),
    }


@blp.route("/recommendations/report/activities")
@csv_report(blp, JsonOrCsvArgs, ActivitiesReportOut)
def report_activities(args: dict[str, Any]) -> Any:
    """Published statistical activities per agency x recommendation status (JSON, or CSV with
    ?format=csv or Accept: text/csv)."""
    return _per_agency_answer(args, report_service.activities_per_agency, "rekomendasi-kegiatan")


@blp.route("/recommendations/report/expiring")
@csv_report(blp, ExpiringArgs, ExpiringOut)
def report_expiring(args: dict[str, Any]) -> Any:
    """Recommendations in force (published datasets' own and published activities') whose
    validity ends within `days` days (default 60), soonest first (JSON or CSV)."""
    today, days = _today(), args["days"]
    with catalog().unit_of_work() as session:
        rows = report_service.expiring(session, today=today, days=days)
    if wants_csv(args["format"]):
        return csv_answer(report_service.expiring_csv(rows), f"rekomendasi-berakhir-{today}.csv")
    return {"today": today, "days": days, "rows": rows}


@blp.route("/recommendations/report/without-recommendation")
@csv_report(blp, JsonOrCsvArgs, WithoutOut)
def report_without(args: dict[str, Any]) -> Any:
    """Statistical activities carried out (with published datasets) whose recommendation was
    never issued, per agency, with the share recommended (the EPSS Statistik Nasional figure)
    and the list of those activities (JSON; CSV: the per-agency table)."""
    today = _today()
    with catalog().unit_of_work() as session:
        data = report_service.without_recommendation(session)
    if wants_csv(args["format"]):
        return csv_answer(
            report_service.without_csv(data), f"kegiatan-tanpa-rekomendasi-{today}.csv"
        )
    return data
