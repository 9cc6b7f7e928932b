"""incremental harvests that stay incremental (issue 12)

datasets.remote_modified: the source's own modification stamp (dct:modified, data.json
`modified`) as last stored, so an incremental run skips records the source did not change.
harvest_sources.http_validators: ETag / Last-Modified of a whole-file source's last complete
run, sent back as If-None-Match / If-Modified-Since.

Revision ID: 0010_harvest_incremental
Revises: 0009_harvest_warnings
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_harvest_incremental"
down_revision = "0009_harvest_warnings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(sa.Column("remote_modified", sa.String(length=100), nullable=True))
    with op.batch_alter_table("harvest_sources") as batch:
        batch.add_column(sa.Column("http_validators", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("harvest_sources") as batch:
        batch.drop_column("http_validators")
    with op.batch_alter_table("datasets") as batch:
        batch.drop_column("remote_modified")
