"""The MS-Keg profile of a statistical activity (Metadata Statistik Kegiatan, Peraturan BPS
5/2020): its identity and blocks I-VIII, and the MS-Var variables planned for it.

`BLOCKS` is the one field table of MS-Keg, loaded from the data file schemas/data/mskeg.json:
the web form and the public page render from it, and the block schemas below are built from
it (one representation). `ActivityIn` validates what an editor sends (field-level Indonesian
messages); `ActivityOut` is the one representation every interface serializes an activity
from.

Kinds of fields in the table:
- line: one line of text; text: longer text; email; phone; int (a positive whole number);
  date (YYYY-MM-DD, stored as that text); bool;
- choice: one of `choices` (value, label); choices: a list of them (at least one when required);
- lines: a list of free-text lines.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from catalog import vocab
from catalog.models.activity import ACTIVITY_KINDS, ACTIVITY_METHODS
from catalog.models.recommendation import STATUSES
from catalog.models.recommendation import summary as recommendation_summary
from schemas.api import FacetValueOut, PageArgs, PageOut
from schemas.fields import BaseSchema, Bool, Date, Email, Int, Line, List, Nested, Str
from schemas.profile import (
    MAX_VARIABLES,
    SLUG_RE,
    OrganizationRef,
    ProducerIn,
    RecommendationSummary,
    Ref,
    VariableSchema,
    length,
    sanitize_html,
)
from schemas.recommendations import QueueItem, RecommendationOut

Choices = tuple[tuple[str, str], ...]


class Field(NamedTuple):
    """One MS-Keg field: (name, Indonesian label, kind, required, choices)."""

    name: str
    label: str
    kind: str
    required: bool = False
    choices: Choices = ()


class Block(NamedTuple):
    """One MS-Keg block: (key, Indonesian label, fields, when it is required).

    `needed`: "always" (every activity), "survey" (only when the method is survei; kept with
    a warning otherwise) or "optional"."""

    key: str
    label: str
    fields: tuple[Field, ...]
    needed: str = "always"


# ------------------------------------------------------------------ the identity
METHOD_LABELS: Choices = (
    ("survei", "Survei"),
    ("kompilasi_produk_administrasi", "Kompilasi Produk Administrasi"),
    ("cara_lain", "Cara Lain sesuai Perkembangan TI"),
)
KIND_LABELS: Choices = (("sekali", "Sekali"), ("berulang", "Berulang"))
assert tuple(v for v, _ in METHOD_LABELS) == ACTIVITY_METHODS
assert tuple(v for v, _ in KIND_LABELS) == ACTIVITY_KINDS


def frequency_choices() -> Choices:
    """Frekuensi of a recurring activity: the catalog's frequencies vocabulary, without 'sekali'."""
    return tuple((t["code"], t["id"]) for t in vocab.terms("frequencies") if t["code"] != "sekali")


# The identity of an activity (plain columns of the activities table), in form order.
IDENTITY: tuple[Field, ...] = (
    Field("title", "Judul kegiatan", "line", True),
    Field("year", "Tahun", "int", True),
    Field("code", "Kode kegiatan (dari BPS)", "line", False),
    Field("method", "Cara pengumpulan data", "choice", True, METHOD_LABELS),
    Field("sector", "Sektor kegiatan", "line", True),
    Field("kind", "Jenis kegiatan", "choice", True, KIND_LABELS),
    Field("frequency", "Frekuensi (wajib untuk kegiatan berulang)", "choice", False),
)

# ------------------------------------------------------------------ blocks I-VIII
# The blocks are data: schemas/data/mskeg.json (its "_about" describes it), every label next
# to its English. Loaded and checked once, at import.
MSKEG_FILE = Path(__file__).parent / "data" / "mskeg.json"
NEEDED = ("always", "survey", "optional")


def _pairs(entries: list[list[str]]) -> Choices:
    """(value, Indonesian label) of the file's [value, label, English] choices."""
    return tuple((value, label) for value, label, _en in entries)


