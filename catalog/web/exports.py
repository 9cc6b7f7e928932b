"""Metadata downloads: a dataset or the whole catalog in every registered export format.

`/dataset/{slug}.{ext}` (also content negotiation on `/dataset/{slug}`, in public.py) and
`/catalog.{ext}`, paged with Hydra (`?page=&per_page=`) and filtered like a harvester
needs (`?q=&organization=&modified_since=`). The formats: catalog/exports/registry.py.
Whole-catalog documents with their own addresses: `/data.json` (Project Open Data 1.1),
`/sitemap.xml` (+ its pages) and `/robots.txt`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    request,
    stream_with_context,
    url_for,
)
from sqlalchemy.orm import Session

from catalog.context import catalog, current_actor
from catalog.exports import datajson, results, sitemap
from catalog.exports.registry import EXPORTS, LINKED, ExportFormat
from catalog.exports.site import Agent, CatalogPage, Site, page_uri
from catalog.search import backend_of
from catalog.search.query import SearchQuery
from catalog.services import datasets, exports
from catalog.services.result_export import result_batches

bp = Blueprint("exports", __name__)

DEFAULT_PER_PAGE = 100
FALLBACK_PUBLISHER = "Pemerintah Kabupaten Tangerang"


def site(session: Session) -> Site:
    base = request.url_root
    org = exports.walidata(session)
    if org is None:
        return Site(base, Agent(FALLBACK_PUBLISHER, base))
    publisher = Agent(org.title, page_uri(base, "organization", org.slug), org.code, org.email)
    return Site(base, publisher)


def _format(ext: str) -> ExportFormat:
    fmt = EXPORTS.get(ext)
    if fmt is None:
        abort(404)
    return fmt


def dataset_response(slug: str, fmt: ExportFormat) -> Response:
    """One dataset in `fmt` (whoever may read it: drafts only for their agency and BPS)."""
    with catalog().unit_of_work() as session:
        ds = datasets.get_dataset(session, current_actor(), slug)
        body = fmt.dataset(site(session), ds)
    response = Response(body, mimetype=fmt.media_type)
    response.vary.add("Accept")
    return response


@bp.get("/dataset/<slug>.<ext>")
def dataset_export(slug: str, ext: str) -> Response:
    return dataset_response(slug, _format(ext))


# Downloads of a whole search result (?format=csv|xlsx on the API, links on the search page)
RESULT_DOWNLOADS = ("csv", "xlsx")


def results_download(query: SearchQuery, kind: str, correct: bool = True) -> Response:
    """Every result of `query` (all pages) as CSV, streamed batch by batch while the search
    pages along (never all rows at once), or as XLSX (written batch by batch to a temporary
    file, then streamed). Each batch is read in its own unit of work."""
    found = result_batches(backend_of(current_app), query, correct)
    # The first page is searched now: a refused query (422) or a search that is down (503)
    # answers as such, before any byte of the file is sent.
    first = next(found, None)
    batches = itertools.chain([first] if first else [], found)
    base = request.url_root
    if kind == "csv":
        body = stream_with_context(results.csv_stream(batches, base))
        response = Response(body, mimetype=results.CSV_TYPE)
    else:
        handle = results.xlsx_file(batches, base)
        response = Response(results.file_chunks(handle), mimetype=results.XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="dataset.{kind}"'
    return response


def negotiated_rdf() -> ExportFormat | None:
    """The RDF export format `Accept` prefers to an HTML page, if any."""
    wanted = request.accept_mimetypes.best_match(
        ["text/html", *(f.media_type for f in EXPORTS.rdf())]
    )
    fmt = EXPORTS.by_media_type(wanted or "")
    return fmt if fmt is not None and fmt.syntax else None


def linked_response(path: str, code: str | None, fmt: ExportFormat) -> Response:
    """A linked resource (/wilayah/{kode}, /topik/{code}) or its collection (/topik) in an
    RDF format; 404 for an unknown code. No database: these are the catalog's vocabularies."""
    resource = LINKED[path]
    here = Site(request.url_root, Agent(FALLBACK_PUBLISHER, request.url_root))
    if code is None:
        graph = resource.collection(here) if resource.collection else None
    else:
        graph = resource.one(here, code)
    if graph is None:
        abort(404)
    response = Response(fmt.graph(graph), mimetype=fmt.media_type)
    response.vary.add("Accept")
    return response


def linked_export(path: str, code: str, ext: str) -> Response:
    return linked_response(path, code, _format(ext))


def linked_collection_export(path: str, ext: str) -> Response:
    return linked_response(path, None, _format(ext))


