"""/api/v1/harvest: sources (CRUD by the owning agency), run now, job status and records."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from catalog.api.v1.contract import contract
from catalog.context import catalog, current_actor
from catalog.services import harvest as service
from harvesters.registry import HARVESTERS
from schemas.harvest import (
    HarvestJobOut,
    HarvestRecordPage,
    HarvestSourceOut,
    HarvestSourcePage,
    HarvestSourceUrlIn,
    RecordArgs,
    SourceListArgs,
    with_types,
)

blp = Blueprint("harvest", __name__, description="Harvest sources and jobs")
# `type`: the registered harvester types a client may create (not those reading the disk)
SourceIn = with_types(HarvestSourceUrlIn, HARVESTERS.remote_names)


def _with_last_job(session: Any, source: Any) -> Any:
    source.last_job = service.last_job(session, source.id)
    return source


@blp.route("/harvest/sources")
class SourceCollection(MethodView):
    @contract(blp, 200, HarvestSourcePage, query=SourceListArgs, bearer=True)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List the harvest sources of the caller's agencies (all of them for admins).

        Credentials never leave the server: URL userinfo and secret config values (keys,
        tokens, passwords, authorization headers) are shown as ••••.
        """
        page, per_page = args["page"], args["per_page"]
        with catalog().unit_of_work() as session:
            rows, total = service.list_sources(
                session, current_actor(), args.get("organization"), (page - 1) * per_page, per_page
            )
            results = [_with_last_job(session, s) for s in rows]
            return {"total": total, "page": page, "per_page": per_page, "results": results}

    @contract(blp, 201, HarvestSourceOut, body=SourceIn, bearer=True)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a source for an organization the caller edits.

        The URL must be http(s) and, unless the deployment allows it, not on a loopback or
        private network (422). Only admins may set `config.remote_organization` (403).
        """
        settings = catalog().settings
        with catalog().unit_of_work() as session:
            source = service.create_source(session, current_actor(), data, settings=settings)
            return _with_last_job(session, source)


@blp.route("/harvest/sources/<source_id>")
class SourceItem(MethodView):
    @contract(blp, 200, HarvestSourceOut, bearer=True)
    def get(self, source_id: str) -> Any:
        """One source, for its agency's editors and admins (404 for anyone else)."""
        with catalog().unit_of_work() as session:
            return _with_last_job(session, service.read_source(session, current_actor(), source_id))

    @contract(blp, 200, HarvestSourceOut, body=SourceIn(partial=True), bearer=True)
    def patch(self, data: dict[str, Any], source_id: str) -> Any:
        """Change a source. A secret not sent again, or sent as ••••, keeps its stored value
        while the URL stays on the same scheme, host and port; send null or "" to remove one."""
        settings = catalog().settings
        with catalog().unit_of_work() as session:
            source = service.update_source(
                session, current_actor(), source_id, data, settings=settings
            )
            return _with_last_job(session, source)

    @contract(blp, 204, bearer=True)
    def delete(self, source_id: str) -> None:
        with catalog().unit_of_work() as session:
            service.delete_source(session, current_actor(), source_id)


@blp.route("/harvest/sources/<source_id>/jobs", methods=["POST"])
@contract(blp, 202, HarvestJobOut, bearer=True)
def run_now(source_id: str) -> Any:
    """Queue a harvest of the source now (a worker picks it up)."""
    with catalog().unit_of_work() as session:
        return service.queue_job(session, current_actor(), source_id, trigger="manual")


@blp.route("/harvest/jobs/<job_id>")
class JobItem(MethodView):
    @contract(blp, 200, HarvestJobOut, bearer=True)
    def get(self, job_id: str) -> Any:
        """Status, counts and progress of a job."""
        with catalog().unit_of_work() as session:
            job = service.get_job(session, job_id)
            service.require_job_reader(current_actor(), job)
            return job

    @contract(blp, 200, HarvestJobOut, bearer=True)
    def delete(self, job_id: str) -> Any:
        """Cancel a queued or running job."""
        with catalog().unit_of_work() as session:
            return service.cancel_job(session, current_actor(), job_id)


@blp.route("/harvest/jobs/<job_id>/records")
@contract(blp, 200, HarvestRecordPage, query=RecordArgs, bearer=True)
def job_records(args: dict[str, Any], job_id: str) -> Any:
    """The per-record log of a job, e.g. ?action=error for the failures with field messages,
    ?warnings=true for the records stored with warnings (field, original value, stored)."""
    page, per_page = args["page"], args["per_page"]
    with catalog().unit_of_work() as session:
        rows, total = service.list_records(
            session,
            current_actor(),
            job_id,
            args.get("action"),
            (page - 1) * per_page,
            per_page,
            warnings=args.get("warnings", False),
        )
        return {"total": total, "page": page, "per_page": per_page, "results": rows}
