"""CKAN/Solr query syntax (q, fq) read with a real parser (luqum) into the search contract.

Supported: free words and "phrases" (searched as text), field:value and field:"phrase"
on the whitelisted fields, field:(a OR b), +/-/NOT, AND and implicit AND, ranges on
metadata_modified/metadata_created, and *:*. What the contract cannot express (OR across
different fields or across free text) is refused with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from luqum import tree
from luqum.exceptions import ParseError
from luqum.parser import parser

from catalog.search.query import InvalidQuery

# CKAN/Solr field name -> contract filter name
FIELD_FILTERS: dict[str, str] = {
    "organization": "organization",
    "groups": "topic",
    "topic": "topic",
    "tags": "tag",
    "tag": "tag",
    "res_format": "format",
    "format": "format",
    "license_id": "license",
    "license": "license",
    "frequency": "frequency",
    "year": "year",
    "wilayah": "wilayah",
    "spatial": "wilayah",
    "recommendation": "recommendation",
    "recommendation_status": "recommendation",
    "harvest_source": "harvest_source",
    "harvest_source_id": "harvest_source",
}
RANGE_FIELDS = {"metadata_modified": "modified", "metadata_created": "created"}
TEXT_FIELDS = {"text", "title", "notes", "name"}
# always true in this catalog (every indexed dataset is a public, active CKAN "dataset")
IGNORED = {
    ("dataset_type", "dataset"),
    ("type", "dataset"),
    ("capacity", "public"),
    ("state", "active"),
    ("+state", "active"),
}


@dataclass
class Translated:
    text: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    excludes: dict[str, list[str]] = field(default_factory=dict)
    ranges: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # organization ids (owner_org) still to be turned into slugs by the caller
    owner_orgs: list[str] = field(default_factory=list)

    @property
    def text_query(self) -> str:
        return " ".join(self.text)


def normalize_timestamp(value: str, *, end: bool = False) -> str | None:
    """Solr date ('2024-01-01T00:00:00Z', '2024-01-01', '*', 'NOW') as the documents store it."""
    value = value.strip().strip('"')
    if value in {"*", ""}:
        return None
    if value.upper().startswith("NOW"):
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = value.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidQuery(f"Tanggal tidak sah dalam rentang: '{value}'.", "fq") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if end and len(value) == 10:  # a bare date as upper bound covers that whole day
        parsed = parsed.replace(hour=23, minute=59, second=59, microsecond=999999)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _value(node: tree.Item) -> str:
    if isinstance(node, tree.Phrase):
        return str(node.value)[1:-1]
    if isinstance(node, tree.Word):
        return str(node.value).replace("\\", "")
    raise InvalidQuery(f"Nilai tidak didukung: '{node}'.", "fq")


class _Reader:
    def __init__(self, out: Translated, param: str) -> None:
        self.out = out
        self.param = param

    def fail(self, message: str) -> None:
        raise InvalidQuery(message, self.param)

    def read(self, node: tree.Item, negate: bool = False) -> None:
        if isinstance(node, tree.AndOperation | tree.UnknownOperation):
            for child in node.children:
                self.read(child, negate)
        elif isinstance(node, tree.Group):
            self.read(node.expr, negate)
        elif isinstance(node, tree.Plus):
            self.read(node.a, negate)
        elif isinstance(node, tree.Not | tree.Prohibit):
            self.read(node.a, not negate)
        elif isinstance(node, tree.SearchField):
            self.field(node, negate)
        elif isinstance(node, tree.Word | tree.Phrase):
            if negate:
                self.fail("Pengecualian kata bebas (NOT kata) tidak didukung; pakai field:nilai.")
            text = _value(node)
            if text == "*":
                return
            self.out.text.append(f'"{text}"' if isinstance(node, tree.Phrase) else text)
        elif isinstance(node, tree.OrOperation):
            self.fail("OR hanya didukung di dalam satu field, mis. tags:(a OR b).")
        else:
            self.fail(f"Sintaks tidak didukung: '{str(node).strip()}'.")

    def field(self, node: tree.SearchField, negate: bool) -> None:
        name = str(node.name)
        expr = node.expr
        if name == "*":
            if isinstance(expr, tree.Word) and expr.value == "*" and not negate:
                return  # *:* matches everything
            self.fail("Hanya *:* yang didukung untuk field '*'.")
        if isinstance(expr, tree.Range):
            target = RANGE_FIELDS.get(name)
            if target is None or negate:
                self.fail(f"Rentang hanya didukung pada {', '.join(RANGE_FIELDS)}.")
                return
            low = normalize_timestamp(str(expr.low))
            high = normalize_timestamp(str(expr.high), end=True)
            self.out.ranges[target] = (low, high)
            return
        values = self.values(expr)
        if (name, values[0]) in IGNORED and len(values) == 1 and not negate:
            return
        if name in TEXT_FIELDS and not negate:
            self.out.text.extend(f'"{v}"' if " " in v else v for v in values)
            return
        if name in {"owner_org", "organization_id"} and not negate:
            self.out.owner_orgs.extend(values)
            return
        target = FIELD_FILTERS.get(name)
        if target is None:
            self.fail(
                f"Field tidak dikenal: '{name}'. Yang didukung: "
                + ", ".join(sorted({*FIELD_FILTERS, *RANGE_FIELDS, *TEXT_FIELDS, "owner_org"}))
                + "."
            )
            return
        bucket = self.out.excludes if negate else self.out.filters
        if target in bucket and not negate:
            # two filters on the same field ANDed: keep the values both allow
            both = [v for v in bucket[target] if v in values]
            bucket[target] = both or ["\x00no-match"]
        else:
            bucket.setdefault(target, []).extend(values)

    def values(self, expr: tree.Item) -> list[str]:
        if isinstance(expr, tree.FieldGroup | tree.Group):
            return self.values(expr.expr)
        if isinstance(expr, tree.OrOperation):
            out: list[str] = []
            for child in expr.children:
                out.extend(self.values(child))
            return out
        if isinstance(expr, tree.Word | tree.Phrase):
            return [_value(expr)]
        self.fail(f"Nilai field tidak didukung: '{str(expr).strip()}'.")
        return []


def translate(q: str = "", fq: list[str] | None = None) -> Translated:
    """Read CKAN's q and fq strings; raises InvalidQuery with a message on bad syntax."""
    out = Translated()
    for param, text in [("q", q), *(("fq", f) for f in fq or [])]:
        text = (text or "").strip()
        if not text:
            continue
        if text.count('"') % 2:
            raise InvalidQuery("Tanda kutip tidak seimbang.", param)
        try:
            node = parser.parse(text)
        except (ParseError, ValueError) as exc:
            raise InvalidQuery(f"Sintaks kueri tidak sah: {exc}", param) from None
        except RecursionError:
            raise InvalidQuery("Kueri terlalu dalam bersarang.", param) from None
        _Reader(out, param).read(node)
    return out
