"""Template helpers: Markdown rendered and sanitized, Indonesian dates, vocabulary labels."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import markdown
import nh3
from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from catalog import vocab
from schemas.fields import safe_url

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "a", "ul", "ol", "li", "blockquote", "code",
    "pre", "h2", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip

STATUS_LABELS = {
    "none": _l("No recommendation"),
    "requested": _l("Requested"),
    "in_review": _l("In review"),
    "recommended": _l("Recommended"),
    "revision_needed": _l("Revision needed"),
    "not_recommended": _l("Not recommended"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}
STATE_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "withdrawn": _l("Withdrawn"),
}
ACTION_LABELS = {
    "request": _l("request"),
    "withdraw_request": _l("withdraw the request"),
    "take": _l("take for review"),
    "recommend": _l("recommend"),
    "revise": _l("ask for revision"),
    "reject": _l("not recommend"),
    "revoke": _l("revoke"),
    "confirm": _l("confirm after change"),
}
# The profile's variable types (schemas/profile.py DATA_TYPES) in words.
DATA_TYPE_LABELS = {
    "integer": _l("Whole number"),
    "decimal": _l("Decimal number"),
    "text": _l("Text"),
    "date": _l("Date"),
    "category": _l("Category"),
    "boolean": _l("Yes/no"),
}
JOB_LABELS = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "succeeded": _l("Succeeded"),
    "partial": _l("Partly failed"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML, then sanitized: harvested descriptions are untrusted input."""
    html = markdown.markdown(text or "", extensions=["tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # sanitized by nh3 just above


MARKDOWN_MARKS = re.compile(r"\*\*|__|`|^#+\s", re.MULTILINE)


def plain_snippet(html: str) -> Markup:
    """A search snippet (escaped text with <mark>) without the Markdown marks of its source."""
    return Markup(MARKDOWN_MARKS.sub("", html))  # removes characters only, adds none


def safe_href(value: str | None, mailto: bool = False) -> str | None:
    """A stored URL fit for href (http/https, or mailto: when asked), else None.

    Every template link to a stored or harvested URL goes through this filter, so a value
    stored before URLs were checked (javascript:, data:...) is never emitted as a link.
    """
    return safe_url(value, mailto=mailto)


def lang() -> str:
    return str(get_locale() or "id")


def fmt_date(value: date | datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return str(format_date(value, style))


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    # Stored in UTC; shown in the regency's time zone (BABEL_DEFAULT_TIMEZONE, WIB).
    return str(format_datetime(value, "d MMMM y HH.mm zzz"))


def topic_label(code: str | None) -> str:
    return vocab.label("topics", code, lang())


def vocab_label(code: str | None, name: str) -> str:
    return vocab.label(name, code, lang())


def region_name(code: str | None) -> str:
    region = vocab.regions().get(code or "")
    return region.name if region else (code or "")


# For a code missing from the reference data: its level from the code's shape (Kemendagri:
# 36 / 36.03 / 36.03.01 / 36.03.01.2001).
LEVELS_BY_PARTS = {1: "Provinsi", 2: "Kabupaten/Kota", 3: "Kecamatan", 4: "Desa/Kelurahan"}


def region_label(code: str | None) -> str:
    """A kode wilayah in words with its level: "Kabupaten Tangerang", "Kecamatan Balaraja",
    "Desa Sentul", "Kelurahan Sepatan"; an unknown code: "Kecamatan 36.03.99"."""
    code = (code or "").strip()
    region = vocab.regions().get(code)
    if region is None:
        prefix = LEVELS_BY_PARTS.get(len(code.split("."))) if code else None
        return f"{prefix} {code}" if prefix else code
    return vocab.region_title(region)


def region_context(code: str) -> str:
    """The kecamatan a desa/kelurahan lies in, in words ("" for other levels)."""
    region = vocab.regions().get(code)
    if region is None or region.level not in {"desa", "kelurahan"} or not region.parent:
        return ""
    return region_label(region.parent)


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status or "none", status or ""))


# The public wording of a dataset's recommendation status (issue 18): the steps of a pending
# request (requested, in review, revision needed) are one public status, with one badge class;
# signed-in users see the steps (STATUS_LABELS).
PUBLIC_STATUS: dict[str, tuple[Any, str]] = {
    "none": (_l("No recommendation yet"), "none"),
    "requested": (_l("Recommendation in progress"), "in_review"),
    "in_review": (_l("Recommendation in progress"), "in_review"),
    "revision_needed": (_l("Recommendation in progress"), "in_review"),
    "recommended": (_l("Recommended by BPS"), "recommended"),
    "expired": (_l("Recommendation expired"), "expired"),
    "revoked": (_l("Recommendation revoked"), "revoked"),
    "not_recommended": (_l("Not recommended"), "not_recommended"),
}
# The statuses the public sees as one "in progress".
PUBLIC_IN_PROGRESS = tuple(s for s, (_label, kind) in PUBLIC_STATUS.items() if kind == "in_review")


def public_status(status: str) -> str:
    return str(PUBLIC_STATUS.get(status, (status, status))[0])


def public_status_class(status: str) -> str:
    return PUBLIC_STATUS.get(status, (status, status))[1]


def url_with(**changes: Any) -> str:
    """The current page's URL with some query arguments replaced (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    query = urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")


def url_only(**args: Any) -> str:
    """The current page's URL with only the given (non-empty) query arguments."""
    query = urlencode({k: v for k, v in args.items() if v}, doseq=True)
    return request.path + ("?" + query if query else "")


def source_type_label(name: str | None) -> str:
    """A harvest source's type in words ("Portal CKAN (Action API)"), from the registry."""
    from harvesters.registry import HARVESTERS

    kind = HARVESTERS.get(name or "")
    return str(kind.label) if kind is not None and kind.label else (name or "")


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        markdown=render_markdown,
        safe_href=safe_href,
        snippet=plain_snippet,
        date=fmt_date,
        datetime=fmt_datetime,
        topic=topic_label,
        vocab=vocab_label,
        region=region_name,
        region_label=region_label,
        region_context=region_context,
        status=status_label,
        public_status=public_status,
        public_status_class=public_status_class,
        state=lambda s: str(STATE_LABELS.get(s, s)),
        jobstate=lambda s: str(JOB_LABELS.get(s, s)),
        datatype=lambda s: str(DATA_TYPE_LABELS.get(s, s or "")),
        sourcetype=source_type_label,
        action=lambda s: str(ACTION_LABELS.get(s, s)),
    )
    app.jinja_env.globals.update(url_with=url_with, url_only=url_only, lang=lang)
