"""Search relevance on real records: the catalog against plain BM25 baselines.

    python bench/relevance.py                  # the table
    python bench/relevance.py --per-kind       # the same, per kind of query too
    python bench/relevance.py --show-judgments # what the rules judge relevant, per query
    python bench/relevance.py --show QUERY     # each system's top 10 for one query
    python bench/relevance.py --split          # also the tuning and the held-out half

Records: bench/data/relevance/records.jsonl, real dataset metadata of three Indonesian
government portals (Satu Data Aceh, Open Data Jambi, Open Data Kota Bandung; sources and
commits in bench/data/relevance/README.md). Queries and judgments:
bench/data/relevance/queries.json -- each query carries rules written from what it means
(grade 2: clearly what was asked, grade 1: related), applied to every record, so every
system is judged against the same complete judgments, never against its own answers.

Systems, all over the same records:

- `bm25`: rank-bm25 (BM25Okapi) over the unstemmed words of title, description, tags and
  agency -- the plain baseline.
- `bm25+sastrawi`: the same words stemmed with Sastrawi (the catalog's own stemmer).
- `catalog/sqlite`: the catalog itself -- records stored in a fresh SQLite catalog, the
  embedded index built by the real `catalog reindex` path, queries run through the search
  service the web page and the v1 API use (so typo correction is included).
- `catalog/elasticsearch`: the same against CATALOG_TEST_ES_URL, when it is set.

Figures: nDCG@10 (graded gains 0/1/2), P@10 and recall@20 (grade >= 1), MRR (first result of
grade >= 1) and the share of queries that find nothing. Needs the `bench` extra
(`pip install -e '.[bench]'`).

`--split`: the queries fall in two halves, alternately within each kind in file order (the
1st, 3rd, ... query of a kind in the tuning half, the 2nd, 4th, ... held out). Settings of
the catalog's ranking chosen by looking at figures are chosen on the tuning half only; the
held-out half says how they do on queries nobody tuned on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DATA = Path(__file__).resolve().parent / "data" / "relevance"
K = 10
RECALL_AT = 20

Ranker = Callable[[str], list[str]]


def load_records() -> list[dict[str, Any]]:
    with open(DATA / "records.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_queries() -> list[dict[str, Any]]:
    with open(DATA / "queries.json", encoding="utf-8") as fh:
        queries: list[dict[str, Any]] = json.load(fh)["queries"]
    return queries


# -- judgments ----------------------------------------------------------------------------
def _fields(record: dict[str, Any]) -> dict[str, str]:
    title = record["title"].lower()
    agency = record["agency"].lower()
    everything = " ".join([title, record["description"].lower(), " ".join(record["tags"]).lower()])
    return {"t": title, "a": agency, "": f"{everything} {agency}"}


def _matches(rule: str | list[str], fields: dict[str, str]) -> bool:
    parts = rule if isinstance(rule, list) else [rule]
    for part in parts:
        prefix, _, pattern = part.partition(":") if part[:2] in ("t:", "a:") else ("", "", part)
        if not re.search(pattern, fields[prefix]):
            return False
    return True


def judge(query: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, int]:
    """record id -> grade (only grades above 0) by the query's rules."""
    grades = {}
    for record in records:
        fields = _fields(record)
        if any(_matches(rule, fields) for rule in query["rel2"]):
            grades[record["id"]] = 2
        elif any(_matches(rule, fields) for rule in query.get("rel1", [])):
            grades[record["id"]] = 1
    return grades


