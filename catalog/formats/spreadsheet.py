"""The spreadsheet "daftar data", one row per dataset, both ways: a row of a CSV/XLSX list in
(the `spreadsheet` harvester) and a dataset as such a row out (downloads of dataset lists).

Columns have a key (the source config's `columns` maps keys to other header names) and the
header agencies usually give them. Rows out carry every column; the harvester reads those in
`COLUMNS`, the ones after it (`EXPORT_COLUMNS`) are written for people only.

Public names other modules use: COLUMNS, EXPORT_COLUMNS, HEADER, from_dataset, row_fields,
to_profile.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog import vocab
from catalog.formats.table import Term, read, term, write
from catalog.formats.values import or_none, parse_date_loose, public_activity
from catalog.models.recommendation import summary as recommendation_summary

# key -> the header agencies usually give the column (what the harvester reads)
COLUMNS: dict[str, str] = {
    "id": "id",
    "title": "judul",
    "description": "deskripsi",
    "producer": "produsen",
    "year": "tahun",
    "frequency": "frekuensi",
    "url": "tautan",
    "tags": "tag",
    "unit": "satuan",
    "format": "format",
    # the statistical activity that produced the data (links a harvested row to it)
    "activity_code": "kode kegiatan",
}
# key -> header of the columns written for people (the harvester does not read them)
EXPORT_COLUMNS: dict[str, str] = {
    "topics": "topik",
    "spatial": "wilayah",
    "recommendation": "status rekomendasi",
    "page": "halaman",
}
# The headers of a row out, in order.
HEADER: tuple[str, ...] = (*COLUMNS.values(), *EXPORT_COLUMNS.values())


def _frequency(value: Any) -> str | None:
    raw = str(value or "")
    text = raw.strip().lower().replace(" ", "-")
    if not text:
        return None
    if text in vocab.codes("frequencies"):
        return text
    for t in vocab.terms("frequencies"):
        if text in {str(t.get("id", "")).lower().replace(" ", "-"), str(t.get("en", "")).lower()}:
            return str(t["code"])
    return raw  # refused by the profile with a field message


def _period(ds: Any, _ctx: Any) -> str | None:
    """A calendar year as the year ("2023"), another period as its ISO interval."""
    start, end = ds.temporal_start, ds.temporal_end
    if not start or not end:
        return None
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}/{end.isoformat()}"


def _period_back(end: bool) -> Any:
    def back(fields: Mapping[str, Any]) -> str | None:
        year = str(fields.get("year") or "").strip()
        if year.endswith(".0"):
            year = year[:-2]  # a year typed as a number in Excel
        if not year:
            return None
        if re.fullmatch(r"\d{4}", year):
            return f"{year}-12-31" if end else f"{year}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", year):
            return parse_date_loose(year.split("/")[end], end=end)
        return year  # refused by the profile with a field message

    return back


def _resources_back(fields: Mapping[str, Any]) -> list[dict[str, Any]]:
    url = fields.get("url")
    if not url:
        return []
    name = url.rstrip("/").rsplit("/", 1)[-1] or fields["title"]
    listed = str(fields.get("format") or "").split(",")[0].strip()  # the link's: the first
    fmt = listed or (name.rsplit(".", 1)[-1] if "." in name else None)
    return [{"name": name[:500], "url": url, "format": fmt}]


def _formats(resources: Any) -> str | None:
    return ", ".join(dict.fromkeys(r.format for r in resources if r.format)) or None


def _first_url(resources: Any) -> str | None:
    return resources[0].url if resources else None


def _extras_back(fields: Mapping[str, Any]) -> dict[str, str]:
    extras = {"produsen": fields["producer"]} if fields.get("producer") else {}
    if fields.get("activity_code"):
        extras["kode_kegiatan"] = str(fields["activity_code"])[:200]
    return extras


def _activity_code(ds: Any, _ctx: Any) -> str | None:
    activity = public_activity(ds)
    return activity.code if activity is not None else None


def _topic(code: str) -> str:
    return vocab.label("topics", code)


def _status(ds: Any, _ctx: Any) -> str:
    return str(recommendation_summary(ds)["status"])


TABLE: tuple[Term, ...] = (
    term("slug", "id", back=None),  # the row's id names the harvest record
    term("title", "title", back=lambda v: v),
    term("description", "description", back=lambda v: v or ""),
    term("organization", "producer", lambda org: org.title, None),
    Term("temporal_start", "year", _period, _period_back(False)),
    Term("temporal_end", "year", _period, _period_back(True)),
    term("frequency", "frequency", back=_frequency),
    term("resources", "url", _first_url, None),
    term("resources", "format", _formats, None),
    Term("resources", "url", None, _resources_back),
    term(
        "tags",
        "tags",
        lambda names: ", ".join(names) or None,  # a tag with a comma comes back as two
        lambda v: [t for t in re.split(r"[,;]", v or "") if t.strip()],
    ),
    term("unit", "unit", back=or_none),
    Term("extras", "producer", None, _extras_back),
    # read back as the extra kode_kegiatan (see `extras`)
    Term("activity", "activity_code", _activity_code, None),
    term(
        "topics", "topics", lambda codes: ", ".join(vocab.label("topics", c) for c in codes), None
    ),
    term("spatial", "spatial", lambda codes: ", ".join(codes), None),
    Term("recommendation", "recommendation", _status, None),
    Term("page", "page", lambda _ds, page_url: page_url, None),
)
# What does not come back as it went out (tests/test_formats_roundtrip.py, docs/interop.md).
NOT_CARRIED: dict[str, str] = {
    "slug": "the row's id names the harvest record; the slug is made from the title",
    "organization": "kept as the extra `produsen`: the source's agency owns the rows",
    "resources": "one link (the first resource's) and its format; the name comes from the link",
    "topics": "written for people (names); not read",
    "spatial": "written for people; not read",
    "spatial_level": "not written",
    "spatial_geometry": "not written",
    "license": "not written",
    "access_level": "not written",
    "activity_type": "not written",
    "methodology": "not written",
    "contact_name": "not written",
    "contact_email": "not written",
    "identifier": "not written",
    "landing_page": "not written",
    "version_label": "not written",
    "issued": "not written",
    "modified": "not written",
    "variables": "not written",
    "extras": "not written; the producer and the kode kegiatan come in as `produsen` and "
    "`kode_kegiatan`",
}
HEADERS = {**COLUMNS, **EXPORT_COLUMNS}


def row_fields(row: Mapping[Any, Any], columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """A row (header -> text) by column key; `columns` maps keys to other header names.
    Headers are compared without case or surrounding spaces."""
    headers = {**COLUMNS, **(columns or {})}
    clean = {str(k).strip().lower(): str(v or "").strip() for k, v in row.items() if k}
    return {key: clean.get(header.strip().lower(), "") for key, header in headers.items()}


def to_profile(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A row's fields (row_fields) as profile input."""
    return read(TABLE, fields)


def from_dataset(dataset: Any, page_url: str) -> dict[str, str]:
    """A dataset as a row: header -> text, every column of HEADER (empty when unknown)."""
    values = write(TABLE, dataset, page_url)
    return {header: str(values.get(key) or "") for key, header in HEADERS.items()}
