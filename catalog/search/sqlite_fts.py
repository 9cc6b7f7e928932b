"""Embedded search backend: SQLite FTS5 in its own file, BM25 with column weights."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
from array import array
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Any, cast

from catalog.search import analysis, plan
from catalog.search.document import filter_values
from catalog.search.highlight import highlighted_hits
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

# bm25 weights per FTS column: title > tags/topics > context > description; `exact` holds
# unstemmed words of all three, so a query word found as typed scores above a stem-only
# match; `context` the structured words (agency names, places, years: document.context_text).
# `title_exact` (the title as written) serves phrase continuation in suggest, unscored.
# `facets` holds one token per filter value (see facet_token): filters become part of the
# MATCH, so FTS5 intersects posting lists instead of probing a table once per matching
# document; its weight 0 keeps filters out of the score.
COLUMNS = ("title", "tags", "description", "exact", "context", "title_exact", "facets")
WEIGHTS = (10.0, 5.0, 1.0, 2.0, 3.0, 0.0, 0.0)
RANK = "bm25(" + ", ".join(str(w) for w in WEIGHTS) + ")"
STEMMED = "{title tags description}"
# the same with the structured words, for the words plan.structured accepts
WITH_CONTEXT = "{title tags description context}"
# the columns a word's document count is read from (plan.plan_text: common words)
COUNTED = ("title", "tags", "description", "exact", "context")
# the columns a query word must be found in not to be a typo (did-you-mean)
KNOWN = ("exact", "title", "context")
# an index file written with another version is emptied on open and rebuilt by `catalog init`
SCHEMA_VERSION = "5"  # 5: facet_values, facet_sets (facets counted from packed value ids)


# the tables one index generation consists of; a full rebuild writes them under NEXT's names
# and swaps them in (SqliteBackend.rebuild). Their secondary indexes are made after the rows.
def _tables(suffix: str = "") -> str:
    return f"""
