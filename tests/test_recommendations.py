"""BPS recommendation workflow: every transition, every refusal, roles, audit trail, expiry,
changed-since-decision, the reviewer queue and the report, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalog.cli import State
from catalog.cli import main as cli_main
from catalog.clock import today as clock_today
from catalog.context import Catalog
from catalog.formats import ckan as ckan_format
from catalog.models import Activity, Dataset, IndexOutbox, Recommendation, RecommendationEvent, User
from catalog.models.recommendation import STATUSES, AppendOnlyError, effective_status, summary
from catalog.search import backend_of
from catalog.search.document import to_document
from catalog.search.outbox import drain
from catalog.services.auth import Actor
from catalog.services.datasets import substantive_hash
from catalog.services.recommendations import report as report_service
from catalog.services.recommendations import views, workflow
from tests.conftest import World, build_app
from tests.factories import dataset_payload

ROLES: tuple[str | None, ...] = (None, "editor", "other_editor", "reviewer", "admin")
VALID_UNTIL = (date.today() + timedelta(days=365)).isoformat()
BODIES: dict[str, dict[str, Any]] = {
    "request": {"note": "Mohon rekomendasi untuk survei ini."},
    "withdraw_request": {"note": "Salah kirim: metadata belum lengkap."},
    "take": {},
    "recommend": {"number": "B-012/3603/HK.300/2026", "valid_until": VALID_UNTIL, "note": "Layak."},
    "revise": {"note": "Lengkapi desain sampel (blok V)."},
    "reject": {"note": "Kegiatan duplikasi dengan statistik dasar BPS."},
    "revoke": {"note": "Metodologi berubah tanpa pemberitahuan."},
    "confirm": {"note": "Perubahan hanya penyempurnaan redaksi."},
}
ACTIONS = tuple(BODIES)
# Written out here, independently of the service's table, from DESIGN.md plus the documented
# extensions (a new request after not_recommended / revoked / expired).
LEGAL: dict[tuple[str, str], str] = {
    ("none", "request"): "requested",
    ("revision_needed", "request"): "requested",
    ("not_recommended", "request"): "requested",
    ("revoked", "request"): "requested",
    ("expired", "request"): "requested",
    ("requested", "withdraw_request"): "none",
    ("none", "take"): "in_review",
    ("requested", "take"): "in_review",
    ("in_review", "recommend"): "recommended",
    ("in_review", "revise"): "revision_needed",
    ("in_review", "reject"): "not_recommended",
    ("recommended", "revoke"): "revoked",
    ("recommended_changed", "revoke"): "revoked",
    ("recommended_changed", "confirm"): "recommended",
}
AGENCY = {"request", "withdraw_request"}
PERMITTED = {a: ({"editor", "admin"} if a in AGENCY else {"reviewer", "admin"}) for a in ACTIONS}
# How each starting point is reached: (who, action) steps through the API.
PATHS: dict[str, list[tuple[str, str]]] = {
    "none": [],
    "requested": [("editor", "request")],
    "in_review": [("editor", "request"), ("reviewer", "take")],
    "recommended": [("editor", "request"), ("reviewer", "take"), ("reviewer", "recommend")],
    "revision_needed": [("editor", "request"), ("reviewer", "take"), ("reviewer", "revise")],
    "not_recommended": [("editor", "request"), ("reviewer", "take"), ("reviewer", "reject")],
    "revoked": [
        ("editor", "request"),
        ("reviewer", "take"),
        ("reviewer", "recommend"),
        ("reviewer", "revoke"),
    ],
}
START_STATES = (*PATHS, "expired", "recommended_changed")


def url(slug: str, action: str | None = None) -> str:
    base = f"/api/v1/datasets/{slug}/recommendation"
    return f"{base}/{action}" if action else base


def new_dataset(client: FlaskClient, world: World, **overrides: Any) -> dict[str, Any]:
    response = world.post_dataset(client, **overrides)
    assert response.status_code == 201, response.json
    return dict(response.json)


def post(
    client: FlaskClient, world: World, who: str | None, slug: str, action: str, **body: Any
) -> Any:
    payload = {**BODIES[action], **body}
    return client.post(url(slug, action), json=payload, headers=world.auth(who))


def actor(ctx: Catalog, username: str) -> Actor:
    with ctx.db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return Actor.for_user(user)


# The helpers below serve the recommendation of any kind of record (datasets here, activities
# in tests/test_activities_workflow.py): each kind brings its own `post(client, world, who,
# slug, action, **body)`, `url(slug, action=None)`, `reach(client, world, ctx, state)` and
# `snapshot(ctx, slug)` (whose second item counts the record's events).


def drive(
    client: FlaskClient,
    world: World,
    ctx: Catalog,
    slug: str,
    state: str,
    post: Callable[..., Any],
    change: Callable[[FlaskClient, World, str], Any],
    kind: str = "dataset",
) -> str:
    """Take the new record `slug` (no recommendation yet) of `kind` to `state`; `change`
    edits what a decision covers."""
    if state == "expired":
        # Decided with the clock in 2020; read with the real clock, it has expired. Through a
        # unit of work as the API would, so its outbox row is drained at the commit: a row left
        # behind would be drained by whichever later read probes for leftovers, so counting
        # rows afterwards would depend on how fast the machine is.
        for who, action in PATHS["in_review"]:
            assert post(client, world, who, slug, action).status_code == 200
        with ctx.unit_of_work() as session:
            workflow.act(
                session,
                actor(ctx, "reviewer"),
                slug,
                "recommend",
                workflow.Decision(number="B-1/2020", valid_until=date(2020, 12, 31)),
                today=date(2020, 3, 1),
                kind=kind,
            )
        return slug
    for who, action in PATHS["recommended" if state == "recommended_changed" else state]:
        response = post(client, world, who, slug, action)
        assert response.status_code == 200, (who, action, response.json)
    if state == "recommended_changed":
        changed = change(client, world, slug)
        assert changed.json["recommendation"]["changed_since_decision"] is True
    return slug


def act_as(
    ctx: Catalog,
    who: str,
    ref: str,
    action: str,
    kind: str = "dataset",
    at: datetime | None = None,
    **decision: Any,
) -> None:
    """`who` takes `action` on the recommendation of the dataset or activity (`kind`) `ref`
    through the service, as if at `at` (now when None)."""
    with ctx.unit_of_work() as session:
        workflow.act(
            session,
            actor(ctx, who),
            ref,
            action,
            workflow.Decision(**decision),
            now=at,
            kind=kind,
        )


def reach(client: FlaskClient, world: World, ctx: Catalog, state: str) -> str:
    """A new published dataset of the editor's agency whose recommendation is in `state`."""
    slug = new_dataset(client, world)["slug"]
    return drive(client, world, ctx, slug, state, post, change_methodology)


