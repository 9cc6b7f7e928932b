"""/api/v1/datasets: list, read, create, replace, patch, withdraw, restore."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.app import catalog, current_actor
from catalog.services import datasets as service
from schemas.api import DatasetListArgs, DatasetPage
from schemas.profile import DatasetIn, DatasetOut

blp = Blueprint("datasets", __name__, description="Dataset metadata")


def _expected_version(data: dict[str, Any]) -> int | None:
    """The client's version: the body's `version`, else an If-Match header ("3" or W/"3")."""
    if data.get("version") is not None:
        return int(data["version"])
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(header) if header.isdigit() else None


@blp.route("/datasets")
class DatasetCollection(MethodView):
    @blp.arguments(DatasetListArgs, location="query")
    @blp.response(200, DatasetPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List datasets the caller may read, most recently changed first."""
        page, per_page = args["page"], args["per_page"]
        with catalog().unit_of_work() as session:
            rows, total = service.list_datasets(
                session,
                current_actor(),
                organization=args.get("organization"),
                state=args.get("state"),
                offset=(page - 1) * per_page,
                limit=per_page,
            )
            return {"total": total, "page": page, "per_page": per_page, "results": rows}

    @blp.arguments(DatasetIn)
    @blp.response(201, DatasetOut)
    @blp.doc(security=[{"bearer": []}])
    def post(self, data: dict[str, Any]) -> Any:
        """Create a dataset in an organization the caller edits."""
        with catalog().unit_of_work() as session:
            dataset = service.create_dataset(session, current_actor(), data)
        location = url_for("datasets.DatasetItem", id_or_slug=dataset.slug)
        return dataset, 201, {"Location": location}


@blp.route("/datasets/<id_or_slug>")
class DatasetItem(MethodView):
    @blp.response(200, DatasetOut)
    def get(self, id_or_slug: str) -> Any:
        """Read one dataset by id or slug."""
        with catalog().unit_of_work() as session:
            dataset = service.get_dataset(session, current_actor(), id_or_slug)
        return dataset, 200, {"ETag": f'W/"{dataset.version}"'}

    @blp.arguments(DatasetIn)
    @blp.response(200, DatasetOut)
    @blp.doc(security=[{"bearer": []}])
    def put(self, data: dict[str, Any], id_or_slug: str) -> Any:
        """Replace a dataset; `version` (or If-Match) must be the one last read."""
        with catalog().unit_of_work() as session:
            return service.update_dataset(
                session, current_actor(), id_or_slug, data, expected_version=_expected_version(data)
            )

    @blp.arguments(DatasetIn(partial=True))
    @blp.response(200, DatasetOut)
    @blp.doc(security=[{"bearer": []}])
    def patch(self, data: dict[str, Any], id_or_slug: str) -> Any:
        """Change some fields; `version` (or If-Match) must be the one last read."""
        with catalog().unit_of_work() as session:
            return service.update_dataset(
                session, current_actor(), id_or_slug, data, expected_version=_expected_version(data)
            )

    @blp.response(200, DatasetOut)
    @blp.doc(security=[{"bearer": []}])
    def delete(self, id_or_slug: str) -> Any:
        """Withdraw a dataset (soft delete; restore brings it back)."""
        with catalog().unit_of_work() as session:
            return service.withdraw_dataset(session, current_actor(), id_or_slug)


@blp.route("/datasets/<id_or_slug>/restore", methods=["POST"])
@blp.response(200, DatasetOut)
@blp.doc(security=[{"bearer": []}])
def restore(id_or_slug: str) -> Any:
    """Publish a withdrawn dataset again."""
    with catalog().unit_of_work() as session:
        return service.restore_dataset(session, current_actor(), id_or_slug)