CREATE TABLE IF NOT EXISTS docs{suffix} (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    title_sort TEXT NOT NULL DEFAULT '',
    created TEXT,
    modified TEXT,
    quality INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS kv{suffix} (
    field TEXT NOT NULL, value TEXT NOT NULL, rid INTEGER NOT NULL,
    PRIMARY KEY (field, value, rid)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts{suffix} USING fts5(
    {", ".join(COLUMNS)},
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-.'"
);
CREATE TABLE IF NOT EXISTS facet_values{suffix} (
    id INTEGER PRIMARY KEY, field TEXT NOT NULL, value TEXT NOT NULL,
    docs INTEGER NOT NULL DEFAULT 0, UNIQUE (field, value)
);
CREATE TABLE IF NOT EXISTS facet_sets{suffix} (rid INTEGER PRIMARY KEY, ids BLOB NOT NULL);
"""


# One generation's tables, in the order a rebuild renames them into place. `kv` answers
# exclusions; `facet_sets` holds each document's filter values as ids into `facet_values`,
# packed: the facets of a search are counted from the matching documents' narrow rows in one
# pass (for a word found in 9% of 100,000 datasets ~18 ms, against ~80 ms for joining and
# grouping `kv`); `facet_values.docs` is kept up to date by every write, so the facets of the
# whole catalog (the search page before anything is typed) read a few hundred rows.
GENERATION = ("docs", "kv", "fts", "facet_values", "facet_sets")
# how many matching documents' value ids are counted at a time
COUNT_SLICE = 20_000
# how many value ids one lookup of their names asks (below SQLite's limit of variables)
ID_CHUNK = 900
# the packed ids: unsigned 32-bit, little-endian whatever the machine
ID_TYPE = next(code for code in "IL" if array(code).itemsize == 4)
SWAP_IDS = sys.byteorder == "big"


def pack_ids(ids: Iterable[int]) -> bytes:
    packed = array(ID_TYPE, sorted(ids))
    if SWAP_IDS:
        packed.byteswap()
    return packed.tobytes()


def unpack_ids(blobs: Iterable[bytes]) -> array[int]:
    """The ids of many packed sets, in one array."""
    ids = array(ID_TYPE)
    ids.frombytes(b"".join(blobs))
    if SWAP_IDS:
        ids.byteswap()
    return ids


INDEXES = """
CREATE INDEX IF NOT EXISTS docs_modified ON docs (modified);
CREATE INDEX IF NOT EXISTS docs_created ON docs (created);
CREATE INDEX IF NOT EXISTS docs_title ON docs (title_sort);
CREATE INDEX IF NOT EXISTS docs_quality ON docs (quality, modified);
CREATE INDEX IF NOT EXISTS kv_rid ON kv (rid, field);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, 'col');
"""

SCHEMA = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);" + _tables() + INDEXES
NEXT = "_next"  # the suffix of the tables a full rebuild writes
NEXT_TABLES = tuple(f"{t}{NEXT}" for t in GENERATION)
# a full rebuild commits every this many documents: one transaction over a million documents
# grew the write-ahead log to the size of the whole index (~15 GB) and slowed every write
REBUILD_BATCH = 2000


def _execute_all(conn: sqlite3.Connection, script: str) -> None:
    """Run `script`'s statements in the open transaction (executescript would commit it)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


SORT_SQL = {
    "modified": "docs.modified {dir}, docs.id",
    "created": "docs.created {dir}, docs.id",
    "title": "docs.title_sort {dir}, docs.id",
    "id": "docs.id {dir}",
    "quality": "docs.quality {dir}, docs.modified DESC, docs.id",
}


class TermStats:
    """What this process has read from the FTS5 vocabulary for one generation of the index:
    each term's document count per column, and the vocabularies did-you-mean compares
    misspelt words with. fts5vocab computes a count by reading the term's whole posting
    list (a word in 9,000 of 100,000 datasets: ~0.5 ms; the whole vocabulary: ~200 ms per
    column group), so they are read once per generation (see SqliteBackend._stats) and
    shared by the process's threads (one copy of the vocabularies per process)."""

    __slots__ = ("docs", "version", "vocabularies")

    def __init__(self, version: str) -> None:
        self.version = version
        self.docs: dict[str, dict[str, int]] = {}  # term -> column -> documents
        self.vocabularies: dict[str, dict[str, int]] = {}  # "exact" / "stems" -> term -> docs


# a cache holding more terms than this (many distinct queries, no write) starts again
TERM_STATS_MAX = 50_000


@lru_cache(maxsize=65_536)
def facet_token(name: str, value: str) -> str:
    """The one FTS token standing for `name = value` (any value: spaces, case, punctuation);
    cached: a full rebuild asks for the same agencies, years and formats 15 times a dataset."""
    digest = hashlib.blake2b(f"{name}\x00{value}".encode(), digest_size=10).hexdigest()
    return "f" + digest


def _quote(term: str) -> str:
    """An FTS5 string literal (double quotes doubled)."""
    return '"' + term.replace('"', '""') + '"'


def _alternative(words: tuple[str, ...]) -> str:
    columns = WITH_CONTEXT if plan.structured(words) else STEMMED
    if len(words) == 1:
        word = words[0]
        return f"{columns} : {_quote(analysis.stem(word))} OR exact : {_quote(word)}"
    return f"{columns} : {_quote(' '.join(analysis.stem(w) for w in words))}"


def concept_expression(concept: plan.Concept) -> str:
    """Any alternative of a concept (the word stemmed or as typed, its glossary phrases)."""
    return "(" + " OR ".join(_alternative(a) for a in concept.alternatives) + ")"


def _fixed(p: plan.Plan) -> list[str]:
    clauses = [f"{STEMMED} : {_quote(' '.join(analysis.stem(w) for w in ph))}" for ph in p.phrases]
    if p.prefix:
        clauses.append(f"exact : {_quote(p.prefix)} *")
    return clauses


def plan_expressions(p: plan.Plan) -> list[str]:
    """The MATCH expression of each tier of the plan, the widest last: the first, every
    required concept; then, for each of p.partial, every concept of any of its groups (this
    includes the records of the tiers before). Phrases and the prefix are required in all.
    Empty when the plan matches everything."""
    required = [concept_expression(c) for c in p.required]
    fixed = _fixed(p)
    strict = " AND ".join([*required, *fixed])
    if not strict:
        return []
    tiers = [strict]
    for groups in p.partial:
        some = " OR ".join("(" + " AND ".join(required[i] for i in g) + ")" for g in groups)
        tiers.append(" AND ".join([f"({some})", *fixed]))
    return tiers


def tier_expressions(tiers: list[str]) -> list[str]:
    """Each tier without the records of the tiers before it."""
    return [tiers[0]] + [f"({wide}) NOT ({narrow})" for narrow, wide in pairwise(tiers)]


def match_expression(parsed: ParsedText) -> str | None:
    """The FTS5 MATCH expression of parsed free text without document counts (every
    meaningful word required); None matches everything."""
    tiers = plan_expressions(plan.plan_text(parsed))
    return tiers[-1] if tiers else None


def continuation_expression(parsed: ParsedText) -> str | None:
    """Titles in which the typed words are followed by a word starting with the prefix
    ("kebakaran h" -> "kebakaran hutan ..."); None without a prefix."""
    if not parsed.prefix or not parsed.words:
        return None
    return f"title_exact : {_quote(' '.join([*parsed.words, parsed.prefix]))} *"


def filter_expression(filters: dict[str, tuple[str, ...]], skip: str | None = None) -> str | None:
    """The FTS5 MATCH expression of the filters (OR inside one, AND across); None for none."""
    clauses = []
    for name, values in sorted(filters.items()):
        if name == skip or not values:
            continue
        alternatives = " OR ".join(f"facets : {_quote(facet_token(name, v))}" for v in values)
        clauses.append(f"({alternatives})")
    return " AND ".join(clauses) or None


class SqliteBackend:
    """FTS5 index in one SQLite file; safe to share between threads (one connection each)."""

    name = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._ready = False
        self._write_lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._term_stats: TermStats | None = None

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
            # Debian's SQLite zeroes every freed page (SECURE_DELETE): a rebuild's swap then
            # wrote the whole old index again (8 GB of log at a million datasets) to drop it.
            # The index holds only what the catalog's database holds; FAST still clears what
            # is deleted from the pages written anyway
            conn.execute("PRAGMA secure_delete=FAST")
            if not self._ready:
                self._prepare(conn)
                self._ready = True
        except sqlite3.Error as exc:
            raise SearchUnavailable(
                f"indeks pencarian {self.path} tidak dapat dibuka: {exc}"
            ) from exc
        self._local.conn = conn
        return conn

    @staticmethod
    def _is_current(conn: sqlite3.Connection) -> bool:
        """Whether the file already has this version's tables and column weights (read only)."""
        try:
            schema = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            rank = conn.execute("SELECT v FROM fts_config WHERE k = 'rank'").fetchone()
        except sqlite3.OperationalError:  # no tables yet
            return False
        return schema == (SCHEMA_VERSION,) and rank == (RANK,)

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> None:
        """Create the tables; an index of another SCHEMA_VERSION is emptied and flagged for
        a rebuild (`catalog init` rebuilds it from the database).

        A current file is left untouched: rewriting the FTS configuration while other
        connections search made their queries fail ("SQL logic error") each time a serving
        process started."""
        if SqliteBackend._is_current(conn):
            return
        conn.execute("BEGIN IMMEDIATE")  # one process at a time decides
        try:
            found = None
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                found = row[0] if row else None
            if found not in (None, SCHEMA_VERSION):
                for table in ("vocab", *GENERATION, "meta", *NEXT_TABLES):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
            _execute_all(conn, SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            if found not in (None, SCHEMA_VERSION):
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('rebuild', ?)", (found,))
            # the column weights `rank` (ORDER BY rank) uses; stored in the index file
            current = conn.execute("SELECT v FROM fts_config WHERE k = 'rank'").fetchone()
            if current != (RANK,):
                conn.execute("INSERT INTO fts (fts, rank) VALUES ('rank', ?)", (RANK,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

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
    def _write(
        conn: sqlite3.Connection,
        doc: dict[str, Any],
        value_ids: dict[tuple[str, str], int],
        suffix: str = "",
        tally: Counter[int] | None = None,
        kv_rows: list[tuple[str, str, int]] | None = None,
    ) -> None:
        """Write one document into the live tables, or with suffix NEXT a rebuild's.
        `value_ids` caches facet_values ids for the caller's transactions (a rollback
        discards it with them); with `tally` the documents per value are counted there, for
        the caller to store once (a rebuild), instead of in facet_values.docs; with `kv_rows`
        the document's `kv` rows are added there, for the caller to insert (a rebuild)."""
        row = conn.execute(f"SELECT rid FROM docs{suffix} WHERE id = ?", (doc["id"],)).fetchone()
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        values = (
            doc["id"],
            body,
            doc.get("title_sort") or "",
            doc.get("created"),
            doc.get("modified"),
            int(doc.get("quality_score") or 0),
        )
        old: set[int] = set()
        if row is None:
            rid = conn.execute(
                f"INSERT INTO docs{suffix} (id, body, title_sort, created, modified, quality)"
                " VALUES (?,?,?,?,?,?)",
                values,
            ).lastrowid
        else:
            rid = row[0]
            old = SqliteBackend._value_set(conn, rid, suffix)
            conn.execute(
                f"UPDATE docs{suffix} SET id=?, body=?, title_sort=?, created=?, modified=?,"
                " quality=? WHERE rid=?",
                (*values, rid),
            )
            conn.execute(f"DELETE FROM fts{suffix} WHERE rowid = ?", (rid,))
            conn.execute(f"DELETE FROM kv{suffix} WHERE rid = ?", (rid,))
            if kv_rows is not None:  # its rows of this batch are not written yet
                kv_rows[:] = [r for r in kv_rows if r[2] != rid]
        pairs = {
            (name, value)
            for name, doc_field in FILTERS.items()
            for value in filter_values(doc, doc_field)
        }
        conn.execute(
            f"INSERT INTO fts{suffix} (rowid, title, tags, description, exact, context,"
            " title_exact, facets) VALUES (?,?,?,?,?,?,?,?)",
            (
                rid,
                doc["title_stem"],
                doc["tags_stem"],
                doc["description_stem"],
                doc["exact"],
                doc.get("context", ""),
                doc.get("title_exact", ""),
                " ".join(sorted(facet_token(name, value) for name, value in pairs)),
            ),
        )
        rows = [(name, value, cast(int, rid)) for name, value in pairs]  # an INSERT's rowid
        if kv_rows is None:
            SqliteBackend._insert_kv(conn, rows, suffix)
        else:
            kv_rows += rows
        new = {SqliteBackend._value_id(conn, pair, value_ids, suffix) for pair in pairs}
        conn.execute(
            f"INSERT OR REPLACE INTO facet_sets{suffix} (rid, ids) VALUES (?, ?)",
            (rid, pack_ids(new)),
        )
        if tally is None:
            SqliteBackend._recount(conn, old, new, suffix)
        else:
            tally.update(new)
            tally.subtract(old)

    @staticmethod
    def _insert_kv(
        conn: sqlite3.Connection, rows: list[tuple[str, str, int]], suffix: str = ""
    ) -> None:
        conn.executemany(f"INSERT INTO kv{suffix} (field, value, rid) VALUES (?,?,?)", rows)

    @staticmethod
    def _value_set(conn: sqlite3.Connection, rid: int, suffix: str = "") -> set[int]:
        """The facet_values ids document `rid` holds."""
        row = conn.execute(f"SELECT ids FROM facet_sets{suffix} WHERE rid = ?", (rid,)).fetchone()
        return set(unpack_ids([row[0]])) if row else set()

    @staticmethod
    def _recount(conn: sqlite3.Connection, old: set[int], new: set[int], suffix: str = "") -> None:
        """Keep facet_values.docs true when a document's values change from `old` to `new`."""
        for ids, step in ((new - old, 1), (old - new, -1)):
            if ids:
                conn.execute(
                    f"UPDATE facet_values{suffix} SET docs = docs + ? "
                    f"WHERE id IN ({','.join('?' * len(ids))})",
                    [step, *ids],
                )

    @staticmethod
    def _value_id(
        conn: sqlite3.Connection,
        pair: tuple[str, str],
        known: dict[tuple[str, str], int],
        suffix: str,
    ) -> int:
        """The facet_values id of (field, value), added when new. Ids are never removed or
        reused before the next full rebuild, which numbers its own."""
        found = known.get(pair)
        if found is None:
            conn.execute(
                f"INSERT OR IGNORE INTO facet_values{suffix} (field, value) VALUES (?, ?)", pair
            )
            row = conn.execute(
                f"SELECT id FROM facet_values{suffix} WHERE field = ? AND value = ?", pair
            ).fetchone()
            found = known[pair] = int(row[0])
        return found

    @staticmethod
    def _next_generation(conn: sqlite3.Connection) -> None:
        """Mark the index's new state with a value never used before (in the writing
        transaction, so readers see the mark and the change together): term statistics read
        for another generation are not used again (see _stats)."""
        conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('generation', lower(hex(randomblob(12))))"
        )

    @staticmethod
    def _remove(conn: sqlite3.Connection, ids: list[str]) -> None:
        for doc_id in ids:
            row = conn.execute("SELECT rid FROM docs WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                continue
            conn.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            conn.execute("DELETE FROM kv WHERE rid = ?", (row[0],))
            SqliteBackend._recount(conn, SqliteBackend._value_set(conn, row[0]), set())
            conn.execute("DELETE FROM facet_sets WHERE rid = ?", (row[0],))
            conn.execute("DELETE FROM docs WHERE rid = ?", (row[0],))

    def apply(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        """Upsert and delete in one transaction."""

        def work(conn: sqlite3.Connection) -> None:
            value_ids: dict[tuple[str, str], int] = {}
            with conn:
                for doc in upserts:
                    self._write(conn, doc, value_ids)
                self._remove(conn, deletes)
                self._next_generation(conn)

        with self._write_lock:
            self._run(work)

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        self.apply(documents, [])

    def delete(self, ids: list[str]) -> None:
        self.apply([], ids)

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Replace the whole index with `documents`. They are written into tables of their
        own (NEXT), committed every REBUILD_BATCH documents so the write-ahead log stays
        small, then swapped in with the old tables dropped in one short transaction: readers
        see the old index until that commits. A rebuild that dies leaves only NEXT tables,
        which the next rebuild starts by dropping."""

        def work(conn: sqlite3.Connection) -> int:
            with conn:
                self._drop_next(conn)
                _execute_all(conn, _tables(NEXT))
                conn.execute(f"INSERT INTO fts{NEXT} (fts{NEXT}, rank) VALUES ('rank', ?)", (RANK,))
                # no merging while the rows go in: the 'optimize' below merges every segment
                # once (FTS5 still merges a level that reaches 'crisismerge' segments)
                conn.execute(f"INSERT INTO fts{NEXT} (fts{NEXT}, rank) VALUES ('automerge', 0)")
            count = 0
            value_ids: dict[tuple[str, str], int] = {}
            tally: Counter[int] = Counter()
            batch = iter(documents)
            while True:
                with conn:
                    written = 0
                    kv_rows: list[tuple[str, str, int]] = []
                    for doc in batch:
                        self._write(conn, doc, value_ids, NEXT, tally, kv_rows)
                        written += 1
                        if written == REBUILD_BATCH:
                            break
                    # in key order: a document's ~15 rows would each land in another part of
                    # the table; sorted, a batch appends to each value's rows in turn
                    kv_rows.sort()
                    self._insert_kv(conn, kv_rows, NEXT)
                count += written
                if written < REBUILD_BATCH:
                    break
            # one merged segment answers queries fastest; its own transaction, before the swap
            with conn:
                conn.executemany(
                    f"UPDATE facet_values{NEXT} SET docs = ? WHERE id = ?",
                    [(n, vid) for vid, n in tally.items()],
                )
                conn.execute(f"INSERT INTO fts{NEXT} (fts{NEXT}) VALUES ('optimize')")
                # the live index's writes merge as they go again (FTS5's default)
                conn.execute(f"INSERT INTO fts{NEXT} (fts{NEXT}, rank) VALUES ('automerge', 4)")
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                for table in ("vocab", *GENERATION):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                for table in GENERATION:
                    conn.execute(f"ALTER TABLE {table}{NEXT} RENAME TO {table}")
                _execute_all(conn, INDEXES)
                conn.execute("DELETE FROM meta WHERE key = 'rebuild'")
                self._next_generation(conn)
            return count

        with self._write_lock:
            result: int = self._run(work)
            return result

    @staticmethod
    def _drop_next(conn: sqlite3.Connection) -> None:
        for table in NEXT_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")

    # -- reading ---------------------------------------------------------------------
    def ids(self) -> set[str]:
        rows = self._run(lambda c: c.execute("SELECT id FROM docs").fetchall())
        return {r[0] for r in rows}

    def get(self, doc_id: str) -> dict[str, Any] | None:
        row = self._run(
            lambda c: c.execute("SELECT body FROM docs WHERE id=?", (doc_id,)).fetchone()
        )
        return json.loads(row[0]) if row else None

    def needs_rebuild(self) -> bool:
        """True when the index file was emptied because an older version wrote it."""
        row = self._run(
            lambda c: c.execute("SELECT value FROM meta WHERE key = 'rebuild'").fetchone()
        )
        return row is not None

    def health(self) -> dict[str, Any]:
        try:
            count = self._run(lambda c: c.execute("SELECT count(*) FROM docs").fetchone()[0])
            stale = self.needs_rebuild()
        except SearchUnavailable as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}
        if stale:
            return {
                "ok": False,
                "backend": self.name,
                "documents": count,
                "error": "indeks dibuat versi lama dan dikosongkan: jalankan `catalog reindex`",
            }
        return {"ok": True, "backend": self.name, "documents": count}

    def _candidates(
        self, query: SearchQuery, text: str | None, skip: str | None = None
    ) -> tuple[str, list[Any], bool]:
        """SQL selecting the matching rowids as `r` (with every filter except `skip`), its
        parameters, and whether it is driven by an FTS MATCH.

        Text and filters form one MATCH expression (filters through the `facets` column), so
        FTS5 intersects their posting lists; exclusions and date ranges, rarer, are checked
        per matching row.
        """
        expression = " AND ".join(
            f"({part})" for part in (text, filter_expression(query.filters, skip)) if part
        )
        params: list[Any] = []
        if expression:
            sql = "SELECT fts.rowid AS r FROM fts WHERE fts MATCH ?"
            params.append(expression)
            row = "fts.rowid"
        else:
            sql = "SELECT docs.rid AS r FROM docs WHERE 1"
            row = "docs.rid"
        for name, values in sorted(query.excludes.items()):
            if not values:
                continue
            marks = ",".join("?" * len(values))
            sql += (
                f" AND NOT EXISTS (SELECT 1 FROM kv WHERE kv.rid = {row} AND kv.field = ? "
                f"AND kv.value IN ({marks}))"
            )
            params += [name, *values]
        for name, (low, high) in sorted(query.ranges.items()):
            for op, value in ((">=", low), ("<=", high)):
                if value is None:
                    continue
                column = f"docs.{name} {op} ?"
                if expression:
                    column = f"EXISTS (SELECT 1 FROM docs WHERE docs.rid = {row} AND {column})"
                sql += " AND " + column
                params.append(value)
        return sql, params, bool(expression)

    def _stats(self, conn: sqlite3.Connection) -> TermStats:
        """The term statistics of the index's current generation (a mark every write
        transaction replaces, in any process: _next_generation), started afresh when it
        changed, so a count read here is never stale. Shared by the threads of the process."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        version = str(row[0]) if row else ""
        with self._stats_lock:
            stats = self._term_stats
            if stats is None or stats.version != version or len(stats.docs) > TERM_STATS_MAX:
                stats = self._term_stats = TermStats(version)
            return stats

    def term_docs(self, conn: sqlite3.Connection, terms: list[str]) -> dict[str, dict[str, int]]:
        """Each term's document count per column (an unknown term: {}), read from the FTS5
        vocabulary once per index version."""
        stats = self._stats(conn)
        with self._stats_lock:  # other threads add to it
            known = {t: stats.docs[t] for t in dict.fromkeys(terms) if t in stats.docs}
        missing = [t for t in dict.fromkeys(terms) if t not in known]
        if missing:
            found: dict[str, dict[str, int]] = {t: {} for t in missing}
            for term, col, n in conn.execute(
                f"SELECT term, col, doc FROM vocab WHERE term IN ({','.join('?' * len(missing))})",
                missing,
            ):
                found[term][col] = int(n)
            with self._stats_lock:
                stats.docs.update(found)
            known.update(found)
        return {t: known[t] for t in terms}

    def doc_freq(self, conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
        """In how many documents each term occurs (the most of any text column)."""
        if not terms:
            return {}
        out = {}
        for term, cols in self.term_docs(conn, terms).items():
            counts = [cols[c] for c in COUNTED if c in cols]
            if counts:
                out[term] = max(counts)
        return out

    def _vocabulary(self, conn: sqlite3.Connection, name: str) -> dict[str, int]:
        """The terms did-you-mean compares a misspelt word with (term -> documents): "exact"
        the words as written, "stems" the stemmed text columns; once per index version."""
        stats = self._stats(conn)
        found = stats.vocabularies.get(name)
        if found is None:
            if name == "exact":
                sql = "SELECT term, doc FROM vocab WHERE col = 'exact'"
            else:
                sql = (
                    "SELECT term, max(doc) FROM vocab WHERE col IN ('title', 'tags', "
                    "'description') GROUP BY term"
                )
            found = {t: int(n) for t, n in conn.execute(sql)}
            with self._stats_lock:
                stats.vocabularies[name] = found
        return found

    def search(self, query: SearchQuery) -> SearchResult:
        query.validate()
        parsed = parse_text(query.text, query.prefix)
        return self._run(self._search, query, parsed)

    def _plan(self, conn: sqlite3.Connection, parsed: ParsedText) -> plan.Plan:
        return plan.plan_text(parsed, lambda terms: self.doc_freq(conn, terms))

    def _ranked(
        self,
        conn: sqlite3.Connection,
        query: SearchQuery,
        tiers: list[str],
        first: int,
        limit: int,
        columns: bool,
        order: str | None = None,
    ) -> list[plan.Ranked]:
        """Rows first..first+limit of the tiers in turn (each by bm25, ties in insertion
        order; or by `order`, an ORDER BY over `docs`), optionally with their title words and
        stems for re-ranking."""
        out: list[plan.Ranked] = []
        for number, text in enumerate(tiers, 1):
            if limit <= 0:
                break
            cand, params, _ = self._candidates(query, text)
            total = None
            if first > 0:
                total = conn.execute(f"SELECT count(*) FROM ({cand})", params).fetchone()[0]
                if first >= total:
                    first -= total
                    continue
            if order:
                sql = f"SELECT docs.rid, 0 FROM docs WHERE docs.rid IN ({cand}) ORDER BY {order}"
            else:
                sql = cand.replace("SELECT fts.rowid AS r", "SELECT fts.rowid, fts.rank", 1)
                sql += " ORDER BY fts.rank, fts.rowid"
            rows = conn.execute(sql + " LIMIT ? OFFSET ?", [*params, limit, first]).fetchall()
            first = 0
            limit -= len(rows)
            out += [plan.Ranked(key=row[0], tier=number, score=-float(row[1])) for row in rows]
        if columns and out:
            # read for the rows kept only: asked in the ranking query, the columns of every
            # matching row would be read and carried through the sort. The description is
            # left out of the stems: long to read, and the tier already tells which required
            # words a record holds
            words = {
                rid: row
                for rid, *row in conn.execute(
                    "SELECT rowid, title_exact, title, tags, context FROM fts WHERE rowid IN "
                    f"({','.join('?' * len(out))})",
                    [item.key for item in out],
                )
            }
            for item in out:
                title_exact, *stemmed = words[item.key]
                item.title_words = (title_exact or "").split()
                item.stems = set(" ".join(r or "" for r in stemmed).split())
        return out

    def _page(
        self,
        conn: sqlite3.Connection,
        query: SearchQuery,
        text: str | None,
        tiers: list[str] | None = None,
        p: plan.Plan | None = None,
    ) -> list[tuple[int, float]]:
        """(rowid, score) of the requested page, in order.

        The records matching every required concept come first, then those matching most of
        them, then any (`tiers`), in any sort; ranked by relevance, the first RESCORE_WINDOW
        results are re-ranked with the coverage and title proximity bonus (plan.rescore)."""
        limit = [query.per_page, query.first]
        if query.sort == "relevance" and text:
            tiers = tiers or [text]
            first, per = query.first, query.per_page
            window = plan.RESCORE_WINDOW
            if p is not None and p.ranked_by_bonus and first < window:
                size = max(window, first + per)
                ranked = self._ranked(conn, query, tiers, 0, size, columns=True)
                ranked = plan.rescore(p, ranked[:window]) + ranked[window:]
                return [(int(r.key), r.score) for r in ranked[first : first + per]]  # type: ignore[call-overload]
            ranked = self._ranked(conn, query, tiers, first, per, columns=False)
            return [(int(r.key), r.score) for r in ranked]  # type: ignore[call-overload]
        if query.sort == "relevance":
            order = "docs.modified DESC, docs.id"
        else:
            order = SORT_SQL[query.sort].format(dir="DESC" if query.descending else "ASC")
        if tiers and len(tiers) > 1:
            ranked = self._ranked(
                conn, query, tiers, query.first, query.per_page, columns=False, order=order
            )
            return [(int(r.key), 0.0) for r in ranked]  # type: ignore[call-overload]
        cand, params, matched = self._candidates(query, text)
        if matched:
            sql = f"SELECT docs.rid FROM docs WHERE docs.rid IN ({cand}) ORDER BY {order}"
        else:
            sql = cand.replace("SELECT docs.rid AS r", "SELECT docs.rid", 1) + f" ORDER BY {order}"
        rows = conn.execute(sql + " LIMIT ? OFFSET ?", [*params, *limit]).fetchall()
        return [(r[0], 0.0) for r in rows]

    def _search(
        self, conn: sqlite3.Connection, query: SearchQuery, parsed: ParsedText
    ) -> SearchResult:
        p = self._plan(conn, parsed)
        expressions = plan_expressions(p)
        text = expressions[-1] if expressions else None
        tiers = tier_expressions(expressions) if expressions else []
        cand, params, _ = self._candidates(query, text)
        total = conn.execute(f"SELECT count(*) FROM ({cand})", params).fetchone()[0]
        complete = total
        if len(expressions) > 1 and total:
            c_sql, c_params, _ = self._candidates(query, expressions[0])
            complete = conn.execute(f"SELECT count(*) FROM ({c_sql})", c_params).fetchone()[0]
            # a tier known to be empty, or to hold every result, is not read again: the
            # pages need not subtract it ("(wide) NOT (narrow)" reads the narrow words'
            # posting lists and their document counts for bm25 once more)
            if complete == total:
                tiers = tiers[:1]
            elif complete == 0:
                tiers = tier_expressions(expressions[1:])
        hits: list[Hit] = []
        if query.per_page and total > query.first:
            page = self._page(conn, query, text, tiers, p)
            hits = self._hits(conn, query, parsed, page)
        facets = self._facets(conn, query, text)
        suggestion = None
        if parsed.words and not parsed.prefix:
            suggestion = self._did_you_mean(conn, list(parsed.words))
        return SearchResult(
            total=total, hits=hits, facets=facets, suggestion=suggestion, complete=complete
        )

    @staticmethod
    def _hits(
        conn: sqlite3.Connection,
        query: SearchQuery,
        parsed: ParsedText,
        page: list[tuple[int, float]],
    ) -> list[Hit]:
        """The page's documents, highlighted when the query asks."""
        rids = [r for r, _ in page]
        bodies = {
            rid: (doc_id, body)
            for rid, doc_id, body in conn.execute(
                f"SELECT rid, id, body FROM docs WHERE rid IN ({','.join('?' * len(rids))})",
                rids,
            )
        }
        found = []
        for rid, score in page:
            doc_id, body = bodies[rid]
            found.append((doc_id, round(score, 6), json.loads(body)))
        return highlighted_hits(query, parsed, found)

    def _facets(
        self, conn: sqlite3.Connection, query: SearchQuery, text: str | None
    ) -> dict[str, list[FacetValue]]:
        """Facet counts. The facets without an active filter of their own all count the same
        rows, so they are counted in one pass over those rows' values (the web search page
        asks for seven facets: one pass instead of seven); the others one by one."""
        shared = [n for n in query.facets if not query.filters.get(n)]
        counted: dict[str, list[FacetValue]] = {}
        if shared and (text or query.filters or query.excludes or query.ranges):
            cand, params, _ = self._candidates(query, text)
            counted = self._count(conn, cand, params, shared, query.facet_limit)
        return {
            name: counted[name] if name in counted else self._facet(conn, query, text, name)
            for name in query.facets
        }

    def _facet(
        self, conn: sqlite3.Connection, query: SearchQuery, text: str | None, name: str
    ) -> list[FacetValue]:
        # each facet is counted with every active filter except its own
        others = {k: v for k, v in query.filters.items() if k != name and v}
        if text or others or query.excludes or query.ranges:
            cand, params, _ = self._candidates(query, text, skip=name)
            return self._count(conn, cand, params, [name], query.facet_limit)[name]
        # the whole catalog: the counts every write keeps
        rows = conn.execute(
            "SELECT value, docs FROM facet_values WHERE field = ? AND docs > 0 "
            "ORDER BY docs DESC, value LIMIT ?",
            [name, query.facet_limit],
        ).fetchall()
        return [FacetValue(value=v, count=n) for v, n in rows]

    @staticmethod
    def _count(
        conn: sqlite3.Connection, cand: str, params: list[Any], fields: list[str], limit: int
    ) -> dict[str, list[FacetValue]]:
        """The most frequent values of each of `fields` among the rows `cand` selects (most
        first, ties by value): their packed value ids counted in one pass."""
        rows = conn.execute(
            f"SELECT s.ids FROM ({cand}) AS m JOIN facet_sets AS s ON s.rid = m.r", params
        )
        counts: Counter[int] = Counter()
        # in slices: half a catalog of a million matching holds ~7 million ids
        while blobs := rows.fetchmany(COUNT_SLICE):
            counts.update(unpack_ids(blob for (blob,) in blobs))
        found: dict[str, list[tuple[str, int]]] = {name: [] for name in fields}
        ids = list(counts)
        marks = ",".join("?" * len(fields))
        for i in range(0, len(ids), ID_CHUNK):
            chunk = ids[i : i + ID_CHUNK]
            for vid, field, value in conn.execute(
                f"SELECT id, field, value FROM facet_values WHERE field IN ({marks}) "
                f"AND id IN ({','.join('?' * len(chunk))})",
                [*fields, *chunk],
            ):
                found[field].append((value, counts[vid]))
        out = {}
        for name, values in found.items():
            values.sort(key=lambda vn: (-vn[1], vn[0]))
            out[name] = [FacetValue(value=v, count=n) for v, n in values[:limit]]
        return out

    def _did_you_mean(self, conn: sqlite3.Connection, words: list[str]) -> str | None:
        """Nearest indexed words for the words the index does not hold (analysis.did_you_mean:
        dictionary and glossary words are never replaced)."""
        stems = [analysis.stem(w) for w in words]
        docs = self.term_docs(conn, [*words, *stems])
        if all(
            any(c in docs[t] for c in KNOWN for t in (w, s)) or analysis.protected(w)
            for w, s in zip(words, stems, strict=True)
        ):
            return None
        lengths = [len(w) for w in words]
        low, high = min(lengths) - 2, max(lengths) + 2
        vocabulary = {
            t: n for t, n in self._vocabulary(conn, "exact").items() if low <= len(t) <= high
        }
        stem_vocabulary = {
            t: n for t, n in self._vocabulary(conn, "stems").items() if 3 <= len(t) <= high
        }
        return analysis.did_you_mean(words, vocabulary, stems=stem_vocabulary)

    def suggest(self, text: str, limit: int = 8) -> list[dict[str, Any]]:
        """Titles of datasets matching what was typed so far (the last word as a prefix):
        first the titles continuing the typed phrase ("kebakaran h": "kebakaran hutan ..."),
        then the others holding the words and a word with that prefix.

        Only the page is read: a suggestion list needs no total, facets or did-you-mean.
        """
        query = SearchQuery(text=text, prefix=True, per_page=limit, highlight=False)
        query.validate()
        parsed = parse_text(text, prefix=True)

        def work(conn: sqlite3.Connection) -> list[Hit]:
            # a prefix plan has one tier: every word, and the prefix
            tiers = plan_expressions(plan.plan_text(parsed))
            strict = tiers[0] if tiers else None
            follow = continuation_expression(parsed)
            if strict and follow:
                tiers = [f"({strict}) AND ({follow})", f"({strict}) NOT ({follow})"]
            if not tiers:
                page = self._page(conn, query, None)
            else:
                page = [
                    (int(r.key), r.score)  # type: ignore[call-overload]
                    for r in self._ranked(conn, query, tiers, 0, limit, columns=False)
                ]
            return self._hits(conn, query, parsed, page)

        hits: list[Hit] = self._run(work)
        return [
            {"id": h.id, "slug": h.document.get("slug"), "title": h.document.get("title")}
            for h in hits
        ]
