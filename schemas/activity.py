"""The MS-Keg profile of a statistical activity (Metadata Statistik Kegiatan, Peraturan BPS
5/2020): its identity and blocks I-VIII, and the MS-Var variables planned for it.

`BLOCKS` is the one field table of MS-Keg: the web form and the public page render from it,
and the block schemas below are built from it (one representation). `ActivityIn` validates
what an editor sends (field-level Indonesian messages); `ActivityOut` is the one
representation every interface serializes an activity from.

Kinds of fields in the table:
- line: one line of text; text: longer text; email; phone; int (a positive whole number);
  date (YYYY-MM-DD, stored as that text); bool;
- choice: one of `choices` (value, label); choices: a list of them (at least one when required);
- lines: a list of free-text lines.
"""

from __future__ import annotations

from datetime import date
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
LEVELS: Choices = (
    ("nasional", "Nasional"),
    ("provinsi", "Provinsi"),
    ("kabupaten_kota", "Kabupaten/Kota"),
    ("kecamatan", "Kecamatan"),
    ("desa_kelurahan", "Desa/Kelurahan"),
    ("lainnya", "Lainnya"),
)
PROBABILITY_METHODS: Choices = (
    ("srs", "Simple random sampling"),
    ("sistematik", "Systematic sampling"),
    ("stratified", "Stratified sampling"),
    ("cluster", "Cluster sampling"),
    ("pps", "Probability proportional to size (PPS)"),
)
NON_PROBABILITY_METHODS: Choices = (
    ("purposive", "Purposive sampling"),
    ("kuota", "Quota sampling"),
    ("aksidental", "Accidental sampling"),
    ("snowball", "Snowball sampling"),
)

