"""The external formats of a dataset, one module each, both ways.

Each module (`ckan`, `datajson`, `dcat`, `schemaorg`, `spreadsheet`) holds a `TABLE` of rows
(profile field, the format's term, converter out, converter back), `to_profile(payload)`
(what that format's harvester calls) and `from_dataset(dataset, ...)` (what the export or
API calls), and `NOT_CARRIED`: the profile fields the format loses, with why. The
round-trip tests (tests/test_formats_roundtrip.py) read the tables. DCAT reads a graph:
`to_profile(graph, node)`, by way of the raw payload the harvest keeps (`extract`, then
`from_payload`). How to add a field or a format: docs/architecture.md.
"""

from __future__ import annotations

import importlib

NAMES = ("ckan", "datajson", "dcat", "schemaorg", "spreadsheet")
BEGIN, END = "<!-- formats:tables -->", "<!-- /formats:tables -->"


def tables_markdown() -> str:
    """Each format's table and NOT_CARRIED as Markdown: what docs/interop.md shows between
    BEGIN and END (`python -m catalog.formats` prints it; a test keeps the page in step)."""
    from catalog.formats.table import FIELDS

    lines = []
    for name in NAMES:
        module = importlib.import_module(f"catalog.formats.{name}")
        lines += [f"#### `{name}` (catalog/formats/{name}.py)", ""]
        lines += ["| profile field | term | direction | lost, and why |", "|---|---|---|---|"]
        rows: dict[str, dict[str, set[str]]] = {}
        for row in module.TABLE:
            entry = rows.setdefault(row.field, {"terms": set(), "ways": set()})
            entry["terms"].add(row.term)
            entry["ways"] |= {w for w, f in (("out", row.out), ("in", row.back)) if f}
        for field in (*FIELDS, *(f for f in rows if f not in FIELDS)):
            entry = rows.get(field, {"terms": set(), "ways": set()})
            terms = ", ".join(f"`{t}`" for t in sorted(entry["terms"])) or "—"
            ways = {2: "both", 1: next(iter(entry["ways"]), "") + " only", 0: "—"}[
                len(entry["ways"])
            ]
            lost = "; ".join(
                (f"{key.partition('.')[2]}: " if "." in key else "") + why
                for key, why in module.NOT_CARRIED.items()
                if key.partition(".")[0] == field
            )
            lines.append(f"| {field} | {terms} | {ways} | {lost} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