# /wilayah/{kode}.{ext}, /topik/{code}.{ext}, /topik.{ext}: one rule per registered resource
# (a static first segment, as the HTML pages have), only the RDF extensions (a kode wilayah
# has dots: /wilayah/36.03.01 is the page)
_RDF_EXTS = ",".join(f.extension for f in EXPORTS.rdf())
for _path, _resource in LINKED.items():
    _rules: list[tuple[str, Callable[..., Response]]] = [
        (f"/{_path}/<code>.<any({_RDF_EXTS}):ext>", linked_export)
    ]
    if _resource.collection is not None:
        _rules.append((f"/{_path}.<any({_RDF_EXTS}):ext>", linked_collection_export))
    for _rule, _view in _rules:
        # the endpoint is the view's name (linked_export, linked_collection_export)
        bp.add_url_rule(_rule, view_func=_view, defaults={"path": _path}, methods=["GET"])


def _positive(name: str, default: int, most: int, errors: dict[str, list[str]]) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        errors[name] = [f"Harus bilangan bulat 1 sampai {most}."]
        return default
    return int(raw)


def _since(raw: str, errors: dict[str, list[str]]) -> datetime | None:
    """An ISO date or date-time; one with a zone is compared in UTC (as stored)."""
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), datetime.min.time())
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        errors["modified_since"] = ["Bukan tanggal ISO 8601 (2024-01-31 atau 2024-01-31T08:00Z)."]
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def catalog_args() -> dict[str, Any]:
    """The paging and filter arguments, or a 400 naming each bad one."""
    errors: dict[str, list[str]] = {}
    args = {
        "page": _positive("page", 1, 1_000_000, errors),
        "per_page": _positive("per_page", DEFAULT_PER_PAGE, exports.MAX_PER_PAGE, errors),
        "keep": exports.CatalogFilter(
            q=request.args.get("q", "").strip()[:200],
            organization=request.args.get("organization", "").strip() or None,
            modified_since=_since(request.args.get("modified_since", "").strip(), errors),
        ),
        # the cursor the next link carries (the last dataset id of the page before)
        "after": request.args.get("after", "").strip()[:64] or None,
    }
    if errors:
        response = jsonify({"message": "Parameter tidak valid.", "errors": errors})
        response.status_code = 400
        abort(response)
    return args


@bp.get("/catalog.<ext>")
def catalog_export(ext: str) -> Response:
    fmt = _format(ext)
    args = catalog_args()
    page, per_page = args["page"], args["per_page"]
    kept = {
        k: request.args[k]
        for k in ("q", "organization", "modified_since")
        if request.args.get(k, "").strip()
    }

    with catalog().unit_of_work() as session:
        rows, total = exports.published_page(
            session,
            args["keep"],
            offset=(page - 1) * per_page,
            limit=per_page,
            after=args["after"],
        )
        # the next page starts after this page's last dataset (keyset: see published_page)
        cursor = {"after": rows[-1].id} if rows else {}

        def page_url(n: int) -> str:
            after = cursor if n == page + 1 else {}
            return url_for(
                "exports.catalog_export",
                ext=ext,
                page=n,
                per_page=per_page,
                _external=True,
                **kept,
                **after,
            )

        body = fmt.catalog(site(session), CatalogPage(rows, total, page, per_page, page_url))
    return Response(body, mimetype=fmt.media_type)


@bp.get("/data.json")
def data_json() -> Response:
    """The whole catalog as Project Open Data 1.1 (no paging in that format), with the
    same filters as /catalog.{ext}."""
    args = catalog_args()
    with catalog().unit_of_work() as session:
        rows = exports.published_all(session, args["keep"])
        body = datajson.catalog_document(site(session), rows, request.url)
    return Response(body, mimetype="application/json")


@bp.get("/sitemap.xml")
def sitemap_index() -> Response:
    with catalog().unit_of_work() as session:
        pages = max(1, -(-exports.published_count(session) // sitemap.MAX_URLS))
    urls = [url_for("exports.sitemap_page", n=n, _external=True) for n in range(1, pages + 1)]
    return Response(sitemap.index(urls), mimetype="application/xml")


@bp.get("/sitemap-<int:n>.xml")
def sitemap_page(n: int) -> Response:
    if n < 1:
        abort(404)
    with catalog().unit_of_work() as session:
        rows = exports.sitemap_entries(session, (n - 1) * sitemap.MAX_URLS, sitemap.MAX_URLS)
        base = request.url_root
    if not rows and n > 1:
        abort(404)
    entries: list[tuple[str, datetime | None]] = [
        (page_uri(base, "dataset", slug), modified) for slug, modified in rows
    ]
    if n == 1:  # the home page leads the first page
        entries.insert(0, (base, None))
    return Response(sitemap.urlset(entries), mimetype="application/xml")


@bp.get("/robots.txt")
def robots_txt() -> Response:
    text = sitemap.robots(url_for("exports.sitemap_index", _external=True))
    return Response(text, mimetype="text/plain")
