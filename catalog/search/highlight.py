"""Highlighted snippets computed from the document, identical for every backend."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from catalog.search import analysis

WORD_RE = re.compile(r"\w+(?:[-.]\w+)*")


@lru_cache(maxsize=100_000)
def _forms(word: str) -> tuple[str, str]:
    """(normalized word, its stem), cached: the same words recur in every page."""
    norm = analysis.normalize(word)
    return norm, analysis.stem(norm)


def _hit(word: str, wanted: set[str], prefixes: tuple[str, ...]) -> bool:
    norm, stem = _forms(word)
    return stem in wanted or norm in wanted or bool(prefixes and norm.startswith(prefixes))


def mark(text: str, wanted_stems: set[str], wanted_prefixes: tuple[str, ...] = ()) -> str | None:
    """`text` HTML-escaped with matching words in <mark>, or None when nothing matches."""
    out: list[str] = []
    last = 0
    found = False
    for m in WORD_RE.finditer(text):
        if _hit(m.group(), wanted_stems, wanted_prefixes):
            out.append(html.escape(text[last : m.start()]))
            out.append("<mark>" + html.escape(m.group()) + "</mark>")
            last = m.end()
            found = True
    if not found:
        return None
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(
    text: str, wanted: set[str], prefixes: tuple[str, ...] = (), width: int = 200
) -> str | None:
    """A window of about `width` characters around the first match, highlighted."""
    if not text:
        return None
    first = None
    for m in WORD_RE.finditer(text):
        word = analysis.normalize(m.group())
        if (
            analysis.stem(word) in wanted
            or word in wanted
            or (prefixes and word.startswith(prefixes))
        ):
            first = m.start()
            break
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
    marked = mark(text[start:end], wanted, prefixes)
    if marked is None:
        return None
    return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")


def highlights(
    document: dict[str, object], wanted: set[str], prefixes: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """Snippets for title, description and tags of one document."""
    out: dict[str, list[str]] = {}
    if not wanted and not prefixes:
        return out
    title = str(document.get("title") or "")
    marked = mark(title, wanted, prefixes)
    if marked:
        out["title"] = [marked]
    desc = snippet(str(document.get("description") or ""), wanted, prefixes)
    if desc:
        out["description"] = [desc]
    tags = [mark(str(t), wanted, prefixes) for t in document.get("tags") or []]  # type: ignore[attr-defined]
    tag_hits = [t for t in tags if t]
    if tag_hits:
        out["tags"] = tag_hits
    return out
