"""The one HTTP client of all harvesters: timeouts, retries, size limit, private-address guard."""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests

from catalog import __version__
from catalog.config import Settings

USER_AGENT = f"KatalogStatistikSektoral-Harvester/{__version__} (+https://github.com/)"
RETRY_STATUSES = frozenset({500, 502, 503, 504})


class HarvestError(Exception):
    """A source could not be read; the message says why in words a data steward understands."""


def check_url(url: str, allow_private: bool) -> None:
    """Refuse non-HTTP URLs and, unless allowed, hosts resolving to private/loopback addresses."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise HarvestError(f"URL sumber harus http(s): {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise HarvestError(f"Nama host {parts.hostname} tidak dapat di-resolve: {exc}") from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
            raise HarvestError(
                f"Alamat {addr} ({parts.hostname}) adalah alamat privat/lokal; ditolak "
                "(CATALOG_HARVEST_ALLOW_PRIVATE tidak aktif)."
            )


class HarvestSession(requests.Session):
    """requests.Session with the harvest rules; also handed to ckanapi.RemoteCKAN."""

    def __init__(
        self,
        *,
        timeout_s: float = 30.0,
        connect_timeout_s: float = 10.0,
        max_bytes: int = 20 * 1024 * 1024,
        allow_private: bool = False,
        retries: int = 3,
        backoff_s: float = 0.25,
        rewrite: Callable[[bytes], bytes] | None = None,
    ) -> None:
        super().__init__()
        self.timeout = (connect_timeout_s, timeout_s)
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.retries = retries
        self.backoff_s = backoff_s
        self.rewrite = rewrite
        self.headers["User-Agent"] = USER_AGENT

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> HarvestSession:
        return cls(
            timeout_s=settings.harvest_timeout_s,
            max_bytes=settings.harvest_max_response_bytes,
            allow_private=settings.harvest_allow_private,
            **kwargs,
        )

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        url = url.decode() if isinstance(url, bytes) else url
        check_url(url, self.allow_private)
        kwargs["timeout"] = self.timeout
        kwargs["stream"] = True
        kwargs.setdefault("allow_redirects", True)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = super().request(method, url, *args, **kwargs)
            except requests.Timeout as exc:
                if attempt > self.retries:
                    raise HarvestError(f"Waktu habis menunggu jawaban {url}: {exc}") from exc
            except requests.ConnectionError as exc:
                if attempt > self.retries:
                    raise HarvestError(f"Tidak dapat terhubung ke {url}: {exc}") from exc
            else:
                if response.status_code in RETRY_STATUSES and attempt <= self.retries:
                    response.close()
                else:
                    self._read_limited(response, url)
                    if response.status_code >= 400:
                        raise HarvestError(
                            f"{url} menjawab HTTP {response.status_code}: "
                            f"{response.text[:200].strip()}"
                        )
                    return response
            time.sleep(self.backoff_s * 2 ** (attempt - 1))

    def _read_limited(self, response: requests.Response, url: str) -> None:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise HarvestError(
                f"Jawaban {url} terlalu besar ({int(declared)} byte; batas {self.max_bytes})."
            )
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    response.close()
                    raise HarvestError(
                        f"Jawaban {url} melebihi batas ukuran {self.max_bytes} byte."
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise HarvestError(f"Jawaban {url} terputus: {exc}") from exc
        body = b"".join(chunks)
        if self.rewrite is not None and response.status_code < 400:
            body = self.rewrite(body)
        response._content = body
        response._content_consumed = True  # type: ignore[attr-defined]


def looks_like_html(body: bytes) -> bool:
    head = body[:500].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def parse_json(body: bytes, url: str) -> Any:
    """JSON from a response body, or a HarvestError that says what came instead."""
    if looks_like_html(body):
        raise HarvestError(
            f"{url} mengirim halaman HTML, bukan JSON (alamat API salah atau portal sedang "
            "gangguan/login)."
        )
    try:
        return json.loads(body)
    except ValueError as exc:
        raise HarvestError(f"JSON dari {url} tidak valid atau terpotong: {exc}") from exc


def get_bytes(session: HarvestSession, url: str, **kwargs: Any) -> bytes:
    body: bytes = session.get(url, **kwargs).content
    return body
