"""resources.size as a 64-bit integer: a published file over 2 GiB is an ordinary size, and
PostgreSQL's INTEGER refused it (the API accepts any 64-bit size)

Revision ID: 0012_resource_size_bigint
Revises: 0011_idempotency
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_resource_size_bigint"
down_revision = "0011_idempotency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resources") as batch:
        batch.alter_column("size", type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    with op.batch_alter_table("resources") as batch:
        batch.alter_column("size", type_=sa.Integer(), existing_type=sa.BigInteger())
