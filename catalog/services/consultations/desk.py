"""The desk's calendar: opening days and hours (settings), national holidays (the `holidays`
package's Indonesia) and local closures, officers on duty per date, and the bookable slots
with their seats (officers on duty x seats per officer).

Who: the walidata (admin) changes the settings and closures; a BPS coordinator (an admin
member of the agency of kind `bps`, or the walidata) puts officers on duty; officers are the
BPS staff who hold the `bps_reviewer` role (the same pembina data who examine
recommendations: one list of BPS staff, and being on duty is a date, not a role).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

import holidays as holidays_lib
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, Forbidden, NotFound, ValidationFailed
from catalog.models import DeskClosure, DeskDuty, DeskSettings, DeskSlot, Organization, User, utcnow
from catalog.services.auth import Actor, require_admin, require_login

OFFICER_ROLE = "bps_reviewer"


@cache
def topics() -> tuple[dict[str, str], ...]:
    """The consultation topics (catalog/data/consultation_topics.json), in order."""
    raw = resources.files("catalog").joinpath("data/consultation_topics.json").read_text("utf-8")
    return tuple(json.loads(raw)["topics"])


def topic_label(code: str) -> str:
    return next((t["label"] for t in topics() if t["code"] == code), code)


# ---------------------------------------------------------------- roles


def is_officer(actor: Actor) -> bool:
    return OFFICER_ROLE in actor.roles


def is_bps_staff(actor: Actor) -> bool:
    """BPS staff and the walidata see every consultation."""
    return actor.authenticated and (is_officer(actor) or actor.is_admin)


def bps_org_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Organization.id).where(Organization.kind == "bps")))


def is_coordinator(session: Session, actor: Actor) -> bool:
    """The walidata, or an admin member of BPS's own agency (kind `bps`)."""
    if actor.is_admin:  # the walidata, and the system (CLI, demo)
        return True
    if not actor.authenticated:
        return False
    return any(actor.orgs.get(org) == "admin" for org in bps_org_ids(session))


def require_coordinator(session: Session, actor: Actor) -> None:
    require_login(actor)
    if not is_coordinator(session, actor):
        raise Forbidden("Hanya koordinator Pojok Romantik BPS (atau walidata) yang boleh.")


# ---------------------------------------------------------------- settings


def get_settings(session: Session) -> DeskSettings:
    row = session.get(DeskSettings, 1)
    if row is None:
        row = DeskSettings(id=1, weekdays=[2])
        session.add(row)
        session.flush()
    return row


def update_settings(session: Session, actor: Actor, data: dict[str, Any]) -> DeskSettings:
    require_admin(actor)
    errors: dict[str, list[str]] = {}
    row = get_settings(session)
    weekdays = data.get("weekdays", row.weekdays)
    if not weekdays or any(not isinstance(d, int) or not 1 <= d <= 7 for d in weekdays):
        errors["weekdays"] = ["Pilih satu hari atau lebih (1 Senin ... 7 Minggu)."]
    opens, closes = data.get("opens", row.opens), data.get("closes", row.closes)
    if opens >= closes:
        errors["closes"] = ["Jam tutup harus setelah jam buka."]
    minutes = data.get("slot_minutes", row.slot_minutes)
    if not 15 <= minutes <= 240:
        errors["slot_minutes"] = ["Antara 15 dan 240 menit."]
    capacity = data.get("capacity_per_officer", row.capacity_per_officer)
    if not 1 <= capacity <= 10:
        errors["capacity_per_officer"] = ["Antara 1 dan 10."]
    if errors:
        raise ValidationFailed("Pengaturan Pojok Romantik tidak sah.", errors)
    row.weekdays = sorted(set(weekdays))
    row.opens, row.closes, row.slot_minutes = opens, closes, minutes
    row.capacity_per_officer = capacity
    if "location" in data:
        row.location = data["location"]
    row.updated_at = utcnow()
    session.flush()
    return row


def slot_times(settings: DeskSettings) -> list[tuple[time, time]]:
    """The slots of an opening day: from opening, one slot length each, ending by closing."""
    out: list[tuple[time, time]] = []
    start = datetime.combine(date(2000, 1, 1), settings.opens)
    end = datetime.combine(date(2000, 1, 1), settings.closes)
    step = timedelta(minutes=settings.slot_minutes)
    while start + step <= end:
        out.append((start.time(), (start + step).time()))
        start += step
    return out


# ---------------------------------------------------------------- holidays and closures


@cache
def _national(year: int) -> dict[date, str]:
    return dict(holidays_lib.country_holidays("ID", years=year, language="id"))


def national_holiday(day: date) -> str | None:
    """The name of Indonesia's national holiday on `day`, or None."""
    return _national(day.year).get(day)


def closed_reason(session: Session, day: date) -> str | None:
    """Why the desk is closed on `day` (not an opening day, a holiday, a closure), or None."""
    settings = get_settings(session)
    if day.isoweekday() not in settings.weekdays:
        return "Bukan hari layanan Pojok Romantik."
    holiday = national_holiday(day)
    if holiday:
        return f"Libur nasional: {holiday}."
    closure = session.get(DeskClosure, day)
    if closure is not None:
        return f"Tutup: {closure.reason or 'penutupan lokal'}."
    return None


