"""One JSON error shape for the API: {"code", "message", "errors": {"field.path": [messages]}}."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from catalog.errors import ServiceError
from catalog.logs import request_id
from schemas.fields import flatten_messages

MESSAGES_ID = {
    400: "Permintaan tidak sah.",
    401: "Perlu masuk.",
    403: "Tidak diizinkan.",
    404: "Tidak ditemukan.",
    405: "Metode tidak diizinkan.",
    409: "Konflik dengan keadaan data saat ini.",
    413: "Badan permintaan terlalu besar.",
    414: "Alamat (URL) permintaan terlalu panjang.",
    415: "Jenis konten tidak didukung.",
    422: "Data tidak valid.",
    429: "Terlalu banyak permintaan.",
    500: "Kesalahan internal server.",
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


def error_response(
    status: int, message: str | None = None, errors: dict[str, Any] | None = None, code: str = ""
) -> Response:
    body = {
        "code": code or CODES.get(status, "error"),
        "message": message or MESSAGES_ID.get(status, "Kesalahan."),
        "errors": flatten_messages(errors or {}),
    }
    rid = request_id()
    if rid:
        body["request_id"] = rid  # the same id as in the logs (catalog/logs.py)
    response = jsonify(body)
    response.status_code = status
    return response


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages") or {}
    # webargs nests messages under their location ("json", "query"); the location adds nothing.
    if isinstance(errors, dict) and set(errors) <= {"json", "query", "headers", "form", "files"}:
        merged: dict[str, Any] = {}
        for location_errors in errors.values():
            if isinstance(location_errors, dict):
                merged.update(location_errors)
            else:
                merged["_schema"] = location_errors
        errors = merged
    message = data.get("message")
    if status == 400 and errors.get("_schema") == ["Invalid JSON body."]:
        message, errors = "Badan permintaan bukan JSON yang sah.", {}
    response = error_response(status, message, errors)
    for key, value in exception_headers(error):
        response.headers[key] = value
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    return response


def exception_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers an HTTP error carries besides its body's type: `Allow` on 405,
    `Retry-After` on 429 and 503, `WWW-Authenticate` on 401."""
    return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]


def from_service_error(error: ServiceError) -> Response:
    response = error_response(error.status, error.message, error.errors, error.code)
    retry_after = getattr(error, "retry_after", None)  # e.g. the sign-in throttle's 429
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in {"/healthz", "/readyz", "/metrics"}
