"""The demo catalog: the regency's agencies, sample accounts and datasets (catalog/demo/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.errors import NotFound
from catalog.models import Dataset, HarvestSource, Organization, User
from catalog.services import harvest, organizations, users
from catalog.services.auth import SYSTEM

DEMO = Path(__file__).resolve().parent.parent / "demo"
# Accounts for trying the roles locally; `catalog demo` prints them. Never for production.
DEMO_ACCOUNTS = (
    ("admin", "admin", None),
    ("reviewer", "bps_reviewer", None),
    ("dinkes", None, "dinas-kesehatan"),
)
DEMO_PASSWORD = "demo-katalog-3603"


def demo_packages() -> list[dict[str, Any]]:
    with open(DEMO / "datasets.json", encoding="utf-8") as fh:
        packages: list[dict[str, Any]] = json.load(fh)
    return packages


def demo_organizations() -> list[dict[str, Any]]:
    with open(DEMO / "organizations.json", encoding="utf-8") as fh:
        orgs: list[dict[str, Any]] = json.load(fh)
    return orgs


def load_organizations(session: Session) -> int:
    created = 0
    for org in demo_organizations():
        if session.scalar(select(Organization.id).where(Organization.slug == org["name"])):
            continue
        organizations.create_organization(
            session,
            SYSTEM,
            {
                "slug": org["name"],
                "title": org["title"],
                "kind": org.get("kind", "opd"),
                "code": org.get("code"),
                "description": org.get("description", ""),
                "email": org.get("email"),
                "website": org.get("website"),
            },
        )
        created += 1
    return created


def load_accounts(session: Session) -> list[str]:
    made = []
    for username, role, org in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.username == username)):
            continue
        user = users.create_user(
            session, SYSTEM, username=username, password=DEMO_PASSWORD, roles=[role] if role else []
        )
        if org:
            users.set_membership(session, SYSTEM, user, org, "editor")
        made.append(username)
    return made


def demo_source(session: Session) -> HarvestSource:
    """The walidata's `file` source over catalog/demo/datasets.json (created on first use).

    The demo datasets go in through the harvest pipeline like any other source; each keeps
    the agency named in the dump (remote_organization).
    """
    url = str(DEMO / "datasets.json")
    source = session.scalar(
        select(HarvestSource).where(HarvestSource.type == "file", HarvestSource.url == url)
    )
    if source is not None:
        return source
    walidata = (
        session.scalar(
            select(Organization).where(Organization.kind == "walidata").order_by(Organization.slug)
        )
        or session.scalars(select(Organization).order_by(Organization.slug)).first()
    )
    if walidata is None:
        raise NotFound("Belum ada organisasi; muat organisasi demo dulu.")
    return harvest.create_source(
        session,
        SYSTEM,
        {
            "organization": walidata.slug,
            "title": "Data demo Satu Data Kabupaten Tangerang",
            "type": "file",
            "url": url,
            "config": {"remote_organization": True},
        },
        allow_file=True,
    )


def dataset_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Dataset)) or 0
