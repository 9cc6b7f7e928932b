"""Real server on 127.0.0.1 and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, expect

from catalog.context import Catalog
from tests import factories, servers
from tests.conftest import app_with_agencies

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's expectations wait 5 s by default; on a loaded machine (2 cores, many test runs)
# a page can take longer. They still return as soon as the condition holds.
expect.set_options(timeout=30_000)
# axe-core, added to a page with add_init_script before it loads, for axe_problems.
AXE = Path(__file__).parent / "data" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
# the two widths every issue-15 walk runs at (pytest ids "desktop", "phone")
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


@dataclass
class LiveServer:
    app: Flask
    url: str


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """The application on an ephemeral port of 127.0.0.1, in a thread, until the block ends."""
    with servers.serve(app) as url:
        yield LiveServer(app, url)


def screenshot(page: Page, name: str) -> None:
    """The current page at desktop and at phone width, under build/screenshots/; the page
    keeps the width it had."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size or DESKTOP
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(before)


def start_walk(width: str) -> tuple[ViewportSize, Callable[[Page, str], None]]:
    """The start of a walk run at each of WIDTHS: the CSP violations recorded before are
    forgotten. The viewport of `width`, and a `screenshot` taken on the desktop run only (it
    writes both widths), nothing on the others."""
    CSP_VIOLATIONS.clear()

    def shot(page: Page, name: str) -> None:
        if width == "desktop":
            screenshot(page, name)

    return WIDTHS[width], shot


# What Chromium reported refusing under the Content-Security-Policy, on every page opened by
# new_page (test_web_browser checks after each test that there was nothing).
CSP_VIOLATIONS: list[str] = []


def new_app(sqlite_url: str, tmp_path: Path) -> tuple[Flask, Catalog]:
    """A new application on `sqlite_url` with the agency Dinas Kesehatan, and its catalog; the
    CSP violations recorded before are forgotten."""
    CSP_VIOLATIONS.clear()
    return app_with_agencies(sqlite_url, tmp_path, {"dinas-kesehatan": "Dinas Kesehatan"})


def _watch_console(message: ConsoleMessage) -> None:
    if "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(f"{message.location.get('url', '?')}: {message.text}")


def sign_in_as(page: Page, username: str) -> None:
    """Sign in through the sign-in form as one of the factories' users."""
    page.goto("/masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name=f"Keluar ({username})")).to_be_visible()


def new_page(browser: Browser, base_url: str, viewport: ViewportSize = DESKTOP) -> Page:
    """A page in a new browser context (its own cookies); PHONE emulates a phone (touch, the
    page's meta viewport honoured)."""
    phone = viewport["width"] < 600
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport,
        locale="id-ID",
        is_mobile=phone,
        has_touch=phone,
    )
    # generous: the machine may be loaded (auto-waiting expectations, never sleeps)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("console", _watch_console)
    return page


def axe_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per element."""
    found = page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .flatMap(v => v.nodes.slice(0, 4).map(n =>
                `${v.id} (${v.impact}) ${n.target.join(" ")}: ${n.failureSummary}`)))"""
    )
    return [str(line).replace("\n", " ") for line in found]
