"""Statistical activities on the web, the finishing touches (issue 20): the MS-Keg labels in
English on ?lang=en, schedule dates written as the site writes dates, a draft activity named
without a link for those who may not open its page, the agency dashboard's "Needs your action"
listing activities sent back by BPS with the reviewer's note, and a number already used by an
activity named on a dataset's review page. Flask's test client against a real SQLite
database."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from catalog.context import Catalog
from catalog.models import Activity
from catalog.services import activities
from catalog.services.auth import SYSTEM
from schemas.activity import LABELS_EN, label_paths
from tests import factories
from tests.activity_helpers import published_activities
from tests.conftest import World
from tests.test_recommendations import act_as
from tests.web_helpers import csrf_from, page_text, sign_in

UNTIL = date(date.today().year + 2, 12, 31)


def _post(client: FlaskClient, path: str, data: dict[str, Any], page: str) -> TestResponse:
    return client.post(path, data={**data, "csrf_token": csrf_from(client, page)})


def _act(ctx: Catalog, who: str, ref: str, action: str, kind: str = "activity", **kw: Any) -> None:
    act_as(ctx, who, ref, action, kind, **kw)


def _recommended(ctx: Catalog, slug: str, number: str) -> None:
    """The agency asks for a recommendation of the activity `slug`; BPS takes and grants it."""
    _act(ctx, "editor", slug, "request")
    _act(ctx, "reviewer", slug, "take")
    _act(ctx, "reviewer", slug, "recommend", number=number, valid_until=UNTIL)


def test_every_label_of_the_ms_keg_table_has_its_english() -> None:
    paths = dict(label_paths())
    assert set(paths) == set(LABELS_EN)
    assert all(LABELS_EN[p].strip() for p in paths)


def test_the_activity_page_and_form_show_english_labels_on_request(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        slug = factories.make_activity(
            session, world.org, method="survei", title="Survei Gizi"
        ).slug
    english = page_text(client.get(f"/kegiatan/{slug}?lang=en").get_data(as_text=True))
    for words in (
        "Block I. Organizer",
        "Block III. Planning and preparation",
        "Block V. Sample design (surveys only)",
        "Block VIII. Dissemination of results",
        "Agency name",
        "Sample size",
        "Data collection schedule: start",
        "Survey",  # the collection method
        "Interview, Observation",  # choices inside a block
        "Editing, Validation, Weighting",
    ):
        assert words in english, words
    assert "Blok I. Penyelenggara" not in english and "Ukuran sampel" not in english
    indonesian = page_text(client.get(f"/kegiatan/{slug}?lang=id").get_data(as_text=True))
    assert "Blok I. Penyelenggara" in indonesian and "Ukuran sampel" in indonesian
    assert "Wawancara, Pengamatan" in indonesian
    assert "Block I. Organizer" not in indonesian
    sign_in(client, "editor")
    form = page_text(
        client.get(f"/dasbor/{world.org}/kegiatan/{slug}/ubah?lang=en").get_data(as_text=True)
    )
    assert "Block II. Person in charge" in form and "Activity title" in form
    assert "Compilation of administrative records" in form  # a choice of the method
    assert "Self-administered questionnaire" in form and "Regency/city" in form
    assert "Penanggung jawab" not in form


def test_schedule_dates_are_written_as_the_site_writes_dates(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        slug = factories.make_activity(session, world.org, method="survei").slug
    text = page_text(client.get(f"/kegiatan/{slug}?lang=id").get_data(as_text=True))
    assert "2 Maret 2026" in text and "30 April 2026" in text  # jadwal pengumpulan
    assert "2026-03-02" not in text
    english = page_text(client.get(f"/kegiatan/{slug}?lang=en").get_data(as_text=True))
    assert "March 2, 2026" in english


def test_a_draft_activity_is_named_without_a_link_for_those_who_cannot_open_it(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        dataset = factories.make_dataset(session, world.org, title="Prevalensi Stunting")
        draft = factories.make_activity(
            session, world.org, title="Survei Gizi Draf", state="draft", datasets=[dataset]
        ).slug
        published = factories.make_activity(session, world.org, title="Survei Terbit").slug
        ds_slug = dataset.slug
    _recommended(ctx, draft, "B-3/2026")
    assert client.get(f"/kegiatan/{draft}").status_code == 404  # a visitor
    html = client.get(f"/dataset/{ds_slug}").get_data(as_text=True)
    assert f'href="/kegiatan/{draft}"' not in html
    text = page_text(html)
    assert "Direkomendasikan BPS · No. B-3/2026" in text
    assert "melalui kegiatan Survei Gizi Draf" in text
    search = client.get("/dataset?q=stunting").get_data(as_text=True)
    assert "Survei Gizi Draf" in search and f'href="/kegiatan/{draft}"' not in search
    # its agency may open the draft: the name is a link for them
    sign_in(client, "editor")
    assert f'href="/kegiatan/{draft}"' in client.get(f"/dataset/{ds_slug}").get_data(as_text=True)
    assert client.get(f"/kegiatan/{draft}").status_code == 200
    # once the dataset follows a published activity, visitors get the link again
    with ctx.unit_of_work() as session:
        activities.link_dataset(session, SYSTEM, ds_slug, published)
    _recommended(ctx, published, "B-4/2026")
    client.post("/keluar", data={"csrf_token": csrf_from(client, "/")})
    assert f'href="/kegiatan/{published}"' in client.get(f"/dataset/{ds_slug}").get_data(
        as_text=True
    )


def test_the_dashboard_lists_activities_sent_back_with_the_reviewers_note(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    revised, rejected, waiting = published_activities(
        ctx, world.org, "Kompilasi Dikembalikan", "Survei Ditolak", "Survei Menunggu"
    )
    [other] = published_activities(ctx, world.other_org, "Kegiatan Lain")
    for slug in (revised, rejected, waiting, other):
        who = "editor2" if slug == other else "editor"
        _act(ctx, who, slug, "request")
    for slug, action, note in (
        (revised, "revise", "Lengkapi jadwal diseminasi."),
        (rejected, "reject", "Duplikasi dengan survei BPS."),
        (other, "revise", "Catatan untuk instansi lain."),
    ):
        _act(ctx, "reviewer", slug, "take")
        _act(ctx, "reviewer", slug, action, note=note)
    sign_in(client, "editor")
    dashboard = f"/dasbor/{world.org}"
    html = client.get(dashboard).get_data(as_text=True)
    assert f'id="action-activity-{revised}"' in html
    assert f'id="action-activity-{rejected}"' in html
    assert f'id="action-activity-{waiting}"' not in html
    text = page_text(html)
    assert "Perlu tindakan Anda (2)" in text
    assert "Lengkapi jadwal diseminasi." in text and "Duplikasi dengan survei BPS." in text
    assert "Catatan untuk instansi lain." not in text
    assert f'href="/dasbor/{world.org}/kegiatan/{revised}/ubah"' in html
    # submitted again from the dashboard: no longer waiting for the agency
    action = f"/dasbor/{world.org}/kegiatan/{revised}/minta-rekomendasi"
    assert f'action="{action}"' in html
    assert _post(client, action, {"note": "Sudah dilengkapi."}, dashboard).status_code == 302
    with ctx.db.session() as session:
        rec = session.query(Activity).filter_by(slug=revised).one().recommendation
        assert rec.status == "requested"
    html = client.get(dashboard).get_data(as_text=True)
    assert f'id="action-activity-{revised}"' not in html
    assert "Perlu tindakan Anda (1)" in page_text(html)


def test_a_datasets_review_page_names_an_activity_that_carries_the_number(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        slug = factories.make_activity(session, world.org, title="Survei Bernomor").slug
        ds_slug = factories.make_dataset(session, world.org, title="Jumlah Posyandu").slug
    _recommended(ctx, slug, "B-11/2026")
    _act(ctx, "editor", ds_slug, "request", kind="dataset")
    _act(ctx, "reviewer", ds_slug, "take", kind="dataset")
    sign_in(client, "reviewer")
    review = f"/tinjauan/{ds_slug}"
    decision = {"number": "B-11/2026", "valid_until": UNTIL.isoformat(), "note": "Layak."}
    response = _post(client, f"{review}/recommend", decision, review)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="warn-number"' in html and f'href="/kegiatan/{slug}"' in html
    assert "Survei Bernomor" in html
    assert "satu surat bisa untuk beberapa dataset atau kegiatan" in page_text(html)
