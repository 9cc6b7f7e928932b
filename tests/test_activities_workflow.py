"""BPS recommendation of a statistical activity: the same roles and illegal-transition matrix
as a dataset's (the tables of tests/test_recommendations.py, reused), conflicts of interest,
version conflicts, what the linked datasets show (inherited unless they have their own round
under way) and changed-since-decision when the activity's sample design changes."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalog.context import Catalog
from catalog.models import Activity, IndexOutbox
from catalog.services import activities as activity_service
from catalog.services.recommendations import views
from catalog.services.recommendations.workflow import (
    M_MEMBER_CONFLICT_ACTIVITY,
    M_REQUESTER_CONFLICT_ACTIVITY,
)
from tests import factories
from tests.activity_helpers import link, new_activity, new_dataset
from tests.conftest import World
from tests.test_recommendations import (
    BODIES,
    PATHS,
    START_STATES,
    actor,
    assert_recommended,
    assert_stale_view_refused,
    drive,
    every_action,
    recommendation_snapshot,
)


def url(slug: str, action: str | None = None) -> str:
    base = f"/api/v1/activities/{slug}/recommendation"
    return f"{base}/{action}" if action else base


def post(
    client: FlaskClient, world: World, who: str | None, slug: str, action: str, **body: Any
) -> Any:
    return client.post(url(slug, action), json={**BODIES[action], **body}, headers=world.auth(who))


def change_sample_design(client: FlaskClient, world: World, slug: str, size: int = 2500) -> Any:
    version = client.get(f"/api/v1/activities/{slug}").json["version"]
    response = client.patch(
        f"/api/v1/activities/{slug}",
        json={"desain_sampel": {"ukuran_sampel": size}, "version": version},
        headers=world.auth("editor"),
    )
    assert response.status_code == 200, response.json
    return response


def reach(client: FlaskClient, world: World, ctx: Catalog, state: str) -> str:
    """A new published survey of the editor's agency whose recommendation is in `state`."""
    slug = str(new_activity(client, world)["slug"])
    return drive(client, world, ctx, slug, state, post, change_sample_design, "activity")


def snapshot(ctx: Catalog, slug: str) -> tuple[Any, ...]:
    return recommendation_snapshot(ctx, Activity, slug)


@pytest.mark.parametrize("state", START_STATES)
def test_every_action_from_every_state_for_every_role(
    client: FlaskClient, world: World, ctx: Catalog, state: str
) -> None:
    """The dataset matrix, on an activity: refusals (401/403/409) change nothing; each legal
    action by each permitted role works and appends one event."""
    for fresh, action, target, who, body in every_action(
        client, world, ctx, state, reach, post, url, snapshot
    ):
        assert body["kegiatan"]["slug"] == fresh
        last = body["events"][-1]
        assert (last["action"], last["to_status"]) == (action, target)
        assert last["actor"] == who
        shown_now = client.get(f"/api/v1/activities/{fresh}").json["recommendation"]
        assert shown_now["status"] == target
        if action in {"recommend", "confirm"}:
            assert body["changed_since_decision"] is False
            with ctx.db.session() as session:
                row = session.scalar(select(Activity).where(Activity.slug == fresh))
                assert row is not None and row.recommendation is not None
                assert row.recommendation.decided_hash == activity_service.substantive_hash(row)
        if action == "recommend":
            assert_recommended(body, shown_now)


