"""datasets.harvest_hash: the content hash of the last harvested profile (skip unchanged)

Revision ID: 0002_harvest
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_harvest"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("harvest_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("harvest_hash")
