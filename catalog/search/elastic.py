"""Elasticsearch backend: explicit mappings, a versioned index behind an alias, the same
Python-side Indonesian analysis as the embedded engine.

The request bodies and the reading of responses are pure functions (tested without a
server); ElasticBackend only sends them with the official client.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from typing import Any

from catalog.search import analysis, plan
from catalog.search.highlight import highlighted_hits
from catalog.search.query import (
    FILTERS,
    FacetValue,
    ParsedText,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    parse_text,
)

# Same column weights as sqlite_fts.WEIGHTS (title > tags/topics > context > description;
# exact words; context: agency names, places and years, see document.context_text).
WEIGHTS = {"title_stem": 10.0, "tags_stem": 5.0, "description_stem": 1.0, "context": 3.0}
EXACT_BOOST = 2.0
STEMMED_FIELDS = [f"{name}^{boost:g}" for name, boost in WEIGHTS.items() if name != "context"]
# the same with the structured words, for the words plan.structured accepts
WITH_CONTEXT = [f"{name}^{boost:g}" for name, boost in WEIGHTS.items()]
# the fields a word's document count is read from (the most of any; sqlite_fts.COUNTED)
COUNTED_FIELDS = ("title_stem", "tags_stem", "description_stem", "exact", "context")
# added to the score of a record for each tier narrower than the widest it is in (the first:
# every required word), so the tiers come first in order
TIER_BOOST = 1_000_000.0

KEYWORD = {"type": "keyword"}
# Text arrives analysed (lower-cased, stemmed) from catalog.search.analysis: split on spaces.
PRE_ANALYSED = {"type": "text", "analyzer": "pre_analysed", "similarity": "BM25"}
MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": KEYWORD,
        "slug": KEYWORD,
        "title": {"type": "text", "index": False},
        "description": {"type": "text", "index": False},
        "tags": KEYWORD,
        "topics": KEYWORD,
        "topic_labels": {"type": "keyword", "index": False},
        "organization": KEYWORD,
        "organization_title": {"type": "keyword", "index": False},
        "formats": KEYWORD,
        "license": KEYWORD,
        "frequency": KEYWORD,
        "years": KEYWORD,
        "regions": KEYWORD,
        "state": KEYWORD,
        "recommendation": KEYWORD,
        "quality": KEYWORD,
        "quality_score": {"type": "integer"},
        "harvest_source": KEYWORD,
        "created": {"type": "date"},
        "modified": {"type": "date"},
        "title_stem": PRE_ANALYSED,
        "tags_stem": PRE_ANALYSED,
        "description_stem": PRE_ANALYSED,
        "exact": PRE_ANALYSED,
        "context": PRE_ANALYSED,
        "title_exact": PRE_ANALYSED,
        "title_sort": KEYWORD,
    },
}
SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,  # one shard: BM25 statistics are global, as in the embedded engine
    "number_of_replicas": 0,
    "max_result_window": 201_000,
    "analysis": {"analyzer": {"pre_analysed": {"type": "custom", "tokenizer": "whitespace"}}},
}
SORT_FIELDS = {
    "modified": "modified",
    "created": "created",
    "title": "title_sort",
    "id": "id",
    "quality": "quality_score",
}


def missing_fields(mappings: dict[str, Any]) -> list[str]:
    """The fields of MAPPINGS an index's mappings (as get_mapping answers) lack: an index
    built by an older version, rebuilt by `catalog init`."""
    have = mappings.get("properties", {})
    return sorted(name for name in MAPPINGS["properties"] if name not in have)


def versioned_name(alias: str, now: float | None = None) -> str:
    """A new physical index name behind `alias` (milliseconds keep rebuilds apart)."""
    return f"{alias}-v{int((now if now is not None else time.time()) * 1000)}"


def alias_actions(
    alias: str, old_indices: list[str], new_index: str, squatter: bool = False
) -> list[dict[str, Any]]:
    """One atomic alias update: point `alias` at `new_index` only. With `squatter`, a plain
    index named like the alias (made by a write that reached a server without the alias) is
    deleted in the same update, so readers never see neither."""
    actions: list[dict[str, Any]] = [
        {"remove": {"index": old, "alias": alias}} for old in old_indices
    ]
    if squatter:
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new_index, "alias": alias}})
    return actions


# Writes through the alias never create an index: when the alias is gone (the server lost
# its data) the server refuses each item instead of making a plain index with guessed
# mappings under the alias's name, and the outbox keeps the rows until `catalog reindex`.
WRITE_OPTIONS: dict[str, Any] = {"refresh": True, "raise_on_error": False, "require_alias": True}


def bulk_actions(
    index: str, upserts: Iterable[dict[str, Any]], deletes: Iterable[str] = ()
) -> Iterator[dict[str, Any]]:
    """Actions for elasticsearch.helpers.bulk: index whole documents, delete by id."""
    for doc in upserts:
        yield {"_op_type": "index", "_index": index, "_id": doc["id"], "_source": doc}
    for doc_id in deletes:
        yield {"_op_type": "delete", "_index": index, "_id": doc_id}


def bulk_failures(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bulk item errors that matter: deleting a document that is not there is fine (404
    `not_found`); a 404 with an error (the index or alias is gone) is not."""
    failed = []
    for item in errors:
        for op, result in item.items():
            if op == "delete" and result.get("status") == 404 and not result.get("error"):
                continue
            failed.append({op: result})
    return failed


