"""/api/v1/activities: statistical activities (kegiatan statistik, MS-Keg): list with facets,
create, read, replace, patch, delete; the datasets they produced (link, unlink); their BPS
recommendation (detail and actions, as a dataset's). And /api/v1/datasets/{ref}/activity: the
activity a dataset belongs to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.orm import Session

from catalog.api.v1.concurrency import versioned_answer, versioned_update
from catalog.api.v1.contract import contract
from catalog.api.v1.recommendations import act_on, detail_of, event_of, queue_page
from catalog.context import catalog, current_actor
from catalog.jsonweb import answer_with_encoded, encode
from catalog.models import Activity
from catalog.models.recommendation import summary as recommendation_summary
from catalog.services import activities as service
from catalog.services.auth import Actor, visible_variables
from schemas.activity import (
    ActivityIn,
    ActivityListArgs,
    ActivityOut,
    ActivityPageOut,
    ActivityQueuePage,
    ActivityRecommendationOut,
    DatasetActivityIn,
    DatasetActivityOut,
    DatasetLinkIn,
    LinkedDatasetsOut,
)
from schemas.recommendations import ActionIn, EventOut, QueueArgs

blp = Blueprint(
    "activities_api",
    __name__,
    description="Statistical activities (kegiatan statistik, MS-Keg) and their recommendation",
)
ACTIVITY_OUT = ActivityOut()
PAGE_WITHOUT_RESULTS = ActivityPageOut(exclude=("results",))


def _today() -> date:
    return catalog().clock.today()


def _profile(activity: Activity, actor: Actor) -> dict[str, Any]:
    """ActivityOut's output with only the variables the actor may see."""
    out: dict[str, Any] = ACTIVITY_OUT.dump(activity)
    out["variables"] = visible_variables(actor, activity.organization_id, out.get("variables"))
    return out


def _answer(activity: Activity, status: int, headers: dict[str, str] | None = None) -> Response:
    """The activity as ActivityOut, encoded inside the unit of work (before its commit)."""
    return versioned_answer(activity, _profile, status, headers)


@blp.route("/activities")
class ActivityCollection(MethodView):
    @contract(blp, 200, ActivityPageOut, query=ActivityListArgs())
    def get(self, args: dict[str, Any]) -> Any:
        """List the activities the caller may read (published ones; drafts for their agency
        and BPS staff), newest year first, with facet counts (status, method, year,
        organization; each counted with every filter but its own)."""
        page, per_page = args["page"], args["per_page"]
        actor = current_actor()
        with catalog().unit_of_work() as session:
            found = service.list_activities(
                session,
                actor,
                organization=args.get("organization"),
                year=args.get("year"),
                method=args.get("method"),
                status=args.get("status"),
                q=args["q"],
                offset=(page - 1) * per_page,
                limit=per_page,
                today=_today(),
            )
            results = [encode(_profile(a, actor)) for a in found.items]
        envelope = PAGE_WITHOUT_RESULTS.dump(
            {"total": found.total, "page": page, "per_page": per_page, "facets": found.facets}
        )
        return answer_with_encoded(envelope, "results", results)

    @contract(blp, 201, ActivityOut, body=ActivityIn, bearer=True)
    def post(self, data: dict[str, Any]) -> Any:
        """Register an activity in an agency the caller edits."""
        with catalog().unit_of_work() as session:
            activity = service.create_activity(session, current_actor(), data)
            return _answer(activity, 201, _here(activity))


def _here(activity: Activity) -> dict[str, str]:
    return {"Location": url_for("activities_api.ActivityItem", ref=activity.slug)}


@blp.route("/activities/<ref>")
class ActivityItem(MethodView):
    @contract(blp, 200, ActivityOut)
    def get(self, ref: str) -> Any:
        """Read one activity by id or slug."""
        with catalog().unit_of_work() as session:
            activity = service.get_activity(session, current_actor(), ref)
            return _answer(activity, 200)

    @contract(blp, 200, ActivityOut, body=ActivityIn, bearer=True)
    def put(self, data: dict[str, Any], ref: str) -> Any:
        """Replace an activity; `version` (or If-Match) must be the one last read."""
        return versioned_update(service.update_activity, _profile, ref, data, partial=False)

    @contract(blp, 200, ActivityOut, body=ActivityIn(partial=True), bearer=True)
    def patch(self, data: dict[str, Any], ref: str) -> Any:
        """Change some fields (a block given merges into the stored one, field by field); the
        result is validated whole. `version` (or If-Match) must be the one last read."""
        return versioned_update(service.update_activity, _profile, ref, data, partial=True)

    @contract(blp, 204, bearer=True)
    def delete(self, ref: str) -> Any:
        """Delete an activity without a recommendation trail; its datasets are unlinked."""
        with catalog().unit_of_work() as session:
            service.delete_activity(session, current_actor(), ref)
        return Response(status=204)


