"""Embedded search backend: SQLite FTS5 in its own file, BM25 with column weights."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from typing import Any

from catalog.search import analysis
from catalog.search.document import filter_values
from catalog.search.highlight import highlights
from catalog.search.query import (
    FILTERS,
    FacetValue,
    Hit,
    ParsedText,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    parse_text,
)

# bm25 weights per FTS column: title > tags/topics > description; `exact` holds unstemmed
# words of all three, so a query word found as typed scores above a stem-only match.
COLUMNS = ("title", "tags", "description", "exact")
WEIGHTS = (10.0, 5.0, 1.0, 2.0)
RANK = "bm25(" + ", ".join(str(w) for w in WEIGHTS) + ")"
STEMMED = "{title tags description}"
SCHEMA_VERSION = "1"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    title_sort TEXT NOT NULL DEFAULT '',
    created TEXT,
    modified TEXT
);
CREATE INDEX IF NOT EXISTS docs_modified ON docs (modified);
CREATE INDEX IF NOT EXISTS docs_created ON docs (created);
CREATE INDEX IF NOT EXISTS docs_title ON docs (title_sort);
CREATE TABLE IF NOT EXISTS kv (
    field TEXT NOT NULL, value TEXT NOT NULL, rid INTEGER NOT NULL,
    PRIMARY KEY (field, value, rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_rid ON kv (rid, field);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(COLUMNS)},
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-.'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, 'col');
"""

SORT_SQL = {
    "modified": "docs.modified {dir}, docs.id",
    "created": "docs.created {dir}, docs.id",
    "title": "docs.title_sort {dir}, docs.id",
    "id": "docs.id {dir}",
}


