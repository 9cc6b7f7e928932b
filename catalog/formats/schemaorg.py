"""schema.org `Dataset` JSON-LD, both ways: the dataset page's JSON-LD out (what search
engines read), and such a description in (no harvester reads schema.org yet; the round trip
test does)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog import vocab
from catalog.formats import table
from catalog.formats.table import Term, flatten, nest, read, term, write
from catalog.formats.values import license_url, or_none, parse_date_loose
from catalog.services.auth import ANONYMOUS, visible_variables
from schemas.fields import safe_url

AGENCY = "GovernmentOrganization"


def _temporal(ds: Any, _page_url: str) -> str | None:
    if not ds.temporal_start:
        return None
    end = ds.temporal_end.isoformat() if ds.temporal_end else ".."
    return f"{ds.temporal_start.isoformat()}/{end}"


def _temporal_back(end: bool) -> Any:
    def back(data: Mapping[str, Any]) -> str | None:
        start, _, stop = str(data.get("temporalCoverage") or "").partition("/")
        value = stop if end else start
        return None if value in ("", "..") else parse_date_loose(value, end=end)

    return back


def _distribution(resources: Any) -> list[dict[str, Any]]:
    return [
        {
            "@type": "DataDownload",
            "name": r.name,
            "contentUrl": safe_url(r.url),
            "encodingFormat": r.media_type or r.format,
        }
        for r in resources
        if safe_url(r.url)
    ]


def _resources_back(downloads: Any) -> list[dict[str, Any]]:
    out = []
    for d in downloads or []:
        if isinstance(d, dict) and d.get("contentUrl"):
            encoding = str(d.get("encodingFormat") or "") or None
            media = encoding if encoding and "/" in encoding else None
            out.append(
                {
                    "name": d.get("name") or None,
                    "url": d["contentUrl"],
                    "format": None if media else encoding,
                    "media_type": media,
                }
            )
    return out


def _places(codes: list[str]) -> dict[str, str] | None:
    names = [vocab.regions()[c].name for c in codes if c in vocab.regions()]
    return {"@type": "Place", "name": ", ".join(names)} if names else None


def _agency(org: Any) -> dict[str, str]:
    return {"@type": AGENCY, "name": org.title}


TABLE: tuple[Term, ...] = (
    table.title_term("name"),
    table.description_term("description"),
    Term(
        "identifier",
        "identifier",
        lambda ds, page_url: safe_url(ds.identifier) or page_url,
        lambda data: (
            data["identifier"]
            if re.match(r"https?://", str(data.get("identifier") or ""))
            else None
        ),
    ),
    term("tags", "keywords", back=lambda v: [str(k) for k in v or [] if k]),
    term("organization", "creator", _agency, None),
    term("organization", "publisher", _agency, None),
    Term(
        "modified",
        "dateModified",
        lambda ds, _url: (ds.modified or ds.updated_at).isoformat(),
        lambda data: data.get("dateModified") or None,
    ),
    term("resources", "distribution", _distribution, _resources_back),
    term("license", "license", license_url, or_none),
    term("issued", "datePublished", lambda v: v.isoformat() if v else None, or_none),
    Term("temporal_start", "temporalCoverage", _temporal, _temporal_back(False)),
    Term("temporal_end", "temporalCoverage", _temporal, _temporal_back(True)),
    term("spatial", "spatialCoverage", _places, None),
    term(
        "variables",
        "variableMeasured",
        # the page's JSON-LD is public: the public variables only
        lambda vs: (
            [
                v.get("alias") or v.get("name")
                for v in visible_variables(ANONYMOUS, None, vs)
                if isinstance(v, dict)
            ]
            or None
        ),
        None,
    ),
)
# What does not come back as it went out (tests/test_formats_roundtrip.py, docs/interop.md).
NOT_CARRIED: dict[str, str] = {
    "slug": "no term; the slug is made from the title",
    "organization": "an agency's name only (creator, publisher)",
    "topics": "no term for a BPS subject",
    "spatial": "place names (`spatialCoverage`), not kode wilayah",
    "spatial_level": "derived again from the kode wilayah",
    "spatial_geometry": "not written",
    "variables": "`variableMeasured` names the public variables only",
    "access_level": "not written (`isAccessibleForFree` is always true)",
    "frequency": "not written",
    "activity_type": "statistical metadata: no schema.org term",
    "methodology": "statistical metadata: no schema.org term",
    "unit": "statistical metadata: no schema.org term",
    "contact_name": "not written",
    "contact_email": "not written",
    "landing_page": "`url` is the page on this catalog",
    "version_label": "not written",
    "extras": "free key/values have no schema.org term",
    "resources.format": "`encodingFormat` holds the media type when there is one",
    "resources.size": "not written",
    "resources.description": "not written",
}


def to_profile(data: Mapping[str, Any]) -> dict[str, Any]:
    """A schema.org Dataset (JSON-LD, compacted with the schema.org context) as profile input."""
    return read(TABLE, flatten(data))


def from_dataset(dataset: Any, page_url: str) -> dict[str, Any]:
    """The dataset page's JSON-LD."""
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "url": page_url,
        "inLanguage": "id",
        "isAccessibleForFree": True,
        **nest(write(TABLE, dataset, page_url)),
    }
