"""index_drain_lock.rebuild_from: while a full rebuild runs, drains keep their outbox rows

Revision ID: 0004_rebuild_from
Revises: 0003_drain_lock
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_rebuild_from"
down_revision = "0003_drain_lock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("index_drain_lock") as batch:
        batch.add_column(sa.Column("rebuild_from", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("index_drain_lock") as batch:
        batch.drop_column("rebuild_from")
