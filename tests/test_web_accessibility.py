"""Every public and staff page, at desktop (1280 px) and phone (390 px) width, in headless
Chromium (issue 15):

- axe-core (npm `axe-core`, vendored in tests/data/axe-core/, injected by Playwright) finds no
  serious or critical violation;
- the page is never wider than the screen (no horizontal page scroll at 390 px);
- the first Tab stop is the skip link "Langsung ke isi utama", which leads to the main content;
- a screenshot of each lands in build/screenshots/page-<name>-<width>.png.

Then the phone details: the search page's "Filter" button above the first result opening the
filters in a dialog, Escape in the suggestion box keeping the query, the report chart's text
at least 12 px with full agency names.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlalchemy import select

from catalog.models import User
from catalog.services import datasets, users
from catalog.services.auth import SYSTEM, Actor
from catalog.services.recommendations import workflow
from tests import factories
from tests.browser import (
    AXE,
    CSP_VIOLATIONS,
    PHONE,
    SCREENSHOTS,
    WIDTHS,
    LiveServer,
    axe_problems,
    new_page,
    serve,
    sign_in_as,
)
from tests.conftest import app_with_agencies
from tests.harvest_helpers import make_source, run

pytestmark = pytest.mark.browser

LONG_AGENCY = "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB"


@dataclass
class Site:
    server: LiveServer
    job_path: str
    source_path: str
    set_password_path: str
    activity: str = ""


def _actor(session: Any, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return Actor.for_user(user)


@pytest.fixture
def site(sqlite_url: str, tmp_path: Path) -> Iterator[Site]:
    """A small catalog with something on every page: datasets with variables and resources,
    a recommendation decided and a request waiting, a failed harvest job, a set-password
    link, an API token, audit events."""
    app, ctx = app_with_agencies(
        sqlite_url,
        tmp_path,
        {"dinas-sosial": "Dinas Sosial", "dp3akb": LONG_AGENCY},
        harvest_allow_private=True,
    )
    with ctx.unit_of_work() as session:
        factories.make_user(session, "walidata", roles=("admin",))
        factories.make_user(session, "reviewer", roles=("bps_reviewer",))
        editor = factories.make_user(session, "editor", orgs=("dinas-sosial",))
        factories.make_token(session, editor)
        factories.make_user(session, "mitra", orgs=("dp3akb",))
        made = [
            factories.make_dataset(
                session,
                "dinas-sosial",
                title=f"Jumlah Penduduk Miskin Kecamatan {n + 1}",
                tags=["kemiskinan"],
                topics=["perlindungan-sosial"],
            )
            for n in range(3)
        ]
        # statistical activities (issue 20): a survey producing two of the datasets, waiting
        # for a reviewer; one of the other agency sent back for revision
        activity = factories.make_activity(
            session,
            "dinas-sosial",
            method="survei",
            title="Survei Sosial Ekonomi Rumah Tangga Miskin",
            datasets=made[:2],
        ).slug
        sent_back = factories.make_activity(
            session, "dp3akb", title="Kompilasi Kasus Kekerasan"
        ).slug
        factories.make_dataset(
            session,
            "dp3akb",
            title="Kasus Kekerasan terhadap Perempuan dan Anak Menurut Kecamatan",
            tags=["kemiskinan", "perlindungan anak"],
            topics=["perlindungan-sosial"],
        )
        invited = users.create_user(session, SYSTEM, username="baru", password=None)
        secret = users.invite(session, SYSTEM, invited.id)
    today = date.today()
    with ctx.unit_of_work() as session:
        agency, bps = _actor(session, "editor"), _actor(session, "reviewer")
        slug = "jumlah-penduduk-miskin-kecamatan-1"
        workflow.act(session, agency, slug, "request", workflow.Decision(note="Mohon ditinjau."))
        workflow.act(session, bps, slug, "take")
        workflow.act(
            session,
            bps,
            slug,
            "recommend",
            workflow.Decision(
                note="Metadata lengkap.",
                number="B-1/BPS/3603/2026",
                valid_until=date(today.year + 3, 12, 31),
            ),
        )
        workflow.act(session, agency, "jumlah-penduduk-miskin-kecamatan-2", "request")
        mitra = _actor(session, "mitra")
        other = "kasus-kekerasan-terhadap-perempuan-dan-anak-menurut-kecamatan"
        workflow.act(session, mitra, other, "request")
        workflow.act(session, bps, other, "take")
        workflow.act(session, bps, other, "revise", workflow.Decision(note="Lengkapi definisi."))
        workflow.act(session, agency, activity, "request", kind="activity")
        workflow.act(session, bps, activity, "take", kind="activity")
        workflow.act(session, mitra, sent_back, "request", kind="activity")
        workflow.act(session, bps, sent_back, "take", kind="activity")
        workflow.act(
            session,
            bps,
            sent_back,
            "revise",
            workflow.Decision(note="Lengkapi jadwal pengolahan."),
            kind="activity",
        )
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, "jumlah-penduduk-miskin-kecamatan-1")
        datasets.update_dataset(
            session,
            SYSTEM,
            ds.slug,
            {"methodology": "Pendataan DTKS dengan verifikasi lapangan."},
            expected_version=ds.version,
        )
    source = make_source(
        ctx, "datajson", "http://127.0.0.1:9/data.json", "dinas-sosial", title="Portal Dinsos"
    )
    job = run(ctx, source)
    with serve(app) as server:
        yield Site(
            server,
            job_path=f"/dasbor/dinas-sosial/tugas/{job.id}",
            source_path=f"/dasbor/dinas-sosial/sumber/{source}",
            set_password_path=f"/atur-sandi/{secret}",
            activity=activity,
        )
    ctx.db.dispose()


def pages(site: Site) -> list[tuple[str, str | None, str]]:
    """(name, who is signed in, path): every page of the web interface, as tests/data/pages.toml
    lists them, with the site's own parts of the paths filled in."""
    with open(factories.DATA / "pages.toml", "rb") as fh:
        listed = tomllib.load(fh)["pages"]
    return [(p["name"], p["who"] or None, p["path"].format_map(vars(site))) for p in listed]


