"""Highlighted snippets computed from the document, identical for every backend."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from catalog.search import analysis
from catalog.search.query import Hit, ParsedText, SearchQuery

WORD_RE = re.compile(r"\w+(?:[-.]\w+)*")

Matcher = Callable[[str], bool]


@lru_cache(maxsize=100_000)
def _forms(word: str) -> tuple[str, str]:
    """(normalized word, its stem), cached: the same words recur in every page."""
    norm = analysis.normalize(word)
    return norm, analysis.stem(norm)


def matcher(wanted: set[str], prefixes: tuple[str, ...] = ()) -> Matcher:
    """Whether a word (as written) is one the query asked for: by stem, as typed, or by
    prefix. Decisions are remembered for the query: a page repeats the same words."""
    decided: dict[str, bool] = {}

    def hit(word: str) -> bool:
        found = decided.get(word)
        if found is None:
            norm, stem = _forms(word)
            found = stem in wanted or norm in wanted or bool(prefixes and norm.startswith(prefixes))
            decided[word] = found
        return found

    return hit


def query_matcher(parsed: ParsedText) -> Matcher | None:
    """The matcher of a query's words, phrase words (as typed and stemmed) and prefix; None
    when there is nothing to highlight."""
    wanted: set[str] = set()
    for word in (*parsed.words, *(w for p in parsed.phrases for w in p)):
        wanted |= {word, analysis.stem(word)}
    prefixes = (parsed.prefix,) if parsed.prefix else ()
    return matcher(wanted, prefixes) if wanted or prefixes else None


def mark(text: str, hit: Matcher) -> str | None:
    """`text` HTML-escaped with matching words in <mark>, or None when nothing matches."""
    out: list[str] = []
    last = 0
    for m in WORD_RE.finditer(text):
        if hit(m.group()):
            out.append(html.escape(text[last : m.start()]))
            out.append("<mark>" + html.escape(m.group()) + "</mark>")
            last = m.end()
    if not out:
        return None
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, hit: Matcher, width: int = 200) -> str | None:
    """A window of about `width` characters around the first match, highlighted."""
    if not text:
        return None
    first = next((m.start() for m in WORD_RE.finditer(text) if hit(m.group())), None)
    if first is None:
        return None
    start = max(0, first - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if space >= 0 else len(text)
    marked = mark(text[start:end], hit)
    if marked is None:
        return None
    return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")


def highlights(document: dict[str, object], hit: Matcher | None) -> dict[str, list[str]]:
    """Snippets for title, description and tags of one document (`hit` from matcher())."""
    out: dict[str, list[str]] = {}
    if hit is None:
        return out
    marked = mark(str(document.get("title") or ""), hit)
    if marked:
        out["title"] = [marked]
    desc = snippet(str(document.get("description") or ""), hit)
    if desc:
        out["description"] = [desc]
    tags = [mark(str(t), hit) for t in document.get("tags") or []]  # type: ignore[attr-defined]
    tag_hits = [t for t in tags if t]
    if tag_hits:
        out["tags"] = tag_hits
    return out


def highlighted_hits(
    query: SearchQuery, parsed: ParsedText, found: Iterable[tuple[str, float, dict[str, Any]]]
) -> list[Hit]:
    """A page's hits from its (id, score, document) triples, each with its snippets when the
    query asks for highlights."""
    hit = query_matcher(parsed) if query.highlight else None
    return [
        Hit(id=doc_id, score=score, highlights=highlights(document, hit), document=document)
        for doc_id, score, document in found
    ]
