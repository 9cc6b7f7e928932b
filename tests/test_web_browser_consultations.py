"""Issue 18 in Chromium: the Pojok Romantik desk, end to end, in the issue's order. An OPD
editor books next Tuesday's first slot about a questionnaire for a planned survey (linked to
one of the agency's datasets) before anyone is on duty (the day offers its baseline seats);
the BPS coordinator, told of the booking, puts an officer on duty that Tuesday; the officer
accepts, holds the session, records notes and two follow-ups, closes it and opens the
recommendation review of the linked dataset; the editor completes a follow-up from the
dashboard and fills the survey; the walidata's report shows one consultation and the index.
Mails are captured by a real local SMTP server (aiosmtpd) and checked. Screenshots of every
new page at 1280 and 390 px go to build/screenshots/desk-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from catalog.context import Catalog
from tests import factories
from tests.browser import (
    AXE,
    CSP_VIOLATIONS,
    LiveServer,
    axe_problems,
    new_page,
    screenshot,
    serve,
    sign_in_as,
)
from tests.conftest import build_app
from tests.desk_helpers import TODAY, TUESDAY, make_desk
from tests.smtp_inbox import Inbox, smtp_inbox

pytestmark = pytest.mark.browser


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with smtp_inbox() as server:
        yield server


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path, inbox: tuple[Inbox, int]) -> Iterator[LiveServer]:
    app = build_app(
        sqlite_url,
        tmp_path,
        clock_today=TODAY.isoformat(),
        smtp_host="127.0.0.1",
        smtp_port=inbox[1],
        public_url="http://katalog.example",
    )
    ctx: Catalog = app.extensions["catalog"]
    make_desk(ctx, emails=True)
    with ctx.unit_of_work() as session:
        factories.make_dataset(
            session, "dinas-kesehatan", title="Indeks Kepuasan Pasien Puskesmas", slug="ikp"
        )
    with serve(app) as server:
        yield server
    ctx.db.dispose()


def sign_in(browser: Browser, live: LiveServer, username: str) -> Page:
    page = new_page(browser, live.url)
    sign_in_as(page, username)
    return page


def test_desk_journey(browser: Browser, live: LiveServer, inbox: tuple[Inbox, int]) -> None:
    CSP_VIOLATIONS.clear()
    box = inbox[0]
    visitor = new_page(browser, live.url)
    visitor.goto("/pojok-romantik")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Pojok Romantik")
    expect(visitor.locator("#status-meaning")).to_contain_text("Dalam proses rekomendasi")
    screenshot(visitor, "desk-about")
    visitor.goto("/dataset/ikp")
    badge = visitor.locator(".rec .badge")
    expect(badge).to_have_text("Belum ada rekomendasi")
    badge.click()
    expect(visitor).to_have_url(f"{live.url}/pojok-romantik#status-meaning")

    # the editor books next Tuesday's first slot about a questionnaire for a planned survey,
    # before the coordinator has put anyone on duty
    editor = sign_in(browser, live, "editor")
    editor.goto("/konsultasi/baru")
    editor.get_by_label("Topik").select_option(label="Desain kuesioner")
    editor.get_by_label("Apa yang ingin dikonsultasikan").fill(
        "Mohon masukan atas draf kuesioner Survei Kepuasan Pasien Puskesmas 2027."
    )
    editor.get_by_label("Dataset instansi (boleh lebih dari satu)").select_option("ikp")
    editor.get_by_label("Kegiatan yang direncanakan (bila belum ada datasetnya)").fill(
        "Survei Kepuasan Pasien Puskesmas"
    )
    editor.get_by_label("Tahun kegiatan").fill("2027")
    editor.locator("input[name=slot_id]").first.check()
    screenshot(editor, "desk-book")
    editor.get_by_role("button", name="Kirim permintaan").click()
    expect(editor.get_by_text("Permintaan konsultasi terkirim.")).to_be_visible()
    expect(editor.locator("#status")).to_have_text("Diajukan")
    expect(editor.locator("#officer")).not_to_contain_text("Ani Petugas")
    consultation_url = editor.url

    # the coordinator, told of the waiting booking, puts Ani on duty next Tuesday
    coordinator = sign_in(browser, live, "koordinator")
    coordinator.goto("/notifikasi")
    expect(coordinator.locator("#notifications")).to_contain_text("Permintaan konsultasi diterima")
    coordinator.goto(f"/pojok-romantik/jadwal?minggu={TUESDAY.isoformat()}")
    day = coordinator.locator(f"#hari-{TUESDAY.isoformat()}")
    day.get_by_label("Tugaskan petugas").select_option(label="Ani Petugas")
    day.get_by_role("button", name="Tugaskan").click()
    expect(coordinator.get_by_text("Petugas dijadwalkan bertugas.")).to_be_visible()
    expect(coordinator.locator(f"#hari-{TUESDAY.isoformat()}")).to_contain_text("Ani Petugas")

    # the officer accepts, holds the session, records it and closes it
    officer = sign_in(browser, live, "petugas1")
    officer.goto("/pojok-romantik/agenda")
    expect(officer.locator("#waiting")).to_contain_text("Dinas Kesehatan")
    screenshot(officer, "desk-agenda")
    officer.locator("#waiting a").first.click()
    officer.get_by_role("button", name="Terima & jadwalkan").click()
    expect(officer.locator("#status")).to_have_text("Dijadwalkan")
    expect(officer.locator("#officer")).to_have_text("Ani Petugas")
    officer.get_by_label("Catatan", exact=True).fill(
        "Membahas draf kuesioner: 32 pertanyaan, beberapa ganda."
    )
    officer.get_by_label("Saran yang diberikan").fill(
        "Gunakan sembilan unsur SKM dengan skala 1-4; uji coba di dua puskesmas."
    )
    agreed = [  # the follow-ups, a row of the form each: (what, whose task, due)
        ("Kirim draf kuesioner yang sudah direvisi", "opd", "2026-12-08"),
        ("Kirim contoh kerangka sampel puskesmas", "bps", "2026-12-04"),
    ]
    for row, (what, party, due) in enumerate(agreed):
        officer.get_by_label(f"Apa ({row + 1})").fill(what)
        officer.locator(f"#f{row}_party").select_option(party)
        officer.locator(f"#f{row}_due").fill(due)
    screenshot(officer, "desk-record-form")
    officer.get_by_role("button", name="Simpan catatan sesi").click()
    expect(officer.get_by_text("Catatan sesi tersimpan.")).to_be_visible()
    expect(officer.locator("#followups tbody tr")).to_have_count(2)
    officer.get_by_role("button", name="Tandai sesi selesai").click()
    expect(officer.locator("#status")).to_have_text("Selesai")
    screenshot(officer, "desk-session-record")
    officer.get_by_role("button", name="Buka permintaan rekomendasi").click()
    expect(officer.get_by_text("Permintaan rekomendasi dibuka untuk dataset itu.")).to_be_visible()
    expect(officer.locator(".rec .badge")).to_have_text("Sedang ditinjau")
    expect(officer.locator("#h-desk-led")).to_be_visible()

    # the editor completes a follow-up on the dashboard and fills the survey
    editor.goto("/dasbor/dinas-kesehatan")
    followups = editor.locator("#followups")
    expect(followups).to_contain_text("Kirim draf kuesioner yang sudah direvisi")
    screenshot(editor, "desk-dashboard-followups")
    followups.get_by_role("button", name="Tandai selesai").click()
    expect(editor.get_by_text("Tindak lanjut ditandai selesai.")).to_be_visible()
    editor.goto(consultation_url)
    editor.get_by_role("link", name="Isi survei kepuasan").click()
    for code in range(1, 10):
        editor.locator(f"#q-U{code} input[value='{4 if code != 3 else 3}']").check()
    editor.get_by_label("Saran atau komentar (tidak wajib)").fill("Sangat membantu.")
    screenshot(editor, "desk-survey")
    editor.get_by_role("button", name="Kirim survei").click()
    expect(editor.get_by_text("Terima kasih. Survei kepuasan tersimpan.")).to_be_visible()
    screenshot(editor, "desk-detail")
    editor.goto("/notifikasi")
    expect(editor.locator("#notifications")).to_contain_text("Konsultasi dijadwalkan")
    screenshot(editor, "desk-notifications")
    editor.goto("/konsultasi")
    screenshot(editor, "desk-list")

    # the walidata's report: one consultation and the index
    walidata = sign_in(browser, live, "walidata")
    walidata.goto("/pojok-romantik/laporan")
    expect(walidata.locator("#rep-total")).to_have_text("1")
    expect(walidata.locator("#rep-index")).to_contain_text("97.22 (A, Sangat baik; 1 survei)")
    screenshot(walidata, "desk-reports")
    coordinator.goto(f"/pojok-romantik/jadwal?minggu={TUESDAY.isoformat()}")
    screenshot(coordinator, "desk-week")
    visitor.goto("/pojok-romantik")
    expect(visitor.locator("#fig-held")).to_have_text("1")

    # the mails, as the local SMTP server received them
    to_editor = box.subjects("editor@example.test")
    assert to_editor[:2] == [
        "[Pojok Romantik] Permintaan konsultasi diterima",
        "[Pojok Romantik] Konsultasi dijadwalkan",
    ]
    assert "[Pojok Romantik] Mohon isi survei kepuasan" in to_editor
    # booked before anyone was on duty: the coordinator heard of it, the officer on accepting
    booked_mail = box.to("coordinator@example.test")[0]
    assert booked_mail["Subject"] == "[Pojok Romantik] Permintaan konsultasi diterima"
    assert "Koordinator BPS akan menugaskan petugas" in booked_mail.get_content()
    # the officer heard of the waiting booking when put on duty, then scheduled it
    to_officer = box.subjects("officer1@example.test")
    assert to_officer[:2] == [
        "[Pojok Romantik] Tugas jaga Pojok Romantik",
        "[Pojok Romantik] Konsultasi dijadwalkan",
    ]
    duty_mail = box.to("officer1@example.test")[0].get_content()
    assert "1 permintaan konsultasi hari itu menunggu diterima" in duty_mail
    assert "http://katalog.example/pojok-romantik/agenda" in duty_mail
    scheduled = next(
        m for m in box.messages if m["Subject"] == "[Pojok Romantik] Konsultasi dijadwalkan"
    )
    body = scheduled.get_content()
    assert "Topik: Desain kuesioner" in body and "01-12-2026 pukul 08:00-09:00 WIB" in body
    assert "Petugas BPS: Ani Petugas" in body
    assert "http://katalog.example/konsultasi/" in body
    assert CSP_VIOLATIONS == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_desk_pages_pass_axe_and_fit_the_width(
    browser: Browser, live: LiveServer, width: str
) -> None:
    from tests.browser import WIDTHS

    size = WIDTHS[width]
    problems: list[str] = []
    pages = {
        None: ["/pojok-romantik"],
        "editor": ["/konsultasi/baru", "/konsultasi", "/notifikasi"],
        "koordinator": [f"/pojok-romantik/jadwal?minggu={TUESDAY.isoformat()}"],
        "petugas1": ["/pojok-romantik/agenda"],
        "walidata": ["/pojok-romantik/laporan"],
    }
    for who, paths in pages.items():
        page = new_page(browser, live.url, size)
        page.context.add_init_script(path=str(AXE))
        if who:
            page.goto("/masuk")
            page.get_by_label("Nama pengguna").fill(who)
            page.get_by_label("Kata sandi").fill(factories.PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            expect(page.get_by_role("button", name=f"Keluar ({who})")).to_be_visible()
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            problems += [f"{path}: {line}" for line in axe_problems(page)]
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > size["width"]:
                problems.append(f"{path}: {wide} px wide at {size['width']} px")
    assert problems == [], "\n".join(problems)
