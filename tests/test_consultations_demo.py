"""The demo's season at the Pojok Romantik desk: past Tuesdays with several agencies and
topics, finished sessions with follow-ups and surveys, upcoming bookings; loaded once."""

from __future__ import annotations

from sqlalchemy import func, select

from catalog.context import Catalog
from catalog.models import Consultation, DeskDuty, SurveyResponse
from catalog.services import demo
from catalog.services.consultations import report
from catalog.services.consultations.demo import load_consultations
from tests.desk_helpers import TODAY


def test_demo_season(ctx: Catalog) -> None:
    with ctx.unit_of_work() as session:
        demo.load_organizations(session)
        demo.load_accounts(session)
    with ctx.unit_of_work() as session:
        made = load_consultations(session, TODAY)
    assert made >= 20
    with ctx.unit_of_work() as session:
        rows = list(session.scalars(select(Consultation)))
        past = [c for c in rows if c.day < TODAY]
        assert {c.day.isoweekday() for c in rows} == {2}  # Tuesdays only
        assert len({c.organization_id for c in past}) >= 4
        assert len({c.topic for c in past}) >= 5
        assert {c.status for c in past} >= {"selesai"}
        assert all(c.status != "diajukan" for c in past)
        assert any(c.day > TODAY for c in rows)  # the coming Tuesdays are booked too
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) >= 10
        assert session.scalar(select(func.count()).select_from(DeskDuty)) >= 16
        figures = report.public_figures(session, TODAY)
        assert figures["held"] >= 10 and figures["satisfaction"]["index"] > 60
        assert load_consultations(session, TODAY) == 0  # once
