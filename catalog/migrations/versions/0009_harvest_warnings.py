"""harvest record warnings and mapping keeps (issue 12)

Revision ID: 0009_harvest_warnings
Revises: 0008_clean_urls
"""

revision = "0009_harvest_warnings"
down_revision = "0008_clean_urls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
