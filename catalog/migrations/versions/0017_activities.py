"""statistical activities (issue 20): activities with their MS-Keg profile; datasets link to
their activity; a recommendation (and its events) belongs to a dataset or to an activity

Revision ID: 0017_activities
Revises: 0016_agency_active

Every existing recommendation and event is kept as it is (its dataset_id stays set). On
SQLite the two recommendation tables are rebuilt by hand rather than with a batch: a batch
drops the old `recommendations` table, and with foreign keys on that drop deletes every event
through ON DELETE CASCADE. Here the events are copied first, then the old tables dropped
child first, then the new ones renamed (SQLite rewrites the events' reference on rename).
"""

import sqlalchemy as sa
from alembic import op

from catalog.models.base import UTCDateTime

revision = "0017_activities"
down_revision = "0016_agency_active"
branch_labels = None
depends_on = None

REC_COLUMNS = (
    "id, dataset_id, status, number, issued_on, valid_until, reviewer_id, requester_id, "
    "activity, decided_hash, changed_since_decision, requested_at, updated_at, version"
)
EVENT_COLUMNS = (
    "id, recommendation_id, dataset_id, actor_id, at, action, from_status, to_status, note, data"
)


def _recommendations(name: str, *, with_activity: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=True),
        *([sa.Column("activity_id", sa.String(length=36), nullable=True)] if with_activity else []),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("number", sa.String(length=200), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("reviewer_id", sa.String(length=36), nullable=True),
        sa.Column("requester_id", sa.String(length=36), nullable=True),
        sa.Column("activity", sa.JSON(), nullable=False),
        sa.Column("decided_hash", sa.String(length=64), nullable=True),
        sa.Column("changed_since_decision", sa.Boolean(), nullable=False),
        sa.Column("requested_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name="fk_recommendations_dataset_id_datasets",
            ondelete="CASCADE",
        ),
        *(
            [
                sa.ForeignKeyConstraint(
                    ["activity_id"],
                    ["activities.id"],
                    name="fk_recommendations_activity_id_activities",
                    ondelete="CASCADE",
                ),
                sa.CheckConstraint(
                    "(dataset_id IS NULL) <> (activity_id IS NULL)",
                    name="ck_recommendations_one_subject",
                ),
                sa.UniqueConstraint("activity_id", name="uq_recommendations_activity_id"),
            ]
            if with_activity
            else []
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["users.id"],
            name="fk_recommendations_requester_id_users",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
            name="fk_recommendations_reviewer_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recommendations"),
        sa.UniqueConstraint("dataset_id", name="uq_recommendations_dataset_id"),
    )


def _events(name: str, parent: str, *, with_activity: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recommendation_id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=with_activity),
        *([sa.Column("activity_id", sa.String(length=36), nullable=True)] if with_activity else []),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name="fk_recommendation_events_actor_id_users",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            [f"{parent}.id"],
            name="fk_recommendation_events_recommendation_id_recommendations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recommendation_events"),
    )


def _rebuild_sqlite(*, with_activity: bool) -> None:
    """Copy both tables into new ones, drop the old (events first), rename the new."""
    _recommendations("recommendations_new", with_activity=with_activity)
    _events("recommendation_events_new", "recommendations_new", with_activity=with_activity)
    op.execute(
        f"INSERT INTO recommendations_new ({REC_COLUMNS}) SELECT {REC_COLUMNS} FROM recommendations"
    )
    op.execute(
        f"INSERT INTO recommendation_events_new ({EVENT_COLUMNS}) "
        f"SELECT {EVENT_COLUMNS} FROM recommendation_events"
    )
    op.drop_table("recommendation_events")
    op.drop_table("recommendations")
    op.rename_table("recommendations_new", "recommendations")
    op.rename_table("recommendation_events_new", "recommendation_events")
    _event_indexes(with_activity=with_activity)
    op.create_index("ix_recommendations_status", "recommendations", ["status"], unique=False)


