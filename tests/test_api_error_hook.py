"""flask-smorest's errors go through its public hook (handle_http_exception), answering in the
catalog's one error shape; no private flask-smorest method is overridden."""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import NotFound, UnprocessableEntity

from catalog.api.v1 import CatalogApi
from tests.web_helpers import assert_api_error


def test_the_public_error_hook_answers_in_the_catalog_shape(app: Flask) -> None:
    assert not [name for name in vars(CatalogApi) if name.startswith("_register")]
    api = app.extensions["catalog.api"]
    with app.test_request_context("/api/v1/datasets/tidak-ada"):
        response = api.handle_http_exception(NotFound())
        assert response.status_code == 404
        body = dict(response.json)
        assert body.pop("request_id")  # catalog/logs.py: the id of the answer in the logs
        assert body == {"code": "not_found", "message": "Tidak ditemukan.", "errors": {}}
        invalid = UnprocessableEntity()
        invalid.data = {"messages": {"json": {"title": ["Wajib diisi."]}}}  # as webargs sends
        response = api.handle_http_exception(invalid)
        assert response.status_code == 422
        assert response.json["errors"] == {"title": ["Wajib diisi."]}
    # the same answer comes from the application's handler, which serves pages too
    client = app.test_client()
    assert_api_error(client.get("/api/v1/tidak-ada"), 404, "not_found", "Tidak ditemukan.")
    assert "<html" in client.get("/tidak-ada").get_data(as_text=True)
