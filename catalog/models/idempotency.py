"""Idempotency keys: what a client's retried POST refers to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base, utcnow


class IdempotencyKey(Base):
    """An `Idempotency-Key` header a user sent with a POST that created a dataset, written in
    the same transaction: a retry with the same key (and the same body) gets that dataset
    instead of a second one. Keys are per user: two users never share one."""

    __tablename__ = "idempotency_keys"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    # sha256 of the request as the client sent it (method, path, body): the same key with
    # another request is the client's mistake, refused rather than answered with the first
    fingerprint: Mapped[str] = mapped_column(String(64))
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
