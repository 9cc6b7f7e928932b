"""CKAN package_search walks (`rows` + growing `start`) seek by the date under the hood
(catalog/services/ckan_paging.py): with the real ckanapi client against a real HTTP server,
the walk returns what the offset answer returns when nothing changes, and keeps its promise
when datasets are created, edited and withdrawn between pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckanapi
import pytest
from flask import Flask

from catalog.services import ckan_paging
from catalog.services import datasets as dataset_service
from catalog.services.auth import SYSTEM
from schemas.profile import DatasetIn
from tests.conftest import build_app
from tests.factories import dataset_payload, make_org
from tests.servers import serve

COUNT = 23
ROWS = 5


@pytest.fixture
def portal(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[ckanapi.RemoteCKAN, Flask]]:
    ckan_paging.forget()
    app = build_app(sqlite_url, tmp_path)
    ctx = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        make_org(session, "dinkes")
    for n in range(COUNT):
        create(app, n)
    try:
        with serve(app) as url:
            yield ckanapi.RemoteCKAN(url, get_only=True), app
    finally:
        ctx.db.dispose()
        ckan_paging.forget()


def create(app: Flask, n: int) -> str:
    with app.extensions["catalog"].unit_of_work() as session:
        data = DatasetIn().load(dataset_payload("dinkes", title=f"Data uji nomor {n}"))
        return dataset_service.create_dataset(session, SYSTEM, data).id


def edit(app: Flask, dataset_id: str) -> None:
    with app.extensions["catalog"].unit_of_work() as session:
        dataset = dataset_service.get_dataset(session, SYSTEM, dataset_id)
        data = DatasetIn().load(dataset_payload("dinkes", title=dataset.title + " (revisi)"))
        dataset_service.update_dataset(
            session, SYSTEM, dataset.slug, data, expected_version=dataset.version
        )


def withdraw(app: Flask, dataset_id: str) -> None:
    with app.extensions["catalog"].unit_of_work() as session:
        dataset_service.withdraw_dataset(session, SYSTEM, dataset_id)


def walk(ckan: ckanapi.RemoteCKAN, sort: str, between: Any = None) -> tuple[list[str], list[int]]:
    """A harvester's walk: pages of ROWS until `start >= count`; `between(page_number,
    served_so_far)` runs after each page."""
    served: list[str] = []
    counts: list[int] = []
    start = 0
    while True:
        answer = ckan.action.package_search(q="*:*", rows=ROWS, start=start, sort=sort)
        counts.append(answer["count"])
        served += [p["id"] for p in answer["results"]]
        start += len(answer["results"])
        if not answer["results"] or start >= answer["count"]:
            return served, counts
        if between is not None:
            between(len(counts), served)


def published(ckan: ckanapi.RemoteCKAN) -> set[str]:
    answer = ckan.action.package_search(q="*:*", rows=1000)
    return {p["id"] for p in answer["results"]}


@pytest.mark.parametrize("sort", ["metadata_created asc", "metadata_modified desc"])
def test_walk_without_writes_equals_the_offset_pages(
    portal: tuple[ckanapi.RemoteCKAN, Flask], sort: str
) -> None:
    ckan, _app = portal
    served, counts = walk(ckan, sort)
    assert len(served) == len(set(served)) == COUNT
    assert counts == [COUNT] * len(counts)
    # the same pages asked cold (no cursor: an offset query) are the same
    ckan_paging.forget()
    for start in range(0, COUNT, ROWS):
        cold = ckan.action.package_search(q="*:*", rows=ROWS, start=start, sort=sort)
        assert [p["id"] for p in cold["results"]] == served[start : start + ROWS]
        assert cold["count"] == COUNT


def test_created_walk_returns_each_dataset_once_while_writes_happen(
    portal: tuple[ckanapi.RemoteCKAN, Flask],
) -> None:
    """Sorted by metadata_created: every dataset published before the walk and still
    published after it comes exactly once, although datasets are created, edited and
    withdrawn between pages (an offset walk would skip one per withdrawal before it)."""
    ckan, app = portal
    before = published(ckan)
    created: list[str] = []
    withdrawn: list[str] = []

    def writes(page: int, served: list[str]) -> None:
        created.append(create(app, 100 + page))
        edit(app, served[0])  # an edit does not move a dataset in this order
        left = [i for i in sorted(before) if i not in served and i not in withdrawn]
        if left:
            edit(app, left[-1])
        withdrawn.append(served[-1])  # already served: shifts every later position
        withdraw(app, served[-1])

    served, _counts = walk(ckan, "metadata_created asc", writes)
    assert len(served) == len(set(served))
    still = published(ckan)
    assert before & still <= set(served)
    assert set(served) <= before | set(created)
    assert len(withdrawn) >= 3


def test_modified_walk_skips_nothing_while_datasets_are_edited(
    portal: tuple[ckanapi.RemoteCKAN, Flask],
) -> None:
    """Sorted by metadata_modified: a dataset edited during the walk moves to the end (and
    may come twice); none is skipped, also when served ones are edited and withdrawn."""
    ckan, app = portal
    before = published(ckan)

    def writes(page: int, served: list[str]) -> None:
        edit(app, served[0])
        left = [i for i in sorted(before) if i not in served]
        if left:
            edit(app, left[0])
        withdraw(app, served[1])

    served, _counts = walk(ckan, "metadata_modified asc", writes)
    assert before & published(ckan) <= set(served)


def test_start_beyond_the_engine_window_without_a_walk_is_refused(
    portal: tuple[ckanapi.RemoteCKAN, Flask],
) -> None:
    ckan, _app = portal
    with pytest.raises(ckanapi.SearchQueryError):
        ckan.action.package_search(q="*:*", rows=5, start=300_000, sort="metadata_created asc")
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.package_search(q="*:*", rows=5, start=20_000_000)
