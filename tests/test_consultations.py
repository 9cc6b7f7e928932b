"""Pojok Romantik consultations: the state machine (every action x starting state x role;
refused ones change nothing), the calendar (holidays, closures, duty, seats), the session
record, follow-ups, reminders sent once when the clock moves, the survey's regulation table,
the iCalendar feeds. Both databases."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from catalog.clock import Clock
from catalog.context import Catalog
from catalog.errors import Conflict, Forbidden, NotAuthenticated, NotFound, ValidationFailed
from catalog.models import (
    Consultation,
    ConsultationEvent,
    DeskSlot,
    FollowUp,
    Notification,
)
from catalog.models.consultation import ACTIONS, CONSULTATION_STATES, TRANSITIONS
from catalog.models.recommendation import AppendOnlyError
from catalog.services.consultations import desk, ical, notify, report, survey, views, workflow
from catalog.worker import consultation_reminders
from tests import factories
from tests.desk_helpers import (
    TODAY,
    TUESDAY,
    Desk,
    book,
    first_slot,
    free_slot,
    make_desk,
    put_on_duty,
)

ROLES = (None, "editor", "editor2", "officer1", "officer2", "coordinator", "admin")
ERRORS = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    ValidationFailed: 422,
}


@pytest.fixture
def world(ctx: Catalog) -> Desk:
    world = make_desk(ctx, capacity_per_officer=10)
    for week in range(3):
        put_on_duty(
            ctx, world, TUESDAY + timedelta(weeks=week), "officer1", "officer2", "coordinator"
        )
    return world


LAST = TUESDAY + timedelta(weeks=2)


def _slot_of(ctx: Catalog, cid: str) -> int:
    with ctx.db.session() as session:
        c = session.get(Consultation, cid)
        assert c is not None and c.slot_id is not None
        return c.slot_id


def _in_state(ctx: Catalog, world: Desk, state: str, **booking: Any) -> str:
    """A consultation brought to `state` by the legal path (officer1 handles it); `booking`:
    the Booking's other fields."""
    cid = book(ctx, world, free_slot(ctx, TUESDAY, LAST), **booking)
    steps = {
        "diajukan": [],
        "dijadwalkan": [("officer1", "accept", workflow.Step())],
        "dijadwalkan_ulang": [
            ("officer1", "accept", workflow.Step()),
            (
                "officer1",
                "reschedule",
                workflow.Step(slot_id=free_slot(ctx, TUESDAY, LAST, other_than=_slot_of(ctx, cid))),
            ),
        ],
        "selesai": [
            ("officer1", "accept", workflow.Step()),
            ("officer1", "finish", workflow.Step()),
        ],
        "dibatalkan": [("editor", "cancel", workflow.Step(reason="Jadwal bentrok."))],
    }[state]
    for who, action, step in steps:
        with ctx.unit_of_work() as session:
            workflow.act(session, world.actor(session, who), cid, action, step, today=TODAY)
    return cid


def _expected(role: str | None, state: str, action: str) -> int:
    """The rules, written apart from the service: the status code the call should give."""
    if role is None:
        return 401
    if role == "editor2":
        return 404
    assigned = "officer1" if state in {"dijadwalkan", "dijadwalkan_ulang", "selesai"} else None
    officer = role in {"officer1", "officer2", "coordinator"}
    agency = role in {"editor", "admin"}
    if action == "cancel":
        if not (officer or agency):
            return 403
    elif (
        not officer
        or (action == "finish" and assigned != role)
        or (action == "hand_over" and assigned not in {None, role} and role != "coordinator")
    ):
        return 403
    if state not in TRANSITIONS[action]:
        return 409
    return 200


def _step(ctx: Catalog, cid: str, role: str | None, action: str) -> workflow.Step:
    if action == "cancel":
        return workflow.Step(reason="Tidak jadi.")
    if action == "reschedule":
        return workflow.Step(slot_id=free_slot(ctx, TUESDAY, LAST, other_than=_slot_of(ctx, cid)))
    if action == "hand_over":
        return workflow.Step(officer="petugas2" if role != "officer2" else "petugas1")
    return workflow.Step()


def _snapshot(ctx: Catalog, cid: str) -> tuple[object, ...]:
    with ctx.db.session() as session:
        c = session.get(Consultation, cid)
        assert c is not None
        events = session.scalar(
            select(func.count()).where(ConsultationEvent.consultation_id == cid)
        )
        seats = session.scalar(select(func.sum(DeskSlot.booked)))
        return (c.status, c.version, c.officer_id, c.slot_id, events, seats)


