"""Field types with Indonesian error messages (the interface's default language)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

M_REQUIRED = "Wajib diisi."
M_NULL = "Tidak boleh kosong (null)."
M_URL = "Bukan URL yang sah: hanya alamat lengkap http:// atau https:// yang diterima."
M_INVISIBLE = "Harus memuat setidaknya satu karakter yang terlihat (huruf, angka atau tanda)."

# The only schemes a stored link may have: anything else (javascript:, data:, vbscript:, file:)
# is refused on input and never emitted on output (templates, JSON-LD, CKAN, API).
SAFE_URL_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(i) for i in range(0x21))
# Categories that draw nothing on their own: controls, format characters (zero-width, bidi
# overrides), separators, lone combining marks, surrogates, private use and unassigned.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cs", "Co", "Cn"})
# Letters by category that render as blank (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def safe_url(value: Any, *, mailto: bool = False) -> str | None:
    """`value` if a browser would open it as an http(s) link (or a mailto: one when `mailto`),
    else None.

    The scheme is read the way browsers read it (WHATWG URL): C0 controls and spaces around
    the value are ignored and tabs and newlines anywhere are removed, so "java\tscript:" or
    " javascript:" are recognised for what they are. Relative URLs are not links to a stored
    resource and are refused too. The cleaned value (what the browser would have used) is
    returned.
    """
    if not isinstance(value, str):
        return None
    text = _TAB_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme = match[1].lower()
    if scheme in SAFE_URL_SCHEMES:
        # an authority with a host must follow: http://host...
        return text if re.match(r"[/\\]{2}[^/\\?#\s]", text[match.end() :]) else None
    if mailto and scheme == "mailto" and len(text) > len("mailto:"):
        return text
    return None


def strip_format_characters(text: str) -> str:
    """`text` without Unicode format characters (category Cf: zero-width spaces and joiners,
    bidi embeddings and overrides, soft hyphens, the BOM)."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def has_visible_character(text: str) -> bool:
    return any(
        unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _BLANK_LETTERS
        for ch in text
    )


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as field paths: {"resources.0.url": [message]}."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            out.update(flatten_messages(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or "_schema"] = list(messages)
    elif isinstance(messages, list):
        for i, value in enumerate(messages):
            out.update(flatten_messages(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or "_schema"] = [str(messages)]
    return out


def field_messages(**own: str) -> dict[str, Any]:
    """A field's error messages: "required" and "null" as every field says them, then its own."""
    return {"required": M_REQUIRED, "null": M_NULL, **own}


class BaseSchema(Schema):
    """Schema base: unknown fields are refused, with an Indonesian message."""

    error_messages = {"unknown": "Kolom tidak dikenal.", "type": "Jenis data tidak sah."}


class OneOfNow(validate.Validator):
    """Like marshmallow's OneOf, over choices read at each use: when a value is checked and
    when the OpenAPI document is built (apispec reads `choices` for the enum). For a list
    that grows after import, such as the harvester registry."""

    def __init__(self, choices: Callable[[], Iterable[Any]]) -> None:
        self._choices = choices

    @property
    def choices(self) -> tuple[Any, ...]:
        return tuple(self._choices())

    def __call__(self, value: Any) -> Any:
        choices = self.choices
        if value not in choices:
            raise ValidationError("Pilihan: " + ", ".join(map(str, choices)) + ".")
        return value


class Str(fields.String):
    default_error_messages = field_messages(
        invalid="Harus berupa teks.", invalid_utf8="Bukan teks UTF-8 yang sah."
    )

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        # Strip surrounding blanks and control characters that break JSON/XML exports.
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", result).strip()


class Line(Str):
    """Single-line text shown as a label (titles, names, tags): format characters are removed
    and what remains must show something, or the field is refused."""

    default_error_messages = {**Str.default_error_messages, "invisible": M_INVISIBLE}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        cleaned = strip_format_characters(result).strip()
        if result and not has_visible_character(cleaned):
            raise self.make_error("invisible")
        return cleaned


class Int(fields.Integer):
    default_error_messages = field_messages(
        invalid="Harus berupa bilangan bulat.", too_large="Angka terlalu besar."
    )

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strict", True)
        super().__init__(**kwargs)

    def _validated(self, value: Any) -> int:
        number = super()._validated(value)
        # Beyond 64 bits no database column holds it (a harvested payload is not checked by
        # the JSON body guard of catalog.jsonio).
        if not -(2**63) <= number < 2**63:
            raise self.make_error("too_large")
        return number


class Bool(fields.Boolean):
    default_error_messages = field_messages(invalid="Harus berupa true atau false.")


class Date(fields.Date):
    default_error_messages = field_messages(
        invalid="Bukan tanggal yang sah (format TTTT-BB-HH).",
        format='"{input}" tidak dapat diformat sebagai tanggal.',
    )


class DateTime(fields.DateTime):
    default_error_messages = field_messages(
        invalid="Bukan waktu yang sah (ISO 8601).",
        invalid_awareness="Waktu harus menyertakan zona waktu.",
        format='"{input}" tidak dapat diformat sebagai waktu.',
    )


class Email(fields.Email):
    default_error_messages = field_messages(invalid="Bukan alamat surel yang sah.")


class Url(fields.Url):
    """An absolute http(s) URL: the one field type of every URL-valued field.

    Loading refuses other schemes; dumping never emits one either (a value stored before this
    check, or written around it, comes out as null, or "" where the field is not nullable).
    """

    default_error_messages = field_messages(invalid=M_URL)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("schemes", SAFE_URL_SCHEMES)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        if safe_url(result) != result:
            raise self.make_error("invalid")
        return result

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return safe_url(value) or (None if self.allow_none else "")


def url_errors(value: Any) -> list[str]:
    """The messages Url gives `value` (none when it is an acceptable URL)."""
    try:
        Url().deserialize(value)
    except ValidationError as exc:
        return [str(m) for m in exc.messages] if isinstance(exc.messages, list) else [M_URL]
    return []


class List(fields.List):
    default_error_messages = field_messages(invalid="Harus berupa daftar.")


class Nested(fields.Nested):
    default_error_messages = field_messages(type="Harus berupa objek.")


class Dict(fields.Dict):
    default_error_messages = field_messages(invalid="Harus berupa objek.")


class JsonOrCsvArgs(BaseSchema):
    """?format=json (the default) or csv: a table the API answers as either."""

    format = Str(load_default="json", validate=validate.OneOf(("json", "csv"), error="json|csv"))
