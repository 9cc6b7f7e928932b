"""The demo catalog: the regency's agencies, sample accounts and datasets (catalog/demo/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import Dataset, Organization, User
from catalog.services import datasets, organizations, users
from catalog.services.auth import SYSTEM
from schemas.ckan import package_to_profile
from schemas.profile import DatasetIn

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


def load_datasets(session: Session) -> tuple[int, list[str]]:
    """Create the demo datasets that are not there yet; returns (created, error messages)."""
    schema = DatasetIn()
    existing = set(session.scalars(select(Dataset.slug)))
    created, problems = 0, []
    for package in demo_packages():
        if package["name"] in existing:
            continue
        try:
            data = schema.load(package_to_profile(package))
        except ValidationError as exc:
            problems.append(f"{package['name']}: {exc.messages}")
            continue
        datasets.create_dataset(session, SYSTEM, data)
        created += 1
    return created, problems


def dataset_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Dataset)) or 0
