"""Agency deactivation by the walidata (issue 15): a deactivated agency keeps its datasets
public, its members cannot create datasets, it is left out of the agency pickers and the
scheduler skips its sources; reactivation; audit events; migration 0016 up and down."""

from __future__ import annotations

import re
from datetime import datetime

from flask.testing import FlaskClient
from sqlalchemy import inspect, select

from catalog import migrate
from catalog.context import Catalog
from catalog.db import make_engine
from catalog.models import AuditEvent, HarvestJob, HarvestSource, Organization
from catalog.services import harvest
from tests.conftest import World
from tests.web_helpers import new_dataset, page_text, post_form, sign_in


def test_admin_deactivates_and_reactivates_an_agency(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    ds = new_dataset(client, world, title="Jumlah Tenaga Kesehatan")
    with ctx.unit_of_work() as session:
        org = session.scalar(select(Organization).where(Organization.slug == world.org))
        assert org is not None
        source = HarvestSource(
            organization_id=org.id,
            title="Portal Dinkes",
            type="ckan",
            url="https://data.example.go.id",
            schedule="daily",
            next_run_at=datetime(2026, 1, 1),
        )
        session.add(source)
    sign_in(client, "admin")
    edit = f"/admin/instansi/{world.org}"
    assert "Nonaktifkan produsen data" in client.get(edit).get_data(as_text=True)
    done = post_form(client, edit, f"{edit}/status", {"active": "0"})
    assert done.status_code == 302
    page = client.get(edit).get_data(as_text=True)
    assert "Produsen data Dinas Kesehatan dinonaktifkan." in page
    assert "Aktifkan kembali produsen data" in page
    listing = client.get("/admin/instansi").get_data(as_text=True)
    assert re.search(r"Dinas Kesehatan <span class=\"badge\">nonaktif</span>", listing)
    audit = page_text(client.get("/admin/audit").get_data(as_text=True))
    assert "menonaktifkan instansi" in audit
    # out of the pickers: the new account's agency, the membership of an account
    new_account = client.get("/admin/pengguna/baru").get_data(as_text=True)
    assert 'value="dinas-kesehatan"' not in new_account
    assert 'value="dinas-pendidikan"' in new_account
    member = client.get("/admin/pengguna/editor2").get_data(as_text=True)
    picker = member[member.index('id="m-org"') :]
    picker = picker[: picker.index("</select>")]
    assert "dinas-kesehatan" not in picker and "dinas-pendidikan" in picker
    # its scheduled source waits
    with ctx.unit_of_work() as session:
        assert harvest.queue_due(session, datetime(2026, 6, 1)) == 0
        assert session.scalar(select(HarvestJob.id)) is None

    # its datasets stay public; its editor cannot create new ones (page, API)
    editor = client.application.test_client()
    assert editor.get(f"/dataset/{ds['slug']}").status_code == 200
    assert ds["slug"] in editor.get("/api/v1/datasets?q=tenaga").get_data(as_text=True)
    sign_in(editor, "editor")
    dashboard = editor.get(f"/dasbor/{world.org}").get_data(as_text=True)
    assert "Walidata sudah menonaktifkan produsen data ini." in dashboard
    assert f"/dasbor/{world.org}/dataset/baru" not in dashboard
    assert f"/dasbor/{world.org}/dataset/{ds['slug']}/ubah" in dashboard  # still editable
    refused = editor.get(f"/dasbor/{world.org}/dataset/baru")
    assert refused.status_code == 302 and refused.location.endswith(f"/dasbor/{world.org}")
    api = world.post_dataset(client)
    assert api.status_code == 409
    assert api.json["errors"]["organization"] == ["Instansi ini tidak aktif."]

    done = post_form(client, edit, f"{edit}/status", {"active": "1"})
    assert done.status_code == 302
    assert world.post_dataset(client).status_code == 201
    assert "mengaktifkan kembali instansi" in page_text(
        client.get("/admin/audit").get_data(as_text=True)
    )
    with ctx.unit_of_work() as session:
        assert harvest.queue_due(session, datetime(2026, 6, 1)) == 1


def test_api_deactivates_an_agency_with_an_audit_event(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    path = f"/api/v1/organizations/{world.org}"
    assert client.get(path).json["active"] is True
    refused = client.patch(path, json={"active": False}, headers=world.auth("editor"))
    assert refused.status_code == 403
    answer = client.patch(path, json={"active": False}, headers=world.auth("admin"))
    assert answer.status_code == 200 and answer.json["active"] is False
    with ctx.unit_of_work() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
    assert actions.count("organization.deactivate") == 1
    assert "organization.update" not in actions  # nothing else changed


def test_migration_0016_adds_and_removes_the_active_flag(
    db_url: str, ctx: Catalog, client: FlaskClient, world: World
) -> None:
    # rows referencing the agencies (a dataset, memberships) must survive both directions
    new_dataset(client, world)
    with ctx.unit_of_work() as session:
        session.add(Organization(slug="dinas-sosial", title="Dinas Sosial"))
    engine = make_engine(db_url)
    try:
        migrate.downgrade(engine, "0015_consultations")
        columns = {c["name"] for c in inspect(engine).get_columns("organizations")}
        assert "active" not in columns
        migrate.upgrade(engine)
        columns = {c["name"] for c in inspect(engine).get_columns("organizations")}
        assert "active" in columns
        with engine.connect() as conn:
            rows = conn.execute(select(Organization.slug, Organization.active)).all()
        assert ("dinas-sosial", True) in [tuple(r) for r in rows]
        assert (world.org, True) in [tuple(r) for r in rows]
    finally:
        engine.dispose()
