"""Every interface string has an Indonesian translation, and the compiled catalog is current."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "catalog"
PO = CATALOG / "translations" / "id" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
}


def _extracted() -> dict[str, str]:
    """msgid -> where it was found, from the templates and the Python code of catalog/."""
    method_map = [("web/templates/**.html", "jinja2"), ("web/**.py", "python")]
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(CATALOG), method_map=method_map, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, filename)
    return found


def _po() -> dict[str, str]:
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="id")
    out = {}
    for msg in catalog:
        if not msg.id or msg.fuzzy:
            continue
        msgid = msg.id if isinstance(msg.id, str) else msg.id[0]
        string = msg.string if isinstance(msg.string, str) else msg.string[0]
        out[msgid] = string
    return out


def test_every_interface_string_has_an_indonesian_translation() -> None:
    extracted = _extracted()
    assert len(extracted) > 100  # the extraction itself works (templates and code)
    translations = _po()
    missing = {msgid: where for msgid, where in extracted.items() if not translations.get(msgid)}
    assert not missing, (
        "strings without Indonesian translation (run `make messages`):\n"
        + "\n".join(
            f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda i: i[1])
        )
    )


def test_placeholders_survive_translation() -> None:
    import re

    pattern = re.compile(r"%\(\w+\)s")
    for msgid, string in _po().items():
        assert sorted(pattern.findall(msgid)) == sorted(pattern.findall(string)), msgid


def test_compiled_catalog_matches_the_po_file() -> None:
    with open(MO, "rb") as fh:
        compiled = read_mo(fh)
    in_mo = {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            m.string if isinstance(m.string, str) else m.string[0]
        )
        for m in compiled
        if m.id
    }
    assert in_mo == _po(), "messages.mo is stale: run `make messages`"
