"""harvest source secrets stored apart (issue 11, item 11); cross-agency mapping only when an
admin allowed it (issue 11, item 2)

harvest_sources.secrets holds what used to sit in url (userinfo) and config (api_key, tokens,
passwords, Authorization headers); harvest_sources.remote_organization_by records who allowed
config.remote_organization. Existing `file` sources (only the command line creates them) keep
their cross-agency mapping; any other source that asks for it needs an admin to save it again.

Revision ID: 0007_source_secrets
Revises: 0006_accounts_security
"""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from alembic import op

from harvesters import secrets as source_secrets

revision = "0007_source_secrets"
down_revision = "0006_accounts_security"
branch_labels = None
depends_on = None

sources = sa.table(
    "harvest_sources",
    sa.column("id", sa.String),
    sa.column("type", sa.String),
    sa.column("url", sa.String),
    sa.column("config", sa.JSON),
    sa.column("secrets", sa.JSON),
    sa.column("remote_organization_by", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("harvest_sources") as batch:
        batch.add_column(sa.Column("secrets", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("remote_organization_by", sa.String(200), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.select(sources.c.id, sources.c.type, sources.c.url, sources.c.config))
    for source_id, kind, url, config in rows.all():
        config = config or {}
        values: dict[str, Any] = {}
        values["url"], values["config"], values["secrets"] = source_secrets.store(url, config)
        if kind == "file" and config.get("remote_organization"):
            values["remote_organization_by"] = "system"
        bind.execute(sa.update(sources).where(sources.c.id == source_id).values(**values))
    with op.batch_alter_table("harvest_sources") as batch:
        batch.alter_column("secrets", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(sources.c.id, sources.c.url, sources.c.config, sources.c.secrets))
    for source_id, url, config, secrets in rows.all():
        if not secrets:
            continue
        userinfo = secrets.get(source_secrets.USERINFO)
        if userinfo:
            parts = urlsplit(url)
            url = urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))
        bind.execute(
            sa.update(sources)
            .where(sources.c.id == source_id)
            .values(url=url, config=source_secrets.merged_config(config, secrets))
        )
    with op.batch_alter_table("harvest_sources") as batch:
        batch.drop_column("remote_organization_by")
        batch.drop_column("secrets")
