"""Consultations: booking a free slot, the transitions (catalog/models/consultation.py
`TRANSITIONS`), the session record and its follow-ups, and who sees what.

Every transition appends exactly one ConsultationEvent; anything refused changes nothing
(checks run before the first write). Booking takes a seat of the slot with one conditional
UPDATE (booked < capacity): of two agencies racing for the last seat exactly one wins, the
other gets 409.

Roles: the booking agency's editors (and the walidata, who may act for any agency) book,
cancel, fill the survey and complete their follow-ups; BPS officers (`bps_reviewer`) accept,
reschedule, hand over, finish and record; the public reads only aggregate figures (report.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from catalog.clock import today as today_default
from catalog.errors import Conflict, Forbidden, NotFound, ValidationFailed
from catalog.models import (
    Consultation,
    ConsultationEvent,
    Dataset,
    DeskSlot,
    FollowUp,
    Organization,
    User,
    utcnow,
)
from catalog.models.consultation import (
    ACTION_SIDES,
    ACTIONS,
    FOLLOWUP_PARTIES,
    MODES,
    OPEN_STATES,
    SESSION_STATES,
    TRANSITIONS,
)
from catalog.services.auth import Actor, require_login
from catalog.services.consultations import desk
from catalog.services.consultations.notify import agency_editors, describe, notify
from catalog.services.editing import require_version
from catalog.services.recommendations import workflow as recommendations

M_FULL = "Slot itu sudah penuh. Pilih slot lain yang masih tersedia."


# ---------------------------------------------------------------- who sees what


def sides(actor: Actor, c: Consultation) -> set[str]:
    """The sides the caller may act for on this consultation: 'agency', 'bps'."""
    out: set[str] = set()
    if not actor.authenticated:
        return out
    if actor.can_edit_org(c.organization_id):
        out.add("agency")
    if desk.is_officer(actor):
        out.add("bps")
    return out


def handles(actor: Actor, c: Consultation) -> bool:
    """The officer who handles the consultation (any officer while nobody does)."""
    return desk.is_officer(actor) and c.officer_id in {None, actor.user_id}


def may_record(actor: Actor, c: Consultation) -> bool:
    """Whether the caller may write the session record (and add follow-ups) now."""
    return handles(actor, c) and c.status in SESSION_STATES


def opens_recommendations(actor: Actor, c: Consultation) -> bool:
    """Who opens a recommendation request from a consultation: BPS or the booking agency's own
    member."""
    return desk.is_officer(actor) or c.organization_id in actor.orgs


def may_open_recommendation(actor: Actor, c: Consultation) -> bool:
    """Whether the caller may open a recommendation request from the consultation now: once
    the session is set."""
    return opens_recommendations(actor, c) and c.status in SESSION_STATES


def can_read(actor: Actor, c: Consultation) -> bool:
    return desk.is_bps_staff(actor) or (
        actor.authenticated and actor.can_edit_org(c.organization_id)
    )


def get(session: Session, actor: Actor, consultation_id: str) -> Consultation:
    require_login(actor)
    c = session.get(Consultation, consultation_id)
    if c is None or not can_read(actor, c):
        raise NotFound("Konsultasi tidak ditemukan.")
    return c


def listing(
    session: Session,
    actor: Actor,
    *,
    status: str | None = None,
    organization_id: str | None = None,
    officer_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Consultation]:
    """What the caller may see: an agency its own, BPS staff and the walidata everything."""
    require_login(actor)
    query = select(Consultation).order_by(Consultation.day.desc(), Consultation.starts)
    if not desk.is_bps_staff(actor):
        query = query.where(Consultation.organization_id.in_(list(actor.orgs) or ["-"]))
    if status:
        query = query.where(Consultation.status == status)
    if organization_id:
        query = query.where(Consultation.organization_id == organization_id)
    if officer_id:
        query = query.where(Consultation.officer_id == officer_id)
    if start:
        query = query.where(Consultation.day >= start)
    if end:
        query = query.where(Consultation.day <= end)
    return list(session.scalars(query))


def allowed_actions(session: Session, actor: Actor, c: Consultation) -> list[str]:
    return [
        a for a in ACTIONS if c.status in TRANSITIONS[a] and _refusal(session, actor, c, a) is None
    ]


def _refusal(session: Session, actor: Actor, c: Consultation, action: str) -> str | None:
    """Why the caller may not take `action` now (role), or None. The state is checked apart."""
    mine = sides(actor, c) & ACTION_SIDES[action]
    if not mine:
        if ACTION_SIDES[action] == {"bps"}:
            return "Hanya petugas BPS yang boleh melakukan ini."
        return "Hanya editor instansi pemohon atau petugas BPS yang boleh membatalkan."
    if mine == {"bps"} or action != "cancel":
        if action == "accept" and not desk.on_duty(session, c.day, actor.user_id or ""):
            return "Hanya petugas yang bertugas pada tanggal itu yang boleh menerima."
        if action in {"finish"} and c.officer_id != actor.user_id:
            return "Hanya petugas yang menangani konsultasi ini yang boleh menyelesaikannya."
        if (
            action == "hand_over"
            and c.officer_id not in {None, actor.user_id}
            and not desk.is_coordinator(session, actor)
        ):
            return "Hanya petugas yang menangani (atau koordinator) yang boleh mengalihkan."
    return None


# ---------------------------------------------------------------- booking


@dataclass(frozen=True)
class Booking:
    organization: str  # slug or id
    topic: str
    question: str
    slot_id: int
    mode: str = "tatap_muka"
    meeting_link: str | None = None
    datasets: list[str] = field(default_factory=list)  # slugs or ids of the agency's datasets
    activity_name: str | None = None
    activity_year: int | None = None


def organization_of(session: Session, key: str) -> Organization:
    org = session.scalar(
        select(Organization).where(or_(Organization.slug == key, Organization.id == key))
    )
    if org is None:
        raise ValidationFailed("Instansi tidak dikenal.", {"organization": ["Tidak ditemukan."]})
    return org


def may_book_for(actor: Actor, org: Organization) -> bool:
    """An agency's editors (the walidata for any agency) book for it; BPS, which staffs the
    desk, does not book it for itself."""
    return actor.can_edit_org(org.id) and org.kind != "bps"


def bookable_organizations(session: Session, actor: Actor) -> list[Organization]:
    """The agencies the caller may book a consultation for, by title."""
    query = select(Organization).order_by(Organization.title)
    if not actor.is_admin:
        query = query.where(Organization.id.in_(list(actor.orgs) or ["-"]))
    return [o for o in session.scalars(query) if may_book_for(actor, o)]


def bookable_datasets(session: Session, org: Organization) -> list[Dataset]:
    """The agency's datasets a booking offers to name (not withdrawn; the first 300 by title)."""
    query = select(Dataset).where(Dataset.organization_id == org.id, Dataset.state != "withdrawn")
    return list(session.scalars(query.order_by(Dataset.title).limit(300)))


