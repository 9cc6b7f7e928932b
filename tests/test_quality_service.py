"""Quality scores stored on write (through the unit of work), recomputed by the CLI, read
through the API (a dataset's score and missing items, the agency ranking and its CSV), the
daily snapshot and trend, and the rating as a search facet. Real database (both), real app."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select

from catalog.cli import main
from catalog.context import Catalog
from catalog.models import Dataset
from catalog.models.quality import DatasetQuality, QualitySnapshot
from catalog.services import quality
from catalog.services.auth import SYSTEM
from tests.conftest import World
from tests.factories import dataset_payload
from tests.web_helpers import new_dataset


def test_a_write_stores_the_score_and_fixing_a_missing_item_raises_it(
    client: FlaskClient, world: World
) -> None:
    created = new_dataset(client, world)
    # the score is inside the dataset output, computed before the write committed
    assert created["quality"]["mqa_max"] == 405
    first = client.get(f"/api/v1/datasets/{created['id']}/quality").get_json()
    assert first["mqa_score"] == created["quality"]["mqa_score"]
    missing = {m["rule"]: m for m in first["missing"]}
    assert missing["mqa.issued"] == {
        "rule": "mqa.issued",
        "view": "mqa",
        "dimension": "contextuality",
        "points": 5,
        "message": "Isi tanggal pertama kali diterbitkan.",
        "field": "issued",
    }
    assert "mqa.keywords" not in missing
    assert [d["code"] for d in first["dimensions"]] == [
        "findability", "accessibility", "interoperability", "reusability", "contextuality",
    ]  # fmt: skip
    assert first["links"][0]["checked"] is False
    patched = client.patch(
        f"/api/v1/datasets/{created['id']}",
        json={"issued": "2025-02-10T08:00:00+07:00", "version": created["version"]},
        headers=world.auth("editor"),
    )
    assert patched.status_code == 200, patched.get_json()
    after = client.get(f"/api/v1/datasets/{created['id']}/quality").get_json()
    assert after["mqa_score"] == first["mqa_score"] + 5
    assert "mqa.issued" not in {m["rule"] for m in after["missing"]}
    assert patched.get_json()["quality"]["mqa_score"] == after["mqa_score"]


def test_a_draft_s_quality_is_not_public(client: FlaskClient, world: World) -> None:
    created = new_dataset(client, world, state="draft")
    assert client.get(f"/api/v1/datasets/{created['id']}/quality").status_code == 404
    mine = client.get(f"/api/v1/datasets/{created['id']}/quality", headers=world.auth("editor"))
    assert mine.status_code == 200


def test_ranking_csv_snapshot_and_trend(client: FlaskClient, world: World, ctx: Catalog) -> None:
    new_dataset(client, world)
    new_dataset(client, world, tags=[], topics=[], license=None)
    other = client.post(
        "/api/v1/datasets",
        json=dataset_payload(world.other_org, issued="2025-01-01T00:00:00Z"),
        headers=world.auth("other_editor"),
    )
    assert other.status_code == 201
    rows = client.get("/api/v1/quality/organizations").get_json()["rows"]
    assert [r["organization"] for r in rows] == [world.other_org, world.org]
    assert rows[0]["rank"] == 1 and rows[0]["datasets"] == 1
    assert rows[1]["datasets"] == 2
    assert rows[0]["mean_score"] > rows[1]["mean_score"]
    assert rows[0]["good_share"] == 1.0 and rows[1]["good_share"] == 0.5
    answer = client.get("/api/v1/quality/organizations?format=csv")
    assert answer.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [t["organization"] for t in table] == [world.other_org, world.org]
    assert client.get("/api/v1/quality/organizations?format=xml").status_code == 422
    with ctx.unit_of_work() as session:
        assert quality.take_snapshot(session, date(2026, 1, 1)) == 2
        assert quality.take_snapshot(session, date(2026, 1, 2)) == 2
        assert quality.take_snapshot(session, date(2026, 1, 2)) == 2  # replaces, not adds
    with ctx.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(QualitySnapshot)) == 4
        trend = quality.trend(session, days=30, today=date(2026, 1, 3))
    assert [p["day"] for p in trend["catalog"]] == [date(2026, 1, 1), date(2026, 1, 2)]
    assert trend["catalog"][0]["datasets"] == 3
    assert set(trend["agencies"]) == {world.org, world.other_org}


def test_daily_step_runs_once_a_day(client: FlaskClient, world: World, ctx: Catalog) -> None:
    new_dataset(client, world)
    with ctx.unit_of_work() as session:
        first = quality.daily(session, SYSTEM, date(2026, 3, 1), queue_links=False)
    assert first["agencies"] == 1
    with ctx.unit_of_work() as session:
        assert quality.daily(session, SYSTEM, date(2026, 3, 1), queue_links=False) == {}


def test_rating_is_a_search_facet_and_filter(client: FlaskClient, world: World) -> None:
    good = new_dataset(client, world)
    poor = new_dataset(client, world, tags=[], topics=[], license=None, spatial=[])
    body = client.get("/api/v1/datasets?facets=quality").get_json()
    facet = {f["value"]: f["count"] for f in body["facets"]["quality"]}
    assert facet == {good["quality"]["rating"]: 1, poor["quality"]["rating"]: 1}
    assert good["quality"]["rating"] != poor["quality"]["rating"]
    only = client.get(f"/api/v1/datasets?quality={poor['quality']['rating']}").get_json()
    assert [r["id"] for r in only["results"]] == [poor["id"]]


def test_recompute_cli_rebuilds_missing_scores(tmp_path: Any, app: Flask) -> None:
    env = {"CATALOG_DATA_DIR": str(tmp_path / "inst"), "CATALOG_DATABASE_URL": ""}
    runner = CliRunner(env=env)
    assert runner.invoke(main, ["init"], catch_exceptions=False).exit_code == 0
    assert runner.invoke(main, ["demo"], catch_exceptions=False).exit_code == 0
    from catalog.app import create_app

    application = create_app({"data_dir": str(tmp_path / "inst"), "run_worker": False})
    cli_ctx: Catalog = application.extensions["catalog"]
    try:
        with cli_ctx.db.session() as session:
            demo = session.scalar(select(func.count()).select_from(Dataset))
            assert demo is not None and demo > 300
            stored = session.scalar(select(func.count()).select_from(DatasetQuality))
            assert stored == demo  # the demo scored every dataset on write
            session.execute(delete(DatasetQuality))
        result = runner.invoke(main, ["quality", "recompute"], catch_exceptions=False)
        assert result.exit_code == 0
        assert f"{demo} baris berubah" in result.output
        with cli_ctx.db.session() as session:
            assert session.scalar(select(func.count()).select_from(DatasetQuality)) == demo
        ranking = runner.invoke(main, ["quality", "ranking", "--csv"], catch_exceptions=False)
        assert ranking.output.startswith("rank,organization,title")
    finally:
        cli_ctx.db.dispose()


def test_quality_endpoints_are_in_the_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/datasets/{id_or_slug}/quality" in spec["paths"]
    assert "/api/v1/quality/organizations" in spec["paths"]
    quality_schema = spec["components"]["schemas"]["QualityOut"]
    assert {"mqa_score", "rating", "missing", "links"} <= set(quality_schema["properties"])


def test_the_scheduler_keeps_a_daily_snapshot_and_queues_one_link_check(
    db_url: str, tmp_path: Any
) -> None:
    from catalog.models.quality import LinkCheckRun
    from catalog.worker import scheduler_tick
    from tests.conftest import build_app

    application = build_app(db_url, tmp_path, link_check_daily=True, clock_today="2026-03-02")
    ctx: Catalog = application.extensions["catalog"]
    with ctx.unit_of_work() as session:
        from tests import factories

        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_dataset(session, "dinas-kesehatan")
    scheduler_tick(ctx)
    scheduler_tick(ctx)  # the same day: nothing more
    with ctx.unit_of_work() as session:
        runs = session.scalars(select(LinkCheckRun)).all()
        assert [(r.status, r.trigger) for r in runs] == [("queued", "schedule")]
        days = session.scalars(select(QualitySnapshot.day)).all()
        assert days == [date(2026, 3, 2)]
