"""The desk's mails through a real local SMTP server (aiosmtpd on 127.0.0.1): sent only after
the change committed, with the consultation's details; the reminder the day before once, by
the scheduler, when the clock reaches it; nothing sent while CATALOG_SMTP_HOST is empty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.clock import Clock
from catalog.context import Catalog
from catalog.errors import Conflict
from catalog.services.consultations import workflow
from catalog.worker import consultation_reminders
from tests.conftest import build_app
from tests.desk_helpers import TODAY, TUESDAY, book, first_slot, make_desk, put_on_duty
from tests.smtp_inbox import Inbox, smtp_inbox


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_inbox() as server:
        yield server


def test_mails_after_commit_and_reminder_once(
    db_url: str, tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    app = build_app(db_url, tmp_path, smtp_host="127.0.0.1", smtp_port=port)
    ctx: Catalog = app.extensions["catalog"]
    world = make_desk(ctx, emails=True)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    slot = first_slot(ctx, TUESDAY)
    cid = book(ctx, world, slot, question="Desain kuesioner survei kepuasan pasien.")
    [to_editor] = inbox.to("editor@example.test")
    assert to_editor["Subject"] == "[Pojok Romantik] Permintaan konsultasi diterima"
    text = to_editor.get_content()
    assert "Dinas Kesehatan" in text and "Desain kuesioner" in text
    assert "01-12-2026 pukul 08:00-09:00 WIB" in text
    assert "/konsultasi/" in text
    assert len(inbox.to("officer1@example.test")) == 1  # the officer on duty hears of it
    # a refused change sends nothing (the seat is taken: 409, rolled back)
    before = len(inbox.messages)
    with pytest.raises(Conflict):
        book(ctx, world, slot, "editor2", "dinas-pendidikan", "analisis", "x")
    assert len(inbox.messages) == before
    with ctx.unit_of_work() as session:
        workflow.act(session, world.actor(session, "officer1"), cid, "accept", today=TODAY)
    scheduled = inbox.to("editor@example.test")[-1]
    assert scheduled["Subject"] == "[Pojok Romantik] Konsultasi dijadwalkan"
    assert "Petugas BPS: Ani Petugas" in scheduled.get_content()
    ctx.clock = Clock(TODAY)  # the day before
    assert consultation_reminders(ctx)["reminders"] == 1
    assert consultation_reminders(ctx)["reminders"] == 0
    reminders = [m for m in inbox.messages if "besok" in str(m["Subject"])]
    assert sorted(m["To"] for m in reminders) == ["editor@example.test", "officer1@example.test"]


def test_no_mail_while_smtp_is_off(db_url: str, tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, _port = smtp
    app = build_app(db_url, tmp_path)  # CATALOG_SMTP_HOST empty: mail off
    ctx: Catalog = app.extensions["catalog"]
    world = make_desk(ctx, emails=True)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    book(ctx, world, first_slot(ctx, TUESDAY))
    assert inbox.messages == []
