"""What a text query asks for, decided once for both backends (pure functions).

A query's loose words become *concepts*. A concept is matched by any of its alternatives:
the word itself (stemmed, as typed, or among the dataset's structured words -- agency names,
places and years of its coverage, see document.context_text), plus what the statistics
glossary (catalog/data/glossary.json) says it stands for ("ipm" -> "indeks pembangunan
manusia"), and the other way round (a query holding "indeks pembangunan manusia" also finds
"ipm"). Then:

- Indonesian stop words (catalog/data/stopwords_id.txt) are optional: never required, they
  only count for ranking (coverage and title proximity, see rescore).
- Records matching every concept come first (tier 1); then (tier 2) those matching most of
  them, at least minimum_should_match(n) of the n concepts (one of two, all but one of three
  to five, all but two from six); then (tier 3, from three concepts) those matching any one.
  Within a tier, BM25 with the column weights, the first results re-ranked by coverage and
  title proximity (rescore).
- The partial tiers are bounded: a record enters them only through a concept found in at
  most PARTIAL_MAX_DOCS datasets (each group of Plan.partial holds such a concept), so they
  hold at most that many records per concept and broad matching never means reading and
  ranking a common word's whole posting list ("jumlah penduduk" in a large catalog: the
  records holding both words, then those holding only the rarer one if it is below the
  cutoff). In a catalog smaller than the cutoff every word makes partial matches.
- Quoted phrases and the unfinished word of suggest-as-you-type are always required.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations, pairwise
from pathlib import Path

from catalog.search import analysis
from catalog.search.query import ParsedText

DATA = Path(__file__).resolve().parents[1] / "data"
# a concept found in more datasets than this makes no partial match (tiers 2, 3) on its own
PARTIAL_MAX_DOCS = 1000
MAX_REQUIRED = 6
# how many of the best-scored results are re-ranked with the coverage and proximity bonus
RESCORE_WINDOW = 30
COVERAGE_BONUS = 0.3  # x share of the query's concepts found anywhere in the record
TITLE_BONUS = 0.3  # x share of the query's concepts found in the title as typed
PROXIMITY_BONUS = 0.4  # x share of neighbouring query words that are neighbours in the title


@dataclass(frozen=True)
class Glossary:
    # word -> phrases (tuples of words) it stands for or means the same as
    expansions: Mapping[str, tuple[tuple[str, ...], ...]]
    # phrase -> the single words standing for it
    contractions: Mapping[tuple[str, ...], tuple[str, ...]]
    # agency short name -> full names; full name -> short names
    agencies: Mapping[str, tuple[tuple[str, ...], ...]]
    agency_short: Mapping[tuple[str, ...], tuple[str, ...]]

    def known(self, word: str) -> bool:
        return word in self.expansions or word in self.agencies


def _words(text: str) -> tuple[str, ...]:
    return tuple(analysis.tokens(text))


@cache
def glossary() -> Glossary:
    """The statistics glossary as lookup tables (read once)."""
    with open(DATA / "glossary.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    expansions: dict[str, list[tuple[str, ...]]] = {}
    contractions: dict[tuple[str, ...], list[str]] = {}

    def relate(word: str, phrase: tuple[str, ...]) -> None:
        if phrase and phrase != (word,):
            expansions.setdefault(word, []).append(phrase)
            if len(phrase) > 1:
                contractions.setdefault(phrase, []).append(word)

    for short, longs in raw.get("abbreviations", {}).items():
        for text in longs:
            relate(short, _words(text))
    for group in raw.get("synonyms", []):
        members = [_words(m) for m in group]
        for member in members:
            for other in members:
                if other is member:
                    continue
                if len(member) == 1:
                    relate(member[0], other)
                elif len(other) == 1:
                    contractions.setdefault(member, []).append(other[0])
    agencies: dict[str, list[tuple[str, ...]]] = {}
    agency_short: dict[tuple[str, ...], list[str]] = {}
    for short, longs in raw.get("agencies", {}).items():
        for text in longs:
            agencies.setdefault(short, []).append(_words(text))
            agency_short.setdefault(_words(text), []).append(short)
    return Glossary(
        expansions={k: tuple(dict.fromkeys(v)) for k, v in expansions.items()},
        contractions={k: tuple(dict.fromkeys(v)) for k, v in contractions.items()},
        agencies={k: tuple(v) for k, v in agencies.items()},
        agency_short={k: tuple(dict.fromkeys(v)) for k, v in agency_short.items()},
    )


@cache
def stop_words() -> frozenset[str]:
    with open(DATA / "stopwords_id.txt", encoding="utf-8") as fh:
        return frozenset(
            line.split("#", 1)[0].strip() for line in fh if line.split("#", 1)[0].strip()
        )


@cache
def place_words() -> frozenset[str]:
    """The words of the regency's kecamatan and desa/kelurahan names."""
    from catalog import vocab

    return frozenset(w for r in vocab.regions().values() for w in analysis.tokens(r.name))


