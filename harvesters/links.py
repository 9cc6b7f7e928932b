"""The link checker's HTTP side: is a resource URL answering, where does it end up, and is
the file what its declared format says?

Every request goes through the harvest client (`HarvestSession`: the address guard on every
hop, the total deadline, no proxies from the environment). Per URL: a HEAD, then a ranged
GET of the first bytes (`Range: bytes=0-N`; a server that ignores the range is read only up
to N bytes and then dropped), whose bytes and Content-Type tell the detected format.

Politeness (`check_all`): the URLs are grouped by host and each host's URLs are checked one
after another by one thread (never two requests to one host at once), with a delay between
them; several hosts are checked at the same time. The caller caps how many URLs one run
checks. This module stores nothing: the worker stores the results (catalog/linkcheck.py).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from catalog import vocab
from catalog.config import Settings
from harvesters.http import (
    Cancelled,
    Deadline,
    HarvestError,
    HarvestSession,
    HttpStatusError,
    UrlError,
    UrlGuard,
    looks_like_html,
)

PEEK_BYTES = 4096
# a resource in one of these formats is a service or a page: HTML there is not a finding
PAGES = frozenset({"HTML", "API", "WMS", "WFS"})
# answers to HEAD that say nothing about the resource (the GET decides)
HEAD_UNHELPFUL = frozenset({400, 403, 405, 406, 429, 500, 501, 502, 503})
ZIP_CONTAINERS = frozenset({"XLSX", "ODS", "DOCX", "PPTX", "ZIP", "KMZ", "SHP", "GPKG"})
OLE_CONTAINERS = frozenset({"XLS", "DOC"})


@dataclass
class LinkResult:
    url: str
    ok: bool
    status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    content_length: int | None = None
    declared_format: str | None = None
    detected_format: str | None = None
    error: str = ""

    @property
    def format_mismatch(self) -> bool:
        return bool(
            self.ok
            and self.declared_format
            and self.detected_format
            and self.declared_format not in PAGES
            and self.declared_format != self.detected_format
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class LinkSession(HarvestSession):
    """The harvest client reading at most PEEK_BYTES of a body (no error for a larger one)."""

    peek_bytes = PEEK_BYTES

    def _read_limited(self, response: requests.Response, url: str, deadline: Deadline) -> None:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(1024):
                chunks.append(chunk)
                size += len(chunk)
                deadline.check(url)
                if size >= self.peek_bytes:
                    break
        except requests.RequestException as exc:
            deadline.check(url)
            raise HarvestError(f"Jawaban {url} terputus: {exc}") from exc
        finally:
            response.close()  # the rest of a file is not read
        response._content = b"".join(chunks)[: self.peek_bytes]
        response._content_consumed = True  # type: ignore[attr-defined]


def declared(fmt: str | None) -> str | None:
    if not fmt or not fmt.strip():
        return None
    return (vocab.lookup("formats", fmt) or fmt.strip().lstrip(".")).upper()


def sniff(body: bytes, content_type: str | None, declared_format: str | None) -> str | None:
    """The format the first bytes (and the Content-Type) show, as a vocabulary code."""
    head = body[:PEEK_BYTES]
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):  # a zip container: XLSX, ODS, DOCX, KMZ, zipped SHP
        return declared_format if declared_format in ZIP_CONTAINERS else "ZIP"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: XLS, DOC
        return declared_format if declared_format in OLE_CONTAINERS else "XLS"
    if head.startswith(b"\x89PNG"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if looks_like_html(head):
        return "HTML"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"{", b"[")):
        if declared_format == "GEOJSON" or b'"FeatureCollection"' in head:
            return "GEOJSON"
        return "API" if declared_format == "API" else "JSON"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return declared_format if declared_format in {"KML", "WMS", "WFS"} else "XML"
    media = (content_type or "").split(";")[0].strip().lower()
    from_type = vocab.lookup("formats", media) if media else None
    if from_type and from_type not in {"TXT"}:
        return from_type
    if head and b"\x00" not in head:
        first = head.split(b"\n", 1)[0]
        if b"\t" in first and declared_format in {"TSV", None}:
            return "TSV"
        if b"," in first or b";" in first:
            return "CSV"
        return "TXT"
    return from_type


def _length(response: requests.Response) -> int | None:
    content_range = response.headers.get("Content-Range", "")
    if "/" in content_range:
        total = content_range.rsplit("/", 1)[1].strip()
        if total.isdigit():
            return int(total)
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and response.status_code != 206:
        return int(length)
    return None


def check_url(session: LinkSession, url: str, declared_format: str | None = None) -> LinkResult:
    """HEAD, then a ranged GET; never raises for what a URL does (Cancelled aside)."""
    fmt = declared(declared_format)
    result = LinkResult(url=url, ok=False, declared_format=fmt)
    try:
        head = session.head(url, allow_redirects=True)
        result.status, result.final_url = head.status_code, str(head.url or url)
        result.content_type = head.headers.get("Content-Type")
        result.content_length = _length(head)
    except HttpStatusError as exc:
        result.status, result.final_url = exc.status, exc.final_url
        if exc.status not in HEAD_UNHELPFUL:
            result.error = f"Alamat menjawab HTTP {exc.status}."
            return result
    except UrlError as exc:
        result.error = str(exc)
        return result
    except HarvestError as exc:
        result.error = str(exc)
        return result
    try:
        got = session.get(url, headers={"Range": f"bytes=0-{PEEK_BYTES - 1}"})
    except HttpStatusError as exc:
        result.status, result.final_url = exc.status, exc.final_url
        result.error = f"Alamat menjawab HTTP {exc.status}."
        return result
    except HarvestError as exc:
        result.error = str(exc)
        return result
    result.ok = True
    if result.status is None or result.status >= 400:  # the HEAD's status when it answered
        result.status = got.status_code
    result.final_url = str(got.url or url)
    result.content_type = got.headers.get("Content-Type") or result.content_type
    result.content_length = _length(got) or result.content_length
    result.detected_format = sniff(got.content, result.content_type, fmt)
    if result.format_mismatch:
        result.error = (
            f"Dinyatakan {result.declared_format}, tetapi isinya {result.detected_format}."
        )
    return result


def host_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url


def check_all(
    items: Sequence[tuple[str, str | None]],
    make_session: Callable[[], LinkSession],
    *,
    delay_s: float = 1.0,
    hosts_at_once: int = 4,
    stop: threading.Event | None = None,
) -> Iterator[LinkResult]:
    """Check (url, declared format) pairs politely; yields results as they come."""
    stop = stop or threading.Event()
    by_host: dict[str, list[tuple[str, str | None]]] = {}
    for url, fmt in items:
        by_host.setdefault(host_of(url), []).append((url, fmt))
    out: queue.Queue[LinkResult | BaseException | None] = queue.Queue()

    def one_host(pairs: list[tuple[str, str | None]]) -> None:
        session = make_session()
        session.should_stop = stop.is_set
        try:
            for i, (url, fmt) in enumerate(pairs):
                if i and stop.wait(delay_s):
                    return
                if stop.is_set():
                    return
                out.put(check_url(session, url, fmt))
        except Cancelled:
            return
        except BaseException as exc:  # reported to the caller, not lost in a thread
            out.put(exc)
        finally:
            session.close()
            out.put(None)

    with ThreadPoolExecutor(max_workers=max(1, hosts_at_once)) as pool:
        for pairs in by_host.values():
            pool.submit(one_host, pairs)
        remaining = len(by_host)
        while remaining:
            item = out.get()
            if item is None:
                remaining -= 1
            elif isinstance(item, BaseException):
                stop.set()
                raise item
            else:
                yield item


def make_session_factory(
    settings: Settings, *, deadline_s: float | None = None, **kwargs: Any
) -> Callable[[], LinkSession]:
    guard = UrlGuard.from_settings(settings)
    deadline = deadline_s if deadline_s is not None else min(settings.harvest_deadline_s, 30.0)

    def make() -> LinkSession:
        return LinkSession(
            timeout_s=min(settings.harvest_timeout_s, deadline),
            connect_timeout_s=min(10.0, deadline),
            deadline_s=deadline,
            guard=guard,
            retries=0,
            **kwargs,
        )

    return make
