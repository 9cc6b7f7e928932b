"""Elasticsearch query, mapping and response builders, tested as pure functions.

The live contract run against a real Elasticsearch is in test_search_contract.py
(parameter `elasticsearch`, when CATALOG_TEST_ES_URL is set).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from catalog.search import elastic, plan
from catalog.search.document import to_document
from catalog.search.query import SearchQuery, parse_text


def _dataset() -> SimpleNamespace:
    org = SimpleNamespace(slug="dinsos", title="Dinas Sosial")
    return SimpleNamespace(
        id="d1", slug="angka-kemiskinan", title="Angka Kemiskinan", description="Perumahan.",
        tag_names=["miskin"], topic_codes=["kemiskinan"], organization=org,
        resources=[SimpleNamespace(format="csv")], license="cc-by-4.0", frequency="tahunan",
        temporal_start=date(2021, 1, 1), temporal_end=date(2023, 12, 31),
        region_codes=["36.03.01.2003"], state="published", recommendation=None, activity=None,
        harvest_source_id=None, created_at=None, updated_at=None,
    )  # fmt: skip


def test_mapping_covers_the_document_exactly() -> None:
    doc = to_document(_dataset())
    assert set(elastic.MAPPINGS["properties"]) == set(doc)
    assert elastic.MAPPINGS["dynamic"] == "strict"
    assert doc["years"] == ["2021", "2022", "2023"]
    assert doc["regions"] == ["36.03.01", "36.03.01.2003"]  # the desa counts for its kecamatan
    assert doc["title_stem"] == "angka miskin" and doc["description_stem"] == "rumah"
    assert doc["recommendation"] == "none" and doc["formats"] == ["CSV"]


def test_words_are_stemmed_with_exact_boost() -> None:
    body = elastic.build_search(SearchQuery("kemiskinan"))
    clause = body["query"]["bool"]["must"][0]["bool"]["must"][0]["bool"]["should"]
    assert clause[0]["multi_match"]["query"] == "miskin"
    assert clause[0]["multi_match"]["fields"] == [
        "title_stem^10",
        "tags_stem^5",
        "description_stem^1",
    ]
    assert clause[1] == {"term": {"exact": {"value": "kemiskinan", "boost": 2.0}}}
    assert body["sort"] == ["_score", {"id": "asc"}]
    assert body["suggest"]["did_you_mean"]["text"] == "kemiskinan"


def test_phrase_prefix_and_match_all() -> None:
    phrase = elastic.build_search(SearchQuery('"penduduk miskin"'))
    must = phrase["query"]["bool"]["must"][0]["bool"]["must"]
    assert must == [
        {
            "multi_match": {
                "query": "duduk miskin",
                "fields": ["title_stem^10", "tags_stem^5", "description_stem^1"],
                "type": "phrase",
            }
        }
    ]
    prefix = elastic.build_search(SearchQuery("jumlah sek", prefix=True))
    assert prefix["query"]["bool"]["must"][0]["bool"]["must"][-1] == {
        "prefix": {"exact": {"value": "sek"}}
    }
    assert "suggest" not in prefix
    empty = elastic.build_search(SearchQuery(""))
    assert empty["query"]["bool"]["must"] == [{"match_all": {}}]
    assert empty["sort"] == [{"modified": "desc"}, {"id": "asc"}]


def test_facets_use_all_other_filters() -> None:
    query = SearchQuery(
        filters={"organization": ("dinkes",), "year": ("2023",)},
        excludes={"format": ("PDF",)},
        ranges={"modified": ("2024-01-01T00:00:00.000000Z", None)},
        facets=("organization", "year"),
        sort="title",
        descending=False,
        page=3,
        per_page=10,
    )
    body = elastic.build_search(query)
    assert body["post_filter"] == {
        "bool": {
            "filter": [{"terms": {"organization": ["dinkes"]}}, {"terms": {"years": ["2023"]}}]
        }
    }
    org_agg = body["aggs"]["organization"]
    assert org_agg["filter"] == {"bool": {"filter": [{"terms": {"years": ["2023"]}}]}}
    assert org_agg["aggs"]["values"]["terms"]["field"] == "organization"
    assert body["aggs"]["year"]["filter"] == {
        "bool": {"filter": [{"terms": {"organization": ["dinkes"]}}]}
    }
    assert body["query"]["bool"]["must_not"] == [{"terms": {"formats": ["PDF"]}}]
    assert body["query"]["bool"]["filter"] == [
        {"range": {"modified": {"gte": "2024-01-01T00:00:00.000000Z"}}}
    ]
    assert body["sort"] == [{"title_sort": "asc"}, {"id": "asc"}]
    assert body["from_"] == 20 and body["size"] == 10


def test_two_words_match_either_and_both_come_first() -> None:
    """Issue 14: a bool query matching the widest tier (either word: minimum_should_match 1
    over the groups), each word scoring, the records holding both lifted by TIER_BOOST; the
    first tier counted in the `complete` aggregation."""
    query = SearchQuery("jumlah penduduk")
    p = plan.plan_text(parse_text(query.text))
    body = elastic.build_search(query, p)
    scoring = body["query"]["bool"]["must"][0]["bool"]
    concepts = [elastic.concept_query(c) for c in p.required]
    either = {"bool": {"should": [{"bool": {"filter": [c]}} for c in concepts],
                       "minimum_should_match": 1}}  # fmt: skip
    assert scoring["filter"] == [{"bool": {"filter": [either]}}]
    both = {"bool": {"filter": concepts}}
    assert scoring["should"] == [
        *concepts,
        {"constant_score": {"filter": both, "boost": elastic.TIER_BOOST}},
    ]
    assert body["aggs"]["complete"] == {"filter": {"bool": {"filter": [both]}}}


def test_a_field_sort_puts_the_tiers_first() -> None:
    query = SearchQuery("jumlah penduduk", sort="title", descending=False)
    body = elastic.build_search(query, plan.plan_text(parse_text(query.text)))
    assert body["sort"] == ["_score", {"title_sort": "asc"}, {"id": "asc"}]
    scoring = body["query"]["bool"]["must"][0]["bool"]
    # the tier lift is the only score
    assert [s["constant_score"]["boost"] for s in scoring["should"]] == [1.0]


def test_the_quality_sort_is_the_mqa_score_then_the_newest_change() -> None:
    body = elastic.build_search(SearchQuery(sort="quality"))
    assert body["sort"] == [{"quality_score": "desc"}, {"modified": "desc"}, {"id": "asc"}]
    asc = elastic.build_search(SearchQuery(sort="quality", descending=False))
    assert asc["sort"] == [{"quality_score": "asc"}, {"modified": "desc"}, {"id": "asc"}]
    query = SearchQuery("jumlah penduduk", sort="quality")
    texted = elastic.build_search(query, plan.plan_text(parse_text(query.text)))
    assert texted["sort"][0] == "_score"  # the tiers first, each by score
    assert elastic.MAPPINGS["properties"]["quality_score"] == {"type": "integer"}


def test_an_index_made_before_the_quality_score_is_rebuilt() -> None:
    """Strict mappings refuse a document with a field the index lacks: an index built
    before quality_score is reported (needs_rebuild, so `catalog init` rebuilds it)."""
    old = {k: v for k, v in elastic.MAPPINGS["properties"].items() if k != "quality_score"}
    assert elastic.missing_fields({"properties": old}) == ["quality_score"]
    assert elastic.missing_fields(elastic.MAPPINGS) == []


def test_three_tiers_read_back_from_the_scores() -> None:
    """Three words: every word (two lifts), most of them (one), any (none); the page is
    cut from the window in tier order with the lifts taken off the scores."""
    query = SearchQuery("sekolah sma smk")
    p = plan.plan_text(parse_text(query.text))
    assert len(elastic.tier_filters(p)) == 3
    lift = elastic.TIER_BOOST
    response = {
        "hits": {
            "total": {"value": 3, "relation": "eq"},
            "hits": [
                {"_id": "any", "_score": 9.0, "_source": {"title": "Jumlah SMK"}},
                {"_id": "most", "_score": lift + 4.0, "_source": {"title": "Sekolah SMA"}},
                {"_id": "all", "_score": 2 * lift + 1.0, "_source": {"title": "Sekolah SMA SMK"}},
            ],
        }
    }
    result = elastic.read_response(query, response, p)
    assert [h.id for h in result.hits] == ["all", "most", "any"]
    assert all(h.score < lift for h in result.hits)


def test_read_response() -> None:
    query = SearchQuery("kemiskinn", facets=("organization",))
    response = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {"_id": "d1", "_score": 3.5, "_source": {"title": "Angka Kemiskinan & <Data>"}}
            ],
        },
        "aggregations": {
            "organization": {"values": {"buckets": [{"key": "dinsos", "doc_count": 1}]}}
        },
        "suggest": {
            "did_you_mean": [
                {"text": "kemiskinn", "offset": 0, "length": 9,
                 "options": [{"text": "kemiskinan", "score": 0.8, "freq": 4}]}
            ]
        },
    }  # fmt: skip
    result = elastic.read_response(query, response)
    assert result.total == 1 and result.hits[0].id == "d1" and result.hits[0].score == 3.5
    assert result.facets["organization"][0].value == "dinsos"
    assert result.suggestion == "kemiskinan"
    marked = elastic.read_response(SearchQuery("kemiskinan"), response).hits[0].highlights
    assert marked["title"] == ["Angka <mark>Kemiskinan</mark> &amp; &lt;Data&gt;"]


def test_rebuild_swaps_the_alias_atomically() -> None:
    name = elastic.versioned_name("catalog-datasets", now=1700000000.5)
    assert name == "catalog-datasets-v1700000000500"
    actions = elastic.alias_actions("catalog-datasets", ["catalog-datasets-v1"], name)
    assert actions == [
        {"remove": {"index": "catalog-datasets-v1", "alias": "catalog-datasets"}},
        {"add": {"index": name, "alias": "catalog-datasets"}},
    ]
    bulk = list(elastic.bulk_actions("ix", [{"id": "a", "title": "t"}], ["b"]))
    assert bulk == [
        {"_op_type": "index", "_index": "ix", "_id": "a", "_source": {"id": "a", "title": "t"}},
        {"_op_type": "delete", "_index": "ix", "_id": "b"},
    ]


def test_bulk_failures_ignore_missing_deletes() -> None:
    errors = [
        {"delete": {"_id": "gone", "status": 404}},
        {"index": {"_id": "x", "status": 400, "error": {"type": "strict_dynamic_mapping"}}},
    ]
    assert elastic.bulk_failures(errors) == [errors[1]]
    assert elastic.bulk_failures([errors[0]]) == []


def test_writes_never_create_an_index() -> None:
    """Bulk writes go through the alias and ask the server to refuse items whose target is
    not an alias (no plain index with guessed mappings under the alias's name)."""
    assert elastic.WRITE_OPTIONS["require_alias"] is True
    bulk = list(elastic.bulk_actions("catalog-datasets", [{"id": "a"}], ["b"]))
    assert {action["_index"] for action in bulk} == {"catalog-datasets"}


def test_a_lost_index_is_a_failure_not_a_missing_document() -> None:
    """Deleting a document that is not there is fine; a delete refused because the index or
    alias is gone must keep its outbox row."""
    gone = {
        "delete": {
            "_index": "catalog-datasets", "_id": "b", "status": 404,
            "error": {"type": "index_not_found_exception", "reason": "no such index"},
        }
    }  # fmt: skip
    missing_document = {"delete": {"_id": "c", "status": 404, "result": "not_found"}}
    assert elastic.bulk_failures([gone, missing_document]) == [gone]


def test_the_alias_swap_replaces_a_plain_index_squatting_on_its_name() -> None:
    actions = elastic.alias_actions("catalog-datasets", [], "catalog-datasets-v2", squatter=True)
    assert actions == [
        {"remove_index": {"index": "catalog-datasets"}},
        {"add": {"index": "catalog-datasets-v2", "alias": "catalog-datasets"}},
    ]
    assert elastic.alias_state(True, False) is None
    assert "indeks biasa" in (elastic.alias_state(False, True) or "")
    assert "catalog reindex" in (elastic.alias_state(False, False) or "")
