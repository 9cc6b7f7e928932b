"""Public pages: home, search, dataset, agencies and topics."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from catalog import vocab
from catalog.context import catalog, current_actor
from catalog.exports.registry import EXPORTS
from catalog.formats import schemaorg
from catalog.models import Dataset, HarvestSource, recommendation
from catalog.quality.rules import RATING_LABELS
from catalog.search.query import SORTS, FacetValue, SearchQuery, SearchResult
from catalog.services import datasets, organizations
from catalog.services.auth import visible_variables
from catalog.services.recommendations import views as recommendation_views
from catalog.web.exports import dataset_response, linked_response, negotiated_rdf
from catalog.web.filters import PUBLIC_IN_PROGRESS, lang, public_status, status_label
from catalog.web.paging import page_arg, page_count
from catalog.web.searching import build_query, run_search

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/web")  # fmt: skip

PER_PAGE = 20
PAGE_FACETS = (
    "organization", "topic", "tag", "format", "year", "wilayah", "recommendation", "quality",
)  # fmt: skip


def catalog_overview(session: Session, per_page: int = 0) -> tuple[SearchResult, list[Dataset]]:
    """Published datasets per topic and per agency (and the most recently changed), from the
    search index: the same counts the search page's facets show."""
    query = build_query(
        facets=("topic", "organization"), facet_limit=200, sort="modified", per_page=per_page
    )
    found = run_search(session, current_actor(), query)
    return found.result, found.datasets


@bp.get("/")
def home() -> str:
    with catalog().unit_of_work() as session:
        result, recent = catalog_overview(session, per_page=6)
        orgs, _total = organizations.list_organizations(session)
        by_slug = {o.slug: o for o in orgs}
        agencies = [
            (by_slug[f.value], f.count) for f in result.facets["organization"] if f.value in by_slug
        ]
        return render_template(
            "home.html",
            topics=vocab.terms("topics"),
            topic_counts={f.value: f.count for f in result.facets["topic"]},
            agencies=agencies[:12],
            recent=recent,
            total=result.total,
        )


# Visitors read the recommendation in its public wording: the steps of a pending request
# (requested, in review, revision needed) are one "Dalam proses rekomendasi", as on the
# badges; signed-in staff keep the detailed steps (issue 18).
IN_PROGRESS = "dalam_proses"


def _public_view() -> bool:
    return not current_actor().authenticated


def _steps(values: tuple[str, ...]) -> tuple[str, ...]:
    """The statuses a public filter value stands for."""
    return tuple(
        dict.fromkeys(s for v in values for s in (PUBLIC_IN_PROGRESS if v == IN_PROGRESS else (v,)))
    )


def _publicly(values: tuple[str, ...]) -> tuple[str, ...]:
    """Statuses as the public names them (the pending steps as one value)."""
    return tuple(dict.fromkeys(IN_PROGRESS if v in PUBLIC_IN_PROGRESS else v for v in values))


def _public_facet(values: list[FacetValue]) -> list[FacetValue]:
    pending = sum(f.count for f in values if f.value in PUBLIC_IN_PROGRESS)
    merged: list[FacetValue] = []
    for f in values:
        if f.value not in PUBLIC_IN_PROGRESS:
            merged.append(f)
        elif pending:
            merged.append(FacetValue(IN_PROGRESS, pending))
            pending = 0
    return merged


def parse_query(fixed: dict[str, tuple[str, ...]] | None = None) -> SearchQuery:
    """The search page's arguments as a SearchQuery; unknown filters and sorts are ignored."""
    filters: dict[str, list[str] | tuple[str, ...]] = {}
    for name in PAGE_FACETS:
        given = request.args.getlist(name)
        if name == "format":  # the API's name for the same filter is read too
            given += request.args.getlist("resource_format")
        values = tuple(v for v in given if v)
        if values:
            filters[name] = values
    filters.update(fixed or {})
    if "recommendation" in filters and _public_view():
        filters["recommendation"] = _steps(tuple(filters["recommendation"]))
    sort = request.args.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
    text = request.args.get("q", "").strip()[:200]
    if sort == "relevance" and not text:
        sort = "modified"
    return build_query(
        text=text,
        filters=filters,
        facets=PAGE_FACETS,
        facet_limit=10,
        sort=sort,
        page=page_arg(last=500),
        per_page=PER_PAGE,
    )


