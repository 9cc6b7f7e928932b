"""index_drain_lock: the one row outbox drains lock to run one at a time across processes

Revision ID: 0003_drain_lock
Revises: 0002_harvest
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_drain_lock"
down_revision = "0002_harvest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "index_drain_lock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_drain_lock")),
    )
    op.bulk_insert(table, [{"id": 1, "batches": 0}])


def downgrade() -> None:
    op.drop_table("index_drain_lock")
