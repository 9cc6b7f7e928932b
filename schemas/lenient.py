"""Harvested records in: liberal in what is accepted, strict in what is stored.

Every harvester maps its format to a profile dict with the values as the publisher wrote
them. `tolerate` then maps the vocabulary fields through catalog/data/vocabularies.json
(codes, labels, URIs and synonyms, without case), and `load` validates with the profile,
dropping what the profile refuses instead of the whole record. Both report warnings
(field, original value, what was stored) for the harvest record. Only a record without a
usable title is refused: the catalog cannot show a dataset without one.
"""

from __future__ import annotations

import json
from typing import Any

from marshmallow import Schema, ValidationError

from catalog import vocab
from schemas.fields import flatten_messages

# profile field -> vocabulary
VOCABULARY_FIELDS = {
    "frequency": "frequencies",
    "license": "licenses",
    "activity_type": "activity_types",
    "access_level": "access_levels",
    "spatial_level": "spatial_levels",
}
# what a record cannot be stored without
REQUIRED = ("title",)
MAX_ORIGINAL = 500  # characters of an original value quoted in a warning
MAX_EXTRA = 10000  # the profile's limit on an extra's value
RESOURCE_OPTIONAL = ("format", "media_type", "size", "description")
# Links refused by the profile (javascript:, data:...) are not kept as <field>_original either:
# extras are served by every API (issue 11, item 1). The warning still quotes them.
URL_FIELDS = frozenset({"identifier", "landing_page"})
MAX_ROUNDS = 3


