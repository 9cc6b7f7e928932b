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


# Plain ALTER TABLE, no batch: on SQLite a batch would copy and drop the organizations table,
# which every dataset, membership and source references (foreign keys are on).


def upgrade() -> None:
    op.add_column(
        "organizations",
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE organizations DROP COLUMN active")  # SQLite >= 3.35
    else:
        op.drop_column("organizations", "active")
