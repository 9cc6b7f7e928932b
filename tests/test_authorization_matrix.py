"""Every write endpoint of /api/v1 × every kind of caller: who may, and that a refusal changes
nothing in the database.

Callers: anonymous, an editor of another agency, an editor of the owning agency, a BPS
reviewer, a BPS reviewer who is also a member of the owning agency (conflict of interest),
and an admin (walidata) who is a member of no agency. Each case builds its own target through
the services, so one caller's success never becomes the next caller's starting point.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Base
from catalog.services import activities, datasets, users
from catalog.services import harvest as harvest_service
from catalog.services.auth import SYSTEM, Actor
from catalog.services.recommendations import workflow
from schemas.activity import ActivityIn
from tests import factories
from tests.activity_helpers import activity_payload

OWNER_ORG = "dinas-kesehatan"
OTHER_ORG = "dinas-pendidikan"
CALLERS = ("anonymous", "other_editor", "owner_editor", "reviewer", "member_reviewer", "admin")
# What a refusal may answer: 401 (no caller), 403 (not allowed), 404 (not visible to the caller).
REFUSED = frozenset({401, 403, 404})
# Tables whose rows change without a write being allowed: derived search work, throttle and
# idempotency bookkeeping.
VOLATILE_TABLES = frozenset(
    {"index_outbox", "index_drain_lock", "signin_failures", "idempotency_keys"}
)
VOLATILE_COLUMNS = frozenset({"last_used_at"})


@dataclass
class People:
    tokens: dict[str, str]
    ids: dict[str, str]
    # the editor of the owning agency who asks for reviews in the set-ups (so that neither the
    # owner_editor nor the member_reviewer is "the one who requested")
    requester: Actor
    # a second reviewer who takes reviews in the set-ups
    taker: Actor

    def headers(self, who: str) -> dict[str, str]:
        if who == "anonymous":
            return {}
        return {"Authorization": "Bearer " + self.tokens[who]}


def _people(ctx: Catalog) -> People:
    with ctx.db.session() as session:
        factories.make_org(session, OWNER_ORG, title="Dinas Kesehatan")
        factories.make_org(session, OTHER_ORG, title="Dinas Pendidikan dan Kebudayaan")
        made = {
            "other_editor": factories.make_user(session, "editor-lain", orgs=(OTHER_ORG,)),
            "owner_editor": factories.make_user(session, "editor-dinkes", orgs=(OWNER_ORG,)),
            "reviewer": factories.make_user(session, "peninjau", roles=("bps_reviewer",)),
            "member_reviewer": factories.make_user(
                session, "peninjau-dinkes", roles=("bps_reviewer",), orgs=(OWNER_ORG,)
            ),
            "admin": factories.make_user(session, "walidata", roles=("admin",)),
        }
        requester = factories.make_user(session, "peminta", orgs=(OWNER_ORG,))
        taker = factories.make_user(session, "peninjau-2", roles=("bps_reviewer",))
        tokens = {who: factories.make_token(session, user) for who, user in made.items()}
        ids = {who: user.id for who, user in made.items()}
        return People(tokens, ids, Actor.for_user(requester), Actor.for_user(taker))


def _snapshot(ctx: Catalog) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that only an allowed write may change."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
            rows = session.execute(select(*columns)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


class _AnyTarget(dict[str, Any]):
    """The target of the coverage check, which runs no set-up: every field is "x"."""

    def __missing__(self, key: str) -> str:
        return "x"


# --- set-ups: each returns what the request needs -----------------------------------------


def _dataset(ctx: Catalog, people: People, *, withdrawn: bool = False) -> dict[str, Any]:
    with ctx.db.session() as session:
        dataset = factories.make_dataset(session, OWNER_ORG)
        if withdrawn:
            datasets.withdraw_dataset(session, SYSTEM, dataset.id)
        return {"id": dataset.id, "version": dataset.version}


def _in_status(status: str, kind: str = "dataset") -> Callable[[Catalog, People], dict[str, Any]]:
    """A published dataset (`kind` "dataset") or survey (`kind` "activity") of the owning
    agency whose recommendation is in `status`."""
    make = _activity if kind == "activity" else _dataset

    def setup(ctx: Catalog, people: People) -> dict[str, Any]:
        target = make(ctx, people)
        steps = {
            "none": [],
            "requested": [(people.requester, "request")],
            "in_review": [(people.requester, "request"), (people.taker, "take")],
            "recommended": [
                (people.requester, "request"),
                (people.taker, "take"),
                (people.taker, "recommend"),
            ],
        }[status]
        for actor, action in steps:
            with ctx.db.session() as session:
                decision = _decision(action, target["id"])
                workflow.act(session, actor, target["id"], action, decision, kind=kind)
        return target

    return setup


def _decision(action: str, dataset_id: str) -> workflow.Decision:
    if action == "recommend":
        return workflow.Decision(
            note="Metadata lengkap dan metodologi jelas.",
            number=f"B-{dataset_id[:8]}/36030/VS.100/2026",
            valid_until=date.today() + timedelta(days=365),
        )
    return workflow.Decision(note="Mohon ditinjau: kegiatan statistik sektoral tahunan.")


def _decision_body(action: str, target: dict[str, Any]) -> dict[str, Any]:
    if action == "recommend":
        return {
            "note": "Metadata lengkap dan metodologi jelas.",
            "number": f"B-{target['id'][:8]}/36030/VS.200/2026",
            "valid_until": (date.today() + timedelta(days=365)).isoformat(),
        }
    return {"note": "Catatan peninjauan untuk kegiatan statistik sektoral."}


def _source(ctx: Catalog, people: People) -> dict[str, Any]:
    with ctx.db.session() as session:
        source = harvest_service.create_source(
            session,
            SYSTEM,
            {
                "organization": OWNER_ORG,
                "title": "Portal Data Dinkes",
                "type": "ckan",
                # .invalid never resolves: the save-time guard accepts it, no request is made
                "url": "https://portal-dinkes.invalid/",
            },
            settings=ctx.settings,
        )
        return {"id": source.id}


def _job(ctx: Catalog, people: People) -> dict[str, Any]:
    target = _source(ctx, people)
    with ctx.db.session() as session:
        target["job"] = harvest_service.queue_job(session, SYSTEM, target["id"]).id
    return target


def _token_of_owner(ctx: Catalog, people: People) -> dict[str, Any]:
    with ctx.db.session() as session:
        user = users.get_user(session, people.ids["owner_editor"])
        token, _secret = users.create_token(session, SYSTEM, user, "otomasi")
        return {"id": token.id}


def _nothing(ctx: Catalog, people: People) -> dict[str, Any]:
    return {}


def _activity(ctx: Catalog, people: People, *, linked: bool = False) -> dict[str, Any]:
    """A published survey of the owning agency and a dataset of that agency (linked to it
    when `linked`)."""
    with ctx.db.session() as session:
        data = ActivityIn().load(activity_payload(OWNER_ORG))
        activity = activities.create_activity(session, SYSTEM, data)
        dataset = factories.make_dataset(session, OWNER_ORG)
        if linked:
            activities.link_dataset(session, SYSTEM, dataset.id, activity.id)
        return {"id": activity.id, "version": activity.version, "dataset": dataset.id}


@dataclass(frozen=True)
class Case:
    """One write endpoint: `setup` makes the target, whose fields fill the `path` template
    ("/api/v1/datasets/{id}"); the `body` is fixed, made from the target, or None (none)."""

    name: str
    setup: Callable[[Catalog, People], dict[str, Any]]
    method: str
    path: str
    body: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None
    allowed: frozenset[str]
    ok: int


EDITORS = frozenset({"owner_editor", "member_reviewer", "admin"})
ADMIN = frozenset({"admin"})
NOT_MEMBER_REVIEWERS = frozenset({"reviewer", "admin"})


# The status each review action is taken from.
REVIEW_FROM = {
    "request": "none",
    "withdraw_request": "requested",
    "take": "requested",
    "recommend": "in_review",
    "revise": "in_review",
    "reject": "in_review",
    "revoke": "recommended",
}


def _review(action: str, kind: str = "dataset") -> Case:
    """Taking `action` on the recommendation of a dataset or activity (`kind`) in the status
    it is taken from."""
    collection = "activities" if kind == "activity" else "datasets"
    return Case(
        f"activity recommendation {action}" if kind == "activity" else f"recommendation {action}",
        _in_status(REVIEW_FROM[action], kind),
        "POST",
        f"/api/v1/{collection}/{{id}}/recommendation/{action}",
        lambda t: _decision_body(action, t),
        EDITORS if action in {"request", "withdraw_request"} else NOT_MEMBER_REVIEWERS,
        200,
    )


def _admin(name: str, method: str, path: str, body: dict[str, Any] | None, ok: int) -> Case:
    """An admin-only write that needs no set-up: a fixed path and body."""
    return Case(name, _nothing, method, path, body, ADMIN, ok)


CASES = [
    Case(
        "create dataset",
        _nothing,
        "POST",
        "/api/v1/datasets",
        lambda t: factories.dataset_payload(OWNER_ORG),
        EDITORS,
        201,
    ),
    Case(
        "replace dataset",
        _dataset,
        "PUT",
        "/api/v1/datasets/{id}",
        lambda t: {**factories.dataset_payload(OWNER_ORG), "version": t["version"]},
        EDITORS,
        200,
    ),
    Case(
        "change dataset",
        _dataset,
        "PATCH",
        "/api/v1/datasets/{id}",
        lambda t: {"title": "Judul Baru Data Kesehatan", "version": t["version"]},
        EDITORS,
        200,
    ),
    Case("withdraw dataset", _dataset, "DELETE", "/api/v1/datasets/{id}", None, EDITORS, 200),
    Case(
        "restore dataset",
        lambda ctx, p: _dataset(ctx, p, withdrawn=True),
        "POST",
        "/api/v1/datasets/{id}/restore",
        None,
        EDITORS,
        200,
    ),
    *(_review(action) for action in REVIEW_FROM),  # every action on a dataset's recommendation
    Case(
        "create activity",
        _nothing,
        "POST",
        "/api/v1/activities",
        lambda t: activity_payload(OWNER_ORG),
        EDITORS,
        201,
    ),
    Case(
        "replace activity",
        _activity,
        "PUT",
        "/api/v1/activities/{id}",
        lambda t: {**activity_payload(OWNER_ORG), "version": t["version"]},
        EDITORS,
        200,
    ),
    Case(
        "change activity",
        _activity,
        "PATCH",
        "/api/v1/activities/{id}",
        lambda t: {"desain_sampel": {"ukuran_sampel": 3000}, "version": t["version"]},
        EDITORS,
        200,
    ),
    Case("delete activity", _activity, "DELETE", "/api/v1/activities/{id}", None, EDITORS, 204),
    Case(
        "link a dataset to an activity",
        _activity,
        "POST",
        "/api/v1/activities/{id}/datasets",
        lambda t: {"dataset": t["dataset"]},
        EDITORS,
        200,
    ),
    Case(
        "unlink a dataset from an activity",
        lambda ctx, p: _activity(ctx, p, linked=True),
        "DELETE",
        "/api/v1/activities/{id}/datasets",
        lambda t: {"dataset": t["dataset"]},
        EDITORS,
        200,
    ),
    Case(
        "set a dataset's activity",
        _activity,
        "PUT",
        "/api/v1/datasets/{dataset}/activity",
        lambda t: {"activity": t["id"]},
        EDITORS,
        200,
    ),
    *(
        _review(action, "activity")
        for action in ("request", "withdraw_request", "take", "recommend", "revise", "revoke")
    ),
    _admin(
        "create organization",
        "POST",
        "/api/v1/organizations",
        {"slug": "dinas-sosial", "title": "Dinas Sosial"},
        201,
    ),
    _admin(
        "change organization",
        "PATCH",
        f"/api/v1/organizations/{OWNER_ORG}",
        {"title": "Dinas Kesehatan Kabupaten Tangerang"},
        200,
    ),
    _admin(
        "add member",
        "POST",
        f"/api/v1/organizations/{OWNER_ORG}/members",
        {"username": "peninjau", "role": "editor"},
        200,
    ),
    _admin(
        "remove member", "DELETE", f"/api/v1/organizations/{OWNER_ORG}/members/peminta", None, 204
    ),
    _admin(
        "create user",
        "POST",
        "/api/v1/users",
        {"username": "operator-baru", "password": "kata-sandi-panjang-1"},
        201,
    ),
    _admin(
        "change another user",
        "PATCH",
        "/api/v1/users/peminta",
        {"full_name": "Peminta Rekomendasi"},
        200,
    ),
    _admin("grant role", "POST", "/api/v1/users/peminta/roles", {"role": "bps_reviewer"}, 200),
    _admin("revoke role", "DELETE", "/api/v1/users/peninjau-2/roles/bps_reviewer", None, 200),
    _admin(
        "sign another user out everywhere", "DELETE", "/api/v1/users/peminta/sessions", None, 204
    ),
    _admin(
        "create token for another user",
        "POST",
        "/api/v1/users/peminta/tokens",
        {"name": "otomasi"},
        201,
    ),
    Case(
        "revoke another user's token",
        _token_of_owner,
        "DELETE",
        "/api/v1/tokens/{id}",
        None,
        frozenset({"owner_editor", "admin"}),
        200,
    ),
    Case(
        "create harvest source",
        _nothing,
        "POST",
        "/api/v1/harvest/sources",
        {
            "organization": OWNER_ORG,
            "title": "Portal Data Dinkes Baru",
            "type": "ckan",
            "url": "https://portal-baru.invalid/",
        },
        EDITORS,
        201,
    ),
    Case(
        "change harvest source",
        _source,
        "PATCH",
        "/api/v1/harvest/sources/{id}",
        {"title": "Portal Data Dinkes (baru)"},
        EDITORS,
        200,
    ),
    Case(
        "delete harvest source",
        _source,
        "DELETE",
        "/api/v1/harvest/sources/{id}",
        None,
        EDITORS,
        204,
    ),
    Case(
        "run harvest source",
        _source,
        "POST",
        "/api/v1/harvest/sources/{id}/jobs",
        None,
        EDITORS,
        202,
    ),
    Case("cancel harvest job", _job, "DELETE", "/api/v1/harvest/jobs/{job}", None, EDITORS, 200),
]


# --- Pojok Romantik (issue 18): the desk's write endpoints ---------------------------------
# Officers are the bps_reviewer callers (reviewer, member_reviewer) on duty; the walidata
# (admin) is the coordinator here (no BPS agency exists) and the desk's administrator.
OFFICERS = frozenset({"reviewer", "member_reviewer"})
SIGNED_IN = frozenset(CALLERS) - {"anonymous"}


def _open_day(ctx: Catalog, after_days: int) -> date:
    from catalog.services.consultations import desk

    with ctx.db.session() as session:
        start = date.today() + timedelta(days=after_days)
        return desk.open_days(session, start, start + timedelta(days=30))[0]


def _desk(ctx: Catalog, people: People) -> dict[str, Any]:
    """The next open day with both reviewers on duty, ten seats each per slot."""
    from catalog.services.consultations import desk

    day = _open_day(ctx, 1)
    with ctx.db.session() as session:
        desk.update_settings(session, SYSTEM, {"capacity_per_officer": 10})
        for username in ("peninjau", "peninjau-dinkes"):
            desk.assign_duty(session, SYSTEM, day, username)
        slot = desk.slots(session, day, day, only_free=True)[0]
    return {"day": day.isoformat(), "slot": slot.id}


def _consultation(*steps: str) -> Callable[[Catalog, People], dict[str, Any]]:
    """A consultation of the owning agency booked by people.requester, then taken through
    `steps` by the reviewer (accept, record: a session with one follow-up, finish)."""

    def setup(ctx: Catalog, people: People) -> dict[str, Any]:
        from catalog.models import User
        from catalog.services.consultations import workflow as desk_workflow

        target = _desk(ctx, people)
        with ctx.db.session() as session:
            c = desk_workflow.book(
                session,
                people.requester,
                desk_workflow.Booking(OWNER_ORG, "kuesioner", "Desain kuesioner.", target["slot"]),
            )
            reviewer = Actor.for_user(session.get(User, people.ids["reviewer"]))  # type: ignore[arg-type]
            for step in steps:
                if step == "record":
                    desk_workflow.record_session(
                        session, reviewer, c.id, notes="Catatan.", advice="Saran.",
                        followups=[desk_workflow.FollowUpIn(
                            "Kirim kuesioner", "opd", date.today() + timedelta(days=20))],
                    )  # fmt: skip
                else:
                    desk_workflow.act(session, reviewer, c.id, step)
            session.flush()
            target.update(id=c.id, followup=c.followups[0].id if c.followups else None)
        return target

    return setup


def _closed_day(ctx: Catalog, people: People) -> dict[str, Any]:
    from catalog.services.consultations import desk

    day = _open_day(ctx, 100)
    with ctx.db.session() as session:
        desk.add_closure(session, SYSTEM, day, "Rapat")
    return {"day": day.isoformat()}


def _duty_officer(ctx: Catalog) -> None:
    """An officer of its own for the duty cases (other cases change the reviewers' roles)."""
    from catalog.models import User

    with ctx.db.session() as session:
        if session.scalar(select(User.id).where(User.username == "petugas-jaga")) is None:
            factories.make_user(session, "petugas-jaga", roles=("bps_reviewer",))


def _duty_day(ctx: Catalog, people: People) -> dict[str, Any]:
    from catalog.services.consultations import desk

    _duty_officer(ctx)
    day = _open_day(ctx, 130)
    with ctx.db.session() as session:
        desk.assign_duty(session, SYSTEM, day, "petugas-jaga")
    return {"day": day.isoformat()}


def _free_duty_day(ctx: Catalog, people: People) -> dict[str, Any]:
    _duty_officer(ctx)
    return {"day": _open_day(ctx, 160).isoformat()}


def _unread_for_everyone(ctx: Catalog, people: People) -> dict[str, Any]:
    from catalog.models import Notification

    with ctx.db.session() as session:
        for user_id in people.ids.values():
            session.add(Notification(user_id=user_id, kind="booking", title="Uji", body=""))
    return {}


CASES += [
    Case(
        "book consultation",
        _desk,
        "POST",
        "/api/v1/consultations",
        lambda t: {
            "organization": OWNER_ORG,
            "topic": "kuesioner",
            "question": "Desain kuesioner survei.",
            "slot_id": t.get("slot", 1),
        },
        EDITORS,
        201,
    ),
    Case(
        "accept consultation",
        _consultation(),
        "POST",
        "/api/v1/consultations/{id}/accept",
        {},
        OFFICERS,
        200,
    ),
    Case(
        "cancel consultation",
        _consultation("accept"),
        "POST",
        "/api/v1/consultations/{id}/cancel",
        {"reason": "Berhalangan."},
        frozenset({"owner_editor", "member_reviewer", "reviewer", "admin"}),
        200,
    ),
    Case(
        "record consultation session",
        _consultation("accept"),
        "POST",
        "/api/v1/consultations/{id}/session",
        {"notes": "Catatan sesi.", "advice": "Saran."},
        frozenset({"reviewer"}),
        200,
    ),
    Case(
        "consultation survey",
        _consultation("accept", "finish"),
        "POST",
        "/api/v1/consultations/{id}/survey",
        {"scores": {f"U{i}": 4 for i in range(1, 10)}},
        frozenset({"owner_editor", "member_reviewer"}),
        201,
    ),
    Case(
        "consultation follow-up done",
        _consultation("accept", "record"),
        "POST",
        "/api/v1/consultations/followups/{followup}/done",
        None,
        EDITORS,
        200,
    ),
    Case(
        "close the desk on a date",
        _nothing,
        "POST",
        "/api/v1/consultations/closures",
        lambda t: {"day": (date.today() + timedelta(days=400)).isoformat(), "reason": "x"},
        ADMIN,
        201,
    ),
    Case(
        "open a closed date",
        _closed_day,
        "DELETE",
        "/api/v1/consultations/closures/{day}",
        None,
        ADMIN,
        204,
    ),
    Case(
        "put an officer on duty",
        _free_duty_day,
        "POST",
        "/api/v1/consultations/duty",
        lambda t: {"day": t["day"], "officer": "petugas-jaga"},
        ADMIN,
        201,
    ),
    Case(
        "take an officer off duty",
        _duty_day,
        "DELETE",
        "/api/v1/consultations/duty/{day}/petugas-jaga",
        None,
        ADMIN,
        204,
    ),
    _admin(
        "desk settings",
        "PUT",
        "/api/v1/consultations/desk",
        {"location": "Ruang Pojok Romantik, lantai 2"},
        200,
    ),
    Case(
        "mark notifications read",
        _unread_for_everyone,
        "POST",
        "/api/v1/notifications/read",
        {},
        SIGNED_IN,
        200,
    ),
]


def _call(client: FlaskClient, case: Case, target: dict[str, Any], people: People, who: str):
    body = case.body(target) if callable(case.body) else case.body
    return client.open(
        case.path.format_map(target),
        method=case.method,
        json=body,
        headers=people.headers(who),
    )


@pytest.mark.parametrize("who", CALLERS)
def test_every_write_endpoint_for_every_caller(ctx: Catalog, client: FlaskClient, who: str) -> None:
    people = _people(ctx)
    wrong: list[str] = []
    for case in CASES:
        target = case.setup(ctx, people)
        before = _snapshot(ctx)
        response = _call(client, case, target, people, who)
        after = _snapshot(ctx)
        if who in case.allowed:
            if response.status_code != case.ok:
                wrong.append(
                    f"{case.name}: expected {case.ok}, got {response.status_code} "
                    f"{response.get_data(as_text=True)[:200]}"
                )
            elif before == after:
                wrong.append(f"{case.name}: answered {case.ok} but changed nothing")
        else:
            if response.status_code not in REFUSED:
                wrong.append(
                    f"{case.name}: expected a refusal, got {response.status_code} "
                    f"{response.get_data(as_text=True)[:200]}"
                )
            elif before != after:
                changed = sorted(t for t in before if before[t] != after.get(t))
                wrong.append(f"{case.name}: refused but changed {changed}")
            else:
                payload = response.get_json()
                if not (payload and isinstance(payload.get("message"), str) and payload["message"]):
                    wrong.append(f"{case.name}: refusal without a message: {payload}")
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


def test_the_matrix_covers_every_write_endpoint(app: Any) -> None:
    """A new write endpoint must be added to CASES (and so decided for every caller)."""
    writes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in (rule.methods or set()) - {"GET", "HEAD", "OPTIONS"}
    }
    missing = sorted(w for w in writes if not _rule_covered(*w))
    assert not missing, f"write endpoints without a matrix case: {missing}"


def _rule_covered(method: str, rule: str) -> bool:
    pattern = re.compile("^" + re.sub(r"<[^>]+>", "[^/]+", rule) + "$")
    return any(
        case.method == method and pattern.match(case.path.format_map(_AnyTarget()))
        for case in CASES
    )
