"""Metadata quality pages (issue 16): an agency's quality view and EPSS preparation page,
the walidata's ranking of agencies with the daily trend and a CSV, and the partials the
dataset page and the editor include (score, rating, missing items linking to the fields).
Everything is read from catalog/services/quality.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from catalog.context import catalog
from catalog.quality.rules import MQA_MAX, RATING_CODES, RATING_LABELS, RULES_BY_ID
from catalog.services import quality
from catalog.services.auth import Actor
from catalog.web.admin import admin
from catalog.web.charts import trend_chart
from catalog.web.dashboard import agency_for, signed_in

bp = Blueprint("quality_pages", __name__)

TREND_DAYS = 90


def items(row: Any) -> list[dict[str, Any]]:
    """A stored score's missing items with their message and the editor input's id."""
    if row is None:
        return []
    out = []
    for rule_id, field in row.missing or []:
        rule = RULES_BY_ID.get(rule_id)
        if rule is None:
            continue
        out.append(
            {
                "rule": rule_id,
                "message": rule.message,
                "points": rule.points,
                "view": rule.view,
                "anchor": field.replace(".", "-"),
            }
        )
    return out


@bp.app_template_global()
def quality_items(row: Any) -> list[dict[str, Any]]:
    return items(row)


@bp.app_template_global()
def quality_label(code: str | None) -> str:
    return RATING_LABELS.get(code or "", code or "")


@bp.app_context_processor
def _constants() -> dict[str, Any]:
    return {"quality_max": MQA_MAX}


@bp.get("/dasbor/<slug>/kualitas")
def agency(slug: str) -> str:
    return _agency_page(slug, quality.agency_view, "quality/agency.html")


@bp.get("/dasbor/<slug>/epss")
def epss(slug: str) -> str:
    return _agency_page(slug, quality.epss, "quality/epss.html")


def _agency_page(slug: str, view_of: Callable[[Session, Actor, str], Any], template: str) -> str:
    """An agency's page (for its members): `view_of(session, actor, agency slug)` rendered."""
    actor = signed_in()
    org = agency_for(actor, slug)
    with catalog().unit_of_work() as session:
        return render_template(template, org=org, view=view_of(session, actor, org.slug))


@bp.get("/admin/kualitas")
def ranking() -> str:
    admin()
    with catalog().unit_of_work() as session:
        rows = quality.ranking(session)
        trend = quality.trend(session, days=TREND_DAYS, today=catalog().clock.today())
    points = [(p["day"], p["mean_score"]) for p in trend["catalog"]]
    chart = trend_chart(
        [(_("All agencies"), "#0969da", points)],
        title=_("Mean MQA score of published datasets, last %(n)s days", n=TREND_DAYS),
        maximum=MQA_MAX,
        bands=[(351, RATING_LABELS["sangat_baik"]), (221, RATING_LABELS["baik"]),
               (121, RATING_LABELS["cukup"])],
    )  # fmt: skip
    return render_template(
        "quality/ranking.html",
        rows=rows,
        trend=trend,
        chart=chart,
        ratings=[(c, RATING_LABELS[c]) for c in RATING_CODES],
    )


@bp.get("/admin/kualitas.csv")
def ranking_csv() -> Response:
    admin()
    with catalog().unit_of_work() as session:
        rows = quality.ranking(session)
    day = catalog().clock.today()
    return Response(
        quality.ranking_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="kualitas-{day}.csv"'},
    )
