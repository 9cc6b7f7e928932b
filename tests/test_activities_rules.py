"""Rules of statistical activities that live in the services (issue 20 polish): the one
reviewer queue of datasets and activities (views.mixed_queue), a recommendation number
already used by a dataset or another activity (workflow.number_in_use / decision_warnings,
through the API), conflict-of-interest messages naming the kind of subject, list_activities
with several statuses, and the notes an agency has to act on (views.last_notes) for
activities. Real SQLite, the services and API v1 through Flask's test client."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from catalog.context import Catalog
from catalog.errors import Forbidden
from catalog.models import Activity, Dataset
from catalog.services import activities
from catalog.services.auth import ANONYMOUS, SYSTEM
from catalog.services.recommendations import views, workflow
from catalog.services.recommendations.workflow import (
    M_MEMBER_CONFLICT,
    M_MEMBER_CONFLICT_ACTIVITY,
    M_REQUESTER_CONFLICT,
    M_REQUESTER_CONFLICT_ACTIVITY,
)
from tests import factories
from tests.activity_helpers import published_activities
from tests.conftest import World
from tests.test_recommendations import VALID_UNTIL, act_as, actor

T0 = datetime(2026, 3, 2, 8, 0)


def _act(
    ctx: Catalog, who: str, ref: str, action: str, kind: str = "activity", **decision: Any
) -> None:
    act_as(ctx, who, ref, action, kind, T0, **decision)


def _requested(ctx: Catalog, ref: str, kind: str, at: datetime) -> None:
    act_as(ctx, "editor", ref, "request", kind, at)


def test_one_queue_of_datasets_and_activities_oldest_first_across_both(
    ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        ds = [factories.make_dataset(session, world.org, title=f"Data {n}").slug for n in range(2)]
        acts = [factories.make_activity(session, world.org, title=f"Survei {n}").slug for n in "AB"]
    # requested in this order: activity A, dataset 0, activity B, dataset 1
    order = [(acts[0], "activity"), (ds[0], "dataset"), (acts[1], "activity"), (ds[1], "dataset")]
    for n, (ref, kind) in enumerate(order):
        _requested(ctx, ref, kind, T0 + timedelta(hours=n))
    reviewer = actor(ctx, "reviewer")
    with ctx.unit_of_work() as session:
        items, total = views.mixed_queue(session, reviewer, limit=10)
        assert total == 4
        assert [(i["subject"].slug, i["kind"]) for i in items] == [
            (acts[0], "kegiatan"),
            (ds[0], "dataset"),
            (acts[1], "kegiatan"),
            (ds[1], "dataset"),
        ]
        assert isinstance(items[0]["kegiatan"], Activity)
        assert isinstance(items[1]["dataset"], Dataset)
        assert "take" in items[0]["allowed_actions"]
        # a page in the middle of the merged order
        page, total = views.mixed_queue(session, reviewer, offset=1, limit=2)
        assert total == 4 and [i["subject"].slug for i in page] == [ds[0], acts[1]]
        # one kind: that kind's own paging and total
        only, total = views.mixed_queue(session, reviewer, kind="kegiatan", offset=1, limit=5)
        assert total == 2 and [i["subject"].slug for i in only] == [acts[1]]
        only, total = views.mixed_queue(session, reviewer, kind="dataset")
        assert total == 2 and {i["kind"] for i in only} == {"dataset"}
        with pytest.raises(Forbidden):
            views.mixed_queue(session, actor(ctx, "editor"))


def test_the_api_warns_of_a_number_another_activity_or_a_dataset_carries(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        data = factories.make_dataset(session, world.org, title="Jumlah Puskesmas").slug
    first, second, third = published_activities(
        ctx, world.org, "Survei Pertama", "Survei Kedua", "Survei Ketiga"
    )
    for ref, kind in ((data, "dataset"), (first, "activity"), (second, "activity")):
        _requested(ctx, ref, kind, T0)
        _act(ctx, "reviewer", ref, "take", kind=kind)
    until = date.fromisoformat(VALID_UNTIL)
    _act(ctx, "reviewer", data, "recommend", "dataset", number="B-7/2026", valid_until=until)

    def recommend(ref: str, number: str) -> dict[str, object]:
        response = client.post(
            f"/api/v1/activities/{ref}/recommendation/recommend",
            json={"number": number, "valid_until": VALID_UNTIL, "note": "Layak."},
            headers=world.auth("reviewer"),
        )
        assert response.status_code == 200, response.json
        return dict(response.json)

    # the number of a dataset's letter, typed otherwise: a warning naming the dataset
    out = recommend(first, " b-7/2026 ")
    assert out["status"] == "recommended"
    [warning] = out["warnings"]  # type: ignore[misc]
    assert warning["code"] == "number_in_use" and warning["datasets"] == [data]
    assert warning["activities"] == []
    assert "Jumlah Puskesmas" in warning["message"]
    # then both: the dataset and the first activity
    [warning] = recommend(second, "B-7/2026")["warnings"]  # type: ignore[misc]
    assert warning["datasets"] == [data] and warning["activities"] == [first]
    assert "kegiatan Survei Pertama" in warning["message"]
    # a dataset decided with an activity's number is warned of the activity too
    with ctx.unit_of_work() as session:
        others = workflow.number_in_use(session, "B-7/2026", third)
        assert {s.slug for s in others} == {data, first, second}
        assert workflow.number_in_use(session, "B-8/2026", third) == []


def test_conflict_of_interest_messages_name_the_kind_of_subject(ctx: Catalog, world: World) -> None:
    with ctx.unit_of_work() as session:
        factories.make_user(session, "insider", roles=("bps_reviewer",), orgs=(world.org,))
        dataset = factories.make_dataset(session, world.org)
        activity = factories.make_activity(session, world.org)
    insider = actor(ctx, "insider")
    with ctx.unit_of_work() as session:
        dataset = session.get(Dataset, dataset.id)
        activity = session.get(Activity, activity.id)
        assert dataset is not None and activity is not None
        assert workflow.conflict_of_interest(insider, dataset, "take") == M_MEMBER_CONFLICT
        on_activity = workflow.conflict_of_interest(insider, activity, "take")
        assert on_activity == M_MEMBER_CONFLICT_ACTIVITY
    for text in (M_MEMBER_CONFLICT_ACTIVITY, M_REQUESTER_CONFLICT_ACTIVITY):
        assert "kegiatan statistik" in text and "dataset" not in text
    for text in (M_MEMBER_CONFLICT, M_REQUESTER_CONFLICT):
        assert "dataset" in text
    # the one who asked (an admin outside the agency) on an activity
    with ctx.unit_of_work() as session:
        factories.make_user(session, "asker", roles=("admin",))
    _act(ctx, "asker", activity.slug, "request")
    with ctx.unit_of_work() as session:
        current = activities.get_activity(session, SYSTEM, activity.slug)
        refused = workflow.conflict_of_interest(actor(ctx, "asker"), current, "take")
        assert refused == M_REQUESTER_CONFLICT_ACTIVITY


def test_list_activities_takes_several_statuses(ctx: Catalog, world: World) -> None:
    asked, taken, _ = published_activities(ctx, world.org, "Diminta", "Ditinjau", "Belum")
    _requested(ctx, asked, "activity", T0)
    _requested(ctx, taken, "activity", T0)
    _act(ctx, "reviewer", taken, "take")
    visitor = ANONYMOUS
    with ctx.unit_of_work() as session:
        found = activities.list_activities(
            session, visitor, status=("requested", "in_review"), limit=1
        )
        assert found.total == 2 and len(found.items) == 1
        assert {f["value"]: f["count"] for f in found.facets["status"]} == {
            "requested": 1,
            "in_review": 1,
            "none": 1,
        }
        rest = activities.list_activities(
            session, visitor, status=["requested", "in_review"], offset=1
        )
        assert {a.slug for a in found.items + rest.items} == {asked, taken}
        assert activities.list_activities(session, visitor, status="in_review").total == 1
        assert activities.list_activities(session, visitor, status=()).total == 3


def test_last_notes_cover_activities_needing_the_agencys_action(ctx: Catalog, world: World) -> None:
    sent_back, waiting = published_activities(ctx, world.org, "Dikembalikan", "Menunggu")
    with ctx.unit_of_work() as session:
        dataset = factories.make_dataset(session, world.org).slug
    for ref, kind in ((sent_back, "activity"), (waiting, "activity"), (dataset, "dataset")):
        _requested(ctx, ref, kind, T0)
    for ref, kind in ((sent_back, "activity"), (dataset, "dataset")):
        _act(ctx, "reviewer", ref, "take", kind=kind)
        _act(ctx, "reviewer", ref, "revise", kind=kind, note=f"Lengkapi {ref}.")
    with ctx.unit_of_work() as session:
        subjects = [
            activities.get_activity(session, SYSTEM, sent_back),
            activities.get_activity(session, SYSTEM, waiting),
            workflow.get_dataset_for(session, SYSTEM, dataset),
        ]
        notes = views.last_notes(session, subjects)  # type: ignore[arg-type]
        assert set(notes) == {subjects[0].id, subjects[2].id}
        assert notes[subjects[0].id].note == f"Lengkapi {sent_back}."
        assert notes[subjects[2].id].note == f"Lengkapi {dataset}."
