"""metadata quality (issue 16): stored scores per dataset, link checks, link-check runs and
the daily snapshot per agency

Revision ID: 0014_quality
Revises: 0013_admin_audit
"""

import sqlalchemy as sa
from alembic import op

from catalog.models.base import UTCDateTime

revision = "0014_quality"
down_revision = "0013_admin_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset_quality",
        sa.Column(
            "dataset_id",
            sa.String(36),
            sa.ForeignKey("datasets.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("organization_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("mqa_score", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(20), nullable=False),
        sa.Column("sdi_percent", sa.Integer(), nullable=False),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("aspects", sa.JSON(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("broken_links", sa.Integer(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_dataset_quality_org_state", "dataset_quality", ["organization_id", "state"])
    op.create_index("ix_dataset_quality_mqa_score", "dataset_quality", ["mqa_score"])
    op.create_index(
        "ix_dataset_quality_ranking",
        "dataset_quality",
        ["state", "organization_id", "mqa_score", "rating", "sdi_percent", "broken_links", "late"],
    )
    op.create_table(
        "link_checks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("final_url", sa.String(2000), nullable=True),
        sa.Column("content_type", sa.String(200), nullable=True),
        sa.Column("content_length", sa.BigInteger(), nullable=True),
        sa.Column("declared_format", sa.String(30), nullable=True),
        sa.Column("detected_format", sa.String(30), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
    )
    op.create_index("ix_link_checks_checked_at", "link_checks", ["checked_at"])
    op.create_table(
        "link_check_runs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("organization_id", sa.String(36), nullable=True),
        sa.Column("worker_id", sa.String(200), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("broken", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_link_check_runs_status_created", "link_check_runs", ["status", "created_at"]
    )
    op.create_table(
        "quality_snapshots",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("organization_id", sa.String(36), primary_key=True),
        sa.Column("datasets", sa.Integer(), nullable=False),
        sa.Column("mean_score", sa.Float(), nullable=False),
        sa.Column("good_share", sa.Float(), nullable=False),
        sa.Column("sdi_mean", sa.Float(), nullable=False),
        sa.Column("broken_links", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("quality_snapshots")
    op.drop_index("ix_link_check_runs_status_created", table_name="link_check_runs")
    op.drop_table("link_check_runs")
    op.drop_index("ix_link_checks_checked_at", table_name="link_checks")
    op.drop_table("link_checks")
    op.drop_index("ix_dataset_quality_ranking", table_name="dataset_quality")
    op.drop_index("ix_dataset_quality_mqa_score", table_name="dataset_quality")
    op.drop_index("ix_dataset_quality_org_state", table_name="dataset_quality")
    op.drop_table("dataset_quality")
