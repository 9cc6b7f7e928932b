"""`file`: a local CKAN-style JSON dump (a list of packages, or a package_search answer)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from catalog.formats import ckan as ckan_format
from harvesters import decoding
from harvesters.base import Harvester, RawRecord
from harvesters.ckan import unwrap
from harvesters.http import HarvestError, check_harvested_depth


def packages_of(data: Any) -> list[dict[str, Any]]:
    """The packages in a dump: a list, {result: [...]}, or {result: {results: [...]}}."""
    data = unwrap(data)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list):
        raise HarvestError("Berkas bukan daftar paket CKAN (list atau {result: {results: []}}).")
    return [p for p in data if isinstance(p, dict)]


class FileHarvester(Harvester):
    type = "file"
    label = _l("File on the server (CKAN JSON dump)")
    local = True

    @property
    def path(self) -> Path:
        parts = urlsplit(self.url)
        if parts.scheme not in ("", "file"):
            raise HarvestError(f"Sumber 'file' membaca berkas lokal, bukan {parts.scheme}://.")
        return Path(parts.path if parts.scheme == "file" else self.url)

    def fetch(self) -> Iterator[RawRecord]:
        path = self.path
        try:
            body, marked = decoding.mend(path.read_bytes())
            check_harvested_depth(body, str(path))
            packages = packages_of(json.loads(body))
        except OSError as exc:
            raise HarvestError(f"Berkas {path} tidak dapat dibaca: {exc}") from exc
        except ValueError as exc:
            raise HarvestError(f"Berkas {path} bukan JSON yang valid: {exc}") from exc
        self.total = len(packages)
        for pkg in packages:
            remote_id = str(pkg.get("id") or pkg.get("name") or "")
            record = RawRecord(remote_id, pkg, pkg.get("url") or None)
            yield decoding.screen(record) if marked else record

    def map(self, record: RawRecord) -> dict[str, Any]:
        return ckan_format.to_profile(record.payload)
