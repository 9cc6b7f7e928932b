"""The CKAN package form of a dataset, both ways: CKAN records in (`ckan` and `file`
harvesters), CKAN Action API answers out (catalog/services/ckan.py).

Profile fields without a CKAN core field travel as `extras` (the convention of
ckanext-scheming-less portals such as data.go.id); BPS subjects are CKAN groups.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from catalog import vocab
from catalog.formats.table import Term, read, term, write
from catalog.formats.values import (
    or_none,
    parse_date_loose,
    public_activity,
    split_spatial,
    text,
    timestamp,
)
from catalog.services.auth import ANONYMOUS, visible_variables
from schemas.fields import safe_url

TOPIC_NAMESPACE = uuid.UUID("6f1d1a52-4b0e-5d8e-9c41-3603000a0001")
TAG_NAMESPACE = uuid.UUID("6f1d1a52-4b0e-5d8e-9c41-3603000a0002")
EXTRA = "extras."  # the terms of the table that are CKAN extras: extras.{key}


def topic_id(code: str) -> str:
    """The stable CKAN id of a topic (BPS subject), our CKAN groups."""
    return str(uuid.uuid5(TOPIC_NAMESPACE, code))


def tag_id(name: str) -> str:
    return str(uuid.uuid5(TAG_NAMESPACE, name.casefold()))


def group_dict(code: str, package_count: int | None = None) -> dict[str, Any]:
    """A topic as a CKAN group dict (package dicts, group_list, group_show)."""
    title = vocab.label("topics", code)
    out: dict[str, Any] = {
        "id": topic_id(code),
        "name": code,
        "title": title,
        "display_name": title,
        "description": vocab.label("topics", code, "en"),
        "image_display_url": "",
        "image_url": "",
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _organization(org: Any) -> dict[str, Any] | None:
    if org is None:
        return None
    return {
        "id": org.id,
        "name": org.slug,
        "title": org.title,
        "type": "organization",
        "description": org.description,
        "is_organization": True,
        "state": "active",
        "image_url": "",
        "created": _iso(org.created_at),
        "approval_status": "approved",
    }


def _resources(ds: Any, _ctx: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "package_id": ds.id,
            "position": i,
            "name": r.name,
            "url": safe_url(r.url) or "",
            "format": r.format or "",
            "mimetype": r.media_type,
            "size": r.size,
            "description": r.description,
            "state": "active",
        }
        for i, r in enumerate(ds.resources)
    ]


def _resources_back(pkg: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            # an unnamed resource is named by format and position (schemas.lenient)
            "name": str(r.get("name") or "").strip()[:500],
            "url": r.get("url") or "",
            "format": r.get("format") or None,
            "media_type": r.get("mimetype") or None,
            "size": r.get("size") if isinstance(r.get("size"), int) else None,
            "description": r.get("description") or "",
        }
        for r in pkg.get("resources") or []
        if isinstance(r, dict)
    ]


def _spatial_out(ds: Any, _ctx: Any) -> str | None:
    # ckanext-spatial's `spatial` holds the geometry; the codes then travel as `wilayah`
    return ds.spatial_geometry or ",".join(ds.region_codes) or None


def _wilayah_out(ds: Any, _ctx: Any) -> str | None:
    return ",".join(ds.region_codes) or None if ds.spatial_geometry else None


def _spatial_back(pkg: Mapping[str, Any]) -> list[str]:
    codes, _ = split_spatial(pkg.get(EXTRA + "spatial") or "")
    more, _ = split_spatial(pkg.get(EXTRA + "wilayah") or "")
    return list(dict.fromkeys(codes + more))


def _geometry_back(pkg: Mapping[str, Any]) -> str | None:
    _, geometry = split_spatial(pkg.get(EXTRA + "spatial") or "")
    _, places = split_spatial(pkg.get(EXTRA + "wilayah") or "")
    return geometry or places


def _public(variables: Any) -> list[Any]:
    return visible_variables(ANONYMOUS, None, variables)


def _variables_back(text: Any) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text  # refused by the profile with a field message


def _stamp(key: str, fallback: str) -> Term:
    """issued / modified: the extra, else CKAN's own metadata_created / metadata_modified."""
    return Term(
        key,
        EXTRA + key,
        lambda ds, _ctx: _iso(getattr(ds, key)),
        lambda pkg: timestamp(pkg.get(EXTRA + key) or None) or timestamp(pkg.get(fallback)),
    )


def _extra(field: str, out: Any = _iso, back: Any = or_none) -> Term:
    return term(field, EXTRA + field, out, back)