def facet_label(name: str, value: str, org_titles: dict[str, str]) -> str:
    if name == "organization":
        return org_titles.get(value, value)
    if name == "topic":
        return vocab.label("topics", value, lang())
    if name == "wilayah":
        region = vocab.regions().get(value)
        return region.name if region else value
    if name == "recommendation":
        if _public_view():
            return public_status(PUBLIC_IN_PROGRESS[0] if value == IN_PROGRESS else value)
        return status_label(value)
    if name == "quality":
        return RATING_LABELS.get(value, value)
    return value


FACET_TITLES = {
    "organization": _l("Agency"),
    "topic": _l("Topic"),
    "tag": _l("Tag"),
    "format": _l("Format"),
    "year": _l("Year"),
    "wilayah": _l("Kecamatan"),
    "recommendation": _l("BPS recommendation"),
    "quality": _l("Metadata quality"),
}


def search_page(
    template: str, fixed: dict[str, tuple[str, ...]] | None = None, **extra: Any
) -> str:
    query = parse_query(fixed)
    # ?asli=1: search the words as typed, without correcting typos
    correct = request.args.get("asli") != "1"
    with catalog().unit_of_work() as session:
        found = run_search(session, current_actor(), query, correct)
        result = found.result
        hits = {hit.id: hit for hit in result.hits}
        orgs, _total = organizations.list_organizations(session)
        org_titles = {o.slug: o.title for o in orgs}
        rows = [(hits[d.id], d) for d in found.datasets]
        public = _public_view()
        facet_values = dict(result.facets)
        if public and "recommendation" in facet_values:
            facet_values["recommendation"] = _public_facet(facet_values["recommendation"])
            if "recommendation" in query.filters:  # what the page shows as chosen
                shown = _publicly(query.filters["recommendation"])
                query = replace(query, filters={**query.filters, "recommendation": shown})
        facets = {
            name: [(f, facet_label(name, f.value, org_titles)) for f in facet_values.get(name, [])]
            for name in PAGE_FACETS
            if name not in (fixed or {})
        }
        if "wilayah" in facets:  # only kecamatan make a readable facet
            facets["wilayah"] = [
                (f, label)
                for f, label in facets["wilayah"]
                if vocab.region_level(f.value) == "kecamatan"
            ]
        chips = [
            (name, value, facet_label(name, value, org_titles))
            for name, values in query.filters.items()
            if name not in (fixed or {})
            for value in values
        ]
        pages = page_count(result.total, query.per_page)
        return render_template(
            template,
            query=query,
            result=result,
            rows=rows,
            facets=facets,
            facet_titles=FACET_TITLES,
            chips=chips,
            pages=pages,
            summaries={d.id: recommendation.summary(d) for _h, d in rows},
            corrected=found,
            **extra,
        )


def download_links() -> dict[str, str]:
    """The API addresses of the page's whole result set (all pages) as CSV and XLSX: the
    same words, filters and order (the resource-format facet is the API's resource_format;
    ?asli=1 is correct=false)."""
    args: list[tuple[str, str]] = []
    for name in ("q", "sort", *PAGE_FACETS):
        for value in request.args.getlist(name):
            if value:
                args.append(("resource_format" if name == "format" else name, value))
    if request.args.get("asli") == "1":
        args.append(("correct", "false"))
    base = "/api/v1/datasets"
    return {kind: base + "?" + urlencode([*args, ("format", kind)]) for kind in ("csv", "xlsx")}