def _take_seat(session: Session, slot_id: int) -> None:
    taken = session.execute(
        update(DeskSlot)
        .where(DeskSlot.id == slot_id, DeskSlot.booked < DeskSlot.capacity)
        .values(booked=DeskSlot.booked + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        raise Conflict(M_FULL, {"slot_id": ["Penuh."]})
    slot = session.get(DeskSlot, slot_id)
    if slot is not None:
        session.refresh(slot)


def _release_seat(session: Session, slot_id: int | None) -> None:
    if slot_id is None:
        return
    session.execute(
        update(DeskSlot)
        .where(DeskSlot.id == slot_id, DeskSlot.booked > 0)
        .values(booked=DeskSlot.booked - 1)
        .execution_options(synchronize_session=False)
    )


def _bookable_slot(session: Session, slot_id: int, today: date) -> DeskSlot:
    slot = session.get(DeskSlot, slot_id)
    if slot is None:
        raise ValidationFailed("Slot tidak dikenal.", {"slot_id": ["Tidak ditemukan."]})
    settings = desk.get_settings(session)
    if slot.day < today or (slot.day - today).days > settings.horizon_days:
        raise ValidationFailed(
            "Slot di luar rentang pemesanan.",
            {"slot_id": [f"Antara hari ini dan {settings.horizon_days} hari ke depan."]},
        )
    reason = desk.closed_reason(session, slot.day)
    if reason:
        raise ValidationFailed("Pojok Romantik tutup pada tanggal itu.", {"slot_id": [reason]})
    return slot


def book(
    session: Session,
    actor: Actor,
    booking: Booking,
    *,
    today: date | None = None,
    now: datetime | None = None,
    public_url: str = "",
) -> Consultation:
    today = today or today_default()
    now = now or utcnow()
    require_login(actor)
    org = organization_of(session, booking.organization)
    if not may_book_for(actor, org):
        raise Forbidden("Hanya editor instansi itu yang boleh memesan konsultasi untuknya.")
    errors: dict[str, list[str]] = {}
    if booking.topic not in {t["code"] for t in desk.topics()}:
        errors["topic"] = ["Pilih salah satu topik."]
    if not booking.question.strip():
        errors["question"] = ["Wajib diisi: apa yang ingin dikonsultasikan."]
    if booking.mode not in MODES:
        errors["mode"] = ["Pilih tatap muka atau daring."]
    link = booking.meeting_link
    if booking.mode == "daring" and link and not link.startswith(("https://", "http://")):
        errors["meeting_link"] = ["Alamat rapat harus diawali https://."]
    if booking.activity_year is not None and not 2000 <= booking.activity_year <= 2100:
        errors["activity_year"] = ["Tahun 2000-2100."]
    dataset_ids: list[str] = []
    for key in booking.datasets:
        ds = session.scalar(select(Dataset).where(or_(Dataset.slug == key, Dataset.id == key)))
        if ds is None or ds.organization_id != org.id:
            errors.setdefault("datasets", []).append(f"'{key}' bukan dataset instansi ini.")
        elif ds.id not in dataset_ids:
            dataset_ids.append(ds.id)
    if errors:
        raise ValidationFailed("Permintaan konsultasi belum lengkap atau tidak sah.", errors)
    slot = _bookable_slot(session, booking.slot_id, today)
    _take_seat(session, slot.id)
    c = Consultation(
        organization_id=org.id,
        requester_id=actor.user_id,
        topic=booking.topic,
        question=booking.question.strip(),
        dataset_ids=dataset_ids,
        activity_name=(booking.activity_name or "").strip() or None,
        activity_year=booking.activity_year,
        mode=booking.mode,
        meeting_link=booking.meeting_link or None,
        slot_id=slot.id,
        day=slot.day,
        starts=slot.starts,
        ends=slot.ends,
        status="diajukan",
        created_at=now,
        updated_at=now,
    )
    session.add(c)
    session.flush()
    _event(session, c, actor, "book", now, data={"slot_id": slot.id})
    requester = session.get(User, actor.user_id) if actor.user_id else None
    on_duty = [d.officer for d in desk.duties(session, c.day, c.day)]
    waiting = "Permintaan konsultasi Pojok Romantik telah diterima dan menunggu petugas BPS."
    if not on_duty:  # booked before anyone is on duty: the coordinators assign an officer
        waiting += " Koordinator BPS akan menugaskan petugas pada tanggal itu."
    notify(
        session,
        [requester, *(on_duty or desk.coordinators(session))],
        "booking",
        c,
        waiting + "\n\n" + describe(c),
        public_url=public_url,
    )
    return c


def _event(
    session: Session,
    c: Consultation,
    actor: Actor,
    action: str,
    now: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
    *,
    from_status: str | None = None,
) -> None:
    """Append the event of `action`, which left `c` in the status it has now; `from_status`:
    the status before, when the action changed it."""
    session.add(
        ConsultationEvent(
            consultation_id=c.id,
            actor_id=actor.user_id,
            at=now,
            action=action,
            from_status=from_status or c.status,
            to_status=c.status,
            note=note,
            data=data or {},
        )
    )


# ---------------------------------------------------------------- transitions


@dataclass(frozen=True)
class Step:
    """The input of one transition besides the action."""

    reason: str = ""  # cancel: required
    slot_id: int | None = None  # reschedule: required
    officer: str | None = None  # hand_over: the username of the officer taking it
    meeting_link: str | None = None
    expected_version: int | None = None


def act(
    session: Session,
    actor: Actor,
    consultation_id: str,
    action: str,
    step: Step | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    public_url: str = "",
) -> Consultation:
    """Apply one transition and append exactly one event; anything refused changes nothing.

    Order of checks: login (401), visible (404), role (403), state machine (409), fields
    (422), the caller's version (409)."""
    step = step or Step()
    today = today or today_default()
    now = now or utcnow()
    if action not in TRANSITIONS:
        raise NotFound(f"Aksi '{action}' tidak dikenal. Aksi: {', '.join(ACTIONS)}.")
    c = get(session, actor, consultation_id)
    refusal = _refusal(session, actor, c, action)
    if refusal:
        raise Forbidden(refusal)
    if c.status not in TRANSITIONS[action]:
        legal = [a for a in ACTIONS if c.status in TRANSITIONS[a]]
        raise Conflict(
            f"Aksi '{action}' tidak berlaku untuk konsultasi berstatus '{c.status}'; "
            f"aksi yang diizinkan: {', '.join(legal) or 'tidak ada'}.",
            {"status": [c.status], "allowed_actions": legal or ["-"]},
        )
    errors: dict[str, list[str]] = {}
    new_officer: User | None = None
    if action == "cancel" and not step.reason.strip():
        errors["reason"] = ["Wajib diisi: alasan pembatalan."]
    if action == "reschedule" and step.slot_id is None:
        errors["slot_id"] = ["Wajib diisi: slot baru."]
    if action == "reschedule" and step.slot_id == c.slot_id:
        errors["slot_id"] = ["Pilih slot yang lain dari jadwal sekarang."]
    if action == "hand_over":
        new_officer = session.scalar(select(User).where(User.username == (step.officer or "")))
        if new_officer is None or desk.OFFICER_ROLE not in new_officer.role_names:
            errors["officer"] = ["Pilih petugas BPS."]
        elif new_officer.id == c.officer_id:
            errors["officer"] = ["Konsultasi sudah ditangani petugas ini."]
        elif not desk.on_duty(session, c.day, new_officer.id):
            errors["officer"] = ["Petugas itu tidak bertugas pada tanggal konsultasi."]
    if errors:
        raise ValidationFailed("Data aksi tidak lengkap atau tidak sah.", errors)
    require_version(step.expected_version, c.version, "Konsultasi", required=False)
    from_status, to_status = c.status, TRANSITIONS[action][c.status]
    data: dict[str, Any] = {}
    kind = None
    if action == "accept":
        c.officer_id = actor.user_id
        kind = "scheduled"
    elif action == "reschedule":
        assert step.slot_id is not None
        slot = _bookable_slot(session, step.slot_id, today)
        _take_seat(session, slot.id)
        _release_seat(session, c.slot_id)
        data = {
            "from": {"day": c.day.isoformat(), "starts": c.starts.strftime("%H:%M")},
            "to": {"day": slot.day.isoformat(), "starts": slot.starts.strftime("%H:%M")},
        }
        c.slot_id, c.day, c.starts, c.ends = slot.id, slot.day, slot.starts, slot.ends
        c.reminded_at = None
        if c.officer_id and not desk.on_duty(session, slot.day, c.officer_id):
            c.officer_id = None
        if c.officer_id is None and desk.on_duty(session, slot.day, actor.user_id or ""):
            c.officer_id = actor.user_id
        kind = "rescheduled"
    elif action == "hand_over":
        assert new_officer is not None
        data = {"from": c.officer.username if c.officer else None, "to": new_officer.username}
        c.officer_id = new_officer.id
        kind = "handed_over"
    elif action == "finish":
        c.held_at = now
    elif action == "cancel":
        c.cancel_reason = step.reason.strip()
        _release_seat(session, c.slot_id)
        kind = "cancelled"
    if step.meeting_link is not None and action in {"accept", "reschedule"}:
        c.meeting_link = step.meeting_link or None
    c.status = to_status
    c.updated_at = now
    _event(session, c, actor, action, now, step.reason.strip(), data, from_status=from_status)
    session.flush()
    session.refresh(c)
    if kind:
        body = describe(c)
        if action == "cancel":
            body = f"Alasan: {c.cancel_reason}\n\n" + body
        recipients: list[User | None] = [c.requester, c.officer]
        notify(session, recipients, kind, c, body, public_url=public_url)
    if action == "finish":
        request_survey(session, c, public_url)
    return c


# ---------------------------------------------------------------- session record


@dataclass(frozen=True)
class FollowUpIn:
    what: str
    party: str
    due_on: date


def record_session(
    session: Session,
    actor: Actor,
    consultation_id: str,
    *,
    notes: str,
    advice: str,
    followups: list[FollowUpIn],
    now: datetime | None = None,
) -> Consultation:
    """The officer writes (or rewrites) notes and advice and adds follow-ups (an event)."""
    now = now or utcnow()
    c = get(session, actor, consultation_id)
    if not handles(actor, c):
        raise Forbidden("Hanya petugas yang menangani konsultasi ini yang boleh mencatat sesi.")
    if not may_record(actor, c):
        raise Conflict(
            f"Catatan sesi hanya untuk konsultasi terjadwal atau selesai (status '{c.status}').",
            {"status": [c.status]},
        )
    errors: dict[str, list[str]] = {}
    for i, f in enumerate(followups):
        if not f.what.strip():
            errors[f"followups.{i}.what"] = ["Wajib diisi."]
        if f.party not in FOLLOWUP_PARTIES:
            errors[f"followups.{i}.party"] = ["Pilih instansi (opd) atau BPS (bps)."]
    if errors:
        raise ValidationFailed("Catatan sesi tidak sah.", errors)
    c.notes, c.advice = notes.strip(), advice.strip()
    start = len(c.followups)
    for i, f in enumerate(followups):
        c.followups.append(
            FollowUp(
                consultation_id=c.id,
                position=start + i,
                what=f.what.strip(),
                party=f.party,
                due_on=f.due_on,
                created_at=now,
            )
        )
    c.updated_at = now
    _event(session, c, actor, "record", now, data={"followups": len(followups)})
    session.flush()
    return c


def complete_followup(
    session: Session, actor: Actor, followup_id: str, *, now: datetime | None = None
) -> FollowUp:
    """The responsible side marks a follow-up done (the agency its own, BPS its own)."""
    now = now or utcnow()
    require_login(actor)
    f = session.get(FollowUp, followup_id)
    if f is None:
        raise NotFound("Tindak lanjut tidak ditemukan.")
    c = get(session, actor, f.consultation_id)
    side = "agency" if f.party == "opd" else "bps"
    if side not in sides(actor, c):
        raise Forbidden("Tindak lanjut ini tanggung jawab pihak lain.")
    if f.status == "selesai":
        raise Conflict("Tindak lanjut sudah selesai.", {"status": ["selesai"]})
    f.status, f.done_at, f.done_by = "selesai", now, actor.user_id
    _event(session, c, actor, "followup_done", now, data={"what": f.what})
    session.flush()
    return f


def open_recommendation(
    session: Session, actor: Actor, consultation_id: str, dataset_slug: str
) -> Dataset:
    """From a consultation: open the recommendation request of a dataset linked to it (a BPS
    reviewer outside the agency takes it for review instead), the planned activity prefilled
    and the session's advice as the note. The recommendation workflow checks its own rules."""
    c = get(session, actor, consultation_id)
    if not opens_recommendations(actor, c):
        raise Forbidden("Hanya BPS atau instansi pemesan yang membuka permintaan rekomendasi.")
    if not may_open_recommendation(actor, c):
        raise Conflict(
            "Permintaan rekomendasi dibuka dari konsultasi yang sudah dijadwalkan atau selesai "
            f"(status '{c.status}').",
            {"status": [c.status]},
        )
    ds = session.scalar(select(Dataset).where(Dataset.slug == dataset_slug))
    if ds is None or ds.id not in (c.dataset_ids or []):
        raise ValidationFailed(
            "Dataset itu tidak terkait dengan konsultasi ini.",
            {"dataset": ["Pilih salah satu dataset yang terkait."]},
        )
    action = "take" if actor.is_reviewer and ds.organization_id not in actor.orgs else "request"
    activity: dict[str, Any] = {}
    if c.activity_name:
        activity["judul_kegiatan"] = c.activity_name
    if c.activity_year:
        activity["tahun"] = c.activity_year
    note = f"Dari konsultasi Pojok Romantik {c.day.isoformat()}: {desk.topic_label(c.topic)}. "
    recommendations.act(
        session,
        actor,
        ds.slug,
        action,
        recommendations.Decision(
            note=(note + (c.advice or "")).strip()[:5000], activity=activity or None
        ),
    )
    return ds


def open_followups(
    session: Session, actor: Actor, organization_id: str
) -> list[tuple[FollowUp, Consultation]]:
    """The agency's open follow-ups (for its dashboard), soonest due first."""
    if not (actor.can_edit_org(organization_id) or desk.is_bps_staff(actor)):
        return []
    rows = session.execute(
        select(FollowUp, Consultation)
        .join(Consultation, Consultation.id == FollowUp.consultation_id)
        .where(Consultation.organization_id == organization_id, FollowUp.status == "terbuka")
        .order_by(FollowUp.due_on)
    ).all()
    return [(f, c) for f, c in rows]


def events(session: Session, c: Consultation) -> list[ConsultationEvent]:
    return list(
        session.scalars(
            select(ConsultationEvent)
            .where(ConsultationEvent.consultation_id == c.id)
            .order_by(ConsultationEvent.id)
        )
    )


def for_dataset(session: Session, actor: Actor, dataset_id: str) -> list[Consultation]:
    """The consultations that named this dataset (visible to the agency and BPS staff)."""
    rows = session.scalars(
        select(Consultation).where(Consultation.status != "dibatalkan").order_by(Consultation.day)
    )
    return [c for c in rows if dataset_id in (c.dataset_ids or []) and can_read(actor, c)]


def is_open(c: Consultation) -> bool:
    return c.status in OPEN_STATES


def request_survey(session: Session, c: Consultation, public_url: str = "") -> None:
    """After finishing: ask the agency to fill the survey (once)."""
    if c.survey_requested_at is not None:
        return
    c.survey_requested_at = utcnow()
    notify(
        session,
        [c.requester] if c.requester else agency_editors(session, c.organization_id),
        "survey",
        c,
        "Konsultasi Anda telah selesai. Mohon isi survei kepuasan (9 pertanyaan singkat).\n\n"
        + describe(c),
        link=f"/konsultasi/{c.id}/survei",
        public_url=public_url,
    )