def add_closure(session: Session, actor: Actor, day: date, reason: str) -> DeskClosure:
    require_admin(actor)
    if session.get(DeskClosure, day) is not None:
        raise Conflict("Tanggal itu sudah ditutup.", {"day": [day.isoformat()]})
    booked = session.scalar(
        select(DeskSlot.id).where(DeskSlot.day == day, DeskSlot.booked > 0).limit(1)
    )
    if booked is not None:
        raise Conflict(
            "Sudah ada konsultasi terjadwal pada tanggal itu; jadwalkan ulang dahulu.",
            {"day": [day.isoformat()]},
        )
    closure = DeskClosure(day=day, reason=reason.strip(), created_by=actor.user_id)
    session.add(closure)
    session.execute(delete(DeskSlot).where(DeskSlot.day == day))
    session.flush()
    return closure


def remove_closure(session: Session, actor: Actor, day: date) -> None:
    require_admin(actor)
    closure = session.get(DeskClosure, day)
    if closure is None:
        raise NotFound("Tanggal itu tidak ditutup.")
    session.delete(closure)
    session.flush()
    sync_slots(session, day)


def closures(session: Session, start: date, end: date) -> list[DeskClosure]:
    return list(
        session.scalars(
            select(DeskClosure)
            .where(DeskClosure.day >= start, DeskClosure.day <= end)
            .order_by(DeskClosure.day)
        )
    )


def open_days(session: Session, start: date, end: date) -> list[date]:
    """The dates between start and end (inclusive) the desk is open."""
    out, day = [], start
    while day <= end:
        if closed_reason(session, day) is None:
            out.append(day)
        day += timedelta(days=1)
    return out


# ---------------------------------------------------------------- duty


def officers(session: Session) -> list[User]:
    from catalog.models import UserRole

    return list(
        session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == OFFICER_ROLE, User.active.is_(True))
            .order_by(User.full_name, User.username)
        )
    )


def _officer(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or OFFICER_ROLE not in user.role_names:
        raise ValidationFailed(
            "Petugas tidak dikenal.", {"officer": ["Pilih staf BPS (peran peninjau BPS)."]}
        )
    return user


def assign_duty(
    session: Session, actor: Actor, day: date, username: str, *, today: date | None = None
) -> DeskDuty:
    require_coordinator(session, actor)
    reason = closed_reason(session, day)
    if reason:
        raise ValidationFailed("Pojok Romantik tutup pada tanggal itu.", {"day": [reason]})
    officer = _officer(session, username)
    existing = session.scalar(
        select(DeskDuty).where(DeskDuty.day == day, DeskDuty.officer_id == officer.id)
    )
    if existing is not None:
        return existing
    duty = DeskDuty(day=day, officer_id=officer.id, assigned_by=actor.user_id)
    session.add(duty)
    session.flush()
    sync_slots(session, day)
    return duty


def remove_duty(session: Session, actor: Actor, day: date, username: str) -> None:
    require_coordinator(session, actor)
    officer = _officer(session, username)
    duty = session.scalar(
        select(DeskDuty).where(DeskDuty.day == day, DeskDuty.officer_id == officer.id)
    )
    if duty is None:
        raise NotFound("Petugas itu tidak bertugas pada tanggal itu.")
    session.delete(duty)
    session.flush()
    sync_slots(session, day)


def duties(session: Session, start: date, end: date) -> list[DeskDuty]:
    return list(
        session.scalars(
            select(DeskDuty)
            .where(DeskDuty.day >= start, DeskDuty.day <= end)
            .order_by(DeskDuty.day, DeskDuty.id)
        )
    )


def on_duty(session: Session, day: date, officer_id: str) -> bool:
    return (
        session.scalar(
            select(DeskDuty.id).where(DeskDuty.day == day, DeskDuty.officer_id == officer_id)
        )
        is not None
    )


def sync_slots(session: Session, day: date) -> None:
    """Make the slots of `day` match the settings and the officers on duty: seats =
    officers x seats per officer, never fewer than already booked."""
    settings = get_settings(session)
    n_officers = len(list(session.scalars(select(DeskDuty.id).where(DeskDuty.day == day))))
    capacity = n_officers * settings.capacity_per_officer
    existing = {s.starts: s for s in session.scalars(select(DeskSlot).where(DeskSlot.day == day))}
    wanted = slot_times(settings) if capacity and closed_reason(session, day) is None else []
    for starts, ends in wanted:
        slot = existing.pop(starts, None)
        if slot is None:
            session.add(DeskSlot(day=day, starts=starts, ends=ends, capacity=capacity, booked=0))
        else:
            slot.capacity = max(capacity, slot.booked)
    for slot in existing.values():
        if slot.booked:
            slot.capacity = slot.booked  # kept for what is booked, no new seats
        else:
            session.delete(slot)
    session.flush()


# ---------------------------------------------------------------- slots


@dataclass(frozen=True)
class SlotView:
    id: int
    day: date
    starts: time
    ends: time
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def slots(session: Session, start: date, end: date, *, only_free: bool = False) -> list[SlotView]:
    query = (
        select(DeskSlot)
        .where(DeskSlot.day >= start, DeskSlot.day <= end)
        .order_by(DeskSlot.day, DeskSlot.starts)
    )
    out = [
        SlotView(s.id, s.day, s.starts, s.ends, s.capacity, s.booked)
        for s in session.scalars(query)
    ]
    return [s for s in out if s.free > 0] if only_free else out


def get_slot(session: Session, slot_id: int) -> DeskSlot:
    slot = session.get(DeskSlot, slot_id)
    if slot is None:
        raise NotFound("Slot tidak ditemukan.")
    return slot


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
