"""The CKAN Action API read side: package_search and friends over the catalog's services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog import vocab
from catalog.errors import NotFound, ServiceError
from catalog.formats.ckan import from_dataset, group_dict, topic_id
from catalog.models import Dataset, DatasetTag, DatasetTopic, Organization, recommendation
from catalog.search import lucene
from catalog.search.query import InvalidQuery, SearchBackend, SearchQuery
from catalog.services import ckan_paging
from catalog.services import search as search_service
from catalog.services.auth import Actor
from catalog.services.datasets import get_dataset
from catalog.services.organizations import dataset_counts, get_organization, list_organizations

MAX_ROWS = 1000
# datasets in organization_show / group_show with include_datasets (CKAN truncates too)
PACKAGES_SHOWN = 10
# CKAN facet field -> contract facet name
FACET_FIELDS: dict[str, str] = {
    "organization": "organization",
    "groups": "topic",
    "tags": "tag",
    "res_format": "format",
    "license_id": "license",
    "frequency": "frequency",
    "year": "year",
    "wilayah": "wilayah",
    "recommendation_status": "recommendation",
    "harvest_source_id": "harvest_source",
}
SORT_FIELDS = {
    "score": "relevance",
    "rank": "relevance",
    "metadata_modified": "modified",
    "metadata_created": "created",
    "title_string": "title",
    "title": "title",
    "name": "title",
    "id": "id",
}


class CkanValidation(ServiceError, status=409, code="Validation Error"):
    """CKAN's "Validation Error"."""


class CkanSearchQueryError(ServiceError, status=400, code="Search Query Error"):
    """CKAN's "Search Query Error"."""


def package(dataset: Dataset) -> dict[str, Any]:
    return from_dataset(dataset, recommendation.summary(dataset))


