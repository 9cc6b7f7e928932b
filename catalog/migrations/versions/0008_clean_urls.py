"""URL-valued fields hold only http(s)/mailto (issue 11, item 1)

Rows stored before URLs were checked may hold javascript:, data: or other links. Blank them:
NULL where the column is nullable (a dataset's remote_url and identifier, an organization's
website), "" where it is not (a resource's url). A dataset that lost a value gets a new
version, an outbox row (its search document is rebuilt) and no harvest hash (the next harvest
validates its source record again and reports the bad value instead of skipping it as
unchanged). The rule is the one every input and output applies: schemas.fields.safe_url.

Downgrade leaves the data as it is: the values removed were links no page may show.

Revision ID: 0008_clean_urls
Revises: 0007_source_secrets
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from catalog.models.base import UTCDateTime
from schemas.fields import safe_url

revision = "0008_clean_urls"
down_revision = "0007_source_secrets"
branch_labels = None
depends_on = None

datasets = sa.table(
    "datasets",
    sa.column("id", sa.String),
    sa.column("remote_url", sa.String),
    sa.column("identifier", sa.String),
    sa.column("harvest_hash", sa.String),
    sa.column("version", sa.Integer),
)
resources = sa.table(
    "resources",
    sa.column("id", sa.String),
    sa.column("dataset_id", sa.String),
    sa.column("url", sa.String),
)
organizations = sa.table(
    "organizations",
    sa.column("id", sa.String),
    sa.column("website", sa.String),
)
index_outbox = sa.table(
    "index_outbox",
    sa.column("dataset_id", sa.String),
    sa.column("created_at", UTCDateTime(timezone=True)),
    sa.column("attempts", sa.Integer),
)


def _unsafe(value: str | None) -> bool:
    return value is not None and value != "" and safe_url(value) is None


def clean_unsafe_urls(connection: sa.Connection) -> dict[str, int]:
    """Blank every stored URL that is not http(s); returns how many values per column."""
    counts = {"datasets.remote_url": 0, "datasets.identifier": 0, "resources.url": 0}
    counts["organizations.website"] = 0
    touched: set[str] = set()
    rows = connection.execute(
        sa.select(datasets.c.id, datasets.c.remote_url, datasets.c.identifier).where(
            sa.or_(datasets.c.remote_url.is_not(None), datasets.c.identifier.is_not(None))
        )
    ).all()
    for dataset_id, remote_url, identifier in rows:
        values: dict[str, None] = {}
        if _unsafe(remote_url):
            values["remote_url"] = None
        if _unsafe(identifier):
            values["identifier"] = None
        if values:
            connection.execute(
                sa.update(datasets).where(datasets.c.id == dataset_id).values(**values)
            )
            for name in values:
                counts[f"datasets.{name}"] += 1
            touched.add(dataset_id)
    for resource_id, dataset_id, url in connection.execute(
        sa.select(resources.c.id, resources.c.dataset_id, resources.c.url)
    ).all():
        if _unsafe(url):
            connection.execute(
                sa.update(resources).where(resources.c.id == resource_id).values(url="")
            )
            counts["resources.url"] += 1
            touched.add(dataset_id)
    for org_id, website in connection.execute(
        sa.select(organizations.c.id, organizations.c.website).where(
            organizations.c.website.is_not(None)
        )
    ).all():
        if _unsafe(website):
            connection.execute(
                sa.update(organizations).where(organizations.c.id == org_id).values(website=None)
            )
            counts["organizations.website"] += 1
    now = datetime.now(UTC)
    for dataset_id in sorted(touched):
        connection.execute(
            sa.update(datasets)
            .where(datasets.c.id == dataset_id)
            .values(harvest_hash=None, version=datasets.c.version + 1)
        )
        connection.execute(
            sa.insert(index_outbox).values(dataset_id=dataset_id, created_at=now, attempts=0)
        )
    return counts


def upgrade() -> None:
    clean_unsafe_urls(op.get_bind())


def downgrade() -> None:
    pass