def alias_state(is_alias: bool, plain_index: bool) -> str | None:
    """What is wrong with the alias, in the words readiness and the CLI show; None when it is
    an alias (then its index is there: an index deleted takes its aliases with it)."""
    if is_alias:
        return None
    if plain_index:
        return "berupa indeks biasa, bukan alias: jalankan `catalog reindex`"
    return "tidak ada (indeks hilang di server): jalankan `catalog reindex`"


def _alternative(words: tuple[str, ...]) -> dict[str, Any]:
    fields = WITH_CONTEXT if plan.structured(words) else STEMMED_FIELDS
    if len(words) == 1:
        return {
            "bool": {
                "should": [
                    {
                        "multi_match": {
                            "query": analysis.stem(words[0]),
                            "fields": fields,
                            "type": "most_fields",
                        }
                    },
                    {"term": {"exact": {"value": words[0], "boost": EXACT_BOOST}}},
                ],
                "minimum_should_match": 1,
            }
        }
    return {
        "multi_match": {
            "query": " ".join(analysis.stem(w) for w in words),
            "fields": fields,
            "type": "phrase",
        }
    }


def concept_query(concept: plan.Concept) -> dict[str, Any]:
    """Any alternative of a concept (the word stemmed or as typed, its glossary phrases)."""
    if len(concept.alternatives) == 1:
        return _alternative(concept.alternatives[0])
    return {
        "bool": {
            "should": [_alternative(a) for a in concept.alternatives],
            "minimum_should_match": 1,
        }
    }


def _fixed_clauses(p: plan.Plan) -> list[dict[str, Any]]:
    """The quoted phrases and the prefix: required in every tier."""
    fixed: list[dict[str, Any]] = [
        {
            "multi_match": {
                "query": " ".join(analysis.stem(w) for w in phrase),
                "fields": STEMMED_FIELDS,
                "type": "phrase",
            }
        }
        for phrase in p.phrases
    ]
    if p.prefix:
        fixed.append({"prefix": {"exact": {"value": p.prefix}}})
    return fixed


def tier_filters(p: plan.Plan) -> list[dict[str, Any]]:
    """Each tier of the plan as a filter (no scoring), the first (every required concept)
    first, the widest last: a tier of p.partial holds every concept of any of its groups."""
    concepts = [concept_query(c) for c in p.required]
    fixed = _fixed_clauses(p)
    tiers = [{"bool": {"filter": [*concepts, *fixed]}}]
    for groups in p.partial:
        some = [{"bool": {"filter": [concepts[i] for i in group]}} for group in groups]
        tiers.append(
            {"bool": {"filter": [{"bool": {"should": some, "minimum_should_match": 1}}, *fixed]}}
        )
    return tiers


