"""Output shapes of metadata quality (API v1): a dataset's score and missing items, the
agency ranking and the daily trend."""

from __future__ import annotations

from marshmallow import fields

from catalog.quality.rules import MQA_DIMENSIONS, RATING_CODES, SDI_ASPECTS
from schemas.fields import BaseSchema


class QualityDimensionOut(BaseSchema):
    code = fields.String(metadata={"enum": [code for code, _ in MQA_DIMENSIONS]})
    label = fields.String()
    points = fields.Integer()
    max = fields.Integer()


class QualityAspectOut(BaseSchema):
    code = fields.String(
        metadata={
            "enum": [code for code, _ in SDI_ASPECTS],
            "description": "Aspek Prinsip SDI (EPSS).",
        }
    )
    label = fields.String()
    earned = fields.Integer()
    applicable = fields.Integer()


class QualityMissingOut(BaseSchema):
    rule = fields.String(metadata={"description": "Kode aturan kualitas."})
    view = fields.String(metadata={"description": "mqa atau sdi"})
    dimension = fields.String(metadata={"description": "Dimensi MQA atau aspek SDI, menurut view."})
    points = fields.Integer()
    message = fields.String(metadata={"description": "Apa yang perlu ditambahkan."})
    field = fields.String(metadata={"description": "Isian profil yang perlu diisi."})


class QualityLinkOut(BaseSchema):
    """A resource's link and its last check; the fields after `checked` only when it was
    checked."""

    position = fields.Integer(metadata={"description": "Urutan sumber daya, mulai 0."})
    url = fields.String()
    declared_format = fields.String(
        allow_none=True, metadata={"description": "Format menurut metadata sumber daya."}
    )
    checked = fields.Boolean(metadata={"description": "Tautan sudah pernah diperiksa."})
    ok = fields.Boolean()
    status = fields.Integer(allow_none=True, metadata={"description": "Kode status HTTP."})
    final_url = fields.String(
        allow_none=True, metadata={"description": "Alamat akhir setelah pengalihan."}
    )
    content_type = fields.String(allow_none=True)
    content_length = fields.Integer(allow_none=True)
    detected_format = fields.String(
        allow_none=True, metadata={"description": "Format menurut isi yang diterima."}
    )
    error = fields.String()
    checked_at = fields.DateTime()


class QualityOut(BaseSchema):
    mqa_score = fields.Integer(metadata={"description": "Skor MQA, 0 sampai 405."})
    mqa_max = fields.Integer()
    rating = fields.String(
        metadata={"enum": list(RATING_CODES), "description": "sangat_baik, baik, cukup, kurang"}
    )
    rating_label = fields.String()
    sdi_percent = fields.Integer(metadata={"description": "Kelengkapan Satu Data/BPS, %."})
    dimensions = fields.List(fields.Nested(QualityDimensionOut))
    aspects = fields.List(fields.Nested(QualityAspectOut))
    missing = fields.List(fields.Nested(QualityMissingOut))
    broken_links = fields.Integer()
    late = fields.Boolean(metadata={"description": "Terlambat dimutakhirkan."})
    computed_at = fields.DateTime()
    links = fields.List(fields.Nested(QualityLinkOut))


class QualityRankingRow(BaseSchema):
    rank = fields.Integer()
    organization = fields.String(metadata={"description": "Slug instansi."})
    title = fields.String()
    datasets = fields.Integer(metadata={"description": "Dataset terbit."})
    mean_score = fields.Float(metadata={"description": "Rata-rata skor MQA."})
    good_share = fields.Float(metadata={"description": "Bagian dataset Baik atau lebih."})
    sdi_mean = fields.Float(metadata={"description": "Rata-rata kelengkapan Satu Data/BPS, %."})
    broken_links = fields.Integer(metadata={"description": "Tautan rusak, semua dataset."})
    late = fields.Integer(metadata={"description": "Dataset yang terlambat dimutakhirkan."})


class QualityRankingOut(BaseSchema):
    rows = fields.List(fields.Nested(QualityRankingRow))
