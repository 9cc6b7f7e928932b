"""Input and output shapes of the harvest API (sources, jobs, records)."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from catalog.models.harvest import RECORD_ACTIONS, SOURCE_TYPES
from schemas.api import PageArgs, PageOut
from schemas.fields import BaseSchema, Bool, Dict, Line, Str, Url
from schemas.profile import length

SECRET_KEYS = ("api_key", "apikey", "token", "password")


def public_config(config: dict[str, Any] | None) -> dict[str, Any]:
    """The source config without its secrets (API keys are never echoed back)."""
    return {k: ("***" if k in SECRET_KEYS and v else v) for k, v in (config or {}).items()}


class HarvestSourceIn(BaseSchema):
    organization = Str(required=True, validate=length(1, 100))
    title = Line(required=True, validate=length(3, 300))
    type = Str(
        required=True,
        validate=validate.OneOf(SOURCE_TYPES, error="Pilihan: " + ", ".join(SOURCE_TYPES) + "."),
    )
    url = Str(required=True, validate=length(1, 2000))
    config = Dict(keys=Str(), load_default=dict)
    schedule = Str(load_default="manual", validate=length(1, 100))
    active = Bool(load_default=True)


class HarvestSourceUrlIn(HarvestSourceIn):
    """Over the API a source URL must be http(s); `file` sources are for the command line."""

    url = Url(  # type: ignore[assignment]
        required=True, schemes={"http", "https"}, validate=length(1, 2000)
    )


class JobCounts(BaseSchema):
    found = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    withdrawn = fields.Integer()
    errors = fields.Integer()


class HarvestJobOut(BaseSchema):
    id = fields.String()
    source_id = fields.String()
    status = fields.String()
    trigger = fields.String()
    worker_id = fields.String(allow_none=True)
    attempt = fields.Integer()
    created = fields.DateTime(attribute="created_at")
    started = fields.DateTime(attribute="started_at", allow_none=True)
    finished = fields.DateTime(attribute="finished_at", allow_none=True)
    heartbeat = fields.DateTime(attribute="heartbeat_at", allow_none=True)
    complete_listing = fields.Boolean()
    cancel_requested = fields.Boolean()
    counts = fields.Method("_counts")
    progress = fields.Method("_progress")
    message = fields.String()

    def _counts(self, job: Any) -> dict[str, int]:
        return {name: getattr(job, name) for name in JobCounts._declared_fields}

    def _progress(self, job: Any) -> dict[str, Any]:
        return {"done": job.progress_done, "total": job.progress_total}


class HarvestSourceOut(BaseSchema):
    id = fields.String()
    organization = fields.Function(lambda s: s.organization.slug)
    title = fields.String()
    type = fields.String()
    url = fields.String()
    config = fields.Function(lambda s: public_config(s.config))
    schedule = fields.String()
    active = fields.Boolean()
    next_run_at = fields.DateTime(allow_none=True)
    created = fields.DateTime(attribute="created_at")
    last_job = fields.Nested(HarvestJobOut, allow_none=True)


class HarvestSourcePage(PageOut):
    results = fields.List(fields.Nested(HarvestSourceOut))


class SourceListArgs(PageArgs):
    organization = Str(validate=length(1, 100))


class RecordArgs(PageArgs):
    action = Str(
        validate=validate.OneOf(RECORD_ACTIONS, error="Pilihan: " + ", ".join(RECORD_ACTIONS) + ".")
    )


class HarvestRecordOut(BaseSchema):
    id = fields.Integer()
    remote_id = fields.String(allow_none=True)
    dataset_id = fields.String(allow_none=True)
    action = fields.String()
    content_hash = fields.String(allow_none=True)
    errors = fields.Dict()
    message = fields.String()
    created = fields.DateTime(attribute="created_at")
    raw = fields.Method("_raw")

    def _raw(self, record: Any) -> Any:
        from harvesters.pipeline import unpack_raw

        return unpack_raw(record.raw, record.raw_compressed)


class HarvestRecordPage(PageOut):
    results = fields.List(fields.Nested(HarvestRecordOut))
