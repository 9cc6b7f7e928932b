"""Input and output shapes of the REST API v1 other than the dataset profile."""

from __future__ import annotations

from marshmallow import fields, validate

from catalog.models import GLOBAL_ROLES, MEMBER_ROLES, ORG_KINDS
from catalog.models.accounts import MIN_PASSWORD
from schemas.fields import BaseSchema, Bool, DateTime, Email, Int, Line, Str, Url
from schemas.profile import SLUG_RE, DatasetOut, Ref, length


class PageArgs(BaseSchema):
    page = Int(
        strict=False,
        load_default=1,
        validate=validate.Range(min=1, max=100000, error="Harus 1 sampai 100000."),
    )
    per_page = Int(
        strict=False,
        load_default=20,
        validate=validate.Range(min=1, max=100, error="Harus 1 sampai 100."),
    )


def _values(max_len: int = 100, description: str | None = None) -> fields.List:
    """A repeatable query parameter (?tag=a&tag=b): OR inside one filter, AND across filters."""
    return fields.List(
        Str(validate=length(1, max_len)),
        validate=validate.Length(max=50, error="Paling banyak 50 nilai."),
        metadata={"description": description} if description else {},
    )


YEAR = Int(strict=False, validate=validate.Range(min=1900, max=2200, error="Tahun 1900-2200."))
SORT_HELP = (
    "relevance, modified (diperbarui di katalog), created (masuk katalog), title, id, "
    "quality (kualitas metadata tertinggi: skor MQA, yang sama diurutkan dari yang terakhir "
    "diubah); ' asc'/' desc' atau awalan '-'."
)


class DatasetListArgs(PageArgs):
    q = Str(load_default="", validate=length(max_=500), metadata={"description": "Teks pencarian."})
    organization = _values()
    topic = _values()
    tag = _values()
    resource_format = _values(
        30,
        "Format sumber daya (CSV, XLSX, PDF, ...): dataset yang punya sumber daya berformat ini.",
    )
    format = _values(
        30,
        "csv atau xlsx: seluruh hasil pencarian (semua halaman) sebagai berkas, satu baris per "
        "dataset: judul, instansi, topik, periode, cakupan wilayah, format, status rekomendasi "
        "BPS, URL. Nilai lain (PDF, CSV huruf besar, ...) DEPRECATED: nama lama "
        "resource_format, masih diterima sampai rilis berikutnya (jawaban membawa header "
        "Deprecation: true).",
    )
    license = _values(50)
    frequency = _values(30)
    year = fields.List(YEAR, validate=validate.Length(max=50))
    wilayah = _values(20)
    recommendation = _values(20)
    harvest_source = _values(36)
    quality = _values(20)
    sort = Str(
        load_default="relevance", validate=length(1, 30), metadata={"description": SORT_HELP}
    )
    facets = Str(
        load_default="", validate=length(max_=300), metadata={"description": "Mis. tag,year"}
    )
    state = Str(
        validate=validate.OneOf(
            ("draft", "published", "withdrawn"), error="Pilihan: draft, published, withdrawn."
        )
    )
    correct = fields.Boolean(
        load_default=True,
        metadata={
            "description": "Cari kata yang salah ketik dengan koreksinya bila teks aslinya "
            "tidak menemukan apa pun (lihat corrected_query); false: cari teks apa adanya."
        },
    )


class SuggestArgs(BaseSchema):
    q = Str(load_default="", validate=length(max_=200))
    limit = Int(strict=False, load_default=8, validate=validate.Range(min=1, max=20, error="1-20."))


class PageOut(BaseSchema):
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class FacetValueOut(BaseSchema):
    value = fields.String()
    count = fields.Integer()


class DatasetPage(PageOut):
    results = fields.List(fields.Nested(DatasetOut))
    total_all_words = fields.Integer(
        metadata={
            "description": "How many of `total` hold every word of `q` (stop words aside). "
            "They come first, in every sort; the others hold only some of the words (most "
            "of them before any one). Equal to `total` without `q`; only in search answers."
        }
    )
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueOut)))
    # dataset id -> field -> snippets (HTML-escaped, matches in <mark>)
    highlights = fields.Dict(keys=fields.String(), values=fields.Dict())
    suggestion = fields.String(allow_none=True, metadata={"description": "Did-you-mean."})
    corrected_query = fields.String(
        allow_none=True,
        metadata={"description": "The corrected text searched instead of `q` (typos), or null."},
    )
    original_query = fields.String(
        allow_none=True,
        metadata={"description": "`q` as sent, when corrected_query was searched instead."},
    )


class SuggestOut(Ref):
    """A dataset offered while the search box is typed in."""


