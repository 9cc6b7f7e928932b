"""sessions generation and sign-in failure counts (issue 11, items 7 and 12)

users.session_generation: bumped to end every web session of an account.
signin_failures: failed password checks per normalized username and per client address,
shared by every serving process.

Revision ID: 0006_accounts_security
Revises: 0005_rebuild_seen
"""

import sqlalchemy as sa
from alembic import op

import catalog.models.base

revision = "0006_accounts_security"
down_revision = "0005_rebuild_seen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failed_at", catalog.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_failures")),
    )
    with op.batch_alter_table("signin_failures") as batch:
        batch.create_index(
            "ix_signin_failures_scope_key", ["scope", "key", "failed_at"], unique=False
        )
        batch.create_index(batch.f("ix_signin_failures_failed_at"), ["failed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signin_failures") as batch:
        batch.drop_index(batch.f("ix_signin_failures_failed_at"))
        batch.drop_index("ix_signin_failures_scope_key")
    op.drop_table("signin_failures")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