def _int(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise CkanValidation(
            f"{name}: Harus bilangan bulat.", {name: ["Invalid integer"]}
        ) from None
    if value < low or value > high:
        raise CkanValidation(
            f"{name}: harus antara {low} dan {high}.",
            {name: [f"Must be between {low} and {high}"]},
        )
    return value


def _sort(raw: str) -> tuple[str, bool]:
    first = (raw or "score desc").split(",")[0].strip()
    name, _, direction = first.partition(" ")
    direction = direction.strip().lower() or "asc"
    sort = SORT_FIELDS.get(name.strip())
    if sort is None or direction not in {"asc", "desc"}:
        raise CkanSearchQueryError(
            f"Search Query is invalid: sort '{raw}' tidak didukung. Field: "
            + ", ".join(SORT_FIELDS)
            + "."
        )
    return sort, direction == "desc"


def _as_list(value: Any) -> list[str]:
    from catalog import jsonio

    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                loaded = jsonio.loads(text)
            except ValueError:
                raise CkanValidation(
                    "Daftar JSON tidak sah.", {"facet.field": ["Not a JSON list"]}
                ) from None
            return [str(v) for v in loaded]
        return [text]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _filters(session: Session, found: lucene.Translated) -> dict[str, tuple[str, ...]]:
    """The filters of a translated Solr query, its owner_org ids become agency slugs (an
    unknown one matches nothing)."""
    filters = dict(found.filters)
    if found.owner_orgs:
        slugs = []
        for org_id in found.owner_orgs:
            try:
                slugs.append(get_organization(session, org_id).slug)
            except ServiceError:
                slugs.append("\x00unknown")
        filters["organization"] = slugs
    return {k: tuple(v) for k, v in filters.items()}


def package_search(
    session: Session, actor: Actor, backend: SearchBackend, params: dict[str, Any]
) -> dict[str, Any]:
    # include_private, include_drafts, include_deleted: accepted as CKAN accepts them; this
    # catalog serves only published datasets here (drafts stay inside their agency).
    rows = _int(params, "rows", 10, 0, MAX_ROWS)
    # beyond the engine's window only as the continuation of a walk (ckan_paging)
    start = _int(params, "start", 0, 0, 10_000_000)
    facet_limit = _int(params, "facet.limit", 50, -1, 1000)
    facet_mincount = _int(params, "facet.mincount", 1, 0, 1_000_000)
    q = str(params.get("q") or "")
    if len(q) > 1000:
        raise CkanSearchQueryError("Search Query is invalid: q terlalu panjang (maks. 1000).")
    fq = [str(params.get("fq") or ""), *_as_list(params.get("fq_list"))]
    facet_fields = _as_list(params.get("facet.field"))
    unknown = [f for f in facet_fields if f not in FACET_FIELDS]
    if unknown:
        raise CkanSearchQueryError(
            f"Search Query is invalid: facet.field tidak dikenal: {', '.join(unknown)}. "
            f"Yang didukung: {', '.join(FACET_FIELDS)}."
        )
    sort, descending = _sort(str(params.get("sort") or "score desc"))
    try:
        found = lucene.translate(q, fq)
        if sort == "relevance" and not found.text:
            sort, descending = "modified", True
        query = SearchQuery(
            text=found.text_query,
            filters=_filters(session, found),
            excludes={k: tuple(v) for k, v in found.excludes.items()},
            ranges=found.ranges,
            facets=tuple(FACET_FIELDS[f] for f in facet_fields),
            facet_limit=facet_limit if facet_limit >= 0 else 1000,
            sort=sort,
            descending=descending,
            per_page=rows,
            start=start,
            highlight=False,
        )
        # deep pages of a walk in date order seek instead of skipping (ckan_paging)
        walk = ckan_paging.signature(query, actor.user_id)
        query, cursor = ckan_paging.seek(backend, query, walk)
        query.validate()
    except InvalidQuery as exc:
        raise CkanSearchQueryError(f"Search Query is invalid: {exc.message}") from None
    page = search_service.search_datasets(session, actor, backend, query)
    ckan_paging.remember(query, start, walk, cursor, page.result.hits)
    facets: dict[str, dict[str, int]] = {}
    search_facets: dict[str, Any] = {}
    for ckan_name in facet_fields:
        values = [
            v
            for v in page.result.facets.get(FACET_FIELDS[ckan_name], [])
            if v.count >= facet_mincount
        ]
        facets[ckan_name] = {v.value: v.count for v in values}
        search_facets[ckan_name] = {
            "title": ckan_name,
            "items": [
                {"name": v.value, "display_name": _display(ckan_name, v.value), "count": v.count}
                for v in values
            ],
        }
    return {
        "count": ckan_paging.count(start, cursor, query, page.result.total),
        "sort": str(params.get("sort") or "score desc, metadata_modified desc"),
        "facets": facets,
        "search_facets": search_facets,
        "results": [package(d) for d in page.datasets],
    }


def _display(ckan_name: str, value: str) -> str:
    if ckan_name == "groups":
        return vocab.label("topics", value)
    if ckan_name == "wilayah":
        region = vocab.regions().get(value)
        return region.name if region else value
    return value


def package_show(session: Session, actor: Actor, id_or_name: str) -> dict[str, Any]:
    return package(get_dataset(session, actor, id_or_name))


def _paging(params: dict[str, Any], default_limit: int | None) -> tuple[int, int | None]:
    offset = _int(params, "offset", 0, 0, 10_000_000)
    if params.get("limit") in (None, ""):
        return offset, default_limit
    return offset, _int(params, "limit", 0, 0, 1000 if default_limit else 1_000_000)


def package_list(session: Session, params: dict[str, Any]) -> list[str]:
    offset, limit = _paging(params, None)
    query = (
        select(Dataset.slug)
        .where(Dataset.state == "published")
        .order_by(Dataset.slug)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def current_package_list_with_resources(
    session: Session, params: dict[str, Any]
) -> list[dict[str, Any]]:
    offset, limit = _paging(params, 10)
    rows = session.scalars(
        select(Dataset)
        .where(Dataset.state == "published")
        .order_by(Dataset.updated_at.desc(), Dataset.id)
        .offset(offset)
        .limit(limit or 10)
    )
    return [package(d) for d in rows]


def organization_dict(org: Organization, count: int) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.slug,
        "title": org.title,
        "display_name": org.title,
        "description": org.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": org.created_at.replace(tzinfo=None).isoformat() if org.created_at else None,
        "package_count": count,
    }


def organization_list(session: Session, params: dict[str, Any]) -> list[Any]:
    offset, limit = _paging(params, None)
    all_fields = str(params.get("all_fields", "false")).lower() in {"true", "1", "yes"}
    orgs, _total = list_organizations(session, offset=offset, limit=limit)
    orgs = sorted(orgs, key=lambda o: o.slug) if params.get("sort") == "name asc" else orgs
    if not all_fields:
        return [o.slug for o in orgs]
    counts = dataset_counts(session)
    return [organization_dict(o, counts.get(o.id, 0)) for o in orgs]


def organization_show(session: Session, params: dict[str, Any]) -> dict[str, Any]:
    ident = str(params.get("id") or "")
    if not ident:
        raise CkanValidation("id: Missing value", {"id": ["Missing value"]})
    org = get_organization(session, ident)
    out = organization_dict(org, dataset_counts(session).get(org.id, 0))
    if _flag(params, "include_datasets"):
        rows = session.scalars(
            select(Dataset)
            .where(Dataset.organization_id == org.id, Dataset.state == "published")
            .order_by(Dataset.updated_at.desc(), Dataset.id)
            .limit(PACKAGES_SHOWN)
        )
        out["packages"] = [package(d) for d in rows]
    return out


def _flag(params: dict[str, Any], name: str) -> bool:
    return str(params.get(name, "false")).strip().lower() in {"true", "1", "yes", "on"}


def _topic_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(DatasetTopic.code, func.count())
        .join(Dataset, Dataset.id == DatasetTopic.dataset_id)
        .where(Dataset.state == "published")
        .group_by(DatasetTopic.code)
    )
    return {code: n for code, n in rows}


