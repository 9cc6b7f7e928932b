"""Errors raised by services; the interfaces turn them into HTTP answers or CLI messages."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of the errors a service raises on purpose. A kind of error declares its HTTP
    status and its code in its class line: `class Gone(ServiceError, status=410, code="gone")`.
    """

    status = 400
    code = "bad_request"
    # True: the unit of work commits what the service wrote before refusing (a failed
    # password check is counted even though the request fails).
    keeps_changes = False

    def __init_subclass__(cls, *, status: int | None = None, code: str | None = None) -> None:
        super().__init_subclass__()
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code

    def __init__(self, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class ValidationFailed(ServiceError, status=422, code="validation_error"): ...


class NotAuthenticated(ServiceError, status=401, code="unauthorized"): ...


class Forbidden(ServiceError, status=403, code="forbidden"): ...


class NotFound(ServiceError, status=404, code="not_found"): ...


class Conflict(ServiceError, status=409, code="conflict"): ...