BLOCKS: tuple[Block, ...] = (
    Block(
        "penyelenggara",
        "Blok I. Penyelenggara",
        (
            Field("nama_instansi", "Nama instansi", "line", True),
            Field("unit_kerja", "Unit kerja", "line", True),
            Field("alamat", "Alamat", "text", True),
            Field("telepon", "Telepon", "phone"),
            Field("email", "Surel", "email"),
        ),
    ),
    Block(
        "penanggung_jawab",
        "Blok II. Penanggung jawab",
        (
            Field("nama", "Nama", "line", True),
            Field("jabatan", "Jabatan", "line", True),
            Field("email", "Surel", "email", True),
            Field("telepon", "Telepon", "phone"),
        ),
    ),
    Block(
        "perencanaan",
        "Blok III. Perencanaan dan persiapan",
        (
            Field("latar_belakang", "Latar belakang kegiatan", "text", True),
            Field("tujuan", "Tujuan kegiatan", "text", True),
            Field("jadwal_perencanaan_mulai", "Jadwal perencanaan: mulai", "date"),
            Field("jadwal_perencanaan_selesai", "Jadwal perencanaan: selesai", "date"),
            Field("jadwal_pengumpulan_mulai", "Jadwal pengumpulan data: mulai", "date", True),
            Field("jadwal_pengumpulan_selesai", "Jadwal pengumpulan data: selesai", "date", True),
            Field("jadwal_pengolahan_mulai", "Jadwal pengolahan: mulai", "date"),
            Field("jadwal_pengolahan_selesai", "Jadwal pengolahan: selesai", "date"),
            Field("jadwal_diseminasi_mulai", "Jadwal diseminasi: mulai", "date"),
            Field("jadwal_diseminasi_selesai", "Jadwal diseminasi: selesai", "date"),
        ),
    ),
    Block(
        "desain_kegiatan",
        "Blok IV. Desain kegiatan",
        (
            Field(
                "tipe_pengumpulan",
                "Tipe pengumpulan data",
                "choice",
                True,
                (
                    ("cross_section", "Cross section"),
                    ("longitudinal_panel", "Longitudinal panel"),
                    ("longitudinal_cross_section", "Longitudinal cross section"),
                ),
            ),
            Field(
                "cakupan_wilayah",
                "Cakupan wilayah pengumpulan data",
                "choice",
                True,
                (
                    ("seluruh_wilayah", "Seluruh wilayah"),
                    ("sebagian_wilayah", "Sebagian wilayah"),
                ),
            ),
            Field("wilayah_rinci", "Wilayah yang dicakup (bila sebagian)", "text"),
            Field(
                "metode_pengumpulan",
                "Metode pengumpulan data",
                "choices",
                True,
                (
                    ("wawancara", "Wawancara"),
                    ("mengisi_kuesioner_sendiri", "Mengisi kuesioner sendiri (swacacah)"),
                    ("pengamatan", "Pengamatan"),
                    ("pengumpulan_data_sekunder", "Pengumpulan data sekunder"),
                    ("lainnya", "Lainnya"),
                ),
            ),
            Field(
                "sarana_pengumpulan",
                "Sarana pengumpulan data",
                "choices",
                True,
                (
                    ("papi", "PAPI (kertas)"),
                    ("capi", "CAPI (wawancara dengan perangkat)"),
                    ("cati", "CATI (wawancara lewat telepon)"),
                    ("cawi", "CAWI (isian daring)"),
                    ("surat", "Surat"),
                    ("lainnya", "Lainnya"),
                ),
            ),
            Field("unit_pengumpulan", "Unit pengumpulan data", "line", True),
        ),
    ),
    Block(
        "desain_sampel",
        "Blok V. Desain sampel (khusus survei)",
        (
            Field(
                "jenis_rancangan",
                "Jenis rancangan sampel",
                "choice",
                True,
                (("single_stage", "Single stage"), ("multi_stage", "Multi stage")),
            ),
            Field(
                "metode_pemilihan",
                "Metode pemilihan sampel",
                "choice",
                True,
                (("probability", "Probability"), ("non_probability", "Non-probability")),
            ),
            Field(
                "metode_sampel",
                "Metode sampel",
                "choices",
                True,
                PROBABILITY_METHODS + NON_PROBABILITY_METHODS,
            ),
            Field(
                "kerangka_sampel",
                "Kerangka sampel",
                "choice",
                True,
                (
                    ("list_frame", "List frame"),
                    ("area_frame", "Area frame"),
                    ("list_dan_area", "List dan area frame"),
                ),
            ),
            Field("ukuran_sampel", "Ukuran sampel", "int", True),
            Field("unit_sampel", "Unit sampel", "line", True),
            Field("unit_observasi", "Unit observasi", "line", True),
            Field("level_estimasi", "Perkiraan level estimasi", "choice", True, LEVELS),
        ),
        "survey",
    ),
    Block(
        "penjaminan_kualitas",
        "Blok VI. Penjaminan kualitas",
        (
            Field("uji_coba", "Dilakukan uji coba (pilot survey)", "bool"),
            Field("pelatihan_petugas", "Dilakukan pelatihan petugas", "bool"),
            Field("metode_penjaminan", "Metode pemeriksaan kualitas", "lines"),
            Field("catatan", "Catatan", "text"),
        ),
        "optional",
    ),
    Block(
        "pengolahan",
        "Blok VII. Pengolahan dan analisis",
        (
            Field(
                "tahapan",
                "Tahapan pengolahan data",
                "choices",
                True,
                (
                    ("penyuntingan", "Penyuntingan (editing)"),
                    ("penyandian", "Penyandian (coding)"),
                    ("entri_data", "Entri data"),
                    ("validasi", "Validasi (penyahihan)"),
                    ("imputasi", "Imputasi"),
                    ("penimbangan", "Penimbangan (weighting)"),
                ),
            ),
            Field(
                "metode_analisis",
                "Metode analisis",
                "choice",
                True,
                (
                    ("deskriptif", "Deskriptif"),
                    ("inferensia", "Inferensia"),
                    ("deskriptif_dan_inferensia", "Deskriptif dan inferensia"),
                ),
            ),
            Field("unit_analisis", "Unit analisis", "line", True),
            Field("tingkat_penyajian", "Tingkat penyajian hasil analisis", "choice", True, LEVELS),
        ),
    ),
    Block(
        "diseminasi",
        "Blok VIII. Diseminasi hasil",
        (
            Field(
                "produk",
                "Produk kegiatan yang tersedia untuk umum",
                "choices",
                True,
                (
                    ("publikasi_tercetak", "Buku publikasi tercetak"),
                    ("publikasi_digital", "Buku publikasi digital"),
                    ("tabel_statistik", "Tabel statistik"),
                    ("data_mikro", "Data mikro"),
                    ("infografis", "Infografis"),
                    ("basis_data", "Basis data daring"),
                    ("lainnya", "Lainnya"),
                ),
            ),
            Field("rencana_rilis", "Rencana rilis produk", "date"),
        ),
    ),
)
# The table's labels in English, by path: an identity field's name, a block's key, a block
# field's "<block>.<field>", a choice "<field path>=<value>" (method=survei). The web shows
# them on ?lang=en (catalog/web/activities.py msk_label); the API, the OpenAPI descriptions
# and the field messages stay Indonesian. tests/test_web_activities_polish.py checks that
# every label of the table has its English here.
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
    "penyelenggara": "Block I. Organizer",
    "penyelenggara.nama_instansi": "Agency name",
    "penyelenggara.unit_kerja": "Work unit",
    "penyelenggara.alamat": "Address",
    "penyelenggara.telepon": "Telephone",
    "penyelenggara.email": "E-mail",
    "penanggung_jawab": "Block II. Person in charge",
    "penanggung_jawab.nama": "Name",
    "penanggung_jawab.jabatan": "Position",
    "penanggung_jawab.email": "E-mail",
    "penanggung_jawab.telepon": "Telephone",
    "perencanaan": "Block III. Planning and preparation",
    "perencanaan.latar_belakang": "Background of the activity",
    "perencanaan.tujuan": "Objectives of the activity",
    "perencanaan.jadwal_perencanaan_mulai": "Planning schedule: start",
    "perencanaan.jadwal_perencanaan_selesai": "Planning schedule: end",
    "perencanaan.jadwal_pengumpulan_mulai": "Data collection schedule: start",
    "perencanaan.jadwal_pengumpulan_selesai": "Data collection schedule: end",
    "perencanaan.jadwal_pengolahan_mulai": "Processing schedule: start",
    "perencanaan.jadwal_pengolahan_selesai": "Processing schedule: end",
    "perencanaan.jadwal_diseminasi_mulai": "Dissemination schedule: start",
    "perencanaan.jadwal_diseminasi_selesai": "Dissemination schedule: end",
    "desain_kegiatan": "Block IV. Design of the activity",
    "desain_kegiatan.tipe_pengumpulan": "Type of data collection",
    "desain_kegiatan.cakupan_wilayah": "Area covered by the data collection",
    "desain_kegiatan.wilayah_rinci": "Areas covered (when partial)",
    "desain_kegiatan.metode_pengumpulan": "Data collection methods",
    "desain_kegiatan.sarana_pengumpulan": "Data collection instruments",
    "desain_kegiatan.unit_pengumpulan": "Collection unit",
    "desain_sampel": "Block V. Sample design (surveys only)",
    "desain_sampel.jenis_rancangan": "Kind of sample design",
    "desain_sampel.metode_pemilihan": "Sample selection method",
    "desain_sampel.metode_sampel": "Sampling methods",
    "desain_sampel.kerangka_sampel": "Sampling frame",
    "desain_sampel.ukuran_sampel": "Sample size",
    "desain_sampel.unit_sampel": "Sampling unit",
    "desain_sampel.unit_observasi": "Observation unit",
    "desain_sampel.level_estimasi": "Expected level of estimation",
    "penjaminan_kualitas": "Block VI. Quality assurance",
    "penjaminan_kualitas.uji_coba": "A pilot was carried out (pilot survey)",
    "penjaminan_kualitas.pelatihan_petugas": "Field staff were trained",
    "penjaminan_kualitas.metode_penjaminan": "Quality checks",
    "penjaminan_kualitas.catatan": "Notes",
    "pengolahan": "Block VII. Processing and analysis",
    "pengolahan.tahapan": "Data processing steps",
    "pengolahan.metode_analisis": "Analysis method",
    "pengolahan.unit_analisis": "Unit of analysis",
    "pengolahan.tingkat_penyajian": "Level at which the results are presented",
    "diseminasi": "Block VIII. Dissemination of results",
    "diseminasi.produk": "Products available to the public",
    "diseminasi.rencana_rilis": "Planned release of the products",
}