class SuggestPage(BaseSchema):
    q = fields.String()
    results = fields.List(fields.Nested(SuggestOut))


class OrganizationIn(BaseSchema):
    slug = Str(
        required=True,
        validate=validate.Regexp(SLUG_RE, error="Hanya huruf kecil, angka, '-' atau '_'."),
    )
    title = Line(required=True, validate=length(2, 300))
    kind = Str(
        load_default="opd",
        validate=validate.OneOf(ORG_KINDS, error="Pilihan: " + ", ".join(ORG_KINDS) + "."),
    )
    code = Str(load_default=None, allow_none=True, validate=length(max_=50))
    description = Str(load_default="", validate=length(max_=5000))
    email = Email(load_default=None, allow_none=True)
    website = Url(load_default=None, allow_none=True)
    active = Bool(
        metadata={
            "description": "false: instansi dinonaktifkan (datasetnya tetap tampil, dataset "
            "baru tidak dapat dibuat)."
        }
    )


class OrganizationOut(BaseSchema):
    id = fields.String(dump_only=True)
    slug = fields.String()
    title = fields.String()
    kind = fields.String()
    code = fields.String(allow_none=True)
    description = fields.String()
    email = fields.String(allow_none=True)
    website = Url(allow_none=True)
    active = fields.Boolean()
    dataset_count = fields.Integer(dump_only=True)
    created = fields.DateTime(attribute="created_at", dump_only=True)


class OrganizationPage(PageOut):
    results = fields.List(fields.Nested(OrganizationOut))


class MembershipIn(BaseSchema):
    username = Str(required=True, validate=length(1, 80))
    role = Str(
        load_default="editor",
        validate=validate.OneOf(MEMBER_ROLES, error="Pilihan: editor, admin."),
    )


class MembershipOut(BaseSchema):
    organization = fields.Function(lambda m: m.organization.slug)
    role = fields.String()


class UserIn(BaseSchema):
    username = Str(
        required=True,
        validate=validate.Regexp(
            r"^[a-zA-Z0-9_.-]{3,80}$", error="3-80 huruf, angka, '.', '_' atau '-'."
        ),
    )
    password = Str(
        load_default=None,
        allow_none=True,
        load_only=True,
        validate=length(MIN_PASSWORD, 200),
    )
    email = Email(load_default=None, allow_none=True)
    full_name = Line(load_default="", validate=length(max_=200))
    roles = fields.List(
        Str(validate=validate.OneOf(GLOBAL_ROLES, error="Pilihan: admin, bps_reviewer.")),
        load_default=list,
        validate=length(max_=len(GLOBAL_ROLES)),
    )


class UserPatch(BaseSchema):
    password = Str(load_only=True, validate=length(MIN_PASSWORD, 200))
    current_password = Str(
        load_only=True,
        validate=length(max_=200),
        metadata={"description": "Required to change one's own password."},
    )
    email = Email(allow_none=True)
    full_name = Line(validate=length(max_=200))
    active = Bool()


class UserOut(BaseSchema):
    id = fields.String(dump_only=True)
    username = fields.String()
    email = fields.String(allow_none=True)
    full_name = fields.String()
    active = fields.Boolean()
    roles = fields.Function(lambda u: sorted(u.role_names))
    memberships = fields.List(fields.Nested(MembershipOut))
    created = fields.DateTime(attribute="created_at", dump_only=True)


class RoleIn(BaseSchema):
    role = Str(
        required=True, validate=validate.OneOf(GLOBAL_ROLES, error="Pilihan: admin, bps_reviewer.")
    )


class TokenIn(BaseSchema):
    name = Str(load_default="", validate=length(max_=100))
    expires_at = DateTime(load_default=None, allow_none=True)


class TokenOut(BaseSchema):
    id = fields.String(dump_only=True)
    name = fields.String()
    prefix = fields.String()
    created = fields.DateTime(attribute="created_at")
    last_used = fields.DateTime(attribute="last_used_at", allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class NewTokenOut(BaseSchema):
    token = fields.Nested(TokenOut)
    secret = fields.String(metadata={"description": "Shown once; only its hash is stored."})


class ErrorOut(BaseSchema):
    """Every API error (documentation only: catalog.api.errors builds the body)."""

    code = fields.String(
        required=True, metadata={"description": "Machine-readable, e.g. validation_error."}
    )
    message = fields.String(required=True, metadata={"description": "In plain Indonesian."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Field path (e.g. resources.0.url) → messages."},
    )
    request_id = fields.String(
        metadata={"description": "The request's id (also the X-Request-Id header and the logs)."}
    )