def test_a_member_of_the_agency_cannot_review_and_the_requester_cannot_decide(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    with ctx.db.session() as session:
        insider = factories.make_token(
            session,
            factories.make_user(session, "insider", roles=("bps_reviewer",), orgs=(world.org,)),
        )
        asker = factories.make_token(
            session, factories.make_user(session, "asker", roles=("admin",))
        )
    slug = str(new_activity(client, world)["slug"])
    as_insider = {"Authorization": f"Bearer {insider}"}
    as_asker = {"Authorization": f"Bearer {asker}"}
    # the insider (reviewer and member) requests for their agency, then may not take it
    assert client.post(url(slug, "request"), json={}, headers=as_insider).status_code == 200
    before = snapshot(ctx, slug)
    refused = client.post(url(slug, "take"), json={}, headers=as_insider)
    assert refused.status_code == 403 and refused.json["message"] == M_MEMBER_CONFLICT_ACTIVITY
    assert "take" not in client.get(url(slug), headers=as_insider).json["allowed_actions"]
    assert snapshot(ctx, slug) == before
    assert post(client, world, "editor", slug, "withdraw_request").status_code == 200
    # an admin outside the agency who asked for the round may not take or decide it
    assert client.post(url(slug, "request"), json={}, headers=as_asker).status_code == 200
    before = snapshot(ctx, slug)
    refused = client.post(url(slug, "take"), json={}, headers=as_asker)
    assert refused.status_code == 403 and refused.json["message"] == M_REQUESTER_CONFLICT_ACTIVITY
    assert snapshot(ctx, slug) == before
    assert post(client, world, "reviewer", slug, "take").status_code == 200
    before = snapshot(ctx, slug)
    for action in ("recommend", "revise", "reject"):
        refused = client.post(url(slug, action), json=BODIES[action], headers=as_asker)
        assert (
            refused.status_code == 403 and refused.json["message"] == M_REQUESTER_CONFLICT_ACTIVITY
        )
    assert snapshot(ctx, slug) == before
    decided = post(client, world, "reviewer", slug, "recommend")
    assert decided.status_code == 200
    # one event of the trail, by id; notes and names for the agency and BPS only
    last = decided.json["events"][-1]
    one = client.get(f"{url(slug)}/events/{last['id']}", headers=world.auth("editor"))
    assert one.status_code == 200 and one.json["action"] == "recommend"
    assert one.json["actor"] == "reviewer"
    assert client.get(f"{url(slug)}/events/{last['id']}").json["actor"] is None
    missing = client.get(f"{url(slug)}/events/999999")
    assert missing.status_code == 404 and "kegiatan" in missing.json["message"]


def test_stale_versions_are_conflicts(client: FlaskClient, world: World, ctx: Catalog) -> None:
    slug = reach(client, world, ctx, "requested")
    assert_stale_view_refused(client, world, ctx, slug, post, url, snapshot)
    # the activity itself: two editors who read version 1, the second is refused
    item = f"/api/v1/activities/{slug}"
    read = client.get(item).json["version"]
    first = client.patch(
        item, json={"sector": "Kesehatan Masyarakat", "version": read}, headers=world.auth("editor")
    )
    assert first.status_code == 200
    second = client.patch(
        item, json={"sector": "Sosial", "version": read}, headers=world.auth("admin")
    )
    assert second.status_code == 409
    assert client.get(item).json["sector"] == "Kesehatan Masyarakat"


def test_linked_datasets_show_the_activity_recommendation_unless_their_own(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    activity = new_activity(client, world, code="3603-SKRT-2026")
    slug = activity["slug"]
    inheriting = [new_dataset(client, world)["slug"] for _ in range(2)]
    own = new_dataset(client, world)["slug"]
    for dataset in (*inheriting, own):
        assert link(client, world, slug, dataset).status_code == 200
    # the third dataset has its own round under way
    asked = client.post(
        f"/api/v1/datasets/{own}/recommendation/request",
        json={"note": "Tabel ini kami ajukan sendiri."},
        headers=world.auth("editor"),
    )
    assert asked.status_code == 200
    # listed once before the decision (the search answer caches each dataset's profile)
    before = client.get("/api/v1/datasets", query_string={"per_page": 100}).json
    assert {d["recommendation"]["status"] for d in before["results"]} == {"none", "requested"}
    for who, action in PATHS["recommended"]:
        assert post(client, world, who, slug, action).status_code == 200
    for dataset in inheriting:
        shown = client.get(f"/api/v1/datasets/{dataset}").json["recommendation"]
        assert shown["status"] == "recommended"
        assert shown["number"] == BODIES["recommend"]["number"]
        assert shown["activity"] == {
            "slug": slug,
            "title": activity["title"],
            "code": "3603-SKRT-2026",
        }
        # no request of its own
        assert client.get(f"/api/v1/datasets/{dataset}/recommendation").json["events"] == []
    kept = client.get(f"/api/v1/datasets/{own}").json
    assert kept["recommendation"]["status"] == "requested"
    assert kept["recommendation"]["activity"] is None
    # it still names the activity that produced it
    assert kept["activity"] == {"slug": slug, "title": activity["title"], "code": "3603-SKRT-2026"}
    # search: the facet and the listed profiles agree (no stale cached profile)
    found = client.get(
        "/api/v1/datasets",
        query_string={"recommendation": "recommended", "facets": "recommendation"},
    ).json
    assert {d["slug"] for d in found["results"]} == set(inheriting)
    assert all(d["recommendation"]["activity"]["slug"] == slug for d in found["results"])
    counts = {v["value"]: v["count"] for v in found["facets"]["recommendation"]}
    assert counts["recommended"] == 2 and counts["requested"] == 1
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(IndexOutbox)) == 0
    # unlinking one: it shows no recommendation again
    response = client.put(
        f"/api/v1/datasets/{inheriting[0]}/activity",
        json={"activity": None},
        headers=world.auth("editor"),
    )
    assert response.json["recommendation"]["status"] == "none"
    found = client.get("/api/v1/datasets", query_string={"recommendation": "recommended"}).json
    assert [d["slug"] for d in found["results"]] == [inheriting[1]]


def test_changing_the_sample_design_marks_changed_since_decision(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    slug = reach(client, world, ctx, "recommended")
    dataset = new_dataset(client, world)["slug"]
    assert link(client, world, slug, dataset).status_code == 200
    # a change outside the design (publishing state) flags nothing
    version = client.get(f"/api/v1/activities/{slug}").json["version"]
    draft = client.patch(
        f"/api/v1/activities/{slug}",
        json={"state": "draft", "version": version},
        headers=world.auth("editor"),
    )
    assert draft.status_code == 200
    assert draft.json["recommendation"]["changed_since_decision"] is False
    published = client.patch(
        f"/api/v1/activities/{slug}",
        json={"state": "published", "version": draft.json["version"]},
        headers=world.auth("editor"),
    )
    assert published.json["recommendation"]["changed_since_decision"] is False
    # the sample design changes
    changed = change_sample_design(client, world, slug, size=4800)
    assert changed.json["recommendation"]["changed_since_decision"] is True
    assert changed.json["recommendation"]["status"] == "recommended"
    detail = client.get(url(slug), headers=world.auth("reviewer")).json
    assert detail["changed_since_decision"] is True
    assert "confirm" in detail["allowed_actions"] and "revoke" in detail["allowed_actions"]
    # what changed since the review, block by block (the reviewer's view of the service)
    with ctx.unit_of_work() as session:
        subject = activity_service.get_activity(session, actor(ctx, "reviewer"), slug)
        seen = views.detail(session, actor(ctx, "reviewer"), subject)
        assert [c["field"] for c in seen["changes_since_review"]] == ["profile.desain_sampel"]
        assert seen["changes_since_review"][0]["after"]["ukuran_sampel"] == 4800
    # the linked dataset shows the flag too
    shown = client.get(f"/api/v1/datasets/{dataset}").json["recommendation"]
    assert shown["changed_since_decision"] is True
    # the reviewer confirms: the flag ends
    confirmed = post(client, world, "reviewer", slug, "confirm")
    assert confirmed.status_code == 200 and confirmed.json["changed_since_decision"] is False
    assert (
        client.get(f"/api/v1/datasets/{dataset}").json["recommendation"]["changed_since_decision"]
        is False
    )


def test_the_reviewer_queue_and_undecided_changes(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    """Changing an activity nobody decided on flags nothing."""
    slug = reach(client, world, ctx, "requested")
    changed = change_sample_design(client, world, slug)
    assert changed.json["recommendation"]["changed_since_decision"] is False
    assert changed.json["recommendation"]["status"] == "requested"


def test_reviewer_queue_of_activities(client: FlaskClient, world: World, ctx: Catalog) -> None:
    queue = "/api/v1/recommendations/activities"
    first = reach(client, world, ctx, "requested")
    second = reach(client, world, ctx, "in_review")
    reach(client, world, ctx, "none")
    decided = reach(client, world, ctx, "recommended")
    # reviewers and admins only
    assert client.get(queue).status_code == 401
    assert client.get(queue, headers=world.auth("editor")).status_code == 403
    body = client.get(queue, headers=world.auth("reviewer")).json
    assert body["total"] == 2
    assert [i["kegiatan"]["slug"] for i in body["results"]] == [first, second]  # oldest first
    assert [i["status"] for i in body["results"]] == ["requested", "in_review"]
    assert body["results"][0]["allowed_actions"] == ["take"]
    assert "dataset" not in body["results"][0]
    # the datasets' queue does not hold them
    datasets = client.get("/api/v1/recommendations", headers=world.auth("reviewer")).json
    assert datasets["total"] == 0
    # filters: status, agency, changed since the decision
    only = client.get(queue, query_string={"status": "recommended"}, headers=world.auth("admin"))
    assert [i["kegiatan"]["slug"] for i in only.json["results"]] == [decided]
    other = client.get(
        queue, query_string={"organization": world.other_org}, headers=world.auth("reviewer")
    )
    assert other.json["total"] == 0
    changed = client.get(queue, query_string={"changed": "true"}, headers=world.auth("reviewer"))
    assert changed.json["total"] == 0
    change_sample_design(client, world, decided)
    changed = client.get(queue, query_string={"changed": "true"}, headers=world.auth("reviewer"))
    assert [i["kegiatan"]["slug"] for i in changed.json["results"]] == [decided]
    assert changed.json["results"][0]["allowed_actions"] == ["revoke", "confirm"]
