"""Revision 0015 (Pojok Romantik) goes down and up again on both databases and creates the
tables the models describe."""

from __future__ import annotations

from sqlalchemy import inspect

from catalog import migrate
from catalog.db import make_engine
from catalog.models import Base

TABLES = {
    "desk_settings",
    "desk_closures",
    "desk_duties",
    "desk_slots",
    "consultations",
    "consultation_events",
    "consultation_followups",
    "consultation_surveys",
    "notifications",
}


def test_consultation_revision_down_and_up(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        migrate.downgrade(engine, "0014_quality")
        assert not TABLES & set(inspect(engine).get_table_names())
        migrate.upgrade(engine)
        names = set(inspect(engine).get_table_names())
        assert names >= TABLES
        for name in TABLES:
            columns = {c["name"] for c in inspect(engine).get_columns(name)}
            assert columns == {c.name for c in Base.metadata.tables[name].columns}, name
        uniques = inspect(engine).get_unique_constraints("desk_slots")
        assert {"day", "starts"} in [set(u["column_names"]) for u in uniques]
    finally:
        engine.dispose()