class Refused(Exception):
    """The record lacks what the catalog cannot do without; `errors` are field messages."""

    def __init__(self, message: str, errors: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_ORIGINAL else text[: MAX_ORIGINAL - 1] + "…"


def warning(field: str, original: Any, stored: Any, message: str) -> dict[str, Any]:
    return {
        "field": field,
        "original": _short(original),
        "stored": None if stored is None else _short(stored),
        "message": message,
    }


def shown_format(fmt: str) -> str:
    """A format as shown: written in one case, in capitals as portals show them ("csv",
    ".xlsx" -> CSV, XLSX); a deliberately mixed spelling is the publisher's ("GeoJSON")."""
    text = fmt.strip().lstrip(".")
    return text.upper() if text in (text.lower(), text.upper()) else text


def resource_name(fmt: Any, position: int) -> str:
    """The name of an unnamed resource: by format and 1-based position ("Berkas CSV 1")."""
    label = shown_format(str(fmt or ""))
    return f"Berkas {label} {position}" if label else f"Berkas {position}"


def _keep_original(extras: dict[str, Any], field: str, original: Any) -> None:
    text = original if isinstance(original, str) else json.dumps(original, ensure_ascii=False)
    extras[f"{field}_original"] = text[:MAX_EXTRA]


def tolerate(profile: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Map vocabulary values to codes; keep what matches nothing as <field>_original."""
    out = dict(profile)
    extras = dict(out.get("extras") or {})
    warnings: list[dict[str, Any]] = []
    for field, name in VOCABULARY_FIELDS.items():
        original = out.get(field)
        if original is None:
            continue
        if isinstance(original, str) and not original.strip():
            out.pop(field)
            continue
        code = vocab.lookup(name, original)
        if code is None:
            out.pop(field)
            _keep_original(extras, field, original)
            warnings.append(
                warning(
                    field,
                    original,
                    None,
                    f"Nilai tidak dikenal dalam kosakata; disimpan apa adanya di "
                    f"extras.{field}_original.",
                )
            )
            continue
        out[field] = code
        if field == "license" and str(original) != code:
            # The publisher's own license id is kept, even when it maps ("odc-pddl").
            extras["license_original"] = str(original)[:MAX_EXTRA]
    resources = []
    for i, resource in enumerate(out.get("resources") or []):
        if not isinstance(resource, dict):
            resources.append(resource)
            continue
        resource = dict(resource)
        fmt = resource.get("format")
        if isinstance(fmt, str) and fmt.strip():
            code = vocab.lookup("formats", fmt)
            spelled = fmt.strip().lstrip(".")
            if code is None:
                if len(spelled) > 30:
                    resource["format"] = None
                    warnings.append(
                        warning(
                            f"resources.{i}.format", fmt, None,
                            "Format tidak dikenal dan terlalu panjang; tidak disimpan.",
                        )
                    )  # fmt: skip
                else:
                    resource["format"] = spelled
                    warnings.append(
                        warning(
                            f"resources.{i}.format", fmt, spelled,
                            "Format tidak dikenal dalam kosakata; disimpan apa adanya.",
                        )
                    )  # fmt: skip
            elif vocab.match_key(spelled) == vocab.match_key(code):
                resource["format"] = spelled  # the publisher's spelling ("GeoJSON")
            else:
                resource["format"] = code  # another name of it ("text/csv" -> CSV)
        elif not fmt and resource.get("media_type"):
            resource["format"] = vocab.lookup("formats", resource["media_type"])
        if not str(resource.get("name") or "").strip():
            resource["name"] = resource_name(resource.get("format"), i + 1)
        resources.append(resource)
    if "resources" in out:
        out["resources"] = resources
    if extras or "extras" in out:
        out["extras"] = extras
    return out, warnings


def _drop(data: dict[str, Any], path: list[str], messages: list[str]) -> dict[str, Any] | None:
    """Remove the value at `path` from `data` (in place); the warning, or None if it cannot."""
    field = path[0]
    text = " ".join(messages)
    if field in REQUIRED or field == "organization" or field == "_schema":
        return None
    if field not in data:
        return None
    if field != "extras" and "extras" not in data:
        data["extras"] = {}
    extras = data["extras"] if isinstance(data.get("extras"), dict) else None
    if field == "extras" and len(path) >= 2 and isinstance(data.get("extras"), dict):
        parts = path[1:-1] if path[-1] in ("key", "value") and len(path) > 2 else path[1:]
        key = ".".join(parts)
        original = data["extras"].pop(key, None)
        return warning(f"extras.{key}", original, None, f"Tidak disimpan: {text}")
    if field == "resources" and len(path) >= 2 and path[1].isdigit():
        index = int(path[1])
        items = data.get("resources")
        if not isinstance(items, list) or index >= len(items) or items[index] is None:
            return None
        item = items[index]
        sub = path[2] if len(path) >= 3 else None
        if isinstance(item, dict) and sub in RESOURCE_OPTIONAL:
            original = item.pop(sub, None)
            return warning(f"resources.{index}.{sub}", original, None, f"Tidak disimpan: {text}")
        if isinstance(item, dict) and sub == "name":
            original = item.get("name")
            item["name"] = resource_name(item.get("format"), index + 1)[:500]
            return warning(f"resources.{index}.name", original, item["name"], text)
        items[index] = None  # removed after all errors of this round are handled
        original = item.get(sub) if isinstance(item, dict) and sub else item
        return warning(".".join(path), original, None, f"Sumber daya tidak disimpan: {text}")
    if len(path) >= 2 and path[1].isdigit() and isinstance(data.get(field), list):
        index = int(path[1])
        items = data[field]
        if index >= len(items) or items[index] is None:
            return None
        original = items[index]
        items[index] = None
        if extras is not None and isinstance(original, str):
            previous = extras.get(f"{field}_original")
            extras[f"{field}_original"] = (f"{previous}, {original}" if previous else original)[
                :MAX_EXTRA
            ]
        return warning(f"{field}.{index}", original, None, f"Tidak disimpan: {text}")
    original = data.pop(field)
    if extras is not None and original not in (None, "", [], {}) and field not in URL_FIELDS:
        _keep_original(extras, field, original)
        where = f" Nilai asli di extras.{field}_original."
    else:
        where = ""
    return warning(field, original, None, f"Tidak disimpan: {text}{where}")


def load(schema: Schema, profile: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Validate `profile`; what the profile refuses is dropped with a warning, not the record.

    Raises Refused when the title is missing or unusable, or when dropping does not help.
    """
    data = json.loads(json.dumps(profile, default=str))  # a private copy
    warnings: list[dict[str, Any]] = []
    for _ in range(MAX_ROUNDS):
        try:
            return schema.load(data), warnings
        except ValidationError as exc:
            messages = flatten_messages(exc.messages)
        # Dropped list items become None first, so the indexes of the other messages hold.
        for path in messages:
            dropped = _drop(data, path.split("."), messages[path])
            if dropped is None:
                raise Refused("Catatan ini tidak memenuhi aturan profil metadata.", messages)
            warnings.append(dropped)
        for key in ("resources", "spatial", "tags", "topics"):
            if isinstance(data.get(key), list):
                data[key] = [v for v in data[key] if v is not None]
    raise Refused("Catatan ini tidak memenuhi aturan profil metadata.", messages)
