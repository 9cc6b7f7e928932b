"""REST API v1 under /api/v1 (flask-smorest), documented at /api/v1/openapi.json and /api/docs."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Blueprint, Flask, render_template_string, url_for
from flask_smorest import Api
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from catalog import __version__
from catalog.api.errors import from_http_exception
from schemas.api import ErrorOut

STATIC = str(Path(__file__).resolve().parent.parent / "static")
# /api/docs: Swagger UI from the package's static files, started by a static script (the
# Content-Security-Policy allows no inline script; flask-smorest's own page has one).
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link href="{{ ui }}swagger-ui.css" rel="stylesheet">
</head>
<body>
<div id="swagger-ui-container" data-spec-url="{{ spec_url }}"></div>
<script src="{{ ui }}swagger-ui-bundle.js"></script>
<script src="{{ ui }}swagger-ui-standalone-preset.js"></script>
<script src="{{ init }}"></script>
</body>
</html>
"""


class CommonAnswers(BasePlugin):
    """Answers every operation may give that no view declares: 413 for a body over
    CATALOG_MAX_BODY_BYTES, 414 for a URL over the limit (catalog.hardening)."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                responses.setdefault("413", HTTPStatus(413).name)
            responses.setdefault("414", HTTPStatus(414).name)


class CatalogApi(Api):
    """flask-smorest Api whose errors use the catalog's one JSON error shape."""

    ERROR_SCHEMA = ErrorOut

    def handle_http_exception(self, error: HTTPException) -> Any:
        """flask-smorest's public error hook, answering in the catalog's one error shape.

        The application then registers its own handler for every HTTP error (catalog.app:
        this same answer under /api/, a page elsewhere), which takes the place of this one.
        """
        return from_http_exception(error)

    def _openapi_swagger_ui(self) -> str:
        return render_template_string(
            DOCS_PAGE,
            title=self.spec.title,
            spec_url=url_for(f"{self._make_doc_blueprint_name()}.openapi_json"),
            ui=self._swagger_ui_url,
            init=url_for("api_static.static", filename="docs.js"),
        )


def schema_name(schema: Any) -> str:
    """Component names for the OpenAPI document; partial (PATCH) variants get their own."""
    cls = resolve_schema_cls(schema)
    assert isinstance(cls, type)
    name = cls.__name__.removesuffix("Schema")
    if getattr(schema, "partial", False):
        name += "Patch"
    return name


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Katalog Statistik Sektoral API",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="v1/openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        # Served from the package (swagger-ui-dist 5, Apache-2.0): deployments may be offline.
        OPENAPI_SWAGGER_UI_URL="/api/static/swagger-ui/",
    )
    spec_kwargs: dict[str, Any] = {
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "extra_plugins": [CommonAnswers()],
        "info": {
            "description": "Metadata of sectoral statistics datasets (Satu Data Indonesia, "
            "BPS Metadata Statistik). Errors: {code, message, errors: {field.path: [messages]}}."
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
    api = CatalogApi(app, spec_kwargs=spec_kwargs)
    api.register_field(fields.Url, "string", "uri")  # apispec says "url", not a JSON Schema format
    app.register_blueprint(
        Blueprint("api_static", __name__, static_folder=STATIC, static_url_path="/api/static")
    )
    from catalog.api.v1 import datasets, organizations, recommendations, users

    for module in (datasets, organizations, users):
        api.register_blueprint(module.blp, url_prefix="/api/v1")
    api.register_blueprint(recommendations.blp, url_prefix="/api/v1")
    from catalog.api.v1 import harvest

    api.register_blueprint(harvest.blp, url_prefix="/api/v1")
    from catalog.api.v1 import quality

    api.register_blueprint(quality.blp, url_prefix="/api/v1")
    from catalog.api.v1 import consultations

    api.register_blueprint(consultations.blp, url_prefix="/api/v1")
    from catalog.api.v1 import activities

    api.register_blueprint(activities.blp, url_prefix="/api/v1")
    app.extensions["catalog.api"] = api
    return api
