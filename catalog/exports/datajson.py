"""data.json: Project Open Data Metadata Schema 1.1 (DCAT-US), the non-federal variant.

The whole catalog in one document (the format has no paging); each entry is
catalog/formats/datajson.py's `from_dataset` (the mapping both ways). What is mapped to what
and what is lost: docs/interop.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from catalog.exports.site import Site
from catalog.formats import datajson
from catalog.models import Dataset

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"


def catalog_document(site: Site, datasets: Iterable[Dataset], self_url: str) -> bytes:
    document = {
        "@context": CONTEXT,
        "@id": self_url,
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": DESCRIBED_BY,
        "dataset": [datajson.from_dataset(ds, site) for ds in datasets],
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
