"""A dataset linked to a statistical activity, in the other catalogs' formats and back: the
CKAN package carries the inherited recommendation and names the activity, the DCAT quality
annotation carries the activity's number; a harvest links a record to the agency's activity
by its kode kegiatan (the real fake CKAN portal on 127.0.0.1), warns when none matches and
leaves a link made by hand alone when the record names none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF
from sqlalchemy import select

from catalog.context import Catalog
from catalog.formats import ckan as ckan_format
from catalog.formats import dcat as dcat_format
from catalog.models import Activity, Dataset, User
from catalog.services import activities
from catalog.services.auth import SYSTEM, Actor
from catalog.services.recommendations import workflow
from tests import factories
from tests.ckan_fake import FakeCkan, make_package
from tests.conftest import World
from tests.harvest_helpers import make_source, records, run
from tests.test_exports_dcat import DQV, parse, violations

# Settings of the `app` fixture (tests/conftest.py) for this module.
APP_SETTINGS = {"harvest_allow_private": True, "harvest_timeout_s": 2.0}
NUMBER = "B-106/36030/HK.300/2026"
CODE = "3603.25.001"
VALID_UNTIL = date.today() + timedelta(days=200)


def _actor(ctx: Catalog, username: str) -> Actor:
    with ctx.db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return Actor.for_user(user)


def recommended_survey(ctx: Catalog, state: str = "published") -> tuple[str, list[str]]:
    """A survey of Dinas Kesehatan recommended by BPS, with two linked datasets."""
    with ctx.unit_of_work() as session:
        linked = [factories.make_dataset(session, "dinas-kesehatan") for _ in range(2)]
        survey = factories.make_household_survey(session, linked, code=CODE, state=state)
        slugs = [d.slug for d in linked]
        slug = survey.slug
    editor, reviewer = _actor(ctx, "editor"), _actor(ctx, "reviewer")
    with ctx.unit_of_work() as session:
        workflow.act(session, editor, slug, "request", kind="activity")
        workflow.act(session, reviewer, slug, "take", kind="activity")
        decision = workflow.Decision(number=NUMBER, valid_until=VALID_UNTIL, note="Layak.")
        workflow.act(session, reviewer, slug, "recommend", decision, kind="activity")
    return slug, slugs


def test_ckan_package_shows_the_inherited_recommendation(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    activity, (first, _second) = recommended_survey(ctx)
    with ctx.unit_of_work() as session:
        other = factories.make_dataset(session, "dinas-kesehatan").slug
    body = client.get(f"/api/3/action/package_show?id={first}").json
    assert body["success"] is True
    extras = {e["key"]: e["value"] for e in body["result"]["extras"]}
    assert extras["recommendation_status"] == "recommended"
    assert extras["recommendation_number"] == NUMBER
    assert extras["recommendation_valid_until"] == VALID_UNTIL.isoformat()
    assert extras["recommendation_activity"] == activity
    assert extras["kegiatan_statistik"] == activity
    assert extras["kegiatan_statistik_judul"] == "Survei Kesehatan Rumah Tangga 2025"
    assert extras["kode_kegiatan"] == CODE
    # a dataset of no activity: as before
    plain = client.get(f"/api/3/action/package_show?id={other}").json["result"]
    plain_extras = {e["key"]: e["value"] for e in plain["extras"]}
    assert plain_extras["recommendation_status"] == "none"
    assert not {"kegiatan_statistik", "kode_kegiatan", "recommendation_activity"} & set(
        plain_extras
    )
    # read back (another catalog harvesting ours), the extras name the activity's code
    profile = ckan_format.to_profile(body["result"])
    assert profile["extras"]["kode_kegiatan"] == CODE
    # its own request under way: the dataset shows its own, and still names its activity
    with ctx.unit_of_work() as session:
        workflow.act(session, _actor(ctx, "editor"), first, "request")
    extras = {
        e["key"]: e["value"]
        for e in client.get(f"/api/3/action/package_show?id={first}").json["result"]["extras"]
    }
    assert extras["recommendation_status"] == "requested"
    assert "recommendation_number" not in extras and "recommendation_activity" not in extras
    assert extras["kode_kegiatan"] == CODE


def test_dcat_annotation_carries_the_activity_number(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    activity, (first, _second) = recommended_survey(ctx)
    graph = parse(client.get(f"/dataset/{first}.ttl").data, "ttl")
    assert violations(graph) == []
    ds = URIRef(f"http://localhost/dataset/{first}")
    page = URIRef(f"http://localhost/kegiatan/{activity}")
    # the activity that produced it (DCAT-AP prov:wasGeneratedBy)
    assert graph.value(ds, PROV.wasGeneratedBy) == page
    assert (page, RDF.type, PROV.Activity) in graph
    assert graph.value(page, DCTERMS.identifier) == Literal(CODE)
    # the quality annotation: the activity's recommendation
    note = graph.value(ds, DQV.hasQualityAnnotation)
    assert note is not None
    assert graph.value(note, DCTERMS.identifier) == Literal(NUMBER)
    assert graph.value(note, DCTERMS.subject) == page
    period = graph.value(note, DCTERMS.valid)
    assert graph.value(period, DCAT.endDate).toPython() == VALID_UNTIL
    words = str(
        graph.value(graph.value(note, URIRef("http://www.w3.org/ns/oa#hasBody")), RDF.value)
    )
    assert NUMBER in words and "Survei Kesehatan Rumah Tangga 2025" in words and CODE in words
    # read back by the dcat harvester: the kode kegiatan
    profile = dcat_format.to_profile(graph, ds)
    assert profile["extras"]["kode_kegiatan"] == CODE


# ---------------------------------------------------------------- harvest linking


def _package(n: int, **extras: str) -> dict[str, Any]:
    pkg = make_package(n)
    pkg["extras"] = [*pkg["extras"], *({"key": k, "value": v} for k, v in extras.items())]
    return pkg


@pytest.fixture
def portal() -> Iterator[FakeCkan]:
    fake = FakeCkan(
        [
            _package(1, kode_kegiatan=" skrt2025-001 "),  # blanks and case differ
            _package(2, kode_kegiatan="9999.99.999"),  # no such activity
            _package(3),  # names none
            _package(4, kegiatan_statistik="kompilasi-imunisasi"),  # the activity's slug
        ]
    ).start()
    yield fake
    fake.stop()


def _activity_of(ctx: Catalog, remote_id: str) -> str | None:
    with ctx.db.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.remote_id == remote_id))
        assert dataset is not None
        return dataset.activity.slug if dataset.activity else None


def test_harvest_links_by_kode_kegiatan(ctx: Catalog, world: World, portal: FakeCkan) -> None:
    with ctx.unit_of_work() as session:
        survey = factories.make_activity(session, "dinas-kesehatan", code="SKRT 2025-001").slug
        compiled = factories.make_activity(session, "dinas-kesehatan", slug="kompilasi-imunisasi")
        compiled_slug = compiled.slug
        # the same code at another agency is not theirs to link
        factories.make_activity(session, "dinas-pendidikan", code="9999.99.999")
    ids = [p["id"] for p in portal.packages]
    source = make_source(ctx, "ckan", portal.url)
    job = run(ctx, source)
    assert (job.status, job.created) == ("succeeded", 4), job.message
    assert _activity_of(ctx, ids[0]) == survey
    assert _activity_of(ctx, ids[1]) is None
    assert _activity_of(ctx, ids[2]) is None
    assert _activity_of(ctx, ids[3]) == compiled_slug
    assert job.warnings >= 1
    warned = {r.remote_id: r.warnings for r in records(ctx, job.id) if r.warnings}
    unmatched = [w for w in warned[ids[1]] if w["field"] == "extras.kode_kegiatan"]
    assert len(unmatched) == 1 and "9999.99.999" in unmatched[0]["message"]
    assert not any(w["field"].startswith("extras.k") for w in warned.get(ids[0], []))

    # an editor links the third by hand; a harvest of a changed record naming no activity
    # leaves that link alone
    with ctx.unit_of_work() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.remote_id == ids[2]))
        activity = session.scalar(select(Activity).where(Activity.slug == compiled_slug))
        assert dataset is not None and activity is not None
        dataset.activity_id = activity.id
    portal.touch(2, title="Angka Kesakitan per Kecamatan, diperbarui")
    portal.touch(1, title="Angka Kesakitan per Kecamatan, revisi")
    second = run(ctx, source)
    assert (second.status, second.updated) == ("succeeded", 2), second.message
    assert _activity_of(ctx, ids[2]) == compiled_slug
    assert _activity_of(ctx, ids[1]) is None  # still no such activity: warned again
    again = {r.remote_id: r.warnings for r in records(ctx, second.id) if r.warnings}
    assert any(w["field"] == "extras.kode_kegiatan" for w in again[ids[1]])
    # the activity registered with that code later finds the dataset harvested before it
    # (no new harvest needed), and the next harvest of the record keeps the link
    with ctx.unit_of_work() as session:
        factories.make_activity(session, "dinas-kesehatan", slug="survei-baru", code="9999.99.999")
    assert _activity_of(ctx, ids[1]) == "survei-baru"
    assert _activity_of(ctx, ids[2]) == compiled_slug  # linked by hand: not touched
    portal.touch(1, title="Angka Kesakitan per Kecamatan, revisi kedua")
    assert run(ctx, source).status == "succeeded"
    assert _activity_of(ctx, ids[1]) == "survei-baru"


def test_an_activity_given_its_code_later_links_the_harvested_datasets(
    ctx: Catalog, world: World, portal: FakeCkan
) -> None:
    """An activity registered without a code, then given the code its agency's harvested
    records name, links those datasets when the code is saved; a dataset of another agency
    naming the same code stays unlinked."""
    ids = [p["id"] for p in portal.packages]
    job = run(ctx, make_source(ctx, "ckan", portal.url))
    assert job.status == "succeeded", job.message
    with ctx.unit_of_work() as session:
        activity = factories.make_activity(session, "dinas-kesehatan", slug="skrt")
        slug, version = activity.slug, activity.version
    assert _activity_of(ctx, ids[0]) is None
    with ctx.unit_of_work() as session:
        activities.update_activity(
            session,
            SYSTEM,
            slug,
            {"code": " skrt 2025-001 "},
            expected_version=version,
            partial=True,
        )
    assert _activity_of(ctx, ids[0]) == slug


def test_spreadsheet_rows_name_their_activity(ctx: Catalog, world: World) -> None:
    """An agency's Excel/CSV list with a `kode kegiatan` column: the rows link to the
    activity with that code; the spreadsheet export writes the column back."""
    from catalog.formats import spreadsheet
    from tests.static_server import StaticServer

    with ctx.unit_of_work() as session:
        survey = factories.make_activity(session, "dinas-kesehatan", code="SKRT 2025-001").slug
    web = StaticServer()
    try:
        body = (
            "judul,tahun,kode kegiatan\n"
            "Prevalensi Hipertensi per Kecamatan,2025,skrt2025-001\n"
            "Jumlah Posyandu Aktif per Desa,2025,\n"
        )
        url = web.add("/daftar.csv", body, "text/csv")
        job = run(ctx, make_source(ctx, "spreadsheet", url))
    finally:
        web.stop()
    assert (job.status, job.created) == ("succeeded", 2), job.message
    with ctx.db.session() as session:
        rows = {d.title: d for d in session.scalars(select(Dataset))}
        linked = rows["Prevalensi Hipertensi per Kecamatan"]
        assert linked.activity is not None and linked.activity.slug == survey
        assert rows["Jumlah Posyandu Aktif per Desa"].activity is None
        # the row the spreadsheet format writes carries the code under its header
        assert spreadsheet.from_dataset(linked, "")["kode kegiatan"] == "SKRT 2025-001"


def test_a_draft_activity_is_not_named_in_the_public_formats(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    """The status and number are shown (they are the dataset's), but a draft activity's
    identity is for its agency and BPS staff: no extras naming it, no prov:wasGeneratedBy."""
    _activity, (first, _second) = recommended_survey(ctx, state="draft")
    extras = {
        e["key"]: e["value"]
        for e in client.get(f"/api/3/action/package_show?id={first}").json["result"]["extras"]
    }
    assert extras["recommendation_status"] == "recommended"
    assert extras["recommendation_number"] == NUMBER
    assert not {"recommendation_activity", "kegiatan_statistik", "kode_kegiatan"} & set(extras)
    graph = parse(client.get(f"/dataset/{first}.ttl").data, "ttl")
    ds = URIRef(f"http://localhost/dataset/{first}")
    assert graph.value(ds, PROV.wasGeneratedBy) is None
    note = graph.value(ds, DQV.hasQualityAnnotation)
    assert graph.value(note, DCTERMS.identifier) == Literal(NUMBER)
    assert graph.value(note, DCTERMS.subject) is None
    assert CODE not in client.get(f"/dataset/{first}.ttl").get_data(as_text=True)
