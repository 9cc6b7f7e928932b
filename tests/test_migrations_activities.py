"""Revision 0017 (statistical activities) keeps every per-dataset recommendation and its
events, going up and going down, on both databases; the rebuilt SQLite tables keep their
cascade and append-only links."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from catalog import migrate
from catalog.models import Base, Dataset, User
from catalog.services.auth import Actor
from catalog.services.recommendations import workflow
from tests import factories
from tests.conftest import build_app

OLD_REC_COLUMNS = (
    "id, dataset_id, status, number, issued_on, valid_until, reviewer_id, requester_id, "
    "activity, decided_hash, changed_since_decision, requested_at, updated_at, version"
)
OLD_EVENT_COLUMNS = (
    "id, recommendation_id, dataset_id, actor_id, at, action, from_status, to_status, note, data"
)


def _rows(engine: Engine) -> tuple[list[Any], list[Any]]:
    with engine.connect() as conn:
        recs = conn.execute(text(f"SELECT {OLD_REC_COLUMNS} FROM recommendations ORDER BY id"))
        events = conn.execute(
            text(f"SELECT {OLD_EVENT_COLUMNS} FROM recommendation_events ORDER BY id")
        )
        return [tuple(r) for r in recs], [tuple(e) for e in events]


def _actor(session: Any, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return Actor.for_user(user)


def _history(db_url: str, tmp_path: Path) -> Engine:
    """Three datasets with recommendations in different states, each with its events."""
    app = build_app(db_url, tmp_path)
    ctx = app.extensions["catalog"]
    with ctx.db.session() as session:
        factories.make_org(session, "dinsos", title="Dinas Sosial")
        factories.make_user(session, "editor", orgs=("dinsos",))
        factories.make_user(session, "reviewer", roles=("bps_reviewer",))
        slugs = [factories.make_dataset(session, "dinsos").slug for _ in range(3)]
    steps: list[tuple[str, str, workflow.Decision]] = [
        ("editor", "request", workflow.Decision(note="mohon ditinjau")),
        ("reviewer", "take", workflow.Decision()),
        (
            "reviewer",
            "recommend",
            workflow.Decision(number="B-106/36030/VS.300/2026", valid_until=date(2027, 12, 31)),
        ),
    ]
    for slug, upto in zip(slugs, (1, 2, 3), strict=True):
        for who, action, decision in steps[:upto]:
            with ctx.unit_of_work() as session:
                workflow.act(session, _actor(session, who), slug, action, decision)
    engine: Engine = ctx.db.engine
    return engine


def test_per_dataset_recommendations_survive_0017_both_ways(db_url: str, tmp_path: Path) -> None:
    engine = _history(db_url, tmp_path)
    recs, events = _rows(engine)
    assert len(recs) == 3 and len(events) == 6
    migrate.downgrade(engine, "0016_agency_active")
    assert "activities" not in inspect(engine).get_table_names()
    assert _rows(engine) == (recs, events)
    migrate.upgrade(engine)
    assert _rows(engine) == (recs, events)
    for name in ("recommendations", "recommendation_events", "datasets", "activities"):
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert columns == {c.name for c in Base.metadata.tables[name].columns}, name
    with engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM recommendations WHERE activity_id IS NOT NULL")
            ).scalar()
            == 0
        )
    # The rebuilt tables still hold together: an event must name an existing recommendation,
    # a recommendation exactly one subject, and deleting a dataset takes its trail with it.
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO recommendation_events (recommendation_id, dataset_id, at, action, "
                "from_status, to_status, note, data) VALUES ('nope', 'x', '2026-01-01', "
                "'take', 'none', 'in_review', '', '{}')"
            )
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO recommendations (id, status, activity, changed_since_decision, "
                "updated_at, version) VALUES ('r0', 'none', '{}', false, '2026-01-01', 1)"
            )
        )
    recommended = recs[2]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM datasets WHERE id = :id"), {"id": recommended[1]})
    left_recs, left_events = _rows(engine)
    assert left_recs == recs[:2]
    assert left_events == [e for e in events if e[1] != recommended[0]]


def test_activity_recommendations_go_on_downgrade(db_url: str, tmp_path: Path) -> None:
    """An older schema has no place for an activity's recommendation: a downgrade drops those
    (and only those), and unlinks nothing it keeps."""
    engine = _history(db_url, tmp_path)
    recs, events = _rows(engine)
    with engine.begin() as conn:
        org = conn.execute(text("SELECT id FROM organizations")).scalar()
        conn.execute(
            text(
                "INSERT INTO activities (id, slug, organization_id, title, year, method, sector,"
                " kind, profile, variables, state, created_at, updated_at, version) VALUES "
                "('a1', 'susenas-2026', :org, 'Survei', 2026, 'survei', '', 'sekali', '{}', "
                "'[]', 'published', '2026-01-01', '2026-01-01', 1)"
            ),
            {"org": org},
        )
        conn.execute(
            text(
                "INSERT INTO recommendations (id, activity_id, status, activity, "
                "changed_since_decision, updated_at, version) VALUES ('ra', 'a1', 'requested',"
                " '{}', false, '2026-01-01', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO recommendation_events (recommendation_id, activity_id, at, action,"
                " from_status, to_status, note, data) VALUES ('ra', 'a1', '2026-01-01', "
                "'request', 'none', 'requested', '', '{}')"
            )
        )
        conn.execute(text("UPDATE datasets SET activity_id = 'a1'"))
    migrate.downgrade(engine, "0016_agency_active")
    assert _rows(engine) == (recs, events)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM datasets")).scalar() == 3
    migrate.upgrade(engine)
    assert _rows(engine) == (recs, events)
    with engine.connect() as conn:
        linked = conn.execute(
            select(Dataset.__table__.c.activity_id).where(
                Dataset.__table__.c.activity_id.is_not(None)
            )
        ).all()
    assert linked == []