# The choices inside the blocks: "<block>.<field>=<value>" (the levels serve two fields).
_LEVELS_EN = {
    "nasional": "National",
    "provinsi": "Province",
    "kabupaten_kota": "Regency/city",
    "kecamatan": "District (kecamatan)",
    "desa_kelurahan": "Village (desa/kelurahan)",
    "lainnya": "Other",
}
for _path in ("desain_sampel.level_estimasi", "pengolahan.tingkat_penyajian"):
    LABELS_EN.update({f"{_path}={v}": w for v, w in _LEVELS_EN.items()})
LABELS_EN.update(
    {
        "desain_kegiatan.tipe_pengumpulan=cross_section": "Cross section",
        "desain_kegiatan.tipe_pengumpulan=longitudinal_panel": "Longitudinal panel",
        "desain_kegiatan.tipe_pengumpulan=longitudinal_cross_section": (
            "Longitudinal cross section"
        ),
        "desain_kegiatan.cakupan_wilayah=seluruh_wilayah": "The whole area",
        "desain_kegiatan.cakupan_wilayah=sebagian_wilayah": "Part of the area",
        "desain_kegiatan.metode_pengumpulan=wawancara": "Interview",
        "desain_kegiatan.metode_pengumpulan=mengisi_kuesioner_sendiri": (
            "Self-administered questionnaire"
        ),
        "desain_kegiatan.metode_pengumpulan=pengamatan": "Observation",
        "desain_kegiatan.metode_pengumpulan=pengumpulan_data_sekunder": (
            "Collection of secondary data"
        ),
        "desain_kegiatan.metode_pengumpulan=lainnya": "Other",
        "desain_kegiatan.sarana_pengumpulan=papi": "PAPI (paper)",
        "desain_kegiatan.sarana_pengumpulan=capi": "CAPI (interview with a device)",
        "desain_kegiatan.sarana_pengumpulan=cati": "CATI (telephone interview)",
        "desain_kegiatan.sarana_pengumpulan=cawi": "CAWI (online form)",
        "desain_kegiatan.sarana_pengumpulan=surat": "Letter",
        "desain_kegiatan.sarana_pengumpulan=lainnya": "Other",
        "desain_sampel.jenis_rancangan=single_stage": "Single stage",
        "desain_sampel.jenis_rancangan=multi_stage": "Multi stage",
        "desain_sampel.metode_pemilihan=probability": "Probability",
        "desain_sampel.metode_pemilihan=non_probability": "Non-probability",
        "desain_sampel.kerangka_sampel=list_frame": "List frame",
        "desain_sampel.kerangka_sampel=area_frame": "Area frame",
        "desain_sampel.kerangka_sampel=list_dan_area": "List and area frame",
        "pengolahan.tahapan=penyuntingan": "Editing",
        "pengolahan.tahapan=penyandian": "Coding",
        "pengolahan.tahapan=entri_data": "Data entry",
        "pengolahan.tahapan=validasi": "Validation",
        "pengolahan.tahapan=imputasi": "Imputation",
        "pengolahan.tahapan=penimbangan": "Weighting",
        "pengolahan.metode_analisis=deskriptif": "Descriptive",
        "pengolahan.metode_analisis=inferensia": "Inferential",
        "pengolahan.metode_analisis=deskriptif_dan_inferensia": "Descriptive and inferential",
        "diseminasi.produk=publikasi_tercetak": "Printed publication",
        "diseminasi.produk=publikasi_digital": "Digital publication",
        "diseminasi.produk=tabel_statistik": "Statistical tables",
        "diseminasi.produk=data_mikro": "Microdata",
        "diseminasi.produk=infografis": "Infographics",
        "diseminasi.produk=basis_data": "Online database",
        "diseminasi.produk=lainnya": "Other",
    }
)
# the sample methods are named in English in the table already
_SAMPLE_METHODS = PROBABILITY_METHODS + NON_PROBABILITY_METHODS
LABELS_EN.update({f"desain_sampel.metode_sampel={v}": w for v, w in _SAMPLE_METHODS})


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
