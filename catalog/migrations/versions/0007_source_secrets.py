"""harvest source secrets stored apart (issue 11, item 11)

Revision ID: 0007_source_secrets
Revises: 0006_accounts_security
"""

revision = "0007_source_secrets"
down_revision = "0006_accounts_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
