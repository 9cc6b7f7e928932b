"""What the interfaces read about a consultation (plain dicts, the API's and pages' shape)."""

from __future__ import annotations

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
