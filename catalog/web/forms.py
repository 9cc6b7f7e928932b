"""What the web's forms share: the field messages of a refused form, and a form's digits as
the integer a schema expects."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError

from catalog.errors import ServiceError


def refusal(exc: ValidationError | ServiceError) -> tuple[dict[str, Any], int]:
    """The field messages and status of a form that a schema (422) or a service refused; a
    message about no one field is under "_"."""
    if isinstance(exc, ValidationError):
        return dict(exc.normalized_messages()), 422
    return (exc.errors or {"_": [exc.message]}), exc.status


def number(value: Any) -> Any:
    """A form's digits as the integer a schema expects (anything else as sent, for the
    schema to refuse)."""
    return int(value) if isinstance(value, str) and value.isdigit() else value
