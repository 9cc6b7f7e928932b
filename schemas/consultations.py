"""Input and output shapes of the Pojok Romantik consultation desk (API v1)."""

from __future__ import annotations

from marshmallow import fields, validate

from catalog.models.consultation import (
    ACTIONS,
    CONSULTATION_STATES,
    FOLLOWUP_PARTIES,
    FOLLOWUP_STATES,
    MODES,
)
from schemas.fields import BaseSchema, Date, Dict, Int, Line, List, Nested, Str, Url
from schemas.profile import length
from schemas.recommendations import EventOut

HOUR = "Jam, JJ:MM (WIB)."


def _choice(values: tuple[str, ...]) -> validate.OneOf:
    return validate.OneOf(values, error="Pilihan: " + ", ".join(values) + ".")


class BookingIn(BaseSchema):
    organization = Line(required=True, validate=length(1, 100))
    topic = Str(required=True, validate=length(1, 50))
    question = Str(required=True, validate=length(1, 5000))
    slot_id = Int(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    mode = Str(load_default="tatap_muka", validate=_choice(MODES))
    meeting_link = Url(load_default=None, allow_none=True, validate=length(max_=1000))
    datasets = List(Line(validate=length(1, 100)), load_default=list, validate=length(max_=20))
    activity_name = Line(load_default=None, allow_none=True, validate=length(1, 300))
    activity_year = Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=2000, max=2100, error="Tahun 2000-2100."),
    )


class StepIn(BaseSchema):
    """Body of POST /consultations/{id}/{action}; which fields count depends on the action."""

    reason = Str(load_default="", validate=length(max_=2000))
    slot_id = Int(load_default=None, allow_none=True, validate=validate.Range(min=1, max=2**31 - 1))
    officer = Line(load_default=None, allow_none=True, validate=length(1, 80))
    meeting_link = Url(load_default=None, allow_none=True, validate=length(max_=1000))
    version = Int(load_default=None, allow_none=True, validate=validate.Range(min=0))


class ConsultationFollowUpIn(BaseSchema):
    what = Str(required=True, validate=length(1, 2000))
    party = Str(required=True, validate=_choice(FOLLOWUP_PARTIES))
    due_on = Date(required=True)


class SessionIn(BaseSchema):
    notes = Str(load_default="", validate=length(max_=20000))
    advice = Str(load_default="", validate=length(max_=20000))
    followups = List(Nested(ConsultationFollowUpIn), load_default=list, validate=length(max_=30))


class SurveyIn(BaseSchema):
    scores = Dict(
        keys=Str(validate=length(1, 10)),
        values=Int(validate=validate.Range(min=1, max=4, error="Nilai 1 sampai 4.")),
        required=True,
    )
    comment = Str(load_default="", validate=length(max_=4000))


class ConsultationListArgs(BaseSchema):
    status = Str(load_default=None, validate=_choice(CONSULTATION_STATES))
    organization = Line(load_default=None, validate=length(1, 100))
    start = Date(load_default=None)
    end = Date(load_default=None)


class DateRangeArgs(BaseSchema):
    start = Date(load_default=None)
    end = Date(load_default=None)


class DutyIn(BaseSchema):
    day = Date(required=True)
    officer = Line(required=True, validate=length(1, 80))


class ClosureIn(BaseSchema):
    day = Date(required=True)
    reason = Str(load_default="", validate=length(max_=300))


class ConsultationFollowUpOut(BaseSchema):
    id = fields.String()
    what = fields.String()
    party = fields.String(
        metadata={"enum": list(FOLLOWUP_PARTIES), "description": "Pihak yang menindaklanjuti."}
    )
    due_on = fields.Date()
    status = fields.String(metadata={"enum": list(FOLLOWUP_STATES)})
    done_at = fields.DateTime(allow_none=True)


class ConsultationEventOut(EventOut):
    """An entry of the consultation's history, shaped as a recommendation's; its note is
    never null."""

    action = fields.String(
        metadata={
            "description": "Pemesanan (book), salah satu aksi alur konsultasi, catatan sesi "
            "(record) atau tindak lanjut selesai (followup_done)."
        }
    )
    from_status = fields.String(metadata={"enum": list(CONSULTATION_STATES)})
    to_status = fields.String(metadata={"enum": list(CONSULTATION_STATES)})
    note = fields.String()