def change_methodology(client: FlaskClient, world: World, slug: str) -> Any:
    version = client.get(f"/api/v1/datasets/{slug}").json["version"]
    response = client.patch(
        f"/api/v1/datasets/{slug}",
        json={
            "methodology": "Survei sampel rumah tangga, 1.200 responden.",
            "version": version,
        },
        headers=world.auth("editor"),
    )
    assert response.status_code == 200, response.json
    return response


def recommendation_snapshot(
    ctx: Catalog, record: type[Dataset] | type[Activity], slug: str
) -> tuple[Any, ...]:
    """Everything a refused action on the recommendation of the dataset or activity (`record`)
    `slug` must leave untouched: the recommendation, its event count, the record's version."""
    key = "dataset_id" if record is Dataset else "activity_id"
    with ctx.db.session() as session:
        record_id = session.scalar(select(record.id).where(record.slug == slug))
        row = session.execute(
            select(Recommendation.__table__).where(getattr(Recommendation, key) == record_id)
        ).first()
        events = session.scalar(
            select(func.count()).where(getattr(RecommendationEvent, key) == record_id)
        )
        version = session.scalar(select(record.version).where(record.id == record_id))
    return (tuple(row) if row else None, events, version)


def snapshot(ctx: Catalog, slug: str) -> tuple[Any, ...]:
    """recommendation_snapshot of the dataset, and its search outbox rows."""
    with ctx.db.session() as session:
        outbox = session.scalar(
            select(func.count())
            .select_from(IndexOutbox)
            .join(Dataset, Dataset.id == IndexOutbox.dataset_id)
            .where(Dataset.slug == slug)
        )
    return (*recommendation_snapshot(ctx, Dataset, slug), outbox)


def assert_refusals_change_nothing(
    state: str,
    shown: str,
    act: Callable[[str | None, str], Any],
    snapshot: Callable[[], tuple[Any, ...]],
) -> None:
    """Every action each role may not take from `state` (`shown` as its status) is refused with
    401/403/409 and the code and message that say why, and leaves `snapshot()` as it was. The
    legal ones are left to the caller, on a fresh record. `act(who, action)` posts the action."""
    before = snapshot()
    refused = 0
    for action in ACTIONS:
        for who in ROLES:
            legal = (state, action) in LEGAL
            if who is None:
                expected = 401
            elif who not in PERMITTED[action]:
                expected = 403
            elif not legal:
                expected = 409
            else:
                continue
            response = act(who, action)
            assert response.status_code == expected, (state, action, who, response.json)
            assert response.json["code"] in {"unauthorized", "forbidden", "conflict"}
            if expected == 409:
                message = response.json["message"]
                assert f"'{shown}'" in message, message
                allowed = [a for a in ACTIONS if (state, a) in LEGAL]
                assert response.json["errors"]["allowed_actions"] == (allowed or ["-"])
                for a in allowed:
                    assert a in message
            assert snapshot() == before, (state, action, who)
            refused += 1
    assert refused > 0


def every_action(
    client: FlaskClient,
    world: World,
    ctx: Catalog,
    state: str,
    reach: Callable[[FlaskClient, World, Catalog, str], str],
    post: Callable[..., Any],
    url: Callable[..., str],
    snapshot: Callable[[Catalog, str], tuple[Any, ...]],
) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """The matrix from `state` on one kind of record: refusals (401/403/409) change nothing;
    each legal action by each permitted role, on a record newly reached, answers 200 with the
    target status and appends one event. Yields (slug, action, target, who, body) of each
    legal action taken, for the caller's own checks."""
    slug = reach(client, world, ctx, state)
    shown = "recommended" if state == "recommended_changed" else state
    assert client.get(url(slug)).json["status"] == shown
    assert_refusals_change_nothing(
        state,
        shown,
        lambda who, action: post(client, world, who, slug, action),
        lambda: snapshot(ctx, slug),
    )
    for (start, action), target in LEGAL.items():
        if start != state:
            continue
        for who in sorted(PERMITTED[action]):
            fresh = reach(client, world, ctx, state)
            count = snapshot(ctx, fresh)[1]
            response = post(client, world, who, fresh, action)
            assert response.status_code == 200, (state, action, who, response.json)
            body = response.json
            assert body["status"] == target
            assert snapshot(ctx, fresh)[1] == count + 1
            yield fresh, action, target, who, body


