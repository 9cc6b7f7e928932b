"""`ckan`: any CKAN Action API through ckanapi (also another instance of this catalog).

Incremental: with a previous good run, package_search asks only for packages whose
metadata_modified is newer; a separate paged listing of ids then tells what was removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, timedelta
from typing import Any

import ckanapi
from flask_babel import lazy_gettext as _l
from marshmallow import validate

from catalog.formats import ckan as ckan_format
from harvesters import decoding
from harvesters.base import Harvester, Listing, RawRecord, SourceConfig
from harvesters.http import (
    USER_AGENT,
    HarvestError,
    HarvestSession,
    check_harvested_depth,
    looks_like_html,
)
from schemas.fields import Int, Str

DEFAULT_PAGE_SIZE = 1000
ID_PAGE_SIZE = 1000
# Records that failed last time are fetched again one by one; above this many a full run
# costs less.
MAX_RETRIES = 200
# Remote clocks drift; asking a little further back costs only unchanged records.
INCREMENTAL_MARGIN_S = 300


def unwrap(data: Any) -> Any:
    """The `result` of {success, result} or of {status, message, result} (data.go.id)."""
    if isinstance(data, dict) and "result" in data and ("status" in data or "success" in data):
        return data["result"]
    return data


def _ckan_body(body: bytes) -> bytes:
    """Make answers ckanapi can read, and refuse HTML or broken JSON with a clear message.

    A regular CKAN answer is left for ckanapi to parse (parsing every page twice would cost
    time and memory); only answers without `success` (data.go.id) are parsed and rewrapped.
    """
    if looks_like_html(body):
        raise HarvestError(
            "Portal mengirim halaman HTML, bukan JSON CKAN (alamat API salah, atau portal "
            "sedang gangguan/meminta login)."
        )
    if not body.rstrip().endswith((b"}", b"]")):
        raise HarvestError("Jawaban CKAN bukan JSON yang utuh (terpotong di tengah jalan).")
    check_harvested_depth(body, "Portal CKAN")
    if b'"success"' in body[:200]:
        return body
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise HarvestError(f"Jawaban CKAN bukan JSON yang valid (terpotong?): {exc}") from exc
    if isinstance(data, dict) and "success" not in data and "result" in data:
        return json.dumps({"success": True, "result": data["result"]}).encode()
    return body


class CkanConfig(SourceConfig):
    page_size = Int(validate=validate.Range(1, DEFAULT_PAGE_SIZE, error="Antara {min} dan {max}."))
    organization = Str()  # only the datasets of this organization at the source
    api_key = Str(allow_none=True)  # for private portals; a secret, kept apart


class CkanHarvester(Harvester):
    type = "ckan"
    label = _l("CKAN portal (Action API)")
    config_schema = CkanConfig

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_size = int(self.config.get("page_size") or DEFAULT_PAGE_SIZE)
        self.marked_answers = 0  # answers in which some bytes did not decode as UTF-8
        self._listing: Listing | None = None
        if self.config.get("incremental") is False:
            self.since = None  # always a full run
        self.base = self.url.rstrip("/")
        for suffix in ("/api/3/action", "/api/3", "/api/action", "/api"):
            if self.base.endswith(suffix):
                self.base = self.base[: -len(suffix)]
                break

    def new_session(self) -> HarvestSession:
        return HarvestSession.from_settings(self.settings, rewrite=self._rewrite)

    def _rewrite(self, body: bytes) -> bytes:
        """Undecodable bytes marked (harvesters/decoding.py), then the CKAN envelope checks."""
        body, marked = decoding.mend(body)
        if marked:
            self.marked_answers += 1
        return _ckan_body(body)

    def remote(self) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(
            self.base,
            apikey=self.config.get("api_key") or None,
            user_agent=USER_AGENT,
            session=self.session,
        )

    def _fq(self, incremental: bool) -> str:
        parts = []
        if self.config.get("organization"):
            parts.append(f"organization:{self.config['organization']}")
        if incremental and self.since is not None:
            since = self.since.astimezone(UTC) - timedelta(seconds=INCREMENTAL_MARGIN_S)
            parts.append(f"metadata_modified:[{since.replace(tzinfo=None).isoformat()}Z TO *]")
        return " ".join(parts)

    def _search(
        self, api: ckanapi.RemoteCKAN, fq: str, rows: int | None = None, **extra: Any
    ) -> Iterator[Any]:
        """Pages of package_search results, in a stable order."""
        start = 0
        while True:
            params: dict[str, Any] = {
                "q": "*:*",
                "rows": rows or self.page_size,
                "start": start,
                "sort": "metadata_created asc, id asc",
                "include_private": bool(self.config.get("api_key")),
                **extra,
            }
            if fq:
                params["fq"] = fq
            try:
                answer = api.action.package_search(**params)
            except ckanapi.CKANAPIError as exc:
                raise HarvestError(
                    f"package_search gagal (jawaban bukan JSON CKAN yang valid): {str(exc)[:300]}"
                ) from exc
            answer = unwrap(answer)
            if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
                raise HarvestError("Jawaban package_search tidak berbentuk {count, results}.")
            # read before the caller gets the page: fetch() empties it as it goes
            got, count = len(answer["results"]), int(answer.get("count") or 0)
            yield answer
            start += got
            if not got or start >= count:
                return

    def _raw(self, pkg: dict[str, Any], marked: bool) -> RawRecord:
        record = RawRecord(str(pkg["id"]), pkg, f"{self.base}/dataset/{pkg.get('name')}")
        return decoding.screen(record) if marked else record

    def fetch(self) -> Iterator[RawRecord]:
        api = self.remote()
        if self.since is not None and len(self.retry_ids) > MAX_RETRIES:
            self.since = None  # fetching them one by one would cost more than a full run
        yielded: set[str] = set()  # of the retry ids only: memory must not grow with the source
        marks = self.marked_answers
        for answer in self._search(api, self._fq(incremental=True)):
            marked, marks = self.marked_answers != marks, self.marked_answers
            self.total = int(answer.get("count") or 0)
            # handed out one by one and dropped from the page, so a package's memory goes
            # once the pipeline is done with it, not when the whole page is
            results: list[Any] = answer.pop("results")
            results.reverse()
            while results:
                pkg = results.pop()
                if isinstance(pkg, dict) and pkg.get("id"):
                    if str(pkg["id"]) in self.retry_ids:
                        yielded.add(str(pkg["id"]))
                    yield self._raw(pkg, marked)
        if self.since is not None and self.retry_ids - yielded:
            yield from self._retry(api, self.retry_ids - yielded)

    def _retry(self, api: ckanapi.RemoteCKAN, wanted: set[str]) -> Iterator[RawRecord]:
        """Records that failed last time and that the source still lists, one package_show
        each: they are retried whatever their metadata_modified says."""
        self._listing = self._list_all(api)
        for rid in sorted(r for r in wanted if r in self._listing.ids):
            marks = self.marked_answers
            try:
                pkg = unwrap(api.action.package_show(id=rid))
            except (HarvestError, ckanapi.CKANAPIError) as exc:
                yield RawRecord(
                    rid,
                    {"id": rid},
                    error="Rekaman yang gagal pada panen sebelumnya tidak dapat diambil "
                    f"ulang (package_show): {str(exc)[:300]}",
                )
                continue
            if isinstance(pkg, dict) and str(pkg.get("id")) == rid:
                yield self._raw(pkg, self.marked_answers != marks)

    def list_ids(self) -> Listing | None:
        if self.since is None:
            return None  # fetch() read everything
        if self._listing is not None:
            return self._listing  # already listed to choose the records to retry
        return self._list_all(self.remote())

    def _list_all(self, api: ckanapi.RemoteCKAN) -> Listing:
        listing = Listing()
        # Ids are small: list them in pages as large as CKAN allows, whatever page_size is.
        rows = max(self.page_size, ID_PAGE_SIZE)
        for answer in self._search(api, self._fq(incremental=False), rows=rows, fl="id"):
            listing.ids.update(str(p["id"]) for p in answer["results"] if p.get("id"))
        listing.complete = True
        return listing

    def is_private(self, record: RawRecord) -> bool:
        """`private: true`: CKAN returns private datasets to an api_key; never published here."""
        pkg = unwrap(record.payload)
        return isinstance(pkg, dict) and pkg.get("private") in (True, "true", "True")

    def map(self, record: RawRecord) -> dict[str, Any]:
        pkg = unwrap(record.payload)
        return ckan_format.to_profile(pkg)
