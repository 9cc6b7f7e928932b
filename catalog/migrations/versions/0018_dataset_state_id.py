"""scale (issue 21): datasets are indexed by (state, id) instead of state alone

Revision ID: 0018_dataset_state_id
Revises: 0017_activities

A full index rebuild reads the published datasets in id order, a thousand at a time after the
last id read. With an index on `state` alone, SQLite answered each batch by reading every
published row and sorting it (55 ms a batch at 100,000 datasets, half a second at a million:
the rebuild grew with the square of the catalog). On (state, id) a batch is a range read.
"""

from alembic import op

revision = "0018_dataset_state_id"
down_revision = "0017_activities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_datasets_state_id", "datasets", ["state", "id"])
    op.drop_index("ix_datasets_state", table_name="datasets")


def downgrade() -> None:
    op.create_index("ix_datasets_state", "datasets", ["state"])
    op.drop_index("ix_datasets_state_id", table_name="datasets")
