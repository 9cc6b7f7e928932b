"""/api/v1 Pojok Romantik consultation desk: bookings and their transitions, the session
record, follow-ups, the survey, the desk's calendar (settings, closures, duty, free slots),
notifications, reports and the iCalendar feeds.

Role rules are the services': an agency sees its own consultations, BPS staff and the
walidata all of them; anonymous callers read only the topics, the free slots and the
aggregate figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.api.v1.concurrency import transition_input
from catalog.api.v1.contract import contract
from catalog.api.v1.tables import csv_alternative, csv_answer, wants_csv
from catalog.context import catalog, current_actor
from catalog.errors import ValidationFailed
from catalog.services.consultations import desk, ical, notify, report, survey, views, workflow
from schemas.consultations import (
    BookingIn,
    ClosureIn,
    ConsultationFollowUpOut,
    ConsultationListArgs,
    ConsultationOut,
    ConsultationPage,
    ConsultationTopicOut,
    DateRangeArgs,
    DeskIn,
    DeskOut,
    DutyIn,
    FiguresOut,
    NotificationPage,
    NotificationReadIn,
    SessionIn,
    SlotOut,
    StepIn,
    SurveyIn,
)

blp = Blueprint(
    "consultations", __name__, description="Pojok Romantik: BPS consultation desk for agencies"
)
MAX_RANGE_DAYS = 366


def _today() -> date:
    return catalog().clock.today()


def _range(args: dict[str, Any], default_days: int = 28) -> tuple[date, date]:
    start = args.get("start") or _today()
    end = args.get("end") or start + timedelta(days=default_days)
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise ValidationFailed(
            "Rentang tanggal tidak sah.",
            {"end": [f"Setelah awal, paling jauh {MAX_RANGE_DAYS} hari."]},
        )
    return start, end


def _desk_out(row: Any) -> dict[str, Any]:
    return {
        "weekdays": row.weekdays,
        "opens": row.opens.strftime("%H:%M"),
        "closes": row.closes.strftime("%H:%M"),
        "slot_minutes": row.slot_minutes,
        "capacity_per_officer": row.capacity_per_officer,
        "horizon_days": row.horizon_days,
        "location": row.location,
    }


def _slot_out(s: desk.SlotView) -> dict[str, Any]:
    return {
        "id": s.id,
        "day": s.day,
        "starts": s.starts.strftime("%H:%M"),
        "ends": s.ends.strftime("%H:%M"),
        "capacity": s.capacity,
        "free": s.free,
    }


@blp.route("/consultations")
class Consultations(MethodView):
    @contract(blp, 200, ConsultationPage, query=ConsultationListArgs, bearer=True)
    def get(self, args: dict[str, Any]) -> Any:
        """Consultations the caller may see: an agency its own, BPS staff and the walidata
        all."""
        actor = current_actor()
        with catalog().unit_of_work() as session:
            org_id = None
            if args.get("organization"):
                org_id = workflow.organization_of(session, args["organization"]).id
            rows = workflow.listing(
                session,
                actor,
                status=args.get("status"),
                organization_id=org_id,
                start=args.get("start"),
                end=args.get("end"),
            )
            return {"items": [views.detail(session, actor, c) for c in rows], "total": len(rows)}

    @contract(blp, 201, ConsultationOut, body=BookingIn, bearer=True)
    def post(self, data: dict[str, Any]) -> Any:
        """Book a free slot (an agency editor); 409 when its last seat was just taken."""
        actor = current_actor()
        with catalog().unit_of_work() as session:
            c = workflow.book(
                session,
                actor,
                workflow.Booking(**data),
                today=_today(),
                public_url=catalog().settings.public_root,
            )
            return views.detail(session, actor, c)


@blp.route("/consultations/topics")
@contract(blp, 200, ConsultationTopicOut(many=True))
def topics() -> Any:
    """The topics a consultation can be about (kept as data)."""
    return list(desk.topics())


@blp.route("/consultations/slots")
@contract(blp, 200, SlotOut(many=True), query=DateRangeArgs)
def slots(args: dict[str, Any]) -> Any:
    """The desk's slots with free seats (times and counts only; four weeks by default)."""
    start, end = _range(args)
    with catalog().unit_of_work() as session:
        free = desk.slots(session, start, end, only_free=True, today=_today())
        return [_slot_out(s) for s in free]


@blp.route("/consultations/figures")
@contract(blp, 200, FiguresOut)
def figures() -> Any:
    """Public service figures: sessions held, agencies served, the desk's satisfaction index."""
    with catalog().unit_of_work() as session:
        return report.public_figures(session, _today())


@blp.route("/consultations/report")
@contract(
    blp,
    200,
    description="Figures for the walidata and BPS staff.",
    query=DateRangeArgs,
    also=[csv_alternative(blp, "The report as CSV with Accept: text/csv.", rows=None)],
    bearer=True,
)
def report_view(args: dict[str, Any]) -> Any:
    """Per month, agency and topic; days to session; follow-ups on time; satisfaction."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        data = report.report(session, actor, args.get("start"), args.get("end"))
    if wants_csv():
        return csv_answer(report.report_csv(data))
    return data


@blp.route("/consultations/desk")
class DeskSettingsView(MethodView):
    @contract(blp, 200, DeskOut)
    def get(self) -> Any:
        """Opening days (ISO weekdays), hours, slot length, seats per officer and how many days
        ahead agencies may book."""
        with catalog().unit_of_work() as session:
            return _desk_out(desk.get_settings(session))

    @contract(blp, 200, DeskOut, body=DeskIn, bearer=True)
    def put(self, data: dict[str, Any]) -> Any:
        """Change the desk's settings (the walidata)."""
        with catalog().unit_of_work() as session:
            return _desk_out(desk.update_settings(session, current_actor(), data, today=_today()))


