"""Pojok Romantik pages: the public page, booking, a consultation with its actions and session
record, the survey, the desk's week (duty for coordinators), an officer's agenda, the
notifications and the reports. Parse the form, call services/consultations, render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WResponse

from catalog.context import catalog, current_actor
from catalog.errors import ServiceError, ValidationFailed
from catalog.services.auth import Actor
from catalog.services.consultations import desk, ical, notify, report, survey, views, workflow
from catalog.services.consultations.views import ACTION_LABELS, MODE_LABELS, STATUS_LABELS
from catalog.web.forms import number, refusal
from schemas.consultations import DeskIn

bp = Blueprint("desk", __name__)
T = TypeVar("T")
WEEKDAYS = [
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
]
ACTION_BUTTONS = {
    "accept": _l("Accept & schedule"),
    "reschedule": _l("Reschedule"),
    "hand_over": _l("Hand over to another officer"),
    "finish": _l("Mark the session done"),
    "cancel": _l("Cancel the consultation"),
}


def _signed_in() -> Actor:
    actor = current_actor()
    if not actor.authenticated:
        abort(redirect(url_for("account.login", next=request.full_path)))
    return actor


def _signed_in_as(allowed: Callable[[Actor], bool], refused: str) -> Actor:
    """The signed-in reader of a page for BPS staff or officers: 403 with `refused` unless
    `allowed(actor)`."""
    actor = _signed_in()
    if not allowed(actor):
        abort(403, refused)
    return actor


def _today() -> date:
    return catalog().clock.today()


def _as_of_today() -> dict[str, Any]:
    """What a step that mails takes: today by the catalog's clock and the public root its
    links are made from."""
    return {"today": _today(), "public_url": catalog().settings.public_root}


def _if_signed_in(read: Callable[[Session, Actor], T], nobody: T) -> T:
    """What `read(session, actor)` finds for a signed-in reader; `nobody` for a visitor."""
    actor = current_actor()
    if not actor.authenticated:
        return nobody
    with catalog().unit_of_work() as session:
        return read(session, actor)


@bp.app_context_processor
def _desk_globals() -> dict[str, Any]:
    def consultations_of(dataset_id: str) -> list[Any]:
        return _if_signed_in(
            lambda session, actor: workflow.for_dataset(session, actor, dataset_id), []
        )

    def followups_of(organization_id: str) -> list[Any]:
        return _if_signed_in(
            lambda session, actor: workflow.open_followups(session, actor, organization_id), []
        )

    return {
        "desk_unread": lambda: _if_signed_in(notify.unread_count, 0),
        "desk_consultations_for": consultations_of,
        "desk_followups_for": followups_of,
        "desk_today": _today,
        "desk_status": lambda s: STATUS_LABELS.get(s, s),
        "desk_topic": desk.topic_label,
        "desk_mode": lambda m: MODE_LABELS.get(m, m),
        "desk_weekday": lambda d: str(WEEKDAYS[d.weekday()]),
        "desk_event": lambda a: ACTION_LABELS.get(a, a),
    }


# ---------------------------------------------------------------- public


@bp.get("/pojok-romantik")
def about() -> str:
    with catalog().unit_of_work() as session:
        settings = desk.get_settings(session)
        figures = report.public_figures(session, _today())
        days = desk.open_days(session, _today(), _today() + timedelta(days=35))[:4]
        return render_template(
            "desk/about.html",
            settings=settings,
            figures=figures,
            days=days,
            weekdays=[str(WEEKDAYS[d - 1]) for d in settings.weekdays],
            elements=survey.elements(),
            topics=desk.topics(),
        )


# ---------------------------------------------------------------- booking


@bp.route("/konsultasi/baru", methods=["GET", "POST"])
def book() -> Any:
    actor = _signed_in()
    errors: dict[str, list[str]] = {}
    form = request.form
    with catalog().unit_of_work() as session:
        orgs = workflow.bookable_organizations(session, actor)
        if not orgs:
            abort(403, _("Booking a consultation is for agency (OPD) editors."))
        chosen = form.get("organization") or request.args.get("organization") or orgs[0].slug
        org = next((o for o in orgs if o.slug == chosen), orgs[0])
        if request.method == "POST":
            try:
                year = form.get("activity_year", "").strip()
                slot = form.get("slot_id", "")
                booking = workflow.Booking(
                    organization=org.slug,
                    topic=form.get("topic", ""),
                    question=form.get("question", "")[:5000],
                    slot_id=int(slot) if slot.isdigit() else 0,
                    mode=form.get("mode", "tatap_muka"),
                    meeting_link=form.get("meeting_link", "").strip() or None,
                    datasets=form.getlist("datasets")[:20],
                    activity_name=form.get("activity_name", "")[:300] or None,
                    activity_year=int(year) if year.isdigit() else None,
                )
                if not slot.isdigit():
                    raise ValidationFailed(
                        _("Choose a slot."), {"slot_id": [_("Choose one of the slots.")]}
                    )
                c = workflow.book(
                    session,
                    actor,
                    booking,
                    **_as_of_today(),
                )
                flash(_("Consultation request sent. A BPS officer will accept it."), "ok")
                return redirect(url_for("desk.detail", consultation_id=c.id))
            except ServiceError as error:
                session.rollback()
                errors = error.errors or {"_": [error.message]}
                flash(error.message, "error")
        return render_template(
            "desk/book.html",
            orgs=orgs,
            org=org,
            topics=desk.topics(),
            slots=desk.bookable_slots(session, _today()),
            datasets=workflow.bookable_datasets(session, org),
            form=form,
            errors=errors,
            modes=MODE_LABELS,
        )


# ---------------------------------------------------------------- consultations


@bp.get("/konsultasi")
def index() -> str:
    actor = _signed_in()
    status = request.args.get("status") or None
    if status not in STATUS_LABELS:
        status = None
    root = catalog().settings.public_root
    with catalog().unit_of_work() as session:
        rows = workflow.listing(session, actor, status=status)
        feeds = [
            (
                org.title,
                root
                + url_for(
                    "consultations.calendar", kind="instansi", subject_id=org.id, token=token
                ),
            )
            for org, token in ical.agency_feeds(session, actor, str(current_app.secret_key))
        ]
        return render_template(
            "desk/list.html",
            rows=rows,
            status=status,
            statuses=STATUS_LABELS,
            staff=desk.is_bps_staff(actor),
            feeds=feeds,
        )


@bp.get("/konsultasi/<consultation_id>")
def detail(consultation_id: str) -> str:
    actor = _signed_in()
    with catalog().unit_of_work() as session:
        return render_template(
            "desk/detail.html",
            buttons={k: str(v) for k, v in ACTION_BUTTONS.items()},
            **views.page(session, actor, consultation_id, today=_today()),
        )


@bp.post("/konsultasi/<consultation_id>/aksi/<action>")
def act(consultation_id: str, action: str) -> WResponse:
    actor = _signed_in()
    form = request.form
    slot = form.get("slot_id", "")
    version = form.get("version", "")
    step = workflow.Step(
        reason=form.get("reason", "")[:2000],
        slot_id=int(slot) if slot.isdigit() else None,
        officer=form.get("officer") or None,
        meeting_link=form.get("meeting_link") or None,
        expected_version=int(version) if version.isdigit() else None,
    )
    try:
        with catalog().unit_of_work() as session:
            workflow.act(
                session,
                actor,
                consultation_id,
                action,
                step,
                **_as_of_today(),
            )
        flash(_("%(action)s: done.", action=ACTION_BUTTONS.get(action, action)), "ok")
    except ServiceError as error:
        flash(_message(error), "error")
    return redirect(url_for("desk.detail", consultation_id=consultation_id))


def _message(error: ServiceError) -> str:
    details = "; ".join(
        m for k, v in error.errors.items() if k not in {"allowed_actions"} for m in v
    )
    return error.message + (f" ({details})" if details else "")


@bp.post("/konsultasi/<consultation_id>/sesi")
def record(consultation_id: str) -> WResponse:
    actor = _signed_in()
    form = request.form
    followups = []
    errors: list[str] = []
    for i in range(5):
        what = form.get(f"f{i}_what", "").strip()
        if not what:
            continue
        due = form.get(f"f{i}_due", "")
        try:
            due_on = date.fromisoformat(due)
        except ValueError:
            errors.append(_("Follow-up %(n)s: the due date is not valid.", n=i + 1))
            continue
        followups.append(workflow.FollowUpIn(what[:2000], form.get(f"f{i}_party", "opd"), due_on))
    if errors:
        flash(" ".join(errors), "error")
        return redirect(url_for("desk.detail", consultation_id=consultation_id))
    try:
        with catalog().unit_of_work() as session:
            workflow.record_session(
                session,
                actor,
                consultation_id,
                notes=form.get("notes", "")[:20000],
                advice=form.get("advice", "")[:20000],
                followups=followups,
            )
        flash(_("Session record saved."), "ok")
    except ServiceError as error:
        flash(_message(error), "error")
    return redirect(url_for("desk.detail", consultation_id=consultation_id))


@bp.post("/tindak-lanjut/<followup_id>/selesai")
def followup_done(followup_id: str) -> WResponse:
    actor = _signed_in()
    back = request.form.get("next", "")
    try:
        with catalog().unit_of_work() as session:
            f = workflow.complete_followup(session, actor, followup_id)
            cid = f.consultation_id
        flash(_("Follow-up marked done."), "ok")
    except ServiceError as error:
        flash(_message(error), "error")
        cid = None
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return redirect(back)
    return redirect(url_for("desk.detail", consultation_id=cid) if cid else url_for("desk.index"))


@bp.post("/konsultasi/<consultation_id>/rekomendasi")
def open_recommendation(consultation_id: str) -> WResponse:
    """From a consultation: open the recommendation request (or review) of a linked dataset,
    with the planned activity prefilled."""
    actor = _signed_in()
    try:
        with catalog().unit_of_work() as session:
            ds = workflow.open_recommendation(
                session, actor, consultation_id, request.form.get("dataset", "")
            )
            slug = ds.slug
        flash(_("Recommendation request opened for that dataset."), "ok")
        return redirect(url_for("pages.dataset", slug=slug))
    except ServiceError as error:
        flash(_message(error), "error")
        return redirect(url_for("desk.detail", consultation_id=consultation_id))


@bp.route("/konsultasi/<consultation_id>/survei", methods=["GET", "POST"])
def fill_survey(consultation_id: str) -> Any:
    actor = _signed_in()
    errors: dict[str, list[str]] = {}
    with catalog().unit_of_work() as session:
        c = workflow.get(session, actor, consultation_id)
        if request.method == "POST":
            scores: dict[str, Any] = {}
            for e in survey.elements():
                raw = request.form.get(e["code"], "")
                scores[e["code"]] = int(raw) if raw.isdigit() else None
            try:
                survey.submit(session, actor, c.id, scores, request.form.get("comment", "")[:4000])
                flash(_("Thank you. Satisfaction survey saved."), "ok")
                return redirect(url_for("desk.detail", consultation_id=c.id))
            except ServiceError as error:
                session.rollback()
                errors = error.errors
                flash(error.message, "error")
        return render_template(
            "desk/survey.html",
            c=c,
            elements=survey.elements(),
            answers=survey.definition()["answers"],
            errors=errors,
            form=request.form,
            done=survey.of(session, c.id) is not None,
        )


# ---------------------------------------------------------------- the desk's week, agenda


@bp.route("/pojok-romantik/jadwal", methods=["GET", "POST"])
def week() -> Any:
    actor = _signed_in_as(
        desk.is_bps_staff, _("The Pojok Romantik schedule is for BPS staff and data custodians.")
    )
    raw = request.args.get("minggu", "")
    try:
        start = desk.week_start(date.fromisoformat(raw)) if raw else desk.week_start(_today())
    except ValueError:
        start = desk.week_start(_today())
    with catalog().unit_of_work() as session:
        coordinator = desk.is_coordinator(session, actor)
        if request.method == "POST":
            try:
                day = date.fromisoformat(request.form.get("day", ""))
                officer = request.form.get("officer", "")
                if request.form.get("remove"):
                    desk.remove_duty(session, actor, day, officer)
                    flash(_("Officer released from duty."), "ok")
                else:
                    desk.assign_duty(
                        session,
                        actor,
                        day,
                        officer,
                        **_as_of_today(),
                    )
                    flash(_("Officer scheduled for duty."), "ok")
            except ValueError:
                flash(_("The date is not valid."), "error")
            except ServiceError as error:
                session.rollback()
                flash(_message(error), "error")
            return redirect(url_for("desk.week", minggu=start.isoformat()))
        end = start + timedelta(days=6)
        days = []
        for i in range(7):
            day = start + timedelta(days=i)
            reason = desk.closed_reason(session, day)
            if reason and day.isoweekday() not in desk.get_settings(session).weekdays:
                continue
            days.append(
                {
                    "day": day,
                    "closed": reason,
                    "duties": [d for d in desk.duties(session, day, day)],
                    "slots": desk.slots(session, day, day, today=_today()),
                    "consultations": workflow.listing(session, actor, start=day, end=day),
                }
            )
        return render_template(
            "desk/week.html",
            start=start,
            end=end,
            days=days,
            coordinator=coordinator,
            officers=desk.officers(session),
            prev=start - timedelta(days=7),
            next=start + timedelta(days=7),
        )


@bp.get("/pojok-romantik/agenda")
def agenda() -> str:
    actor = _signed_in_as(desk.is_officer, _("The agenda is for BPS officers."))
    with catalog().unit_of_work() as session:
        rows = workflow.listing(session, actor, officer_id=actor.user_id, start=_today())
        duty_days = desk.duties(session, _today(), _today() + timedelta(days=60))
        mine = [d for d in duty_days if d.officer_id == actor.user_id]
        waiting = [
            c
            for c in workflow.listing(session, actor, status="diajukan", start=_today())
            if any(d.day == c.day for d in mine)
        ]
        token = ical.token(str(current_app.secret_key), "petugas", actor.user_id or "")
        feed = url_for(
            "consultations.calendar",
            kind="petugas",
            subject_id=actor.user_id,
            token=token,
            _external=False,
        )
        return render_template(
            "desk/agenda.html",
            rows=rows,
            duty=mine,
            waiting=waiting,
            feed=catalog().settings.public_root + feed,
        )


@bp.route("/notifikasi", methods=["GET", "POST"])
def notifications() -> Any:
    actor = _signed_in()
    with catalog().unit_of_work() as session:
        if request.method == "POST":
            raw = request.form.get("id", "")
            try:
                notify.mark_read(session, actor, int(raw) if raw.isdigit() else None)
            except ServiceError as error:
                flash(error.message, "error")
            return redirect(url_for("desk.notifications"))
        rows = notify.listing(session, actor)
        return render_template("desk/notifications.html", rows=rows)


@bp.get("/pojok-romantik/laporan")
def reports() -> Any:
    from catalog.web.charts import stacked_bars

    actor = _signed_in_as(
        desk.is_bps_staff, _("Pojok Romantik reports are for data custodians and BPS staff.")
    )
    with catalog().unit_of_work() as session:
        data = report.report(session, actor)
        officers = survey.per_officer(session, actor)
    if request.args.get("format") == "csv":
        return Response(
            report.report_csv(data),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="pojok-romantik.csv"'},
        )
    series = [("recommended", _("Done")), ("requested", _("Other"))]
    month_chart = stacked_bars(
        [
            (m["month"], {"recommended": m["held"], "requested": m["total"] - m["held"]})
            for m in data["per_month"]
        ],
        series,
        title=_("Consultations per month"),
    )
    agency_chart = stacked_bars(
        [
            (a["agency"], {"recommended": a["held"], "requested": a["total"] - a["held"]})
            for a in data["per_agency"]
        ],
        series,
        title=_("Consultations per agency"),
    )
    topic_chart = stacked_bars(
        [(t["label"], {"in_review": t["total"]}) for t in data["per_topic"]],
        [("in_review", _("Consultations"))],
        title=_("Consultations per topic"),
    )
    index_chart = stacked_bars(
        [
            (m["month"], {"recommended": round(m.get("index") or 0)})
            for m in data["satisfaction_by_month"]
        ],
        [("recommended", _("Satisfaction index (0-100)"))],
        title=_("Satisfaction index per month"),
    )
    return render_template(
        "desk/reports.html",
        data=data,
        officers=officers,
        charts=[month_chart, agency_chart, topic_chart, index_chart],
    )


# ---------------------------------------------------------------- for other pages


def followups_for(session: Any, actor: Actor, organization_id: str) -> list[Any]:
    """The agency dashboard's list of open follow-ups (see dashboard/agency.html)."""
    return workflow.open_followups(session, actor, organization_id)


