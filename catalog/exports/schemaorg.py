"""schema.org Dataset JSON-LD for a dataset page (what search engines read)."""

from __future__ import annotations

from typing import Any

from catalog import vocab
from catalog.models import Dataset
from schemas.fields import safe_url


def dataset_jsonld(dataset: Dataset, page_url: str) -> dict[str, Any]:
    license_url = next(
        (t.get("url") for t in vocab.terms("licenses") if t["code"] == dataset.license), None
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description or dataset.title,
        "url": page_url,
        "identifier": safe_url(dataset.identifier) or page_url,
        "keywords": dataset.tag_names,
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "creator": {"@type": "GovernmentOrganization", "name": dataset.organization.title},
        "publisher": {"@type": "GovernmentOrganization", "name": dataset.organization.title},
        "dateModified": (dataset.modified or dataset.updated_at).isoformat(),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": r.name,
                "contentUrl": safe_url(r.url),
                "encodingFormat": r.media_type or r.format,
            }
            for r in dataset.resources
            if safe_url(r.url)
        ],
    }
    if license_url:
        data["license"] = license_url
    if dataset.issued:
        data["datePublished"] = dataset.issued.isoformat()
    if dataset.temporal_start:
        end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
        data["temporalCoverage"] = f"{dataset.temporal_start.isoformat()}/{end}"
    names = [vocab.regions()[c].name for c in dataset.region_codes if c in vocab.regions()]
    if names:
        data["spatialCoverage"] = {"@type": "Place", "name": ", ".join(names)}
    if dataset.variables:
        data["variableMeasured"] = [
            v.get("alias") or v.get("name") for v in dataset.variables if isinstance(v, dict)
        ]
    return data
