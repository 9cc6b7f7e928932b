"""Every interface string has an Indonesian translation, and the compiled catalog is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from catalog.config import ConfigError, Settings
from tests.conftest import build_app

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
    """msgid -> where it was found, from the templates and the Python code of catalog/web and
    from the harvester types' labels (catalog/translations/babel.cfg)."""
    sources = [
        (CATALOG, [("web/templates/**.html", "jinja2"), ("web/**.py", "python")]),
        (ROOT / "harvesters", [("**.py", "python")]),
    ]
    found: dict[str, str] = {}
    for directory, method_map in sources:
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(directory), method_map=method_map, keywords=KEYWORDS
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


def test_the_web_default_language_follows_the_setting(db_url: str, tmp_path: Path) -> None:
    """CATALOG_DEFAULT_LOCALE is the language of a page nobody chose one for; ?lang= and its
    cookie still win."""
    english = build_app(db_url, tmp_path / "en", default_locale="en").test_client()
    page = english.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and ">Bahasa Indonesia</a>" in page
    chosen = english.get("/?lang=id").get_data(as_text=True)
    assert '<html lang="id">' in chosen and ">English</a>" in chosen
    assert '<html lang="id">' in english.get("/").get_data(as_text=True)  # the cookie
    indonesian = build_app(db_url, tmp_path / "id").test_client()
    assert '<html lang="id">' in indonesian.get("/").get_data(as_text=True)
    with pytest.raises(ConfigError, match="CATALOG_DEFAULT_LOCALE must be id or en"):
        Settings.from_env({"CATALOG_DEFAULT_LOCALE": "jv"})


# The desk's public page and booking form in both languages: (who is signed in, path, what the
# page shows, what it must not show).
DESK_PAGES: list[tuple[str | None, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        None,
        "/pojok-romantik",
        (
            '<html lang="id">',
            "Kapan buka",
            "Setiap <strong>Selasa</strong>",
            "Direkomendasikan BPS",
            "Cara memesan konsultasi",
            "Masuk untuk memesan",
        ),
        (),
    ),
    (
        None,
        "/pojok-romantik?lang=en",
        (
            '<html lang="en">',
            "Opening hours",
            "Every <strong>Tuesday</strong>",
            "Recommended by BPS",
            "How to book a consultation",
            "Sign in to book",
        ),
        ("Kapan buka", "Selasa"),
    ),
    (
        "editor",
        "/konsultasi/baru",
        ("<h1>Pesan konsultasi</h1>", "Apa yang ingin dikonsultasikan", "Kirim permintaan"),
        (),
    ),
    (
        "editor",
        "/konsultasi/baru?lang=en",
        (
            "<h1>Book a consultation</h1>",
            "What you would like to discuss",
            "Free slots",
            "Send request",
        ),
        ("Kirim permintaan", "Pesan konsultasi"),
    ),
]


def test_the_pojok_romantik_pages_speak_english_on_request(db_url: str, tmp_path: Path) -> None:
    """The desk's public page and booking form: Indonesian by default, English with ?lang=en
    (issue 18's text goes through Babel like every other page)."""
    from tests.desk_helpers import TODAY, make_desk
    from tests.web_helpers import sign_in

    app = build_app(db_url, tmp_path, clock_today=TODAY.isoformat())
    make_desk(app.extensions["catalog"])

    for who, path, shown, hidden in DESK_PAGES:
        client = app.test_client()
        if who:
            sign_in(client, who)
        page = client.get(path).get_data(as_text=True)
        for text in shown:
            assert text in page, (path, text)
        for text in hidden:
            assert text not in page, (path, text)