def text_query(
    parsed: ParsedText, p: plan.Plan | None = None, scored: bool = True
) -> dict[str, Any]:
    """The matching and scoring part (see plan): every required concept, phrase and prefix
    must match; a relaxed plan matches its widest tier, and each narrower tier a record is in
    lifts it by TIER_BOOST (a tier-1 record of a three-tier plan gets 2 x TIER_BOOST), so
    the tiers come first in order; within a tier, the scores of the concepts it holds.

    `scored=False` (sorted by a field): the tier lifts only (1 each), for sorting by
    `_score` first."""
    p = p or plan.plan_text(parsed)
    concepts = [concept_query(c) for c in p.required]
    fixed = _fixed_clauses(p)
    if not p.relaxed:
        must = [*concepts, *fixed]
        return {"bool": {"must": must}} if must else {"match_all": {}}
    tiers = tier_filters(p)
    boost = TIER_BOOST if scored else 1.0
    lifts = [{"constant_score": {"filter": t, "boost": boost}} for t in tiers[:-1]]
    if not scored:
        return {"bool": {"filter": [tiers[-1]], "should": lifts}}
    return {"bool": {"filter": [tiers[-1]], "must": fixed, "should": [*concepts, *lifts]}}


def doc_freq_request(terms: list[str]) -> dict[str, Any]:
    """Keyword arguments for Elasticsearch.search() counting, per term and text field, the
    documents holding it (plan.plan_text needs the most of any field)."""
    aggs = {
        f"t{i}_{field}": {"filter": {"term": {field: term}}}
        for i, term in enumerate(terms)
        for field in COUNTED_FIELDS
    }
    return {"size": 0, "track_total_hits": False, "aggs": aggs}


def read_doc_freq(terms: list[str], response: dict[str, Any]) -> dict[str, int]:
    aggs = response.get("aggregations") or {}
    return {
        term: max(int(aggs.get(f"t{i}_{f}", {}).get("doc_count", 0)) for f in COUNTED_FIELDS)
        for i, term in enumerate(terms)
    }


def window_of(query: SearchQuery, parsed: ParsedText) -> bool:
    """Whether the page is cut from the re-ranked first plan.RESCORE_WINDOW results."""
    return (
        query.sort == "relevance"
        and plan.plan_text(parsed).ranked_by_bonus
        and query.first < plan.RESCORE_WINDOW
    )


def build_suggest(text: str, limit: int) -> dict[str, Any]:
    """Keyword arguments for Elasticsearch.search() answering suggest-as-you-type: titles
    continuing the typed phrase ("kebakaran h" -> "kebakaran hutan") lifted above the
    others that hold the words and a word with the prefix."""
    query = SearchQuery(text=text, prefix=True, per_page=limit, highlight=False)
    body = build_search(query)
    parsed = parse_text(text, prefix=True)
    if parsed.prefix and parsed.words:
        follow = {
            "match_phrase_prefix": {
                "title_exact": {"query": " ".join([*parsed.words, parsed.prefix])}
            }
        }
        body["query"]["bool"]["should"] = [
            {"constant_score": {"filter": follow, "boost": TIER_BOOST}}
        ]
    return body


def _terms(name: str, values: tuple[str, ...]) -> dict[str, Any]:
    return {"terms": {FILTERS[name]: list(values)}}


def filter_clauses(query: SearchQuery, skip: str | None = None) -> list[dict[str, Any]]:
    return [_terms(n, v) for n, v in sorted(query.filters.items()) if v and n != skip]


