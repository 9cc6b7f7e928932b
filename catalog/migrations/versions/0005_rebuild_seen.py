"""index_drain_lock.rebuild_seen: a running rebuild's last sign of life, so one that died
no longer holds back drains and another rebuild may take over

Revision ID: 0005_rebuild_seen
Revises: 0004_rebuild_from
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_rebuild_seen"
down_revision = "0004_rebuild_from"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("index_drain_lock") as batch:
        batch.add_column(sa.Column("rebuild_seen", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("index_drain_lock") as batch:
        batch.drop_column("rebuild_seen")
