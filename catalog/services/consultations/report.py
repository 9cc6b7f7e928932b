"""Figures of the desk: per month, per agency, per topic; days from request to session;
follow-ups done on time; the satisfaction index over time. `public_figures` is what anyone
may read (aggregates only); `report` is for the walidata and BPS staff."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import date
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import csvtext
from catalog.errors import Forbidden
from catalog.models import Consultation, FollowUp, SurveyResponse
from catalog.models.consultation import OPEN_STATES
from catalog.services.auth import Actor, require_login
from catalog.services.consultations import desk, survey


def _month(d: date) -> str:
    return d.strftime("%Y-%m")


def public_figures(session: Session, today: date) -> dict[str, Any]:
    """Aggregates anyone may read: sessions held, agencies served, the desk's index."""
    held = list(session.scalars(select(Consultation).where(Consultation.status == "selesai")))
    upcoming = session.scalars(
        select(Consultation.id).where(
            Consultation.status.in_(OPEN_STATES),
            Consultation.day >= today,
        )
    ).all()
    satisfaction = survey.summarise(session.scalars(select(SurveyResponse)))
    return {
        "held": len(held),
        "agencies": len({c.organization_id for c in held}),
        "upcoming": len(upcoming),
        "satisfaction": satisfaction,
        "by_topic": [
            {"topic": code, "label": desk.topic_label(code), "count": n}
            for code, n in Counter(c.topic for c in held).most_common()
        ],
    }


def report(
    session: Session, actor: Actor, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    require_login(actor)
    if not desk.is_bps_staff(actor):
        raise Forbidden("Laporan Pojok Romantik untuk walidata dan staf BPS.")
    query = select(Consultation)
    if start:
        query = query.where(Consultation.day >= start)
    if end:
        query = query.where(Consultation.day <= end)
    rows = list(session.scalars(query.order_by(Consultation.day)))
    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    per_agency: dict[str, Counter[str]] = defaultdict(Counter)
    per_topic: Counter[str] = Counter()
    waits: list[int] = []
    for c in rows:
        per_month[_month(c.day)][c.status] += 1
        per_agency[c.organization.title][c.status] += 1
        per_topic[c.topic] += 1
        if c.status == "selesai":
            # a clock moved back (CATALOG_CLOCK_TODAY) can put the request after its day
            waits.append(max(0, (c.day - c.created_at.date()).days))
    ids = [c.id for c in rows]
    followups = list(
        session.scalars(select(FollowUp).where(FollowUp.consultation_id.in_(ids or ["-"])))
    )
    done = [f for f in followups if f.status == "selesai" and f.done_at is not None]
    on_time = [f for f in done if f.done_at is not None and f.done_at.date() <= f.due_on]
    surveys = list(
        session.scalars(
            select(SurveyResponse).where(SurveyResponse.consultation_id.in_(ids or ["-"]))
        )
    )
    by_month: dict[str, list[SurveyResponse]] = defaultdict(list)
    day_of = {c.id: c.day for c in rows}
    for s in surveys:
        by_month[_month(day_of[s.consultation_id])].append(s)
    return {
        "total": len(rows),
        "held": sum(1 for c in rows if c.status == "selesai"),
        "per_month": [
            {"month": m, "total": sum(n.values()), "held": n["selesai"]}
            for m, n in sorted(per_month.items())
        ],
        "per_agency": [
            {"agency": a, "total": sum(n.values()), "held": n["selesai"]}
            for a, n in sorted(per_agency.items(), key=lambda kv: -sum(kv[1].values()))
        ],
        "per_topic": [
            {"topic": t, "label": desk.topic_label(t), "total": n}
            for t, n in per_topic.most_common()
        ],
        "days_to_session": {
            "median": median(waits) if waits else None,
            "max": max(waits) if waits else None,
            "sessions": len(waits),
        },
        "followups": {
            "total": len(followups),
            "done": len(done),
            "on_time": len(on_time),
            "open": len(followups) - len(done),
        },
        "satisfaction": survey.summarise(surveys),
        "satisfaction_by_month": [
            {"month": m, **(survey.summarise(v) or {})} for m, v in sorted(by_month.items())
        ],
    }


def report_csv(data: dict[str, Any]) -> str:
    """The report as CSV: one section per table, a header row each."""
    out = io.StringIO()
    w = csvtext.Writer(out)
    w.writerow(["bagian", "kunci", "jumlah", "selesai", "indeks_kepuasan"])
    index_by_month = {m["month"]: m.get("index") for m in data["satisfaction_by_month"]}
    for m in data["per_month"]:
        w.writerow(["bulan", m["month"], m["total"], m["held"], index_by_month.get(m["month"], "")])
    for a in data["per_agency"]:
        w.writerow(["instansi", a["agency"], a["total"], a["held"], ""])
    for t in data["per_topic"]:
        w.writerow(["topik", t["label"], t["total"], "", ""])
    f = data["followups"]
    w.writerow(["tindak_lanjut", "tepat_waktu", f["on_time"], f["done"], ""])
    return out.getvalue()
