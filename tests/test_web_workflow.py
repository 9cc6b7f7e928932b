"""Agency dashboard (harvest sources, jobs, recommendation requests) and the reviewer queue."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.services import datasets
from catalog.services.auth import SYSTEM
from catalog.worker import run_inline
from tests import factories
from tests.conftest import World, build_app
from tests.web_helpers import csrf_from, sign_in


def _seed(ctx: Catalog) -> None:
    with ctx.unit_of_work() as session:
        factories.make_dataset(
            session, "dinas-kesehatan", title="Persentase Balita Gizi Buruk", slug="gizi-buruk"
        )


def _post(
    client: FlaskClient, path: str, data: dict[str, str], page: str | None = None
) -> TestResponse:
    token = csrf_from(client, page or path)
    return client.post(path, data={**data, "csrf_token": token})


def test_editor_requests_and_reviewer_recommends(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    _seed(ctx)
    sign_in(client, "editor")
    page = client.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    assert "Minta rekomendasi" in page
    response = _post(
        client,
        "/dasbor/dinas-kesehatan/dataset/gizi-buruk/minta-rekomendasi",
        {},
        "/dasbor/dinas-kesehatan",
    )
    assert response.status_code == 302
    page = client.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    assert "Rekomendasi diminta" in page and "Diajukan" in page
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})

    sign_in(client, "reviewer")
    queue = client.get("/tinjauan/").get_data(as_text=True)
    assert "Persentase Balita Gizi Buruk" in queue
    other = client.get("/tinjauan/?organization=dinas-pendidikan").get_data(as_text=True)
    assert "Persentase Balita Gizi Buruk" not in other and "Tidak ada yang menunggu." in other
    assert _post(client, "/tinjauan/gizi-buruk/take", {}, "/tinjauan/").status_code == 302
    # recommend without a number: the form comes back with the field message
    refused = _post(
        client,
        "/tinjauan/gizi-buruk/recommend",
        {"valid_until": "2030-12-31"},
        "/tinjauan/gizi-buruk",
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "nomor surat rekomendasi" in body and 'value="2030-12-31"' in body
    valid = (date.today() + timedelta(days=365)).isoformat()
    done = _post(
        client,
        "/tinjauan/gizi-buruk/recommend",
        {"number": "B-123/BPS/3603/2026", "valid_until": valid, "note": "Metadata lengkap."},
        "/tinjauan/gizi-buruk",
    )
    assert done.status_code == 302
    trail = client.get("/tinjauan/gizi-buruk").get_data(as_text=True)
    assert "B-123/BPS/3603/2026" in trail and "Metadata lengkap." in trail
    assert "WIB" in trail and "rekomendasikan" in trail  # times in WIB, actions translated
    assert trail.count('<tr><td class="card-title">') >= 3  # request, take, recommend
    public = client.get("/dataset/gizi-buruk").get_data(as_text=True)
    assert "Direkomendasikan · No. B-123/BPS/3603/2026 · berlaku s.d." in public
    # anonymous visitors see the decision history, with the recommend note but not who acted
    anonymous = client.application.test_client().get("/dataset/gizi-buruk").get_data(as_text=True)
    history = anonymous[anonymous.index("Riwayat rekomendasi") :]
    assert "rekomendasikan" in history and "Metadata lengkap." in history
    assert "(reviewer)" not in history and "(editor)" not in history
    report = client.get("/tinjauan/laporan").get_data(as_text=True)
    assert "<svg" in report and "Dinas Kesehatan" in report


def test_changed_metadata_appears_in_the_look_again_view(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    _seed(ctx)
    valid = (date.today() + timedelta(days=30)).isoformat()
    sign_in(client, "reviewer")
    _post(client, "/tinjauan/gizi-buruk/take", {}, "/tinjauan/gizi-buruk")
    decision = {"number": "B-9/BPS/2026", "valid_until": valid}
    assert _post(client, "/tinjauan/gizi-buruk/recommend", decision).status_code == 302
    assert "Persentase Balita Gizi Buruk" not in client.get("/tinjauan/?view=again").get_data(
        as_text=True
    )
    with ctx.unit_of_work() as session:
        ds = datasets.get_dataset(session, SYSTEM, "gizi-buruk")
        datasets.update_dataset(
            session,
            SYSTEM,
            "gizi-buruk",
            {"methodology": "Survei baru dengan sampel berbeda."},
            expected_version=ds.version,
        )
    again = client.get("/tinjauan/?view=again").get_data(as_text=True)
    assert "Persentase Balita Gizi Buruk" in again
    page = client.get("/tinjauan/gizi-buruk").get_data(as_text=True)
    assert "metadata berubah sejak keputusan" in page
    assert "Konfirmasi rekomendasi setelah perubahan" in page and "Cabut rekomendasi" in page
    assert _post(client, "/tinjauan/gizi-buruk/confirm", {}).status_code == 302
    assert "Persentase Balita Gizi Buruk" not in client.get("/tinjauan/?view=again").get_data(
        as_text=True
    )


def test_note_is_required_to_reject(client: FlaskClient, ctx: Catalog, world: World) -> None:
    _seed(ctx)
    sign_in(client, "reviewer")
    assert _post(client, "/tinjauan/gizi-buruk/take", {}, "/tinjauan/gizi-buruk").status_code == 302
    refused = _post(client, "/tinjauan/gizi-buruk/reject", {"note": " "}, "/tinjauan/gizi-buruk")
    assert refused.status_code == 422
    assert "Wajib diisi: alasan keputusan ini." in refused.get_data(as_text=True)


def test_editors_cannot_decide_and_reviewers_page_is_refused(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    _seed(ctx)
    sign_in(client, "editor")
    assert client.get("/tinjauan/").status_code == 403
    assert _post(client, "/tinjauan/gizi-buruk/take", {}, "/").status_code == 403
    assert client.get("/tinjauan/laporan").status_code == 403


def test_other_agency_cannot_request(client: FlaskClient, ctx: Catalog, world: World) -> None:
    _seed(ctx)
    sign_in(client, "editor2")
    response = _post(
        client, "/dasbor/dinas-kesehatan/dataset/gizi-buruk/minta-rekomendasi", {}, "/"
    )
    assert response.status_code == 403


class _DataJson(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def datajson_url() -> Iterator[str]:
    """A data.json on 127.0.0.1 with one good and one invalid dataset."""
    _DataJson.body = json.dumps(
        {
            "dataset": [
                {
                    "identifier": "https://contoh.example/ds/1",
                    "title": "Jumlah Puskesmas per Kecamatan",
                    "description": "Puskesmas dan jaringannya.",
                    "keyword": ["puskesmas"],
                    "modified": "2024-05-01",
                    "distribution": [
                        {"downloadURL": "https://contoh.example/p.csv", "format": "CSV"}
                    ],
                },
                {"identifier": "https://contoh.example/ds/2", "title": "X", "description": ""},
            ]
        }
    ).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DataJson)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/data.json"
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = build_app(db_url, tmp_path, harvest_allow_private=True)
    yield app
    app.extensions["catalog"].db.dispose()


def test_editor_adds_edits_and_runs_a_source(private_app: Flask, datajson_url: str) -> None:
    ctx: Catalog = private_app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan")
        factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
    client = private_app.test_client()
    sign_in(client, "editor")
    new = "/dasbor/dinas-kesehatan/sumber/baru"
    bad = _post(client, new, {"title": "Portal", "type": "datajson", "url": "bukan url"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)
    file_source = _post(client, new, {"title": "Berkas", "type": "file", "url": "/etc/passwd"})
    assert file_source.status_code == 422
    saved = _post(
        client,
        new,
        {"title": "Portal Dinkes", "type": "datajson", "url": datajson_url, "schedule": "manual"},
    )
    assert saved.status_code == 302
    page = client.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    source_id = re.search(r'id="source-([^"]+)"', page).group(1)
    edit = f"/dasbor/dinas-kesehatan/sumber/{source_id}"
    changed = {"title": "Portal Data Dinkes", "type": "datajson", "url": datajson_url}
    assert _post(client, edit, {**changed, "schedule": "daily", "active": "on"}).status_code == 302
    assert "Portal Data Dinkes" in client.get("/dasbor/dinas-kesehatan").get_data(as_text=True)
    run = _post(client, f"{edit}/jalankan", {}, "/dasbor/dinas-kesehatan")
    assert run.status_code == 302
    job_path = run.headers["Location"]
    state = client.get(job_path + ".json").get_json()
    assert state["status"] == "queued" and state["finished"] is False
    job_id = job_path.rsplit("/", 1)[1]
    run_inline(ctx, job_id)
    state = client.get(job_path + ".json").get_json()
    assert state["finished"] is True and state["created"] == 1 and state["errors"] == 1
    page = client.get(job_path).get_data(as_text=True)
    assert "Kesalahan" in page and "title" in page  # the invalid record's field message
    # the reports page shows the source's health to BPS reviewers
    with ctx.unit_of_work() as session:
        factories.make_user(session, "bps", roles=("bps_reviewer",))
    bps = private_app.test_client()
    sign_in(bps, "bps")
    report = bps.get("/tinjauan/laporan").get_data(as_text=True)
    health = report[report.index("Kondisi pengambilan data per sumber") :]
    assert "Portal Data Dinkes" in health and "Sebagian gagal" in health
    # another agency's editor sees none of it
    other = private_app.test_client()
    with ctx.unit_of_work() as session:
        factories.make_user(session, "editor2", orgs=("dinas-pendidikan",))
    sign_in(other, "editor2")
    assert other.get("/dasbor/dinas-kesehatan").status_code == 403
    assert other.get(job_path).status_code == 403
    assert other.get(job_path + ".json").status_code == 403
    assert other.get(edit).status_code == 403
