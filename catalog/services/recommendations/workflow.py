"""BPS recommendations: the workflow. The transitions a recommendation may take, who
may take them (roles, conflicts of interest), who sees notes and names, and `act`, which
applies one transition. The statuses and the transition table are the model's
(catalog/models/recommendation.py); what the interfaces read is views.py, the report
report.py.

A recommendation's subject is a dataset or a statistical activity (`kind`, "dataset" or
"activity"): the same states, roles, conflicts of interest and audit trail apply to both; a
decision on an activity re-indexes the datasets that inherit it (services/activities.py).

The clock is injected: every function that depends on "today" or "now" takes it as a plain
argument (defaulting to the applied clock, catalog/clock.py), so expiry is tested by moving
the argument.
"Expired" is never written: it is derived from valid_until whenever a status is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from catalog.clock import today as today_default
from catalog.errors import Conflict, Forbidden, NotFound, ValidationFailed
from catalog.models import Activity, Dataset, Recommendation, RecommendationEvent, utcnow
from catalog.models.recommendation import ACTIONS, TRANSITIONS, effective_status
from catalog.services.auth import Actor, require_login, sees_unpublished
from catalog.services.editing import require_version

AGENCY_ACTIONS = frozenset({"request", "withdraw_request"})
REVIEWER_ACTIONS = frozenset(ACTIONS) - AGENCY_ACTIONS
NOTE_REQUIRED = frozenset({"revise", "reject", "revoke"})
# Decisions whose event keeps the substantive metadata the reviewer saw (for the later diff).
REVIEWED_ACTIONS = frozenset({"revise", "reject", "recommend", "confirm"})
# Conflict of interest: a member of the owning agency may take none of the reviewer actions,
# and whoever requested the round may not take it or decide on it.
M_MEMBER_CONFLICT = (
    "Konflik kepentingan: Anda anggota organisasi pemilik dataset ini, sehingga tidak boleh "
    "meninjau atau memutuskan rekomendasinya. Mintalah peninjau BPS lain."
)
M_MEMBER_CONFLICT_ACTIVITY = (
    "Konflik kepentingan: Anda anggota organisasi penyelenggara kegiatan statistik ini, "
    "sehingga tidak boleh meninjau atau memutuskan rekomendasinya. Mintalah peninjau BPS lain."
)
M_REQUESTER_CONFLICT = (
    "Konflik kepentingan: Anda yang mengajukan permintaan rekomendasi dataset ini, sehingga "
    "tidak boleh meninjau atau memutuskannya. Mintalah peninjau BPS lain."
)
M_REQUESTER_CONFLICT_ACTIVITY = (
    "Konflik kepentingan: Anda yang mengajukan permintaan rekomendasi kegiatan statistik ini, "
    "sehingga tidak boleh meninjau atau memutuskannya. Mintalah peninjau BPS lain."
)
# Events whose note is part of the public decision; other notes are for the agency and BPS.
PUBLIC_NOTE_ACTIONS = frozenset({"recommend", "confirm"})
SUBJECT_KINDS = ("dataset", "activity")
# What a recommendation can be about: both carry organization_id, state and recommendation.
Subject = Dataset | Activity


def note_change(subject: Subject, new_substantive_hash: str) -> None:
    """Flag a recommended dataset or activity whose substantive metadata (an activity's
    design) no longer matches the decision."""
    rec = subject.recommendation
    if (
        rec is not None
        and rec.status == "recommended"
        and rec.decided_hash
        and rec.decided_hash != new_substantive_hash
    ):
        rec.changed_since_decision = True


# ---------------------------------------------------------------- who may do what


def legal_actions(rec: Recommendation | None, today: date | None = None) -> list[str]:
    """Actions the state machine allows from the current status, whoever asks."""
    status = effective_status(rec, today)
    out = [a for a, edges in TRANSITIONS.items() if status in edges]
    if "confirm" in out and not (rec and rec.changed_since_decision):
        out.remove("confirm")
    return out


def role_permits(actor: Actor, dataset: Subject, action: str) -> bool:
    if action in AGENCY_ACTIONS:
        return actor.authenticated and actor.can_edit_org(dataset.organization_id)
    return actor.authenticated and actor.is_reviewer


def conflict_of_interest(actor: Actor, dataset: Subject, action: str) -> str | None:
    """Why this reviewer may not take this reviewer action on this dataset (or activity: the
    message names the kind), or None.

    Nobody reviews their own agency's data (admins included: membership is the conflict, not
    the role), and the one who asked for the round does not take or decide it.
    """
    if action in AGENCY_ACTIONS:
        return None
    activity = isinstance(dataset, Activity)
    if dataset.organization_id in actor.orgs:
        return M_MEMBER_CONFLICT_ACTIVITY if activity else M_MEMBER_CONFLICT
    rec = dataset.recommendation
    if actor.user_id is not None and rec is not None and rec.requester_id == actor.user_id:
        return M_REQUESTER_CONFLICT_ACTIVITY if activity else M_REQUESTER_CONFLICT
    return None


def allowed_actions(actor: Actor, dataset: Subject, today: date | None = None) -> list[str]:
    """What this caller may do now (the state machine intersected with the caller's roles)."""
    return [
        a
        for a in legal_actions(dataset.recommendation, today)
        if role_permits(actor, dataset, a) and conflict_of_interest(actor, dataset, a) is None
    ]


def sees_private(actor: Actor, dataset: Subject) -> bool:
    """The owning agency and BPS reviewers (and admins) see notes and names."""
    if not actor.authenticated:
        return False
    return sees_unpublished(actor, dataset.organization_id)


def get_dataset_for(session: Session, actor: Actor, id_or_slug: str) -> Dataset:
    """The dataset a recommendation belongs to, as the caller may see it (else 404)."""
    from catalog.services.datasets import get_dataset

    return get_dataset(session, actor, id_or_slug)


def get_subject(session: Session, actor: Actor, kind: str, id_or_slug: str) -> Subject:
    """The dataset or activity a recommendation belongs to, as the caller may see it."""
    if kind == "activity":
        from catalog.services.activities import get_activity

        return get_activity(session, actor, id_or_slug)
    return get_dataset_for(session, actor, id_or_slug)


def _design(subject: Subject) -> tuple[str, dict[str, Any]]:
    """(hash, JSON) of what a decision covers: a dataset's substantive metadata, an
    activity's design."""
    if isinstance(subject, Activity):
        from catalog.services import activities

        return activities.substantive_hash(subject), activities.substantive_profile(subject)
    from catalog.services.datasets import substantive_hash, substantive_profile

    return substantive_hash(subject), substantive_profile(subject)


def _reindex(session: Session, subject: Subject) -> None:
    """The status is a search facet: the index learns about it through the outbox (for an
    activity, through every dataset that inherits it)."""
    if isinstance(subject, Activity):
        from catalog.services.activities import reindex_linked

        reindex_linked(session, subject.id)
    else:
        from catalog.services.datasets import enqueue_index

        enqueue_index(session, subject.id)


# ---------------------------------------------------------------- transitions


def _describe(status: str, legal: list[str]) -> str:
    allowed = ", ".join(legal) if legal else "tidak ada"
    return f"Status rekomendasi saat ini '{status}'; aksi yang diizinkan: {allowed}."


@dataclass(frozen=True)
class Decision:
    """The input of one transition besides the action itself."""

    note: str = ""
    number: str | None = None
    valid_until: date | None = None
    issued_on: date | None = None
    activity: dict[str, Any] | None = None
    expected_version: int | None = None


def act(
    session: Session,
    actor: Actor,
    id_or_slug: str,
    action: str,
    decision: Decision | None = None,
    *,
    now: datetime | None = None,
    today: date | None = None,
    kind: str = "dataset",
) -> Subject:
    """Apply one transition to a dataset's or an activity's (`kind`) recommendation and append
    exactly one event; anything refused changes nothing.

    Order of checks: login (401), dataset visible (404), role and conflict of interest (403),
    state machine (409), the action's fields (422), the caller's version (409). The
    recommendation's version column makes a concurrent writer fail at flush (StaleDataError
    -> 409 in the unit of work).
    """
    decision = decision or Decision()
    now = now or utcnow()
    today = today or today_default()
    if action not in TRANSITIONS:
        raise NotFound(f"Aksi '{action}' tidak dikenal. Aksi: {', '.join(ACTIONS)}.")
    require_login(actor)
    dataset = get_subject(session, actor, kind, id_or_slug)
    if not role_permits(actor, dataset, action):
        if action in AGENCY_ACTIONS:
            raise Forbidden("Hanya editor organisasi pemilik data (atau admin) yang boleh meminta.")
        raise Forbidden("Hanya peninjau BPS (atau admin) yang boleh memutuskan rekomendasi.")
    conflict = conflict_of_interest(actor, dataset, action)
    if conflict:
        raise Forbidden(conflict)
    rec = dataset.recommendation
    status = effective_status(rec, today)
    legal = legal_actions(rec, today)
    if action not in legal:
        reason = f"Aksi '{action}' tidak berlaku. "
        if action == "confirm" and status == "recommended":
            reason = "Tidak ada perubahan substantif sejak keputusan; tidak ada yang dikonfirmasi. "
        raise Conflict(
            reason + _describe(status, legal),
            {"status": [status], "allowed_actions": legal or ["-"]},
        )
    if action in {"request", "take"} and dataset.state == "withdrawn":
        # A withdrawn dataset is out of the catalog: no new round until it is restored.
        raise Conflict(
            "Dataset sudah ditarik (withdrawn); pulihkan dahulu sebelum meminta atau meninjau.",
            {"state": ["withdrawn"]},
        )
    _validate(action, decision, today)
    current_version = rec.version if rec else 0
    require_version(decision.expected_version, current_version, "Rekomendasi", required=False)

    subject_key = {"activity_id" if kind == "activity" else "dataset_id": dataset.id}
    if rec is None:
        rec = Recommendation(**subject_key, status="none", activity={})
        session.add(rec)
        session.flush()  # a concurrent first action on this dataset fails here (unique key)
        set_committed_value(dataset, "recommendation", rec)
    to_status = TRANSITIONS[action][status]
    data: dict[str, Any] = {}
    if decision.activity:
        rec.activity = {**(rec.activity or {}), **decision.activity}
        data["activity"] = decision.activity
    if action == "request":
        rec.requester_id = actor.user_id
        rec.requested_at = now
    elif action == "take":
        rec.reviewer_id = actor.user_id
    elif action == "recommend":
        rec.reviewer_id = actor.user_id
        rec.number = decision.number
        rec.issued_on = decision.issued_on or today
        rec.valid_until = decision.valid_until
        data.update(
            number=rec.number,
            issued_on=rec.issued_on.isoformat(),
            valid_until=rec.valid_until.isoformat() if rec.valid_until else None,
        )
    if action in REVIEWED_ACTIONS:
        design_hash, design = _design(dataset)
        if action in {"recommend", "confirm"}:
            rec.decided_hash = design_hash
            data["decided_hash"] = rec.decided_hash
        # What the reviewer looked at: the next reviewer sees what changed since (views.py).
        data["substantive"] = design
    if action == "withdraw_request":
        rec.requester_id = None
        rec.requested_at = None
    # The flag asks a reviewer to look at a standing recommendation again: any transition is
    # that look (confirm, revoke) or ends the recommendation (request after expiry).
    rec.changed_since_decision = False
    if action in {"revise", "reject", "revoke"}:
        rec.reviewer_id = actor.user_id
    rec.status = to_status
    rec.updated_at = now
    session.add(
        RecommendationEvent(
            recommendation_id=rec.id,
            **subject_key,
            actor_id=actor.user_id,
            at=now,
            action=action,
            from_status=status,
            to_status=to_status,
            note=decision.note,
            data=data,
        )
    )
    _reindex(session, dataset)
    session.flush()
    return dataset


def number_in_use(session: Session, number: str | None, subject_id: str) -> list[Subject]:
    """Other datasets, then other statistical activities, whose recommendation carries this
    number (blanks and case aside); `subject_id` is the dataset or activity being decided."""
    wanted = (number or "").strip().lower()
    if not wanted:
        return []
    same = func.lower(func.trim(Recommendation.number)) == wanted
    found: list[Subject] = list(
        session.scalars(
            select(Dataset)
            .join(Recommendation, Recommendation.dataset_id == Dataset.id)
            .where(same, Dataset.id != subject_id)
            .order_by(Dataset.title, Dataset.id)
            .limit(20)
        )
    )
    found += session.scalars(
        select(Activity)
        .join(Recommendation, Recommendation.activity_id == Activity.id)
        .where(same, Activity.id != subject_id)
        .order_by(Activity.title, Activity.id)
        .limit(20)
    )
    return found


def decision_warnings(
    session: Session, dataset: Subject, action: str, decision: Decision
) -> list[dict[str, Any]]:
    """What a reviewer should look at again, without refusing: a recommendation number that
    another dataset's or activity's recommendation already carries (a letter may cover several
    datasets or activities, so it is not an error). Each warning: field, code, message,
    datasets and activities (slugs)."""
    if action != "recommend" or not decision.number:
        return []
    others = number_in_use(session, decision.number, dataset.id)
    if not others:
        return []

    def named(s: Subject) -> str:
        kind = "kegiatan " if isinstance(s, Activity) else ""
        return f"{kind}{s.title} ({s.organization.title})"

    names = "; ".join(named(s) for s in others[:5])
    more = f" dan {len(others) - 5} lainnya" if len(others) > 5 else ""
    return [
        {
            "field": "number",
            "code": "number_in_use",
            "message": (
                f"Nomor rekomendasi {decision.number.strip()} sudah dipakai untuk: {names}{more}. "
                "Periksa lagi nomornya; keputusan tetap disimpan."
            ),
            "datasets": [s.slug for s in others if isinstance(s, Dataset)],
            "activities": [s.slug for s in others if isinstance(s, Activity)],
        }
    ]


def _validate(action: str, decision: Decision, today: date) -> None:
    errors: dict[str, list[str]] = {}
    if action in NOTE_REQUIRED and not decision.note.strip():
        errors["note"] = ["Wajib diisi: alasan keputusan ini."]
    if action == "recommend":
        if not decision.number:
            errors["number"] = ["Wajib diisi: nomor surat rekomendasi."]
        if decision.valid_until is None:
            errors["valid_until"] = ["Wajib diisi: tanggal berlaku sampai."]
        issued = decision.issued_on or today
        if decision.issued_on and decision.issued_on > today:
            errors["issued_on"] = ["Tanggal terbit tidak boleh setelah hari ini."]
        if decision.valid_until is not None and decision.valid_until < max(issued, today):
            errors["valid_until"] = ["Harus hari ini atau setelahnya, dan tidak sebelum terbit."]
    else:
        for name in ("number", "valid_until", "issued_on"):
            if getattr(decision, name) is not None:
                errors[name] = ["Hanya untuk aksi 'recommend'."]
    if errors:
        raise ValidationFailed("Data keputusan tidak lengkap atau tidak sah.", errors)
