"""REST API v1 under /api/v1 (flask-smorest), documented at /api/v1/openapi.json and /api/docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Blueprint, Flask
from flask_smorest import Api

from catalog import __version__

STATIC = str(Path(__file__).resolve().parent.parent / "static")


class CatalogApi(Api):
    """flask-smorest Api whose errors use the catalog's one JSON error shape."""

    def _register_error_handlers(self) -> None:
        # The application registers one handler for all HTTP errors (catalog.app).
        pass


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
        "info": {
            "description": "Metadata of sectoral statistics datasets (Satu Data Indonesia, "
            "BPS Metadata Statistik). Errors: {code, message, errors: {field.path: [messages]}}."
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
    api = CatalogApi(app, spec_kwargs=spec_kwargs)
    app.register_blueprint(
        Blueprint("api_static", __name__, static_folder=STATIC, static_url_path="/api/static")
    )
    from catalog.api.v1 import datasets, organizations, recommendations, users

    for module in (datasets, organizations, users):
        api.register_blueprint(module.blp, url_prefix="/api/v1")
    api.register_blueprint(recommendations.blp, url_prefix="/api/v1")
    from catalog.api.v1 import harvest

    api.register_blueprint(harvest.blp, url_prefix="/api/v1")
    app.extensions["catalog.api"] = api
    return api
