"""Factory functions for test data, built through the real services."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from catalog.models import Activity, Dataset, Organization, User
from catalog.services import datasets, organizations, users
from catalog.services.auth import SYSTEM
from schemas.profile import DatasetIn

DATA = Path(__file__).parent / "data"
_counter = itertools.count(1)
PASSWORD = "kata-sandi-uji-123"
# Markup a harvested description may carry: no page shows it as markup or runs it (window.pwned
# stays undefined, the page's title stays its own).
HOSTILE_MARKUP = (
    "<script>document.title='PWNED';window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"
)


def recorded(name: str) -> dict[str, Any]:
    """A recorded real record from tests/data/."""
    with open(DATA / name, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def make_org(session: Session, slug: str | None = None, **fields: Any) -> Organization:
    slug = slug or f"opd-{next(_counter)}"
    data = {"slug": slug, "title": fields.pop("title", slug.replace("-", " ").title())}
    data.update(fields)
    return organizations.create_organization(session, SYSTEM, data)


def make_user(
    session: Session,
    username: str | None = None,
    *,
    roles: tuple[str, ...] = (),
    orgs: tuple[str, ...] = (),
    password: str = PASSWORD,
) -> User:
    user = users.create_user(
        session,
        SYSTEM,
        username=username or f"user{next(_counter)}",
        password=password,
        roles=list(roles),
    )
    for org in orgs:
        users.set_membership(session, SYSTEM, user, org, "editor")
    return user


def make_token(session: Session, user: User) -> str:
    _token, secret = users.create_token(session, SYSTEM, user, "test")
    return secret


def dataset_payload(organization: str, **overrides: Any) -> dict[str, Any]:
    """A complete, valid API body for a dataset."""
    n = next(_counter)
    body: dict[str, Any] = {
        "title": f"Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin {2000 + n % 25}",
        "description": "Jumlah penduduk hasil registrasi **Disdukcapil** per kecamatan.",
        "organization": organization,
        "tags": ["penduduk", "jenis kelamin"],
        "topics": ["kependudukan"],
        "license": "cc-by-4.0",
        "frequency": "tahunan",
        "activity_type": "kompilasi-administrasi",
        "temporal_start": "2023-01-01",
        "temporal_end": "2023-12-31",
        "spatial": ["36.03.01", "36.03.03"],
        "unit": "jiwa",
        "methodology": "Rekapitulasi data administrasi kependudukan semester II.",
        "contact_name": "Bidang PIAK",
        "contact_email": "piak@tangerangkab.go.id",
        "resources": [
            {
                "name": "Tabel penduduk.xlsx",
                "url": "https://data.tangerangkab.go.id/dataset/penduduk.xlsx",
                "format": "xlsx",
                "size": 18234,
            }
        ],
        "variables": [
            {
                "name": "jumlah_penduduk",
                "alias": "Jumlah Penduduk",
                "data_type": "integer",
                "unit": "jiwa",
                "definition": "Penduduk yang terdaftar.",
            }
        ],
    }
    body.update(overrides)
    return body


def make_dataset(session: Session, organization: str, **overrides: Any) -> Dataset:
    data = DatasetIn().load(dataset_payload(organization, **overrides))
    return datasets.create_dataset(session, SYSTEM, data)


def make_activity(session: Session, organization_slug: str, **fields: Any) -> Activity:
    """A statistical activity of the agency through the activity service (a published recurring
    administrative compilation unless told otherwise: `method="survei"` adds the sample
    design); `datasets=[...]` links those datasets to it (services.activities.link_dataset)."""
    from catalog.services import activities
    from schemas.activity import ActivityIn
    from tests.activity_helpers import activity_payload, administrative_payload

    linked = fields.pop("datasets", ())
    survey = fields.get("method") == "survei"
    build = activity_payload if survey else administrative_payload
    payload = build(organization_slug, **fields)
    if payload.get("kind") == "sekali":
        payload.pop("frequency", None)
    activity = activities.create_activity(session, SYSTEM, ActivityIn().load(payload))
    for dataset in linked:
        activities.link_dataset(session, SYSTEM, dataset.id, activity.id)
    session.flush()
    return activity


def make_household_survey(session: Session, datasets: list[Dataset], **fields: Any) -> Activity:
    """Dinas Kesehatan's one-off "Survei Kesehatan Rumah Tangga 2025", linked to `datasets`
    (make_activity with `fields` on top)."""
    return make_activity(
        session,
        "dinas-kesehatan",
        title="Survei Kesehatan Rumah Tangga 2025",
        method="survei",
        kind="sekali",
        datasets=datasets,
        **fields,
    )
