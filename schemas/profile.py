"""The dataset metadata profile (Satu Data Indonesia + BPS Metadata Statistik).

`DatasetIn` validates what producers send (API, harvest); `DatasetOut` is the one
representation of a dataset that every interface serializes from.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from marshmallow import ValidationError, fields, post_load, pre_load, validate, validates_schema

from catalog import vocab
from catalog.models.dataset import Dataset
from catalog.models.recommendation import summary as recommendation_summary
from schemas.fields import (
    BaseSchema,
    Bool,
    Date,
    DateTime,
    Dict,
    Email,
    Int,
    Line,
    List,
    Nested,
    Str,
    Url,
)
from schemas.lenient import shown_format

SLUG_RE = r"^[a-z0-9][a-z0-9_-]{1,99}$"
DATA_TYPES = ("integer", "decimal", "text", "date", "category", "boolean")
MAX_RESOURCES = 200
MAX_VARIABLES = 500


def one_of(vocabulary: str) -> validate.OneOf:
    choices = sorted(vocab.codes(vocabulary))
    return validate.OneOf(
        choices, error="Nilai tidak dikenal; pilihan: " + ", ".join(choices) + "."
    )


def length(min_: int | None = None, max_: int | None = None) -> validate.Length:
    if min_ and max_:
        msg = f"Panjang harus antara {min_} dan {max_} karakter."
    elif max_:
        msg = f"Panjang paling banyak {max_}."
    else:
        msg = f"Panjang paling sedikit {min_} karakter."
    return validate.Length(min=min_, max=max_, error=msg)


def normalize_region_code(code: str) -> str:
    """Accept 36.03.01, 360301 or 3603 and return the dotted Kemendagri form."""
    code = code.strip()
    if re.fullmatch(r"\d+", code) and len(code) in (2, 4, 6, 10):
        parts = [code[:2], code[2:4], code[4:6], code[6:]]
        code = ".".join(p for p in parts if p)
    return code


def sanitize_html(text: str) -> str:
    """Remove scripts and unsafe markup from text that contains HTML; plain Markdown is kept."""
    if "<" not in text:
        return text
    return nh3.clean(text)


class ResourceSchema(BaseSchema):
    name = Line(required=True, validate=length(1, 500))
    url = Url(required=True, validate=length(1, 2000))
    format = Str(load_default=None, allow_none=True, validate=length(max_=30))
    media_type = Str(load_default=None, allow_none=True, validate=length(max_=200))
    size = Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, error="Tidak boleh negatif."),
    )
    description = Str(load_default="", validate=length(max_=5000))

    @post_load
    def _clean_format(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        # The publisher's spelling ("GeoJSON"), capitals for a one-case one ("csv" -> CSV);
        # search matches formats without case (catalog/search/query.py).
        if data.get("format"):
            data["format"] = shown_format(data["format"]) or None
        data["description"] = sanitize_html(data.get("description") or "")
        return data


class VariableSchema(BaseSchema):
    """One MS-Var entry (Peraturan BPS 5/2020)."""

    name = Line(required=True, validate=length(1, 300))
    alias = Line(load_default="", validate=length(max_=300))
    concept = Str(load_default="", validate=length(max_=2000))
    definition = Str(load_default="", validate=length(max_=5000))
    selection_reference = Str(load_default="", validate=length(max_=2000))
    reference_period = Str(load_default="", validate=length(max_=300))
    data_type = Str(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(
            DATA_TYPES, error="Tipe data harus salah satu dari: " + ", ".join(DATA_TYPES) + "."
        ),
    )
    classification = Str(load_default="", validate=length(max_=2000))
    measure = Str(load_default="", validate=length(max_=300))
    unit = Str(load_default="", validate=length(max_=100))
    validation_rule = Str(load_default="", validate=length(max_=2000))
    question = Str(load_default="", validate=length(max_=2000))
    public = Bool(load_default=True)


class DatasetProfile(BaseSchema):
    """The fields a producer describes; shared by input and output."""

    slug = Str(
        validate=validate.Regexp(
            SLUG_RE, error="Hanya huruf kecil, angka, '-' atau '_' (2-100 karakter)."
        )
    )
    title = Line(required=True, validate=length(3, 500))
    description = Str(load_default="", validate=length(max_=50000))
    tags = List(Line(validate=length(1, 100)), load_default=list, validate=length(max_=50))
    topics = List(Str(validate=one_of("topics")), load_default=list, validate=length(max_=10))
    license = Str(load_default=None, allow_none=True, validate=one_of("licenses"))
    frequency = Str(load_default=None, allow_none=True, validate=one_of("frequencies"))
    activity_type = Str(load_default=None, allow_none=True, validate=one_of("activity_types"))
    access_level = Str(load_default="public", validate=one_of("access_levels"))
    temporal_start = Date(load_default=None, allow_none=True)
    temporal_end = Date(load_default=None, allow_none=True)
    spatial = List(Str(), load_default=list, validate=length(max_=400))
    spatial_level = Str(load_default=None, allow_none=True, validate=one_of("spatial_levels"))
    unit = Line(load_default=None, allow_none=True, validate=length(max_=100))
    methodology = Str(load_default="", validate=length(max_=20000))
    contact_name = Line(load_default=None, allow_none=True, validate=length(max_=200))
    contact_email = Email(load_default=None, allow_none=True)
    identifier = Url(load_default=None, allow_none=True, validate=length(max_=500))
    landing_page = Url(load_default=None, allow_none=True, validate=length(max_=2000))
    version_label = Str(load_default=None, allow_none=True, validate=length(max_=100))
    spatial_geometry = Str(load_default=None, allow_none=True, validate=length(max_=100000))
    issued = DateTime(
        load_default=None,
        allow_none=True,
        metadata={"description": "Pertama diterbitkan oleh penerbit (produsen data)."},
    )
    modified = DateTime(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Terakhir diubah: kapan penerbit terakhir mengubah data ini "
            "(bukan waktu katalog memperbaruinya; itu `updated`)."
        },
    )
    resources = List(Nested(ResourceSchema), load_default=list, validate=length(max_=MAX_RESOURCES))
    variables = List(Nested(VariableSchema), load_default=list, validate=length(max_=MAX_VARIABLES))
    extras = Dict(
        keys=Str(validate=length(1, 200)),
        values=Str(validate=length(max_=10000)),
        load_default=dict,
    )


class ProducerIn(BaseSchema):
    """What a producer sends along with a description (a dataset's or an activity's): the
    owning agency, draft or published, and the version it last read."""

    organization = Str(required=True, validate=length(1, 100))
    state = Str(
        load_default="published",
        validate=validate.OneOf(("draft", "published"), error="Hanya draft atau published."),
    )
    # The version the client last read; required on update, compared by the service.
    version = Int(load_only=True, load_default=None, allow_none=True)


# ProducerIn comes first among the bases so that its fields come after the description's
# (marshmallow orders inherited fields from the last base to the first).
class DatasetIn(ProducerIn, DatasetProfile):
    """Input: what a producer sends to create or change a dataset."""

    @pre_load
    def _tolerate_strings(self, data: Any, **_: Any) -> Any:
        # A comma-separated string where a list of tags is expected is a common client mistake
        # that loses nothing when split.
        if isinstance(data, dict) and isinstance(data.get("tags"), str):
            data = {**data, "tags": [t for t in data["tags"].split(",") if t.strip()]}
        return data

    @validates_schema(skip_on_field_errors=False)
    def _check(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        start, end = data.get("temporal_start"), data.get("temporal_end")
        if start and end and end < start:
            errors["temporal_end"] = ["Tanggal akhir sebelum tanggal awal."]
        bad = {
            str(i): ["Kode wilayah tidak dikenal: " + code + "."]
            for i, code in enumerate(data.get("spatial") or [])
            if normalize_region_code(code) not in vocab.regions()
        }
        if bad:
            errors["spatial"] = bad  # type: ignore[assignment]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _normalize(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if "tags" in data:
            # The publisher's spelling is kept ("SDGs"); tags differing only in case are one
            # (the first spelling wins), and search matches them without case.
            seen: dict[str, str] = {}
            for tag in data["tags"]:
                clean = re.sub(r"\s+", " ", tag).strip()
                if clean and clean.casefold() not in seen:
                    seen[clean.casefold()] = clean
            data["tags"] = list(seen.values())
        if "topics" in data:
            data["topics"] = list(dict.fromkeys(data["topics"]))
        if "spatial" in data:
            codes = list(dict.fromkeys(normalize_region_code(c) for c in data["spatial"]))
            data["spatial"] = codes
            if codes and not data.get("spatial_level"):
                levels = {vocab.region_level(c) for c in codes}
                for level in ("desa", "kecamatan", "kabupaten"):
                    if level in levels:
                        data["spatial_level"] = level
                        break
        if "description" in data:
            data["description"] = sanitize_html(data["description"])
        if "methodology" in data:
            data["methodology"] = sanitize_html(data["methodology"])
        return data


class Ref(BaseSchema):
    """What a link to a record shows: its id, slug and title."""

    id = fields.String()
    slug = fields.String()
    title = fields.String()


class OrganizationRef(Ref):
    """The agency a dataset belongs to."""


class ActivityLink(BaseSchema):
    """A statistical activity as a dataset names it: the one that produced it, or the one
    whose recommendation it shows."""

    slug = fields.String()
    title = fields.String()
    code = fields.String(allow_none=True)


class RecommendationSummary(BaseSchema):
    status = fields.String()
    number = fields.String(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    changed_since_decision = fields.Boolean()
    activity = fields.Nested(
        ActivityLink,
        allow_none=True,
        metadata={
            "description": "Kegiatan statistik yang rekomendasinya ditampilkan (diwarisi), "
            "atau null bila status ini milik dataset sendiri."
        },
    )


class ProvenanceSchema(BaseSchema):
    harvest_source_id = fields.String(allow_none=True)
    remote_id = fields.String(allow_none=True)
    remote_url = Url(allow_none=True)
    last_harvested_at = fields.DateTime(allow_none=True)
    content_hash = fields.String(allow_none=True)


class DatasetOut(DatasetProfile):
    """Output: the dataset as every interface shows it."""

    id = fields.String(dump_only=True)
    organization = fields.Nested(OrganizationRef, dump_only=True)
    tags = List(fields.String(), attribute="tag_names", dump_only=True)
    topics = List(fields.String(), attribute="topic_codes", dump_only=True)
    spatial = List(fields.String(), attribute="region_codes", dump_only=True)
    state = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    created = fields.DateTime(
        attribute="created_at",
        dump_only=True,
        metadata={"description": "Kapan dataset masuk ke katalog ini."},
    )
    updated = fields.DateTime(
        attribute="updated_at",
        dump_only=True,
        metadata={
            "description": "Diperbarui di katalog: perubahan terakhir catatan ini di katalog "
            "(disunting atau dipanen). Terakhir diubah oleh penerbit: `modified`."
        },
    )
    provenance = fields.Method("_provenance", dump_only=True)
    recommendation = fields.Method("_recommendation", dump_only=True)
    activity = fields.Nested(
        ActivityLink,
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "Kegiatan statistik yang menghasilkan dataset ini (slug, judul, kode "
            "kegiatan), atau null."
        },
    )
    quality = fields.Method("_quality", dump_only=True)

    def _provenance(self, obj: Any) -> dict[str, Any] | None:
        if not obj.harvest_source_id and not obj.remote_id:
            return None
        return ProvenanceSchema().dump(obj)

    def _recommendation(self, obj: Any) -> dict[str, Any]:
        return RecommendationSummary().dump(recommendation_summary(obj))

    def _quality(self, obj: Any) -> dict[str, Any] | None:
        """The stored metadata quality score (GET /datasets/{id}/quality has the details)."""
        from catalog.quality.rules import summary_of

        return summary_of(getattr(obj, "quality", None))


# The profile's fields, in the order DatasetProfile declares them: the one list every
# mapping reads (catalog/services/datasets.py stores them, catalog/formats/ maps them).
PROFILE_FIELDS: tuple[str, ...] = tuple(DatasetProfile._declared_fields)
RESOURCE_FIELDS: tuple[str, ...] = tuple(ResourceSchema._declared_fields)
# Where a Dataset keeps each profile field (DatasetOut's `attribute`: tags -> tag_names, ...).
ATTRIBUTES: dict[str, str] = {
    name: DatasetOut._declared_fields[name].attribute or name for name in PROFILE_FIELDS
}
# Profile fields stored in plain columns of the same name; the slug is set once, on create.
SCALAR_FIELDS: tuple[str, ...] = tuple(
    name for name in PROFILE_FIELDS if name != "slug" and name in Dataset.__table__.columns
)


def profile_of(dataset: Any) -> dict[str, Any]:
    """The dataset as a profile dict (the shape DatasetIn loads), for hashing, diffing and
    the round trips of catalog/formats/: every profile field, and the agency's slug."""
    out: dict[str, Any] = {name: getattr(dataset, ATTRIBUTES[name]) for name in PROFILE_FIELDS}
    out["resources"] = [{k: getattr(r, k) for k in RESOURCE_FIELDS} for r in dataset.resources]
    out["organization"] = dataset.organization.slug if dataset.organization else None
    return out