@bp.get("/dataset")
def search() -> str:
    return search_page("search.html", downloads=download_links())


@bp.get("/dataset/<slug>")
def dataset(slug: str) -> Any:
    # Content negotiation: `Accept: text/turtle` (or another export's type) gets the export.
    wanted = request.accept_mimetypes.best_match(["text/html", *EXPORTS.media_types()])
    fmt = EXPORTS.by_media_type(wanted or "")
    if fmt is not None:
        return dataset_response(slug, fmt)
    with catalog().unit_of_work() as session:
        ds = datasets.get_dataset(session, current_actor(), slug)
        source = session.get(HarvestSource, ds.harvest_source_id) if ds.harvest_source_id else None
        page_url = url_for("pages.dataset", slug=ds.slug, _external=True)
        coverage = sorted(set(ds.region_codes))  # by code: regency, kecamatan, their desa
        history = recommendation_views.detail(session, current_actor(), ds)["events"]
        page = render_template(
            "dataset.html",
            ds=ds,
            rec=recommendation.summary(ds),
            history=history,
            source=source,
            jsonld=schemaorg.from_dataset(ds, page_url),
            coverage=coverage,
            regions=vocab.regions(),
            exports=list(EXPORTS),
            can_edit=current_actor().can_edit_org(ds.organization_id),
            variables=visible_variables(current_actor(), ds.organization_id, ds.variables),
        )
    response = make_response(page)
    response.vary.add("Accept")  # the same address answers RDF to who asks for it
    return response


@bp.get("/organisasi")
def agencies() -> str:
    with catalog().unit_of_work() as session:
        orgs, _total = organizations.list_organizations(session)
        result, _recent = catalog_overview(session)
        counts = {f.value: f.count for f in result.facets["organization"]}
        return render_template("agencies.html", orgs=orgs, counts=counts)


@bp.get("/organisasi/<slug>")
def agency(slug: str) -> str:
    with catalog().unit_of_work() as session:
        org = organizations.get_organization(session, slug)
    return search_page("agency.html", {"organization": (org.slug,)}, org=org)


@bp.get("/topik")
def topics() -> Any:
    fmt = negotiated_rdf()  # the topics' skos:ConceptScheme to who asks for RDF
    if fmt is not None:
        return linked_response("topik", None, fmt)
    with catalog().unit_of_work() as session:
        result, _recent = catalog_overview(session)
        return render_template(
            "topics.html",
            topics=vocab.terms("topics"),
            groups=vocab.terms("topic_groups"),
            topic_counts={f.value: f.count for f in result.facets["topic"]},
        )


@bp.get("/topik/<code>")
def topic(code: str) -> Any:
    fmt = negotiated_rdf()
    if fmt is not None:
        return linked_response("topik", code, fmt)
    if code not in vocab.codes("topics"):
        abort(404, _("Unknown topic."))
    response = make_response(search_page("topic.html", {"topic": (code,)}, topic=code))
    response.vary.add("Accept")
    return response


@bp.get("/wilayah/<kode>")
def region(kode: str) -> Any:
    """A kode wilayah: the datasets covering it (a desa counts for its kecamatan), or the
    dct:Location in RDF (/wilayah/{kode}.ttl etc., or by Accept)."""
    fmt = negotiated_rdf()
    if fmt is not None:
        return linked_response("wilayah", kode, fmt)
    place = vocab.regions().get(kode)
    if place is None:
        abort(404, _("Unknown region code."))
    parent = vocab.regions().get(place.parent or "")
    page = search_page(
        "region.html",
        {"wilayah": (kode,)},
        place=place,
        title=vocab.region_title(place),
        parent=parent,
        parent_title=vocab.region_title(parent) if parent else "",
        rdf_exports=EXPORTS.rdf(),
    )
    response = make_response(page)
    response.vary.add("Accept")
    return response
