"""What the interfaces read about a consultation (plain dicts, the API's and pages' shape)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Consultation, Dataset, User
from catalog.services.auth import Actor
from catalog.services.consultations import desk, survey, workflow

STATUS_LABELS = {
    "diajukan": "Diajukan",
    "dijadwalkan": "Dijadwalkan",
    "dijadwalkan_ulang": "Dijadwalkan ulang",
    "selesai": "Selesai",
    "dibatalkan": "Dibatalkan",
}
MODE_LABELS = {"tatap_muka": "Tatap muka di Pojok Romantik", "daring": "Daring"}
ACTION_LABELS = {
    "book": "Memesan konsultasi",
    "accept": "Menerima dan menjadwalkan",
    "reschedule": "Menjadwalkan ulang",
    "hand_over": "Mengalihkan ke petugas lain",
    "finish": "Menyelesaikan sesi",
    "cancel": "Membatalkan",
    "record": "Mencatat sesi",
    "followup_done": "Menyelesaikan tindak lanjut",
}


def _name(user: User | None) -> str | None:
    return (user.full_name or user.username) if user else None


def datasets_of(session: Session, c: Consultation) -> list[dict[str, Any]]:
    if not c.dataset_ids:
        return []
    rows = session.scalars(select(Dataset).where(Dataset.id.in_(c.dataset_ids)))
    return [{"id": d.id, "slug": d.slug, "title": d.title} for d in rows]


def detail(session: Session, actor: Actor, c: Consultation) -> dict[str, Any]:
    trail = workflow.events(session, c)
    actor_ids = {e.actor_id for e in trail if e.actor_id}
    names = {u.id: u for u in session.scalars(select(User).where(User.id.in_(actor_ids)))}
    response = survey.of(session, c.id)
    survey_out = None
    if response is not None:
        summary = survey.summarise([response]) or {}
        survey_out = {"index": summary.get("index"), "category": summary.get("category")}
    return {
        "id": c.id,
        "organization": {
            "id": c.organization.id,
            "slug": c.organization.slug,
            "title": c.organization.title,
        },
        "topic": c.topic,
        "topic_label": desk.topic_label(c.topic),
        "question": c.question,
        "datasets": datasets_of(session, c),
        "activity_name": c.activity_name,
        "activity_year": c.activity_year,
        "mode": c.mode,
        "meeting_link": c.meeting_link,
        "day": c.day,
        "starts": c.starts.strftime("%H:%M"),
        "ends": c.ends.strftime("%H:%M"),
        "status": c.status,
        "cancel_reason": c.cancel_reason,
        "requester": _name(c.requester),
        "officer": _name(c.officer),
        "notes": c.notes,
        "advice": c.advice,
        "followups": [
            {
                "id": f.id,
                "what": f.what,
                "party": f.party,
                "due_on": f.due_on,
                "status": f.status,
                "done_at": f.done_at,
            }
            for f in c.followups
        ],
        "events": [
            {
                "id": e.id,
                "at": e.at,
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "actor": _name(names.get(e.actor_id or "")),
                "data": e.data,
            }
            for e in trail
        ],
        "allowed_actions": workflow.allowed_actions(session, actor, c),
        "survey": survey_out,
        "version": c.version,
        "created_at": c.created_at,
    }


def page(session: Session, actor: Actor, consultation_id: str, *, today: date) -> dict[str, Any]:
    """The consultation page: the consultation and its detail, what the caller may do on it,
    and the choices its forms offer (the day's other officers, the free slots ahead)."""
    c = workflow.get(session, actor, consultation_id)
    data = detail(session, actor, c)
    officers = [d.officer for d in desk.duties(session, c.day, c.day)]
    free = desk.bookable_slots(session, today)
    return {
        "c": c,
        "data": data,
        "officers": [o for o in officers if o.id != c.officer_id],
        "free": [s for s in free if s.id != c.slot_id],
        "sides": workflow.sides(actor, c),
        "may_record": workflow.may_record(actor, c),
        "may_open_recommendation": workflow.may_open_recommendation(actor, c),
        "survey_done": data["survey"] is not None,
        "is_member": c.organization_id in actor.orgs,
        "today": today,
    }