def _event_indexes(*, with_activity: bool) -> None:
    op.create_index("ix_recommendation_events_dataset_id", "recommendation_events", ["dataset_id"])
    op.create_index(
        "ix_recommendation_events_recommendation_id",
        "recommendation_events",
        ["recommendation_id"],
    )
    if with_activity:
        op.create_index(
            "ix_recommendation_events_activity_id", "recommendation_events", ["activity_id"]
        )


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=True),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("sector", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("frequency", sa.String(length=30), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name="fk_activities_created_by_users",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_activities_organization_id_organizations",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        sa.UniqueConstraint("slug", name="uq_activities_slug"),
    )
    op.create_index("ix_activities_code", "activities", ["code"])
    op.create_index("ix_activities_organization_id", "activities", ["organization_id"])
    op.create_index("ix_activities_state", "activities", ["state"])
    # Plain ALTER TABLE on datasets: a batch would copy a table many others reference, and its
    # drop would cascade. SQLite cannot drop a column that carries a foreign key (downgrade),
    # so there the column has none: deleting an activity unlinks its datasets in the service
    # (catalog/services/activities.py) on both databases.
    if op.get_bind().dialect.name == "sqlite":
        op.add_column("datasets", sa.Column("activity_id", sa.String(length=36)))
    else:
        op.add_column("datasets", sa.Column("activity_id", sa.String(length=36)))
        op.create_foreign_key(
            "fk_datasets_activity_id_activities",
            "datasets",
            "activities",
            ["activity_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index("ix_datasets_activity_id", "datasets", ["activity_id"])
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(with_activity=True)
        return
    op.add_column("recommendations", sa.Column("activity_id", sa.String(length=36)))
    op.alter_column("recommendations", "dataset_id", nullable=True)
    op.create_foreign_key(
        "fk_recommendations_activity_id_activities",
        "recommendations",
        "activities",
        ["activity_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_unique_constraint(
        "uq_recommendations_activity_id", "recommendations", ["activity_id"]
    )
    op.create_check_constraint(
        "ck_recommendations_one_subject",
        "recommendations",
        "(dataset_id IS NULL) <> (activity_id IS NULL)",
    )
    op.add_column("recommendation_events", sa.Column("activity_id", sa.String(length=36)))
    op.alter_column("recommendation_events", "dataset_id", nullable=True)
    op.create_index(
        "ix_recommendation_events_activity_id", "recommendation_events", ["activity_id"]
    )


def downgrade() -> None:
    # Activities' recommendations and events have no place in the older schema.
    op.execute("DELETE FROM recommendation_events WHERE dataset_id IS NULL")
    op.execute("DELETE FROM recommendations WHERE dataset_id IS NULL")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(with_activity=False)
        op.drop_index("ix_datasets_activity_id", "datasets")
        op.execute("ALTER TABLE datasets DROP COLUMN activity_id")  # SQLite >= 3.35
    else:
        op.drop_index("ix_recommendation_events_activity_id", "recommendation_events")
        op.alter_column("recommendation_events", "dataset_id", nullable=False)
        op.drop_column("recommendation_events", "activity_id")
        op.drop_constraint("ck_recommendations_one_subject", "recommendations", type_="check")
        op.drop_constraint("uq_recommendations_activity_id", "recommendations", type_="unique")
        op.drop_constraint(
            "fk_recommendations_activity_id_activities", "recommendations", type_="foreignkey"
        )
        op.alter_column("recommendations", "dataset_id", nullable=False)
        op.drop_column("recommendations", "activity_id")
        op.drop_index("ix_datasets_activity_id", "datasets")
        op.drop_column("datasets", "activity_id")
    op.drop_index("ix_activities_state", "activities")
    op.drop_index("ix_activities_organization_id", "activities")
    op.drop_index("ix_activities_code", "activities")
    op.drop_table("activities")
