"""Pojok Romantik pages with Flask's test client: the public page and its figures, booking
through the form, the officer's actions, session record and follow-ups, the survey, the week
view with duty for the coordinator, the agenda, notifications and the reports (CSV)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from catalog.context import Catalog
from tests.desk_helpers import TODAY, TUESDAY, book, first_slot, make_desk, put_on_duty
from tests.web_helpers import csrf_from, sign_in

APP_SETTINGS = {"clock_today": TODAY.isoformat()}


def _post(client: FlaskClient, page: str, path: str, data: dict[str, object]) -> str:
    token = csrf_from(client, page)
    response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_desk_pages_end_to_end(app: Flask, ctx: Catalog) -> None:
    make_desk(ctx)
    public = app.test_client()
    about = public.get("/pojok-romantik").get_data(as_text=True)
    assert "Pojok Rekomendasi Statistik" in about and "Selasa" in about and "08:00" in about
    assert "Direkomendasikan BPS" in about and "Statistik BPS" in about
    assert public.get("/konsultasi/baru").status_code == 302  # sign in first
    assert public.get("/pojok-romantik/jadwal").status_code == 302

    coordinator = app.test_client()
    sign_in(coordinator, "koordinator")
    week_page = f"/pojok-romantik/jadwal?minggu={TUESDAY.isoformat()}"
    html = _post(
        coordinator,
        week_page,
        week_page,
        {"day": TUESDAY.isoformat(), "officer": "petugas1"},
    )
    assert "Petugas dijadwalkan bertugas." in html and "Ani Petugas" in html

    editor = app.test_client()
    sign_in(editor, "editor")
    slot = first_slot(ctx, TUESDAY)
    html = _post(
        editor, "/konsultasi/baru", "/konsultasi/baru", {"topic": "kuesioner", "question": ""}
    )
    assert "Wajib diisi" in html or "Pilih" in html  # errors shown, nothing booked
    html = _post(
        editor,
        "/konsultasi/baru",
        "/konsultasi/baru",
        {
            "organization": "dinas-kesehatan",
            "topic": "kuesioner",
            "question": "Kuesioner survei kepuasan pasien puskesmas 2027.",
            "activity_name": "Survei Kepuasan Pasien Puskesmas",
            "activity_year": "2027",
            "mode": "tatap_muka",
            "slot_id": str(slot),
        },
    )
    assert "Permintaan konsultasi terkirim" in html and "Diajukan" in html
    cid = html.split('action="/konsultasi/')[1].split("/")[0]

    officer = app.test_client()
    sign_in(officer, "petugas1")
    agenda = officer.get("/pojok-romantik/agenda").get_data(as_text=True)
    assert "Dinas Kesehatan" in agenda and ".ics?token=" in agenda
    page = f"/konsultasi/{cid}"
    html = _post(officer, page, f"/konsultasi/{cid}/aksi/accept", {"version": "1"})
    assert "Dijadwalkan" in html
    html = _post(
        officer,
        page,
        f"/konsultasi/{cid}/sesi",
        {
            "notes": "Membahas kuesioner.",
            "advice": "Gunakan skala 1-4.",
            "f0_what": "Kirim draf kuesioner revisi",
            "f0_party": "opd",
            "f0_due": (TUESDAY + timedelta(days=7)).isoformat(),
            "f1_what": "Kirim kerangka sampel",
            "f1_party": "bps",
            "f1_due": (TUESDAY + timedelta(days=3)).isoformat(),
        },
    )
    assert "Catatan sesi tersimpan." in html and "Kirim kerangka sampel" in html
    html = _post(officer, page, f"/konsultasi/{cid}/aksi/finish", {})
    assert "Selesai" in html

    html = editor.get(page).get_data(as_text=True)
    assert "Isi survei kepuasan" in html
    followup_id = html.split('action="/tindak-lanjut/')[1].split("/")[0]
    html = _post(editor, page, f"/tindak-lanjut/{followup_id}/selesai", {})
    assert "Tindak lanjut ditandai selesai." in html
    survey_page = f"/konsultasi/{cid}/survei"
    answers = {f"U{i}": "4" for i in range(1, 10)} | {"U3": "3"}
    html = _post(editor, survey_page, survey_page, {"U1": "4"})
    assert "Survei belum lengkap." in html
    html = _post(editor, survey_page, survey_page, answers)
    assert "Survei kepuasan tersimpan" in html
    listing = editor.get("/konsultasi").get_data(as_text=True)
    feed = listing.split('class="ics"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "/instansi/" in feed and "token=" in feed
    ics = public.get(feed.replace("http://127.0.0.1:5000", ""))
    assert ics.status_code == 200 and "Dinas Kesehatan" in ics.get_data(as_text=True)
    notes = editor.get("/notifikasi").get_data(as_text=True)
    assert "Konsultasi dijadwalkan" in notes and "Mohon isi survei kepuasan" in notes
    html = _post(editor, "/notifikasi", "/notifikasi", {})
    assert 'id="unread"' not in html

    admin = app.test_client()
    sign_in(admin, "walidata")
    reports = admin.get("/pojok-romantik/laporan").get_data(as_text=True)
    assert 'id="rep-held">1<' in reports and "97.22" in reports
    csv = admin.get("/pojok-romantik/laporan?format=csv")
    assert csv.mimetype == "text/csv" and "Dinas Kesehatan" in csv.get_data(as_text=True)
    assert editor.get("/pojok-romantik/laporan").status_code == 403
    about = public.get("/pojok-romantik").get_data(as_text=True)
    assert 'id="fig-held">1<' in about and "97.22" in about


def test_public_badge_wording_and_links(app: Flask, ctx: Catalog) -> None:
    from catalog.services.consultations import workflow
    from catalog.services.recommendations import workflow as rec_workflow
    from tests import factories
    from tests.desk_helpers import put_on_duty

    world = make_desk(ctx)
    with ctx.unit_of_work() as session:
        plain = factories.make_dataset(session, "dinas-kesehatan", title="Jumlah Puskesmas")
        asked = factories.make_dataset(session, "dinas-kesehatan", title="Survei Kepuasan Pasien")
        own = factories.make_dataset(session, "bps-kab-tangerang", title="Indeks Harga Konsumen")
        rec_workflow.act(session, world.actor(session, "editor"), asked.slug, "request")
        slugs = (plain.slug, asked.slug, own.slug)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    with ctx.unit_of_work() as session:
        c = workflow.book(
            session,
            world.actor(session, "editor"),
            workflow.Booking(
                "dinas-kesehatan", "kuesioner", "Kuesioner.", first_slot(ctx, TUESDAY),
                datasets=[slugs[1]],
            ),
            today=TODAY,
        )  # fmt: skip
        workflow.act(session, world.actor(session, "officer1"), c.id, "accept", today=TODAY)
        workflow.record_session(
            session,
            world.actor(session, "officer1"),
            c.id,
            notes="",
            advice="",
            followups=[workflow.FollowUpIn("Perbaiki kuesioner", "opd", TUESDAY + timedelta(7))],
        )
    public = app.test_client()
    page = public.get(f"/dataset/{slugs[0]}").get_data(as_text=True)
    assert 'href="/pojok-romantik#status-meaning">Belum ada rekomendasi</a>' in page
    page = public.get(f"/dataset/{slugs[1]}").get_data(as_text=True)
    assert ">Dalam proses rekomendasi</a>" in page
    assert "Konsultasi Pojok Romantik terkait" not in page  # not for the public
    page = public.get(f"/dataset/{slugs[2]}").get_data(as_text=True)
    assert ">Statistik BPS</a>" in page and "Belum ada rekomendasi" not in page
    search = public.get("/dataset?q=indeks").get_data(as_text=True)
    assert "Statistik BPS" in search
    assert 'href="/pojok-romantik"' in public.get("/").get_data(as_text=True)
    editor = app.test_client()
    sign_in(editor, "editor")
    page = editor.get(f"/dataset/{slugs[1]}").get_data(as_text=True)
    assert "Diajukan" in page and "Konsultasi Pojok Romantik terkait" in page
    dashboard = editor.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    assert "Perbaiki kuesioner" in dashboard and 'id="followups"' in dashboard
    reviewer = app.test_client()
    sign_in(reviewer, "petugas2")
    review = reviewer.get(f"/tinjauan/{slugs[1]}").get_data(as_text=True)
    assert "Konsultasi Pojok Romantik terkait" in review


def test_walidata_sets_the_desk_and_closes_a_date(app: Flask, ctx: Catalog) -> None:
    """The walidata's settings page: days, hours, seats and the booking horizon through the
    desk's own input schema (messages next to the inputs, nothing saved on a refusal), and a
    date closed and opened again; nobody else opens the page."""
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    book(ctx, world, first_slot(ctx, TUESDAY))
    page = "/pojok-romantik/pengaturan"
    for who in ("editor", "petugas1", "koordinator"):
        other = app.test_client()
        sign_in(other, who)
        assert other.get(page).status_code == 403
        assert "/pojok-romantik/pengaturan" not in other.get("/konsultasi").get_data(as_text=True)
    walidata = app.test_client()
    sign_in(walidata, "walidata")
    assert 'href="/pojok-romantik/pengaturan"' in walidata.get("/konsultasi").get_data(as_text=True)
    form = walidata.get(page).get_data(as_text=True)
    assert 'name="weekdays" value="2" checked' in form and 'value="60"' in form
    fields = {
        "weekdays": ["2", "4"],
        "opens": "09:00",
        "closes": "08:00",
        "slot_minutes": "lima",
        "capacity_per_officer": "2",
        "horizon_days": "90",
        "location": "Kantor BPS Kabupaten Tangerang",
    }
    refused = walidata.post(page, data={**fields, "csrf_token": csrf_from(walidata, page)})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="err-slot_minutes"' in body
    assert 'value="lima"' in body and 'name="weekdays" value="4" checked' in body
    refused = walidata.post(
        page, data={**fields, "slot_minutes": "30", "csrf_token": csrf_from(walidata, page)}
    )
    assert refused.status_code == 422 and 'id="err-closes"' in refused.get_data(as_text=True)
    assert walidata.get("/api/v1/consultations/desk").json["opens"] == "08:00"  # nothing saved
    html = _post(walidata, page, page, {**fields, "slot_minutes": "30", "closes": "12:00"})
    assert "Pengaturan Pojok Romantik disimpan." in html
    saved = walidata.get("/api/v1/consultations/desk").json
    assert saved["weekdays"] == [2, 4] and saved["opens"] == "09:00" and saved["closes"] == "12:00"
    assert (saved["slot_minutes"], saved["horizon_days"]) == (30, 90)

    day = (TUESDAY + timedelta(weeks=1)).isoformat()
    html = _post(
        walidata, page, "/pojok-romantik/penutupan", {"day": day, "reason": "Cuti bersama"}
    )
    assert "Pojok Romantik ditutup pada tanggal itu." in html and "Cuti bersama" in html
    free = walidata.get(f"/api/v1/consultations/slots?start={day}&end={day}").json
    assert free == []
    html = _post(walidata, page, f"/pojok-romantik/penutupan/{day}/hapus", {})
    assert "Pojok Romantik dibuka kembali pada tanggal itu." in html and "Cuti bersama" not in html
    free = walidata.get(f"/api/v1/consultations/slots?start={day}&end={day}").json
    assert free and {s["day"] for s in free} == {day}
    # a date with a booking stays open, and the page says why
    html = _post(walidata, page, "/pojok-romantik/penutupan", {"day": TUESDAY.isoformat()})
    assert "jadwalkan ulang dahulu" in html and "Tidak ada tanggal yang ditutup" in html
    html = _post(walidata, page, "/pojok-romantik/penutupan", {"day": "besok"})
    assert "Tanggal tidak sah." in html
    # a form post without its token changes nothing
    assert walidata.post("/pojok-romantik/penutupan", data={"day": day}).status_code == 400
