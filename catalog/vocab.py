"""Controlled vocabularies and the regency's region codes, kept as data in catalog/data/."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent: str | None


@cache
def _vocabularies() -> dict[str, Any]:
    with open(DATA / "vocabularies.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    with open(DATA / "topics.json", encoding="utf-8") as fh:
        data["topics"] = json.load(fh)
    return data


def terms(name: str) -> list[dict[str, Any]]:
    """The entries of one vocabulary (topics, frequencies, activity_types, licenses, ...)."""
    return list(_vocabularies()[name])


@cache
def codes(name: str) -> frozenset[str]:
    return frozenset(t["code"] for t in _vocabularies()[name])


def label(name: str, code: str | None, locale: str = "id") -> str:
    """The display name of a code in a vocabulary, or the code itself when unknown."""
    if not code:
        return ""
    for term in _vocabularies()[name]:
        if term["code"] == code:
            return str(term.get(locale) or term["id"])
    return code


def formats() -> list[str]:
    return list(_vocabularies()["formats"])


def match_key(value: object) -> str:
    """How vocabulary values are compared: no case, blanks collapsed, no leading dot (".csv"),
    no URL scheme or trailing slash (http and https spellings of one license URL are one)."""
    text = re.sub(r"\s+", " ", str(value)).strip().casefold()
    text = re.sub(r"^https?://(www\.)?", "", text).rstrip("/")
    return text.removeprefix(".")


@cache
def _matches(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    if name == "formats":
        for fmt in formats():
            table[match_key(fmt)] = fmt
    else:
        for term in _vocabularies()[name]:
            for key in ("id", "en", "dcat", "url", "code"):
                if term.get(key):
                    table[match_key(term[key])] = term["code"]
    synonyms = _vocabularies().get("synonyms", {}).get(name, {})
    for other, code in synonyms.items():
        table[match_key(other)] = code
    return table


def lookup(name: str, value: object) -> str | None:
    """The code of `value` in vocabulary `name` (a code, label, URI or synonym kept in
    data/vocabularies.json, compared by match_key), or None when nothing matches."""
    if value is None or str(value).strip() == "":
        return None
    return _matches(name).get(match_key(value))


@cache
def regions() -> dict[str, Region]:
    """Kemendagri codes of the regency, its kecamatan and desa/kelurahan (and the province)."""
    out: dict[str, Region] = {}
    with open(DATA / "wilayah_3603.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["kode"]] = Region(
                row["kode"], row["nama"], row["tingkat"], row["induk"] or None
            )
    return out


def region_title(region: Region) -> str:
    """The region's name with its level (`region_levels`, the reference data's `tingkat`, in
    Indonesian): "Kecamatan Balaraja", "Desa Sentul"; a name that says its level already is
    kept ("Kabupaten Tangerang")."""
    level = label("region_levels", region.level)
    if region.name.casefold().startswith(level.casefold() + " "):
        return region.name
    return f"{level} {region.name}"


def region_level(code: str) -> str | None:
    """kabupaten, kecamatan or desa for a known code (kelurahan counts as desa level)."""
    region = regions().get(code)
    if region is None:
        return None
    return "desa" if region.level in {"desa", "kelurahan"} else region.level


def kecamatan_of(code: str) -> str | None:
    """The kecamatan code a region code lies in (itself for a kecamatan)."""
    region = regions().get(code)
    while region is not None and region.level not in {"kecamatan"}:
        region = regions().get(region.parent or "")
    return region.code if region else None
