"""data.json: Project Open Data Metadata Schema 1.1 (DCAT-US), the non-federal variant.

The whole catalog in one document (the format has no paging); what is mapped to what and
what is lost: docs/interop.md. Frequencies become ISO 8601 repeating durations and access
levels POD's three words, which the `datajson` harvester maps back (vocabularies.json
synonyms).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from catalog import vocab
from catalog.exports.dcat import MEDIA_TYPES
from catalog.exports.site import Site
from catalog.models import Dataset
from schemas.fields import safe_url

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
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


def dataset_entry(site: Site, ds: Dataset) -> dict[str, Any]:
    org = ds.organization
    uri = site.dataset_uri(ds.slug)
    keywords = ds.tag_names or [vocab.label("topics", c) for c in ds.topic_codes] or [org.title]
    entry: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "title": ds.title,
        "description": ds.description or ds.title,
        "keyword": keywords,
        "modified": _iso(ds.modified or ds.updated_at),
        "publisher": {
            "@type": "org:Organization",
            "name": org.title,
            "subOrganizationOf": {"@type": "org:Organization", "name": site.publisher.name},
        },
        "identifier": ds.identifier or uri,
        "accessLevel": ACCESS_LEVELS.get(ds.access_level, "public"),
        "landingPage": safe_url(ds.landing_page) or uri,
        "language": ["id"],
    }
    email = ds.contact_email or org.email or site.publisher.email
    if email:  # required by the schema; an agency without any e-mail address has none
        entry["contactPoint"] = {
            "@type": "vcard:Contact",
            "fn": ds.contact_name or org.title,
            "hasEmail": "mailto:" + email,
        }
    license_url = next(
        (t.get("url") for t in vocab.terms("licenses") if t["code"] == ds.license), None
    )
    if license_url:
        entry["license"] = license_url
    if ds.frequency in PERIODICITY:
        entry["accrualPeriodicity"] = PERIODICITY[ds.frequency]
    if ds.issued:
        entry["issued"] = _iso(ds.issued)
    if ds.temporal_start and ds.temporal_end:
        entry["temporal"] = f"{ds.temporal_start.isoformat()}/{ds.temporal_end.isoformat()}"
    if ds.region_codes:
        entry["spatial"] = ",".join(ds.region_codes)  # kode wilayah (Kemendagri)
    if ds.topic_codes:
        entry["theme"] = [vocab.label("topics", c) for c in ds.topic_codes]
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
    if distributions:
        entry["distribution"] = distributions
    return entry


def catalog_document(site: Site, datasets: Iterable[Dataset], self_url: str) -> bytes:
    document = {
        "@context": CONTEXT,
        "@id": self_url,
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": DESCRIBED_BY,
        "dataset": [dataset_entry(site, ds) for ds in datasets],
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