TABLE: tuple[Term, ...] = (
    term("slug", "name", back=lambda v: str(v)[:100] if v else None),
    Term(
        "title",
        "title",
        lambda ds, _ctx: ds.title,
        lambda pkg: (pkg.get("title") or pkg.get("name") or "").strip(),
    ),
    term("description", "notes", back=lambda v: v or ""),
    term("organization", "organization", _organization, lambda org: org.get("name")),
    term(
        "tags",
        "tags",
        lambda names: [
            {"id": tag_id(t), "name": t, "display_name": t, "state": "active"} for t in names
        ],
        lambda tags: [
            t.get("name") or t.get("display_name") or "" for t in tags or [] if isinstance(t, dict)
        ],
    ),
    term(
        "topics",
        "groups",
        lambda codes: [group_dict(code) for code in codes],
        lambda groups: [
            g.get("name")
            for g in groups or []
            if isinstance(g, dict) and g.get("name") in vocab.codes("topics")
        ],
    ),
    term("license", "license_id", lambda v: v or "", or_none),
    # the publisher's page and version string; our edit counter is not CKAN's `version`
    Term(
        "landing_page",
        "url",
        lambda ds, _ctx: safe_url(ds.landing_page) or safe_url(ds.remote_url) or "",
        lambda pkg: text(pkg.get("url")),
    ),
    term("version_label", "version", or_none, text),
    Term(
        "contact_name",
        "maintainer",
        lambda ds, _ctx: ds.contact_name or "",
        lambda pkg: pkg.get("maintainer") or pkg.get("author") or None,
    ),
    Term(
        "contact_email",
        "maintainer_email",
        lambda ds, _ctx: ds.contact_email or "",
        lambda pkg: pkg.get("maintainer_email") or pkg.get("author_email") or None,
    ),
    Term("resources", "resources", _resources, _resources_back),
    _extra("frequency"),
    _extra("activity_type"),
    _extra("temporal_start", back=parse_date_loose),
    _extra("temporal_end", back=lambda v: parse_date_loose(v, end=True)),
    _extra("spatial_level"),
    _extra("unit"),
    _extra("methodology"),
    _extra("access_level", back=lambda v: v or "public"),
    # never hand out a javascript: (or other) link
    _extra("identifier", out=safe_url),
    _stamp("issued", "metadata_created"),
    _stamp("modified", "metadata_modified"),
    Term("spatial", EXTRA + "spatial", _spatial_out, _spatial_back),
    Term("spatial_geometry", EXTRA + "wilayah", _wilayah_out, _geometry_back),
    _extra(
        "variables",
        # an export is anonymous: the public variables only (hidden ones are not exported)
        out=lambda v: json.dumps(public, ensure_ascii=False) if (public := _public(v)) else None,
        back=_variables_back,
    ),
)
# Extras the table reads; the others stay in the profile's `extras`.
READ_EXTRAS = frozenset(row.term.removeprefix(EXTRA) for row in TABLE if row.term.startswith(EXTRA))
# What does not come back as it went out (tests/test_formats_roundtrip.py, docs/interop.md).
NOT_CARRIED: dict[str, str] = {
    "extras": "keys the table writes (frequency, spatial, ...) or our own "
    "(recommendation_status, ...) come back as fields or as extras of their own; "
    "`kode_kegiatan` (else `kegiatan_statistik`) links the harvested dataset to the agency's "
    "statistical activity with that code",
    "variables.public": "variables not shown to the public (`public` false) are not exported: "
    "the CKAN API answers everyone alike",
}


# The statistical activity that produced a dataset (MS-Keg), as extras: its slug here, its
# title and the kode kegiatan BPS assigned. A harvest reads `kode_kegiatan` (or the activity
# slug) back to link the dataset to the agency's activity (catalog/services/activity_links.py).
ACTIVITY_EXTRAS = ("kegiatan_statistik", "kegiatan_statistik_judul", "kode_kegiatan")


def activity_extras(activity: Any) -> dict[str, str]:
    if activity is None:
        return {}
    out = {"kegiatan_statistik": activity.slug, "kegiatan_statistik_judul": activity.title}
    if activity.code:
        out["kode_kegiatan"] = activity.code
    return out


def activity_ref(extras: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(kode kegiatan, activity identifier) a package's extras name, each or None."""
    code = str(extras.get("kode_kegiatan") or "").strip() or None
    ident = str(extras.get("kegiatan_statistik") or "").strip() or None
    return code, ident


def to_profile(pkg: Mapping[str, Any], organization: str | None = None) -> dict[str, Any]:
    """Map a CKAN package dict to DatasetIn input. Unmapped extras are kept in `extras`.

    Vocabulary values stay as the publisher wrote them: schemas.lenient.tolerate maps them
    (the harvest pipeline runs it after every harvester's map).
    """
    extras = {
        str(e.get("key")): "" if e.get("value") is None else str(e.get("value"))
        for e in pkg.get("extras") or []
        if isinstance(e, dict) and e.get("key")
    }
    view = {**pkg, **{EXTRA + k: v for k, v in extras.items()}}
    view["organization"] = (
        pkg.get("organization") if isinstance(pkg.get("organization"), dict) else {}
    )
    data = read(TABLE, view)
    if organization:
        data["organization"] = organization
    data["extras"] = {k: v for k, v in extras.items() if k not in READ_EXTRAS}
    return data


def from_dataset(dataset: Any, recommendation: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A dataset as CKAN's package_show answers it (what ckanapi and CKAN harvesters read)."""
    values = write(TABLE, dataset)
    extras = dict(dataset.extras or {})
    for key in [k for k in values if k.startswith(EXTRA)]:
        value = values.pop(key)
        if value != "":
            extras[key.removeprefix(EXTRA)] = value
    if recommendation:
        # the governing recommendation: the dataset's own, or its activity's (models/recommendation)
        extras["recommendation_status"] = recommendation["status"]
        if recommendation.get("number"):
            extras["recommendation_number"] = recommendation["number"]
        if recommendation.get("valid_until"):
            extras["recommendation_valid_until"] = _iso(recommendation["valid_until"])
        activity = public_activity(dataset)
        if recommendation.get("activity") and activity is not None:
            extras["recommendation_activity"] = activity.slug
    extras.update(activity_extras(public_activity(dataset)))
    lic = next((t for t in vocab.terms("licenses") if t["code"] == dataset.license), None)
    org = dataset.organization
    return {
        "id": dataset.id,
        "type": "dataset",
        "state": "active" if dataset.state == "published" else "deleted",
        "private": dataset.state == "draft",
        "version": None,
        "organization": None,
        **values,
        "license_title": lic["id"] if lic else "",
        "license_url": lic["url"] if lic else "",
        "isopen": bool(lic and lic["open"]),
        "author": org.title if org else "",
        "author_email": "",
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.updated_at),
        "owner_org": org.id if org else None,
        "num_tags": len(dataset.tags),
        "num_resources": len(dataset.resources),
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items())],
    }
