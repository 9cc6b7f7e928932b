"""Statistical activities in the recommendation reports: a dataset counts with its governing
recommendation (its own under way, else its activity's), so recommending an activity moves
every linked dataset in the report and in the search facet alike, with no per-dataset
request; activities per agency and status; recommendations expiring within 60 days; activities
carried out without a recommendation (the EPSS figure). On SQLite and PostgreSQL, and the
facet on both search backends."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.context import Catalog
from catalog.models import Activity, Dataset, User
from catalog.search import backend_of, rebuild
from catalog.services.auth import Actor
from catalog.services.recommendations import report as report_service
from catalog.services.recommendations import workflow
from tests import factories
from tests.conftest import build_app
from tests.web_helpers import sign_in

TODAY = date.today()
NUMBER = "B-106/36030/HK.300/2026"


def _actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return Actor.for_user(user)


def _recommend(
    session: Session, slug: str, kind: str, valid_until: date, number: str = NUMBER
) -> None:
    editor, reviewer = _actor(session, "editor"), _actor(session, "reviewer")
    workflow.act(session, editor, slug, "request", kind=kind)
    workflow.act(session, reviewer, slug, "take", kind=kind)
    decision = workflow.Decision(number=number, valid_until=valid_until, note="Layak.")
    workflow.act(session, reviewer, slug, "recommend", decision, kind=kind)


def build_world(ctx: Catalog) -> dict[str, Any]:
    """Dinas Kesehatan: a survey linked to four datasets (one with its own request under way),
    a compilation linked to one dataset (never recommended), a dataset of no activity;
    Dinas Pendidikan: an activity requested with no dataset yet, and one dataset."""
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        factories.make_org(session, "dinas-pendidikan", title="Dinas Pendidikan")
        factories.make_user(session, "editor", orgs=("dinas-kesehatan", "dinas-pendidikan"))
        factories.make_user(session, "reviewer", roles=("bps_reviewer",))
        linked = [factories.make_dataset(session, "dinas-kesehatan") for _ in range(4)]
        compiled = factories.make_dataset(session, "dinas-kesehatan")
        alone = factories.make_dataset(session, "dinas-kesehatan")
        factories.make_dataset(session, "dinas-pendidikan")
        factories.make_dataset(session, "dinas-kesehatan", state="draft")
        survey = factories.make_household_survey(session, linked, code="3603.25.001")
        compilation = factories.make_activity(session, "dinas-kesehatan", datasets=[compiled])
        planned = factories.make_activity(session, "dinas-pendidikan")
        factories.make_activity(session, "dinas-pendidikan", state="draft")
        names = {
            "linked": [d.slug for d in linked],
            "compiled": compiled.slug,
            "alone": alone.slug,
            "survey": survey.slug,
            "compilation": compilation.slug,
            "planned": planned.slug,
        }
    with ctx.unit_of_work() as session:
        # one linked dataset has its own round under way: it shows that one (governing)
        editor = _actor(session, "editor")
        workflow.act(session, editor, names["linked"][3], "request")
        workflow.act(session, editor, names["planned"], "request", kind="activity")
        # a dataset's own recommendation, ending in 90 days
        _recommend(session, names["alone"], "dataset", TODAY + timedelta(days=90), "B-7/2026")
    with ctx.unit_of_work() as session:
        # the activity's: every linked dataset shows it, no per-dataset request
        _recommend(session, names["survey"], "activity", TODAY + timedelta(days=30))
    return names


def _facets(client: FlaskClient, query: str = "") -> dict[str, int]:
    body = client.get(f"/api/v1/datasets?facets=recommendation&per_page=1{query}").json
    return {f["value"]: f["count"] for f in body["facets"]["recommendation"]}


def test_dataset_report_counts_the_governing_status(client: FlaskClient, ctx: Catalog) -> None:
    names = build_world(ctx)
    report = client.get("/api/v1/recommendations/report").json
    rows = {r["organization"]: r for r in report["rows"]}
    dinkes = {s: n for s, n in rows["dinas-kesehatan"]["counts"].items() if n}
    # 3 inherit "recommended", 1 shows its own request, 1 own recommendation, 1 none
    assert dinkes == {"recommended": 4, "requested": 1, "none": 1}
    assert rows["dinas-pendidikan"]["counts"]["none"] == 1
    # the facet of the running search backend counts the same
    assert _facets(client) == {s: n for s, n in report["totals"].items() if n}
    recommended = client.get("/api/v1/datasets?recommendation=recommended&per_page=50").json
    found = {r["slug"] for r in recommended["results"]}
    assert found == {*names["linked"][:3], names["alone"]}
    # the CLI/CSV table reads the same rows
    with ctx.unit_of_work() as session:
        assert report_service.per_agency(session) == report["rows"]


def test_activities_per_agency(client: FlaskClient, ctx: Catalog) -> None:
    build_world(ctx)
    body = client.get("/api/v1/recommendations/report/activities").json
    rows = {r["organization"]: {s: n for s, n in r["counts"].items() if n} for r in body["rows"]}
    # published activities only (the draft is not counted)
    assert rows == {
        "dinas-kesehatan": {"recommended": 1, "none": 1},
        "dinas-pendidikan": {"requested": 1},
    }
    assert body["totals"]["recommended"] == 1 and body["totals"]["requested"] == 1
    csv_text = client.get("/api/v1/recommendations/report/activities?format=csv").data.decode()
    lines = csv_text.splitlines()
    assert lines[0].startswith("organization,organization_title,none,requested")
    assert lines[-1].startswith("TOTAL,,1,1,0,1,")


def test_expiring_within_sixty_days(client: FlaskClient, ctx: Catalog) -> None:
    names = build_world(ctx)
    body = client.get("/api/v1/recommendations/report/expiring").json
    assert body["days"] == 60
    assert [(r["kind"], r["slug"]) for r in body["rows"]] == [("activity", names["survey"])]
    row = body["rows"][0]
    assert row["number"] == NUMBER and row["days_left"] == 30 and row["datasets"] == 4
    assert row["code"] == "3603.25.001" and row["organization"] == "dinas-kesehatan"
    wider = client.get("/api/v1/recommendations/report/expiring?days=120").json["rows"]
    assert [(r["kind"], r["slug"], r["days_left"]) for r in wider] == [
        ("activity", names["survey"], 30),
        ("dataset", names["alone"], 90),
    ]
    # the date is injectable: the service reads it as an argument
    with ctx.unit_of_work() as session:
        later = report_service.expiring(session, today=TODAY + timedelta(days=40))
        assert [r["slug"] for r in later] == [names["alone"]]
        # expired ones are no longer "expiring"
        assert report_service.expiring(session, today=TODAY + timedelta(days=91)) == []
    csv_lines = client.get("/api/v1/recommendations/report/expiring?format=csv&days=120")
    lines = csv_lines.data.decode().splitlines()
    assert lines[0] == ",".join(report_service.EXPIRING_COLUMNS)
    assert lines[1].startswith(f"activity,dinas-kesehatan,Dinas Kesehatan,{names['survey']},")
    assert len(lines) == 3
    bad = client.get("/api/v1/recommendations/report/expiring?days=0")
    assert bad.status_code == 422 and "days" in bad.json["errors"]


def test_activities_carried_out_without_a_recommendation(client: FlaskClient, ctx: Catalog) -> None:
    names = build_world(ctx)
    body = client.get("/api/v1/recommendations/report/without-recommendation").json
    rows = {r["organization"]: r for r in body["rows"]}
    # Dinas Pendidikan's requested activity has no published dataset yet: not carried out
    assert set(rows) == {"dinas-kesehatan"}
    assert rows["dinas-kesehatan"] == {
        "organization": "dinas-kesehatan",
        "organization_title": "Dinas Kesehatan",
        "activities_carried_out": 2,
        "activities_without": 1,
        "datasets_without": 1,
        "percent_recommended": 50.0,
    }
    assert [(a["slug"], a["status"], a["published_datasets"]) for a in body["activities"]] == [
        (names["compilation"], "none", 1)
    ]
    assert body["totals"]["activities_without"] == 1
    assert body["totals"]["percent_recommended"] == 50.0
    lines = (
        client.get("/api/v1/recommendations/report/without-recommendation?format=csv")
        .data.decode()
        .splitlines()
    )
    assert lines[0] == (
        "organization,organization_title,activities_carried_out,activities_without,"
        "datasets_without,percent_recommended"
    )
    assert lines[1] == "dinas-kesehatan,Dinas Kesehatan,2,1,1,50.0"
    assert lines[2] == "TOTAL,,2,1,1,50.0"


def test_report_page_shows_the_new_tables(client: FlaskClient, ctx: Catalog) -> None:
    names = build_world(ctx)
    with ctx.unit_of_work() as session:
        factories.make_user(session, "bps", roles=("bps_reviewer",))
    sign_in(client, "bps")
    page = client.get("/tinjauan/laporan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for section in ("h-activities", "h-expiring", "h-without"):
        assert f'id="{section}"' in html
    assert NUMBER in html and names["compilation"] in html
    # each activity named links to its review page
    assert f'href="/tinjauan/kegiatan/{names["survey"]}"' in html
    assert f'href="/tinjauan/kegiatan/{names["compilation"]}"' in html


def test_an_activity_recommendation_lapses_in_search_too(
    db_url: str, tmp_path: Path, client: FlaskClient, ctx: Catalog
) -> None:
    """The activity's recommendation passes its valid_until after its datasets were indexed:
    with nothing written, the next day's first unit of work re-indexes them (the lapsed
    refresh follows the inherited recommendation too) and the facet equals the report."""
    build_world(ctx)
    assert _facets(client)["recommended"] == 4
    later = build_app(db_url, tmp_path, clock_today=(TODAY + timedelta(days=100)).isoformat())
    lc = later.test_client()
    assert lc.get("/api/v1/organizations").status_code == 200
    counts = _facets(lc)
    assert counts == {"expired": 4, "requested": 1, "none": 2}
    totals = lc.get("/api/v1/recommendations/report").json["totals"]
    assert {s: n for s, n in totals.items() if n} == counts
    later.extensions["catalog"].db.dispose()


# ---------------------------------------------------------------- both search backends


def test_recommending_an_activity_shows_on_every_linked_dataset(search_app: Flask) -> None:
    """Done-when: recommending the activity makes every linked dataset show "Direkomendasikan
    BPS" in search, with no per-dataset request; the facet counts equal the report, after the
    decision (the outbox) and after a full rebuild (the snapshots) alike."""
    ctx: Catalog = search_app.extensions["catalog"]
    client = search_app.test_client()
    names = build_world(ctx)
    with ctx.unit_of_work() as session:
        linked = session.scalars(select(Dataset).where(Dataset.slug.in_(names["linked"][:3]))).all()
        assert len(linked) == 3
        assert all(d.recommendation is None for d in linked)  # no per-dataset request
    report = client.get("/api/v1/recommendations/report").json
    expected = {s: n for s, n in report["totals"].items() if n}
    assert expected == {"recommended": 4, "requested": 1, "none": 2}
    assert _facets(client) == expected
    assert _facets(client, "&organization=dinas-kesehatan") == {
        "recommended": 4, "requested": 1, "none": 1,
    }  # fmt: skip
    hits = client.get("/api/v1/datasets?recommendation=recommended&per_page=50").json
    assert {r["slug"] for r in hits["results"]} >= set(names["linked"][:3])
    # the public page of a linked dataset shows the badge with the activity's number
    page = client.get(f"/dataset/{names['linked'][0]}").get_data(as_text=True)
    assert "Direkomendasikan BPS" in page and NUMBER in page
    # revoking the activity moves them all again
    with ctx.unit_of_work() as session:
        workflow.act(
            session,
            _actor(session, "reviewer"),
            names["survey"],
            "revoke",
            workflow.Decision(note="Desain sampel diubah tanpa pemberitahuan."),
            kind="activity",
        )
    revoked = _facets(client)
    assert revoked.get("recommended") == 1 and revoked["revoked"] == 3
    rebuild.reindex(ctx.db, backend_of(search_app))
    assert _facets(client) == revoked
    report = client.get("/api/v1/recommendations/report").json
    assert revoked == {s: n for s, n in report["totals"].items() if n}
    with ctx.unit_of_work() as session:
        activity = session.scalar(select(Activity).where(Activity.slug == names["survey"]))
        assert activity is not None and activity.recommendation is not None


# ---------------------------------------------------------------- the demo


def test_demo_activities(tmp_path: Path) -> None:
    """`catalog demo` registers its activities through the real workflow: a survey with a
    sample design, recommended (number, validity ending within 60 days) with 3+ linked demo
    datasets; a recurring administrative compilation sent back for revision with the
    reviewer's note; one requested; one never asked (carried out without a recommendation)."""
    from click.testing import CliRunner

    from catalog.cli import main
    from catalog.models import RecommendationEvent

    env = {"CATALOG_DATA_DIR": str(tmp_path / "inst"), "CATALOG_DATABASE_URL": ""}
    for command in (["init"], ["demo"], ["demo"]):  # the second demo adds nothing
        result = CliRunner(env=env).invoke(main, command, catch_exceptions=False)
        assert result.exit_code == 0, result.output

    # the CLI prints each table, as text or CSV
    def cli(*args: str) -> str:
        result = CliRunner(env=env).invoke(main, ["recommendations", "report", *args])
        assert result.exit_code == 0, result.output
        return str(result.output)

    assert "survei-status-gizi-balita-2025" in cli("--table", "expiring")
    assert cli("--table", "expiring", "--days", "30", "--csv").count("\n") == 1  # header only
    without = cli("--table", "without", "--csv").splitlines()
    assert without[-1] == "TOTAL,,4,3,6,25.0"
    activities = cli("--table", "activities").splitlines()
    assert activities[0].split()[0] == "organisasi" and activities[-1].split()[-1] == "4"
    app = build_app(f"sqlite:///{tmp_path / 'inst' / 'catalog.db'}", tmp_path)
    ctx: Catalog = app.extensions["catalog"]
    with ctx.unit_of_work() as session:
        by_slug = {a.slug: a for a in session.scalars(select(Activity))}
        assert len(by_slug) == 4
        survey = by_slug["survei-status-gizi-balita-2025"]
        assert survey.is_survey and survey.profile["desain_sampel"]["ukuran_sampel"] > 0
        rec = survey.recommendation
        assert rec is not None and rec.status == "recommended" and rec.number
        assert rec.valid_until is not None
        linked = session.scalars(select(Dataset).where(Dataset.activity_id == survey.id)).all()
        assert len(linked) == 3 and all(d.recommendation is None for d in linked)
        # the survey's products: its tables of its year, produced by a survey
        assert {(d.activity_type, d.temporal_start.year) for d in linked} == {("survei", 2025)}
        compilation = by_slug["kompilasi-registrasi-penduduk"]
        assert compilation.method == "kompilasi_produk_administrasi"
        assert compilation.kind == "berulang"
        assert compilation.recommendation is not None
        assert compilation.recommendation.status == "revision_needed"
        note = session.scalar(
            select(RecommendationEvent.note).where(
                RecommendationEvent.activity_id == compilation.id,
                RecommendationEvent.action == "revise",
            )
        )
        assert note and "Blok VI" in note
        requested = by_slug["pendataan-pmks-2025"].recommendation
        assert requested is not None and requested.status == "requested"
        assert by_slug["kompilasi-data-pokok-pendidikan"].recommendation is None
        expiring = report_service.expiring(session)
        assert [r["slug"] for r in expiring] == [survey.slug]
        assert expiring[0]["datasets"] == len(linked)
        without = report_service.without_recommendation(session)
        assert {a["slug"] for a in without["activities"]} == {
            "kompilasi-registrasi-penduduk",
            "pendataan-pmks-2025",
            "kompilasi-data-pokok-pendidikan",
        }
    # every linked dataset shows the survey's recommendation in search, as the report counts
    rebuild.reindex(ctx.db, backend_of(app))  # this app's own index (another data dir)
    client = app.test_client()
    report = client.get("/api/v1/recommendations/report").json
    assert _facets(client) == {s: n for s, n in report["totals"].items() if n}
    page = client.get(f"/dataset/{linked[0].slug}").get_data(as_text=True)
    assert "Direkomendasikan BPS" in page and str(rec.number) in page
    app.extensions["catalog"].db.dispose()
