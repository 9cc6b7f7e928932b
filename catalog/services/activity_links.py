"""Harvested datasets linked to their statistical activity (kegiatan statistik, MS-Keg).

A harvested record may name the activity that produced it: the kode kegiatan BPS assigned
(CKAN extra `kode_kegiatan`, DCAT `prov:wasGeneratedBy/dct:identifier`, a data.json
extension field; the format modules put it in the profile's extras) or an activity
identifier (`kegiatan_statistik`: the activity's slug in a catalog like this one). The harvest
pipeline (harvesters/pipeline.py) calls `link_harvested` after storing each record: the
dataset is linked to the harvesting agency's activity with that code (compared without case
and blanks), or left as it is with a warning on the harvest record when none matches. A
record naming no activity changes nothing: a link an editor made by hand stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Activity, Dataset
from catalog.services.datasets import enqueue_index

CODE_EXTRA = "kode_kegiatan"
IDENTIFIER_EXTRA = "kegiatan_statistik"


def code_key(code: str) -> str:
    """A kode kegiatan as compared: no blanks, no case ("3603.25 001" == "3603.25001")."""
    return "".join(code.split()).casefold()


def activity_ref(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(kode kegiatan, activity identifier) a harvested profile names, each or None."""
    extras = data.get("extras") or {}
    code = str(extras.get(CODE_EXTRA) or "").strip() or None
    ident = str(extras.get(IDENTIFIER_EXTRA) or "").strip() or None
    return code, ident


@dataclass
class ActivityIndex:
    """The agencies' activities by (organization id, code key) and (organization id, slug)."""

    by_code: dict[tuple[str, str], Activity] = field(default_factory=dict)
    by_slug: dict[tuple[str, str], Activity] = field(default_factory=dict)


def load_index(session: Session, organization_ids: Iterable[str]) -> ActivityIndex:
    """One query for the activities of these agencies (a harvest batch)."""
    index = ActivityIndex()
    ids = set(organization_ids)
    if not ids:
        return index
    for activity in session.scalars(
        select(Activity).where(Activity.organization_id.in_(ids)).order_by(Activity.created_at)
    ):
        org = activity.organization_id
        if activity.code:
            index.by_code.setdefault((org, code_key(activity.code)), activity)
        index.by_slug[(org, activity.slug.casefold())] = activity
    return index


def link_harvested(
    session: Session, dataset: Dataset, data: Mapping[str, Any], index: ActivityIndex
) -> dict[str, Any] | None:
    """Link `dataset` to the activity its harvested profile `data` names; returns a warning
    for the harvest record (schemas.lenient shape) when it names one nobody can find."""
    code, ident = activity_ref(data)
    if code is None and ident is None:
        return None  # nothing said: a link made by hand stays
    org = dataset.organization_id
    found = None
    if code is not None:
        found = index.by_code.get((org, code_key(code)))
    if found is None and ident is not None:
        found = index.by_slug.get((org, ident.casefold())) or index.by_code.get(
            (org, code_key(ident))
        )
    if found is None:
        named = f"kode kegiatan '{code}'" if code else f"kegiatan '{ident}'"
        return {
            "field": f"extras.{CODE_EXTRA if code else IDENTIFIER_EXTRA}",
            "original": (code or ident or "")[:200],
            "stored": None,
            "message": (
                f"Tidak ada kegiatan statistik dengan {named} di organisasi ini; dataset tidak "
                "ditautkan ke kegiatan. Daftarkan kegiatannya dengan kode itu, atau tautkan "
                "dataset dengan tangan."
            ),
        }
    if dataset.activity_id != found.id:
        dataset.activity_id = found.id
        dataset.activity = found
        enqueue_index(session, dataset.id)  # the inherited recommendation is a facet
    return None


def link_waiting(session: Session, activity: Activity) -> list[str]:
    """Link the agency's unlinked datasets whose harvested profile names this activity (its
    kode kegiatan or slug): an activity registered after its datasets were harvested finds
    them without waiting for the records to change. Returns the linked datasets' ids."""
    wanted_code = code_key(activity.code) if activity.code else None
    linked: list[str] = []
    for dataset_id, extras in session.execute(
        select(Dataset.id, Dataset.extras).where(
            Dataset.organization_id == activity.organization_id,
            Dataset.activity_id.is_(None),
        )
    ):
        code, ident = activity_ref({"extras": extras or {}})
        named = (
            wanted_code is not None and code is not None and code_key(code) == wanted_code
        ) or (
            ident is not None
            and (
                ident.casefold() == activity.slug.casefold()
                or (wanted_code is not None and code_key(ident) == wanted_code)
            )
        )
        if named:
            linked.append(dataset_id)
    for dataset_id in linked:
        dataset = session.get(Dataset, dataset_id)
        if dataset is not None:
            dataset.activity_id = activity.id
            enqueue_index(session, dataset_id)  # the inherited recommendation is a facet
    return linked
