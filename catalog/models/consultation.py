"""Pojok Romantik (Pojok Rekomendasi Statistik): the consultation desk of BPS Kabupaten
Tangerang for the agencies. Consultations and their append-only event trail, the desk's
calendar (settings, local closures, officers on duty, bookable slots with their seats),
the session record's follow-ups, the satisfaction survey and in-app notifications.

The statuses and the transition table live here (like catalog/models/recommendation.py); the
rules that apply them are services/consultations/workflow.py.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.accounts import Organization, User
from catalog.models.base import (
    Base,
    WorkflowEvent,
    counter,
    id_column,
    owner_column,
    serial_id,
    utcnow,
)

CONSULTATION_STATES = ("diajukan", "dijadwalkan", "dijadwalkan_ulang", "selesai", "dibatalkan")
OPEN_STATES = frozenset({"diajukan", "dijadwalkan", "dijadwalkan_ulang"})
# A session is set or held: its record may be written and a recommendation opened from it.
SESSION_STATES = frozenset({"dijadwalkan", "dijadwalkan_ulang", "selesai"})
MODES = ("tatap_muka", "daring")

# action -> {status it may start from: status it leads to}
TRANSITIONS: dict[str, dict[str, str]] = {
    # An officer on duty that day takes the booking.
    "accept": {"diajukan": "dijadwalkan"},
    # An officer moves it to another free slot (before or after accepting).
    "reschedule": {
        "diajukan": "dijadwalkan_ulang",
        "dijadwalkan": "dijadwalkan_ulang",
        "dijadwalkan_ulang": "dijadwalkan_ulang",
    },
    # An officer gives it to another officer on duty that day; the status stays.
    "hand_over": {
        "diajukan": "diajukan",
        "dijadwalkan": "dijadwalkan",
        "dijadwalkan_ulang": "dijadwalkan_ulang",
    },
    # The session was held: the officer closes it (the session record follows).
    "finish": {"dijadwalkan": "selesai", "dijadwalkan_ulang": "selesai"},
    # Either side, with a reason.
    "cancel": {
        "diajukan": "dibatalkan",
        "dijadwalkan": "dibatalkan",
        "dijadwalkan_ulang": "dibatalkan",
    },
}
ACTIONS = tuple(TRANSITIONS)
# Who may take an action: the booking agency ("agency"), BPS staff ("bps").
ACTION_SIDES: dict[str, frozenset[str]] = {
    "accept": frozenset({"bps"}),
    "reschedule": frozenset({"bps"}),
    "hand_over": frozenset({"bps"}),
    "finish": frozenset({"bps"}),
    "cancel": frozenset({"bps", "agency"}),
}

FOLLOWUP_PARTIES = ("opd", "bps")
FOLLOWUP_STATES = ("terbuka", "selesai")


class DeskSettings(Base):
    """The desk's opening days and hours, slot length and seats per officer (one row, id 1)."""

    __tablename__ = "desk_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # ISO weekdays, Monday 1 ... Sunday 7; Tuesday by default.
    weekdays: Mapped[list[Any]] = mapped_column(JSON, default=lambda: [2])
    opens: Mapped[time] = mapped_column(default=time(8, 0))
    closes: Mapped[time] = mapped_column(default=time(15, 0))
    slot_minutes: Mapped[int] = mapped_column(Integer, default=60)
    capacity_per_officer: Mapped[int] = mapped_column(Integer, default=1)
    # How many days ahead an agency may book.
    horizon_days: Mapped[int] = mapped_column(Integer, default=60)
    location: Mapped[str] = mapped_column(
        String(300), default="Pojok Romantik, Kantor BPS Kabupaten Tangerang"
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeskClosure(Base):
    """A day the desk is closed besides the national holidays (set by the walidata)."""

    __tablename__ = "desk_closures"

    day: Mapped[date] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeskDuty(Base):
    """A BPS officer on duty at the desk on one date (put there by a BPS coordinator)."""

    __tablename__ = "desk_duties"
    __table_args__ = (UniqueConstraint("day", "officer_id", name="uq_desk_duties_day_officer"),)

    id: Mapped[int] = serial_id()
    day: Mapped[date] = mapped_column(index=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    assigned_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[User] = relationship(lazy="joined", foreign_keys=[officer_id])


class DeskSlot(Base):
    """One bookable slot of one date: its seats (officers on duty x capacity per officer, or
    one officer's worth while nobody is on duty yet) and how many are taken. Booking takes a
    seat with one conditional UPDATE (booked < capacity), so two agencies racing for the last
    seat cannot both win."""

    __tablename__ = "desk_slots"
    __table_args__ = (
        UniqueConstraint("day", "starts", name="uq_desk_slots_day_starts"),
        CheckConstraint("booked >= 0", name="booked_not_negative"),
    )

    id: Mapped[int] = serial_id()
    day: Mapped[date] = mapped_column(index=True)
    starts: Mapped[time] = mapped_column()
    ends: Mapped[time] = mapped_column()
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    booked: Mapped[int] = counter()


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (Index("ix_consultations_org_status", "organization_id", "status"),)

    id: Mapped[str] = id_column()
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    requester_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(String(50))
    question: Mapped[str] = mapped_column(Text)
    # Datasets of the agency it is about (ids), and/or a planned activity without a dataset.
    dataset_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    activity_name: Mapped[str | None] = mapped_column(String(300))
    activity_year: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20), default="tatap_muka")
    meeting_link: Mapped[str | None] = mapped_column(String(1000))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("desk_slots.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    starts: Mapped[time] = mapped_column()
    ends: Mapped[time] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="diajukan", index=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # The session record (written by the officer).
    notes: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    held_at: Mapped[datetime | None] = mapped_column()
    # The reminder the day before: set once, by the one scheduler tick that sends it.
    reminded_at: Mapped[datetime | None] = mapped_column()
    survey_requested_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization] = relationship(lazy="joined")
    requester: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[requester_id])
    officer: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[officer_id])
    followups: Mapped[list[FollowUp]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FollowUp.position"
    )

    __mapper_args__ = {"version_id_col": version}


class ConsultationEvent(WorkflowEvent, Base):
    """One transition or record of a consultation; never updated or deleted."""

    __tablename__ = "consultation_events"

    id: Mapped[int] = serial_id()
    consultation_id: Mapped[str] = owner_column("consultations.id")
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))


class FollowUp(Base):
    """A follow-up action agreed in the session: what, who (the agency or BPS), by when."""

    __tablename__ = "consultation_followups"

    id: Mapped[str] = id_column()
    consultation_id: Mapped[str] = owner_column("consultations.id")
    position: Mapped[int] = mapped_column(Integer, default=0)
    what: Mapped[str] = mapped_column(Text)
    party: Mapped[str] = mapped_column(String(10), default="opd")  # FOLLOWUP_PARTIES
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default="terbuka")  # FOLLOWUP_STATES
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyResponse(Base):
    """The satisfaction survey of one finished consultation (SKM, PermenPAN-RB 14/2017)."""

    __tablename__ = "consultation_surveys"

    id: Mapped[str] = id_column()
    consultation_id: Mapped[str] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), unique=True
    )
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    respondent_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # element code -> score 1..4
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Notification(Base):
    """An in-app notification for one user (read or not)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = serial_id()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    consultation_id: Mapped[str | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()
