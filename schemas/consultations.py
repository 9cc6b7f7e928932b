"""Input and output shapes of the Pojok Romantik consultation desk (API v1)."""

from __future__ import annotations

from marshmallow import fields, validate

from catalog.models.consultation import CONSULTATION_STATES, FOLLOWUP_PARTIES, MODES
from schemas.fields import BaseSchema, Date, Dict, Int, Line, List, Nested, Str, Url
from schemas.profile import length
from schemas.recommendations import EventOut


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
    party = fields.String()
    due_on = fields.Date()
    status = fields.String()
    done_at = fields.DateTime(allow_none=True)


class ConsultationEventOut(EventOut):
    """An entry of the consultation's history, shaped as a recommendation's; its note is
    never null."""

    note = fields.String()


class ConsultationOut(BaseSchema):
    id = fields.String()
    organization = fields.Dict()
    topic = fields.String()
    topic_label = fields.String()
    question = fields.String()
    datasets = fields.List(fields.Dict())
    activity_name = fields.String(allow_none=True)
    activity_year = fields.Integer(allow_none=True)
    mode = fields.String()
    meeting_link = fields.String(allow_none=True)
    day = fields.Date()
    starts = fields.String()
    ends = fields.String()
    status = fields.String()
    cancel_reason = fields.String(allow_none=True)
    requester = fields.String(allow_none=True)
    officer = fields.String(allow_none=True)
    notes = fields.String()
    advice = fields.String()
    followups = fields.List(fields.Nested(ConsultationFollowUpOut))
    events = fields.List(fields.Nested(ConsultationEventOut))
    allowed_actions = fields.List(fields.String())
    survey = fields.Dict(allow_none=True)
    version = fields.Integer()
    created_at = fields.DateTime()


class ConsultationPage(BaseSchema):
    items = fields.List(fields.Nested(ConsultationOut))
    total = fields.Integer()


class ConsultationTopicOut(BaseSchema):
    code = fields.String()
    label = fields.String()


class SlotOut(BaseSchema):
    id = fields.Integer()
    day = fields.Date()
    starts = fields.String()
    ends = fields.String()
    capacity = fields.Integer()
    free = fields.Integer()


class DeskOut(BaseSchema):
    weekdays = fields.List(fields.Integer())
    opens = fields.String()
    closes = fields.String()
    slot_minutes = fields.Integer()
    capacity_per_officer = fields.Integer()
    horizon_days = fields.Integer()
    location = fields.String()


class DeskIn(BaseSchema):
    weekdays = List(Int(validate=validate.Range(min=1, max=7)), validate=length(1, 7))
    opens = fields.Time(error_messages={"invalid": "Bukan jam yang sah (JJ:MM)."})
    closes = fields.Time(error_messages={"invalid": "Bukan jam yang sah (JJ:MM)."})
    slot_minutes = Int(validate=validate.Range(min=15, max=240))
    capacity_per_officer = Int(validate=validate.Range(min=1, max=10))
    location = Line(validate=length(1, 300))


class FiguresOut(BaseSchema):
    held = fields.Integer()
    agencies = fields.Integer()
    upcoming = fields.Integer()
    satisfaction = fields.Dict(allow_none=True)
    by_topic = fields.List(fields.Dict())


class NotificationOut(BaseSchema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Boolean()


class NotificationPage(BaseSchema):
    unread = fields.Integer()
    items = fields.List(fields.Nested(NotificationOut))


class NotificationReadIn(BaseSchema):
    id = Int(load_default=None, allow_none=True, validate=validate.Range(min=1, max=2**63 - 1))
