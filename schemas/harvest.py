"""Input and output shapes of the harvest API (sources, jobs, records)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from marshmallow import fields, validate

from catalog.credentials import MASK, masked_config, masked_url
from catalog.models.harvest import JOB_STATES, RECORD_ACTIONS, unpack_raw
from schemas.api import PageArgs, PageOut
from schemas.fields import BaseSchema, Bool, Dict, Line, OneOfNow, Str, Url
from schemas.profile import length


def public_url(source: Any) -> str:
    """The source URL as shown: its credentials (userinfo) masked."""
    return masked_url(source.url, source.secrets)


def public_config(source: Any) -> dict[str, Any]:
    """The source config as shown: every stored secret masked (never echoed back)."""
    return masked_config(source.config, source.secrets)


class HarvestSourceIn(BaseSchema):
    organization = Str(required=True, validate=length(1, 100))
    title = Line(required=True, validate=length(3, 300))
    # one of the registered harvester types: see with_types (the service checks it too)
    type = Str(required=True, validate=length(1, 20))
    url = Str(required=True, validate=length(1, 2000))
    config = Dict(keys=Str(), load_default=dict)
    schedule = Str(load_default="manual", validate=length(1, 100))
    active = Bool(load_default=True)


class SourceUrl(Url):
    """An http(s) URL that may carry its stored credentials masked (`https://••••@host/`),
    as the API and the form show it: sending it back keeps the stored credentials."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and MASK in value:
            checked = super()._deserialize(value.replace(MASK, "x"), attr, data, **kwargs)
            if checked != value.replace(MASK, "x"):
                raise self.make_error("invalid")
            return value
        return super()._deserialize(value, attr, data, **kwargs)

    def _validate(self, value: Any) -> None:
        super()._validate(value.replace(MASK, "x") if isinstance(value, str) else value)


class HarvestSourceUrlIn(HarvestSourceIn):
    """Over the API a source URL must be http(s); `file` sources are for the command line."""

    url = SourceUrl(  # type: ignore[assignment]
        required=True, schemes={"http", "https"}, validate=length(1, 2000)
    )


S = TypeVar("S", bound=type[HarvestSourceIn])


def with_types(schema: S, types: Callable[[], Iterable[str]]) -> S:
    """`schema` (same name) whose `type` must be one of `types()`, read at each load and when
    the OpenAPI document is built. The caller passes the harvester registry's names
    (schemas import no harvester), so a type registered later is in the API's enum too."""
    field = Str(required=True, validate=OneOfNow(types))
    return cast(S, type(schema.__name__, (schema,), {"type": field, "__doc__": schema.__doc__}))


# A job's counters (HarvestJob columns), in the order its `counts` object lists them;
# `warnings`: records stored with warnings.
JOB_COUNTS = (
    "found",
    "created",
    "updated",
    "unchanged",
    "restored",
    "withdrawn",
    "skipped_private",
    "errors",
    "warnings",
)


class HarvestJobOut(BaseSchema):
    id = fields.String()
    source_id = fields.String()
    status = fields.String(metadata={"enum": list(JOB_STATES)})
    trigger = fields.String(
        metadata={
            "description": "Apa yang memulainya, mis. manual (permintaan) atau schedule (jadwal)."
        }
    )
    worker_id = fields.String(
        allow_none=True, metadata={"description": "Pekerja yang menjalankannya."}
    )
    attempt = fields.Integer(metadata={"description": "Berapa kali pekerja mengambilnya."})
    created = fields.DateTime(attribute="created_at")
    started = fields.DateTime(attribute="started_at", allow_none=True)
    finished = fields.DateTime(attribute="finished_at", allow_none=True)
    heartbeat = fields.DateTime(
        attribute="heartbeat_at",
        allow_none=True,
        metadata={"description": "Tanda hidup terakhir dari pekerja."},
    )
    complete_listing = fields.Boolean(
        metadata={
            "description": "Daftar sumber terbaca utuh, sehingga dataset yang tidak lagi "
            "ada di sumber ditarik."
        }
    )
    cancel_requested = fields.Boolean()
    counts = fields.Method(
        "_counts", metadata={"description": "Jumlah rekaman: " + ", ".join(JOB_COUNTS) + "."}
    )
    progress = fields.Method(
        "_progress", metadata={"description": "Kemajuan: done dari total rekaman."}
    )
    message = fields.String()

    def _counts(self, job: Any) -> dict[str, int]:
        return {name: getattr(job, name) for name in JOB_COUNTS}

    def _progress(self, job: Any) -> dict[str, Any]:
        return {"done": job.progress_done, "total": job.progress_total}


class HarvestSourceOut(BaseSchema):
    id = fields.String()
    organization = fields.Function(lambda s: s.organization.slug)
    title = fields.String()
    type = fields.String()
    url = fields.Function(
        public_url, metadata={"type": "string", "description": "credentials shown as ••••"}
    )
    config = fields.Function(
        public_config,
        metadata={
            "type": "object",
            "description": "secret values (keys, tokens, passwords) shown as ••••",
        },
    )
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
    warnings = Bool(load_default=False)  # only records stored with warnings


class RecordWarning(BaseSchema):
    field = fields.String()
    original = fields.String(allow_none=True)
    stored = fields.String(allow_none=True)
    message = fields.String()


class HarvestRecordOut(BaseSchema):
    id = fields.Integer()
    remote_id = fields.String(allow_none=True, metadata={"description": "Id rekaman di sumber."})
    dataset_id = fields.String(allow_none=True)
    action = fields.String(metadata={"enum": list(RECORD_ACTIONS)})
    content_hash = fields.String(
        allow_none=True, metadata={"description": "Hash isi: sama berarti tidak berubah."}
    )
    errors = fields.Dict(metadata={"description": "Pesan per isian (rekaman error)."})
    warnings = fields.Function(
        lambda r: RecordWarning(many=True).dump(r.warnings or []),
        metadata={"type": "array", "items": {"type": "object"}},
    )
    message = fields.String()
    created = fields.DateTime(attribute="created_at")
    raw = fields.Method("_raw", metadata={"description": "Muatan asli dari sumber."})

    def _raw(self, record: Any) -> Any:
        return unpack_raw(record.raw, record.raw_compressed)


class HarvestRecordPage(PageOut):
    results = fields.List(fields.Nested(HarvestRecordOut))
