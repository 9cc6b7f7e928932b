"""Values the format modules share: loose dates and times as publishers write them, a
`spatial` value split into kode wilayah and a geometry or place, and a licence's URL."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from catalog import vocab

# A kode wilayah as written: 36, 36.03, 36.03.05, 36.03.05.2001, or without dots.
REGION_CODE_RE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?|\d{4}|\d{6}|\d{10}")
WKT_RE = re.compile(
    r"(SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|"
    r"GEOMETRYCOLLECTION|ENVELOPE)\s*(Z|M|ZM)?\s*\(",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"[-+]?\d+(\.\d+)?")
BULAN = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "sep": 9, "okt": 10, "nov": 11, "des": 12,
}  # fmt: skip


def parse_date_loose(value: Any, *, end: bool = False) -> str | None:
    """Read '2023', '2023-05', '2023-05-17', '17/05/2023' or '17 Mei 2023' as an ISO date.

    A bare year or month means its first day, or its last day when `end` is set.
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    if m := re.fullmatch(r"(\d{4})", text):
        return f"{m[1]}-12-31" if end else f"{m[1]}-01-01"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(m[1]), int(m[2])
        if end:
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1).isoformat()
        return f"{year:04d}-{month:02d}-01"
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return f"{m[1]}-{m[2]}-{m[3]}"
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text):
        named = BULAN.get(m[2])
        if named:
            return f"{m[3]}-{named:02d}-{int(m[1]):02d}"
    return text  # left for the profile to refuse with a clear message


def timestamp(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+", text):
        return text + "+00:00"  # CKAN writes naive UTC timestamps
    iso = parse_date_loose(text)
    if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso + "T00:00:00+00:00"
    return text


def split_spatial(value: str) -> tuple[list[str], str | None]:
    """A `spatial` value as (region codes, geometry or place text).

    Region codes are taken only from values that look like codes; GeoJSON (what
    ckanext-spatial and data.go.id put there), WKT, a bounding box of four numbers and place
    names are a geometry, kept as written.
    """
    text = value.strip()
    if not text:
        return [], None
    if text[0] in "{[":
        try:
            parsed = json.loads(text)
        except ValueError:
            return [], text
        if isinstance(parsed, list) and all(isinstance(v, str) for v in parsed):
            codes, places = _codes_and_places(parsed)
            return codes, ", ".join(places) or None
        return [], text  # GeoJSON, or a bbox / coordinate list
    if WKT_RE.match(text):
        return [], text
    numbers = re.split(r"[,;\s]+", text)
    bbox = len(numbers) == 4 and all(NUMBER_RE.fullmatch(n) for n in numbers)
    if bbox and not all(REGION_CODE_RE.fullmatch(n) for n in numbers):
        return [], text  # a bounding box: west, south, east, north
    codes, places = _codes_and_places(re.split(r"[,;]", text))
    return codes, ", ".join(places) or None


def _codes_and_places(pieces: list[str]) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    places: list[str] = []
    for piece in (p.strip() for p in pieces):
        words = piece.split()
        if words and all(REGION_CODE_RE.fullmatch(w) for w in words):
            codes.extend(words)
        elif piece:
            places.append(piece)
    return codes, places


def or_none(value: Any) -> Any:
    """An empty value (None, "", [], {}) as None: left out."""
    return value or None


def text(value: Any) -> str | None:
    """A value as stripped text, or None when empty."""
    return str(value or "").strip() or None


def license_url(code: str | None) -> str | None:
    """The URL of one of our licences (what POD and schema.org name a licence by)."""
    return next((t.get("url") for t in vocab.terms("licenses") if t["code"] == code), None)


def public_activity(dataset: Any) -> Any:
    """The statistical activity that produced the dataset when the public may read it (a
    draft's identity is for its agency and BPS staff only; the exports answer everyone
    alike), else None."""
    activity = getattr(dataset, "activity", None)
    return activity if activity is not None and activity.state == "published" else None
