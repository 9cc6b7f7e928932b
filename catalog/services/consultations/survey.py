"""The satisfaction survey after a finished consultation: Survei Kepuasan Masyarakat (SKM),
PermenPAN-RB 14/2017. Nine service elements scored 1-4; the index (IKM) is the weighted mean
of the element averages times 25; categories A-D. Elements, weights and the category bounds
are data (catalog/data/skm.json), checked against the regulation's table by the tests.

Results per officer are for BPS staff and the walidata, never for the agencies; the desk's
index is public (report.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, Forbidden, ValidationFailed
from catalog.models import SurveyResponse
from catalog.services.auth import Actor, require_login
from catalog.services.consultations import desk
from catalog.services.consultations.workflow import get


@cache
def definition() -> dict[str, Any]:
    raw = resources.files("catalog").joinpath("data/skm.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def elements() -> list[dict[str, Any]]:
    return list(definition()["elements"])


def index_of(averages: dict[str, float]) -> float:
    """IKM from the element averages (1-4): sum(average x weight) x 25, weights 1/9 each."""
    defs = elements()
    conversion = definition()["scale"]["conversion"]
    total_weight = sum(e["weight"] for e in defs)
    # The regulation's weight 0.111 is 1/9 rounded: normalise so four everywhere gives 100.
    weighted = sum(averages[e["code"]] * e["weight"] for e in defs) / total_weight
    return round(weighted * conversion, 2)


def category(index: float) -> dict[str, Any]:
    """The regulation's category (A-D) of a converted index (25-100)."""
    for c in definition()["categories"]:
        if c["nik_min"] <= round(index, 2) <= c["nik_max"]:
            return dict(c)
    # between two bounds' rounding (e.g. 64.995): the lower category
    below = [c for c in definition()["categories"] if c["nik_max"] < index]
    return dict(below[-1] if below else definition()["categories"][0])


def summarise(responses: Iterable[SurveyResponse]) -> dict[str, Any] | None:
    """Element averages, the index and its category over some responses (None if none)."""
    rows = list(responses)
    if not rows:
        return None
    averages = {
        e["code"]: sum(int(r.scores[e["code"]]) for r in rows) / len(rows) for e in elements()
    }
    index = index_of(averages)
    return {
        "responses": len(rows),
        "averages": {k: round(v, 3) for k, v in averages.items()},
        "index": index,
        "category": category(index)["grade"],
        "category_label": category(index)["label"],
    }


def submit(
    session: Session,
    actor: Actor,
    consultation_id: str,
    scores: dict[str, int],
    comment: str = "",
) -> SurveyResponse:
    c = get(session, actor, consultation_id)
    if c.organization_id not in actor.orgs:
        raise Forbidden("Survei diisi oleh instansi pemohon.")
    if c.status != "selesai":
        raise Conflict("Survei hanya untuk konsultasi yang sudah selesai.", {"status": [c.status]})
    if session.scalar(select(SurveyResponse.id).where(SurveyResponse.consultation_id == c.id)):
        raise Conflict("Survei konsultasi ini sudah diisi.", {"survey": ["Sudah diisi."]})
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for e in elements():
        value = scores.get(e["code"])
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4:
            errors[e["code"]] = ["Pilih nilai 1 sampai 4."]
        else:
            clean[e["code"]] = value
    unknown = set(scores) - {e["code"] for e in elements()}
    for code in sorted(unknown):
        errors[code] = ["Unsur tidak dikenal."]
    if len(comment) > 4000:
        errors["comment"] = ["Paling banyak 4000 karakter."]
    if errors:
        raise ValidationFailed("Survei belum lengkap.", errors)
    response = SurveyResponse(
        consultation_id=c.id,
        organization_id=c.organization_id,
        officer_id=c.officer_id,
        respondent_id=actor.user_id,
        scores=clean,
        comment=comment.strip(),
    )
    session.add(response)
    session.flush()
    return response


def of(session: Session, consultation_id: str) -> SurveyResponse | None:
    return session.scalar(
        select(SurveyResponse).where(SurveyResponse.consultation_id == consultation_id)
    )


def per_officer(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """The index per officer: BPS staff and the walidata only (hidden from the agencies)."""
    require_login(actor)
    if not desk.is_bps_staff(actor):
        raise Forbidden("Hasil survei per petugas hanya untuk staf BPS dan walidata.")
    by_officer: dict[str, list[SurveyResponse]] = {}
    for r in session.scalars(select(SurveyResponse)):
        by_officer.setdefault(r.officer_id or "-", []).append(r)
    from catalog.models import User

    out = []
    for officer_id, rows in sorted(by_officer.items()):
        user = session.get(User, officer_id) if officer_id != "-" else None
        summary = summarise(rows) or {}
        out.append(
            {
                "officer": user.username if user else None,
                "name": (user.full_name or user.username) if user else "-",
                **summary,
            }
        )
    return out
