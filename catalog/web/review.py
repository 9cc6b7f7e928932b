"""The BPS reviewer queue: requests oldest first, and what changed since a decision."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from catalog.app import catalog, current_actor
from catalog.models import Dataset, Recommendation

bp = Blueprint("review", __name__, url_prefix="/tinjauan")


def reviewer() -> None:
    actor = current_actor()
    if not actor.authenticated:
        abort(redirect(url_for("account.login", next=request.full_path)))
    if not actor.is_reviewer:
        abort(403, _("Only BPS reviewers may see the review queue."))


@bp.get("/")
def queue() -> str:
    reviewer()
    view = request.args.get("view", "open")
    with catalog().unit_of_work() as session:
        stmt = select(Recommendation, Dataset).join(
            Dataset, Dataset.id == Recommendation.dataset_id
        )
        if view == "again":
            stmt = stmt.where(Recommendation.changed_since_decision.is_(True))
        else:
            stmt = stmt.where(Recommendation.status.in_(("requested", "in_review")))
        rows = session.execute(
            stmt.order_by(Recommendation.requested_at.asc(), Recommendation.updated_at.asc())
        ).all()
        return render_template("review/queue.html", rows=rows, view=view)
