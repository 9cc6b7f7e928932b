"""`datajson`: a Project Open Data catalog (data.json, DCAT-US 1.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from catalog import vocab
from harvesters import decoding
from harvesters.base import Harvester, RawRecord
from harvesters.http import HarvestError, parse_json
from schemas.ckan import parse_date_loose, split_spatial
from schemas.fields import safe_url


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or [] if v]


class DataJsonHarvester(Harvester):
    type = "datajson"
    label = _l("data.json (Project Open Data)")

    def fetch(self) -> Iterator[RawRecord]:
        response = self.get_document(self.url)
        if response is None:
            return  # unchanged since the last complete run
        # Bytes that do not decode become markers: their datasets turn into error records.
        charset = decoding.charset_of(response.headers.get("Content-Type"))
        body, marked = decoding.mend(response.content, charset)
        data = parse_json(body, self.url)
        items = data.get("dataset") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise HarvestError(f"{self.url} bukan data.json: tidak ada daftar 'dataset'.")
        self.total = len(items)
        for item in items:
            if isinstance(item, dict):
                rid = str(item.get("identifier") or item.get("title") or "")
                # Provenance links only to an http(s) page; the profile's landing_page field
                # reports any other value on the harvest record.
                record = RawRecord(
                    rid,
                    item,
                    safe_url(item.get("landingPage")),
                    modified=str(item.get("modified") or "") or None,
                )
                yield decoding.screen(record) if marked else record

    def is_private(self, record: RawRecord) -> bool:
        """accessLevel "non-public": the publisher does not publish the dataset."""
        level = record.payload.get("accessLevel") if isinstance(record.payload, dict) else None
        return vocab.lookup("access_levels", level) == "private"

    def map(self, record: RawRecord) -> dict[str, Any]:
        """Values as the publisher wrote them; vocabularies are mapped by schemas.lenient
        (accrualPeriodicity R/P1Y, license URLs, accessLevel "restricted public")."""
        item: dict[str, Any] = record.payload
        contact = item.get("contactPoint") or {}
        email = str(contact.get("hasEmail") or "").removeprefix("mailto:") or None
        out: dict[str, Any] = {
            "title": str(item.get("title") or "").strip(),
            "description": item.get("description") or "",
            "tags": text_list(item.get("keyword")),
            "contact_name": contact.get("fn") or None,
            "contact_email": email,
            "modified": item.get("modified") or None,
            "issued": item.get("issued") or None,
            "frequency": item.get("accrualPeriodicity") or None,
            "license": item.get("license") or None,
            "access_level": item.get("accessLevel") or None,
            "version_label": str(item.get("version") or "").strip() or None,
            "landing_page": item.get("landingPage") or None,
            "resources": [],
            "extras": {},
        }
        identifier = str(item.get("identifier") or "")
        if re.match(r"https?://", identifier):
            out["identifier"] = identifier
        else:
            out["extras"]["remote_identifier"] = identifier
        publisher = item.get("publisher") or {}
        if isinstance(publisher, dict) and publisher.get("name"):
            out["extras"]["publisher"] = str(publisher["name"])
        if item.get("temporal") and "/" in str(item["temporal"]):
            start, end = str(item["temporal"]).split("/", 1)
            out["temporal_start"] = parse_date_loose(start)
            out["temporal_end"] = parse_date_loose(end, end=True)
        if isinstance(item.get("spatial"), str):
            codes, geometry = split_spatial(item["spatial"])
            out["spatial"], out["spatial_geometry"] = codes, geometry
        for dist in item.get("distribution") or []:
            if not isinstance(dist, dict):
                continue
            url = dist.get("downloadURL") or dist.get("accessURL")
            if url:
                out["resources"].append(
                    {
                        "name": dist.get("title") or None,  # else "Berkas CSV 1"
                        "url": url,
                        "format": dist.get("format") or None,
                        "media_type": dist.get("mediaType") or None,
                        "description": dist.get("description") or "",
                    }
                )
        return {k: v for k, v in out.items() if v is not None}