def test_every_action_from_every_state_by_every_role(ctx: Catalog, world: Desk) -> None:
    checked = 0
    for state in CONSULTATION_STATES:
        for action in ACTIONS:
            for role in ROLES:
                cid = _in_state(ctx, world, state)
                before = _snapshot(ctx, cid)
                expected = _expected(role, state, action)
                try:
                    with ctx.unit_of_work() as session:
                        workflow.act(
                            session,
                            world.actor(session, role),
                            cid,
                            action,
                            _step(ctx, cid, role, action),
                            today=TODAY,
                        )
                    got = 200
                except tuple(ERRORS) as error:
                    got = ERRORS[type(error)]
                assert got == expected, (state, action, role)
                after = _snapshot(ctx, cid)
                if got == 200:
                    assert after[0] == TRANSITIONS[action][state]
                    assert after[4] == before[4] + 1  # exactly one event
                else:
                    assert after == before, (state, action, role)  # refused: nothing changed
                checked += 1
    assert checked == len(CONSULTATION_STATES) * len(ACTIONS) * len(ROLES)


def test_cancel_needs_a_reason_and_frees_the_seat(ctx: Catalog, world: Desk) -> None:
    cid = _in_state(ctx, world, "dijadwalkan")
    before = _snapshot(ctx, cid)
    with pytest.raises(ValidationFailed) as refused, ctx.unit_of_work() as session:
        workflow.act(session, world.actor(session, "editor"), cid, "cancel", today=TODAY)
    assert "reason" in refused.value.errors
    assert _snapshot(ctx, cid) == before
    with ctx.unit_of_work() as session:
        workflow.act(
            session,
            world.actor(session, "officer1"),
            cid,
            "cancel",
            workflow.Step(reason="Petugas sakit."),
            today=TODAY,
        )
    after = _snapshot(ctx, cid)
    assert after[0] == "dibatalkan" and after[5] == before[5] - 1
    with ctx.db.session() as session:
        last = session.scalars(
            select(ConsultationEvent).order_by(ConsultationEvent.id.desc())
        ).first()
        assert last is not None and last.note == "Petugas sakit."
        last.note = "diubah"
        with pytest.raises(AppendOnlyError):
            session.flush()
        session.rollback()


def test_the_page_offers_the_session_record_and_a_recommendation_only_where_allowed(
    ctx: Catalog, world: Desk
) -> None:
    """The consultation page's forms (views.page) and the services they post to agree, state by
    state and role by role: the page offers the session record exactly where record_session
    takes it, and where it does not offer a recommendation request the service refuses one."""
    with ctx.unit_of_work() as session:
        linked = factories.make_dataset(session, "dinas-kesehatan", title="Kunjungan puskesmas")
        unlinked = factories.make_dataset(session, "dinas-kesehatan", title="Imunisasi dasar")
        slugs = linked.slug, unlinked.slug
    roles = ("editor", "officer1", "officer2", "coordinator", "admin")
    for state in CONSULTATION_STATES:
        cid = _in_state(ctx, world, state, datasets=[slugs[0]])
        for role in roles:
            with ctx.unit_of_work() as session:
                page = views.page(session, world.actor(session, role), cid, today=TODAY)
                assert page["c"].id == cid and page["data"]["datasets"][0]["slug"] == slugs[0]
            try:
                with ctx.unit_of_work() as session:
                    workflow.record_session(
                        session, world.actor(session, role), cid, notes="n", advice="a",
                        followups=[],
                    )  # fmt: skip
                recorded = True
            except (Forbidden, Conflict):
                recorded = False
            assert page["may_record"] == recorded, (state, role)
            assert recorded == (role == "officer1" and state in {"dijadwalkan", "selesai",
                "dijadwalkan_ulang"}), (state, role)  # fmt: skip
            if not page["may_open_recommendation"]:  # not BPS nor the agency: 403; too early: 409
                refusal = Conflict if role != "admin" else Forbidden
                with pytest.raises(refusal), ctx.unit_of_work() as session:
                    workflow.open_recommendation(session, world.actor(session, role), cid, slugs[0])
    done = _in_state(ctx, world, "selesai", datasets=[slugs[0]])
    with pytest.raises(ValidationFailed) as refused, ctx.unit_of_work() as session:
        workflow.open_recommendation(session, world.actor(session, "editor"), done, slugs[1])
    assert "dataset" in refused.value.errors
    with ctx.unit_of_work() as session:
        editor = world.actor(session, "editor")
        assert views.page(session, editor, done, today=TODAY)["may_open_recommendation"]
        ds = workflow.open_recommendation(session, editor, done, slugs[0])
        assert ds.slug == slugs[0] and ds.recommendation is not None
        assert ds.recommendation.status == "requested"


