"""Field types with Indonesian error messages (the interface's default language)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields

M_REQUIRED = "Wajib diisi."
M_NULL = "Tidak boleh kosong (null)."


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


class BaseSchema(Schema):
    """Schema base: unknown fields are refused, with an Indonesian message."""

    error_messages = {"unknown": "Kolom tidak dikenal.", "type": "Jenis data tidak sah."}


class Str(fields.String):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Harus berupa teks.",
        "invalid_utf8": "Bukan teks UTF-8 yang sah.",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        # Strip surrounding blanks and control characters that break JSON/XML exports.
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", result).strip()


class Int(fields.Integer):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Harus berupa bilangan bulat.",
        "too_large": "Angka terlalu besar.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strict", True)
        super().__init__(**kwargs)


class Bool(fields.Boolean):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Harus berupa true atau false.",
    }


class Date(fields.Date):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Bukan tanggal yang sah (format TTTT-BB-HH).",
        "format": '"{input}" tidak dapat diformat sebagai tanggal.',
    }


class DateTime(fields.DateTime):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Bukan waktu yang sah (ISO 8601).",
        "invalid_awareness": "Waktu harus menyertakan zona waktu.",
        "format": '"{input}" tidak dapat diformat sebagai waktu.',
    }


class Email(fields.Email):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Bukan alamat surel yang sah.",
    }


class Url(fields.Url):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Bukan URL yang sah.",
    }


class List(fields.List):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Harus berupa daftar.",
    }


class Nested(fields.Nested):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "type": "Harus berupa objek.",
    }


class Dict(fields.Dict):
    default_error_messages = {
        "required": M_REQUIRED,
        "null": M_NULL,
        "invalid": "Harus berupa objek.",
    }
