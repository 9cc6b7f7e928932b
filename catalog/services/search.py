"""Dataset search for every interface (REST v1, CKAN Action API, web pages).

The backend answers ids and documents; the datasets shown are loaded from the database,
so what a reader sees is the system of record, never a stale copy.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import String, bindparam, select, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, aliased

from catalog.clock import today as today_default
from catalog.errors import ServiceError, ValidationFailed
from catalog.models import Activity, Dataset, Organization, Recommendation
from catalog.search.query import (
    FILTERS,
    InvalidQuery,
    SearchBackend,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)
from catalog.services.auth import Actor, can_read, can_read_dataset, sees_hidden_variables

SEARCH_DOWN = "Layanan pencarian sedang tidak tersedia. Coba lagi sebentar."


class SearchDown(ServiceError):
    status = 503
    code = "search_unavailable"


def build_query(
    *,
    text: str = "",
    filters: dict[str, list[str] | tuple[str, ...]] | None = None,
    facets: list[str] | tuple[str, ...] = (),
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facet_limit: int = 20,
    descending: bool | None = None,
) -> SearchQuery:
    """A validated SearchQuery from plain arguments; unknown names are field errors (422).

    `sort` may carry a direction ("title asc", "-modified"); relevance and dates default to
    descending, title to ascending.
    """
    sort = (sort or "relevance").strip()
    if sort.startswith("-"):
        sort, descending = sort[1:], True
    name, _, direction = sort.partition(" ")
    if direction:
        if direction.lower() not in {"asc", "desc"}:
            raise ValidationFailed("Urutan tidak sah.", {"sort": ["Arah harus asc atau desc."]})
        descending = direction.lower() == "desc"
    if descending is None:
        descending = name not in {"title", "id"}
    query = SearchQuery(
        text=(text or "").strip(),
        filters={k: tuple(v) for k, v in (filters or {}).items() if v},
        facets=tuple(facets),
        facet_limit=facet_limit,
        sort=name,
        descending=descending,
        page=page,
        per_page=per_page,
    )
    try:
        query.validate()
    except InvalidQuery as exc:
        raise ValidationFailed(exc.message, {exc.field: [exc.message]}) from exc
    return query


def run(backend: SearchBackend, query: SearchQuery) -> SearchResult:
    """Ask the backend; an unreachable backend is a 503, a refused query a 422."""
    try:
        return backend.search(query)
    except InvalidQuery as exc:
        raise ValidationFailed(exc.message, {exc.field: [exc.message]}) from exc
    except SearchUnavailable as exc:
        raise SearchDown(SEARCH_DOWN) from exc


@dataclass
class Answer:
    """A search result and, when typos were corrected, the query searched instead."""

    result: SearchResult
    # set when a misspelt query found nothing (or only partial matches) and the corrected
    # query was searched instead: "Menampilkan hasil untuk <corrected>. Cari <original> saja?"
    corrected_query: str | None = None
    original_query: str | None = None


@dataclass(kw_only=True)
class SearchPage(Answer):
    """A result with its datasets loaded from the database, in hit order."""

    datasets: list[Dataset]


def corrected_search(backend: SearchBackend, query: SearchQuery, correct: bool = True) -> Answer:
    """Run the query; when it finds nothing, or only records matching part of its words, and
    the backend proposes a correction of its words, search the corrected query instead and
    say so (`corrected_query`, `original_query`). `correct=False` searches the words as
    typed ("Cari ... saja?"). Quoted phrases are never corrected."""
    result = run(backend, query)
    weak = result.total == 0 or result.complete == 0
    if not (correct and weak and result.suggestion) or query.prefix or '"' in query.text:
        return Answer(result)
    again = run(backend, replace(query, text=result.suggestion))
    if again.total == 0 or (again.complete == 0 and result.total > 0):
        return Answer(result)
    again.suggestion = result.suggestion  # what the words as typed suggested
    return Answer(again, corrected_query=result.suggestion, original_query=query.text)


def search_datasets(
    session: Session, actor: Actor, backend: SearchBackend, query: SearchQuery, correct: bool = True
) -> SearchPage:
    """Run the query (see corrected_search) and load the hit datasets the actor may read, in
    hit order."""
    answer = corrected_search(backend, query, correct)
    result = answer.result
    ids = [h.id for h in result.hits]
    rows = {d.id: d for d in session.scalars(select(Dataset).where(Dataset.id.in_(ids)))}
    datasets = [rows[i] for i in ids if i in rows and can_read_dataset(actor, rows[i])]
    return SearchPage(
        result=result,
        datasets=datasets,
        corrected_query=answer.corrected_query,
        original_query=answer.original_query,
    )


@dataclass(kw_only=True)
class ProfilePage(Answer):
    """A result with the serialized profiles of its datasets, in hit order."""

    profiles: list[bytes]

    @property
    def highlights(self) -> dict[str, dict[str, list[str]]]:
        return {h.id: h.highlights for h in self.result.hits if h.highlights}


class ProfileCache:
    """The output of the dataset serializer (encoded JSON), per database, keyed by what it
    depends on.

    A key holds the dataset's version (bumped by every change of the dataset, its resources,
    tags, topics and regions), its agency's updated_at (the agency's title and slug are
    shown), its recommendation's version (a decision does not bump the dataset), the version
    of its statistical activity and of that activity's recommendation (a dataset shows the
    activity's status when it inherits it) and today (an expired recommendation is derived
    from the date), so a stale entry is never read:
    it simply stops being asked for and ages out of the LRU.
    """

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._by_db: weakref.WeakKeyDictionary[Engine, OrderedDict[Hashable, bytes]]
        self._by_db = weakref.WeakKeyDictionary()

    def _entries(self, engine: Engine) -> OrderedDict[Hashable, bytes]:
        entries = self._by_db.get(engine)
        if entries is None:
            entries = self._by_db[engine] = OrderedDict()
        return entries

    def get_many(self, engine: Engine, keys: dict[str, Hashable]) -> dict[str, bytes]:
        """The cached outputs of those of `keys` (name -> key) that are cached, by name."""
        found = {}
        with self._lock:
            entries = self._entries(engine)
            for name, key in keys.items():
                value = entries.get(key)
                if value is not None:
                    entries.move_to_end(key)
                    found[name] = value
        return found

    def put(self, engine: Engine, key: Hashable, value: bytes) -> None:
        with self._lock:
            entries = self._entries(engine)
            entries[key] = value
            entries.move_to_end(key)
            while len(entries) > self.size:
                entries.popitem(last=False)


PROFILES = ProfileCache()

# One narrow query: what readability and the cache key need, no relationships. Built once:
# building and keying it per request cost more than running it. The agency's updated_at is
# only compared, so the driver's value is kept as it comes (on SQLite, parsing 20 timestamp
# strings per page cost a quarter of the query).
_ACTIVITY_REC = aliased(Recommendation)
_STAMPS_FROM = (
    select(
        Dataset.id,
        Dataset.version,
        Dataset.state,
        Dataset.organization_id,
        type_coerce(Organization.updated_at, String),
        Recommendation.version,
        Activity.version,
        _ACTIVITY_REC.version,
    )
    .join(Organization, Organization.id == Dataset.organization_id)
    .outerjoin(Recommendation, Recommendation.dataset_id == Dataset.id)
    .outerjoin(Activity, Activity.id == Dataset.activity_id)
    .outerjoin(_ACTIVITY_REC, _ACTIVITY_REC.activity_id == Dataset.activity_id)
)
# ... and run as the driver's own SQL, compiled once per dialect and number of ids (a page
# has 20): an expanding IN is rendered again at every execution, and with the result
# processing that cost as much as SQLite's work (issue 21).
_STAMPS_SQL: dict[tuple[str, str, int], tuple[str, tuple[str, ...] | None]] = {}


def _stamps(conn: Connection, ids: list[str]) -> Sequence[Any]:
    """(id, version, state, organization_id, agency updated_at, recommendation version,
    activity version, activity's recommendation version) of the datasets `ids`."""
    key = (conn.dialect.name, conn.dialect.driver, len(ids))
    found = _STAMPS_SQL.get(key)
    if found is None:
        names = [f"id{k}" for k in range(len(ids))]
        statement = _STAMPS_FROM.where(Dataset.id.in_([bindparam(n) for n in names]))
        compiled = statement.compile(dialect=conn.dialect)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        found = _STAMPS_SQL[key] = (compiled.string, order)
    sql, order = found
    values = {f"id{k}": value for k, value in enumerate(ids)}
    params = tuple(values[name] for name in order) if order is not None else values
    return conn.exec_driver_sql(sql, params).all()


def search_profiles(
    session: Session,
    actor: Actor,
    backend: SearchBackend,
    query: SearchQuery,
    dump: Callable[[Dataset], bytes],
    correct: bool = True,
) -> ProfilePage:
    """Like search_datasets, but answers `dump(dataset)` for each readable hit, reusing the
    cached output for datasets unchanged since it was made; only the others are loaded.
    `dump` may show hidden variables to those who may see them: the cache keeps both forms."""
    answer = corrected_search(backend, query, correct)
    result = answer.result
    ids = [h.id for h in result.hits]
    fixed = {"corrected_query": answer.corrected_query, "original_query": answer.original_query}
    if not ids:
        return ProfilePage(result=result, profiles=[], **fixed)
    today = today_default()
    stamps = _stamps(session.connection(), ids)
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine  # a session bound to a Connection
    keys: dict[str, Hashable] = {}
    for doc_id, version, state, org_id, org_updated, rec_version, *activity in stamps:
        if can_read(actor, state, org_id):
            # hidden variables are in the output only for some actors (visible_variables)
            hidden = sees_hidden_variables(actor, org_id)
            keys[doc_id] = (doc_id, version, org_updated, rec_version, *activity, today, hidden)
    found = PROFILES.get_many(engine, keys)
    missing = [i for i in keys if i not in found]
    if missing:
        for dataset in session.scalars(select(Dataset).where(Dataset.id.in_(missing))):
            key = keys[dataset.id]
            # the row read now may be newer than the stamp: cache it under its own key
            if dataset.version == key[1]:  # type: ignore[index]
                PROFILES.put(engine, key, found.setdefault(dataset.id, dump(dataset)))
            else:
                found[dataset.id] = dump(dataset)
    return ProfilePage(result=result, profiles=[found[i] for i in ids if i in found], **fixed)


def suggest(backend: SearchBackend, text: str, limit: int = 8) -> list[dict[str, Any]]:
    text = (text or "")[:200]
    try:
        return backend.suggest(text, limit)
    except InvalidQuery as exc:
        # half-typed quotes are normal while typing: suggest from the words alone
        if '"' in text:
            return suggest(backend, text.replace('"', " "), limit)
        raise ValidationFailed(exc.message, {"q": [exc.message]}) from exc
    except SearchUnavailable as exc:
        raise SearchDown(SEARCH_DOWN) from exc


def with_page(query: SearchQuery, page: int, per_page: int) -> SearchQuery:
    return replace(query, page=page, per_page=per_page)


FILTER_NAMES = tuple(FILTERS)