def test_holidays_closures_and_duty_shape_the_slots(ctx: Catalog) -> None:
    world = make_desk(ctx)
    holiday = date(2027, 8, 17)  # Hari Kemerdekaan, a Tuesday
    assert desk.national_holiday(holiday)
    with ctx.unit_of_work() as session:
        coordinator = world.actor(session, "coordinator")
        with pytest.raises(ValidationFailed) as closed:
            desk.assign_duty(session, coordinator, holiday, "petugas1")
        assert "Libur nasional" in closed.value.errors["day"][0]
        with pytest.raises(ValidationFailed):  # a Wednesday: not an opening day
            desk.assign_duty(session, coordinator, TUESDAY + timedelta(days=1), "petugas1")
        with pytest.raises(Forbidden):  # an agency editor is no coordinator
            desk.assign_duty(session, world.actor(session, "editor"), TUESDAY, "petugas1")
        with pytest.raises(ValidationFailed):  # only BPS officers go on duty
            desk.assign_duty(session, coordinator, TUESDAY, "editor")
    put_on_duty(ctx, world, TUESDAY, "officer1")
    with ctx.unit_of_work() as session:
        slots = desk.slots(session, TUESDAY, TUESDAY)
        assert [s.starts.strftime("%H:%M") for s in slots] == [
            "08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00",
        ]  # fmt: skip
        assert {s.capacity for s in slots} == {1}
    put_on_duty(ctx, world, TUESDAY, "officer2")
    with ctx.unit_of_work() as session:
        assert {s.capacity for s in desk.slots(session, TUESDAY, TUESDAY)} == {2}
    next_week = TUESDAY + timedelta(days=7)
    put_on_duty(ctx, world, next_week, "officer1")
    with ctx.unit_of_work() as session:
        admin = world.actor(session, "admin")
        with pytest.raises(Forbidden):
            desk.add_closure(session, world.actor(session, "coordinator"), next_week, "Rapat")
        desk.add_closure(session, admin, next_week, "Rapat koordinasi BPS provinsi")
        assert desk.slots(session, next_week, next_week) == []
        assert "Rapat koordinasi" in (desk.closed_reason(session, next_week) or "")
    # a booked day cannot be closed without rescheduling first
    cid = book(ctx, world, first_slot(ctx, TUESDAY))
    with pytest.raises(Conflict), ctx.unit_of_work() as session:
        desk.add_closure(session, world.actor(session, "admin"), TUESDAY, "Banjir")
    # opening days are settings: Thursday too
    thursday = TUESDAY + timedelta(days=2)
    with ctx.unit_of_work() as session:
        desk.update_settings(session, world.actor(session, "admin"), {"weekdays": [2, 4]})
    put_on_duty(ctx, world, thursday, "officer2")
    with ctx.unit_of_work() as session:
        assert len(desk.slots(session, thursday, thursday)) == 7
        with pytest.raises(ValidationFailed):
            desk.update_settings(session, world.actor(session, "admin"), {"slot_minutes": 5})
    assert cid