def _quote(term: str) -> str:
    """An FTS5 string literal (double quotes doubled)."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(parsed: ParsedText) -> str | None:
    """The FTS5 MATCH expression of parsed free text; None matches everything."""
    clauses: list[str] = []
    for word in parsed.words:
        clauses.append(f"({STEMMED} : {_quote(analysis.stem(word))} OR exact : {_quote(word)})")
    for phrase in parsed.phrases:
        clauses.append(f"{STEMMED} : {_quote(' '.join(analysis.stem(w) for w in phrase))}")
    if parsed.prefix:
        clauses.append(f"exact : {_quote(parsed.prefix)} *")
    return " AND ".join(clauses) or None


def wanted_terms(parsed: ParsedText) -> tuple[set[str], tuple[str, ...]]:
    """Stems and words to highlight, and prefixes."""
    wanted: set[str] = set()
    for word in (*parsed.words, *(w for p in parsed.phrases for w in p)):
        wanted.add(analysis.stem(word))
        wanted.add(word)
    return wanted, ((parsed.prefix,) if parsed.prefix else ())


class SqliteBackend:
    """FTS5 index in one SQLite file; safe to share between threads (one connection each)."""

    name = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._ready = False
        self._write_lock = threading.Lock()
        # (filter, values) -> number of documents, to order the probes (see _candidates)
        self._sizes: dict[tuple[str, tuple[str, ...]], int] = {}

    # -- connections -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # the index is read far more than written: keep hot pages cached
            conn.execute("PRAGMA cache_size=-32768")
            if not self._ready:
                conn.executescript(SCHEMA)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                # the column weights `rank` (ORDER BY rank) uses; stored in the index file
                conn.execute("INSERT INTO fts (fts, rank) VALUES ('rank', ?)", (RANK,))
                conn.commit()
                self._ready = True
        except sqlite3.Error as exc:
            raise SearchUnavailable(
                f"indeks pencarian {self.path} tidak dapat dibuka: {exc}"
            ) from exc
        self._local.conn = conn
        return conn

    def _conn(self) -> sqlite3.Connection:
        return self._connect()

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _run(self, fn: Any, *args: Any) -> Any:
        """Run fn(conn, ...) turning SQLite failures into SearchUnavailable."""
        conn = self._conn()
        try:
            return fn(conn, *args)
        except sqlite3.OperationalError as exc:
            self.close()
            raise SearchUnavailable(f"indeks pencarian gagal: {exc}") from exc

    # -- writing ---------------------------------------------------------------------
    @staticmethod
    def _write(conn: sqlite3.Connection, doc: dict[str, Any]) -> None:
        row = conn.execute("SELECT rid FROM docs WHERE id = ?", (doc["id"],)).fetchone()
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        values = (
            doc["id"],
            body,
            doc.get("title_sort") or "",
            doc.get("created"),
            doc.get("modified"),
        )
        if row is None:
            rid = conn.execute(
                "INSERT INTO docs (id, body, title_sort, created, modified) VALUES (?,?,?,?,?)",
                values,
            ).lastrowid
        else:
            rid = row[0]
            conn.execute(
                "UPDATE docs SET id=?, body=?, title_sort=?, created=?, modified=? WHERE rid=?",
                (*values, rid),
            )
            conn.execute("DELETE FROM fts WHERE rowid = ?", (rid,))
            conn.execute("DELETE FROM kv WHERE rid = ?", (rid,))
        conn.execute(
            "INSERT INTO fts (rowid, title, tags, description, exact) VALUES (?,?,?,?,?)",
            (rid, doc["title_stem"], doc["tags_stem"], doc["description_stem"], doc["exact"]),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO kv (field, value, rid) VALUES (?,?,?)",
            [
                (name, value, rid)
                for name, doc_field in FILTERS.items()
                for value in filter_values(doc, doc_field)
            ],
        )

    @staticmethod
    def _remove(conn: sqlite3.Connection, ids: list[str]) -> None:
        for doc_id in ids:
            row = conn.execute("SELECT rid FROM docs WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                continue
            conn.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            conn.execute("DELETE FROM kv WHERE rid = ?", (row[0],))
            conn.execute("DELETE FROM docs WHERE rid = ?", (row[0],))

    def apply(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        """Upsert and delete in one transaction."""

        def work(conn: sqlite3.Connection) -> None:
            with conn:
                for doc in upserts:
                    self._write(conn, doc)
                self._remove(conn, deletes)

        with self._write_lock:
            self._run(work)
            self._sizes.clear()

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        self.apply(documents, [])

    def delete(self, ids: list[str]) -> None:
        self.apply([], ids)

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Replace the whole index with `documents` in one transaction (readers see the old
        index until it commits)."""

        def work(conn: sqlite3.Connection) -> int:
            count = 0
            with conn:
                conn.execute("DELETE FROM docs")
                conn.execute("DELETE FROM kv")
                conn.execute("DELETE FROM fts")
                for doc in documents:
                    self._write(conn, doc)
                    count += 1
            conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            conn.commit()
            return count

        with self._write_lock:
            result: int = self._run(work)
            self._sizes.clear()
            return result

    # -- reading ---------------------------------------------------------------------
    def ids(self) -> set[str]:
        rows = self._run(lambda c: c.execute("SELECT id FROM docs").fetchall())
        return {r[0] for r in rows}

    def get(self, doc_id: str) -> dict[str, Any] | None:
        row = self._run(
            lambda c: c.execute("SELECT body FROM docs WHERE id=?", (doc_id,)).fetchone()
        )
        return json.loads(row[0]) if row else None

    def health(self) -> dict[str, Any]:
        try:
            count = self._run(lambda c: c.execute("SELECT count(*) FROM docs").fetchone()[0])
        except SearchUnavailable as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}
        return {"ok": True, "backend": self.name, "documents": count}

    def _filter_size(self, conn: sqlite3.Connection, name: str, values: tuple[str, ...]) -> int:
        """How many documents carry one of `values` in filter `name` (remembered: it only
        orders the filter probes, so a count a little out of date costs nothing)."""
        key = (name, values)
        size = self._sizes.get(key)
        if size is None:
            marks = ",".join("?" * len(values))
            size = conn.execute(
                f"SELECT count(*) FROM kv WHERE field = ? AND value IN ({marks})", [name, *values]
            ).fetchone()[0]
            if len(self._sizes) > 10_000:
                self._sizes.clear()
            self._sizes[key] = size
        return size

    def _candidates(
        self,
        conn: sqlite3.Connection,
        query: SearchQuery,
        match: str | None,
        skip: str | None = None,
    ) -> tuple[str, list[Any]]:
        """SQL selecting the matching rowids as `r` (with every filter except `skip`).

        With text, the FTS match drives and each filter is an indexed probe per match
        (kv(rid, field)), the most selective filter first so that most matches are
        dropped by their first probe; without text, filters select rowids from kv(field, value).
        """
        clauses: list[str] = []
        params: list[Any] = []
        if match:
            sql = "SELECT fts.rowid AS r FROM fts WHERE fts MATCH ?"
            params.append(match)
            row = "fts.rowid"
        else:
            sql = "SELECT docs.rid AS r FROM docs WHERE 1"
            row = "docs.rid"
        for negate, items in ((False, query.filters), (True, query.excludes)):
            ordered = sorted(items.items())
            if match and not negate:
                ordered.sort(key=lambda item: self._filter_size(conn, item[0], tuple(item[1])))
            for name, values in ordered:
                if (name == skip and not negate) or not values:
                    continue
                marks = ",".join("?" * len(values))
                if match:
                    probe = (
                        f"EXISTS (SELECT 1 FROM kv WHERE kv.rid = {row} AND kv.field = ? "
                        f"AND kv.value IN ({marks}))"
                    )
                else:
                    probe = f"{row} IN (SELECT rid FROM kv WHERE field = ? AND value IN ({marks}))"
                clauses.append(("NOT " if negate else "") + probe)
                params += [name, *values]
        for name, (low, high) in sorted(query.ranges.items()):
            bounds = [(">=", low), ("<=", high)]
            for op, value in bounds:
                if value is None:
                    continue
                if match:
                    clauses.append(
                        f"EXISTS (SELECT 1 FROM docs WHERE docs.rid = {row} AND docs.{name} {op} ?)"
                    )
                else:
                    clauses.append(f"docs.{name} {op} ?")
                params.append(value)
        for clause in clauses:
            sql += " AND " + clause
        return sql, params

    def search(self, query: SearchQuery) -> SearchResult:
        query.validate()
        parsed = parse_text(query.text, query.prefix)
        match = match_expression(parsed)
        return self._run(self._search, query, parsed, match)

    def _page(
        self, conn: sqlite3.Connection, query: SearchQuery, match: str | None
    ) -> list[tuple[int, float]]:
        """(rowid, score) of the requested page, in order."""
        cand, params = self._candidates(conn, query, match)
        limit = [query.per_page, query.first]
        if query.sort == "relevance" and match:
            # ORDER BY rank lets FTS5 rank inside the virtual table (bm25 with the weights
            # configured at schema creation); ties in rowid (insertion) order
            sql = cand.replace("SELECT fts.rowid AS r", "SELECT fts.rowid, fts.rank", 1)
            rows = conn.execute(
                sql + " ORDER BY fts.rank, fts.rowid LIMIT ? OFFSET ?", [*params, *limit]
            ).fetchall()
            return [(r, -float(score)) for r, score in rows]
        if query.sort == "relevance":
            order = "docs.modified DESC, docs.id"
        else:
            order = SORT_SQL[query.sort].format(dir="DESC" if query.descending else "ASC")
        if match:
            sql = f"SELECT docs.rid FROM docs WHERE docs.rid IN ({cand}) ORDER BY {order}"
        else:
            sql = cand.replace("SELECT docs.rid AS r", "SELECT docs.rid", 1) + f" ORDER BY {order}"
        rows = conn.execute(sql + " LIMIT ? OFFSET ?", [*params, *limit]).fetchall()
        return [(r[0], 0.0) for r in rows]

    def _search(
        self, conn: sqlite3.Connection, query: SearchQuery, parsed: ParsedText, match: str | None
    ) -> SearchResult:
        cand, params = self._candidates(conn, query, match)
        total = conn.execute(f"SELECT count(*) FROM ({cand})", params).fetchone()[0]
        hits: list[Hit] = []
        if query.per_page and total > query.first:
            page = self._page(conn, query, match)
            rids = [r for r, _ in page]
            bodies = {
                rid: (doc_id, body)
                for rid, doc_id, body in conn.execute(
                    f"SELECT rid, id, body FROM docs WHERE rid IN ({','.join('?' * len(rids))})",
                    rids,
                )
            }
            wanted, prefixes = wanted_terms(parsed)
            for rid, score in page:
                doc_id, body = bodies[rid]
                document = json.loads(body)
                marked = highlights(document, wanted, prefixes) if query.highlight else {}
                hits.append(
                    Hit(id=doc_id, score=round(score, 6), highlights=marked, document=document)
                )
        facets = self._facets(conn, query, match)
        suggestion = None
        if parsed.words and not parsed.prefix:
            suggestion = self._did_you_mean(conn, list(parsed.words))
        return SearchResult(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _facets(
        self, conn: sqlite3.Connection, query: SearchQuery, match: str | None
    ) -> dict[str, list[FacetValue]]:
        """Facet counts. The facets without an active filter of their own all count the same
        rows, so they are counted in one pass over those rows' keywords (the web search page
        asks for seven facets: one pass instead of seven); the others one by one."""
        shared = [n for n in query.facets if not query.filters.get(n)]
        counted: dict[str, list[FacetValue]] = {}
        if len(shared) > 1 and (match or query.filters or query.excludes or query.ranges):
            cand, params = self._candidates(conn, query, match)
            marks = ",".join("?" * len(shared))
            rows = conn.execute(
                f"SELECT k.field, k.value, count(*) FROM ({cand}) AS m CROSS JOIN kv AS k "
                f"ON k.rid = m.r AND k.field IN ({marks}) GROUP BY k.field, k.value",
                [*params, *shared],
            ).fetchall()
            grouped: dict[str, list[tuple[str, int]]] = {n: [] for n in shared}
            for field, value, n in rows:
                grouped[field].append((value, n))
            for name, values in grouped.items():
                values.sort(key=lambda vn: (-vn[1], vn[0]))
                top = values[: query.facet_limit]
                counted[name] = [FacetValue(value=v, count=n) for v, n in top]
        return {
            name: counted[name] if name in counted else self._facet(conn, query, match, name)
            for name in query.facets
        }

    def _facet(
        self, conn: sqlite3.Connection, query: SearchQuery, match: str | None, name: str
    ) -> list[FacetValue]:
        # each facet is counted with every active filter except its own
        others = {k: v for k, v in query.filters.items() if k != name and v}
        if not match and not others and not query.excludes and not query.ranges:
            sql = "SELECT value, count(*) AS n FROM kv WHERE field = ? GROUP BY value"
            args: list[Any] = [name]
        else:
            cand, params = self._candidates(conn, query, match, skip=name)
            sql = (
                f"SELECT k.value, count(*) AS n FROM ({cand}) AS m CROSS JOIN kv AS k "
                "ON k.rid = m.r AND k.field = ? GROUP BY k.value"
            )
            args = [*params, name]
        rows = conn.execute(
            f"{sql} ORDER BY n DESC, 1 LIMIT ?", [*args, query.facet_limit]
        ).fetchall()
        return [FacetValue(value=v, count=n) for v, n in rows]

    @staticmethod
    def _did_you_mean(conn: sqlite3.Connection, words: list[str]) -> str | None:
        known = {
            row[0]
            for row in conn.execute(
                "SELECT term FROM vocab WHERE col = 'exact' AND term IN "
                f"({','.join('?' * len(words))})",
                words,
            )
        }
        if all(w in known or not w.isalpha() for w in words):
            return None
        lengths = [len(w) for w in words]
        vocabulary = {
            term: count
            for term, count in conn.execute(
                "SELECT term, doc FROM vocab WHERE col = 'exact' AND length(term) BETWEEN ? AND ?",
                (min(lengths) - 2, max(lengths) + 2),
            )
        }
        return analysis.did_you_mean(words, vocabulary)

    def suggest(self, text: str, limit: int = 8) -> list[dict[str, Any]]:
        """Titles of datasets matching what was typed so far (the last word as a prefix)."""
        result = self.search(SearchQuery(text=text, prefix=True, per_page=limit, highlight=False))
        return [
            {"id": h.id, "slug": h.document.get("slug"), "title": h.document.get("title")}
            for h in result.hits
        ]