def check(page: Page, name: str, size: ViewportSize, label: str) -> list[str]:
    """The checks every page passes; what failed, as lines."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"page-{name}-{label}.png"), full_page=True)
    problems = [f"{name}: {line}" for line in axe_problems(page)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > size["width"]:
        wide = page.evaluate(
            """w => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > w + 1
                        && !e.closest(".scroll, .chart-scroll"))
                .slice(0, 3).map(e => e.tagName + "." + e.className)""",
            size["width"],
        )
        problems.append(f"{name}: page {width} px wide at {size['width']} px ({wide})")
    if page.evaluate("document.activeElement === document.body"):
        page.keyboard.press("Tab")
        first = page.evaluate(
            "[document.activeElement.className, document.activeElement.textContent]"
        )
    else:  # a field with autofocus (search, sign-in): the skip link still comes first in order
        first = page.evaluate(
            """() => { const e = document.querySelector(
                "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
                return [e.className, e.textContent]; }"""
        )
    if first != ["skip", "Langsung ke isi utama"]:
        problems.append(f"{name}: first Tab stop is {first}, not the skip link")
    return problems


@pytest.mark.parametrize("label", ["desktop", "phone"])
def test_every_page_passes_axe_fits_the_width_and_starts_with_the_skip_link(
    browser: Browser, site: Site, label: str
) -> None:
    CSP_VIOLATIONS.clear()
    size = WIDTHS[label]
    tabs: dict[str | None, Page] = {}
    problems: list[str] = []
    for name, who, path in pages(site):
        if who not in tabs:
            tabs[who] = new_page(browser, site.server.url, size)
            tabs[who].context.add_init_script(path=str(AXE))
            if who:
                sign_in_as(tabs[who], who)
        page = tabs[who]
        response = page.goto(path)
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), (name, response.status)
        problems += check(page, name, size, label)
        if name == "editor-new":  # the same form with DatasetIn's messages next to the fields
            page.get_by_role("button", name="Terbitkan").click()
            expect(page.locator(".field-error").first).to_be_visible()
            problems += check(page, "editor-errors", size, label)
    # the skip link leads to the main content
    page = tabs[None]
    page.goto("/dataset?q=kemiskinan")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
    assert problems == [], "\n".join(problems)
    assert CSP_VIOLATIONS == []


def test_phone_search_shows_results_first_with_a_filter_button(
    browser: Browser, site: Site
) -> None:
    page = new_page(browser, site.server.url, PHONE)
    page.goto("/dataset?q=kemiskinan")
    button = page.get_by_role("button", name="Filter")
    first_hit = page.locator(".hit").first
    expect(button).to_be_visible()
    expect(first_hit).to_be_visible()
    assert button.bounding_box()["y"] < first_hit.bounding_box()["y"]  # type: ignore[index]
    # the first result is on the first screen, not below the filters
    assert first_hit.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
    facets = page.get_by_role("dialog", name="Filter")
    expect(facets).to_be_hidden()
    button.click()
    expect(facets).to_be_visible()
    expect(facets.get_by_role("link", name="Dinas Sosial")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "search-filters-open-phone.png"))
    page.keyboard.press("Escape")
    expect(facets).to_be_hidden()
    expect(button).to_be_focused()
    button.click()
    facets.get_by_role("link", name="Dinas Sosial").click()
    expect(page.locator("#result-count")).to_have_text("3 dataset ditemukan")
    expect(page.locator(".chip")).to_contain_text("Dinas Sosial")
    # desktop: the filters stay beside the results, no button
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("button", name="Filter")).to_be_hidden()
    expect(page.locator(".facets").get_by_role("link", name="Dinas Sosial")).to_be_visible()
    assert CSP_VIOLATIONS == []


def test_phone_filters_without_javascript(browser: Browser, site: Site) -> None:
    """Without the script the Filter button is a link above the results down to the filters,
    which follow the results."""
    context = browser.new_context(
        base_url=site.server.url, viewport=PHONE, java_script_enabled=False, locale="id-ID"
    )
    page = context.new_page()
    page.goto("/dataset?q=kemiskinan")
    link = page.get_by_role("link", name="Filter", exact=True)
    facet = page.locator("#filters").get_by_role("link", name="Dinas Sosial")
    first_hit = page.locator(".hit").first
    expect(link).to_be_visible()
    assert link.bounding_box()["y"] < first_hit.bounding_box()["y"]  # type: ignore[index]
    assert first_hit.bounding_box()["y"] < facet.bounding_box()["y"]  # type: ignore[index]
    link.click()
    expect(page).to_have_url(re.compile("#filters$"))
    expect(facet).to_be_in_viewport()
    context.close()


@pytest.mark.parametrize("label", ["desktop", "phone"])
def test_escape_closes_suggestions_and_keeps_the_query(
    browser: Browser, site: Site, label: str
) -> None:
    page = new_page(browser, site.server.url, WIDTHS[label])
    page.goto("/")
    box = page.get_by_label("Cari dataset")
    box.press_sequentially("kasus keke", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("kasus keke")
    expect(box).to_be_focused()


@pytest.mark.parametrize("label", ["desktop", "phone"])
def test_report_chart_is_readable_with_full_agency_names(
    browser: Browser, site: Site, label: str
) -> None:
    page = new_page(browser, site.server.url, WIDTHS[label])
    sign_in_as(page, "reviewer")
    page.goto("/tinjauan/laporan")
    chart = page.locator(".chart")
    expect(chart).to_be_visible()
    expect(chart.get_by_text(LONG_AGENCY, exact=True)).to_be_visible()
    smallest = chart.evaluate(
        """c => Math.min(...[...c.querySelectorAll("*")]
            .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => e.getBoundingClientRect().height ? parseFloat(getComputedStyle(e).fontSize)
                        * (e.getScreenCTM ? e.getScreenCTM().a : 1) : 99))"""
    )
    assert smallest >= 12, smallest
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[label]["width"]


@pytest.mark.parametrize("label", ["desktop", "phone"])
def test_keyboard_reaches_the_first_result_a_few_tabs_after_the_skip_link(
    browser: Browser, site: Site, label: str
) -> None:
    """The results come before the filters in the page: after "Langsung ke isi utama", the
    search box and its button, the CSV and XLSX download links, (the Filter button on phones,)
    the sort choice and its button, then the first result (it took 67 Tabs before)."""
    page = new_page(browser, site.server.url, WIDTHS[label])
    page.goto("/dataset?q=kemiskinan")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    first = page.locator(".hit h3 a").first
    presses = 0
    while presses < 12 and not first.evaluate("a => a === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
    expect(first).to_be_focused()
    assert presses <= (8 if label == "phone" else 7), presses
