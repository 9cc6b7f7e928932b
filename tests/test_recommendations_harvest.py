"""A harvest that changes a recommended dataset's substance marks it changed; a harvest that
only moves metadata_modified does not. Real CKAN-compatible server on 127.0.0.1."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from catalog.context import Catalog
from catalog.models import Dataset
from tests.ckan_fake import FakeCkan, make_package
from tests.conftest import World, build_app
from tests.harvest_helpers import make_source, run

VALID_UNTIL = (date.today() + timedelta(days=365)).isoformat()


# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 5.0}


def _recommend(client: FlaskClient, world: World, slug: str) -> None:
    base = f"/api/v1/datasets/{slug}/recommendation"
    auth = world.auth("reviewer")
    assert client.post(f"{base}/take", json={}, headers=auth).status_code == 200
    response = client.post(
        f"{base}/recommend", json={"number": "B-3/2026", "valid_until": VALID_UNTIL}, headers=auth
    )
    assert response.status_code == 200, response.json


def test_harvest_marks_substantive_changes_only(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    portal = FakeCkan([make_package(n) for n in (1, 2, 3)]).start()
    try:
        source = make_source(ctx, "ckan", portal.url)
        first = run(ctx, source)
        assert (first.status, first.created) == ("succeeded", 3), first.message
        with ctx.db.session() as session:
            slugs = {
                d.remote_id: d.slug
                for d in session.scalars(select(Dataset).order_by(Dataset.remote_id))
            }
        only_stamp, methodology, title = (slugs[p["id"]] for p in portal.packages)
        for slug in (only_stamp, methodology, title):
            _recommend(client, world, slug)

        portal.touch(0)  # a new metadata_modified, nothing else
        extras = [*portal.packages[1]["extras"], {"key": "methodology", "value": "Survei baru."}]
        portal.touch(1, extras=extras)
        portal.touch(2, title="Angka Kesakitan per Kecamatan (revisi)")
        second = run(ctx, source)
        assert second.status == "succeeded", second.message
        assert second.updated == 3  # all three were stored again (modified moved)
    finally:
        portal.stop()

    def changed(slug: str) -> bool:
        body = client.get(f"/api/v1/datasets/{slug}").json
        assert body["recommendation"]["status"] == "recommended"
        return bool(body["recommendation"]["changed_since_decision"])

    assert changed(only_stamp) is False
    assert changed(methodology) is True
    assert changed(title) is True
    queue = client.get("/api/v1/recommendations?changed=true", headers=world.auth("reviewer"))
    assert {r["dataset"]["slug"] for r in queue.json["results"]} == {methodology, title}
    # The reviewer looks again: confirm one, revoke the other.
    base = "/api/v1/datasets/{}/recommendation/"
    auth = world.auth("reviewer")
    assert (
        client.post(base.format(methodology) + "confirm", json={}, headers=auth).status_code == 200
    )
    revoked = client.post(
        base.format(title) + "revoke", json={"note": "Judul berubah."}, headers=auth
    )
    assert revoked.status_code == 200 and revoked.json["status"] == "revoked"
    queue = client.get("/api/v1/recommendations?changed=true", headers=auth)
    assert queue.json["results"] == []


def test_worker_and_request_index_with_the_same_configured_clock(
    db_url: str, tmp_path: Path, client: FlaskClient, ctx: Catalog, world: World
) -> None:
    """With CATALOG_CLOCK_TODAY set, a dataset indexed by a harvest worker (a thread of its
    own, no request) and one indexed by an API request are written with the same "today":
    both recommendations, valid for a year from the real date, are searched as expired."""
    portal = FakeCkan([make_package(n) for n in (1, 2)]).start()
    try:
        source = make_source(ctx, "ckan", portal.url)
        assert run(ctx, source).created == 2
        with ctx.db.session() as session:
            by_request, by_worker = (
                d.slug for d in session.scalars(select(Dataset).order_by(Dataset.remote_id))
            )
        for slug in (by_request, by_worker):
            _recommend(client, world, slug)
        # The same database and search index a year and a bit later.
        later = build_app(
            db_url,
            tmp_path,
            clock_today=(date.today() + timedelta(days=400)).isoformat(),
            **APP_SETTINGS,
        )
        lc, later_ctx = later.test_client(), later.extensions["catalog"]
        version = lc.get(f"/api/v1/datasets/{by_request}").json["version"]
        patched = lc.patch(
            f"/api/v1/datasets/{by_request}",
            json={"tags": ["imunisasi"], "version": version},
            headers=world.auth("editor"),
        )
        assert patched.status_code == 200, patched.json
        portal.touch(1)  # the worker stores it again (a new metadata_modified) and indexes it
        jobs: list[Any] = []
        worker = threading.Thread(target=lambda: jobs.append(run(later_ctx, source)))
        worker.start()
        worker.join(timeout=120)
        assert jobs and jobs[0].status == "succeeded" and jobs[0].updated == 1, jobs
    finally:
        portal.stop()
    found = lc.get("/api/v1/datasets?recommendation=expired&sort=title").json
    assert {d["slug"] for d in found["results"]} == {by_request, by_worker}
    assert lc.get("/api/v1/datasets?recommendation=recommended").json["total"] == 0
