"""/api/v1/consultations over real HTTP: role rules (an agency sees its own, BPS staff all,
the public only aggregates), the booking race for the last seat (exactly one wins, the other
409; both databases), field messages for bad input, the OpenAPI document, the .ics feed."""

from __future__ import annotations

import threading
from datetime import timedelta

import requests
from flask import Flask
from flask.testing import FlaskClient

from catalog.context import Catalog
from catalog.services.consultations import ical
from tests.desk_helpers import TODAY, TUESDAY, book, first_slot, make_desk, put_on_duty
from tests.servers import serve

APP_SETTINGS = {"clock_today": TODAY.isoformat()}


def _booking(slot: int, org: str = "dinas-kesehatan") -> dict[str, object]:
    return {
        "organization": org,
        "topic": "kuesioner",
        "question": "Desain kuesioner survei kepuasan layanan puskesmas.",
        "slot_id": slot,
        "activity_name": "Survei Kepuasan Pasien",
        "activity_year": 2027,
    }


def test_two_agencies_race_for_the_last_seat(app: Flask, ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")  # one officer, one seat per slot
    with serve(app) as base:
        for round_ in range(4):
            slot = first_slot(ctx, TUESDAY, round_)
            barrier = threading.Barrier(2)
            statuses: list[int] = []

            def post(
                who: str,
                org: str,
                slot: int = slot,
                barrier: threading.Barrier = barrier,
                statuses: list[int] = statuses,
            ) -> None:
                with requests.Session() as http:
                    barrier.wait()
                    response = http.post(
                        f"{base}/api/v1/consultations",
                        json=_booking(slot, org),
                        headers=world.auth(who),
                        timeout=60,
                    )
                statuses.append(response.status_code)

            threads = [
                threading.Thread(target=post, args=("editor", "dinas-kesehatan")),
                threading.Thread(target=post, args=("editor2", "dinas-pendidikan")),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(statuses) == [201, 409], round_
        listing = requests.get(
            f"{base}/api/v1/consultations", headers=world.auth("officer1"), timeout=30
        ).json()
        assert listing["total"] == 4  # four slots, one booking each
        free = requests.get(
            f"{base}/api/v1/consultations/slots",
            params={"start": TUESDAY.isoformat(), "end": TUESDAY.isoformat()},
            timeout=30,
        ).json()
        assert len(free) == 3  # 7 slots, 4 full


def test_role_rules_and_transitions(client: FlaskClient, ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1", "officer2")
    slot = first_slot(ctx, TUESDAY)
    created = client.post(
        "/api/v1/consultations", json=_booking(slot), headers=world.auth("editor")
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["status"] == "diajukan" and body["allowed_actions"] == ["cancel"]
    cid = body["id"]
    # anonymous: no list, no detail; the other agency: not found
    assert client.get("/api/v1/consultations").status_code == 401
    assert client.get(f"/api/v1/consultations/{cid}").status_code == 401
    assert (
        client.get(f"/api/v1/consultations/{cid}", headers=world.auth("editor2")).status_code == 404
    )
    assert client.get("/api/v1/consultations", headers=world.auth("editor2")).json["total"] == 0
    assert client.get("/api/v1/consultations", headers=world.auth("officer2")).json["total"] == 1
    assert client.get("/api/v1/consultations", headers=world.auth("admin")).json["total"] == 1
    # another agency cannot book for this one
    other = client.post("/api/v1/consultations", json=_booking(slot), headers=world.auth("editor2"))
    assert other.status_code == 403
    # the editor cannot accept; the officer can
    assert (
        client.post(
            f"/api/v1/consultations/{cid}/accept", json={}, headers=world.auth("editor")
        ).status_code
        == 403
    )
    accepted = client.post(
        f"/api/v1/consultations/{cid}/accept", json={"version": 1}, headers=world.auth("officer1")
    )
    assert accepted.status_code == 200 and accepted.json["status"] == "dijadwalkan"
    assert accepted.json["officer"] == "Ani Petugas"
    stale = client.post(
        f"/api/v1/consultations/{cid}/hand_over",
        json={"officer": "petugas2", "version": 1},
        headers=world.auth("officer1"),
    )
    assert stale.status_code == 409 and stale.json["errors"]["version"] == ["Versi sekarang 2."]
    again = client.post(
        f"/api/v1/consultations/{cid}/accept", json={}, headers=world.auth("officer1")
    )
    assert again.status_code == 409 and again.json["errors"]["status"] == ["dijadwalkan"]
    unknown = client.post(
        f"/api/v1/consultations/{cid}/terbang", json={}, headers=world.auth("officer1")
    )
    assert unknown.status_code == 404
    no_reason = client.post(
        f"/api/v1/consultations/{cid}/cancel", json={}, headers=world.auth("editor")
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    recorded = client.post(
        f"/api/v1/consultations/{cid}/session",
        json={
            "notes": "Membahas kuesioner.",
            "advice": "Skala 1-4.",
            "followups": [
                {
                    "what": "Revisi kuesioner",
                    "party": "opd",
                    "due_on": (TUESDAY + timedelta(7)).isoformat(),
                }
            ],
        },
        headers=world.auth("officer1"),
    )
    assert recorded.status_code == 200 and len(recorded.json["followups"]) == 1
    fid = recorded.json["followups"][0]["id"]
    finished = client.post(
        f"/api/v1/consultations/{cid}/finish", json={}, headers=world.auth("officer1")
    )
    assert finished.json["status"] == "selesai"
    done_url = f"/api/v1/consultations/followups/{fid}/done"
    assert client.post(done_url, headers=world.auth("officer1")).status_code == 403
    done = client.post(done_url, headers=world.auth("editor"))
    assert done.status_code == 200 and done.json["status"] == "selesai"
    scores = {f"U{i}": 4 for i in range(1, 10)}
    bad = client.post(
        f"/api/v1/consultations/{cid}/survey",
        json={"scores": {"U1": 9}},
        headers=world.auth("editor"),
    )
    assert bad.status_code == 422
    filled = client.post(
        f"/api/v1/consultations/{cid}/survey", json={"scores": scores}, headers=world.auth("editor")
    )
    assert filled.status_code == 201 and filled.json["index"] == 100.0
    # public: only aggregates
    figures = client.get("/api/v1/consultations/figures").json
    assert figures["held"] == 1 and figures["satisfaction"]["category"] == "A"
    assert client.get("/api/v1/consultations/report").status_code == 401
    assert (
        client.get("/api/v1/consultations/report", headers=world.auth("editor")).status_code == 403
    )
    full = client.get("/api/v1/consultations/report", headers=world.auth("admin"))
    assert full.status_code == 200 and full.json["held"] == 1
    csv = client.get(
        "/api/v1/consultations/report", headers={**world.auth("officer2"), "Accept": "text/csv"}
    )
    assert csv.mimetype == "text/csv" and "Dinas Kesehatan" in csv.get_data(as_text=True)
    # notifications: the editor got booking, scheduled, survey
    notes = client.get("/api/v1/notifications", headers=world.auth("editor")).json
    assert {n["kind"] for n in notes["items"]} >= {"booking", "scheduled", "survey"}
    assert notes["unread"] == len(notes["items"])
    other_id = client.get("/api/v1/notifications", headers=world.auth("officer1")).json["items"][0][
        "id"
    ]
    assert (
        client.post(
            "/api/v1/notifications/read", json={"id": other_id}, headers=world.auth("editor")
        ).status_code
        == 404
    )
    read = client.post("/api/v1/notifications/read", json={}, headers=world.auth("editor"))
    assert read.json["unread"] == 0


def test_desk_settings_duty_and_closures(client: FlaskClient, ctx: Catalog) -> None:
    world = make_desk(ctx)
    desk_out = client.get("/api/v1/consultations/desk").json
    assert (
        desk_out["weekdays"] == [2]
        and desk_out["opens"] == "08:00"
        and desk_out["closes"] == "15:00"
    )
    assert (
        client.put(
            "/api/v1/consultations/desk", json={"slot_minutes": 30}, headers=world.auth("editor")
        ).status_code
        == 403
    )
    bad = client.put(
        "/api/v1/consultations/desk",
        json={"slot_minutes": 5, "weekdays": [9], "horizon_days": 0},
        headers=world.auth("admin"),
    )
    assert bad.status_code == 422
    assert {"slot_minutes", "weekdays.0", "horizon_days"} <= set(bad.json["errors"])
    changed = client.put(
        "/api/v1/consultations/desk",
        json={"slot_minutes": 30, "horizon_days": 90},
        headers=world.auth("admin"),
    )
    assert changed.json["slot_minutes"] == 30 and changed.json["horizon_days"] == 90
    duty = client.post(
        "/api/v1/consultations/duty",
        json={"day": TUESDAY.isoformat(), "officer": "petugas1"},
        headers=world.auth("coordinator"),
    )
    assert duty.status_code == 201
    assert (
        client.post(
            "/api/v1/consultations/duty",
            json={"day": TUESDAY.isoformat(), "officer": "petugas2"},
            headers=world.auth("officer1"),
        ).status_code
        == 403
    )  # officers are not coordinators
    slots = client.get(
        "/api/v1/consultations/slots",
        query_string={"start": TUESDAY.isoformat(), "end": TUESDAY.isoformat()},
    ).json
    assert len(slots) == 14 and slots[0]["starts"] == "08:00" and slots[-1]["ends"] == "15:00"
    holiday = client.post(
        "/api/v1/consultations/duty",
        json={"day": "2027-08-17", "officer": "petugas1"},
        headers=world.auth("coordinator"),
    )
    assert holiday.status_code == 422 and "Libur nasional" in holiday.json["errors"]["day"][0]
    next_week = (TUESDAY + timedelta(days=7)).isoformat()
    closed = client.post(
        "/api/v1/consultations/closures",
        json={"day": next_week, "reason": "Rapat"},
        headers=world.auth("admin"),
    )
    assert closed.status_code == 201
    refused = client.post(
        "/api/v1/consultations/duty",
        json={"day": next_week, "officer": "petugas1"},
        headers=world.auth("coordinator"),
    )
    assert refused.status_code == 422
    assert (
        client.delete(
            f"/api/v1/consultations/closures/{next_week}", headers=world.auth("admin")
        ).status_code
        == 204
    )
    assert (
        client.delete(
            "/api/v1/consultations/closures/bukan-tanggal", headers=world.auth("admin")
        ).status_code
        == 422
    )
    # the reopened day offers its slots before anyone is on duty: one officer's worth
    reopened = client.get(
        "/api/v1/consultations/slots", query_string={"start": next_week, "end": next_week}
    ).json
    assert len(reopened) == 14 and {(s["capacity"], s["free"]) for s in reopened} == {(1, 1)}
    assert (
        client.get(
            "/api/v1/consultations/slots", query_string={"start": "2026-12-10", "end": "2026-12-01"}
        ).status_code
        == 422
    )
    removed = client.delete(
        f"/api/v1/consultations/duty/{TUESDAY.isoformat()}/petugas1",
        headers=world.auth("coordinator"),
    )
    assert removed.status_code == 204


def test_ics_feed_and_openapi(app: Flask, client: FlaskClient, ctx: Catalog) -> None:
    world = make_desk(ctx)
    put_on_duty(ctx, world, TUESDAY, "officer1")
    book(ctx, world, first_slot(ctx, TUESDAY))
    token = ical.token(str(app.secret_key), "instansi", world.org_id)
    feed = client.get(
        f"/api/v1/consultations/calendar/instansi/{world.org_id}.ics", query_string={"token": token}
    )
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in feed.get_data(as_text=True)
    assert (
        client.get(f"/api/v1/consultations/calendar/instansi/{world.org_id}.ics").status_code == 404
    )
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    for path in (
        "/api/v1/consultations",
        "/api/v1/consultations/{consultation_id}/{action}",
        "/api/v1/consultations/figures",
        "/api/v1/consultations/slots",
        "/api/v1/notifications",
    ):
        assert path in paths, path
    assert "BookingIn" in spec["components"]["schemas"]
