"""iCalendar feeds (RFC 5545) of the desk: per officer (duty days and the consultations they
handle) and per agency (its consultations). The URL carries a token, an HMAC of the feed's
subject with the application's secret key: anyone holding the URL can read the feed (that is
what calendar applications need), nobody can guess another's; changing CATALOG_SECRET_KEY
invalidates every feed URL."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import NotFound
from catalog.models import Consultation, DeskDuty, Organization, User
from catalog.services.auth import Actor
from catalog.services.consultations import desk

WIB = timedelta(hours=7)  # Asia/Jakarta, no daylight saving
KINDS = ("petugas", "instansi")


def token(secret: str, kind: str, subject_id: str) -> str:
    mac = hmac.new(secret.encode(), f"ical:{kind}:{subject_id}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def agency_feeds(session: Session, actor: Actor, secret: str) -> list[tuple[Organization, str]]:
    """The agencies whose consultation calendar the caller may subscribe to (its own), by
    title, each with its feed's token."""
    orgs = session.scalars(
        select(Organization)
        .where(Organization.id.in_(list(actor.orgs) or ["-"]))
        .order_by(Organization.title)
    )
    return [(org, token(secret, "instansi", org.id)) for org in orgs]


def _check(secret: str, kind: str, subject_id: str, given: str) -> None:
    if kind not in KINDS or not hmac.compare_digest(token(secret, kind, subject_id), given):
        raise NotFound("Kalender tidak ditemukan.")


def _utc(day: date, at: time) -> str:
    return (datetime.combine(day, at) - WIB).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    # A bare CR is a line break to some calendar readers: typed text must never start a
    # property of its own (RFC 5545 3.3.11 allows only the escaped \n).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    chunk = b""
    for ch in line:
        b = ch.encode()
        if len(chunk) + len(b) > (75 if not parts else 74):
            parts.append(chunk.decode())
            chunk = b""
        chunk += b
    parts.append(chunk.decode())
    return "\r\n ".join(parts)


def _event(
    uid: str, day: date, starts: time, ends: time, summary: str, where: str, desc: str
) -> list[str]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@pojok-romantik",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(day, starts)}",
        f"DTEND:{_utc(day, ends)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(where)}",
        f"DESCRIPTION:{_escape(desc)}",
        "END:VEVENT",
    ]


def _consultation_event(c: Consultation, location: str) -> list[str]:
    where = location if c.mode == "tatap_muka" else (c.meeting_link or "Daring")
    status = {"dibatalkan": " (DIBATALKAN)", "diajukan": " (menunggu petugas)"}.get(c.status, "")
    return _event(
        f"konsultasi-{c.id}",
        c.day,
        c.starts,
        c.ends,
        f"Konsultasi Pojok Romantik: {c.organization.title} - {desk.topic_label(c.topic)}{status}",
        where,
        c.question,
    )


def feed(session: Session, secret: str, kind: str, subject_id: str, given: str) -> str:
    _check(secret, kind, subject_id, given)
    settings = desk.get_settings(session)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Katalog Statistik Sektoral//Pojok Romantik//ID",
        "CALSCALE:GREGORIAN",
    ]
    if kind == "petugas":
        user = session.get(User, subject_id)
        if user is None:
            raise NotFound("Kalender tidak ditemukan.")
        lines.append(
            f"X-WR-CALNAME:{_escape('Pojok Romantik - ' + (user.full_name or user.username))}"
        )
        for duty in session.scalars(select(DeskDuty).where(DeskDuty.officer_id == user.id)):
            lines += _event(
                f"tugas-{duty.id}",
                duty.day,
                settings.opens,
                settings.closes,
                "Bertugas di Pojok Romantik",
                settings.location,
                "Jadwal piket konsultasi statistik.",
            )
        query = select(Consultation).where(Consultation.officer_id == user.id)
    else:
        org = session.get(Organization, subject_id)
        if org is None:
            raise NotFound("Kalender tidak ditemukan.")
        lines.append(f"X-WR-CALNAME:{_escape('Pojok Romantik - ' + org.title)}")
        query = select(Consultation).where(Consultation.organization_id == org.id)
    for c in session.scalars(query.order_by(Consultation.day)):
        lines += _consultation_event(c, settings.location)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
