"""/api/v1/datasets: list, read, create, replace, patch, withdraw, restore."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.api.v1.concurrency import versioned_answer, versioned_update
from catalog.api.v1.contract import contract
from catalog.context import catalog, current_actor
from catalog.errors import ValidationFailed
from catalog.jsonweb import answer_with_encoded, encode
from catalog.search import backend_of
from catalog.services import datasets as service
from catalog.services import idempotency
from catalog.services import search as search_service
from catalog.services.auth import Actor, visible_variables
from catalog.services.organizations import require_organizations
from catalog.web.exports import RESULT_DOWNLOADS, results_download
from schemas.api import DatasetListArgs, DatasetPage, SuggestArgs, SuggestPage
from schemas.profile import DatasetIn, DatasetOut

blp = Blueprint("datasets", __name__, description="Dataset metadata")
# built once: a schema instance costs more to build than a cached page costs to answer
DATASET_OUT = DatasetOut()
PAGE_WITHOUT_RESULTS = DatasetPage(exclude=("results",))
# POST /datasets: the optional Idempotency-Key header, and the answer to a retry that uses it
IDEMPOTENCY_KEY = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": "Any unique value per dataset to create (e.g. a UUID). A retry with the same "
    "key and the same body (after a lost answer or a timeout) answers 200 with the dataset the "
    "first request created instead of creating another; the same key with a different body "
    "answers 422; two requests with the same key at the same moment: one creates, the other gets "
    "409. Keys are per user and kept 24 hours.",
}
IDEMPOTENT_REPLAY = blp.alt_response(
    200,
    schema=DatasetOut,
    description="A retry with an `Idempotency-Key` already used by the caller for the "
    "same request: the dataset that request created (header `Idempotent-Replayed: true`).",
)


@blp.route("/datasets")
class DatasetCollection(MethodView):
    @contract(blp, 200, DatasetPage, query=DatasetListArgs())
    def get(self, args: dict[str, Any]) -> Any:
        """Search published datasets (text, filters, facets, sort), or list drafts/withdrawn.

        Without `q` and `sort` the most recently changed come first. `state=draft|withdrawn`
        lists from the database (those are not in the public search index).
        """
        page, per_page = args["page"], args["per_page"]
        download, deprecated = _split_format(args)
        with catalog().unit_of_work() as session:
            # unknown agency: 404, as before search
            require_organizations(session, args.get("organization") or [])
            if args.get("state") in {"draft", "withdrawn"}:
                if download:
                    raise ValidationFailed(
                        "Unduhan hanya untuk hasil pencarian.",
                        {"format": ["Tidak berlaku untuk state=draft/withdrawn."]},
                    )
                orgs = args.get("organization") or [None]
                rows, total = service.list_datasets(
                    session,
                    current_actor(),
                    organization=orgs[0],
                    state=args.get("state"),
                    offset=(page - 1) * per_page,
                    limit=per_page,
                )
                actor = current_actor()
                envelope = PAGE_WITHOUT_RESULTS.dump(
                    {"total": total, "page": page, "per_page": per_page}
                )
                return answer_with_encoded(
                    envelope, "results", [encode(_profile(r, actor)) for r in rows]
                )
            query = search_service.build_query(
                text=args["q"],
                filters={
                    name: [str(v) for v in args.get(name) or []]
                    for name in search_service.FILTER_NAMES
                    if name != "state"
                },
                facets=_facet_names(args["facets"]),
                sort=args["sort"],
                page=page,
                per_page=per_page,
            )
            if download:  # the whole result set, every page (catalog/web/exports.py)
                return results_download(query, download, args["correct"])
            found = search_service.search_profiles(
                session,
                current_actor(),
                backend_of(current_app),
                query,
                _encoder(current_actor()),
                correct=args["correct"],
            )
            body = PAGE_WITHOUT_RESULTS.dump(
                {
                    "total": found.result.total,
                    "total_all_words": found.result.complete,
                    "page": page,
                    "per_page": per_page,
                    "facets": found.result.facets,
                    "highlights": found.highlights,
                    "suggestion": found.result.suggestion,
                    "corrected_query": found.corrected_query,
                    "original_query": found.original_query,
                }
            )
            # the profiles are DatasetOut's output already, encoded (cached per dataset
            # version), so they are neither dumped nor encoded a second time
            response = answer_with_encoded(body, "results", found.profiles)
            if deprecated:  # format=<a resource format>: the old name of resource_format
                response.headers["Deprecation"] = "true"
            return response

    @contract(
        blp,
        201,
        DatasetOut,
        body=DatasetIn,
        also=[IDEMPOTENT_REPLAY],
        bearer=True,
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, data: dict[str, Any]) -> Any:
        """Create a dataset in an organization the caller edits (optionally idempotent)."""
        key = idempotency.parse_key(request.headers.get(idempotency.HEADER))
        actor = current_actor()
        with catalog().unit_of_work() as session:
            if key is not None:
                body = request.get_data(cache=True)
                fingerprint = idempotency.fingerprint(request.method, request.path, body)
                earlier = idempotency.replay(session, actor, key, fingerprint)
                if earlier is not None:
                    dataset = service.get_dataset(session, actor, earlier.id)
                    return _answer(dataset, 200, {"Idempotent-Replayed": "true", **_here(dataset)})
            dataset = service.create_dataset(session, actor, data)
            if key is not None:
                idempotency.remember(session, actor, key, fingerprint, dataset)
            return _answer(dataset, 201, _here(dataset))


def _split_format(args: dict[str, Any]) -> tuple[str | None, bool]:
    """`format=csv|xlsx` asks for the whole result set as a file; any other `format` value is
    a resource format, the old name of `resource_format` (kept for one release). Leaves the
    resource formats in args["format"], the search filter's name; returns (the download or
    None, whether the old name was used)."""
    given = args.pop("format", None) or []
    kinds = sorted({v for v in given if v in RESULT_DOWNLOADS})
    if len(kinds) > 1:
        raise ValidationFailed(
            "Pilih satu format unduhan.", {"format": ["Satu saja: csv atau xlsx."]}
        )
    aliases = [v for v in given if v not in RESULT_DOWNLOADS]
    args["format"] = [*(args.pop("resource_format", None) or []), *aliases]
    return (kinds[0] if kinds else None), bool(aliases)


def _here(dataset: Any) -> dict[str, str]:
    return {"Location": url_for("datasets.DatasetItem", id_or_slug=dataset.slug)}


def _answer(dataset: Any, status: int, headers: dict[str, str] | None = None) -> Response:
    """The dataset as DatasetOut, encoded inside the unit of work (before its commit): nothing
    the answer shows is loaded after the commit, so a committed write always gets its answer,
    even when the database goes away right after the commit."""
    return versioned_answer(dataset, _profile, status, headers)


def _profile(dataset: Any, actor: Actor) -> dict[str, Any]:
    """DatasetOut's output with only the variables the actor may see (visible_variables:
    the hidden ones for the owning agency and BPS staff only)."""
    out: dict[str, Any] = DATASET_OUT.dump(dataset)
    out["variables"] = visible_variables(actor, dataset.organization_id, out.get("variables"))
    return out


def _encoder(actor: Actor) -> Callable[[Any], bytes]:
    """The encoded profile of a search hit as the actor sees it (search_profiles caches it
    per dataset version and per sees_hidden_variables)."""
    return lambda dataset: encode(_profile(dataset, actor))


def _facet_names(raw: str) -> list[str]:
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if n not in search_service.FILTER_NAMES]
    if unknown:
        raise ValidationFailed(
            "Facet tidak dikenal.",
            {"facets": ["Pilihan: " + ", ".join(search_service.FILTER_NAMES) + "."]},
        )
    return names


@blp.route("/suggest")
@contract(blp, 200, SuggestPage, query=SuggestArgs())
def suggest(args: dict[str, Any]) -> dict[str, Any]:
    """Titles for the search box while typing (the last word counts as a prefix)."""
    results = search_service.suggest(backend_of(current_app), args["q"], args["limit"])
    return {"q": args["q"], "results": results}


@blp.route("/datasets/<id_or_slug>")
class DatasetItem(MethodView):
    @contract(blp, 200, DatasetOut)
    def get(self, id_or_slug: str) -> Any:
        """Read one dataset by id or slug."""
        with catalog().unit_of_work() as session:
            actor = current_actor()
            dataset = service.get_dataset(session, actor, id_or_slug)
            response = Response(
                encode(_profile(dataset, actor)) + b"\n", mimetype="application/json"
            )
        response.headers["ETag"] = f'W/"{dataset.version}"'
        return response

    @contract(blp, 200, DatasetOut, body=DatasetIn, bearer=True)
    def put(self, data: dict[str, Any], id_or_slug: str) -> Any:
        """Replace a dataset; `version` (or If-Match) must be the one last read."""
        return versioned_update(service.update_dataset, _profile, id_or_slug, data)

    @contract(blp, 200, DatasetOut, body=DatasetIn(partial=True), bearer=True)
    def patch(self, data: dict[str, Any], id_or_slug: str) -> Any:
        """Change some fields; `version` (or If-Match) must be the one last read."""
        return versioned_update(service.update_dataset, _profile, id_or_slug, data)

    @contract(blp, 200, DatasetOut, bearer=True)
    def delete(self, id_or_slug: str) -> Any:
        """Withdraw a dataset (soft delete; restore brings it back)."""
        with catalog().unit_of_work() as session:
            return _answer(service.withdraw_dataset(session, current_actor(), id_or_slug), 200)


@blp.route("/datasets/<id_or_slug>/restore", methods=["POST"])
@contract(blp, 200, DatasetOut, bearer=True)
def restore(id_or_slug: str) -> Any:
    """Publish a withdrawn dataset again."""
    with catalog().unit_of_work() as session:
        return _answer(service.restore_dataset(session, current_actor(), id_or_slug), 200)
