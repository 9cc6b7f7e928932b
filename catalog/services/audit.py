"""The audit of administrative changes: agencies, accounts, roles, memberships, tokens and
harvest sources. Each change the services make records who made it, when, and what (a
harvest run's dataset changes are in the job's records, not here)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import AuditEvent
from catalog.services.auth import Actor, require_admin

# action -> what the audit page says (plain Indonesian)
ACTIONS = {
    "organization.create": "membuat instansi",
    "organization.update": "mengubah instansi",
    "organization.deactivate": "menonaktifkan instansi",
    "organization.activate": "mengaktifkan kembali instansi",
    "user.create": "membuat akun",
    "user.update": "mengubah akun",
    "user.deactivate": "menonaktifkan akun",
    "user.activate": "mengaktifkan akun",
    "user.password_reset": "mengatur ulang kata sandi",
    "user.invite": "membuat tautan undangan",
    "user.invite_used": "memakai tautan undangan",
    "role.grant": "memberi peran",
    "role.revoke": "mencabut peran",
    "membership.set": "mengatur keanggotaan",
    "membership.remove": "mencabut keanggotaan",
    "token.revoke": "mencabut token API",
    "source.create": "menambah sumber data",
    "source.update": "mengubah sumber data",
    "source.pause": "menjeda sumber data",
    "source.resume": "melanjutkan sumber data",
    "source.delete": "menghapus sumber data",
}


def record(session: Session, actor: Actor, action: str, target: str, detail: str = "") -> None:
    """Add one event to the unit of work (it is kept only if the change is)."""
    session.add(
        AuditEvent(
            actor_id=actor.user_id,
            actor_name=actor.username[:80],
            action=action,
            target=target[:300],
            detail=detail,
        )
    )


def list_events(
    session: Session, actor: Actor, *, offset: int = 0, limit: int = 50
) -> tuple[list[AuditEvent], int]:
    """The newest first (admins only)."""
    require_admin(actor)
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    rows = session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id).offset(offset).limit(limit)
    )
    return list(rows), total
