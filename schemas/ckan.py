"""The CKAN package form of a dataset, both ways: CKAN records in, CKAN API answers out.

Profile fields without a CKAN core field travel as `extras` (the convention of
ckanext-scheming-less portals such as data.go.id); BPS subjects are CKAN groups.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

from catalog import vocab
from schemas.fields import safe_url

# Profile fields carried as CKAN extras with the same key.
EXTRA_FIELDS = (
    "frequency",
    "activity_type",
    "temporal_start",
    "temporal_end",
    "spatial_level",
    "unit",
    "methodology",
    "access_level",
    "identifier",
    "issued",
    "modified",
)
# A kode wilayah as written: 36, 36.03, 36.03.05, 36.03.05.2001, or without dots.
REGION_CODE_RE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?|\d{4}|\d{6}|\d{10}")
WKT_RE = re.compile(
    r"(SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|"
    r"GEOMETRYCOLLECTION|ENVELOPE)\s*(Z|M|ZM)?\s*\(",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"[-+]?\d+(\.\d+)?")
TOPIC_NAMESPACE = uuid.UUID("6f1d1a52-4b0e-5d8e-9c41-3603000a0001")
TAG_NAMESPACE = uuid.UUID("6f1d1a52-4b0e-5d8e-9c41-3603000a0002")
BULAN = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "sep": 9, "okt": 10, "nov": 11, "des": 12,
}  # fmt: skip


def parse_date_loose(value: Any, *, end: bool = False) -> str | None:
    """Read '2023', '2023-05', '2023-05-17', '17/05/2023' or '17 Mei 2023' as an ISO date.

    A bare year or month means its first day, or its last day when `end` is set.
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    if m := re.fullmatch(r"(\d{4})", text):
        return f"{m[1]}-12-31" if end else f"{m[1]}-01-01"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(m[1]), int(m[2])
        if end:
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1).isoformat()
        return f"{year:04d}-{month:02d}-01"
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return f"{m[1]}-{m[2]}-{m[3]}"
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text):
        named = BULAN.get(m[2])
        if named:
            return f"{m[3]}-{named:02d}-{int(m[1]):02d}"
    return text  # left for the profile to refuse with a clear message


