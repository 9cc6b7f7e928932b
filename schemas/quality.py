"""Output shapes of metadata quality (API v1): a dataset's score and missing items, the
agency ranking and the daily trend."""

from __future__ import annotations

from marshmallow import fields

from schemas.fields import BaseSchema, JsonOrCsvArgs


class QualityDimensionOut(BaseSchema):
    code = fields.String()
    label = fields.String()
    points = fields.Integer()
    max = fields.Integer()


class QualityAspectOut(BaseSchema):
    code = fields.String(metadata={"description": "Aspek Prinsip SDI (EPSS)."})
    label = fields.String()
    earned = fields.Integer()
    applicable = fields.Integer()


class QualityMissingOut(BaseSchema):
    rule = fields.String()
    view = fields.String(metadata={"description": "mqa atau sdi"})
    dimension = fields.String()
    points = fields.Integer()
    message = fields.String(metadata={"description": "Apa yang perlu ditambahkan."})
    field = fields.String(metadata={"description": "Isian profil yang perlu diisi."})


class QualityLinkOut(BaseSchema):
    position = fields.Integer()
    url = fields.String()
    declared_format = fields.String(allow_none=True)
    checked = fields.Boolean()
    ok = fields.Boolean()
    status = fields.Integer(allow_none=True)
    final_url = fields.String(allow_none=True)
    content_type = fields.String(allow_none=True)
    content_length = fields.Integer(allow_none=True)
    detected_format = fields.String(allow_none=True)
    error = fields.String()
    checked_at = fields.DateTime()


class QualityOut(BaseSchema):
    mqa_score = fields.Integer(metadata={"description": "Skor MQA, 0 sampai 405."})
    mqa_max = fields.Integer()
    rating = fields.String(metadata={"description": "sangat_baik, baik, cukup, kurang"})
    rating_label = fields.String()
    sdi_percent = fields.Integer(metadata={"description": "Kelengkapan Satu Data/BPS, %."})
    dimensions = fields.List(fields.Nested(QualityDimensionOut))
    aspects = fields.List(fields.Nested(QualityAspectOut))
    missing = fields.List(fields.Nested(QualityMissingOut))
    broken_links = fields.Integer()
    late = fields.Boolean(metadata={"description": "Terlambat dimutakhirkan."})
    computed_at = fields.DateTime()
    links = fields.List(fields.Nested(QualityLinkOut))


class QualityRankingArgs(JsonOrCsvArgs):
    pass


class QualityRankingRow(BaseSchema):
    rank = fields.Integer()
    organization = fields.String()
    title = fields.String()
    datasets = fields.Integer()
    mean_score = fields.Float()
    good_share = fields.Float(metadata={"description": "Bagian dataset Baik atau lebih."})
    sdi_mean = fields.Float()
    broken_links = fields.Integer()
    late = fields.Integer()


class QualityRankingOut(BaseSchema):
    rows = fields.List(fields.Nested(QualityRankingRow))
