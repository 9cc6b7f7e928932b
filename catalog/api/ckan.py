"""CKAN Action API (read side) under /api/3/action/, with CKAN's envelope and statuses.

So that `ckanapi` and CKAN harvesters (ckanext-harvest's CKAN harvester) work unmodified.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, request

from catalog import __version__
from catalog.context import catalog, current_actor
from catalog.errors import NotFound, ServiceError
from catalog.search import backend_of
from catalog.services import ckan as service
from catalog.services.search import SearchDown

blp = Blueprint("ckan", __name__)

LIST_PARAMS = {"fq_list", "facet.field"}


def _params() -> dict[str, Any]:
    """GET query string or POST JSON/form, the ways ckanapi and CKAN clients call."""
    params: dict[str, Any] = {}
    for key in request.args:
        values = request.args.getlist(key)
        params[key] = values if key in LIST_PARAMS and len(values) > 1 else values[-1]
    if request.method == "POST":
        if request.is_json:
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                raise service.CkanValidation(
                    "Badan permintaan harus objek JSON.", {"body": ["Not a JSON object"]}
                )
            params.update(body)
        else:
            for key in request.form:
                params[key] = request.form.get(key)
    return params


def _envelope(action: str, success: bool, payload: Any, status: int = 200) -> Response:
    body: dict[str, Any] = {
        "help": f"{request.host_url}api/3/action/help_show?name={action}",
        "success": success,
    }
    body["result" if success else "error"] = payload
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        mimetype="application/json",
    )
    return response


def _status_show(params: dict[str, Any]) -> dict[str, Any]:
    settings = catalog().settings
    return {
        "ckan_version": "2.10.4",
        "site_url": settings.public_url,
        "site_title": "Katalog Statistik Sektoral Kabupaten Tangerang",
        "site_description": "Metadata statistik sektoral (Satu Data Indonesia).",
        "locale_default": settings.default_locale,
        "extensions": ["katalog-statistik-" + __version__],
    }


def _with_session(fn: Callable[..., Any]) -> Callable[[dict[str, Any]], Any]:
    def call(params: dict[str, Any]) -> Any:
        with catalog().unit_of_work() as session:
            return fn(session, params)

    return call


def _package_search(params: dict[str, Any]) -> Any:
    with catalog().unit_of_work() as session:
        return service.package_search(session, current_actor(), backend_of(current_app), params)


def _package_show(params: dict[str, Any]) -> Any:
    ident = str(params.get("id") or params.get("name") or "")
    if not ident:
        raise service.CkanValidation("id: Missing value", {"id": ["Missing value"]})
    with catalog().unit_of_work() as session:
        return service.package_show(session, current_actor(), ident)


ACTIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "package_search": _package_search,
    "package_show": _package_show,
    "package_list": _with_session(service.package_list),
    "current_package_list_with_resources": _with_session(
        service.current_package_list_with_resources
    ),
    "organization_list": _with_session(service.organization_list),
    "organization_show": _with_session(service.organization_show),
    "group_list": _with_session(service.group_list),
    "group_show": _with_session(service.group_show),
    "tag_list": _with_session(service.tag_list),
    "status_show": _status_show,
}


@blp.route("/api/3/action/<action>", methods=["GET", "POST"])
@blp.route("/api/action/<action>", methods=["GET", "POST"])
def dispatch(action: str) -> Response:
    handler = ACTIONS.get(action)
    if handler is None:
        return _envelope(
            action,
            False,
            {"__type": "Bad request", "message": f"Bad request - Action name not known: {action}"},
            400,
        )
    try:
        return _envelope(action, True, handler(_params()))
    except service.CkanValidation as exc:
        error: dict[str, Any] = {"__type": "Validation Error", "message": exc.message}
        error.update(exc.errors)
        return _envelope(action, False, error, 409)
    except service.CkanSearchQueryError as exc:
        return _envelope(
            action, False, {"__type": "Search Query Error", "message": exc.message}, 400
        )
    except NotFound as exc:
        return _envelope(action, False, {"__type": "Not Found Error", "message": exc.message}, 404)
    except SearchDown as exc:
        return _envelope(action, False, {"__type": "Search Error", "message": exc.message}, 503)
    except ServiceError as exc:
        # e.g. a 422 from the shared search rules: CKAN reports those as validation errors
        status = 409 if exc.status == 422 else exc.status
        kind = "Validation Error" if status == 409 else "Error"
        error = {"__type": kind, "message": exc.message}
        error.update(exc.errors)
        return _envelope(action, False, error, status)
