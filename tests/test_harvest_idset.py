"""The compact set of remote ids a harvest job keeps (harvesters/idset.py)."""

from __future__ import annotations

import pytest

from harvesters import idset
from harvesters.idset import IdSet


@pytest.fixture(autouse=True)
def small_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(idset, "MERGE_AT", 5)  # recent ids merged into the array often


def test_membership_across_merges_and_removal() -> None:
    ids = IdSet(["a", "b"])
    for n in range(40):
        ids.add(f"dataset-{n}")
    ids.add("a")  # once only
    assert len(ids) == 42
    assert all(f"dataset-{n}" in ids for n in range(40))
    assert "dataset-40" not in ids and "" not in ids and None not in ids
    ids.difference_update(["dataset-3", "dataset-39", "a", "never-added"])
    assert len(ids) == 39
    assert "dataset-3" not in ids and "dataset-39" not in ids and "a" not in ids
    assert "dataset-4" in ids and "b" in ids


def test_empty_is_false_and_unicode_ids_are_kept_apart() -> None:
    assert not IdSet()
    ids = IdSet(["data-ē", "data-e", "\udcff-broken"])  # a lone surrogate from a bad decode
    assert len(ids) == 3 and "data-ē" in ids and "\udcff-broken" in ids and "data-é" not in ids


def test_memory_is_eight_bytes_an_id_once_merged() -> None:
    ids = IdSet(f"https://portal.example/dataset/{n}" for n in range(1000))
    merged = ids._sorted  # the ids live in the array, not as strings
    assert len(merged) + len(ids._recent) == 1000 and merged.itemsize == 8