def _timestamp(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+", text):
        return text + "+00:00"  # CKAN writes naive UTC timestamps
    iso = parse_date_loose(text)
    if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso + "T00:00:00+00:00"
    return text


def split_spatial(value: str) -> tuple[list[str], str | None]:
    """A `spatial` value as (region codes, geometry or place text).

    Region codes are taken only from values that look like codes; GeoJSON (what
    ckanext-spatial and data.go.id put there), WKT, a bounding box of four numbers and place
    names are a geometry, kept as written.
    """
    text = value.strip()
    if not text:
        return [], None
    if text[0] in "{[":
        try:
            parsed = json.loads(text)
        except ValueError:
            return [], text
        if isinstance(parsed, list) and all(isinstance(v, str) for v in parsed):
            codes, places = _codes_and_places(parsed)
            return codes, ", ".join(places) or None
        return [], text  # GeoJSON, or a bbox / coordinate list
    if WKT_RE.match(text):
        return [], text
    numbers = re.split(r"[,;\s]+", text)
    bbox = len(numbers) == 4 and all(NUMBER_RE.fullmatch(n) for n in numbers)
    if bbox and not all(REGION_CODE_RE.fullmatch(n) for n in numbers):
        return [], text  # a bounding box: west, south, east, north
    codes, places = _codes_and_places(re.split(r"[,;]", text))
    return codes, ", ".join(places) or None


def _codes_and_places(pieces: list[str]) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    places: list[str] = []
    for piece in (p.strip() for p in pieces):
        words = piece.split()
        if words and all(REGION_CODE_RE.fullmatch(w) for w in words):
            codes.extend(words)
        elif piece:
            places.append(piece)
    return codes, places


def package_to_profile(pkg: dict[str, Any], organization: str | None = None) -> dict[str, Any]:
    """Map a CKAN package dict to DatasetIn input. Unmapped extras are kept in `extras`.

    Vocabulary values stay as the publisher wrote them: schemas.lenient.tolerate maps them
    (the harvest pipeline runs it after every harvester's map).
    """
    extras = {
        str(e.get("key")): "" if e.get("value") is None else str(e.get("value"))
        for e in pkg.get("extras") or []
        if isinstance(e, dict) and e.get("key")
    }
    org = pkg.get("organization") or {}
    topic_codes = vocab.codes("topics")
    groups = [g.get("name") for g in pkg.get("groups") or [] if isinstance(g, dict)]
    data: dict[str, Any] = {
        "title": (pkg.get("title") or pkg.get("name") or "").strip(),
        "description": pkg.get("notes") or "",
        "organization": organization or (org.get("name") if isinstance(org, dict) else None),
        "tags": [
            t.get("name") or t.get("display_name") or ""
            for t in pkg.get("tags") or []
            if isinstance(t, dict)
        ],
        "topics": [g for g in groups if g in topic_codes],
        "license": pkg.get("license_id") or None,
        "landing_page": str(pkg.get("url") or "").strip() or None,
        "version_label": str(pkg.get("version") or "").strip() or None,
        "contact_name": pkg.get("maintainer") or pkg.get("author") or None,
        "contact_email": pkg.get("maintainer_email") or pkg.get("author_email") or None,
        "resources": [
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
        ],
    }
    if pkg.get("name"):
        data["slug"] = str(pkg["name"])[:100]
    for key in EXTRA_FIELDS:
        if key in extras:
            data[key] = extras.pop(key) or None
    data["temporal_start"] = parse_date_loose(data.get("temporal_start"))
    data["temporal_end"] = parse_date_loose(data.get("temporal_end"), end=True)
    for key in ("issued", "modified"):
        data[key] = _timestamp(data.get(key))
    data["issued"] = data["issued"] or _timestamp(pkg.get("metadata_created"))
    data["modified"] = data["modified"] or _timestamp(pkg.get("metadata_modified"))
    data["access_level"] = data.get("access_level") or "public"
    codes, geometry = split_spatial(extras.pop("spatial", ""))
    more, places = split_spatial(extras.pop("wilayah", ""))
    data["spatial"] = list(dict.fromkeys(codes + more))
    data["spatial_geometry"] = geometry or places
    variables = extras.pop("variables", "")
    if variables:
        try:
            data["variables"] = json.loads(variables)
        except ValueError:
            data["variables"] = variables  # refused by the profile with a field message
    data["extras"] = extras
    return {k: v for k, v in data.items() if v is not None}


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


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dataset_to_package(
    dataset: Any, recommendation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A dataset as CKAN's package_show answers it (what ckanapi and CKAN harvesters read)."""
    org = dataset.organization
    extras = dict(dataset.extras or {})
    for key in EXTRA_FIELDS:
        value = getattr(dataset, key)
        if key == "identifier":
            value = safe_url(value)  # never hand out a javascript: (or other) link
        if value not in (None, ""):
            extras[key] = _iso(value)
    if dataset.spatial_geometry:
        # ckanext-spatial's `spatial` holds the geometry; the codes then travel as `wilayah`
        extras["spatial"] = dataset.spatial_geometry
        if dataset.region_codes:
            extras["wilayah"] = ",".join(dataset.region_codes)
    elif dataset.region_codes:
        extras["spatial"] = ",".join(dataset.region_codes)
    if dataset.variables:
        extras["variables"] = json.dumps(dataset.variables, ensure_ascii=False)
    if recommendation:
        extras["recommendation_status"] = recommendation["status"]
        if recommendation.get("number"):
            extras["recommendation_number"] = recommendation["number"]
        if recommendation.get("valid_until"):
            extras["recommendation_valid_until"] = _iso(recommendation["valid_until"])
    license_terms = {t["code"]: t for t in vocab.terms("licenses")}
    lic = license_terms.get(dataset.license or "")
    return {
        "id": dataset.id,
        "name": dataset.slug,
        "title": dataset.title,
        "notes": dataset.description,
        "type": "dataset",
        "state": "active" if dataset.state == "published" else "deleted",
        "private": dataset.state == "draft",
        # the publisher's page and version string; our edit counter is not CKAN's `version`
        "url": safe_url(dataset.landing_page) or safe_url(dataset.remote_url) or "",
        "version": dataset.version_label or None,
        "license_id": dataset.license or "",
        "license_title": lic["id"] if lic else "",
        "license_url": lic["url"] if lic else "",
        "isopen": bool(lic and lic["open"]),
        "maintainer": dataset.contact_name or "",
        "maintainer_email": dataset.contact_email or "",
        "author": org.title if org else "",
        "author_email": "",
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.updated_at),
        "owner_org": org.id if org else None,
        "organization": {
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
        if org
        else None,
        "tags": [
            {"id": tag_id(t), "name": t, "display_name": t, "state": "active"}
            for t in dataset.tag_names
        ],
        "num_tags": len(dataset.tags),
        "groups": [group_dict(code) for code in dataset.topic_codes],
        "resources": [
            {
                "id": r.id,
                "package_id": dataset.id,
                "position": i,
                "name": r.name,
                "url": safe_url(r.url) or "",
                "format": r.format or "",
                "mimetype": r.media_type,
                "size": r.size,
                "description": r.description,
                "state": "active",
            }
            for i, r in enumerate(dataset.resources)
        ],
        "num_resources": len(dataset.resources),
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items())],
    }
