"""Notifications of the desk: an in-app row per recipient (with the unread count), and an
e-mail through the CATALOG_SMTP_* settings (off while CATALOG_SMTP_HOST is empty), sent by an
operation registered on the unit of work, so a mail leaves only after its change committed.

The reminders the day before a session and before a follow-up's due date are sent by the
scheduler (`send_reminders`): each is claimed with one conditional UPDATE (reminded_at IS
NULL), so two schedulers, or two ticks, never send the same reminder twice.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from catalog.errors import NotFound
from catalog.models import Consultation, FollowUp, Membership, Notification, User, utcnow
from catalog.services.auth import Actor, require_login
from catalog.uow import UnitOfWork, register

log = logging.getLogger("catalog")

KINDS = {
    "booking": "Permintaan konsultasi diterima",
    "scheduled": "Konsultasi dijadwalkan",
    "rescheduled": "Konsultasi dijadwalkan ulang",
    "handed_over": "Konsultasi dialihkan",
    "cancelled": "Konsultasi dibatalkan",
    "reminder": "Pengingat: konsultasi besok",
    "followup_due": "Tindak lanjut jatuh tempo",
    "survey": "Mohon isi survei kepuasan",
    "duty": "Tugas jaga Pojok Romantik",
}


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class SendMail:
    """After-commit operation: send these mails through the configured SMTP server."""

    mails: tuple[Mail, ...]

    def on_commit(self, uow: UnitOfWork) -> None:
        settings = getattr(uow.context, "settings", None)
        if settings is None or not settings.smtp_host:
            return
        send(settings, self.mails)


def send(settings: Any, mails: Iterable[Mail]) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        for mail in mails:
            message = EmailMessage()
            message["From"] = settings.smtp_from
            message["To"] = mail.to
            message["Subject"] = mail.subject
            message.set_content(mail.body)
            smtp.send_message(message)


def describe(c: Consultation) -> str:
    from catalog.services.consultations.desk import topic_label

    mode = "tatap muka di Pojok Romantik" if c.mode == "tatap_muka" else "daring"
    lines = [
        f"Instansi: {c.organization.title}",
        f"Topik: {topic_label(c.topic)}",
        f"Jadwal: {c.day.strftime('%d-%m-%Y')} pukul {c.starts.strftime('%H:%M')}"
        f"-{c.ends.strftime('%H:%M')} WIB ({mode})",
    ]
    if c.mode == "daring" and c.meeting_link:
        lines.append(f"Tautan rapat: {c.meeting_link}")
    if c.officer is not None:
        lines.append(f"Petugas BPS: {c.officer.full_name or c.officer.username}")
    lines.append(f"Pertanyaan: {c.question}")
    return "\n".join(lines)


def notify(
    session: Session,
    recipients: Iterable[User | None],
    kind: str,
    consultation: Consultation | None,
    body: str,
    *,
    link: str | None = None,
    public_url: str = "",
) -> None:
    """One in-app notification per recipient, and a mail to those with an address."""
    title = KINDS[kind]
    seen: set[str] = set()
    mails: list[Mail] = []
    link = link or (f"/konsultasi/{consultation.id}" if consultation else None)
    for user in recipients:
        if user is None or user.id in seen or not user.active:
            continue
        seen.add(user.id)
        session.add(
            Notification(
                user_id=user.id,
                kind=kind,
                title=title,
                body=body,
                link=link,
                consultation_id=consultation.id if consultation else None,
            )
        )
        if user.email:
            text = f"Yth. {user.full_name or user.username},\n\n{body}\n"
            if link:
                text += f"\nBuka: {public_url}{link}\n"
            text += "\n-- Pojok Romantik, BPS Kabupaten Tangerang\n"
            mails.append(Mail(user.email, f"[Pojok Romantik] {title}", text))
    if mails:
        register(session, SendMail(tuple(mails)))


def agency_editors(session: Session, organization_id: str) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organization_id == organization_id)
        )
    )


# ---------------------------------------------------------------- in-app list


def unread_count(session: Session, actor: Actor) -> int:
    if not actor.authenticated:
        return 0
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def listing(session: Session, actor: Actor, limit: int = 50) -> list[Notification]:
    require_login(actor)
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == actor.user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(session: Session, actor: Actor, notification_id: int | None = None) -> int:
    """Mark one (or, with None, every) notification of the caller read; how many changed."""
    require_login(actor)
    query = update(Notification).where(
        Notification.user_id == actor.user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        own = session.get(Notification, notification_id)
        if own is None or own.user_id != actor.user_id:
            raise NotFound("Notifikasi tidak ditemukan.")
        query = query.where(Notification.id == notification_id)
    result = session.execute(query.values(read_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


# ---------------------------------------------------------------- reminders


def _claim_reminder(
    session: Session, model: type[Consultation] | type[FollowUp], row_id: Any, now: datetime
) -> bool:
    """Mark the row reminded unless another run already did; True when this run claimed it."""
    claimed = session.execute(
        update(model)
        .where(model.id == row_id, model.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return getattr(claimed, "rowcount", 0) == 1


def send_reminders(
    session: Session, today: date, *, now: datetime | None = None, public_url: str = ""
) -> dict[str, int]:
    """Remind of tomorrow's sessions and of follow-ups due tomorrow (or overdue), once each."""
    now = now or utcnow()
    tomorrow = today + timedelta(days=1)
    sent = {"sessions": 0, "followups": 0}
    due = session.scalars(
        select(Consultation).where(
            Consultation.day == tomorrow,
            Consultation.status.in_(("dijadwalkan", "dijadwalkan_ulang")),
            Consultation.reminded_at.is_(None),
        )
    ).all()
    for c in due:
        if not _claim_reminder(session, Consultation, c.id, now):
            continue
        notify(
            session,
            [c.requester, c.officer],
            "reminder",
            c,
            "Konsultasi Anda di Pojok Romantik dijadwalkan besok.\n\n" + describe(c),
            public_url=public_url,
        )
        sent["sessions"] += 1
    followups = session.scalars(
        select(FollowUp).where(
            FollowUp.due_on <= tomorrow,
            FollowUp.status == "terbuka",
            FollowUp.reminded_at.is_(None),
        )
    ).all()
    for f in followups:
        if not _claim_reminder(session, FollowUp, f.id, now):
            continue
        owner = session.get(Consultation, f.consultation_id)
        if owner is None:
            continue
        who: list[User | None] = (
            [owner.officer]
            if f.party == "bps"
            else [*agency_editors(session, owner.organization_id)]
        )
        notify(
            session,
            who,
            "followup_due",
            owner,
            f"Tindak lanjut jatuh tempo {f.due_on.strftime('%d-%m-%Y')}: {f.what}\n\n"
            + describe(owner),
            public_url=public_url,
        )
        sent["followups"] += 1
    session.flush()
    return sent
