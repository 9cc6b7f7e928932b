"""Idempotency keys: a client that lost the answer to a POST retries it with the same
`Idempotency-Key` and gets what the first request made, never a second one.

The key row is written in the same unit of work as the dataset: either both are committed
or neither. Keys are per user and kept KEY_TTL; a retry with the same key but another
request is refused (422), and two requests with the same key at the same moment end with
one dataset and a 409 for the other (the key is the primary key).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

from sqlalchemy.orm import Session

from catalog.errors import ServiceError, ValidationFailed
from catalog.models import Dataset, IdempotencyKey, utcnow
from catalog.services.auth import Actor, require_login

HEADER = "Idempotency-Key"
KEY_TTL = timedelta(hours=24)
# visible ASCII, as in the IETF draft's examples (UUIDs, random tokens)
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class KeyReused(ServiceError, status=422, code="idempotency_key_reused"): ...


def parse_key(raw: str | None) -> str | None:
    """The header's key, None when absent; a malformed key is a field error (422)."""
    if raw is None:
        return None
    key = raw.strip().strip('"')  # the draft writes it as a quoted string
    if not _KEY.match(key):
        raise ValidationFailed(
            "Idempotency-Key tidak sah.",
            {HEADER: ["1-200 karakter ASCII yang terlihat (mis. sebuah UUID)."]},
        )
    return key


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What identifies the request a key was used for: method, path and body (JSON compared
    by content, so key order and spacing do not make a retry a different request)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"))
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def replay(session: Session, actor: Actor, key: str, print_: str) -> Dataset | None:
    """The dataset an earlier request with this key created, or None (first use, expired)."""
    require_login(actor)
    row = session.get(IdempotencyKey, (actor.user_id, key))
    if row is None:
        return None
    dataset = session.get(Dataset, row.dataset_id)
    if row.created_at < utcnow() - KEY_TTL or dataset is None:
        session.delete(row)
        session.flush()
        return None
    if row.fingerprint != print_:
        raise KeyReused(
            "Idempotency-Key ini sudah dipakai untuk permintaan lain; pakai kunci baru.",
            {HEADER: ["Dipakai sebelumnya dengan isi permintaan yang berbeda."]},
        )
    return dataset


def remember(session: Session, actor: Actor, key: str, print_: str, dataset: Dataset) -> None:
    """Record the key with the dataset it created (same transaction as the dataset)."""
    assert actor.user_id is not None  # replay() required a login
    session.add(
        IdempotencyKey(user_id=actor.user_id, key=key, fingerprint=print_, dataset_id=dataset.id)
    )
    session.flush()
