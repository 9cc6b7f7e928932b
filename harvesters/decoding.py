"""Strict decoding of harvested text: a byte that does not decode is marked, never replaced.

A source page (CKAN JSON, data.json, DCAT RDF, CSV) is decoded in its declared charset
(UTF-8 when it declares none). When some bytes are not valid there, the page is neither
refused whole nor decoded with replacement characters (U+FFFD, which would be stored and
overwrite good metadata): each undecodable byte becomes a *marker*, a code point of the
supplementary private use area (U+10FC00 + the byte), the page is parsed as usual, and
every record whose text carries a marker becomes an error record that keeps its original
bytes. The other records of the page are stored as usual.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from harvesters.base import RawRecord

MARK_BASE = 0x10FC00
# surrogateescape gives U+DC00 + byte for an undecodable byte; the markers survive every
# parser (JSON, XML, Turtle) and every UTF-8 encoder, which lone surrogates do not.
_TO_MARK = {0xDC00 + b: MARK_BASE + b for b in range(0x100)}
_FROM_MARK = {MARK_BASE + b: 0xDC00 + b for b in range(0x100)}
_MARKS = re.compile("[\U0010fc00-\U0010fcff]")
MAX_RAW_BYTES = 64 * 1024  # what an undecodable record keeps of its raw bytes
SNIPPET_BYTES = 60
ID_UNREADABLE = (
    "Id rekaman tidak dapat dibaca; dataset yang diwakilinya tidak diketahui, jadi panen ini "
    "tidak menarik dataset apa pun."
)
_XML_DECL = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def xml_encoding(body: bytes) -> str | None:
    """The encoding named in an XML declaration at the start of `body`, if any."""
    found = _XML_DECL.match(body[:200])
    return found.group(1).decode("ascii") if found else None


def codec_name(charset: str | None) -> str:
    """Python's codec name for a declared charset; UTF-8 when none or unknown."""
    if not charset:
        return "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "utf-8"


def decode(body: bytes, charset: str | None = None) -> tuple[str, bool]:
    """The text of `body` in `charset` (UTF-8 by default, BOM dropped); True if marked."""
    name = codec_name(charset)
    if name == "utf-8":
        name = "utf-8-sig"
    try:
        return body.decode(name), False
    except UnicodeDecodeError:
        return body.decode(name, "surrogateescape").translate(_TO_MARK), True


def mend(body: bytes, charset: str | None = None) -> tuple[bytes, bool]:
    """`body` as valid UTF-8 for parsers that read bytes; True when bytes were marked.

    A valid UTF-8 body is returned as it is (no copy); another declared charset is
    re-encoded as UTF-8.
    """
    name = codec_name(charset)
    if name == "utf-8":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return body, False
    text, marked = decode(body, charset)
    return text.encode("utf-8"), marked


def restore(text: str) -> bytes:
    """UTF-8 bytes of `text` with every marker turned back into the byte it stands for."""
    return text.translate(_FROM_MARK).encode("utf-8", "surrogateescape")


def is_marked(text: str) -> bool:
    return _MARKS.search(text) is not None


def marked_fields(value: Any, path: str = "") -> dict[str, list[str]]:
    """{field path: [message]} for every string in `value` that carries a marker."""
    out: dict[str, list[str]] = {}
    if isinstance(value, str):
        found = _MARKS.search(value)
        if found is not None:
            raw = restore(value)
            at = len(restore(value[: found.start()]))
            start = max(0, at - SNIPPET_BYTES // 2)
            snippet = repr(raw[start : start + SNIPPET_BYTES])
            out[path or "_"] = [f"Byte tidak valid dalam charset sumber: {snippet}"]
    elif isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            if is_marked(key_text):
                out.update(marked_fields(key_text, f"{path}{key_text}"))
            out.update(marked_fields(item, f"{path}.{key_text}" if path else key_text))
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            out.update(marked_fields(item, f"{path}.{n}" if path else str(n)))
    return out


def raw_bytes(payload: Any, limit: int = MAX_RAW_BYTES) -> tuple[bytes, bool]:
    """The record as JSON with its undecodable bytes as received, cut at `limit`; True if cut."""
    if isinstance(payload, bytes):
        blob = payload
    elif isinstance(payload, str):
        blob = restore(payload)
    else:
        blob = restore(json.dumps(payload, ensure_ascii=False, default=str))
    return blob[:limit], len(blob) > limit


def readable(text: str) -> str:
    """`text` with markers written as \\xNN (for ids and messages)."""
    return _MARKS.sub(lambda m: f"\\x{ord(m.group()) - MARK_BASE:02x}", text)


def screen(record: RawRecord, id_basis: str | None = None) -> RawRecord:
    """`record`, or an error record keeping its raw bytes when its text carries markers.

    When the record's id itself (or `id_basis`, the text it was derived from) did not
    decode, errors carry `remote_id`: the pipeline then cannot trust the listing to
    withdraw anything (the stored dataset this record stands for is unknown).
    """
    fields = marked_fields(record.payload)
    if is_marked(record.remote_id) or (id_basis is not None and is_marked(id_basis)):
        fields["remote_id"] = [ID_UNREADABLE]
    if not fields:
        return record
    blob, cut = raw_bytes(record.payload)
    names = ", ".join(sorted(fields)[:10])
    message = (
        "Teks rekaman tidak dapat dibaca: ada byte yang tidak valid dalam charset sumber "
        f"(UTF-8 bila sumber tidak menyatakannya) di: {names}. "
        "Rekaman tidak disimpan; dataset yang sudah ada tidak diubah. Byte mentahnya "
        "disimpan di log rekaman" + (f" (dipotong pada {MAX_RAW_BYTES} byte)." if cut else ".")
    )
    return RawRecord(
        readable(record.remote_id),
        blob,
        readable(record.remote_url) if record.remote_url else None,
        error=message,
        errors=fields,
    )
