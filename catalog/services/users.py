"""Users, their global roles and organization memberships, and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from catalog.errors import Conflict, Forbidden, NotAuthenticated, NotFound, ValidationFailed
from catalog.models import GLOBAL_ROLES, MEMBER_ROLES, ApiToken, Membership, User, UserRole, utcnow
from catalog.models.accounts import MIN_PASSWORD
from catalog.services import audit, throttle
from catalog.services.auth import Actor, require_admin, require_login
from catalog.services.organizations import get_organization
from catalog.services.throttle import Attempt, Throttled

TOKEN_PREFIX = "kss_"
# How long a one-time set-password link (an invitation or a reset) stays usable.
INVITE_LIFETIME = timedelta(days=7)


def hash_token(secret: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def get_user(session: Session, id_or_username: str) -> User:
    user = session.scalar(
        select(User).where((User.id == id_or_username) | (User.username == id_or_username))
    )
    if user is None:
        raise NotFound(f"Pengguna '{id_or_username}' tidak ditemukan.")
    return user


def read_user(session: Session, actor: Actor, id_or_username: str) -> User:
    require_login(actor)
    user = get_user(session, id_or_username)
    if user.id != actor.user_id and not actor.is_admin:
        raise Forbidden("Hanya pemilik akun atau admin yang boleh melihatnya.")
    return user


def list_users(session: Session, actor: Actor) -> list[User]:
    require_admin(actor)
    return list(session.scalars(select(User).order_by(User.username)))


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    password: str | None,
    email: str | None = None,
    full_name: str = "",
    roles: list[str] | None = None,
) -> User:
    require_admin(actor)
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict("Nama pengguna sudah dipakai.", {"username": ["Sudah dipakai."]})
    user = User(username=username, email=email, full_name=full_name)
    if password is not None:
        _set_password(user, password)
    session.add(user)
    audit.record(session, actor, "user.create", username)
    for role in roles or []:
        grant_role(session, actor, user, role)
    session.flush()
    return user


def invite(session: Session, actor: Actor, id_or_username: str) -> str:
    """A one-time set-password link's token for an account (an invitation, or a reset by an
    admin): returned once, only its hash is stored; it expires after INVITE_LIFETIME. A new
    one replaces the previous one."""
    require_admin(actor)
    user = get_user(session, id_or_username)
    secret = secrets.token_urlsafe(32)
    user.invite_hash = hash_token(secret)
    user.invite_expires_at = utcnow() + INVITE_LIFETIME
    audit.record(session, actor, "user.invite", user.username)
    session.flush()
    return secret


def invited_user(session: Session, secret: str) -> User:
    """The account a set-password link is for, while the link is valid."""
    user = (
        session.scalar(select(User).where(User.invite_hash == hash_token(secret)))
        if secret
        else None
    )
    expires = user.invite_expires_at if user else None
    if user is None or expires is None or expires <= utcnow() or not user.active:
        raise NotFound("Tautan ini tidak berlaku lagi. Minta tautan baru kepada admin.")
    return user


def accept_invite(session: Session, secret: str, password: str) -> User:
    """Set the password through a one-time link; the link stops working."""
    user = invited_user(session, secret)
    _set_password(user, password)
    user.invite_hash = None
    user.invite_expires_at = None
    end_sessions(user)
    audit.record(session, Actor.for_user(user), "user.invite_used", user.username)
    session.flush()
    return user


def _set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(
            "Kata sandi terlalu pendek.",
            {"password": [f"Paling sedikit {MIN_PASSWORD} karakter."]},
        )
    user.password_hash = generate_password_hash(password)


class SigninFailed(NotAuthenticated):
    """A wrong username or password; the failure is counted although the request fails."""

    keeps_changes = True


class WrongPassword(ValidationFailed):
    """The current password given to change the password is wrong (counted like a sign-in)."""

    keeps_changes = True


def end_sessions(user: User) -> None:
    """End every web session of the account: older session cookies no longer sign anyone in.

    API tokens are separate credentials and stay valid (revoke them one by one)."""
    user.session_generation = (user.session_generation or 0) + 1


def sign_out_everywhere(session: Session, actor: Actor, id_or_username: str) -> User:
    """The account's own sign-out, or an admin's "sign out everywhere" for any account."""
    require_login(actor)
    user = get_user(session, id_or_username)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden("Hanya pemilik akun atau admin yang boleh mengakhiri sesinya.")
    end_sessions(user)
    session.flush()
    return user


def update_user(
    session: Session,
    actor: Actor,
    id_or_username: str,
    data: dict[str, Any],
    *,
    attempt: Attempt | None = None,
) -> User:
    """Change an account. Changing one's own password needs the current one (`current_password`,
    checked under the sign-in throttle as `attempt`); an admin resetting another account's
    password does not. A new password or a deactivation ends the account's web sessions."""
    user = get_user(session, id_or_username)
    require_login(actor)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden("Hanya pemilik akun atau admin yang boleh mengubahnya.")
    if "active" in data and not actor.is_admin:
        raise Forbidden("Hanya admin yang boleh menonaktifkan akun.")
    if data.get("password") and actor.user_id == user.id:
        _check_current_password(session, user, data.get("current_password"), attempt or Attempt())
    if actor.is_admin:
        _audit_update(session, actor, user, data)
    for key in ("email", "full_name", "active"):
        if key in data:
            setattr(user, key, data[key])
    if data.get("password"):
        _set_password(user, data["password"])
        end_sessions(user)
    elif data.get("active") is False:
        end_sessions(user)
    session.flush()
    return user


