"""harvest record warnings and mapping keeps (issue 12): per-record warnings, job counts of
records with warnings, restored and private-at-source records; the dataset's landing page,
publisher version string and spatial geometry

Revision ID: 0009_harvest_warnings
Revises: 0008_clean_urls
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_harvest_warnings"
down_revision = "0008_clean_urls"
branch_labels = None
depends_on = None

JOB_COUNTS = ("restored", "skipped_private", "warnings")
DATASET_COLUMNS = (
    ("landing_page", sa.String(2000)),
    ("version_label", sa.String(100)),
    ("spatial_geometry", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("harvest_jobs") as batch:
        for name in JOB_COUNTS:
            batch.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))
            )
    with op.batch_alter_table("harvest_records") as batch:
        batch.add_column(sa.Column("warnings", sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table("datasets") as batch:
        for name, type_ in DATASET_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        for name, _type in reversed(DATASET_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("harvest_records") as batch:
        batch.drop_column("warnings")
    with op.batch_alter_table("harvest_jobs") as batch:
        for name in reversed(JOB_COUNTS):
            batch.drop_column(name)