def build_search(query: SearchQuery, p: plan.Plan | None = None) -> dict[str, Any]:
    """Keyword arguments for Elasticsearch.search() answering `query` (`p`: its plan, made
    with document counts by the backend; without, no word counts as common).

    Filters go to post_filter so that each facet aggregation can apply all filters except
    its own (facet counts that respect the other active filters). A page among the first
    plan.RESCORE_WINDOW results by relevance is cut from that window after re-ranking
    (read_response), so the whole window is asked for.
    """
    parsed = parse_text(query.text, query.prefix)
    base_filter: list[dict[str, Any]] = []
    for name, (low, high) in sorted(query.ranges.items()):
        bounds = {k: v for k, v in (("gte", low), ("lte", high)) if v is not None}
        base_filter.append({"range": {name: bounds}})
    must_not = [_terms(n, v) for n, v in sorted(query.excludes.items()) if v]
    p = p or plan.plan_text(parsed)
    tiered = p.relaxed and not parsed.empty
    scoring = text_query(parsed, p, scored=query.sort == "relevance")
    main: dict[str, Any] = {
        "bool": {"must": [scoring], "filter": base_filter, "must_not": must_not}
    }
    if query.sort == "relevance" and not parsed.empty:
        sort: list[Any] = ["_score", {"id": "asc"}]
    elif query.sort == "relevance":
        sort = [{"modified": "desc"}, {"id": "asc"}]
    else:
        direction = "desc" if query.descending else "asc"
        # the tiers first (their lifts are the only score), each in the asked order
        sort = ["_score"] if tiered else []
        sort.append({SORT_FIELDS[query.sort]: direction})
        if query.sort == "quality":  # equal scores: the newest change first
            sort.append({"modified": "desc"})
        if query.sort != "id":
            sort.append({"id": "asc"})
    body: dict[str, Any] = {
        "query": main,
        "sort": sort,
        "from_": query.first,
        "size": query.per_page,
        "track_total_hits": True,
        "source_excludes": ["title_stem", "tags_stem", "description_stem", "exact", "title_exact"],
    }
    if window_of(query, parsed) and query.per_page:
        body["from_"] = 0
        body["size"] = max(plan.RESCORE_WINDOW, query.first + query.per_page)
    active = filter_clauses(query)
    if active:
        body["post_filter"] = {"bool": {"filter": active}}
    if tiered:
        # how many results (with the filters) match every required word: the first tier
        every = tier_filters(p)[0]
        body["aggs"] = {"complete": {"filter": {"bool": {"filter": [every, *active]}}}}
    aggs: dict[str, Any] = {}
    for name in query.facets:
        others = filter_clauses(query, skip=name)
        terms = {
            "terms": {
                "field": FILTERS[name],
                "size": query.facet_limit,
                "order": [{"_count": "desc"}, {"_key": "asc"}],
            }
        }
        aggs[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": terms}}
    if aggs:
        body["aggs"] = {**body.get("aggs", {}), **aggs}
    if parsed.words and not parsed.prefix:
        body["suggest"] = {
            "did_you_mean": {
                "text": " ".join(parsed.words),
                "term": {"field": "exact", "suggest_mode": "missing", "max_edits": 2, "size": 3},
            }
        }
    return body


def read_suggestion(response: dict[str, Any]) -> str | None:
    """The did-you-mean text from a term suggester answer (most documents, then closest);
    dictionary and glossary words are never replaced (analysis.protected)."""
    entries = (response.get("suggest") or {}).get("did_you_mean") or []
    changed = False
    words: list[str] = []
    for entry in entries:
        options = entry.get("options") or []
        if options and not analysis.protected(entry["text"]):
            best = sorted(options, key=lambda o: (-o.get("score", 0), -o.get("freq", 0)))[0]
            words.append(best["text"])
            changed = True
        else:
            words.append(entry["text"])
    return " ".join(words) if changed else None


def rescored(
    query: SearchQuery, p: plan.Plan, raw_hits: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The page cut from the re-ranked window (the first plan.RESCORE_WINDOW hits: tier,
    then score times plan.bonus; stems of title, tags and context), as sqlite_fts does."""
    ranked = []
    for raw in raw_hits:
        source = raw.get("_source") or {}
        score = float(raw.get("_score") or 0.0)
        lifts = min(int(score // TIER_BOOST), len(p.partial)) if p.relaxed else 0
        tier = 1 + len(p.partial) - lifts if p.relaxed else 1
        text = " ".join(
            [str(source.get("title") or "")]
            + [str(t) for t in source.get("tags") or []]
            + [str(t) for t in source.get("topic_labels") or []]
        )
        item = plan.Ranked(key=raw, tier=tier, score=score - lifts * TIER_BOOST)
        item.title_words = analysis.tokens(str(source.get("title") or ""))
        item.stems = {*analysis.stems(text), *str(source.get("context") or "").split()}
        ranked.append(item)
    window = plan.RESCORE_WINDOW
    ordered = plan.rescore(p, ranked[:window]) + ranked[window:]
    out = []
    for item in ordered[query.first : query.first + query.per_page]:
        raw = dict(item.key)  # type: ignore[call-overload]
        raw["_score"] = item.score
        out.append(raw)
    return out


def read_response(
    query: SearchQuery, response: dict[str, Any], p: plan.Plan | None = None
) -> SearchResult:
    """A SearchResult from an Elasticsearch search response (built by build_search with the
    same plan `p`)."""
    parsed = parse_text(query.text, query.prefix)
    raw_hits = response["hits"]["hits"]
    if window_of(query, parsed) and query.per_page:
        raw_hits = rescored(query, p or plan.plan_text(parsed), raw_hits)
    found = ((r["_id"], float(r.get("_score") or 0.0), r.get("_source") or {}) for r in raw_hits)
    hits = highlighted_hits(query, parsed, found)
    total = response["hits"]["total"]
    facets: dict[str, list[FacetValue]] = {}
    for name in query.facets:
        buckets = (
            response.get("aggregations", {}).get(name, {}).get("values", {}).get("buckets", [])
        )
        facets[name] = [FacetValue(value=str(b["key"]), count=int(b["doc_count"])) for b in buckets]
    count = int(total["value"] if isinstance(total, dict) else total)
    complete = (response.get("aggregations") or {}).get("complete", {}).get("doc_count", count)
    return SearchResult(
        total=count,
        hits=hits,
        facets=facets,
        suggestion=read_suggestion(response),
        complete=int(complete),
    )


class ElasticBackend:
    """The search contract on Elasticsearch, through the official client.

    Nothing here creates an index on the way: reads and writes go through the alias, which
    only a full rebuild (`catalog init` on a new server, `catalog reindex`) makes. Each
    write checks the alias first and asks the server to refuse items that do not go to an
    alias, so an index lost on the server keeps the changes in the outbox and makes /readyz
    not ready, rather than filling a new empty index nobody rebuilds.
    """

    name = "elasticsearch"

    def __init__(self, url: str, alias: str, timeout: float = 10.0) -> None:
        self.url = url
        self.alias = alias
        self.timeout = timeout
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(self.url, request_timeout=self.timeout, max_retries=1)
        return self._client

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        from elasticsearch import ApiError, TransportError
        from elasticsearch.helpers import BulkIndexError

        try:
            return fn(*args, **kwargs)
        except (TransportError, ApiError, BulkIndexError, ConnectionError) as exc:
            raise SearchUnavailable(f"Elasticsearch {self.url}: {exc}") from exc

    def _create_index(self) -> str:
        index = versioned_name(self.alias)
        self._call(self.client.indices.create, index=index, mappings=MAPPINGS, settings=SETTINGS)
        return index

    def _alias_problem(self) -> str | None:
        """None when the alias exists, else what is wrong (see alias_state)."""
        if self._call(self.client.indices.exists_alias, name=self.alias):
            return None
        plain = bool(self._call(self.client.indices.exists, index=self.alias))
        return alias_state(False, plain)

    def _require_alias(self) -> None:
        problem = self._alias_problem()
        if problem is not None:
            raise SearchUnavailable(f"Elasticsearch {self.url}: alias '{self.alias}' {problem}")

    def _alias_indices(self) -> list[str]:
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            return []
        return sorted(self._call(self.client.indices.get_alias, name=self.alias).body)

    def needs_rebuild(self) -> bool:
        """True when there is no alias to write to (a new server, or one that lost the index),
        or its index was made with older mappings (a field of MAPPINGS missing, e.g.
        quality_score: strict mappings refuse the new documents): `catalog init` then
        builds the index from the database."""
        if self._alias_problem() is not None:
            return True
        found = self._call(self.client.indices.get_mapping, index=self.alias).body
        return any(missing_fields(m.get("mappings", {})) for m in found.values())

    def apply(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        from elasticsearch import helpers

        if not upserts and not deletes:
            return
        self._require_alias()
        _ok, errors = self._call(
            helpers.bulk, self.client, bulk_actions(self.alias, upserts, deletes), **WRITE_OPTIONS
        )
        failed = bulk_failures(errors)
        if failed:
            # the outbox keeps the rows: nothing is lost, the next drain tries again
            raise SearchUnavailable(f"Elasticsearch bulk: {len(failed)} gagal: {failed[:3]}")

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        self.apply(documents, [])

    def delete(self, ids: list[str]) -> None:
        self.apply([], ids)

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Bulk-index into a new versioned index, swap the alias atomically, drop the old.

        Repairs whatever it finds: no alias (a new or emptied server), an alias on older
        indices, or a plain index squatting on the alias's name (replaced in the swap)."""
        from elasticsearch import helpers

        old = self._alias_indices()
        squatter = not old and bool(self._call(self.client.indices.exists, index=self.alias))
        index = self._create_index()
        count = 0

        def counted() -> Iterator[dict[str, Any]]:
            nonlocal count
            for action in bulk_actions(index, documents):
                count += 1
                yield action

        try:
            self._call(helpers.bulk, self.client, counted(), chunk_size=1000)
            self._call(self.client.indices.refresh, index=index)
            self._call(
                self.client.indices.update_aliases,
                actions=alias_actions(self.alias, old, index, squatter=squatter),
            )
        except BaseException:
            # the half-built index would only take space (readers never saw it); best effort:
            # the error that matters is the one raised
            with contextlib.suppress(Exception):
                self.client.indices.delete(index=index, ignore_unavailable=True)
            raise
        for name in old:
            self._call(self.client.indices.delete, index=name)
        return count

    def _doc_freq(self, terms: list[str]) -> dict[str, int]:
        response = self._call(self.client.search, index=self.alias, **doc_freq_request(terms))
        return read_doc_freq(terms, dict(response.body))

    def search(self, query: SearchQuery) -> SearchResult:
        query.validate()
        p = plan.plan_text(parse_text(query.text, query.prefix), self._doc_freq)
        body = build_search(query, p)
        response = self._call(self.client.search, index=self.alias, **body)
        return read_response(query, dict(response.body), p)

    def suggest(self, text: str, limit: int = 8) -> list[dict[str, Any]]:
        query = SearchQuery(text=text, prefix=True, per_page=limit, highlight=False)
        query.validate()
        response = self._call(self.client.search, index=self.alias, **build_suggest(text, limit))
        result = read_response(query, dict(response.body))
        return [
            {"id": h.id, "slug": h.document.get("slug"), "title": h.document.get("title")}
            for h in result.hits
        ]

    def ids(self) -> set[str]:
        from elasticsearch import helpers

        hits = self._call(
            lambda: list(
                helpers.scan(
                    self.client, index=self.alias, query={"query": {"match_all": {}}}, _source=False
                )
            )
        )
        return {h["_id"] for h in hits}

    def health(self) -> dict[str, Any]:
        try:
            problem = self._alias_problem()
            if problem is not None:
                return {
                    "ok": False,
                    "backend": self.name,
                    "alias": self.alias,
                    "error": f"alias '{self.alias}' {problem}",
                }
            count = self._call(self.client.count, index=self.alias).body["count"]
        except SearchUnavailable as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}
        return {"ok": True, "backend": self.name, "documents": count, "alias": self.alias}
