"""data.json, Project Open Data Metadata Schema 1.1 (DCAT-US), the non-federal variant, both
ways: one dataset entry out (catalog/exports/datajson.py writes the catalog around it) and
one entry in (the `datajson` harvester).

Frequencies go out as ISO 8601 repeating durations and access levels as POD's three words;
values come in as the publisher wrote them and schemas.lenient maps them (vocabularies.json
synonyms: R/P1Y, licence URLs, "restricted public").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog import vocab
from catalog.exports.site import Site
from catalog.formats.dcat import MEDIA_TYPES
from catalog.formats.table import (
    Term,
    description_term,
    flatten,
    nest,
    read,
    term,
    title_term,
    write,
)
from catalog.formats.values import license_url, or_none, parse_date_loose, split_spatial, text
from schemas.fields import safe_url

ACCESS_LEVELS = {"public": "public", "restricted": "restricted public", "private": "non-public"}
PERIODICITY = {
    "harian": "R/P1D",
    "mingguan": "R/P1W",
    "bulanan": "R/P1M",
    "triwulanan": "R/P3M",
    "semesteran": "R/P6M",
    "tahunan": "R/P1Y",
    "dua-tahunan": "R/P2Y",
    "lima-tahunan": "R/P5Y",
    "sepuluh-tahunan": "R/P10Y",
    "tidak-tetap": "irregular",
}  # fmt: skip  ("sekali", once, has no repeating duration: left out)


def _iso(value: Any) -> str:
    return str(value.replace(microsecond=0).isoformat())


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or [] if v]


def _keywords(ds: Any, _site: Site) -> list[str]:
    # `keyword` needs one: the topics' names, else the agency's name
    labels = [vocab.label("topics", c) for c in ds.topic_codes]
    return list(ds.tag_names or labels or [ds.organization.title])


def _email(ds: Any, site: Site) -> str | None:
    # required by the schema; an agency without any e-mail address has none
    email = ds.contact_email or ds.organization.email or site.publisher.email
    return "mailto:" + email if email else None


def _contact_name(ds: Any, site: Site) -> str | None:
    return (ds.contact_name or ds.organization.title) if _email(ds, site) else None


def _temporal(ds: Any, _site: Site) -> str | None:
    if ds.temporal_start and ds.temporal_end:
        return f"{ds.temporal_start.isoformat()}/{ds.temporal_end.isoformat()}"
    return None


def _temporal_back(end: bool) -> Any:
    def back(item: Mapping[str, Any]) -> str | None:
        if not item.get("temporal") or "/" not in str(item["temporal"]):
            return None
        return parse_date_loose(str(item["temporal"]).split("/", 1)[end], end=end)

    return back


def _distribution(ds: Any, _site: Site) -> list[dict[str, Any]] | None:
    distributions = []
    for resource in ds.resources:
        url = safe_url(resource.url)
        if not url:
            continue
        dist: dict[str, Any] = {"@type": "dcat:Distribution", "title": resource.name}
        media_type = resource.media_type or MEDIA_TYPES.get((resource.format or "").upper())
        if media_type:  # downloadURL needs a mediaType; without one it is an accessURL
            dist["downloadURL"], dist["mediaType"] = url, media_type
        else:
            dist["accessURL"] = url
        if resource.format:
            dist["format"] = resource.format
        if resource.description:
            dist["description"] = resource.description
        distributions.append(dist)
    return distributions or None


def _resources_back(distributions: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": dist.get("title") or None,  # else "Berkas CSV 1"
            "url": dist.get("downloadURL") or dist.get("accessURL"),
            "format": dist.get("format") or None,
            "media_type": dist.get("mediaType") or None,
            "description": dist.get("description") or "",
        }
        for dist in distributions or []
        if isinstance(dist, dict) and (dist.get("downloadURL") or dist.get("accessURL"))
    ]


def _spatial_back(part: int) -> Any:
    def back(value: Any) -> Any:
        return split_spatial(value)[part] if isinstance(value, str) else None

    return back


def _topic_names(codes: list[str]) -> list[str] | None:
    return [vocab.label("topics", c) for c in codes] or None


def _topics(themes: Any) -> list[str]:
    """The themes that name one of our topics (by name, code or synonym); others are left."""
    codes = (vocab.lookup("topics", theme) for theme in text_list(themes))
    return list(dict.fromkeys(c for c in codes if c))


def _identifier(item: Mapping[str, Any]) -> str | None:
    identifier = str(item.get("identifier") or "")
    return identifier if re.match(r"https?://", identifier) else None


def _extras_back(item: Mapping[str, Any]) -> dict[str, str]:
    extras = {}
    if not _identifier(item):
        extras["remote_identifier"] = str(item.get("identifier") or "")
    if item.get("publisher.name"):
        extras["publisher"] = str(item["publisher.name"])
    # a POD extension field naming the statistical activity (links the harvested dataset)
    for key in ("kode_kegiatan", "kegiatan_statistik"):
        if item.get(key) and isinstance(item[key], str | int):
            extras[key] = str(item[key])[:200]
    return extras


TABLE: tuple[Term, ...] = (
    title_term("title"),
    description_term("description"),
    Term("tags", "keyword", _keywords, lambda item: text_list(item.get("keyword"))),
    Term(
        "modified",
        "modified",
        lambda ds, _site: _iso(ds.modified or ds.updated_at),
        lambda item: item.get("modified") or None,
    ),
    Term(
        "organization",
        "publisher",
        lambda ds, site: {
            "@type": "org:Organization",
            "name": ds.organization.title,
            "subOrganizationOf": {"@type": "org:Organization", "name": site.publisher.name},
        },
        None,  # kept as the extra `publisher`: the source's agency owns what it harvests
    ),
    Term(
        "identifier",
        "identifier",
        lambda ds, site: ds.identifier or site.page_uri("dataset", ds.slug),
        _identifier,
    ),
    term("access_level", "accessLevel", lambda v: ACCESS_LEVELS.get(v, "public"), or_none),
    Term(
        "landing_page",
        "landingPage",
        lambda ds, site: safe_url(ds.landing_page) or site.page_uri("dataset", ds.slug),
        lambda item: item.get("landingPage") or None,
    ),
    Term(
        "contact_name",
        "contactPoint.fn",
        _contact_name,
        lambda item: item.get("contactPoint.fn") or None,
    ),
    Term(
        "contact_email",
        "contactPoint.hasEmail",
        _email,
        lambda item: str(item.get("contactPoint.hasEmail") or "").removeprefix("mailto:") or None,
    ),
    term("license", "license", license_url, or_none),
    term("frequency", "accrualPeriodicity", PERIODICITY.get, or_none),
    term("issued", "issued", lambda v: _iso(v) if v else None, or_none),
    Term("temporal_start", "temporal", _temporal, _temporal_back(False)),
    Term("temporal_end", "temporal", _temporal, _temporal_back(True)),
    # kode wilayah (Kemendagri), read back as codes; a geometry comes in, never goes out
    term("spatial", "spatial", lambda codes: ",".join(codes) or None, _spatial_back(0)),
    term("spatial_geometry", "spatial", None, _spatial_back(1)),
    term("topics", "theme", _topic_names, _topics),
    term("version_label", "version", None, text),
    Term(
        "resources",
        "distribution",
        _distribution,
        lambda item: _resources_back(item.get("distribution")),
    ),
    Term("extras", "extras", None, _extras_back),
)
# What does not come back as it went out (tests/test_formats_roundtrip.py, docs/interop.md).
NOT_CARRIED: dict[str, str] = {
    "slug": "no term; the slug is made from the title",
    "organization": "`publisher` is kept as an extra: the harvest source's agency owns it",
    "version_label": "POD 1.1 has no version: read when a catalog has one, never written",
    "spatial_geometry": "`spatial` goes out as kode wilayah; a geometry only comes in",
    "activity_type": "statistical metadata: no POD term",
    "methodology": "statistical metadata: no POD term",
    "unit": "statistical metadata: no POD term",
    "spatial_level": "derived again from the kode wilayah",
    "variables": "MS-Var has no POD term",
    "extras": "free key/values have no POD term (the extension fields `kode_kegiatan` and "
    "`kegiatan_statistik` come in)",
    "resources.size": "a distribution has no size in POD",
    "resources.media_type": "a resource with a format only comes back with its usual media "
    "type (`downloadURL` needs one)",
}


def to_profile(item: Mapping[str, Any]) -> dict[str, Any]:
    """One data.json `dataset` entry as profile input, values as the publisher wrote them."""
    return read(TABLE, flatten(item))


def from_dataset(dataset: Any, site: Site) -> dict[str, Any]:
    """One dataset as a data.json `dataset` entry."""
    entry = nest(write(TABLE, dataset, site))
    entry["language"] = ["id"]
    if "contactPoint" in entry:
        entry["contactPoint"] = {"@type": "vcard:Contact", **entry["contactPoint"]}
    return {"@type": "dcat:Dataset", **entry}