def assert_stale_view_refused(
    client: FlaskClient,
    world: World,
    ctx: Catalog,
    slug: str,
    post: Callable[..., Any],
    url: Callable[..., str],
    snapshot: Callable[[Catalog, str], tuple[Any, ...]],
) -> None:
    """`slug` is requested: a reviewer acting on the version they saw, made stale by another's
    take, is refused (by body or If-Match) and changes nothing; on the current one it works."""
    seen = client.get(url(slug), headers=world.auth("reviewer"))
    version = seen.json["version"]
    assert seen.headers["ETag"] == f'W/"{version}"'
    assert post(client, world, "admin", slug, "take", version=version).status_code == 200
    before = snapshot(ctx, slug)
    # The reviewer acts on what they saw: now stale.
    response = post(client, world, "reviewer", slug, "reject", version=version)
    assert response.status_code == 409 and "version" in response.json["errors"]
    response = client.post(
        url(slug, "reject"),
        json=BODIES["reject"],
        headers={**world.auth("reviewer"), "If-Match": f'W/"{version}"'},
    )
    assert response.status_code == 409
    assert snapshot(ctx, slug) == before
    current = client.get(url(slug)).json["version"]
    assert post(client, world, "reviewer", slug, "reject", version=current).status_code == 200


def assert_recommended(body: dict[str, Any], shown: dict[str, Any]) -> None:
    """A `recommend` answered with its decision, and the record shows its number."""
    assert body["number"] == BODIES["recommend"]["number"]
    assert body["valid_until"] == VALID_UNTIL
    assert shown["number"] == BODIES["recommend"]["number"]


def event_count(ctx: Catalog, slug: str) -> int:
    return int(snapshot(ctx, slug)[1])


@pytest.mark.parametrize("state", START_STATES)
def test_every_action_from_every_state_for_every_role(
    client: FlaskClient, world: World, ctx: Catalog, state: str
) -> None:
    """Refusals (401/403/409) change nothing; each legal action by each permitted role works."""
    shown = "recommended" if state == "recommended_changed" else state
    for fresh, action, target, who, body in every_action(
        client, world, ctx, state, reach, post, url, snapshot
    ):
        # the search index hears of it (the outbox is drained right after the commit)
        found = client.get(
            "/api/v1/datasets", query_string={"recommendation": target, "per_page": 100}
        ).json
        assert fresh in {d["slug"] for d in found["results"]}
        assert snapshot(ctx, fresh)[3] == 0
        last = body["events"][-1]
        username = {"editor": "editor", "reviewer": "reviewer", "admin": "admin"}[who]
        assert (last["action"], last["from_status"], last["to_status"]) == (
            action,
            shown if state != "expired" else "expired",
            target,
        )
        assert last["actor"] == username
        assert last["note"] == BODIES[action].get("note", "")
        dataset = client.get(f"/api/v1/datasets/{fresh}").json
        assert dataset["recommendation"]["status"] == target
        if action in {"recommend", "confirm"}:
            assert body["changed_since_decision"] is False
            with ctx.db.session() as session:
                ds = session.scalar(select(Dataset).where(Dataset.slug == fresh))
                assert ds is not None and ds.recommendation is not None
                assert ds.recommendation.decided_hash == substantive_hash(ds)
        if action == "recommend":
            assert_recommended(body, dataset["recommendation"])
            assert body["issued_on"] == date.today().isoformat()


def test_full_round_trip_and_re_request(client: FlaskClient, world: World, ctx: Catalog) -> None:
    """request -> take -> revise -> request -> take -> recommend -> revoke -> request: one trail."""
    slug = new_dataset(client, world)["slug"]
    steps = [
        ("editor", "request", "requested"),
        ("reviewer", "take", "in_review"),
        ("reviewer", "revise", "revision_needed"),
        ("editor", "request", "requested"),
        ("reviewer", "take", "in_review"),
        ("reviewer", "recommend", "recommended"),
        ("reviewer", "revoke", "revoked"),
        ("editor", "request", "requested"),
    ]
    for who, action, target in steps:
        response = post(client, world, who, slug, action)
        assert response.status_code == 200, response.json
        assert response.json["status"] == target
    trail = client.get(url(slug), headers=world.auth("reviewer")).json["events"]
    assert [(e["action"], e["to_status"]) for e in trail] == [(a, t) for _, a, t in steps]
    assert [e["from_status"] for e in trail] == ["none"] + [t for _, _, t in steps[:-1]]
    assert all(e["at"] for e in trail)
    assert [e["id"] for e in trail] == sorted(e["id"] for e in trail)


def test_allowed_actions_are_for_the_caller(client: FlaskClient, world: World) -> None:
    slug = new_dataset(client, world)["slug"]

    def allowed(who: str | None) -> list[str]:
        return list(client.get(url(slug), headers=world.auth(who)).json["allowed_actions"])

    assert allowed(None) == [] and allowed("other_editor") == []
    assert allowed("editor") == ["request"]
    assert allowed("reviewer") == ["take"]
    assert allowed("admin") == ["request", "take"]
    post(client, world, "editor", slug, "request")
    assert allowed("editor") == ["withdraw_request"] and allowed("reviewer") == ["take"]
    post(client, world, "reviewer", slug, "take")
    assert allowed("reviewer") == ["recommend", "revise", "reject"]
    assert allowed("editor") == []