class ConsultationOut(BaseSchema):
    id = fields.String()
    organization = fields.Dict()
    topic = fields.String(metadata={"description": "Kode topik (GET /consultations/topics)."})
    topic_label = fields.String()
    question = fields.String()
    datasets = fields.List(
        fields.Dict(), metadata={"description": "Dataset yang ditanyakan: id, slug, judul."}
    )
    activity_name = fields.String(allow_none=True)
    activity_year = fields.Integer(allow_none=True)
    mode = fields.String(metadata={"enum": list(MODES)})
    meeting_link = fields.String(allow_none=True)
    day = fields.Date()
    starts = fields.String(metadata={"description": HOUR})
    ends = fields.String(metadata={"description": HOUR})
    status = fields.String(metadata={"enum": list(CONSULTATION_STATES)})
    cancel_reason = fields.String(allow_none=True)
    requester = fields.String(allow_none=True, metadata={"description": "Nama pemohon."})
    officer = fields.String(
        allow_none=True, metadata={"description": "Nama petugas BPS yang menangani."}
    )
    notes = fields.String(metadata={"description": "Catatan sesi."})
    advice = fields.String(metadata={"description": "Saran petugas BPS."})
    followups = fields.List(fields.Nested(ConsultationFollowUpOut))
    events = fields.List(fields.Nested(ConsultationEventOut))
    allowed_actions = fields.List(fields.String(metadata={"enum": list(ACTIONS)}))
    survey = fields.Dict(
        allow_none=True,
        metadata={
            "description": "Hasil survei kepuasan: indeks (index) dan kategorinya (category); "
            "null bila belum diisi."
        },
    )
    version = fields.Integer()
    created_at = fields.DateTime()


class ConsultationPage(BaseSchema):
    items = fields.List(fields.Nested(ConsultationOut))
    total = fields.Integer()


class ConsultationTopicOut(BaseSchema):
    code = fields.String()
    label = fields.String()


class SlotOut(BaseSchema):
    id = fields.Integer(metadata={"description": "slot_id untuk memesan."})
    day = fields.Date()
    starts = fields.String(metadata={"description": HOUR})
    ends = fields.String(metadata={"description": HOUR})
    capacity = fields.Integer(metadata={"description": "Jumlah kursi slot ini."})
    free = fields.Integer(metadata={"description": "Kursi yang masih kosong."})


class DeskOut(BaseSchema):
    weekdays = fields.List(
        fields.Integer(), metadata={"description": "Hari buka (ISO): Senin 1 sampai Minggu 7."}
    )
    opens = fields.String(metadata={"description": HOUR})
    closes = fields.String(metadata={"description": HOUR})
    slot_minutes = fields.Integer(metadata={"description": "Lama satu slot, menit."})
    capacity_per_officer = fields.Integer(
        metadata={"description": "Kursi per slot untuk setiap petugas yang berjaga."}
    )
    horizon_days = fields.Integer(
        metadata={"description": "Berapa hari ke depan instansi dapat memesan."}
    )
    location = fields.String()


class DeskIn(BaseSchema):
    weekdays = List(Int(validate=validate.Range(min=1, max=7)), validate=length(1, 7))
    opens = fields.Time(error_messages={"invalid": "Bukan jam yang sah (JJ:MM)."})
    closes = fields.Time(error_messages={"invalid": "Bukan jam yang sah (JJ:MM)."})
    slot_minutes = Int(validate=validate.Range(min=15, max=240))
    capacity_per_officer = Int(validate=validate.Range(min=1, max=10))
    horizon_days = Int(validate=validate.Range(min=7, max=365))
    location = Line(validate=length(1, 300))


class FiguresOut(BaseSchema):
    held = fields.Integer(metadata={"description": "Konsultasi yang sudah selesai."})
    agencies = fields.Integer(metadata={"description": "Instansi yang sudah dilayani."})
    upcoming = fields.Integer(
        metadata={
            "description": "Konsultasi yang masih terbuka (diajukan atau dijadwalkan) "
            "mulai hari ini."
        }
    )
    satisfaction = fields.Dict(
        allow_none=True,
        metadata={
            "description": "Survei kepuasan (SKM) atas semua jawaban: jumlah jawaban, rata-rata "
            "per unsur, indeks dan kategorinya; null bila belum ada jawaban."
        },
    )
    by_topic = fields.List(
        fields.Dict(),
        metadata={"description": "Konsultasi selesai per topik (topic, label, count)."},
    )


class NotificationOut(BaseSchema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "Jenis pemberitahuan; title adalah judulnya."})
    title = fields.String()
    body = fields.String()
    link = fields.String(
        allow_none=True, metadata={"description": "Halaman terkait di situs ini (jalur)."}
    )
    created_at = fields.DateTime()
    read = fields.Boolean()


class NotificationPage(BaseSchema):
    unread = fields.Integer()
    items = fields.List(fields.Nested(NotificationOut))


class NotificationReadIn(BaseSchema):
    id = Int(load_default=None, allow_none=True, validate=validate.Range(min=1, max=2**63 - 1))