def test_open_days_offer_slots_before_anyone_is_on_duty(ctx: Catalog) -> None:
    """Every open day within the horizon is bookable at the baseline (one officer's worth)
    before the coordinator names anyone; duty raises the seats, and taking duty away never
    leaves fewer seats than booked. Holidays and closures offer none."""
    world = make_desk(ctx)
    next_week = TUESDAY + timedelta(weeks=1)
    with ctx.unit_of_work() as session:
        desk.add_closure(session, world.actor(session, "admin"), next_week, "Rapat")
        laid = desk.slots(session, TODAY, TODAY + timedelta(days=42), today=TODAY)
        days = sorted({s.day for s in laid})
        # next week is closed; 5 January 2027 is a national holiday (Isra Mikraj)
        assert desk.national_holiday(TUESDAY + timedelta(weeks=5))
        assert days == [TUESDAY + timedelta(weeks=w) for w in (0, 2, 3, 4)]
        assert {s.capacity for s in laid} == {1} and len(laid) == 4 * 7
        # beyond the booking horizon (60 days) nothing is laid out
        far = TUESDAY + timedelta(weeks=10)
        assert desk.slots(session, far, far, today=TODAY) == []
        # Hari Kemerdekaan, a Tuesday, seen from the week before
        holiday = date(2027, 8, 17)
        assert desk.slots(session, holiday, holiday, today=holiday - timedelta(days=7)) == []
        assert desk.duties(session, TODAY, TODAY + timedelta(days=42)) == []
    # booked before duty: waiting, no officer; an officer not on duty cannot accept it
    slot = first_slot(ctx, TUESDAY)
    cid = book(ctx, world, slot)
    with ctx.db.session() as session:
        c = session.get(Consultation, cid)
        assert c is not None and c.status == "diajukan" and c.officer_id is None
        coordinator_mail = session.scalar(
            select(Notification).where(Notification.user_id == world.ids["coordinator"])
        )
        assert coordinator_mail is not None and "menugaskan petugas" in coordinator_mail.body
    with pytest.raises(Conflict):  # the baseline seat is taken
        book(ctx, world, slot, "editor2", "dinas-pendidikan", "analisis", "Analisis APK.")
    with pytest.raises(Forbidden), ctx.unit_of_work() as session:
        workflow.act(session, world.actor(session, "officer1"), cid, "accept", today=TODAY)
    # two officers on duty: two seats per slot; the booked slot keeps its booking
    put_on_duty(ctx, world, TUESDAY, "officer1", "officer2")
    with ctx.unit_of_work() as session:
        assert {s.capacity for s in desk.slots(session, TUESDAY, TUESDAY)} == {2}
        # each officer put on duty hears of the booking waiting that day, once
        for officer in ("officer1", "officer2"):
            told = session.scalars(
                select(Notification).where(
                    Notification.user_id == world.ids[officer], Notification.kind == "duty"
                )
            ).all()
            assert len(told) == 1 and "1 permintaan konsultasi" in told[0].body
    put_on_duty(ctx, world, TUESDAY + timedelta(weeks=2), "officer1")  # nothing waits there
    with ctx.db.session() as session:
        duty_notes = select(func.count()).where(
            Notification.user_id == world.ids["officer1"], Notification.kind == "duty"
        )
        assert session.scalar(duty_notes) == 1
    second = book(ctx, world, slot, "editor2", "dinas-pendidikan", "analisis", "Analisis APK.")
    with ctx.unit_of_work() as session:
        workflow.act(session, world.actor(session, "officer1"), cid, "accept", today=TODAY)
        c = session.get(Consultation, cid)
        assert c is not None and c.status == "dijadwalkan"
        assert c.officer_id == world.ids["officer1"]
    # duty taken away: back to the baseline, never below what is booked
    with ctx.unit_of_work() as session:
        coordinator = world.actor(session, "coordinator")
        desk.remove_duty(session, coordinator, TUESDAY, "petugas1")
        desk.remove_duty(session, coordinator, TUESDAY, "petugas2")
    with ctx.unit_of_work() as session:
        by_id = {s.id: s for s in desk.slots(session, TUESDAY, TUESDAY)}
        assert (by_id[slot].capacity, by_id[slot].booked) == (2, 2)
        assert {s.capacity for i, s in by_id.items() if i != slot} == {1}
        # more seats per officer: the baseline of laid-out days follows the settings
        desk.update_settings(
            session, world.actor(session, "admin"), {"capacity_per_officer": 3}, today=TODAY
        )
        assert {s.capacity for s in desk.slots(session, TUESDAY, TUESDAY)} == {3}
        # lifting the closure lays the day out at the baseline
        desk.remove_closure(session, world.actor(session, "admin"), next_week)
        assert {s.capacity for s in desk.slots(session, next_week, next_week)} == {3}
    assert second


