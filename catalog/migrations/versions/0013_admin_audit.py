"""walidata administration (issue 15): the audit of admin changes, and one-time set-password
links for invited users (only the token's hash is stored, with its expiry)

Revision ID: 0013_admin_audit
Revises: 0012_resource_size_bigint
"""

import sqlalchemy as sa
from alembic import op

from catalog.models.base import UTCDateTime

revision = "0013_admin_audit"
down_revision = "0012_resource_size_bigint"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column(
            "actor_id", sa.String(36), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("actor_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("invite_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("invite_expires_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("invite_expires_at")
        batch.drop_column("invite_hash")
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    op.drop_table("audit_events")
