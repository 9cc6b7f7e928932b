"""The rows of a format's field table, and reading and writing a record with them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.profile import ATTRIBUTES, PROFILE_FIELDS

# The fields of a profile as profile_of gives them: the profile's own and the agency.
FIELDS: tuple[str, ...] = (*PROFILE_FIELDS, "organization")

Out = Callable[[Any, Any], Any]  # (dataset, the export's context) -> the term's value
Back = Callable[[Mapping[str, Any]], Any]  # the record (flat) -> the field's value


@dataclass(frozen=True)
class Term:
    """One row: a profile field, the format's term for it (a key; a dotted path into nested
    objects), and the converters. `out` None: the export does not write it; `back` None:
    the harvester does not read it. A value None is left out either way."""

    field: str
    term: str
    out: Out | None
    back: Back | None


def _same(value: Any) -> Any:
    return value


def term(
    field: str,
    name: str,
    out: Callable[[Any], Any] | None = _same,
    back: Callable[[Any], Any] | None = _same,
) -> Term:
    """The usual row: the dataset's value of `field` through `out`, the record's value of
    `name` through `back`."""
    attribute = ATTRIBUTES.get(field, field)
    write = None if out is None else (lambda ds, _ctx: out(getattr(ds, attribute)))
    read = None if back is None else (lambda record: back(record.get(name)))
    return Term(field, name, write, read)


def title_term(name: str) -> Term:
    """The title as `name`, read back stripped."""
    return term("title", name, back=lambda v: str(v or "").strip())


def description_term(name: str) -> Term:
    """The description as `name`; an empty one writes the title (the format needs one)."""
    return Term(
        "description",
        name,
        lambda ds, _ctx: ds.description or ds.title,
        lambda record: record.get(name) or "",
    )


def write(table: Iterable[Term], dataset: Any, context: Any = None) -> dict[str, Any]:
    """The terms a dataset has a value for, by term (flat; `nest` makes the objects)."""
    out: dict[str, Any] = {}
    for row in table:
        if row.out is not None and row.term not in out:
            value = row.out(dataset, context)
            if value is not None:
                out[row.term] = value
    return out


def read(table: Iterable[Term], record: Mapping[str, Any]) -> dict[str, Any]:
    """The profile fields a (flat) record has a value for."""
    out: dict[str, Any] = {}
    for row in table:
        if row.back is not None:
            value = row.back(record)
            if value is not None:
                out[row.field] = value
    return out


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """{"a.b": 1} -> {"a": {"b": 1}}."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        *path, last = key.split(".")
        node = out
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}} -> {"a": {"b": 1}, "a.b": 1}: both the objects and their paths."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[prefix + str(key)] = value
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{prefix}{key}."))
    return out


def carried(table: Iterable[Term], not_carried: Mapping[str, str]) -> tuple[str, ...]:
    """The profile fields that come back as they went out: written and read by the table
    and not listed as lost (a `resources.size` entry loses only that part of a field)."""
    rows = list(table)
    written = {row.field for row in rows if row.out is not None}
    return tuple(
        dict.fromkeys(
            row.field
            for row in rows
            if row.back is not None and row.field in written and row.field not in not_carried
        )
    )
