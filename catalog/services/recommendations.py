"""BPS recommendation status as every interface shows it."""

from __future__ import annotations

from datetime import date
from typing import Any

from catalog.models import Dataset, Recommendation


def effective_status(rec: Recommendation | None, today: date | None = None) -> str:
    """The status to show: 'expired' is derived from valid_until at read time, never stored."""
    if rec is None:
        return "none"
    today = today or date.today()
    if rec.status == "recommended" and rec.valid_until is not None and rec.valid_until < today:
        return "expired"
    return rec.status


def summary(dataset: Dataset, today: date | None = None) -> dict[str, Any]:
    rec = dataset.recommendation
    return {
        "status": effective_status(rec, today),
        "number": rec.number if rec and rec.status in {"recommended", "revoked"} else None,
        "valid_until": rec.valid_until if rec and rec.status == "recommended" else None,
        "changed_since_decision": bool(rec and rec.changed_since_decision),
    }


def note_change(dataset: Dataset, new_substantive_hash: str) -> None:
    """Flag a decided recommendation whose substantive metadata no longer matches."""
    rec = dataset.recommendation
    if rec is not None and rec.decided_hash and rec.decided_hash != new_substantive_hash:
        rec.changed_since_decision = True
