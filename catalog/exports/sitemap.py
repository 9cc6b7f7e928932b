"""Sitemaps (sitemaps.org 0.9): an index of pages of at most 50,000 dataset addresses each,
`lastmod` the publisher's modified date (else the last change here)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
MAX_URLS = 50_000  # the protocol's limit per sitemap file


def index(page_urls: Iterable[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in page_urls)
    return f'{HEAD}<sitemapindex xmlns="{NS}">{items}</sitemapindex>\n'.encode()


def urlset(entries: Iterable[tuple[str, datetime | None]]) -> bytes:
    items = "".join(
        f"<url><loc>{escape(url)}</loc>"
        + (f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else "")
        + "</url>"
        for url, modified in entries
    )
    return f'{HEAD}<urlset xmlns="{NS}">{items}</urlset>\n'.encode()


def robots(sitemap_url: str) -> str:
    """robots.txt: everything public may be crawled; sign-in, the dashboard, the review
    queue and the APIs' write paths are not pages to index."""
    return (
        "User-agent: *\n"
        "Disallow: /dasbor\n"
        "Disallow: /tinjauan\n"
        "Disallow: /masuk\n"
        f"Sitemap: {sitemap_url}\n"
    )