def _audit_update(session: Session, actor: Actor, user: User, data: dict[str, Any]) -> None:
    if "active" in data and data["active"] != user.active:
        action = "user.activate" if data["active"] else "user.deactivate"
        audit.record(session, actor, action, user.username)
    changed = [
        key for key in ("email", "full_name") if key in data and data[key] != getattr(user, key)
    ]
    if changed:
        audit.record(session, actor, "user.update", user.username, ", ".join(changed))
    if data.get("password") and actor.user_id != user.id:
        audit.record(session, actor, "user.password_reset", user.username)


def _check_current_password(
    session: Session, user: User, current: str | None, attempt: Attempt
) -> None:
    if not current:
        raise ValidationFailed(
            "Kata sandi saat ini diperlukan untuk menggantinya.",
            {"current_password": ["Wajib diisi untuk mengganti kata sandi."]},
        )
    wait = throttle.retry_after(session, user.username, attempt)
    if wait:
        raise Throttled(wait)
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        throttle.record_failure(session, user.username, attempt)
        raise WrongPassword(
            "Kata sandi saat ini salah.", {"current_password": ["Kata sandi saat ini salah."]}
        )


def claim_sign_in(session: Session, username: str, attempt: Attempt) -> list[int]:
    """First half of a sign-in: refuse a throttled attempt (Throttled, 429), else count the
    attempt as a failure before the password is checked and return the rows counting it.

    The caller commits before `complete_sign_in`, so attempts running in parallel (in any
    process) already count against each other while their passwords are being hashed."""
    username = username.strip()
    wait = throttle.retry_after(session, username, attempt)
    if wait:
        raise Throttled(wait)
    return throttle.record_failure(session, username, attempt)


def complete_sign_in(session: Session, username: str, password: str, claim: list[int]) -> User:
    """Second half: check the password. Wrong: SigninFailed (401), the claimed rows stay as
    the failure. Right: the username's failures and this attempt's rows are cleared."""
    username = username.strip()
    try:
        user = authenticate(session, username, password)
    except NotAuthenticated as exc:
        raise SigninFailed(exc.message) from exc
    throttle.clear(session, username)
    throttle.forget(session, claim)
    return user


def sign_in(session: Session, username: str, password: str, attempt: Attempt) -> User:
    """Both halves in one unit of work (the command line, tests); a wrong password's count
    is committed all the same (SigninFailed keeps changes)."""
    claim = claim_sign_in(session, username, attempt)
    return complete_sign_in(session, username, password, claim)


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    # Compare against a dummy hash for unknown users so timing does not reveal who exists.
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password) or user is None or not user.active:
        raise NotAuthenticated("Nama pengguna atau kata sandi salah.")
    return user