def test_notes_are_private_to_agency_and_reviewers(client: FlaskClient, world: World) -> None:
    slug = new_dataset(client, world)["slug"]
    post(client, world, "editor", slug, "request")
    post(client, world, "reviewer", slug, "take")
    post(client, world, "reviewer", slug, "revise")
    for who in ("editor", "reviewer", "admin"):
        body = client.get(url(slug), headers=world.auth(who)).json
        assert body["events"][-1]["note"] == BODIES["revise"]["note"]
        assert body["events"][-1]["actor"] == "reviewer"
        assert body["requester"] == "editor" and body["reviewer"] == "reviewer"
    for who in (None, "other_editor"):
        body = client.get(url(slug), headers=world.auth(who)).json
        assert body["status"] == "revision_needed"  # the status itself is public
        assert [e["note"] for e in body["events"]] == [None, None, None]
        assert {e["actor"] for e in body["events"]} == {None}
        assert body["requester"] is None and body["reviewer"] is None
        assert client.get(url(slug) + "/events/3", headers=world.auth(who)).json["note"] is None
    # The note of a recommendation is part of the public decision.
    post(client, world, "editor", slug, "request")
    post(client, world, "reviewer", slug, "take")
    post(client, world, "reviewer", slug, "recommend")
    public = client.get(url(slug)).json
    assert public["events"][-1]["note"] == "Layak." and public["number"]


def test_draft_dataset_recommendation_hidden_from_public(client: FlaskClient, world: World) -> None:
    slug = new_dataset(client, world, state="draft")["slug"]
    assert client.get(url(slug)).status_code == 404
    assert client.get(url(slug), headers=world.auth("other_editor")).status_code == 404
    assert client.get(url(slug), headers=world.auth("editor")).status_code == 200
    assert client.get(url(slug), headers=world.auth("reviewer")).status_code == 200
    # Another agency's editor cannot learn it exists by acting on it either.
    assert post(client, world, "other_editor", slug, "request").status_code == 404
    assert post(client, world, "editor", slug, "request").status_code == 200


