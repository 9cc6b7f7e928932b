"""Optimistic concurrency on the API: the version a client says it last read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Response, request
from sqlalchemy.orm import object_session

from catalog.context import catalog, current_actor
from catalog.jsonweb import encode
from catalog.services.auth import Actor
from catalog.uow import settle

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Input = TypeVar("Input", bound="DataclassInstance")


def expected_version(data: dict[str, Any]) -> int | None:
    """The client's version: the body's `version`, else an If-Match header ("3" or W/"3")."""
    if data.get("version") is not None:
        return int(data["version"])
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(header) if header.isdigit() else None


def transition_input(kind: type[Input], data: dict[str, Any], version: int | None) -> Input:
    """A workflow transition's input (`kind`, a service's dataclass) from the parsed body: each
    field the body's value of that name, `expected_version` the version the client read."""
    values = {f.name: data[f.name] for f in fields(kind) if f.name != "expected_version"}
    values["expected_version"] = version
    return kind(**values)


def versioned_answer(
    record: Any,
    profile: Callable[[Any, Actor], dict[str, Any]],
    status: int,
    headers: dict[str, str] | None = None,
) -> Response:
    """A dataset or an activity as `profile(record, actor)` gives it, with its version as the
    ETag, encoded inside the unit of work (before its commit): nothing the answer shows is
    loaded after the commit, so a committed write always gets its answer, even when the
    database goes away right after the commit."""
    session = object_session(record)
    if session is not None:
        session.flush()
        settle(session)  # e.g. the quality score of this change (catalog/services/quality.py)
    response = Response(
        encode(profile(record, current_actor())) + b"\n",
        status=status,
        mimetype="application/json",
    )
    response.headers["ETag"] = f'W/"{record.version}"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def versioned_update(
    update: Callable[..., Any],
    profile: Callable[[Any, Actor], dict[str, Any]],
    ref: str,
    data: dict[str, Any],
    **options: Any,
) -> Response:
    """PUT and PATCH alike: in one unit of work, `update(session, actor, ref, data,
    expected_version=..., **options)` applies the fields in `data` (all of them for PUT, whose
    schema fills the defaults); the answer is the record as versioned_answer gives it."""
    with catalog().unit_of_work() as session:
        record = update(
            session, current_actor(), ref, data, expected_version=expected_version(data), **options
        )
        return versioned_answer(record, profile, 200)
