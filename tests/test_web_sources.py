"""Issue 15: harvest source management on the agency dashboard: schedules chosen from plain
options, a warning on a duplicate address, pause/resume, delete (keep or withdraw the
datasets), a failed job's bar and reason."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.models import Dataset, HarvestJob, HarvestSource, utcnow
from catalog.services import audit, harvest
from catalog.services.auth import SYSTEM
from tests import factories
from tests.conftest import app_with_agencies
from tests.web_helpers import csrf_from, sign_in

DASHBOARD = "/dasbor/dinas-kesehatan"
NEW = f"{DASHBOARD}/sumber/baru"


@pytest.fixture
def private_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app, ctx = app_with_agencies(
        db_url,
        tmp_path,
        {"dinas-kesehatan": "Dinas Kesehatan", "dinas-pendidikan": "Dinas Pendidikan"},
        harvest_allow_private=True,
    )
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        factories.make_user(session, "editor2", orgs=("dinas-pendidikan",))
    yield app
    ctx.db.dispose()


def _post(
    client: FlaskClient, path: str, data: dict[str, str], page: str | None = None
) -> TestResponse:
    return client.post(path, data={**data, "csrf_token": csrf_from(client, page or path)})


def _source(ctx: Catalog, title: str) -> HarvestSource:
    with ctx.unit_of_work() as session:
        found = session.query(HarvestSource).filter_by(title=title).one()
        session.expunge(found)
        return found


def _editor_with_a_portal(app: Flask) -> tuple[Catalog, FlaskClient, HarvestSource]:
    """The catalog, a client signed in as Dinas Kesehatan's editor, and the source "Portal"
    that editor has just added through the form (its address answers nothing)."""
    ctx: Catalog = app.extensions["catalog"]
    client = app.test_client()
    sign_in(client, "editor")
    _new(client, "Portal", "http://127.0.0.1:9/data.json")
    return ctx, client, _source(ctx, "Portal")


def _new(client: FlaskClient, title: str, url: str, **extra: str) -> TestResponse:
    return _post(
        client,
        NEW,
        {
            "title": title,
            "type": "datajson",
            "url": url,
            "schedule_choice": "manual",
            "active": "on",
            **extra,
        },
    )


def test_schedule_is_chosen_from_plain_options_or_a_cron_line(private_app: Flask) -> None:
    ctx: Catalog = private_app.extensions["catalog"]
    client = private_app.test_client()
    sign_in(client, "editor")
    form = client.get(NEW).get_data(as_text=True)
    for label in ("Setiap jam", "Harian", "Mingguan", "Bulanan", "Baris cron"):
        assert label in form
    url = "http://127.0.0.1:9/data.json"
    assert _new(client, "Harian", url, schedule_choice="daily").status_code == 302
    assert _source(ctx, "Harian").schedule == "daily"
    weekly_cron = {"schedule_choice": "cron", "cron": "0 2 * * 1"}
    assert _new(client, "Senin", url + "?x=1", **weekly_cron).status_code == 302
    assert _source(ctx, "Senin").schedule == "0 2 * * 1"
    bad = _new(client, "Salah", url + "?x=2", schedule_choice="cron", cron="setiap hari")
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert "Baris cron tidak valid" in body and 'value="setiap hari"' in body
    assert "hourly, daily" not in body  # not the English hint of the service
    edit = client.get(f"{DASHBOARD}/sumber/{_source(ctx, 'Senin').id}").get_data(as_text=True)
    assert '<option value="cron" selected>' in edit and 'value="0 2 * * 1"' in edit
    page = client.get(DASHBOARD).get_data(as_text=True)
    assert "Harian" in page and "cron: 0 2 * * 1" in page


def test_a_duplicate_address_is_saved_with_a_warning(private_app: Flask) -> None:
    client = private_app.test_client()
    sign_in(client, "editor2")
    other = "/dasbor/dinas-pendidikan/sumber/baru"
    first = {"title": "Portal Dindik", "type": "datajson", "schedule_choice": "manual"}
    assert _post(client, other, {**first, "url": "http://127.0.0.1:9/data.json"}).status_code == 302
    client = private_app.test_client()
    sign_in(client, "editor")
    saved = _new(client, "Portal Dinkes", "HTTP://127.0.0.1:9/data.json/")
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Alamat yang sama sudah dipakai sumber data: Portal Dindik (Dinas Pendidikan)" in page
    unique = _new(client, "Lain", "http://127.0.0.1:9/lain.json")
    assert "Alamat yang sama" not in client.get(unique.headers["Location"]).get_data(as_text=True)


def test_paused_sources_are_skipped_by_the_scheduler(private_app: Flask) -> None:
    ctx: Catalog = private_app.extensions["catalog"]
    client = private_app.test_client()
    sign_in(client, "editor")
    _new(client, "Jam", "http://127.0.0.1:9/data.json", schedule_choice="hourly")
    source = _source(ctx, "Jam")
    pause = f"{DASHBOARD}/sumber/{source.id}/jeda"
    assert "Jeda: Jam" in client.get(DASHBOARD).get_data(as_text=True)
    assert _post(client, pause, {"paused": "1"}, DASHBOARD).status_code == 302
    page = client.get(DASHBOARD).get_data(as_text=True)
    assert "dijeda" in page and "Lanjutkan" in page
    later = utcnow() + timedelta(days=2)
    with ctx.unit_of_work() as session:
        assert harvest.queue_due(session, now=later) == 0
    assert _post(client, pause, {"paused": "0"}, DASHBOARD).status_code == 302
    with ctx.unit_of_work() as session:
        assert harvest.queue_due(session, now=later) == 1
        events, _total = audit.list_events(session, SYSTEM)
        done = {(e.action, e.actor_name, e.target) for e in events}
        for action in ("source.create", "source.pause", "source.resume"):
            assert (action, "editor", "Jam (Dinas Kesehatan)") in done
    # another agency's editor may not pause it
    other = private_app.test_client()
    sign_in(other, "editor2")
    assert _post(other, pause, {"paused": "1"}, "/dasbor/dinas-pendidikan").status_code == 403


@pytest.mark.parametrize("choice", ["keep", "withdraw"])
def test_delete_asks_what_happens_to_the_datasets(private_app: Flask, choice: str) -> None:
    ctx, client, source = _editor_with_a_portal(private_app)
    with ctx.unit_of_work() as session:
        dataset = factories.make_dataset(session, "dinas-kesehatan", slug="dipanen")
        dataset.harvest_source_id = source.id
    delete = f"{DASHBOARD}/sumber/{source.id}/hapus"
    asked = client.get(delete).get_data(as_text=True)
    assert "1 dataset" in asked and 'value="withdraw"' in asked
    assert _post(client, delete, {}).status_code == 422  # no choice made
    done = _post(client, delete, {"datasets": choice})
    assert done.status_code == 302
    with ctx.unit_of_work() as session:
        assert session.get(HarvestSource, source.id) is None
        kept = session.query(Dataset).filter_by(slug="dipanen").one()
        assert kept.state == ("withdrawn" if choice == "withdraw" else "published")
        assert kept.harvest_source_id is None


def test_a_failed_job_shows_a_red_bar_and_its_reason(private_app: Flask) -> None:
    ctx, client, source = _editor_with_a_portal(private_app)
    with ctx.unit_of_work() as session:
        job = HarvestJob(
            source_id=source.id,
            status="failed",
            message="Sumber tidak dapat dihubungi.",
            finished_at=utcnow(),
        )
        session.add(job)
        session.flush()
        job_id = job.id
    page = client.get(f"{DASHBOARD}/tugas/{job_id}").get_data(as_text=True)
    assert re.search(r'<progress id="progress" class="progress progress-failed"', page)
    assert "Pengambilan data gagal: Sumber tidak dapat dihubungi." in page
    listing = client.get(DASHBOARD).get_data(as_text=True)
    assert "Sumber tidak dapat dihubungi." in listing and "Jalankan sekarang" in listing


def test_a_harvest_can_be_cancelled_from_its_page(private_app: Flask) -> None:
    """ "Run now" queues a job; its page offers to cancel it while it waits or runs, and the
    cancel takes a queued job off at once, asks a running one to stop, and says when a job
    had already ended. Another agency's editor cannot touch it."""
    ctx, client, source = _editor_with_a_portal(private_app)
    queued = _post(client, f"{DASHBOARD}/sumber/{source.id}/jalankan", {}, DASHBOARD)
    job_page = queued.headers["Location"]
    job_id = job_page.rsplit("/", 1)[1]
    assert 'id="cancel-job"' in client.get(job_page).get_data(as_text=True)
    other = private_app.test_client()
    sign_in(other, "editor2")
    foreign = other.post(
        f"{job_page}/batalkan", data={"csrf_token": csrf_from(other, "/dasbor/dinas-pendidikan")}
    )
    assert foreign.status_code in (403, 404)
    cancelled = _post(client, f"{job_page}/batalkan", {}, job_page)
    assert cancelled.status_code == 302
    page = client.get(job_page).get_data(as_text=True)
    assert "Pengambilan data dibatalkan." in page and 'id="cancel-job"' not in page
    with ctx.unit_of_work() as session:
        job = session.get(HarvestJob, job_id)
        assert job is not None and job.status == "cancelled"
        running = HarvestJob(source_id=source.id, status="running", started_at=utcnow())
        session.add(running)
        session.flush()
        running_id = running.id
    running_page = f"{DASHBOARD}/tugas/{running_id}"
    _post(client, f"{running_page}/batalkan", {}, running_page)
    page = client.get(running_page).get_data(as_text=True)
    assert "berhenti setelah catatan" in page and 'id="cancel-job"' not in page
    assert client.get(f"{running_page}.json").get_json()["cancel_requested"] is True
    again = _post(client, f"{job_page}/batalkan", {}, DASHBOARD)
    assert again.status_code == 302
    final = client.get(job_page).get_data(as_text=True)
    assert "sudah selesai" in final, re.findall(r"flash[^<]*<?[^<]*", final)