def test_last_seat_and_booking_rules(ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    slot = first_slot(ctx, TUESDAY)
    book(ctx, world, slot)
    with pytest.raises(Conflict):
        book(ctx, world, slot, "admin", "dinas-pendidikan", "analisis", "Analisis APK.")
    next_slot = first_slot(ctx, TUESDAY, 1)
    with pytest.raises(Forbidden):
        book(ctx, world, next_slot, "editor2", "dinas-kesehatan", "analisis", "x")
    with pytest.raises(ValidationFailed) as invalid:
        book(
            ctx, world, next_slot, "editor", "dinas-kesehatan", "astrologi", " ",
            mode="daring", meeting_link="javascript:alert(1)", datasets=["tidak-ada"],
        )  # fmt: skip
    assert set(invalid.value.errors) == {"topic", "question", "meeting_link", "datasets"}
    the_day_after = TUESDAY + timedelta(days=1)
    with pytest.raises(ValidationFailed):  # in the past
        book(ctx, world, next_slot, topic="analisis", question="x", today=the_day_after)
    # BPS staffs the desk and does not book it for itself, though the coordinator edits BPS's
    # own agency; the booking page offers the agencies the service accepts
    with pytest.raises(Forbidden):
        book(ctx, world, next_slot, "coordinator", "bps-kab-tangerang", "analisis", "x")
    with ctx.unit_of_work() as session:
        offered = {
            who: [
                o.slug for o in workflow.bookable_organizations(session, world.actor(session, who))
            ]
            for who in ("editor", "admin", "coordinator")
        }
    assert offered == {
        "editor": ["dinas-kesehatan"],
        "admin": ["dinas-kesehatan", "dinas-pendidikan"],
        "coordinator": [],
    }
    with ctx.db.session() as session:
        assert session.scalar(select(func.sum(DeskSlot.booked))) == 1


def test_the_slots_offered_are_the_ones_a_booking_may_take(ctx: Catalog) -> None:
    """The booking page and the consultation page offer the free slots up to the booking
    horizon, no further: after the walidata shortens it, a slot past it (laid out while the
    horizon was longer) is refused by the service, so it is not offered either (the pages
    offered six weeks whatever the horizon)."""
    world = make_desk(ctx)
    later = TUESDAY + timedelta(weeks=3)
    put_on_duty(ctx, world, later, "officer1")
    far = first_slot(ctx, later)
    with ctx.unit_of_work() as session:
        assert far in {s.id for s in desk.bookable_slots(session, TODAY)}
        admin = world.actor(session, "admin")
        with pytest.raises(ValidationFailed) as invalid:
            desk.update_settings(session, admin, {"horizon_days": 3}, today=TODAY)
        assert set(invalid.value.errors) == {"horizon_days"}
        desk.update_settings(session, admin, {"horizon_days": 14}, today=TODAY)
    with ctx.unit_of_work() as session:
        offered = desk.bookable_slots(session, TODAY)
        assert offered and far not in {s.id for s in offered}
        assert max(s.day for s in offered) <= TODAY + timedelta(days=14)
    with pytest.raises(ValidationFailed) as refused:
        book(ctx, world, far)
    assert "slot_id" in refused.value.errors
    book(ctx, world, offered[0].id)


def test_session_record_followups_survey_and_report(ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    cid = book(ctx, world, first_slot(ctx, TUESDAY))
    with ctx.unit_of_work() as session:
        officer = world.actor(session, "officer1")
        workflow.act(session, officer, cid, "accept", today=TODAY)
        with pytest.raises(Conflict):  # finish first? no: record is allowed once scheduled
            workflow.act(session, officer, cid, "accept", today=TODAY)
    with ctx.unit_of_work() as session:
        officer = world.actor(session, "officer1")
        with pytest.raises(Forbidden):
            workflow.record_session(
                session, world.actor(session, "officer2"), cid, notes="x", advice="y", followups=[]
            )
        workflow.record_session(
            session,
            officer,
            cid,
            notes="Membahas kuesioner survei kepuasan pasien puskesmas.",
            advice="Gunakan skala Likert 4; uji coba di dua puskesmas.",
            followups=[
                workflow.FollowUpIn("Kirim draf kuesioner revisi", "opd", TUESDAY + timedelta(7)),
                workflow.FollowUpIn("Kirim contoh kerangka sampel", "bps", TUESDAY + timedelta(3)),
            ],
        )
        workflow.act(session, officer, cid, "finish", today=TUESDAY)
    with ctx.unit_of_work() as session:
        editor = world.actor(session, "editor")
        rows = workflow.open_followups(session, editor, world.org_id)
        assert [f.what for f, _c in rows] == [
            "Kirim contoh kerangka sampel",
            "Kirim draf kuesioner revisi",
        ]
        opd = next(f for f, _c in rows if f.party == "opd")
        bps = next(f for f, _c in rows if f.party == "bps")
        with pytest.raises(Forbidden):  # BPS's follow-up is not the agency's to close
            workflow.complete_followup(session, editor, bps.id)
        workflow.complete_followup(session, editor, opd.id, now=None)
        assert len(workflow.open_followups(session, editor, world.org_id)) == 1
        assert workflow.open_followups(session, world.actor(session, "editor2"), world.org_id) == []
        # the survey request reached the requester
        kinds = [n.kind for n in notify.listing(session, editor)]
        assert "survey" in kinds and "scheduled" in kinds and "booking" in kinds
        with pytest.raises(ValidationFailed) as incomplete:
            survey.submit(session, editor, cid, {"U1": 4, "U2": 5, "U10": 3})
        assert {"U2", "U3", "U10"} <= set(incomplete.value.errors)
        with pytest.raises(Forbidden):
            survey.submit(session, world.actor(session, "officer1"), cid, dict.fromkeys(
                [e["code"] for e in survey.elements()], 4))  # fmt: skip
        scores = {e["code"]: 4 for e in survey.elements()} | {"U3": 3}
        survey.submit(session, editor, cid, scores, "Sangat membantu.")
    with pytest.raises(Conflict), ctx.unit_of_work() as session:
        survey.submit(session, world.actor(session, "editor"), cid, scores)
    with ctx.unit_of_work() as session:
        figures = report.public_figures(session, TODAY)
        assert figures["held"] == 1 and figures["satisfaction"]["index"] == pytest.approx(97.22)
        assert figures["satisfaction"]["category"] == "A"
        with pytest.raises(Forbidden):
            report.report(session, world.actor(session, "editor"))
        with pytest.raises(Forbidden):  # per officer: hidden from the agencies
            survey.per_officer(session, world.actor(session, "editor"))
        full = report.report(session, world.actor(session, "admin"))
        assert full["held"] == 1 and full["followups"] == {
            "total": 2, "done": 1, "on_time": 1, "open": 1,
        }  # fmt: skip
        assert full["per_topic"][0]["label"] == "Desain kuesioner"
        assert full["days_to_session"]["sessions"] == 1
        officers = survey.per_officer(session, world.actor(session, "officer2"))
        assert officers[0]["officer"] == "petugas1" and officers[0]["responses"] == 1
        csv_text = report.report_csv(full)
        assert csv_text.startswith("bagian,kunci,jumlah") and "Dinas Kesehatan" in csv_text


def test_reminders_are_sent_once_when_the_clock_reaches_the_day_before(ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    cid = book(ctx, world, first_slot(ctx, TUESDAY))
    with ctx.unit_of_work() as session:
        workflow.act(session, world.actor(session, "officer1"), cid, "accept", today=TODAY)
        workflow.record_session(
            session,
            world.actor(session, "officer1"),
            cid,
            notes="",
            advice="",
            followups=[workflow.FollowUpIn("Kirim kuesioner", "opd", TUESDAY + timedelta(7))],
        )

    def reminders() -> int:
        with ctx.db.session() as session:
            return int(
                session.scalar(
                    select(func.count()).where(Notification.kind.in_(("reminder", "followup_due")))
                )
                or 0
            )

    ctx.clock = Clock(TODAY - timedelta(days=3))
    assert consultation_reminders(ctx) == {"reminders": 0, "followup_reminders": 0}
    ctx.clock = Clock(TODAY)  # the day before the session
    assert consultation_reminders(ctx) == {"reminders": 1, "followup_reminders": 0}
    assert consultation_reminders(ctx) == {"reminders": 0, "followup_reminders": 0}
    assert reminders() == 2  # the requester and the officer, once
    ctx.clock = Clock(TUESDAY + timedelta(days=6))  # the day before the follow-up is due
    assert consultation_reminders(ctx)["followup_reminders"] == 1
    assert consultation_reminders(ctx)["followup_reminders"] == 0
    with ctx.db.session() as session:
        f = session.scalars(select(FollowUp)).one()
        assert f.reminded_at is not None


def test_notifications_unread_count_and_mark_read(ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    book(ctx, world, first_slot(ctx, TUESDAY))
    with ctx.unit_of_work() as session:
        officer = world.actor(session, "officer1")
        assert notify.unread_count(session, officer) == 1
        [note] = notify.listing(session, officer)
        assert note.kind == "booking" and note.link and note.link.startswith("/konsultasi/")
        assert notify.mark_read(session, officer, note.id) == 1
        assert notify.unread_count(session, officer) == 0
        assert notify.unread_count(session, world.actor(session, "officer2")) == 0


def test_skm_table_matches_the_regulation() -> None:
    """PermenPAN-RB 14/2017: nine elements weighted 1/9 (0.111), conversion 25, and the
    table of perception values: NI 1.00-2.5996 / NIK 25.00-64.99 D (tidak baik),
    2.60-3.064 / 65.00-76.60 C (kurang baik), 3.0644-3.532 / 76.61-88.30 B (baik),
    3.5324-4.00 / 88.31-100.00 A (sangat baik)."""
    path = Path(__file__).resolve().parent.parent / "catalog" / "data" / "skm.json"
    data = json.loads(path.read_text("utf-8"))
    assert [e["code"] for e in data["elements"]] == [f"U{i}" for i in range(1, 10)]
    assert {e["weight"] for e in data["elements"]} == {0.111}
    assert data["scale"] == {"min": 1, "max": 4, "conversion": 25}
    table = [
        (c["grade"], c["ni_min"], c["ni_max"], c["nik_min"], c["nik_max"])
        for c in data["categories"]
    ]
    assert table == [
        ("D", 1.00, 2.5996, 25.00, 64.99),
        ("C", 2.60, 3.064, 65.00, 76.60),
        ("B", 3.0644, 3.532, 76.61, 88.30),
        ("A", 3.5324, 4.00, 88.31, 100.00),
    ]
    for grade, ni_min, ni_max, nik_min, nik_max in table:
        # the two columns say the same: NIK = NI x 25 (to the regulation's rounding)
        assert abs(ni_min * 25 - nik_min) < 0.02 and abs(ni_max * 25 - nik_max) < 0.02, grade
    # the index at the bounds
    all_of = lambda v: {f"U{i}": v for i in range(1, 10)}  # noqa: E731
    assert survey.index_of(all_of(4.0)) == 100.0
    assert survey.index_of(all_of(1.0)) == 25.0
    assert survey.category(100.0)["grade"] == "A"
    assert survey.category(88.31)["grade"] == "A" and survey.category(88.30)["grade"] == "B"
    assert survey.category(76.61)["grade"] == "B" and survey.category(76.60)["grade"] == "C"
    assert survey.category(65.00)["grade"] == "C" and survey.category(64.99)["grade"] == "D"
    assert survey.category(survey.index_of(all_of(3.0)))["grade"] == "C"  # 75.00


def test_ical_feeds_need_their_token(ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    # typed line breaks of any kind stay inside the description, never a property of their own
    question = "Desain kuesioner.\rATTENDEE:mailto:x@example.com\r\nDTSTART:20300101T000000Z\nakhir"
    cid = book(ctx, world, first_slot(ctx, TUESDAY), question=question)
    with ctx.unit_of_work() as session:
        workflow.act(session, world.actor(session, "officer1"), cid, "accept", today=TODAY)
    secret = "rahasia"
    officer_id = world.ids["officer1"]
    with ctx.unit_of_work() as session:
        good = ical.token(secret, "petugas", officer_id)
        text = ical.feed(session, secret, "petugas", officer_id, good)
        assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
        assert "DTSTART:20261201T010000Z" in text  # 08:00 WIB
        assert "Bertugas di Pojok Romantik" in text and "Dinas Kesehatan" in text
        lines = text.split("\r\n")
        assert not any("\r" in line or "\n" in line for line in lines)
        assert not any(line.startswith(("ATTENDEE", "DTSTART:2030")) for line in lines)
        with pytest.raises(NotFound):
            ical.feed(session, secret, "petugas", officer_id, "0" * 32)
        with pytest.raises(NotFound):  # one agency's token does not open another's feed
            ical.feed(
                session, secret, "instansi", world.other_org_id,
                ical.token(secret, "instansi", world.org_id),
            )  # fmt: skip
        agency = ical.feed(
            session, secret, "instansi", world.org_id, ical.token(secret, "instansi", world.org_id)
        )
        assert agency.count("BEGIN:VEVENT") == 1
