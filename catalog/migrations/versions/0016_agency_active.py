"""staff web (issue 15): agencies can be deactivated by the walidata (organizations.active);
existing agencies stay active

Revision ID: 0016_agency_active
Revises: 0015_consultations
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_agency_active"
down_revision = "0015_consultations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("active")