def consultations_for_dataset(session: Any, actor: Actor, dataset_id: str) -> list[Any]:
    return workflow.for_dataset(session, actor, dataset_id)


# ---------------------------------------------------------------- the walidata's settings


def _settings_form(row: Any) -> dict[str, Any]:
    """The settings form's values: the stored row's, as the inputs show them."""
    return {
        "weekdays": [str(d) for d in row.weekdays],
        "opens": row.opens.strftime("%H:%M"),
        "closes": row.closes.strftime("%H:%M"),
        "slot_minutes": str(row.slot_minutes),
        "capacity_per_officer": str(row.capacity_per_officer),
        "horizon_days": str(row.horizon_days),
        "location": row.location,
    }


NUMBERS = ("slot_minutes", "capacity_per_officer", "horizon_days")  # the settings' whole numbers


def _walidata() -> Actor:
    return _signed_in_as(
        lambda a: a.is_admin, _("The Pojok Romantik settings are for the data custodian.")
    )


@bp.route("/pojok-romantik/pengaturan", methods=["GET", "POST"])
def settings() -> Any:
    """The walidata sets the desk's days, hours, slot length, seats, booking horizon and place,
    and closes dates besides the national holidays."""
    actor = _walidata()
    errors: dict[str, Any] = {}
    status = 200
    with catalog().unit_of_work() as session:
        form = _settings_form(desk.get_settings(session))
        if request.method == "POST":
            form = {key: request.form.get(key, "").strip() for key in form}
            form["weekdays"] = request.form.getlist("weekdays")
            payload = {k: form[k] for k in ("opens", "closes", "location")}
            payload.update({k: number(form[k]) for k in NUMBERS})
            payload["weekdays"] = [number(d) for d in form["weekdays"]]
            try:
                desk.update_settings(session, actor, DeskIn().load(payload), today=_today())
                flash(_("Pojok Romantik settings saved."), "ok")
                return redirect(url_for("desk.settings"))
            except (ValidationError, ServiceError) as exc:
                session.rollback()
                errors, status = refusal(exc)
        today = _today()
        body = render_template(
            "desk/settings.html",
            form=form,
            errors=errors,
            weekdays=[(str(i + 1), str(name)) for i, name in enumerate(WEEKDAYS)],
            closures=desk.closures(session, today, today + timedelta(days=365)),
            today=today,
        )
        return body, status


def _closures_changed(
    day_text: str, change: Callable[[Session, Actor, date], object], done: str
) -> WResponse:
    """The walidata changes the desk's closed dates; back to their list with the outcome."""
    actor = _walidata()
    try:
        day = date.fromisoformat(day_text)
        with catalog().unit_of_work() as session:
            change(session, actor, day)
        flash(done, "ok")
    except ValueError:
        flash(_("The date is not valid."), "error")
    except ServiceError as error:
        flash(_message(error), "error")
    return redirect(url_for("desk.settings") + "#penutupan")


@bp.post("/pojok-romantik/penutupan")
def add_closure() -> WResponse:
    reason = request.form.get("reason", "")[:300]
    return _closures_changed(
        request.form.get("day", ""),
        lambda session, actor, day: desk.add_closure(session, actor, day, reason),
        _("The desk is closed on that date."),
    )


@bp.post("/pojok-romantik/penutupan/<day>/hapus")
def remove_closure(day: str) -> WResponse:
    return _closures_changed(day, desk.remove_closure, _("The desk is open again on that date."))