# -- metrics ------------------------------------------------------------------------------
def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def scores(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    relevant = {r for r, g in grades.items() if g > 0}
    first = next((i for i, r in enumerate(ranked) if r in relevant), None)
    return {
        "ndcg@10": ndcg(ranked, grades),
        "p@10": sum(1 for r in ranked[:K] if r in relevant) / K,
        "recall@20": len(relevant & set(ranked[:RECALL_AT])) / len(relevant) if relevant else 0,
        "mrr": 1 / (first + 1) if first is not None else 0.0,
        "zero": 0.0 if ranked else 1.0,
    }


# -- baselines ----------------------------------------------------------------------------
def bm25_ranker(records: list[dict[str, Any]], stem: bool) -> Ranker:
    from rank_bm25 import BM25Okapi

    from catalog.search import analysis

    def words(text: str) -> list[str]:
        tokens = analysis.tokens(text)
        return [analysis.stem(t) for t in tokens] if stem else tokens

    corpus = [
        words(" ".join([r["title"], r["description"], " ".join(r["tags"]), r["agency"]]))
        for r in records
    ]
    bm25 = BM25Okapi(corpus)
    ids = [r["id"] for r in records]

    def rank(q: str) -> list[str]:
        query = words(q)
        got = bm25.get_scores(query)
        # only records holding at least one query word are answers (BM25Okapi's idf can be
        # negative for very common words, so a score of 0 does not mean "no word")
        vocab = [set(doc) for doc in corpus]
        hits = [i for i in range(len(ids)) if vocab[i] & set(query)]
        hits.sort(key=lambda i: -got[i])
        return [ids[i] for i in hits[:RECALL_AT]]

    return rank


# -- the catalog ----------------------------------------------------------------------------
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "x"


def catalog_ranker(records: list[dict[str, Any]], tmp: Path, es_url: str | None) -> Ranker:
    """A fresh catalog holding the records, searched through the search service."""
    from sqlalchemy import insert

    from catalog import migrate
    from catalog.app import create_app
    from catalog.models import Dataset, DatasetTag, Organization
    from catalog.search import backend_of, rebuild
    from catalog.services import search as search_service

    config: dict[str, Any] = {"data_dir": str(tmp), "secret_key": "bench", "run_worker": False}
    if es_url:
        config |= {
            "search_backend": "elasticsearch",
            "elasticsearch_url": es_url,
            "elasticsearch_index": "bench-relevance-" + uuid.uuid4().hex[:8],
        }
    app = create_app(config)
    ctx = app.extensions["catalog"]
    migrate.upgrade(ctx.db.engine)
    agencies = sorted({r["agency"] for r in records})
    org_ids = {a: str(uuid.uuid4()) for a in agencies}
    base = datetime(2024, 1, 1, tzinfo=UTC)
    by_dataset: dict[str, str] = {}
    with ctx.db.engine.begin() as conn:
        conn.execute(
            insert(Organization),
            [{"id": org_ids[a], "slug": _slug(a), "title": a} for a in agencies],
        )
        rows, tags = [], []
        for i, r in enumerate(records):
            dataset_id = str(uuid.uuid4())
            by_dataset[dataset_id] = r["id"]
            stamp = base + timedelta(minutes=i)
            rows.append(
                {
                    "id": dataset_id,
                    "slug": f"{_slug(r['title'])}-{i}",
                    "title": r["title"],
                    "description": r["description"],
                    "organization_id": org_ids[r["agency"]],
                    "state": "published",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            tags += [{"dataset_id": dataset_id, "name": t} for t in dict.fromkeys(r["tags"])]
        conn.execute(insert(Dataset), rows)
        if tags:
            conn.execute(insert(DatasetTag), tags)
    backend = backend_of(app)
    rebuild.reindex(ctx.db, backend)

    def rank(q: str) -> list[str]:
        query = search_service.build_query(text=q, per_page=RECALL_AT)
        result = search_service.corrected_search(backend, query).result
        return [by_dataset[h.id] for h in result.hits]

    return rank


# -- the run ------------------------------------------------------------------------------
def evaluate(rank: Ranker, queries: list[dict[str, Any]], judged: list[dict[str, int]]) -> Any:
    per_query = []
    for query, grades in zip(queries, judged, strict=True):
        per_query.append(scores(rank(query["q"]), grades))
    return per_query


def halves(queries: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """(tuning, held-out) query indexes: alternately within each kind, in file order."""
    tuning: list[int] = []
    held_out: list[int] = []
    seen: dict[str, int] = {}
    for i, query in enumerate(queries):
        n = seen.get(query["kind"], 0)
        seen[query["kind"]] = n + 1
        (tuning if n % 2 == 0 else held_out).append(i)
    return tuning, held_out


def mean(rows: list[dict[str, float]], name: str) -> float:
    return sum(r[name] for r in rows) / len(rows) if rows else 0.0


def table(results: dict[str, list[dict[str, float]]], title: str) -> None:
    names = ["ndcg@10", "p@10", "recall@20", "mrr", "zero"]
    print(f"\n{title}")
    print(f"{'system':<24}" + "".join(f"{n:>11}" for n in names))
    for system, rows in results.items():
        line = "".join(f"{mean(rows, n):>11.3f}" for n in names)
        print(f"{system:<24}{line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", action="store_true", help="also a table per query kind")
    parser.add_argument("--show-judgments", action="store_true", help="print the judged sets")
    parser.add_argument("--show", metavar="QUERY", help="each system's top 10 for a query")
    parser.add_argument("--split", action="store_true", help="also the tuning/held-out halves")
    args = parser.parse_args()

    records = load_records()
    queries = load_queries()
    judged = [judge(q, records) for q in queries]
    titles = {r["id"]: r["title"] for r in records}
    empty = [q["q"] for q, g in zip(queries, judged, strict=True) if not g]
    if empty:
        sys.exit(f"queries without any relevant record: {empty}")
    if args.show_judgments:
        for query, grades in zip(queries, judged, strict=True):
            print(f"\n## {query['q']}  ({query['kind']})")
            for rid, grade in sorted(grades.items(), key=lambda kv: (-kv[1], titles[kv[0]])):
                print(f"  {grade}  {titles[rid]}")
        return

    systems: dict[str, Ranker] = {
        "bm25": bm25_ranker(records, stem=False),
        "bm25+sastrawi": bm25_ranker(records, stem=True),
    }
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        systems["catalog/sqlite"] = catalog_ranker(records, Path(tmp) / "sqlite", None)
        es_url = os.environ.get("CATALOG_TEST_ES_URL")
        if es_url:
            systems["catalog/elasticsearch"] = catalog_ranker(records, Path(tmp) / "es", es_url)
        if args.show:
            grades = judge({"q": args.show, "rel2": [], "rel1": []}, records)
            match = [q for q in queries if q["q"] == args.show]
            if match:
                grades = judge(match[0], records)
            for name, rank in systems.items():
                print(f"\n{name}: {args.show}")
                for rid in rank(args.show)[:K]:
                    print(f"  {grades.get(rid, 0)}  {titles[rid]}")
            return
        results = {name: evaluate(rank, queries, judged) for name, rank in systems.items()}
    print(f"{len(records)} records, {len(queries)} judged queries "
          f"({sum(len(g) for g in judged)} judged relevant pairs)")  # fmt: skip
    table(results, "all queries")
    if args.split:
        for name, picked in zip(("tuning half", "held-out half"), halves(queries), strict=True):
            table(
                {s: [rows[i] for i in picked] for s, rows in results.items()},
                f"{name} ({len(picked)} queries)",
            )
    if args.per_kind:
        for kind in sorted({q["kind"] for q in queries}):
            picked = [i for i, q in enumerate(queries) if q["kind"] == kind]
            table(
                {s: [rows[i] for i in picked] for s, rows in results.items()},
                f"{kind} ({len(picked)} queries)",
            )
    summary = {s: {n: round(mean(rows, n), 3) for n in rows[0]} for s, rows in results.items()}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
