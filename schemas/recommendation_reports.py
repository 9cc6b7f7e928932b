"""Output shapes of the recommendation reports beyond the per-agency dataset table (API v1):
activities per agency and status, recommendations expiring soon, activities carried out
without a recommendation (catalog/services/recommendations/report.py)."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.fields import BaseSchema, Int, JsonOrCsvArgs
from schemas.profile import ActivityLink
from schemas.recommendations import AgencyRow, ReportOut


class ExpiringArgs(JsonOrCsvArgs):
    days = Int(
        load_default=60,
        strict=False,
        validate=validate.Range(min=1, max=366, error="Jumlah hari harus 1 sampai 366."),
        metadata={"description": "How many days ahead to look (default 60)."},
    )


class ExpiringRow(BaseSchema):
    kind = fields.String(metadata={"description": "dataset | activity"})
    slug = fields.String()
    title = fields.String()
    code = fields.String(allow_none=True, metadata={"description": "kode kegiatan (activity)"})
    organization = fields.String()
    organization_title = fields.String()
    number = fields.String(allow_none=True)
    valid_until = fields.Date()
    days_left = fields.Integer()
    datasets = fields.Integer(metadata={"description": "published datasets it governs"})


class ExpiringOut(BaseSchema):
    today = fields.Date()
    days = fields.Integer()
    rows = fields.List(fields.Nested(ExpiringRow))


class WithoutTotals(BaseSchema):
    activities_carried_out = fields.Integer()
    activities_without = fields.Integer()
    datasets_without = fields.Integer()
    percent_recommended = fields.Float(allow_none=True)


# AgencyRow comes last among the bases so that the agency's columns come first
# (marshmallow orders inherited fields from the last base to the first).
class WithoutRow(WithoutTotals, AgencyRow):
    """One agency's figures: the same as the totals."""


class WithoutActivity(ActivityLink):
    """An activity carried out without a recommendation: which one (slug, title, code, as a
    dataset names it), its status and agency, how many published datasets it produced."""

    status = fields.String()
    organization = fields.String()
    organization_title = fields.String()
    published_datasets = fields.Integer()


class WithoutOut(BaseSchema):
    rows = fields.List(fields.Nested(WithoutRow))
    totals = fields.Nested(WithoutTotals)
    activities = fields.List(fields.Nested(WithoutActivity))


class ActivitiesReportOut(ReportOut):
    """Published activities per agency x recommendation status (same shape as the datasets')."""
