"""`datajson`: a Project Open Data catalog (data.json, DCAT-US 1.1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from catalog import vocab
from catalog.formats import datajson
from harvesters import decoding
from harvesters.base import Harvester, RawRecord
from harvesters.http import HarvestError, parse_json
from schemas.fields import safe_url


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
        return datajson.to_profile(record.payload)