_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def grant_role(session: Session, actor: Actor, user: User, role: str) -> None:
    require_admin(actor)
    if role not in GLOBAL_ROLES:
        raise ValidationFailed(
            "Peran tidak dikenal.", {"role": ["Pilihan: " + ", ".join(GLOBAL_ROLES) + "."]}
        )
    if role not in user.role_names:
        user.roles.append(UserRole(role=role))
        end_sessions(user)
        audit.record(session, actor, "role.grant", user.username, role)
    session.flush()


def revoke_role(session: Session, actor: Actor, user: User, role: str) -> None:
    require_admin(actor)
    if role in user.role_names:
        user.roles = [r for r in user.roles if r.role != role]
        end_sessions(user)
        audit.record(session, actor, "role.revoke", user.username, role)
    session.flush()


def set_membership(
    session: Session, actor: Actor, user: User, organization: str, role: str = "editor"
) -> Membership:
    org = get_organization(session, organization)
    if not actor.can_manage_org(org.id):
        raise Forbidden("Hanya admin yang boleh mengatur anggota organisasi.")
    if role not in MEMBER_ROLES:
        raise ValidationFailed(
            "Peran tidak dikenal.", {"role": ["Pilihan: " + ", ".join(MEMBER_ROLES) + "."]}
        )
    membership = session.get(Membership, (user.id, org.id))
    if membership is None or membership.role != role:
        audit.record(session, actor, "membership.set", user.username, f"{org.title}: {role}")
    if membership is None:
        membership = Membership(user_id=user.id, organization_id=org.id, role=role)
        user.memberships.append(membership)
        end_sessions(user)
    elif membership.role != role:
        end_sessions(user)
    membership.role = role
    session.flush()
    return membership


def remove_membership(session: Session, actor: Actor, user: User, organization: str) -> None:
    org = get_organization(session, organization)
    if not actor.can_manage_org(org.id):
        raise Forbidden("Hanya admin yang boleh mengatur anggota organisasi.")
    if any(m.organization_id == org.id for m in user.memberships):
        user.memberships = [m for m in user.memberships if m.organization_id != org.id]
        end_sessions(user)
        audit.record(session, actor, "membership.remove", user.username, org.title)
    session.flush()


def create_token(
    session: Session,
    actor: Actor,
    user: User,
    name: str = "",
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and only its hash is stored."""
    require_login(actor)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden("Token hanya dapat dibuat untuk akun sendiri (atau oleh admin).")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(secret),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, actor: Actor, user: User) -> list[ApiToken]:
    require_login(actor)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden("Hanya pemilik akun atau admin yang boleh melihat tokennya.")
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at)
        )
    )


def revoke_token(session: Session, actor: Actor, token_id: str) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("Token tidak ditemukan.")
    require_login(actor)
    if actor.user_id != token.user_id and not actor.is_admin:
        raise Forbidden("Hanya pemilik token atau admin yang boleh mencabutnya.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        if actor.user_id != token.user_id:
            name = f"{token.prefix}… ({token.user.username})"
            audit.record(session, actor, "token.revoke", name, token.name or "")
    session.flush()
    return token


def list_all_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    """Everyone's tokens, newest first (admins only)."""
    require_admin(actor)
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())))


def user_for_token(session: Session, secret: str) -> User:
    """Resolve a bearer secret to its active user, recording the last use."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    now = utcnow()
    if (
        token is None
        or not hmac.compare_digest(token.token_hash, hash_token(secret))
        or token.revoked_at is not None
        or (token.expires_at is not None and token.expires_at <= now)
        or not token.user.active
    ):
        raise NotAuthenticated("Token tidak sah, kedaluwarsa atau sudah dicabut.")
    # Record use at minute granularity: a write on every API call would serialize readers.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
    return token.user