def _linked(
    ref: str, change: Callable[[Session, Actor, str, str], object] | None = None, dataset: str = ""
) -> dict[str, Any]:
    """The datasets the activity produced (those the caller may read), by title; first
    `change(session, actor, dataset, activity id)` when given (link or unlink)."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        activity = service.get_activity(session, actor, ref)
        if change is not None:
            change(session, actor, dataset, activity.id)
        rows = service.datasets_of(session, actor, activity)
        return {"activity": activity, "total": len(rows), "results": rows}


@blp.route("/activities/<ref>/datasets")
class ActivityDatasets(MethodView):
    @contract(blp, 200, LinkedDatasetsOut)
    def get(self, ref: str) -> Any:
        """The datasets the activity produced (those the caller may read), by title."""
        return _linked(ref)

    @contract(blp, 200, LinkedDatasetsOut, body=DatasetLinkIn, bearer=True)
    def post(self, data: dict[str, Any], ref: str) -> Any:
        """Link a dataset of the same agency to the activity (its editors)."""
        return _linked(ref, service.link_dataset, data["dataset"])

    @contract(blp, 200, LinkedDatasetsOut, body=DatasetLinkIn, bearer=True)
    def delete(self, data: dict[str, Any], ref: str) -> Any:
        """Unlink a dataset from the activity (its agency's editors)."""
        return _linked(ref, service.unlink_dataset, data["dataset"])


@blp.route("/datasets/<ref>/activity", methods=["PUT"])
@contract(blp, 200, DatasetActivityOut, body=DatasetActivityIn, bearer=True)
def dataset_activity(data: dict[str, Any], ref: str) -> Any:
    """Set the activity that produced a dataset (`null` unlinks): an editor of the dataset's
    agency, with an activity of the same agency. The dataset then shows the activity's
    recommendation unless it has its own under way."""
    actor = current_actor()
    with catalog().unit_of_work() as session:
        dataset = service.link_dataset(session, actor, ref, data["activity"])
        session.flush()
        return {
            "dataset": dataset,
            "version": dataset.version,
            "activity": dataset.activity,
            "recommendation": recommendation_summary(dataset, _today()),
        }


@blp.route("/activities/<ref>/recommendation")
class ActivityRecommendation(MethodView):
    @contract(blp, 200, ActivityRecommendationOut)
    def get(self, ref: str) -> Any:
        """The activity's recommendation: status, the actions the caller may take, events."""
        return detail_of(ref, kind="activity")


@blp.route("/activities/<ref>/recommendation/<action>", methods=["POST"])
@contract(blp, 200, ActivityRecommendationOut, body=ActionIn, bearer=True)
def act(data: dict[str, Any], ref: str, action: str) -> Any:
    """Apply one action to the activity's recommendation: request, withdraw_request, take,
    recommend, revise, reject, revoke, confirm (the same body as a dataset's). A decision
    re-indexes every linked dataset."""
    return act_on(data, ref, action, kind="activity")


@blp.route("/activities/<ref>/recommendation/events/<int:event_id>", methods=["GET"])
@contract(blp, 200, EventOut)
def event(ref: str, event_id: int) -> Any:
    """One event of the activity's trail (read only: the trail is append-only)."""
    return event_of(ref, event_id, kind="activity")


@blp.route("/recommendations/activities")
@contract(blp, 200, ActivityQueuePage, query=QueueArgs, bearer=True)
def reviewer_queue(args: dict[str, Any]) -> Any:
    """The reviewer queue of statistical activities, oldest request first (reviewers and
    admins; the datasets' queue is /recommendations). Default: open work (requested,
    in_review); `changed=true`: recommended activities whose design changed since the
    decision."""
    return queue_page(args, kind="kegiatan")
