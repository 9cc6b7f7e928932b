"""A PostgreSQL that goes away: requests answer 503 with Retry-After (pages and API), a write
committed just before answers 201 all the same, and its retry with the same Idempotency-Key
gets the same dataset. A private server is started here, as the tests stop it."""

from __future__ import annotations

import contextlib
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text

from catalog import migrate
from catalog.db import make_engine
from catalog.models import Dataset
from catalog.search.outbox import DrainOutbox
from catalog.uow import UnitOfWork
from tests import factories
from tests.conftest import build_app
from tests.pg import PostgresServer

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def private_pg() -> Iterator[PostgresServer]:
    server = PostgresServer(durable=True)  # what was committed survives the outages
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def outage_app(private_pg: PostgresServer, tmp_path: Path) -> Iterator[Flask]:
    """The catalog on a fresh database of the private server; the server runs again after."""
    name = "outage_" + uuid.uuid4().hex[:8]
    admin = create_engine(private_pg.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(private_pg.url(name))
    migrate.upgrade(engine)
    engine.dispose()
    app = build_app(private_pg.url(name), tmp_path)
    try:
        yield app
    finally:
        # a test that ended during an outage leaves the server stopped; pg_ctl refuses to
        # start one that runs
        with contextlib.suppress(subprocess.CalledProcessError):
            private_pg.resume()


def _editor(app: Flask) -> dict[str, str]:
    with app.extensions["catalog"].db.session() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        user = factories.make_user(session, "editor", orgs=("dinas-kesehatan",))
        return {"Authorization": "Bearer " + factories.make_token(session, user)}


def test_while_the_database_is_down_pages_and_api_answer_503_with_retry_after(
    private_pg: PostgresServer, outage_app: Flask
) -> None:
    auth = _editor(outage_app)
    client = outage_app.test_client()
    created = client.post(
        "/api/v1/datasets", json=factories.dataset_payload("dinas-kesehatan"), headers=auth
    )
    assert created.status_code == 201, created.json
    slug = created.json["slug"]
    assert client.get(f"/dataset/{slug}").status_code == 200

    private_pg.halt()
    for path in ("/api/v1/datasets", f"/api/v1/datasets/{slug}", "/api/v1/organizations"):
        answer = client.get(path)
        assert answer.status_code == 503, (path, answer.data[:300])
        assert answer.headers["Retry-After"] == "30"
        assert answer.json["code"] == "database_unavailable"
        assert "Basis data" in answer.json["message"]
    posted = client.post(
        "/api/v1/datasets", json=factories.dataset_payload("dinas-kesehatan"), headers=auth
    )
    assert posted.status_code == 503 and posted.headers["Retry-After"] == "30"
    for path in ("/", f"/dataset/{slug}", "/organisasi"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert page.mimetype == "text/html" and page.headers["Retry-After"] == "30"
        assert "Layanan sedang tidak tersedia" in page.get_data(as_text=True)
    english = client.get("/organisasi?lang=en")
    assert "temporarily unavailable" in english.get_data(as_text=True)

    private_pg.resume()  # the pool's stale connections are replaced: answers come back
    assert client.get(f"/api/v1/datasets/{slug}").status_code == 200
    assert client.get(f"/dataset/{slug}").status_code == 200


def test_a_committed_create_answers_201_when_the_database_goes_away_right_after(
    private_pg: PostgresServer, outage_app: Flask
) -> None:
    """The answer is built inside the unit of work: the database stopping right after the
    commit (before anything is serialized) does not turn a created dataset into an error
    that invites a duplicate; a retry with the same Idempotency-Key gets the same dataset."""
    auth = _editor(outage_app)
    ctx = outage_app.extensions["catalog"]
    armed = [True]

    class OutageAfterTheCommit:
        def on_commit(self, uow: UnitOfWork) -> None:
            # the create's unit of work (index work queued)
            if uow.registered(DrainOutbox) and armed[0]:
                armed[0] = False
                private_pg.halt()

    ctx.after_commit.append(OutageAfterTheCommit())
    client = outage_app.test_client()
    payload = factories.dataset_payload("dinas-kesehatan", title="Jumlah Puskesmas Keliling")
    headers = {**auth, "Idempotency-Key": "b8c0e7e2-4c1f-4d55-9d8e-0c7e1a2f3b4c"}
    created = client.post("/api/v1/datasets", json=payload, headers=headers)
    assert not armed[0], "the outage hook did not run"
    assert created.status_code == 201, created.data[:500]
    assert created.json["title"] == "Jumlah Puskesmas Keliling"
    assert created.json["recommendation"]["status"] == "none"
    assert created.headers["Location"].endswith("/" + created.json["slug"])

    private_pg.resume()
    again = client.post("/api/v1/datasets", json=payload, headers=headers)
    assert again.status_code == 200, again.json
    assert again.json["id"] == created.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    with ctx.db.session() as session:
        titles = session.scalar(
            select(func.count()).where(Dataset.title == "Jumlah Puskesmas Keliling")
        )
    assert titles == 1
