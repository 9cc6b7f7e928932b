"""Search results as a table: one row per dataset, as CSV (streamed) or XLSX.

Columns: title, agency, topics, period (the years covered), coverage (the kode wilayah, a
desa's kecamatan too), formats, BPS recommendation status and the dataset page's address
(docs/interop.md). Rows come from batches of search documents
(catalog/services/result_export.py), so neither writer holds the whole result set.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from catalog import csvtext, vocab
from catalog.exports.site import page_uri
from catalog.formats.dcat import STATUS_LABELS

HEADER = (
    "Judul",
    "Instansi",
    "Topik",
    "Periode (tahun)",
    "Cakupan wilayah",
    "Format",
    "Status rekomendasi BPS",
    "URL",
)
NOT_ASKED = "Belum diajukan"
SEP = "; "
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row(document: dict[str, Any], base_url: str) -> list[str]:
    """One dataset (its search document) as the table's cells (plain text)."""
    years = document.get("years") or []
    period = "" if not years else years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
    regions = vocab.regions()
    places = [
        f"{regions[c].name} ({c})" if c in regions else c for c in document.get("regions") or []
    ]
    status = STATUS_LABELS.get(document.get("recommendation") or "none", (NOT_ASKED,))[0]
    cells = [
        document.get("title") or "",
        document.get("organization_title") or "",
        SEP.join(sorted(vocab.label("topics", c, "id") for c in document.get("topics") or [])),
        period,
        SEP.join(places),
        SEP.join(document.get("formats") or []),
        status,
        page_uri(base_url, "dataset", str(document.get("slug"))),
    ]
    return [csvtext.cell(c) for c in cells]


def rows(batches: Iterable[list[dict[str, Any]]], base_url: str) -> Iterator[list[list[str]]]:
    for batch in batches:
        yield [row(document, base_url) for document in batch]


def csv_stream(batches: Iterable[list[dict[str, Any]]], base_url: str) -> Iterator[bytes]:
    """UTF-8 CSV with a byte order mark (spreadsheets then read it as UTF-8), one chunk per
    batch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    for chunk in rows(batches, base_url):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        yield buffer.getvalue().encode("utf-8")


def xlsx_file(batches: Iterable[list[dict[str, Any]]], base_url: str) -> IO[bytes]:
    """An XLSX workbook (openpyxl in write-only mode: rows go to disk as they come) in a
    temporary file, rewound; the caller streams and closes it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dataset")
    sheet.append(list(HEADER))
    for chunk in rows(batches, base_url):
        for cells in chunk:
            sheet.append(cells)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; file_chunks closes it
    try:
        workbook.save(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def file_chunks(handle: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(size):
            yield chunk