@blp.route("/consultations/closures", methods=["POST"])
@contract(blp, 201, ClosureIn, body=ClosureIn, bearer=True)
def add_closure(data: dict[str, Any]) -> Any:
    """Close the desk on a date (the walidata), besides the national holidays."""
    with catalog().unit_of_work() as session:
        c = desk.add_closure(session, current_actor(), data["day"], data["reason"])
        return {"day": c.day, "reason": c.reason}


def _day(text: str) -> date:
    """A date in the URL (TTTT-BB-HH), or 422 naming it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("Tanggal tidak sah.", {"day": ["Format TTTT-BB-HH."]}) from None


@blp.route("/consultations/closures/<day>", methods=["DELETE"])
@contract(blp, 204, bearer=True)
def remove_closure(day: str) -> Any:
    """Open a closed date again (the walidata)."""
    with catalog().unit_of_work() as session:
        desk.remove_closure(session, current_actor(), _day(day))
    return None


@blp.route("/consultations/duty", methods=["POST"])
@contract(blp, 201, DutyIn, body=DutyIn, bearer=True)
def assign_duty(data: dict[str, Any]) -> Any:
    """Put a BPS officer on duty on a date (a BPS coordinator)."""
    with catalog().unit_of_work() as session:
        desk.assign_duty(
            session,
            current_actor(),
            data["day"],
            data["officer"],
            public_url=catalog().settings.public_root,
        )
    return data


@blp.route("/consultations/duty/<day>/<officer>", methods=["DELETE"])
@contract(blp, 204, bearer=True)
def remove_duty(day: str, officer: str) -> Any:
    """Take an officer off duty on a date (a BPS coordinator)."""
    with catalog().unit_of_work() as session:
        desk.remove_duty(session, current_actor(), _day(day), officer)
    return None


@blp.route("/consultations/<consultation_id>")
@contract(blp, 200, ConsultationOut, bearer=True)
def get_one(consultation_id: str) -> Any:
    """One consultation with its session record, follow-ups, events and allowed actions."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        c = workflow.get(session, actor, consultation_id)
        return views.detail(session, actor, c)


@blp.route("/consultations/<consultation_id>/session", methods=["POST"])
@contract(blp, 200, ConsultationOut, body=SessionIn, bearer=True)
def record(data: dict[str, Any], consultation_id: str) -> Any:
    """The officer writes notes and advice and adds follow-ups."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        c = workflow.record_session(
            session,
            actor,
            consultation_id,
            notes=data["notes"],
            advice=data["advice"],
            followups=[workflow.FollowUpIn(**f) for f in data["followups"]],
        )
        return views.detail(session, actor, c)


@blp.route("/consultations/<consultation_id>/survey", methods=["POST"])
@contract(blp, 201, description="The survey was recorded.", body=SurveyIn, bearer=True)
def fill_survey(data: dict[str, Any], consultation_id: str) -> Any:
    """The agency's satisfaction survey (nine elements U1-U9 scored 1-4), once."""
    with catalog().unit_of_work() as session:
        response = survey.submit(
            session, current_actor(), consultation_id, data["scores"], data["comment"]
        )
        return survey.summarise([response]) or {}, 201


@blp.route("/consultations/followups/<followup_id>/done", methods=["POST"])
@contract(blp, 200, ConsultationFollowUpOut, bearer=True)
def followup_done(followup_id: str) -> Any:
    """The responsible side marks a follow-up done."""
    with catalog().unit_of_work() as session:
        return workflow.complete_followup(session, current_actor(), followup_id)


@blp.route("/consultations/<consultation_id>/<action>", methods=["POST"])
@contract(blp, 200, ConsultationOut, body=StepIn, bearer=True)
def act(data: dict[str, Any], consultation_id: str, action: str) -> Any:
    """Apply one action: accept, reschedule (slot_id), hand_over (officer), finish, cancel
    (reason)."""
    actor = current_actor()
    step = transition_input(workflow.Step, data, data["version"])
    with catalog().unit_of_work() as session:
        c = workflow.act(
            session,
            actor,
            consultation_id,
            action,
            step,
            today=_today(),
            public_url=catalog().settings.public_root,
        )
        return views.detail(session, actor, c)


@blp.route("/notifications")
@contract(blp, 200, NotificationPage, bearer=True)
def notifications() -> Any:
    """The caller's notifications, newest first, with the unread count."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        rows = notify.listing(session, actor)
        return {
            "unread": notify.unread_count(session, actor),
            "items": [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "title": n.title,
                    "body": n.body,
                    "link": n.link,
                    "created_at": n.created_at,
                    "read": n.read_at is not None,
                }
                for n in rows
            ],
        }


@blp.route("/notifications/read", methods=["POST"])
@contract(blp, 200, NotificationPage, body=NotificationReadIn, bearer=True)
def mark_read(data: dict[str, Any]) -> Any:
    """Mark one notification (id) or all of them read."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        notify.mark_read(session, actor, data["id"])
        return {"unread": notify.unread_count(session, actor), "items": []}


@blp.route("/consultations/calendar/<kind>/<subject_id>.ics")
@contract(blp, 200, description="An iCalendar feed (text/calendar).")
def calendar(kind: str, subject_id: str) -> Any:
    """The feed of an officer (kind petugas) or agency (kind instansi); ?token= from the
    signed-in pages."""
    given = request.args.get("token", "")
    with catalog().unit_of_work() as session:
        text = ical.feed(session, str(current_app.secret_key), kind, subject_id, given)
    return Response(text, mimetype="text/calendar")