GROUP_SORTS = {"name": "name", "title": "title", "package_count": "package_count"}


def group_list(session: Session, params: dict[str, Any]) -> list[Any]:
    """The topics (BPS subjects) as CKAN groups: names, or dicts with `all_fields`."""
    offset, limit = _paging(params, None)
    sort = str(params.get("sort") or "title asc").strip()
    field, _, direction = sort.partition(" ")
    if field not in GROUP_SORTS or direction.strip().lower() not in {"", "asc", "desc"}:
        raise CkanValidation(
            f"sort: '{sort}' tidak didukung.",
            {"sort": ["Pilihan: name, title, package_count (asc/desc)."]},
        )
    counts = _topic_counts(session)
    groups = [group_dict(t["code"], counts.get(t["code"], 0)) for t in vocab.terms("topics")]
    wanted = _as_list(params.get("groups"))
    if wanted:
        groups = [g for g in groups if g["name"] in wanted or g["id"] in wanted]
    text = str(params.get("q") or "").strip().casefold()
    if text:
        groups = [g for g in groups if text in g["name"] or text in g["title"].casefold()]
    groups.sort(
        key=lambda g: g[GROUP_SORTS[field]] if field != "title" else g["title"].casefold(),
        reverse=direction.strip().lower() == "desc",
    )
    page = groups[offset : offset + limit if limit is not None else None]
    return page if _flag(params, "all_fields") else [g["name"] for g in page]


def group_show(session: Session, params: dict[str, Any]) -> dict[str, Any]:
    """One topic as a CKAN group, by name or id (ckanext-harvest asks by id)."""
    ident = str(params.get("id") or "").strip()
    if not ident:
        raise CkanValidation("id: Missing value", {"id": ["Missing value"]})
    code = next(
        (t["code"] for t in vocab.terms("topics") if ident in (t["code"], topic_id(t["code"]))),
        None,
    )
    if code is None:
        raise NotFound(f"Grup '{ident}' tidak ditemukan.")
    out = group_dict(code, _topic_counts(session).get(code, 0))
    if _flag(params, "include_datasets"):
        rows = session.scalars(
            select(Dataset)
            .join(DatasetTopic, DatasetTopic.dataset_id == Dataset.id)
            .where(DatasetTopic.code == code, Dataset.state == "published")
            .order_by(Dataset.updated_at.desc(), Dataset.id)
            .limit(PACKAGES_SHOWN)
        )
        out["packages"] = [package(d) for d in rows]
    return out


def tag_list(session: Session, params: dict[str, Any]) -> list[str]:
    query = (
        select(DatasetTag.name)
        .join(Dataset, Dataset.id == DatasetTag.dataset_id)
        .where(Dataset.state == "published")
        .group_by(DatasetTag.name)
        .order_by(DatasetTag.name)
    )
    text = str(params.get("query") or params.get("q") or "").strip()
    if text:
        query = query.where(func.lower(DatasetTag.name).contains(text.lower()))
    # "SDGs" and "sdgs" on two datasets are one tag (search matches tags without case)
    names: dict[str, str] = {}
    for name in session.scalars(query):
        names.setdefault(name.casefold(), name)
    return list(names.values())
