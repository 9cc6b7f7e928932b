"""URL-valued fields hold only http(s)/mailto (issue 11, item 1)

Revision ID: 0008_clean_urls
Revises: 0007_source_secrets
"""

revision = "0008_clean_urls"
down_revision = "0007_source_secrets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
