"""The sign-in throttle: failed password checks counted in the database.

Every serving process (and every machine against one PostgreSQL) sees the same counts.
Failures are counted per normalized username (stripped, case-folded: `Dinkes`, `dinkes ` and
`dinkes` are one account name) and per client address, within a window:

- a username with `free_failures` recent failures waits before the next check, and the wait
  doubles with each further failure (`BASE_DELAY_S`, 2×, 4×, ... up to `max_delay_s`);
- an address with `max_per_address` recent failures (any usernames) is throttled, but only
  for usernames that have recent failures themselves: a colleague behind the same office NAT
  whose account saw no failures still signs in with the right password.

An attempt is counted as a failure before its password is checked (and taken back when the
password is right), so parallel guesses count against each other. A correct password clears
its username's failures; rows older than the window are pruned whenever a row is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from catalog.errors import ServiceError
from catalog.models import SigninFailure, utcnow

BASE_DELAY_S = 30.0


@dataclass(frozen=True)
class SigninLimits:
    free_failures: int = 5
    max_per_address: int = 20
    window_s: float = 3600.0
    max_delay_s: float = 900.0


@dataclass(frozen=True)
class Attempt:
    """Where and when a password is tried, and the limits it is held to (`at` None: now)."""

    address: str = ""
    limits: SigninLimits = field(default_factory=SigninLimits)
    at: datetime | None = None


class Throttled(ServiceError, status=429, code="too_many_requests"):
    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."
        )
        self.retry_after = retry_after


def normalize(username: str) -> str:
    return username.strip().casefold()[:200]


def _recent(session: Session, scope: str, key: str, since: datetime) -> tuple[int, datetime | None]:
    count, last = session.execute(
        select(func.count(), func.max(SigninFailure.failed_at)).where(
            SigninFailure.scope == scope, SigninFailure.key == key, SigninFailure.failed_at > since
        )
    ).one()
    return int(count), last


def retry_after(session: Session, username: str, attempt: Attempt) -> int:
    """Seconds until a password for `username` may be checked from the attempt's address
    (0: now)."""
    limits, address, now = attempt.limits, attempt.address, attempt.at or utcnow()
    since = now - timedelta(seconds=limits.window_s)
    failures, last = _recent(session, "user", normalize(username), since)
    waits = [0.0]
    if failures >= limits.free_failures and last is not None:
        delay = min(limits.max_delay_s, BASE_DELAY_S * 2 ** (failures - limits.free_failures))
        waits.append((last + timedelta(seconds=delay) - now).total_seconds())
    if failures and address:
        # The address's limit-th most recent failure: once it leaves the window, it may retry.
        nth = session.scalar(
            select(SigninFailure.failed_at)
            .where(
                SigninFailure.scope == "address",
                SigninFailure.key == address,
                SigninFailure.failed_at > since,
            )
            .order_by(SigninFailure.failed_at.desc())
            .offset(limits.max_per_address - 1)
            .limit(1)
        )
        if nth is not None:
            waits.append((nth + timedelta(seconds=limits.window_s) - now).total_seconds())
    return max(0, math.ceil(max(waits)))


def record_failure(session: Session, username: str, attempt: Attempt) -> list[int]:
    """Count one failure (also used to count an attempt before its password is checked);
    returns the ids of the rows written."""
    limits, address, now = attempt.limits, attempt.address, attempt.at or utcnow()
    session.execute(
        delete(SigninFailure).where(
            SigninFailure.failed_at <= now - timedelta(seconds=limits.window_s)
        )
    )
    rows = [SigninFailure(scope="user", key=normalize(username), failed_at=now)]
    if address:
        rows.append(SigninFailure(scope="address", key=address[:200], failed_at=now))
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def forget(session: Session, ids: list[int]) -> None:
    """Take back rows counted for an attempt that turned out to have the right password."""
    if ids:
        session.execute(delete(SigninFailure).where(SigninFailure.id.in_(ids)))


def clear(session: Session, username: str) -> None:
    """A correct password: the username's failures no longer count (the address's still do)."""
    session.execute(
        delete(SigninFailure).where(
            SigninFailure.scope == "user", SigninFailure.key == normalize(username)
        )
    )
