"""The same Alembic revisions create, downgrade and re-create the schema on both databases."""

from __future__ import annotations

from sqlalchemy import inspect

from catalog import migrate
from catalog.db import make_engine
from catalog.models import Base


def test_upgrade_from_empty_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        # db_url is already at head; go down to nothing and up again.
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        for name, table in Base.metadata.tables.items():
            columns = {c["name"] for c in inspect(engine).get_columns(name)}
            assert columns == {c.name for c in table.columns}, name
            indexes = {i["name"] for i in inspect(engine).get_indexes(name)}
            assert {i.name for i in table.indexes} <= indexes, name
        migrate.upgrade(engine)  # idempotent
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
