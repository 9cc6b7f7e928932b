"""A consultation desk world for the Pojok Romantik tests: two agencies, BPS's own agency, two
officers, a coordinator, the walidata; built through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from catalog.context import Catalog
from catalog.models import User
from catalog.services import users
from catalog.services.auth import SYSTEM, Actor
from catalog.services.consultations import desk, workflow
from tests import factories

# A Monday; the next day is a Tuesday (the desk's default opening day).
TODAY = date(2026, 11, 30)
TUESDAY = TODAY + timedelta(days=1)


@dataclass
class Desk:
    ids: dict[str, str]  # name -> user id
    tokens: dict[str, str]  # name -> API bearer token
    org_id: str
    other_org_id: str
    bps_org_id: str

    def actor(self, session: Session, name: str | None) -> Actor:
        if name is None:
            return Actor()
        user = session.get(User, self.ids[name])
        assert user is not None
        return Actor.for_user(user)

    def auth(self, name: str | None) -> dict[str, str]:
        return {"Authorization": "Bearer " + self.tokens[name]} if name else {}


def make_desk(ctx: Catalog, *, capacity_per_officer: int = 1, emails: bool = False) -> Desk:
    with ctx.unit_of_work() as session:
        dinkes = factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        dindik = factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan")
        bps = factories.make_org(
            session, "bps-kab-tangerang", title="BPS Kabupaten Tangerang", kind="bps"
        )
        people = {
            "editor": factories.make_user(session, "editor", orgs=("dinas-kesehatan",)),
            "editor2": factories.make_user(session, "editor2", orgs=("dinas-pendidikan",)),
            "officer1": factories.make_user(session, "petugas1", roles=("bps_reviewer",)),
            "officer2": factories.make_user(session, "petugas2", roles=("bps_reviewer",)),
            "coordinator": factories.make_user(session, "koordinator", roles=("bps_reviewer",)),
            "admin": factories.make_user(session, "walidata", roles=("admin",)),
        }
        users.set_membership(session, SYSTEM, people["coordinator"], "bps-kab-tangerang", "admin")
        for name, user in people.items():
            user.full_name = {"officer1": "Ani Petugas", "officer2": "Budi Petugas"}.get(
                name, name.title()
            )
            if emails:
                user.email = f"{name}@example.test"
        desk.update_settings(session, SYSTEM, {"capacity_per_officer": capacity_per_officer})
        tokens = {n: factories.make_token(session, u) for n, u in people.items()}
        ids = {n: u.id for n, u in people.items()}
        return Desk(ids, tokens, dinkes.id, dindik.id, bps.id)


def put_on_duty(ctx: Catalog, world: Desk, day: date, *names: str) -> None:
    with ctx.unit_of_work() as session:
        coordinator = world.actor(session, "coordinator")
        for name in names:
            user = session.get(User, world.ids[name])
            assert user is not None
            desk.assign_duty(session, coordinator, day, user.username)


def first_slot(ctx: Catalog, day: date, n: int = 0) -> int:
    with ctx.unit_of_work() as session:
        return desk.slots(session, day, day)[n].id


def free_slot(ctx: Catalog, start: date, end: date, *, other_than: int | None = None) -> int:
    """The first slot with a free seat between start and end (not `other_than`)."""
    with ctx.unit_of_work() as session:
        return next(
            s.id for s in desk.slots(session, start, end, only_free=True) if s.id != other_than
        )


def book(
    ctx: Catalog,
    world: Desk,
    slot_id: int,
    who: str = "editor",
    organization: str = "dinas-kesehatan",
    topic: str = "kuesioner",
    question: str = "Desain kuesioner survei kepuasan layanan.",
    today: date = TODAY,
    **extra: Any,
) -> str:
    """`who` books `slot_id` for `organization` through the workflow, in a unit of work of its
    own; the consultation's id. `extra`: the Booking's other fields (mode, meeting_link, ...)."""
    with ctx.unit_of_work() as session:
        c = workflow.book(
            session,
            world.actor(session, who),
            workflow.Booking(
                organization=organization,
                topic=topic,
                question=question,
                slot_id=slot_id,
                **extra,
            ),
            today=today,
        )
        return c.id
