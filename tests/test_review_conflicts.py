"""Conflict of interest in the recommendation workflow (issue 11, item 6): a reviewer who is a
member of the owning agency may not take or decide its datasets, and whoever requested a round
may not take or decide it. 403 with a clear message on the API and on the web; nothing changes."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalog.context import Catalog
from catalog.models import RecommendationEvent
from catalog.services.recommendations.workflow import M_MEMBER_CONFLICT, M_REQUESTER_CONFLICT
from tests import factories
from tests.conftest import World
from tests.factories import dataset_payload
from tests.test_recommendations import BODIES
from tests.web_helpers import csrf_from, sign_in


def account(ctx: Catalog, username: str, **kwargs: Any) -> dict[str, str]:
    with ctx.db.session() as session:
        user = factories.make_user(session, username, **kwargs)
        return {"Authorization": "Bearer " + factories.make_token(session, user)}


def new_dataset(client: FlaskClient, world: World) -> str:
    response = client.post(
        "/api/v1/datasets", json=dataset_payload(world.org), headers=world.auth("editor")
    )
    assert response.status_code == 201, response.json
    return str(response.json["slug"])


def act(client: FlaskClient, headers: dict[str, str], slug: str, action: str) -> Any:
    return client.post(
        f"/api/v1/datasets/{slug}/recommendation/{action}", json=BODIES[action], headers=headers
    )


def events(ctx: Catalog) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(RecommendationEvent)) or 0)


def allowed(client: FlaskClient, headers: dict[str, str], slug: str) -> list[str]:
    body = client.get(f"/api/v1/datasets/{slug}/recommendation", headers=headers).json
    return list(body["allowed_actions"])


def refused(
    client: FlaskClient, ctx: Catalog, headers: dict[str, str], slug: str, action: str, why: str
) -> None:
    before = events(ctx)
    status = client.get(f"/api/v1/datasets/{slug}/recommendation").json["status"]
    response = act(client, headers, slug, action)
    assert response.status_code == 403, (action, response.json)
    assert response.json["code"] == "forbidden"
    assert response.json["message"] == why
    assert events(ctx) == before
    assert client.get(f"/api/v1/datasets/{slug}/recommendation").json["status"] == status


def refused_all_round(
    client: FlaskClient, ctx: Catalog, world: World, who: dict[str, str], slug: str, why: str
) -> None:
    """`slug` requested: `who` (headers) may not take it, nor decide it once an independent
    reviewer has taken it, nor revoke it once that reviewer has recommended it; `why` says so."""
    refused(client, ctx, who, slug, "take", why)
    assert act(client, world.auth("reviewer"), slug, "take").status_code == 200
    for action in ("recommend", "revise", "reject"):
        refused(client, ctx, who, slug, action, why)
    assert act(client, world.auth("reviewer"), slug, "recommend").status_code == 200
    refused(client, ctx, who, slug, "revoke", why)


def test_reviewer_who_is_a_member_cannot_review_their_agency(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    """The reported attack: one account (bps_reviewer + editor of the agency) requests, takes
    and recommends its own agency's dataset alone."""
    insider = account(ctx, "insider", roles=("bps_reviewer",), orgs=(world.org,))
    slug = new_dataset(client, world)
    assert allowed(client, insider, slug) == ["request"]
    assert act(client, insider, slug, "request").status_code == 200  # the agency may ask
    # no reviewer action; as a member of the agency they may only withdraw its request
    assert allowed(client, insider, slug) == ["withdraw_request"]
    # not taken by the insider, and once an independent reviewer took it, not decided either
    refused_all_round(client, ctx, world, insider, slug, M_MEMBER_CONFLICT)

    # A dataset nobody asked about: a member may not open a review on it either.
    other = new_dataset(client, world)
    refused(client, ctx, insider, other, "take", M_MEMBER_CONFLICT)
    # ... but reviews another agency's dataset as any reviewer does.
    theirs = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.other_org),
        headers=world.auth("other_editor"),
    ).json["slug"]
    assert allowed(client, insider, theirs) == ["take"]
    assert act(client, insider, theirs, "take").status_code == 200
    assert act(client, insider, theirs, "recommend").status_code == 200


def test_admin_who_is_a_member_is_bound_too(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    member_admin = account(ctx, "walidata-dinkes", roles=("admin",), orgs=(world.org,))
    slug = new_dataset(client, world)
    assert act(client, world.auth("editor"), slug, "request").status_code == 200
    refused(client, ctx, member_admin, slug, "take", M_MEMBER_CONFLICT)
    # an admin who is not a member may act
    assert act(client, world.auth("admin"), slug, "take").status_code == 200
    refused(client, ctx, member_admin, slug, "recommend", M_MEMBER_CONFLICT)
    assert act(client, world.auth("admin"), slug, "recommend").status_code == 200


def test_requester_cannot_take_or_decide_their_request(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    """An admin (no membership) asks on the agency's behalf; someone else must review it."""
    slug = new_dataset(client, world)
    admin = world.auth("admin")
    assert act(client, admin, slug, "request").status_code == 200
    # the requester may withdraw their request, never take or decide it
    assert allowed(client, admin, slug) == ["withdraw_request"]
    refused_all_round(client, ctx, world, admin, slug, M_REQUESTER_CONFLICT)

    # The next round, requested by the agency's editor: the admin may decide it.
    assert act(client, world.auth("reviewer"), slug, "revoke").status_code == 200
    assert act(client, world.auth("editor"), slug, "request").status_code == 200
    # another's request: the admin may take it (and, as admin, withdraw it for the agency)
    assert allowed(client, admin, slug) == ["withdraw_request", "take"]
    assert act(client, admin, slug, "take").status_code == 200
    assert act(client, admin, slug, "reject").status_code == 200


def test_web_review_page_refuses_the_insider(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    account(ctx, "insider", roles=("bps_reviewer",), orgs=(world.org,))
    slug = new_dataset(client, world)
    assert act(client, world.auth("editor"), slug, "request").status_code == 200
    assert sign_in(client, "insider").status_code == 302
    page = client.get(f"/tinjauan/{slug}").get_data(as_text=True)
    assert f'action="/tinjauan/{slug}/take"' not in page  # no button for what is refused
    token = csrf_from(client, f"/tinjauan/{slug}")
    before = events(ctx)
    response = client.post(f"/tinjauan/{slug}/take", data={"csrf_token": token})
    assert response.status_code == 403
    assert "Konflik kepentingan" in response.get_data(as_text=True)
    assert events(ctx) == before
