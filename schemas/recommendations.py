"""Input and output shapes of the BPS recommendation workflow (API v1)."""

from __future__ import annotations

from marshmallow import fields, validate

from catalog.models.recommendation import ACTIONS, STATUSES
from schemas.api import PageArgs, PageOut
from schemas.fields import BaseSchema, Bool, Date, Int, Nested, Str
from schemas.profile import OrganizationRef, Ref, length, one_of

QUEUE_STATUSES = tuple(s for s in STATUSES if s != "none")
SECTORS_HINT = "Sektor kegiatan (mis. Kesehatan, Pendidikan, Pertanian)."
CHANGED_HINT = (
    "Metadata substantif (rancangan kegiatan) berubah sejak rekomendasi diberikan: peninjau "
    "perlu melihatnya lagi (confirm atau revoke)."
)
ACTIVITY_HINT = "Identitas MS-Keg yang dikirim bersama permintaan (lihat ActivityIn)."


class ActivityIn(BaseSchema):
    """MS-Keg identity fields BPS asks for with a recommendation request."""

    judul_kegiatan = Str(validate=length(3, 300))
    tahun = Int(
        strict=False,
        validate=validate.Range(min=1945, max=2100, error="Tahun harus 1945 sampai 2100."),
    )
    # Assigned by BPS; free text because its format is not fixed (see domain notes).
    kode_kegiatan = Str(validate=length(1, 50))
    cara_pengumpulan_data = Str(validate=one_of("activity_types"))
    sektor_kegiatan = Str(validate=length(2, 200), metadata={"description": SECTORS_HINT})


class ActionIn(BaseSchema):
    """Body of POST /datasets/{id}/recommendation/{action}; which fields count depends on it."""

    note = Str(load_default="", validate=length(max_=5000))
    number = Str(load_default=None, allow_none=True, validate=length(1, 200))
    valid_until = Date(load_default=None, allow_none=True)
    issued_on = Date(load_default=None, allow_none=True)
    activity = Nested(ActivityIn, load_default=None, allow_none=True)
    version = Int(load_default=None, allow_none=True, validate=validate.Range(min=0))


class EventOut(BaseSchema):
    id = fields.Integer()
    at = fields.DateTime()
    action = fields.String(metadata={"enum": list(ACTIONS)})
    from_status = fields.String(metadata={"enum": list(STATUSES)})
    to_status = fields.String(metadata={"enum": list(STATUSES)})
    note = fields.String(allow_none=True)
    actor = fields.String(
        allow_none=True, metadata={"description": "Nama pelaku; null bila tidak ditampilkan."}
    )
    data = fields.Dict(
        metadata={"description": "Rincian aksi; kosong bila tidak ditampilkan kepada pemanggil."}
    )


class DatasetRef(Ref):
    """Which dataset a recommendation is about (the full dataset is at /datasets/{id})."""

    state = fields.String()
    organization = fields.Nested(OrganizationRef)


class WarningOut(BaseSchema):
    """Something to look at again that did not stop the action."""

    field = fields.String()
    code = fields.String(metadata={"enum": ["number_in_use"]})
    message = fields.String()
    datasets = fields.List(fields.String(), metadata={"description": "Slug dataset terkait."})
    activities = fields.List(
        fields.String(), metadata={"description": "Slug kegiatan statistik terkait."}
    )


class RecommendationOut(BaseSchema):
    dataset = fields.Nested(DatasetRef)
    status = fields.String(metadata={"enum": list(STATUSES)})
    number = fields.String(allow_none=True)
    issued_on = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    changed_since_decision = fields.Boolean(metadata={"description": CHANGED_HINT})
    activity = fields.Dict(metadata={"description": ACTIVITY_HINT})
    requested_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)
    requester = fields.String(allow_none=True)
    reviewer = fields.String(allow_none=True)
    version = fields.Integer()
    allowed_actions = fields.List(fields.String(metadata={"enum": list(ACTIONS)}))
    events = fields.List(fields.Nested(EventOut))
    warnings = fields.List(
        fields.Nested(WarningOut),
        metadata={
            "description": "Hanya pada jawaban sebuah aksi: hal yang perlu diperiksa lagi tanpa "
            "menolak aksi, mis. nomor rekomendasi yang sudah dipakai dataset lain."
        },
    )


class QueueArgs(PageArgs):
    status = fields.List(
        Str(validate=validate.OneOf(QUEUE_STATUSES, error="Pilihan: " + ", ".join(QUEUE_STATUSES))),
        load_default=list,
    )
    organization = Str(validate=length(1, 100))
    changed = Bool(load_default=False)


class QueueItem(BaseSchema):
    dataset = fields.Nested(DatasetRef)
    status = fields.String(metadata={"enum": list(STATUSES)})
    changed_since_decision = fields.Boolean(metadata={"description": CHANGED_HINT})
    requested_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)
    activity = fields.Dict(metadata={"description": ACTIVITY_HINT})
    version = fields.Integer()
    allowed_actions = fields.List(fields.String(metadata={"enum": list(ACTIONS)}))


class QueuePage(PageOut):
    results = fields.List(fields.Nested(QueueItem))


class AgencyRow(BaseSchema):
    """A report row about one agency: its slug and title, then the row's figures."""

    organization = fields.String()
    organization_title = fields.String()


class ReportRow(AgencyRow):
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    total = fields.Integer()


class ReportOut(BaseSchema):
    today = fields.Date()
    statuses = fields.List(fields.String())
    rows = fields.List(fields.Nested(ReportRow))
    totals = fields.Dict(keys=fields.String(), values=fields.Integer())
