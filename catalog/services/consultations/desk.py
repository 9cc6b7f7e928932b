"""The desk's calendar: opening days and hours (settings), national holidays (the `holidays`
package's Indonesia) and local closures, officers on duty per date, and the bookable slots
with their seats. Every open day within the booking horizon offers slots: before anyone is
put on duty a slot has the baseline (one officer's worth, `baseline_seats`: BPS staffs the
desk every opening day); with officers on duty it has officers x seats per officer; never
fewer than already booked.

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
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from catalog import clock
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


def coordinators(session: Session) -> list[User]:
    """The BPS coordinators by membership (admin members of the agency of kind `bps`)."""
    from catalog.models import Membership

    return list(
        session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .join(Organization, Organization.id == Membership.organization_id)
            .where(Organization.kind == "bps", Membership.role == "admin", User.active.is_(True))
            .order_by(User.username)
        )
    )


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


def update_settings(
    session: Session, actor: Actor, data: dict[str, Any], *, today: date | None = None
) -> DeskSettings:
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
    horizon = data.get("horizon_days", row.horizon_days)
    if not 7 <= horizon <= 365:
        errors["horizon_days"] = ["Antara 7 dan 365 hari."]
    if errors:
        raise ValidationFailed("Pengaturan Pojok Romantik tidak sah.", errors)
    row.weekdays = sorted(set(weekdays))
    row.opens, row.closes, row.slot_minutes = opens, closes, minutes
    row.capacity_per_officer = capacity
    # a shorter horizon leaves the slots already laid out beyond it: bookable_slots and book
    # read the horizon, so they are neither offered nor taken
    row.horizon_days = horizon
    if "location" in data:
        row.location = data["location"]
    row.updated_at = utcnow()
    session.flush()
    # the days already laid out follow the new hours, days and seats (booked seats are kept)
    today = today or clock.today()
    for day in session.scalars(select(DeskSlot.day).where(DeskSlot.day >= today).distinct()):
        sync_slots(session, day)
    return row


def baseline_seats(settings: DeskSettings) -> int:
    """Seats per slot of an open day with no officer on duty yet: one officer's worth.

    Derived from the settings rather than stored: BPS staffs the desk every opening day, so
    an agency may book before the coordinator names the officer (who then accepts it).
    """
    return settings.capacity_per_officer


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
    _remove_and_sync(session, closure, day, "Tanggal itu tidak ditutup.")


def closures(session: Session, start: date, end: date) -> list[DeskClosure]:
    return _between(session, DeskClosure, start, end, DeskClosure.day)


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
    session: Session,
    actor: Actor,
    day: date,
    username: str,
    *,
    today: date | None = None,
    public_url: str = "",
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
    _tell_of_waiting(session, officer, day, public_url)
    return duty


def _tell_of_waiting(session: Session, officer: User, day: date, public_url: str) -> None:
    """An officer put on duty for a day with bookings no one has taken yet hears of them."""
    from catalog.models import Consultation
    from catalog.services.consultations.notify import notify

    waiting = session.scalar(
        select(func.count())
        .select_from(Consultation)
        .where(
            Consultation.day == day,
            Consultation.status == "diajukan",
            Consultation.officer_id.is_(None),
        )
    )
    if waiting:
        notify(
            session,
            [officer],
            "duty",
            None,
            f"Anda bertugas di Pojok Romantik pada {day:%d-%m-%Y}. "
            f"{waiting} permintaan konsultasi hari itu menunggu diterima.",
            link="/pojok-romantik/agenda",
            public_url=public_url,
        )


def remove_duty(session: Session, actor: Actor, day: date, username: str) -> None:
    require_coordinator(session, actor)
    officer = _officer(session, username)
    duty = session.scalar(
        select(DeskDuty).where(DeskDuty.day == day, DeskDuty.officer_id == officer.id)
    )
    _remove_and_sync(session, duty, day, "Petugas itu tidak bertugas pada tanggal itu.")


def duties(session: Session, start: date, end: date) -> list[DeskDuty]:
    return _between(session, DeskDuty, start, end, DeskDuty.day, DeskDuty.id)


def on_duty(session: Session, day: date, officer_id: str) -> bool:
    return (
        session.scalar(
            select(DeskDuty.id).where(DeskDuty.day == day, DeskDuty.officer_id == officer_id)
        )
        is not None
    )


def seats_for(session: Session, day: date) -> int:
    """Seats per slot of an open `day`: officers on duty x seats per officer, or the baseline
    while nobody is on duty."""
    settings = get_settings(session)
    n_officers = len(list(session.scalars(select(DeskDuty.id).where(DeskDuty.day == day))))
    if n_officers == 0:
        return baseline_seats(settings)
    return n_officers * settings.capacity_per_officer


def _insert_missing(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert slots, leaving alone any (day, starts) another transaction laid out first."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(DeskSlot)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["day", "starts"])
    )


def _between(
    session: Session,
    model: type[DeskClosure] | type[DeskDuty],
    start: date,
    end: date,
    *order_by: Any,
) -> list[Any]:
    """A day-keyed desk table's rows from start to end (inclusive), in `order_by`."""
    query = select(model).where(model.day >= start, model.day <= end).order_by(*order_by)
    return list(session.scalars(query))


