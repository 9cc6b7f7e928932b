"""`spreadsheet`: a CSV or XLSX "daftar data", one row per dataset, columns by header mapping.

Defaults follow how agencies name their columns: judul, deskripsi, produsen, tahun,
frekuensi, tautan (and optionally id, tag, satuan, format). Source config `columns`
maps profile keys to other header names.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validate

from catalog.formats import spreadsheet
from catalog.services.datasets import slugify
from harvesters import decoding
from harvesters.base import Harvester, RawRecord, SourceConfig
from harvesters.http import HarvestError, looks_like_html
from schemas.fields import Dict, Str

DEFAULT_COLUMNS = spreadsheet.COLUMNS  # the mapping: catalog/formats/spreadsheet.py


def decode_text(body: bytes, charset: str | None = None) -> tuple[str, bool]:
    """The text of a CSV, and whether some of its bytes did not decode.

    A declared charset other than UTF-8 (Content-Type, or the source's `encoding`) is used
    as declared. Otherwise UTF-8 (with or without BOM), except a file without a single
    valid UTF-8 multi-byte sequence, which is Windows-1252 as Excel writes it. Bytes that
    still do not decode are marked (harvesters/decoding.py): only their rows are refused.
    """
    if decoding.codec_name(charset) != "utf-8":
        return decoding.decode(body, charset)
    text, marked = decoding.decode(body)
    if marked and not any(ord(c) > 0x7F and not decoding.is_marked(c) for c in text):
        return decoding.decode(body, "cp1252")
    return text, marked


def read_csv(body: bytes, charset: str | None = None) -> tuple[list[dict[str, str]], bool]:
    """The rows of a CSV, and whether some bytes did not decode (see decode_text)."""
    text, marked = decode_text(body, charset)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = [dict(row) for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]
    return rows, marked


def read_xlsx(body: bytes) -> list[dict[str, str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:
        raise HarvestError(f"Berkas XLSX tidak dapat dibaca: {exc}") from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    out = []
    for row in rows:
        if row and any(v not in (None, "") for v in row):
            out.append({h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)})
    book.close()
    return out


def _known_charset(name: str) -> None:
    try:
        codecs.lookup(name)
    except LookupError as exc:
        raise ValidationError("Pengodean teks tidak dikenal (mis. utf-8, windows-1252).") from exc


class SpreadsheetConfig(SourceConfig):
    # profile key -> header name, over DEFAULT_COLUMNS
    columns = Dict(
        keys=Str(
            validate=validate.OneOf(
                list(DEFAULT_COLUMNS), error="Pilihan: " + ", ".join(DEFAULT_COLUMNS) + "."
            )
        ),
        values=Str(validate=validate.Length(min=1, error="Wajib diisi.")),
    )
    # the charset of a CSV, over what the server declares (e.g. windows-1252)
    encoding = Str(validate=_known_charset)


class SpreadsheetHarvester(Harvester):
    type = "spreadsheet"
    label = _l("Spreadsheet list (CSV/XLSX)")
    config_schema = SpreadsheetConfig

    def columns(self) -> dict[str, str]:
        return {**DEFAULT_COLUMNS, **(self.config.get("columns") or {})}

    def fetch(self) -> Iterator[RawRecord]:
        response = self.get_document(self.url)
        if response is None:
            return  # unchanged since the last complete run
        body = response.content
        marked = False
        if body[:2] == b"PK" or self.url.lower().endswith(".xlsx"):
            rows = read_xlsx(body)
        else:
            if looks_like_html(body):
                raise HarvestError(f"{self.url} mengirim halaman HTML, bukan CSV/XLSX.")
            charset = self.config.get("encoding") or decoding.charset_of(
                response.headers.get("Content-Type")
            )
            rows, marked = read_csv(body, charset)
        columns = self.columns()
        self.total = len(rows)
        for n, row in enumerate(rows, start=2):
            fields = spreadsheet.row_fields(row, columns)
            if not fields["title"]:
                continue
            basis = fields["id"] or f"{fields['title']} {fields['year']}"
            rid = fields["id"] or slugify(basis)
            record = RawRecord(rid, {"row": n, **fields}, fields["url"] or None)
            yield decoding.screen(record, id_basis=basis) if marked else record

    def map(self, record: RawRecord) -> dict[str, Any]:
        return spreadsheet.to_profile(record.payload)