def test_bad_input_is_refused_with_field_messages(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    slug = reach(client, world, ctx, "in_review")
    before = snapshot(ctx, slug)
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        ("recommend", {"number": None, "valid_until": None}, 422, "number"),
        ("recommend", {"valid_until": None}, 422, "valid_until"),
        ("recommend", {"valid_until": "2020-01-01"}, 422, "valid_until"),
        ("recommend", {"valid_until": "31-12-2030"}, 422, "valid_until"),
        ("recommend", {"issued_on": "2999-01-01"}, 422, "issued_on"),
        ("revise", {"note": "   "}, 422, "note"),
        ("reject", {"note": ""}, 422, "note"),
        ("reject", {"number": "B-1"}, 422, "number"),
        ("recommend", {"activity": {"tahun": "dua ribu"}}, 422, "activity.tahun"),
        ("recommend", {"activity": {"tahun": 1900}}, 422, "activity.tahun"),
        (
            "recommend",
            {"activity": {"cara_pengumpulan_data": "sensus"}},
            422,
            "activity.cara_pengumpulan_data",
        ),
        ("recommend", {"activity": {"warna": "biru"}}, 422, "activity.warna"),
        ("recommend", {"activity": "survei"}, 422, "activity._schema"),
        ("recommend", {"version": 99}, 409, "version"),
    ]
    for action, body, status, field in cases:
        response = post(client, world, "reviewer", slug, action, **body)
        assert response.status_code == status, (action, body, response.json)
        assert field in response.json["errors"], (field, response.json)
        assert snapshot(ctx, slug) == before
    response = client.post(url(slug, "approve"), json={}, headers=world.auth("reviewer"))
    assert response.status_code == 404 and "recommend" in response.json["message"]
    response = client.post(
        url(slug, "recommend"),
        data="{",
        headers={**world.auth("reviewer"), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert snapshot(ctx, slug) == before


def test_activity_fields_are_stored_and_shown(client: FlaskClient, world: World) -> None:
    slug = new_dataset(client, world)["slug"]
    activity = {
        "judul_kegiatan": "Survei Kepuasan Layanan Puskesmas",
        "tahun": 2026,
        "cara_pengumpulan_data": "survei",
        "sektor_kegiatan": "Kesehatan",
    }
    response = post(client, world, "editor", slug, "request", activity=activity)
    assert response.status_code == 200
    assert response.json["activity"] == activity
    post(client, world, "reviewer", slug, "take")
    # The activity code is assigned by BPS when it decides.
    response = post(
        client, world, "reviewer", slug, "recommend", activity={"kode_kegiatan": "26-3603-0042"}
    )
    assert response.json["activity"] == {**activity, "kode_kegiatan": "26-3603-0042"}
    assert client.get(url(slug)).json["activity"]["kode_kegiatan"] == "26-3603-0042"


def test_version_guards_stale_reviewer_view(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    assert_stale_view_refused(
        client, world, ctx, reach(client, world, ctx, "requested"), post, url, snapshot
    )


def test_audit_trail_cannot_be_edited_or_deleted(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    slug = reach(client, world, ctx, "revoked")
    trail = client.get(url(slug), headers=world.auth("admin")).json["events"]
    assert len(trail) == 4
    first = trail[0]["id"]
    event_url = f"{url(slug)}/events/{first}"
    assert client.get(event_url, headers=world.auth("admin")).json == trail[0]
    for who in ("admin", "reviewer", "editor"):
        for method in ("put", "patch", "delete"):
            for target in (event_url, f"{url(slug)}/events", url(slug)):
                response = getattr(client, method)(
                    target,
                    json={"note": "diubah", "to_status": "recommended"},
                    headers=world.auth(who),
                )
                assert response.status_code in {404, 405}, (method, target, response.status_code)
    assert client.get(url(slug), headers=world.auth("admin")).json["events"] == trail
    # The service layer offers nothing that edits or removes events...
    modules = (workflow, views, report_service)
    names = [n for m in modules for n in dir(m) if not n.startswith("_")]
    assert not [n for n in names if any(w in n.lower() for w in ("delete", "remove", "edit"))]
    assert not [n for n in names if n.lower().startswith(("update", "set_event", "purge"))]
    # ...and the ORM refuses to write an event row twice.
    with pytest.raises(AppendOnlyError), ctx.db.session() as session:
        event = session.get(RecommendationEvent, first)
        assert event is not None
        event.note = "diubah"
        session.flush()
    with pytest.raises(AppendOnlyError), ctx.db.session() as session:
        event = session.get(RecommendationEvent, first)
        session.delete(event)
        session.flush()
    assert client.get(url(slug), headers=world.auth("admin")).json["events"] == trail


def test_substantive_change_marks_recommended_dataset_changed(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    slug = reach(client, world, ctx, "recommended")

    def patch(**fields: Any) -> dict[str, Any]:
        version = client.get(f"/api/v1/datasets/{slug}").json["version"]
        response = client.patch(
            f"/api/v1/datasets/{slug}",
            json={**fields, "version": version},
            headers=world.auth("editor"),
        )
        assert response.status_code == 200, response.json
        return dict(response.json)

    def changed_view() -> list[str]:
        body = client.get("/api/v1/recommendations?changed=true", headers=world.auth("reviewer"))
        assert body.status_code == 200
        return [r["dataset"]["slug"] for r in body.json["results"]]

    # Non-substantive fields: the decision still matches.
    assert patch(modified="2026-11-01")["recommendation"]["changed_since_decision"] is False
    assert (
        patch(tags=["kesehatan", "puskesmas"])["recommendation"]["changed_since_decision"] is False
    )
    assert (
        patch(contact_email="bps@tangerangkab.go.id")["recommendation"]["changed_since_decision"]
        is False
    )
    assert changed_view() == []
    # Methodology is substantive.
    out = patch(methodology="Survei sampel 1.200 rumah tangga, metode PPS.")
    assert out["recommendation"] == {
        "status": "recommended",
        "number": BODIES["recommend"]["number"],
        "valid_until": VALID_UNTIL,
        "changed_since_decision": True,
        "activity": None,  # its own recommendation, not one inherited from an activity
    }
    assert changed_view() == [slug]
    state = client.get(url(slug), headers=world.auth("reviewer")).json
    assert state["changed_since_decision"] is True
    assert state["allowed_actions"] == ["revoke", "confirm"]
    # The default queue (open work) is unaffected; the changed view is separate.
    default = client.get("/api/v1/recommendations", headers=world.auth("reviewer")).json
    assert slug not in [r["dataset"]["slug"] for r in default["results"]]
    # Confirm: one event, flag cleared, no longer in the view; a second confirm is refused.
    count = event_count(ctx, slug)
    response = post(client, world, "reviewer", slug, "confirm")
    assert response.status_code == 200 and response.json["changed_since_decision"] is False
    assert event_count(ctx, slug) == count + 1
    assert changed_view() == []
    response = post(client, world, "reviewer", slug, "confirm")
    assert response.status_code == 409 and "konfirmasi" in response.json["message"]
    # The confirmed state is the new baseline: non-substantive edits keep it clean.
    assert patch(tags=["kesehatan"])["recommendation"]["changed_since_decision"] is False
    assert (
        patch(title="Jumlah Tenaga Kesehatan per Puskesmas")["recommendation"][
            "changed_since_decision"
        ]
        is True
    )


def test_changes_to_undecided_datasets_flag_nothing(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    for state in ("in_review", "not_recommended"):
        slug = reach(client, world, ctx, state)
        version = client.get(f"/api/v1/datasets/{slug}").json["version"]
        response = client.patch(
            f"/api/v1/datasets/{slug}",
            json={"methodology": "Baru.", "version": version},
            headers=world.auth("editor"),
        )
        assert response.json["recommendation"]["changed_since_decision"] is False


def test_reviewer_queue(client: FlaskClient, world: World, ctx: Catalog) -> None:
    first = reach(client, world, ctx, "requested")
    second = reach(client, world, ctx, "in_review")
    third = reach(client, world, ctx, "requested")
    other = new_dataset(client, world)["slug"]
    # Another agency's request.
    body = dataset_payload(world.other_org)
    created = client.post("/api/v1/datasets", json=body, headers=world.auth("other_editor"))
    theirs = created.json["slug"]
    assert post(client, world, "other_editor", theirs, "request").status_code == 200
    done = reach(client, world, ctx, "recommended")

    def queue(query: str = "", who: str = "reviewer") -> Any:
        return client.get(f"/api/v1/recommendations{query}", headers=world.auth(who))

    listing = queue().json
    assert [r["dataset"]["slug"] for r in listing["results"]] == [first, second, third, theirs]
    assert listing["total"] == 4 and other not in str(listing) and done not in str(listing)
    assert listing["results"][0]["allowed_actions"] == ["take"]
    assert listing["results"][0]["dataset"]["organization"]["slug"] == world.org
    assert [r["dataset"]["slug"] for r in queue("?status=in_review").json["results"]] == [second]
    both = queue("?status=recommended&status=in_review").json["results"]
    assert [r["dataset"]["slug"] for r in both] == [second, done]
    mine = queue(f"?organization={world.other_org}").json["results"]
    assert [r["dataset"]["slug"] for r in mine] == [theirs]
    paged = queue("?per_page=2&page=2").json
    assert paged["total"] == 4 and [r["dataset"]["slug"] for r in paged["results"]] == [
        third,
        theirs,
    ]
    assert queue(who="admin").status_code == 200
    assert client.get("/api/v1/recommendations").status_code == 401
    assert queue(who="editor").status_code == 403
    assert queue(who="other_editor").status_code == 403
    bad = queue("?status=maybe")
    assert bad.status_code == 422 and "status.0" in bad.json["errors"]
    assert queue("?changed=perhaps").status_code == 422


def test_report_counts_json_and_csv(client: FlaskClient, world: World, ctx: Catalog) -> None:
    expected = {s: 0 for s in STATUSES}
    for state in ("none", "none", "requested", "in_review", "recommended", "expired", "revoked"):
        reach(client, world, ctx, state)
        expected[state] += 1
    draft = new_dataset(client, world, state="draft")["slug"]  # not counted: not public
    assert post(client, world, "editor", draft, "request").status_code == 200
    created = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.other_org),
        headers=world.auth("other_editor"),
    )
    assert created.status_code == 201

    report = client.get("/api/v1/recommendations/report")
    assert report.status_code == 200
    rows = {r["organization"]: r for r in report.json["rows"]}
    assert rows[world.org]["counts"] == expected and rows[world.org]["total"] == 7
    assert rows[world.other_org]["counts"]["none"] == 1 and rows[world.other_org]["total"] == 1
    assert report.json["totals"]["none"] == 3 and report.json["totals"]["expired"] == 1
    assert report.json["statuses"] == list(STATUSES)

    as_csv = client.get("/api/v1/recommendations/report?format=csv")
    by_accept = client.get("/api/v1/recommendations/report", headers={"Accept": "text/csv"})
    assert as_csv.mimetype == by_accept.mimetype == "text/csv"
    assert as_csv.data == by_accept.data
    lines = as_csv.data.decode().splitlines()
    assert lines[0] == "organization,organization_title," + ",".join(STATUSES) + ",total"
    dinkes = next(line for line in lines if line.startswith(world.org + ","))
    assert dinkes.split(",")[2:] == [str(expected[s]) for s in STATUSES] + ["7"]
    assert lines[-1].startswith("TOTAL,,3,")
    assert client.get("/api/v1/recommendations/report?format=xml").status_code == 422


def test_expired_everywhere_without_a_job(client: FlaskClient, world: World, ctx: Catalog) -> None:
    """Decided with the clock in 2020 (valid until 2020-12-31); read today: expired."""
    slug = reach(client, world, ctx, "expired")
    with ctx.db.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
        assert dataset is not None and dataset.recommendation is not None
        assert dataset.recommendation.status == "recommended"  # stored status never changes
        # Moving the clock is passing another date:
        assert summary(dataset, date(2020, 12, 31))["status"] == "recommended"
        assert summary(dataset, date(2021, 1, 1))["status"] == "expired"
        package = ckan_format.from_dataset(dataset, summary(dataset))
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["recommendation_status"] == "expired"
    assert client.get(f"/api/v1/datasets/{slug}").json["recommendation"]["status"] == "expired"
    shown = client.get(f"/api/3/action/package_show?id={slug}").json["result"]
    assert {e["key"]: e["value"] for e in shown["extras"]}["recommendation_status"] == "expired"
    with ctx.db.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
        assert to_document(dataset)["recommendation"] == "expired"
        assert to_document(dataset, date(2020, 6, 1))["recommendation"] == "recommended"
    state = client.get(url(slug), headers=world.auth("editor")).json
    assert state["status"] == "expired" and state["allowed_actions"] == ["request"]
    queue = client.get("/api/v1/recommendations?status=expired", headers=world.auth("reviewer"))
    assert [r["dataset"]["slug"] for r in queue.json["results"]] == [slug]
    assert client.get("/api/v1/recommendations/report").json["totals"]["expired"] == 1
    # A reviewer cannot revoke what already lapsed; the agency renews by asking again.
    assert post(client, world, "reviewer", slug, "revoke").status_code == 409
    renewed = post(client, world, "editor", slug, "request")
    assert renewed.status_code == 200
    assert renewed.json["events"][-1]["from_status"] == "expired"


def test_configured_clock_applies_to_every_interface(
    db_url: str, tmp_path: Path, client: FlaskClient, world: World, ctx: Catalog
) -> None:
    """CATALOG_CLOCK_TODAY moves "today" for the workflow and every dataset serializer."""
    slug = reach(client, world, ctx, "recommended")  # valid for a year from the real today
    # Same database and data directory (so the same search index), another clock.
    later = build_app(
        db_url, tmp_path, clock_today=(date.today() + timedelta(days=400)).isoformat()
    )
    try:
        lc = later.test_client()
        assert lc.get(f"/api/v1/datasets/{slug}").json["recommendation"]["status"] == "expired"
        assert lc.get(url(slug)).json["status"] == "expired"
        shown = lc.get(f"/api/3/action/package_show?id={slug}").json["result"]
        assert {e["key"]: e["value"] for e in shown["extras"]}["recommendation_status"] == "expired"
        assert lc.get("/api/v1/recommendations/report").json["totals"]["expired"] == 1
        # A change indexed during a request of this application is indexed with its clock.
        version = lc.get(f"/api/v1/datasets/{slug}").json["version"]
        patched = lc.patch(
            f"/api/v1/datasets/{slug}",
            json={"tags": ["imunisasi"], "version": version},
            headers=world.auth("editor"),
        )
        assert patched.status_code == 200
        facets = lc.get("/api/v1/datasets?facets=recommendation").json["facets"]
        assert facets["recommendation"] == [{"value": "expired", "count": 1}]
        # A reviewer's recommendation under that clock must be valid after it.
        fresh = reach(client, world, ctx, "in_review")
        response = lc.post(
            url(fresh, "recommend"), json=BODIES["recommend"], headers=world.auth("reviewer")
        )
        assert response.status_code == 422 and "valid_until" in response.json["errors"]
    finally:
        later.extensions["catalog"].db.dispose()
    # The application without the setting still reads the real date.
    assert client.get(url(slug)).json["status"] == "recommended"
    assert clock_today() == date.today()


def test_cli_report(
    db_url: str, client: FlaskClient, world: World, ctx: Catalog, tmp_path: Path
) -> None:
    reach(client, world, ctx, "recommended")
    reach(client, world, ctx, "requested")
    env = {
        "CATALOG_DATABASE_URL": db_url,
        "CATALOG_DATA_DIR": str(tmp_path / "cli"),
        "CATALOG_SECRET_KEY": "x",
        "CATALOG_RUN_WORKER": "0",
    }
    state = State()  # one application for the invocations, closed at the end

    def run(*args: str) -> Any:
        return CliRunner().invoke(
            cli_main, ["recommendations", "report", *args], env=env, obj=state
        )

    try:
        result = run()
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].split() == ["organisasi", *STATUSES, "total"]
        assert lines[1].split()[0] == world.org and lines[1].split()[-1] == "2"
        assert lines[-1].split() == ["TOTAL", "0", "1", "0", "1", "0", "0", "0", "0", "2"]
        as_csv = run("--csv")
        assert as_csv.output.splitlines()[0].startswith("organization,organization_title,none")
        later = run("--today", "2099-01-01")
        assert later.output.splitlines()[-1].split()[4:6] == ["0", "1"]  # recommended 0, expired 1
        bad = run("--today", "kemarin")
        assert bad.exit_code == 2 and "TTTT-BB-HH" in bad.output
    finally:
        state.catalog.db.dispose()


def test_withdrawn_dataset_cannot_start_a_round(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    slug = new_dataset(client, world)["slug"]
    assert (
        client.delete(f"/api/v1/datasets/{slug}", headers=world.auth("editor")).status_code == 200
    )
    before = snapshot(ctx, slug)
    for who, action in (("editor", "request"), ("reviewer", "take")):
        response = post(client, world, who, slug, action)
        assert response.status_code == 409 and "withdrawn" in response.json["message"]
    assert snapshot(ctx, slug) == before
    client.post(f"/api/v1/datasets/{slug}/restore", headers=world.auth("editor"))
    assert post(client, world, "editor", slug, "request").status_code == 200


def test_openapi_documents_the_workflow(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert "post" in paths["/api/v1/datasets/{id_or_slug}/recommendation/{action}"]
    assert "get" in paths["/api/v1/recommendations"]
    assert "get" in paths["/api/v1/recommendations/report"]
    events = paths["/api/v1/datasets/{id_or_slug}/recommendation/events/{event_id}"]
    assert set(events) & {"put", "patch", "delete"} == set()
    activity = spec["components"]["schemas"]["ActivityIn"]["properties"]
    assert set(activity) == {
        "judul_kegiatan",
        "tahun",
        "kode_kegiatan",
        "cara_pengumpulan_data",
        "sektor_kegiatan",
    }


def test_report_equals_search_documents_and_facets(
    app: Flask, client: FlaskClient, world: World, ctx: Catalog
) -> None:
    """The report and the search facet `recommendation` count with the same effective_status."""
    for state in ("none", "requested", "in_review", "recommended", "expired", "revoked"):
        reach(client, world, ctx, state)
    reach(client, world, ctx, "recommended_changed")
    reach(client, world, ctx, "not_recommended")
    for _ in range(2):
        created = client.post(
            "/api/v1/datasets",
            json=dataset_payload(world.other_org),
            headers=world.auth("other_editor"),
        )
        assert created.status_code == 201
    theirs = created.json["slug"]
    assert post(client, world, "other_editor", theirs, "request").status_code == 200
    draft = new_dataset(client, world, state="draft")["slug"]
    assert post(client, world, "editor", draft, "request").status_code == 200
    drain(ctx.db, backend_of(app))  # the expired decision was written outside a request

    report = client.get("/api/v1/recommendations/report").json
    by_report = {
        (row["organization"], status): n
        for row in report["rows"]
        for status, n in row["counts"].items()
        if n
    }
    # 1. The one search document builder, over the datasets public search holds.
    with ctx.db.session() as session:
        published = session.scalars(select(Dataset).where(Dataset.state == "published")).all()
        docs = [to_document(d) for d in published]
    by_document = Counter((d["organization"], d["recommendation"]) for d in docs)
    assert dict(by_document) == by_report
    # 2. The facet counts the running search backend answers.
    facets = client.get("/api/v1/datasets?facets=recommendation&per_page=1").json["facets"]
    by_facet = {f["value"]: f["count"] for f in facets["recommendation"]}
    assert by_facet == {s: n for s, n in report["totals"].items() if n}
    assert by_facet["expired"] == 1 and by_facet["recommended"] == 2 and by_facet["none"] == 2
    for org in (world.org, world.other_org):
        body = client.get(f"/api/v1/datasets?organization={org}&facets=recommendation").json
        counts = {f["value"]: f["count"] for f in body["facets"]["recommendation"]}
        assert counts == {s: n for (o, s), n in by_report.items() if o == org}
    # Filtering by status finds exactly the datasets the report counts.
    for status, n in report["totals"].items():
        found = client.get(f"/api/v1/datasets?recommendation={status}").json["total"]
        assert found == n, status


def test_service_takes_the_clock_as_arguments(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    """`now` stamps events and requests; the queue orders by it, not by insertion."""
    slugs = [new_dataset(client, world)["slug"] for _ in range(3)]
    editor, reviewer = actor(ctx, "editor"), actor(ctx, "reviewer")
    times = [datetime(2026, 3, d, 8, 0, tzinfo=UTC) for d in (20, 5, 12)]
    with ctx.db.session() as session:
        for slug, at in zip(slugs, times, strict=True):
            workflow.act(session, editor, slug, "request", now=at, today=at.date())
    with ctx.db.session() as session:
        rows, total = views.queue(session, reviewer, today=date(2026, 3, 21))
        assert total == 3 and [d.slug for d in rows] == [slugs[1], slugs[2], slugs[0]]
        event = session.scalar(
            select(RecommendationEvent).where(RecommendationEvent.dataset_id == rows[0].id)
        )
        assert event is not None
        assert event.at.replace(tzinfo=UTC) == times[1]
        requested_at = rows[0].recommendation and rows[0].recommendation.requested_at
        assert requested_at is not None and requested_at.replace(tzinfo=UTC) == times[1]
        # Decided on 2026-03-21, valid until the end of the year: recommended until then.
        workflow.act(session, reviewer, slugs[1], "take", now=times[0], today=date(2026, 3, 21))
        workflow.act(
            session,
            reviewer,
            slugs[1],
            "recommend",
            workflow.Decision(number="B-9/2026", valid_until=date(2026, 12, 31)),
            now=times[0],
            today=date(2026, 3, 21),
        )
        dataset = session.scalar(select(Dataset).where(Dataset.slug == slugs[1]))
        assert dataset is not None and dataset.recommendation is not None
        assert dataset.recommendation.issued_on == date(2026, 3, 21)
        assert effective_status(dataset.recommendation, date(2026, 12, 31)) == "recommended"
        assert effective_status(dataset.recommendation, date(2027, 1, 1)) == "expired"
        assert workflow.legal_actions(dataset.recommendation, date(2027, 1, 1)) == ["request"]
        expired, n = views.queue(session, reviewer, statuses=("expired",), today=date(2027, 1, 1))
        assert n == 1 and expired[0].slug == slugs[1]
        rows_2027 = report_service.per_agency(session, today=date(2027, 1, 1))
        assert report_service.totals(rows_2027)["expired"] == 1
        rows_2026 = report_service.per_agency(session, today=date(2026, 6, 1))
        assert report_service.totals(rows_2026)["expired"] == 0


def test_flag_ends_with_the_standing_recommendation(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    """Revoking a changed recommendation clears the flag; an expired one is not in the view."""
    slug = reach(client, world, ctx, "recommended_changed")
    assert post(client, world, "reviewer", slug, "revoke").status_code == 200
    summary = client.get(f"/api/v1/datasets/{slug}").json["recommendation"]
    assert summary["status"] == "revoked" and summary["changed_since_decision"] is False

    lapsed = reach(client, world, ctx, "expired")
    version = client.get(f"/api/v1/datasets/{lapsed}").json["version"]
    response = client.patch(
        f"/api/v1/datasets/{lapsed}",
        json={"methodology": "Metode baru.", "version": version},
        headers=world.auth("editor"),
    )
    assert response.json["recommendation"]["status"] == "expired"
    view = client.get("/api/v1/recommendations?changed=true", headers=world.auth("reviewer"))
    assert view.json["total"] == 0  # nothing to confirm: it lapsed; the agency renews
    renewed = post(client, world, "editor", lapsed, "request")
    assert renewed.status_code == 200 and renewed.json["changed_since_decision"] is False


def test_search_reads_expiry_without_any_write(
    db_url: str, tmp_path: Path, client: FlaskClient, world: World, ctx: Catalog
) -> None:
    """A recommendation that lapses after its dataset was indexed is searched as expired."""
    slug = reach(client, world, ctx, "recommended")  # indexed now, valid for a year
    reach(client, world, ctx, "requested")
    before = client.get("/api/v1/datasets?facets=recommendation").json["facets"]
    assert {"value": "recommended", "count": 1} in before["recommendation"]
    # The same database and search index a year and a bit later; nothing is written.
    later = build_app(
        db_url, tmp_path, clock_today=(date.today() + timedelta(days=400)).isoformat()
    )
    lc = later.test_client()
    # The first unit of work of the day brings the lapsed documents up to date after its
    # answer (in the after-commit drain: a search itself never writes).
    assert lc.get("/api/v1/organizations").status_code == 200
    facets = lc.get("/api/v1/datasets?facets=recommendation").json["facets"]["recommendation"]
    counts = {f["value"]: f["count"] for f in facets}
    assert counts == {"expired": 1, "requested": 1}
    found = lc.get("/api/v1/datasets?recommendation=expired").json
    assert [d["slug"] for d in found["results"]] == [slug]
    assert lc.get("/api/v1/datasets?recommendation=recommended").json["total"] == 0
    ckan = lc.get('/api/3/action/package_search?facet.field=["recommendation_status"]&rows=0').json[
        "result"
    ]
    assert ckan["facets"]["recommendation_status"] == {"expired": 1, "requested": 1}
    totals = lc.get("/api/v1/recommendations/report").json["totals"]
    assert {k: v for k, v in totals.items() if v and k != "total"} == counts
