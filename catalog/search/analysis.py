"""Indonesian text analysis shared by both backends, at index time and at query time.

Stemming happens here, in Python, so SQLite FTS5 and Elasticsearch index and search the
very same terms (Sastrawi: "kemiskinan" -> "miskin", "kependudukan" -> "duduk" like
"penduduk", "perekonomian" -> "ekonomi", "perumahan" -> "rumah").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

# Words: letters and digits, keeping inner hyphens/dots of codes ("covid-19", "36.03.01").
TOKEN_RE = re.compile(r"\w+(?:[-.]\w+)*")

_stemmer: Any = None
_lock = threading.Lock()


def _get_stemmer() -> Any:
    global _stemmer
    if _stemmer is None:
        with _lock:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                _stemmer = StemmerFactory().create_stemmer()
    return _stemmer


def normalize(text: str) -> str:
    """Lower-case and strip diacritics (é -> e), so both backends compare the same strings."""
    if text.isascii():
        return text.lower()  # the common case, and much faster
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Unstemmed, lower-cased words in order."""
    return TOKEN_RE.findall(normalize(text or ""))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Sastrawi stem of one lower-cased word (cached: the vocabulary is small)."""
    if not word.isalpha() or len(word) <= 3:
        return word  # numbers, codes and short words stay as they are
    result: str = _get_stemmer().stem(word)
    return result or word


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


def stemmed_text(text: str) -> str:
    """Stemmed words joined by spaces: what the stemmed index columns/fields hold."""
    return " ".join(stems(text))


def exact_text(text: str) -> str:
    return " ".join(tokens(text))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=1)
def root_words() -> frozenset[str]:
    """The Indonesian root dictionary Sastrawi stems with (about 30,000 words)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(StemmerFactory().get_words())


def protected(word: str) -> bool:
    """A word typo correction never replaces: a root word of the dictionary, a word whose
    stem is one ("ketahanan" -> "tahan"), a glossary word ("bpjs", "lansia"), a stop word,
    a number or code, or a word of one or two letters."""
    from catalog.search import plan

    if len(word) <= 2 or not word.isalpha():
        return True
    if word in plan.stop_words() or plan.glossary().known(word):
        return True
    roots = root_words()
    return word in roots or (stem(word) != word and stem(word) in roots)


def allowed_edits(word: str) -> int:
    """How many edits a correction may make: 1 up to five letters, else 2."""
    return 1 if len(word) <= 5 else 2


PREFIXES = ("ke", "pe", "per", "pen", "pem", "peng", "penge", "me", "mem", "men", "meng", "ber",
            "di", "ter", "se")  # fmt: skip
SUFFIXES = ("an", "kan", "nya", "i")


def stem_variants(word: str) -> set[str]:
    """The word with a common prefix and/or suffix taken off ("kemiskinn" -> "miskinn"), to be
    compared with stems when its surface form is not in the index."""
    out = {word}
    for pre in PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= 4:
            out.add(word[len(pre) :])
    for w in list(out):
        for suf in SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                out.add(w[: -len(suf)])
    return out


def nearest(word: str, vocabulary: dict[str, int], limit: int) -> tuple[int, int, str] | None:
    best: tuple[int, int, str] | None = None
    for term, count in vocabulary.items():
        if abs(len(term) - len(word)) > limit:
            continue
        distance = edit_distance(word, term, limit)
        if distance <= limit:
            key = (distance, -count, term)
            if best is None or key < best:
                best = key
    return best


def did_you_mean(
    words: list[str],
    vocabulary: dict[str, int],
    limit: int = 2,
    stems: dict[str, int] | None = None,
) -> str | None:
    """Replace each word missing from `vocabulary` (term -> document count) by its nearest
    known term (smallest edit distance, then most documents, then alphabetical); words of
    the dictionary or the glossary are never replaced. With `stems` (stem -> document
    count), a word no surface form is close to may be corrected to a stem, compared without
    its prefix and suffix ("kemiskinn" -> "miskin")."""
    changed = False
    out: list[str] = []
    for word in words:
        if word in vocabulary or (stems and stem(word) in stems) or protected(word):
            out.append(word)
            continue
        edits = min(limit, allowed_edits(word))
        best = nearest(word, vocabulary, edits)
        if best is None and stems:
            found = [nearest(v, stems, 1) for v in stem_variants(word)]
            best = min((f for f in found if f), default=None)
        if best is None:
            out.append(word)
        else:
            out.append(best[2])
            changed = True
    return " ".join(out) if changed else None