def structured(alternative: tuple[str, ...]) -> bool:
    """Whether an alternative may match a dataset's structured words (the `context` field:
    agency names, places, years): an agency short name or full name of the glossary, a word
    of a kecamatan/desa name, a year. Other words are matched in the text only, so a topic
    word shared with many agency names ("kesehatan") does not match every dataset of those
    agencies -- and costs no ranking of them."""
    g = glossary()
    if len(alternative) > 1:
        return alternative in g.agency_short
    word = alternative[0]
    if word.isdigit():
        return len(word) == 4
    return word in g.agencies or word in place_words()


def agency_words(title: str, slug: str = "") -> list[str]:
    """The words an agency is found by besides its title: its short names from the glossary
    (a "Dinas Kesehatan" is found by "dinkes") and, for a short-named agency ("DINKES"), the
    full names the glossary gives it."""
    return list(_agency_words(title, slug))


@lru_cache(maxsize=4096)
def _agency_words(title: str, slug: str) -> tuple[str, ...]:
    """agency_words, cached: every dataset of an agency asks the same (full rebuilds)."""
    g = glossary()
    words = _words(title)
    out: list[str] = list(g.agency_short.get(words, ()))
    for token in (*words, *_words(slug.replace("-", " "))):
        for full in g.agencies.get(token, ()):
            out.extend(full)
        if token in g.agencies:
            out.append(token)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for; any alternative (a sequence of words) matches it."""

    text: str  # as the query wrote it
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def single(self) -> str | None:
        first = self.alternatives[0]
        return first[0] if len(first) == 1 else None


@dataclass(frozen=True)
class Plan:
    required: tuple[Concept, ...] = ()
    optional: tuple[Concept, ...] = ()
    # the tiers after the first (which holds every concept): each a set of groups of
    # concepts (indexes into `required`); a record belongs to the first tier one of whose
    # groups it holds entirely. Each group holds a concept that may make a partial match.
    partial: tuple[tuple[tuple[int, ...], ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # quoted, always required
    prefix: str | None = None
    words: tuple[str, ...] = ()  # every word of the query in order (stop words included)

    @property
    def empty(self) -> bool:
        return not (self.required or self.phrases or self.prefix)

    @property
    def relaxed(self) -> bool:
        """Whether records matching only some required concepts are results too (tier 2)."""
        return bool(self.partial)

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return (*self.required, *self.optional)

    @property
    def ranked_by_bonus(self) -> bool:
        """Whether re-ranking can change anything: a query of one word is ranked by bm25
        alone (its exact-word weight already prefers the word as typed)."""
        return len(self.concepts) + len(self.phrases) > 1 and not self.prefix


def concepts_of(words: Iterable[str]) -> list[Concept]:
    """The words as concepts, one each: a word of a glossary phrase found in the query
    ("angka kematian ibu") has the phrase's abbreviation ("aki") as another alternative, any
    other word what the glossary says it stands for (its expansions, agency full names)."""
    g = glossary()
    seq = list(words)
    out: list[Concept] = []
    longest = max((len(p) for p in g.contractions), default=1)
    i = 0
    while i < len(seq):
        found = None
        for size in range(min(longest, len(seq) - i), 1, -1):
            phrase = tuple(seq[i : i + size])
            if phrase in g.contractions:
                found = phrase
                break
        if found:
            # each word of the phrase is a concept the abbreviation also satisfies: a record
            # holding the abbreviation holds them all (tier 1), one holding some of the words
            # is a partial match
            short = tuple((w,) for w in g.contractions[found])
            for word in found:
                alts = [(word,), *short, *g.expansions.get(word, ())]
                out.append(Concept(word, tuple(dict.fromkeys(alts))))
            i += len(found)
            continue
        word = seq[i]
        alts = [(word,), *g.expansions.get(word, ()), *g.agencies.get(word, ())]
        out.append(Concept(word, tuple(dict.fromkeys(alts))))
        i += 1
    return out


def frequency_terms(concepts: Iterable[Concept]) -> list[str]:
    """The index terms whose document counts plan_text needs (the word and its stem)."""
    terms: list[str] = []
    for concept in concepts:
        for alternative in concept.alternatives:
            if len(alternative) == 1:
                terms += [alternative[0], analysis.stem(alternative[0])]
    return list(dict.fromkeys(terms))


def minimum_should_match(n: int) -> int:
    """How many of n concepts a tier-2 record holds at least: one of two, all but one of
    three to five, all but two from six (Solr's minimum-should-match "1<-1 5<-2")."""
    if n <= 2:
        return 1
    return n - 1 if n <= 5 else n - 2


def _minimal(groups: Iterable[tuple[int, ...]]) -> tuple[tuple[int, ...], ...]:
    """The groups without those holding another group (they add no record)."""
    kept = list(dict.fromkeys(groups))
    return tuple(g for g in kept if not any(o != g and set(o) < set(g) for o in kept))


def partial_tiers(n: int, too_many: set[int]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The tiers after the first of n concepts (see Plan.partial): every
    minimum_should_match(n) of them, then (when that is more than one) any one. A group
    counts only when it holds a concept not in `too_many` datasets."""
    if n < 2:
        return ()
    allowed = set(range(n)) - too_many
    least = minimum_should_match(n)
    most = _minimal(g for g in combinations(range(n), least) if allowed & set(g))
    tiers = [most]
    if least > 1:
        tiers.append(tuple((i,) for i in sorted(allowed)))
    return tuple(t for t in tiers if t)


def plan_text(
    parsed: ParsedText, doc_freq: Callable[[list[str]], Mapping[str, int]] | None = None
) -> Plan:
    """The plan of a parsed query. `doc_freq(terms)` answers in how many documents each index
    term occurs (None: every word may make a partial match)."""
    stops = stop_words()
    words = parsed.words
    meaningful = [w for w in words if w not in stops]
    if not meaningful and not parsed.phrases and not parsed.prefix:
        meaningful = list(words)  # a query of stop words only means them
    optional = [Concept(w, ((w,),)) for w in words if w in stops and w not in meaningful]
    concepts = concepts_of(meaningful)
    counts: dict[Concept, int] = {}
    if doc_freq is not None and len(concepts) > 1:
        df = doc_freq(frequency_terms(concepts))
        for concept in concepts:
            singles = [a[0] for a in concept.alternatives if len(a) == 1]
            counts[concept] = max(
                (max(df.get(w, 0), df.get(analysis.stem(w), 0)) for w in singles), default=-1
            )
    if len(concepts) > MAX_REQUIRED:
        by_rarity = sorted(concepts, key=lambda c: counts.get(c, -1))
        keep = set(by_rarity[:MAX_REQUIRED])
        optional += [c for c in concepts if c not in keep]
        concepts = [c for c in concepts if c in keep]
    too_many = {i for i, c in enumerate(concepts) if counts.get(c, -1) > PARTIAL_MAX_DOCS}
    partial = () if parsed.prefix else partial_tiers(len(concepts), too_many)
    return Plan(
        required=tuple(concepts),
        optional=tuple(optional),
        partial=partial,
        phrases=parsed.phrases,
        prefix=parsed.prefix,
        words=tuple(words),
    )


# -- re-ranking the best results -------------------------------------------------------------
def bonus(plan: Plan, title_words: list[str], record_stems: set[str]) -> float:
    """The factor (>= 1) a record's score is multiplied by: coverage of the query's concepts
    (stems found anywhere in the record), concepts found in the title as typed, and query
    words (stop words included) standing next to each other in the title."""
    concepts = plan.concepts
    if not concepts:
        return 1.0
    title_set = set(title_words)
    covered = titled = 0
    for concept in concepts:
        alts = concept.alternatives
        if any(all(analysis.stem(w) in record_stems for w in alt) for alt in alts):
            covered += 1
        if any(all(w in title_set for w in alt) for alt in alts):
            titled += 1
    pairs = list(pairwise(plan.words))
    title_pairs = set(pairwise(title_words))
    adjacent = sum(1 for p in pairs if p in title_pairs) / len(pairs) if pairs else 0.0
    return (
        1.0
        + COVERAGE_BONUS * covered / len(concepts)
        + TITLE_BONUS * titled / len(concepts)
        + PROXIMITY_BONUS * adjacent
    )


@dataclass
class Ranked:
    """One result in the window: its id, tier (1: every required concept), score."""

    key: object
    tier: int
    score: float
    title_words: list[str] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)


def rescore(plan: Plan, window: list[Ranked]) -> list[Ranked]:
    """The window re-ordered: tier first, then score times bonus (stable on ties)."""
    for item in window:
        item.score = item.score * bonus(plan, item.title_words, item.stems)
    return sorted(window, key=lambda r: (r.tier, -r.score))
