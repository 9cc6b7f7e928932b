"""Reports the API gives as JSON or, when asked, as CSV (`?format=csv` or `Accept: text/csv`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask_smorest import Blueprint

from catalog.api.v1.contract import contract


def wants_csv(format_arg: str | None = None) -> bool:
    """Whether the caller asked for CSV: `?format=csv`, or text/csv preferred over JSON."""
    if format_arg == "csv":
        return True
    return request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"


def csv_answer(text: str, filename: str | None = None) -> Response:
    """A CSV answer; with `filename`, offered as a download of that name."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    return Response(text, mimetype="text/csv", headers=headers)


def csv_alternative(
    blp: Blueprint, description: str | None = None, rows: str | None = "The table as CSV."
) -> Callable[[Any], Any]:
    """The OpenAPI note that a 200 answer may also be CSV (`rows` describes the CSV body)."""
    schema: dict[str, str] = {"type": "string"}
    if rows is not None:
        schema["description"] = rows
    return blp.alt_response(
        200, schema=schema, content_type="text/csv", description=description, success=True
    )


def csv_report(
    blp: Blueprint,
    args: Any,
    schema: Any,
    description: str | None = None,
    rows: str | None = "The table as CSV.",
) -> Callable[[Any], Any]:
    """A report's decorators: its query arguments `args` (with `format`), its JSON answer
    `schema` and the CSV alternative (csv_alternative's `description` and `rows`)."""

    return contract(blp, 200, schema, query=args, also=[csv_alternative(blp, description, rows)])