def _require(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise ValueError(f"{MSKEG_FILE.name}, {where}: {what}")


def _load_blocks() -> tuple[tuple[Block, ...], dict[str, list[list[str]]], dict[str, str]]:
    """The blocks of the MS-Keg file, its choice sets, and the English of the blocks' labels
    by path (as LABELS_EN); ValueError naming the entry the table does not allow."""
    with open(MSKEG_FILE, encoding="utf-8") as fh:
        table = json.load(fh)
    sets: dict[str, list[list[str]]] = table["choice_sets"]
    blocks: list[Block] = []
    english: dict[str, str] = {}
    for b in table["blocks"]:
        english[b["key"]] = b["en"]
        specs: list[Field] = []
        for f in b["fields"]:
            where = f"{b['key']}.{f['name']}"
            entries = f.get("choices", []) + [
                e for name in f.get("choices_from", []) for e in sets[name]
            ]
            _require(
                (f["kind"] in ("choice", "choices")) == bool(entries),
                where,
                "choices (or choices_from) with kind choice or choices, and only there",
            )
            english[where] = f["en"]
            english.update({f"{where}={value}": en for value, _label, en in entries})
            specs.append(Field(f["name"], f["label"], f["kind"], f["required"], _pairs(entries)))
        _require(b["needed"] in NEEDED, b["key"], f"needed is one of {NEEDED}")
        _require(len({s.name for s in specs}) == len(specs), b["key"], "a field name twice")
        blocks.append(Block(b["key"], b["label"], tuple(specs), b["needed"]))
    _require(len({b.key for b in blocks}) == len(blocks), "blocks", "a block key twice")
    missing = [where for where, text in english.items() if not str(text).strip()]
    _require(not missing, ", ".join(missing), "no English (en)")
    return tuple(blocks), sets, english


BLOCKS, _CHOICE_SETS, _BLOCK_LABELS_EN = _load_blocks()
# the sample methods that go with each sample selection (checked in block V)
PROBABILITY_METHODS: Choices = _pairs(_CHOICE_SETS["probability_methods"])
NON_PROBABILITY_METHODS: Choices = _pairs(_CHOICE_SETS["non_probability_methods"])

# The table's labels in English, by path: an identity field's name, a block's key, a block
# field's "<block>.<field>", a choice "<field path>=<value>" (method=survei). The web shows
# them on ?lang=en (catalog/web/activities.py msk_label); the API, the OpenAPI descriptions
# and the field messages stay Indonesian. The identity's are here, the blocks' next to their
# Indonesian in mskeg.json; tests/test_web_activities_polish.py checks that every label of the
# table has its English.
LABELS_EN: dict[str, str] = {
    "title": "Activity title",
    "year": "Year",
    "code": "Activity code (from BPS)",
    "method": "Data collection method",
    "sector": "Sector of the activity",
    "kind": "Kind of activity",
    "frequency": "Frequency (required for a recurring activity)",
    "method=survei": "Survey",
    "method=kompilasi_produk_administrasi": "Compilation of administrative records",
    "method=cara_lain": "Other method, as information technology develops",
    "kind=sekali": "Once",
    "kind=berulang": "Recurring",
    **_BLOCK_LABELS_EN,
}


def label_paths() -> list[tuple[str, str]]:
    """(path, Indonesian label) of every label of the table LABELS_EN translates."""
    out = [(spec.name, spec.label) for spec in IDENTITY]
    out += [(f"method={v}", w) for v, w in METHOD_LABELS]
    out += [(f"kind={v}", w) for v, w in KIND_LABELS]
    for block in BLOCKS:
        out.append((block.key, block.label))
        for spec in block.fields:
            out.append((f"{block.key}.{spec.name}", spec.label))
            out += [(f"{block.key}.{spec.name}={v}", w) for v, w in spec.choices]
    return out


def label_in(path: str, default: str, lang: str) -> str:
    """The label at `path` in the page's language ("en": LABELS_EN, else the table's)."""
    return LABELS_EN.get(path, default) if lang == "en" else default


BLOCK_KEYS: tuple[str, ...] = tuple(b.key for b in BLOCKS)
BLOCK_BY_KEY: dict[str, Block] = {b.key: b for b in BLOCKS}
SURVEY_BLOCKS: tuple[str, ...] = tuple(b.key for b in BLOCKS if b.needed == "survey")

M_SURVEY_ONLY = "Wajib diisi untuk kegiatan survei."
M_FREQUENCY = "Wajib diisi untuk kegiatan berulang."
M_DATE_ORDER = "Tanggal selesai tidak boleh sebelum tanggal mulai."
M_NOT_SURVEY = (
    "Desain sampel hanya berlaku untuk kegiatan survei; isinya disimpan tetapi tidak dinilai."
)
M_SAMPLE_KIND = "Metode ini tidak sesuai dengan metode pemilihan '{choice}'."


def date_ranges(block: Block) -> list[tuple[str, str]]:
    """(start, end) field pairs of a block: fields named ..._mulai and ..._selesai."""
    names = {f.name for f in block.fields}
    return [
        (f.name, f.name.removesuffix("_mulai") + "_selesai")
        for f in block.fields
        if f.name.endswith("_mulai") and f.name.removesuffix("_mulai") + "_selesai" in names
    ]


# ------------------------------------------------------------------ fields from the table


class IsoDate(Date):
    """A date loaded from YYYY-MM-DD and kept as that text (the profile is stored as JSON)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        return result.isoformat()

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return super()._serialize(value, attr, obj, **kwargs)


def _one_of(choices: Choices) -> validate.OneOf:
    values = [v for v, _ in choices]
    return validate.OneOf(values, error="Nilai tidak dikenal; pilihan: " + ", ".join(values) + ".")


def _at_least_one(required: bool) -> list[validate.Validator]:
    if not required:
        return [length(max_=20)]
    return [validate.Length(min=1, max=20, error="Pilih paling sedikit satu (paling banyak 20).")]


def make_field(spec: Field) -> fields.Field:
    """The marshmallow field of one table entry."""
    options: dict[str, Any] = {"metadata": {"description": spec.label}}
    if spec.required:
        options["required"] = True
    else:
        options.update(load_default=None, allow_none=True)
    kind = spec.kind
    if kind == "line":
        return Line(validate=length(1, 500) if spec.required else length(max_=500), **options)
    if kind == "text":
        return Str(validate=length(1, 20000) if spec.required else length(max_=20000), **options)
    if kind == "email":
        return Email(validate=length(max_=300), **options)
    if kind == "phone":
        return Line(
            validate=validate.Regexp(
                r"^\+?[0-9 ()./-]{5,30}$",
                error="Bukan nomor telepon yang sah (angka, spasi, + ( ) - . /; 5-30 karakter).",
            ),
            **options,
        )
    if kind == "int":
        return Int(
            validate=validate.Range(min=1, max=10**9, error="Harus bilangan bulat 1 sampai 10^9."),
            **options,
        )
    if kind == "date":
        return IsoDate(**options)
    if kind == "bool":
        return Bool(**options)
    if kind == "choice":
        return Str(validate=_one_of(spec.choices), **options)
    if kind == "choices":
        return List(
            Str(validate=_one_of(spec.choices)),
            validate=_at_least_one(spec.required),
            **options,
        )
    if kind == "lines":
        return List(Line(validate=length(1, 500)), validate=length(max_=50), **options)
    raise ValueError(f"unknown MS-Keg field kind {kind!r}")


class BlockSchema(BaseSchema):
    """One MS-Keg block; subclasses are built from BLOCKS (block_schema)."""

    block: Block

    @validates_schema(skip_on_field_errors=True)
    def _dates_in_order(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        for start, end in date_ranges(self.block):
            a, b = data.get(start), data.get(end)
            if a and b and date.fromisoformat(b) < date.fromisoformat(a):
                errors[end] = [M_DATE_ORDER]
        if self.block.key == "desain_sampel":
            errors.update(_sample_methods(data))
        if errors:
            raise ValidationError(errors)

    @post_load
    def _clean(self, data: dict[str, Any], partial: Any = None, **_: Any) -> dict[str, Any]:
        for spec in self.block.fields:
            value = data.get(spec.name)
            if spec.kind == "text" and isinstance(value, str):
                data[spec.name] = sanitize_html(value)
            if spec.kind == "choices" and isinstance(value, list):
                data[spec.name] = list(dict.fromkeys(value))
        if partial:
            return data  # merged over the stored block by the service, then loaded whole
        # every field of the table present (None when not given): one stored shape
        return {spec.name: data.get(spec.name) for spec in self.block.fields}


def _sample_methods(data: dict[str, Any]) -> dict[str, list[str]]:
    """Probability methods go with probability selection, the others with non-probability."""
    choice, methods = data.get("metode_pemilihan"), data.get("metode_sampel") or []
    allowed = {
        "probability": {v for v, _ in PROBABILITY_METHODS},
        "non_probability": {v for v, _ in NON_PROBABILITY_METHODS},
    }.get(choice or "")
    if allowed is None:
        return {}
    wrong = [m for m in methods if m not in allowed]
    if wrong:
        return {
            "metode_sampel": [M_SAMPLE_KIND.format(choice=choice) + " (" + ", ".join(wrong) + ")"]
        }
    return {}


def block_schema(block: Block) -> type[BlockSchema]:
    """The schema class of one block, named MsKeg<Key> (its OpenAPI component)."""
    name = "MsKeg" + "".join(part.title() for part in block.key.split("_"))
    attrs: dict[str, Any] = {spec.name: make_field(spec) for spec in block.fields}
    attrs["block"] = block
    attrs["__doc__"] = block.label
    return type(name, (BlockSchema,), attrs)


BLOCK_SCHEMAS: dict[str, type[BlockSchema]] = {b.key: block_schema(b) for b in BLOCKS}


def _block_field(block: Block, **options: Any) -> Nested:
    return Nested(BLOCK_SCHEMAS[block.key], metadata={"description": block.label}, **options)


# ------------------------------------------------------------------ input and output


def _identity_fields() -> dict[str, fields.Field]:
    """The identity fields of ActivityIn, from IDENTITY (with their own limits)."""
    out: dict[str, fields.Field] = {}
    for spec in IDENTITY:
        meta = {"description": spec.label}
        if spec.name == "year":
            out["year"] = Int(
                required=True,
                validate=validate.Range(min=1945, max=2100, error="Tahun harus 1945 sampai 2100."),
                metadata=meta,
            )
        elif spec.name == "title":
            out["title"] = Line(required=True, validate=length(3, 500), metadata=meta)
        elif spec.name == "code":
            out["code"] = Line(
                load_default=None, allow_none=True, validate=length(max_=50), metadata=meta
            )
        elif spec.name == "sector":
            out["sector"] = Line(required=True, validate=length(2, 200), metadata=meta)
        elif spec.name == "frequency":
            out["frequency"] = Str(
                load_default=None,
                allow_none=True,
                validate=_FrequencyChoice(),
                metadata=meta,
            )
        else:
            out[spec.name] = make_field(spec)
    return out


class _FrequencyChoice(validate.Validator):
    """One of the frequencies vocabulary (read at use, for the OpenAPI enum as well)."""

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(v for v, _ in frequency_choices())

    def __call__(self, value: Any) -> Any:
        if value not in self.choices:
            raise ValidationError("Nilai tidak dikenal; pilihan: " + ", ".join(self.choices) + ".")
        return value


class _ActivityProfile(BaseSchema):
    """What an editor describes: identity, blocks I-VIII, variables (shared by In and Out)."""

    slug = Str(
        validate=validate.Regexp(
            SLUG_RE, error="Hanya huruf kecil, angka, '-' atau '_' (2-100 karakter)."
        )
    )
    variables = List(Nested(VariableSchema), load_default=list, validate=length(max_=MAX_VARIABLES))


def _in_attrs() -> dict[str, Any]:
    attrs: dict[str, Any] = dict(_identity_fields())
    for block in BLOCKS:
        if block.needed == "always":
            attrs[block.key] = _block_field(block, required=True)
        else:  # survey-only blocks are checked in ActivityIn._check; optional ones may be null
            attrs[block.key] = _block_field(block, load_default=None, allow_none=True)
    return attrs


class _ActivityInBase(ProducerIn, _ActivityProfile):
    @validates_schema(skip_on_field_errors=False)
    def _check(self, data: dict[str, Any], partial: Any = None, **_: Any) -> None:
        # A partial load (PATCH) checks shapes only: the service loads the merged whole again.
        if partial:
            return
        errors: dict[str, list[str]] = {}
        if data.get("kind") == "berulang" and not data.get("frequency"):
            errors["frequency"] = [M_FREQUENCY]
        if data.get("method") == "survei":
            for key in SURVEY_BLOCKS:
                if not data.get(key):
                    errors[key] = [M_SURVEY_ONLY]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _normalize(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data.get("kind") == "sekali":
            data["frequency"] = None
        return data


# (named StatisticalActivityIn in the OpenAPI document: schemas/recommendations.py has an
# ActivityIn of its own, the MS-Keg identity fields a dataset's request used to carry)
ActivityIn: type[_ActivityInBase] = type(
    "StatisticalActivityIn",
    (_ActivityInBase,),
    {
        **_in_attrs(),
        "__doc__": "Input: an activity's MS-Keg identity, blocks I-VIII and planned variables. "
        "Block V (desain_sampel) is required when method is survei; for other methods it is "
        "kept, with a warning.",
    },
)


def profile_warnings(method: str | None, profile: dict[str, Any] | None) -> list[dict[str, str]]:
    """What to look at again without refusing: a sample design on an activity that is not a
    survey (kept, not part of the profile's requirements)."""
    if method == "survei":
        return []
    return [
        {"field": key, "code": "survey_only", "message": M_NOT_SURVEY}
        for key in SURVEY_BLOCKS
        if (profile or {}).get(key)
    ]


class ActivityWarning(BaseSchema):
    field = fields.String()
    code = fields.String(metadata={"enum": ["survey_only"]})
    message = fields.String()


def _out_attrs() -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "title": fields.String(),
        "year": fields.Integer(),
        "code": fields.String(allow_none=True),
        "method": fields.String(metadata={"enum": list(ACTIVITY_METHODS)}),
        "sector": fields.String(),
        "kind": fields.String(metadata={"enum": list(ACTIVITY_KINDS)}),
        "frequency": fields.String(allow_none=True),
    }
    for block in BLOCKS:
        attrs[block.key] = Nested(
            BLOCK_SCHEMAS[block.key],
            attribute=f"profile.{block.key}",
            allow_none=True,
            dump_only=True,
            metadata={"description": block.label},
        )
    return attrs


class _ActivityOutBase(_ActivityProfile):
    id = fields.String(dump_only=True)
    organization = fields.Nested(OrganizationRef, dump_only=True)
    state = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    created = fields.DateTime(attribute="created_at", dump_only=True)
    updated = fields.DateTime(attribute="updated_at", dump_only=True)
    recommendation = fields.Method("_recommendation", dump_only=True)
    warnings = fields.Method("_warnings", dump_only=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        # the blocks live in the profile JSON: a block not filled in is shown as null
        if attr.startswith("profile.") and not isinstance(obj, dict):
            return (obj.profile or {}).get(attr.removeprefix("profile."))
        return super().get_attribute(obj, attr, default)

    def _recommendation(self, obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = RecommendationSummary().dump(recommendation_summary(obj))
        return out

    def _warnings(self, obj: Any) -> list[dict[str, str]]:
        return profile_warnings(obj.method, obj.profile)


ActivityOut: type[_ActivityOutBase] = type(
    "ActivityOut",
    (_ActivityOutBase,),
    {**_out_attrs(), "__doc__": "Output: the activity as every interface shows it."},
)


def to_input(activity: Any) -> dict[str, Any]:
    """The activity as the dict ActivityIn loads (for a PATCH merged over it, the web form):
    identity, organization slug, state, blocks, variables."""
    out: dict[str, Any] = {spec.name: getattr(activity, spec.name) for spec in IDENTITY}
    out["organization"] = activity.organization.slug
    out["state"] = activity.state
    for block in BLOCKS:
        value = (activity.profile or {}).get(block.key)
        if value is not None or block.needed == "always":
            out[block.key] = value
    out["variables"] = list(activity.variables or [])
    return {k: v for k, v in out.items() if v is not None or k in {"code", "frequency"}}


# ------------------------------------------------------------------ API shapes


class ActivityRef(Ref):
    """Which activity something is about (the full activity is at /activities/{slug})."""

    year = fields.Integer()
    code = fields.String(allow_none=True)
    state = fields.String()
    organization = fields.Nested(OrganizationRef)


class ActivityListArgs(PageArgs):
    q = Str(
        load_default="",
        validate=length(max_=200),
        metadata={"description": "Teks pada judul, kode atau sektor kegiatan."},
    )
    organization = Str(validate=length(1, 100), metadata={"description": "Slug instansi."})
    year = Int(
        strict=False,
        validate=validate.Range(min=1945, max=2100, error="Tahun harus 1945 sampai 2100."),
    )
    method = Str(validate=_one_of(METHOD_LABELS))
    status = Str(
        validate=validate.OneOf(STATUSES, error="Pilihan: " + ", ".join(STATUSES) + "."),
        metadata={"description": "Status rekomendasi BPS (expired dihitung dari tanggal)."},
    )


class ActivityPageOut(PageOut):
    results = fields.List(fields.Nested(ActivityOut))
    facets = fields.Dict(
        keys=fields.String(metadata={"enum": ["status", "method", "year", "organization"]}),
        values=fields.List(fields.Nested(FacetValueOut)),
    )


class LinkedDatasetOut(Ref):
    """A dataset the activity produced."""

    state = fields.String()
    organization = fields.Nested(OrganizationRef)
    recommendation = fields.Method("_recommendation")

    def _recommendation(self, obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = RecommendationSummary().dump(recommendation_summary(obj))
        return out


class LinkedDatasetsOut(BaseSchema):
    activity = fields.Nested(ActivityRef)
    total = fields.Integer()
    results = fields.List(fields.Nested(LinkedDatasetOut))


class DatasetLinkIn(BaseSchema):
    """Body of POST/DELETE /activities/{ref}/datasets: which dataset (id or slug)."""

    dataset = Str(required=True, validate=length(1, 100))


class DatasetActivityIn(BaseSchema):
    """Body of PUT /datasets/{ref}/activity: the activity (id or slug), or null to unlink."""

    activity = Str(required=True, allow_none=True, validate=length(1, 100))


class DatasetActivityOut(BaseSchema):
    dataset = fields.Nested(Ref)
    version = fields.Integer(metadata={"description": "Versi dataset setelah perubahan."})
    activity = fields.Nested(ActivityRef, allow_none=True)
    recommendation = fields.Nested(RecommendationSummary)


class ActivityRecommendationOut(RecommendationOut):
    """The recommendation of an activity: as a dataset's, its subject under `kegiatan`."""

    class Meta:
        exclude = ("dataset",)

    kegiatan = fields.Nested(ActivityRef)


class ActivityQueueItem(QueueItem):
    """An activity in the reviewer queue: as a dataset's entry, the subject under `kegiatan`."""

    class Meta:
        exclude = ("dataset",)

    kegiatan = fields.Nested(ActivityRef)


class ActivityQueuePage(PageOut):
    results = fields.List(fields.Nested(ActivityQueueItem))
