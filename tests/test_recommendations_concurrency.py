"""Two people acting on the same recommendation at the same moment, over real HTTP against
PostgreSQL: exactly one succeeds, the other gets 409, and the trail holds exactly one event."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from catalog.context import Catalog
from tests import factories
from tests.conftest import World, build_app
from tests.servers import serve

pytestmark = pytest.mark.postgres
ROUNDS = 5
VALID_UNTIL = (date.today() + timedelta(days=365)).isoformat()


@pytest.fixture
def app(pg_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The application on PostgreSQL only (SQLite serializes writers anyway)."""
    application = build_app(pg_url, tmp_path)
    yield application
    application.extensions["catalog"].db.dispose()


@pytest.fixture
def second_reviewer(ctx: Catalog, world: World) -> str:
    with ctx.db.session() as session:
        user = factories.make_user(session, "reviewer2", roles=("bps_reviewer",))
        return factories.make_token(session, user)


def race(base: str, calls: list[tuple[str, str, dict[str, Any], str]]) -> list[int]:
    """Fire the calls (method, path, body, token) together behind a barrier; their statuses."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def fire(i: int) -> None:
        method, path, body, token = calls[i]
        with requests.Session() as http:
            barrier.wait()
            response = http.request(
                method,
                base + path,
                json=body,
                headers={"Authorization": "Bearer " + token},
                timeout=60,
            )
        statuses[i] = response.status_code

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def _act(base: str, token: str, dataset_id: str, action: str, body: dict[str, Any]) -> None:
    response = requests.post(
        f"{base}/api/v1/datasets/{dataset_id}/recommendation/{action}",
        json=body,
        headers={"Authorization": "Bearer " + token},
        timeout=30,
    )
    assert response.status_code == 200, response.text


def _state(base: str, world: World, dataset_id: str) -> dict[str, Any]:
    response = requests.get(
        f"{base}/api/v1/datasets/{dataset_id}/recommendation",
        headers=world.auth("admin"),
        timeout=30,
    )
    return dict(response.json())


def test_two_reviewers_take_the_same_request(
    app: Flask, world: World, second_reviewer: str
) -> None:
    with serve(app) as base:
        for _ in range(ROUNDS):
            ds = world.create_dataset_over_http(base)
            _act(base, world.editor, ds, "request", {})
            path = f"/api/v1/datasets/{ds}/recommendation/take"
            statuses = race(
                base, [("POST", path, {}, world.reviewer), ("POST", path, {}, second_reviewer)]
            )
            assert sorted(statuses) == [200, 409]
            state = _state(base, world, ds)
            assert state["status"] == "in_review"
            assert [e["action"] for e in state["events"]] == ["request", "take"]
            winner = "reviewer" if statuses[0] == 200 else "reviewer2"
            assert state["reviewer"] == winner and state["events"][-1]["actor"] == winner


def test_recommend_and_reject_at_once(app: Flask, world: World, second_reviewer: str) -> None:
    with serve(app) as base:
        for _ in range(ROUNDS):
            ds = world.create_dataset_over_http(base)
            _act(base, world.editor, ds, "request", {})
            _act(base, world.reviewer, ds, "take", {})
            prefix = f"/api/v1/datasets/{ds}/recommendation/"
            statuses = race(
                base,
                [
                    (
                        "POST",
                        prefix + "recommend",
                        {"number": "B-7/2026", "valid_until": VALID_UNTIL},
                        world.reviewer,
                    ),
                    ("POST", prefix + "reject", {"note": "Duplikasi."}, second_reviewer),
                ],
            )
            assert sorted(statuses) == [200, 409]
            state = _state(base, world, ds)
            expected = "recommended" if statuses[0] == 200 else "not_recommended"
            assert state["status"] == expected
            assert len(state["events"]) == 3 and state["events"][-1]["to_status"] == expected
            # The loser's fields were not written either.
            assert (state["number"] == "B-7/2026") == (expected == "recommended")


def test_first_action_on_a_dataset_races(app: Flask, world: World, second_reviewer: str) -> None:
    """No recommendation row yet: two reviewers open a review at once (both insert the row)."""
    with serve(app) as base:
        for _ in range(ROUNDS):
            ds = world.create_dataset_over_http(base)
            path = f"/api/v1/datasets/{ds}/recommendation/take"
            statuses = race(
                base, [("POST", path, {}, world.reviewer), ("POST", path, {}, second_reviewer)]
            )
            assert sorted(statuses) == [200, 409]
            state = _state(base, world, ds)
            assert state["status"] == "in_review" and len(state["events"]) == 1


def test_request_and_take_on_what_both_saw(app: Flask, world: World, second_reviewer: str) -> None:
    """The agency asks while a reviewer opens a review, both having read version 0 ("none").

    One after the other these are a legal sequence (request, then take); sent with the version
    each caller saw, exactly one may win.
    """
    with serve(app) as base:
        for _ in range(ROUNDS):
            ds = world.create_dataset_over_http(base)
            prefix = f"/api/v1/datasets/{ds}/recommendation/"
            statuses = race(
                base,
                [
                    # Both saw "no recommendation" (version 0). Without the version the two
                    # actions could also succeed one after the other, legally.
                    ("POST", prefix + "request", {"version": 0}, world.editor),
                    ("POST", prefix + "take", {"version": 0}, second_reviewer),
                ],
            )
            assert sorted(statuses) == [200, 409]
            state = _state(base, world, ds)
            assert state["status"] == ("requested" if statuses[0] == 200 else "in_review")
            assert len(state["events"]) == 1 and state["version"] >= 1
