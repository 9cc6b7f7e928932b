"""incremental harvest and fault handling (issue 12)

Revision ID: 0010_harvest_incremental
Revises: 0009_harvest_warnings
"""

revision = "0010_harvest_incremental"
down_revision = "0009_harvest_warnings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