def _remove_and_sync(
    session: Session, row: DeskClosure | DeskDuty | None, day: date, missing: str
) -> None:
    """Delete a day's closure or duty (NotFound with `missing` when there is none) and make
    that day's slots again."""
    if row is None:
        raise NotFound(missing)
    session.delete(row)
    session.flush()
    sync_slots(session, day)


def sync_slots(session: Session, day: date) -> None:
    """Make the slots of `day` match the settings and the officers on duty (`seats_for`),
    never fewer seats than already booked. The capacity is set by one statement that reads
    `booked` in the row it writes, so a booking committed meanwhile is never undercut."""
    settings = get_settings(session)
    session.flush()
    wanted = slot_times(settings) if closed_reason(session, day) is None else []
    capacity = seats_for(session, day) if wanted else 0
    _insert_missing(
        session,
        [
            {"day": day, "starts": starts, "ends": ends, "capacity": capacity, "booked": 0}
            for starts, ends in wanted
        ],
    )
    starts_wanted = [starts for starts, _ends in wanted]
    in_day = DeskSlot.day == day
    keep = DeskSlot.starts.in_(starts_wanted) if starts_wanted else None
    session.execute(
        update(DeskSlot)
        .where(in_day, *([keep] if keep is not None else []))
        .values(capacity=case((DeskSlot.booked > capacity, DeskSlot.booked), else_=capacity))
        .execution_options(synchronize_session=False)
    )
    # slots the settings no longer offer: gone when empty, kept for what is booked
    unwanted = [in_day] + ([~keep] if keep is not None else [])
    session.execute(
        delete(DeskSlot)
        .where(*unwanted, DeskSlot.booked == 0)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(DeskSlot)
        .where(*unwanted)
        .values(capacity=DeskSlot.booked)
        .execution_options(synchronize_session=False)
    )
    for obj in list(session.identity_map.values()):
        if isinstance(obj, DeskSlot) and obj.day == day:
            session.expire(obj)


def ensure_slots(session: Session, start: date, end: date, today: date) -> None:
    """Lay out the slots of every open day between start and end that lies within the
    booking horizon (today ... today + horizon) and has none yet."""
    settings = get_settings(session)
    first, last = max(start, today), min(end, today + timedelta(days=settings.horizon_days))
    if first > last:
        return
    laid_out = set(
        session.scalars(
            select(DeskSlot.day).where(DeskSlot.day >= first, DeskSlot.day <= last).distinct()
        )
    )
    for day in open_days(session, first, last):
        if day not in laid_out:
            sync_slots(session, day)


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


def slots(
    session: Session,
    start: date,
    end: date,
    *,
    only_free: bool = False,
    today: date | None = None,
) -> list[SlotView]:
    """The slots between start and end; with `today`, open days within the booking horizon
    are laid out first (so an opening day offers seats before anyone is on duty)."""
    if today is not None:
        ensure_slots(session, start, end, today)
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


def bookable_slots(session: Session, today: date) -> list[SlotView]:
    """The slots with a free seat that a booking or a move may take: from today to the end of
    the booking horizon (what workflow.book and the reschedule accept)."""
    last = today + timedelta(days=get_settings(session).horizon_days)
    return slots(session, today, last, only_free=True, today=today)


def get_slot(session: Session, slot_id: int) -> DeskSlot:
    slot = session.get(DeskSlot, slot_id)
    if slot is None:
        raise NotFound("Slot tidak ditemukan.")
    return slot


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
