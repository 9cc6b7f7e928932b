"""The query plan both backends share (catalog/search/plan.py), as pure functions: which
records each tier holds, and how the partial tiers are bounded."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from catalog.search import plan
from catalog.search.query import parse_text


def counts(table: dict[str, int]) -> Callable[[list[str]], Mapping[str, int]]:
    """A document-count function answering from a table (terms not in it: 0)."""
    return lambda terms: {t: table[t] for t in terms if t in table}


def test_minimum_should_match_depends_on_the_query_length() -> None:
    assert [plan.minimum_should_match(n) for n in range(2, 8)] == [1, 2, 3, 4, 4, 5]


def test_two_words_every_word_first_then_either() -> None:
    p = plan.plan_text(parse_text("jumlah penduduk"))
    assert [c.text for c in p.required] == ["jumlah", "penduduk"]
    assert p.partial == (((0,), (1,)),)  # one tier after the first: either word


def test_three_words_most_then_any() -> None:
    p = plan.plan_text(parse_text("sekolah sma smk"))
    assert p.partial == (((0, 1), (0, 2), (1, 2)), ((0,), (1,), (2,)))


def test_stop_words_are_never_required() -> None:
    p = plan.plan_text(parse_text("jalan dan jembatan"))
    assert [c.text for c in p.required] == ["jalan", "jembatan"]
    assert [c.text for c in p.optional] == ["dan"]
    assert p.partial == (((0,), (1,)),)


def test_a_word_in_too_many_datasets_makes_no_partial_match() -> None:
    """The partial tiers stay bounded: only a concept found in at most PARTIAL_MAX_DOCS
    datasets lets a record in on its own; words all above it leave one tier (every word)."""
    many = plan.PARTIAL_MAX_DOCS + 1
    p = plan.plan_text(parse_text("jumlah guru"), counts({"jumlah": many, "guru": 40}))
    assert p.partial == (((1,),),)
    both = plan.plan_text(parse_text("jumlah penduduk"), counts({"jumlah": many, "duduk": many}))
    assert not both.relaxed and both.partial == ()
    # three words, one common: a pair counts only with a word below the cutoff
    three = plan.plan_text(
        parse_text("jumlah sekolah sma"), counts({"jumlah": many, "sekolah": 300, "sma": 40})
    )
    assert three.partial == (((0, 1), (0, 2), (1, 2)), ((1,), (2,)))
    common_pair = plan.plan_text(
        parse_text("jumlah kabupaten sma"), counts({"jumlah": many, "kabupaten": many, "sma": 40})
    )
    assert common_pair.partial == (((0, 2), (1, 2)), ((2,),))


def test_a_glossary_phrase_is_words_its_abbreviation_satisfies() -> None:
    p = plan.plan_text(parse_text("angka kematian ibu"))
    assert [c.text for c in p.required] == ["angka", "kematian", "ibu"]
    assert all(("aki",) in c.alternatives for c in p.required)
    assert p.partial == (((0, 1), (0, 2), (1, 2)), ((0,), (1,), (2,)))


def test_suggest_as_you_type_needs_every_word() -> None:
    p = plan.plan_text(parse_text("jumlah sek", prefix=True))
    assert p.prefix == "sek" and not p.relaxed
