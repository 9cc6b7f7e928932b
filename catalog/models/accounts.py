"""Organizations (data producers), users, their roles and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base, id_column, owner_column, serial_id, utcnow

ORG_KINDS = ("opd", "bps", "walidata")
MEMBER_ROLES = ("editor", "admin")
GLOBAL_ROLES = ("admin", "bps_reviewer")
# The shortest password accepted (checked by services/users.py and the API schemas).
MIN_PASSWORD = 10


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="opd")
    code: Mapped[str | None] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    # A deactivated agency keeps its datasets (still public) but gets no new ones, is left out
    # of the agency pickers and its sources are not harvested on schedule (migration 0016).
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = id_column()
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Stored in the web session cookie at sign-in; bumping it ends every older web session of
    # the account (sign-out, password, role or membership change, "sign out everywhere").
    # API tokens do not depend on it.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # An invitation: the hash of a one-time set-password link's token, until it expires or
    # is used (the link itself is shown once to the admin who made it).
    invite_hash: Mapped[str | None] = mapped_column(String(64))
    invite_expires_at: Mapped[datetime | None] = mapped_column()

    roles: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )
    memberships: Mapped[list[Membership]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class UserRole(Base):
    """A global role: admin (walidata) or bps_reviewer (pembina data)."""

    __tablename__ = "user_roles"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(30), primary_key=True)
    user: Mapped[User] = relationship(back_populates="roles")


class Membership(Base):
    """A user's role inside one organization."""

    __tablename__ = "memberships"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), default="editor")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token; only the SHA-256 of its secret is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = owner_column("users.id")
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(lazy="joined")


SIGNIN_SCOPES = ("user", "address")


class SigninFailure(Base):
    """One failed password check, counted per normalized username and per client address.

    Kept in the database so every serving process sees the same counts; rows older than
    the counting window are pruned when new failures are written."""

    __tablename__ = "signin_failures"
    __table_args__ = (Index("ix_signin_failures_scope_key", "scope", "key", "failed_at"),)

    id: Mapped[int] = serial_id()
    scope: Mapped[str] = mapped_column(String(10))  # SIGNIN_SCOPES
    key: Mapped[str] = mapped_column(String(200))
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEvent(Base):
    """One change an admin made to agencies, accounts, roles, memberships, tokens or harvest
    sources: who, when, what (the walidata's audit page lists them)."""

    __tablename__ = "audit_events"

    id: Mapped[str] = id_column()
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
