"""The quality rules: one table, each rule a pure check on a dataset's profile and its
link-check results, with the points it is worth and what the editor should add.

Two views of the one table (see docs/quality.md):

- ``mqa``: the dimensions of data.europa.eu's Metadata Quality Assessment with its weights
  (findability 100, accessibility 100, interoperability 110, reusability 75,
  contextuality 20: 405 in all) and its ratings;
- ``sdi``: completeness against the Satu Data Indonesia / BPS profile, grouped by the four
  aspects of EPSS's Prinsip SDI domain (standar data, metadata, interoperabilitas,
  kode referensi), as a percentage of the points that apply to the dataset.

A rule's input is `Facts`: the profile as a plain dict (the shape `DatasetIn` loads and
`services.datasets.profile_of` returns, with `organization` the agency's slug), the link
checks of its resource URLs, and today's date. Nothing here reads a database or a clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from catalog import vocab

MQA_MAX = 405
# data.europa.eu's rating bands over the 405 points (Excellent, Good, Sufficient, Bad)
RATINGS: tuple[tuple[int, str, str], ...] = (
    (351, "sangat_baik", "Sangat baik"),
    (221, "baik", "Baik"),
    (121, "cukup", "Cukup"),
    (0, "kurang", "Kurang"),
)
RATING_LABELS = {code: label for _min, code, label in RATINGS}
RATING_CODES = tuple(code for _min, code, _label in RATINGS)
GOOD_RATINGS = frozenset({"sangat_baik", "baik"})  # "Baik or better"


def summary_of(row: Any) -> dict[str, Any] | None:
    """What the dataset output and the pages show of a stored score (a DatasetQuality row)."""
    if row is None:
        return None
    return {
        "mqa_score": row.mqa_score,
        "mqa_max": MQA_MAX,
        "rating": row.rating,
        "rating_label": RATING_LABELS.get(row.rating, row.rating),
        "sdi_percent": row.sdi_percent,
    }


MQA_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("findability", "Kemudahan ditemukan"),
    ("accessibility", "Keteraksesan"),
    ("interoperability", "Interoperabilitas"),
    ("reusability", "Dapat digunakan ulang"),
    ("contextuality", "Konteks"),
)
# the four aspects of EPSS's Prinsip SDI domain (Peraturan BPS 3/2022)
SDI_ASPECTS: tuple[tuple[str, str], ...] = (
    ("standar_data", "Standar data"),
    ("metadata", "Metadata"),
    ("interoperabilitas", "Interoperabilitas"),
    ("kode_referensi", "Kode referensi"),
)

# Formats (vocabulary codes) that are open standards nobody owns, and formats a program can
# read as data (not a picture or a page of text). Kept as data here; docs/quality.md lists
# how they compare with the EU's lists.
NON_PROPRIETARY = frozenset(
    {"CSV", "TSV", "JSON", "XML", "ODS", "GEOJSON", "TXT", "KML", "GPKG", "HTML", "PNG", "WMS",
     "WFS", "API"}
)  # fmt: skip
MACHINE_READABLE = frozenset(
    {"CSV", "TSV", "JSON", "XML", "ODS", "XLSX", "XLS", "GEOJSON", "SHP", "KML", "KMZ", "GPKG",
     "API", "WFS"}
)  # fmt: skip
# open and machine-readable at once: what Satu Data's interoperability principle asks
OPEN_DATA_FORMATS = NON_PROPRIETARY & MACHINE_READABLE
# a resource at one of these is a service or a page, not a file to download
NOT_DOWNLOADS = frozenset({"API", "HTML", "WMS", "WFS"})
# the Standar Data fields every variable needs (Perpres 39/2019 art. 6)
STANDARD_FIELDS = ("concept", "definition", "classification", "measure", "unit")
STANDARD_LABELS = {
    "concept": "konsep",
    "definition": "definisi",
    "classification": "klasifikasi",
    "measure": "ukuran",
    "unit": "satuan",
}
# MS-Var fields beyond the Standar Data ones that every variable must state
MSVAR_FIELDS = ("data_type", "reference_period")
# MS-Ind (Peraturan BPS 5/2020) for datasets that present an indicator: extras keys
INDICATOR_FLAG = "ms_ind"  # extras["ms_ind"] == "ya" marks an indicator dataset
MSIND_FIELDS = (
    ("ms_ind_interpretasi", "interpretasi"),
    ("ms_ind_rumus", "metode/rumus penghitungan"),
    ("ms_ind_level_estimasi", "level estimasi"),
)
# how many days may pass since `modified` before a dataset of this frequency is late
# (one period plus a grace of a quarter of it, at least 30 days)
FREQUENCY_DAYS = {
    "harian": 1,
    "mingguan": 7,
    "bulanan": 31,
    "triwulanan": 92,
    "semesteran": 183,
    "tahunan": 366,
    "dua-tahunan": 731,
    "lima-tahunan": 1827,
    "sepuluh-tahunan": 3653,
}


@dataclass(frozen=True)
class Link:
    """What the link checker last found at a URL (catalog.models.quality.LinkCheck)."""

    ok: bool
    status: int | None = None
    detected_format: str | None = None
    error: str = ""


@dataclass(frozen=True)
class Facts:
    """A rule's whole input."""

    profile: Mapping[str, Any]
    links: Mapping[str, Link] = field(default_factory=dict)
    today: date = date(2026, 1, 1)
    # read once from the profile (rules ask for them many times)
    resources: tuple[Mapping[str, Any], ...] = field(init=False, repr=False, compare=False)
    variables: tuple[Mapping[str, Any], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "resources", tuple(self.profile.get("resources") or ()))
        object.__setattr__(self, "variables", tuple(self.profile.get("variables") or ()))

    def get(self, name: str) -> Any:
        return self.profile.get(name)

    @property
    def extras(self) -> Mapping[str, Any]:
        return self.profile.get("extras") or {}


@dataclass(frozen=True)
class Rule:
    id: str
    view: str  # "mqa" or "sdi"
    dimension: str  # an MQA dimension or an SDI aspect
    points: int
    check: Callable[[Facts], bool]  # True: satisfied
    message: str  # what to add, in Indonesian, for the editor
    field: str | Callable[[Facts], str]  # the editor's input to fix it (error-path form)
    applies: Callable[[Facts], bool] | None = None  # None: always

    @classmethod
    def filled(
        cls, id: str, view: str, dimension: str, points: int, name: str, message: str
    ) -> Rule:
        """The rule that the profile's field `name` be filled; the editor fills it there."""
        return cls(id, view, dimension, points, lambda f: _filled(f.get(name)), message, name)

    def anchor(self, facts: Facts) -> str:
        return self.field(facts) if callable(self.field) else self.field

    def applicable(self, facts: Facts) -> bool:
        return self.applies is None or self.applies(facts)


# -- helpers (pure) ---------------------------------------------------------------------------


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if value.__class__ is str or isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set):
        return bool(value)
    return True


@lru_cache(maxsize=4096)
def _format_code(value: str) -> str:
    return (vocab.lookup("formats", value) or value.strip().lstrip(".")).upper()


@lru_cache(maxsize=4096)
def in_vocabulary(value: str) -> bool:
    """Whether a format as written is one of the vocabulary's (a code, media type, synonym)."""
    return vocab.lookup("formats", value) is not None


def fmt(resource: Mapping[str, Any]) -> str | None:
    """A resource's format as its vocabulary code (upper case), or None."""
    value = resource.get("format")
    if not _filled(value):
        return None
    return _format_code(str(value))


def _first_resource_missing(facts: Facts, key: str, default: str = "resources.0.url") -> str:
    for i, r in enumerate(facts.resources):
        if not _filled(r.get(key)):
            return f"resources.{i}.{key}"
    return default


def _all_resources(facts: Facts, pred: Callable[[Mapping[str, Any]], bool]) -> bool:
    return bool(facts.resources) and all(pred(r) for r in facts.resources)


def _any_resource(facts: Facts, pred: Callable[[Mapping[str, Any]], bool]) -> bool:
    return any(pred(r) for r in facts.resources)


def link_of(facts: Facts, resource: Mapping[str, Any]) -> Link | None:
    url = resource.get("url")
    return facts.links.get(url) if url else None


def link_ok(facts: Facts, resource: Mapping[str, Any]) -> bool:
    found = link_of(facts, resource)
    return found is not None and found.ok


def _first_bad_link(facts: Facts) -> str:
    for i, r in enumerate(facts.resources):
        if not link_ok(facts, r):
            return f"resources.{i}.url"
    return "resources.0.url"


def _downloads(facts: Facts) -> list[Mapping[str, Any]]:
    return [r for r in facts.resources if fmt(r) not in NOT_DOWNLOADS]


def _license_term(facts: Facts) -> dict[str, Any] | None:
    code = facts.get("license")
    for term in vocab.terms("licenses"):
        if term["code"] == code:
            return term
    return None


def _variables_have(facts: Facts, names: tuple[str, ...]) -> bool:
    variables = facts.variables
    if not variables:
        return False
    for v in variables:
        for n in names:
            value = v.get(n)
            if value is None or (isinstance(value, str) and not value.strip()):
                return False
    return True


def _first_variable_missing(facts: Facts, names: tuple[str, ...]) -> str:
    for i, v in enumerate(facts.variables):
        for n in names:
            if not _filled(v.get(n)):
                return f"variables.{i}.{n}"
    return "variables.0.name"


def is_indicator(facts: Facts) -> bool:
    return str(facts.extras.get(INDICATOR_FLAG, "")).strip().lower() in {"ya", "yes", "true", "1"}


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def is_late(facts: Facts) -> bool:
    """A dataset whose frequency says it is renewed every period but whose last modification
    is older than one period plus a grace (a quarter of the period, at least 30 days)."""
    days = FREQUENCY_DAYS.get(facts.get("frequency") or "")
    modified = _as_date(facts.get("modified"))
    if days is None or modified is None:
        return False
    return (facts.today - modified).days > days + max(days // 4, 30)


def _format_matches(facts: Facts, resource: Mapping[str, Any]) -> bool:
    found = link_of(facts, resource)
    if found is None or not found.ok or not found.detected_format:
        return True  # nothing (yet) says otherwise
    declared = fmt(resource)
    return declared is None or declared == found.detected_format or declared in NOT_DOWNLOADS


# -- the table --------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    # MQA findability (100)
    Rule.filled("mqa.keywords", "mqa", "findability", 30, "tags",
                "Tambahkan kata kunci agar dataset mudah ditemukan."),
    Rule.filled("mqa.themes", "mqa", "findability", 30, "topics",
                "Pilih topik (subjek BPS) dataset."),
    Rule("mqa.spatial", "mqa", "findability", 20,
         lambda f: _filled(f.get("spatial")) or _filled(f.get("spatial_geometry")),
         "Pilih wilayah yang dicakup (kode wilayah).", "spatial"),
    Rule("mqa.temporal", "mqa", "findability", 20,
         lambda f: _filled(f.get("temporal_start")) or _filled(f.get("temporal_end")),
         "Isi periode data (tanggal awal dan akhir).", "temporal_start"),
    # MQA accessibility (100)
    Rule("mqa.access_url_ok", "mqa", "accessibility", 50,
         lambda f: _all_resources(f, lambda r: link_ok(f, r)),
         "Perbaiki alamat sumber daya yang tidak dapat dibuka (atau tambahkan sumber daya).",
         _first_bad_link),
    Rule("mqa.download_url", "mqa", "accessibility", 20,
         lambda f: _any_resource(f, lambda r: _filled(r.get("url"))
                                 and fmt(r) not in NOT_DOWNLOADS),
         "Tambahkan sumber daya berupa berkas yang dapat diunduh (mis. CSV).", "resources.0.url"),
    Rule("mqa.download_url_ok", "mqa", "accessibility", 30,
         lambda f: bool(_downloads(f)) and all(link_ok(f, r) for r in _downloads(f)),
         "Pastikan berkas unduhan dapat dibuka (tautan menjawab).", _first_bad_link),
    # MQA interoperability (110)
    Rule("mqa.format", "mqa", "interoperability", 20,
         lambda f: _all_resources(f, lambda r: _filled(r.get("format"))),
         "Isi format setiap sumber daya (mis. CSV, XLSX).",
         lambda f: _first_resource_missing(f, "format", "resources.0.format")),
    Rule("mqa.media_type", "mqa", "interoperability", 10,
         lambda f: _all_resources(f, lambda r: _filled(r.get("media_type"))),
         "Jenis media (media type) sumber daya belum diketahui; isi format yang dikenal.",
         lambda f: _first_resource_missing(f, "media_type", "resources.0.format").replace(
             "media_type", "format")),
    Rule("mqa.format_vocabulary", "mqa", "interoperability", 10,
         lambda f: _any_resource(f, lambda r: _filled(r.get("format"))) and all(
             in_vocabulary(r["format"]) for r in f.resources if _filled(r.get("format"))),
         "Gunakan nama format dari daftar baku (CSV, XLSX, JSON, ...).",
         lambda f: next((f"resources.{i}.format" for i, r in enumerate(f.resources)
                         if _filled(r.get("format")) and not in_vocabulary(r["format"])),
                        "resources.0.format")),
    Rule("mqa.non_proprietary", "mqa", "interoperability", 20,
         lambda f: _any_resource(f, lambda r: fmt(r) in NON_PROPRIETARY),
         "Sediakan juga format terbuka yang bukan milik satu vendor (mis. CSV atau JSON).",
         "resources.0.format"),
    Rule("mqa.machine_readable", "mqa", "interoperability", 20,
         lambda f: _any_resource(f, lambda r: fmt(r) in MACHINE_READABLE),
         "Sediakan format yang dapat dibaca mesin (mis. CSV, XLSX, JSON), bukan hanya PDF.",
         "resources.0.format"),
    Rule("mqa.dcat_ap", "mqa", "interoperability", 30,
         lambda f: _filled(f.get("title")) and _filled(f.get("description"))
         and _all_resources(f, lambda r: _filled(r.get("url"))),
         "Lengkapi yang wajib menurut DCAT-AP: judul, deskripsi, dan minimal satu sumber daya.",
         lambda f: "description" if not _filled(f.get("description")) else "resources.0.url"),
    # MQA reusability (75)
    Rule("mqa.license", "mqa", "reusability", 20,
         lambda f: _filled(f.get("license")) and f.get("license") != "notspecified",
         "Pilih lisensi dataset.", "license"),
    Rule("mqa.license_vocabulary", "mqa", "reusability", 10,
         lambda f: (_license_term(f) or {}).get("dcat") is not None,
         "Pilih lisensi dari daftar baku (mis. CC BY 4.0).", "license"),
    Rule.filled("mqa.access_rights", "mqa", "reusability", 10, "access_level",
                "Nyatakan tingkat akses data."),
    Rule("mqa.access_rights_vocabulary", "mqa", "reusability", 5,
         lambda f: f.get("access_level") in vocab.codes("access_levels"),
         "Pilih tingkat akses dari daftar baku.", "access_level"),
    Rule("mqa.contact_point", "mqa", "reusability", 20,
         lambda f: _filled(f.get("contact_email")) or _filled(f.get("contact_name")),
         "Isi narahubung (nama dan e-mail) yang menjawab pertanyaan tentang data.",
         "contact_email"),
    Rule("mqa.publisher", "mqa", "reusability", 10,
         lambda f: _filled(f.get("organization")),
         "Dataset belum mempunyai penerbit (perangkat daerah).", "title"),
    # MQA contextuality (20)
    Rule("mqa.rights", "mqa", "contextuality", 5,
         lambda f: _filled((_license_term(f) or {}).get("url")),
         "Pilih lisensi yang mempunyai naskah ketentuan penggunaan (mis. CC BY 4.0).",
         "license"),
    Rule("mqa.byte_size", "mqa", "contextuality", 5,
         lambda f: _all_resources(f, lambda r: r.get("size") is not None),
         "Ukuran berkas sumber daya belum tercatat (dikirim sumber panen atau API sebagai "
         "size).",
         lambda f: _first_resource_missing(f, "size", "resources.0.url").replace("size", "url")),
    Rule.filled("mqa.issued", "mqa", "contextuality", 5, "issued",
                "Isi tanggal pertama kali diterbitkan."),
    Rule.filled("mqa.modified", "mqa", "contextuality", 5, "modified",
                "Isi tanggal terakhir diubah."),
    # Satu Data / BPS: standar data
    Rule("sdi.variables", "sdi", "standar_data", 10,
         lambda f: bool(f.variables),
         "Tambahkan variabel data (MS-Var).", "variables.0.name"),
    Rule("sdi.standard", "sdi", "standar_data", 30,
         lambda f: _variables_have(f, STANDARD_FIELDS),
         "Lengkapi standar data setiap variabel: konsep, definisi, klasifikasi, ukuran, satuan.",
         lambda f: _first_variable_missing(f, STANDARD_FIELDS)),
    # metadata
    Rule("sdi.msvar", "sdi", "metadata", 10,
         lambda f: _variables_have(f, MSVAR_FIELDS),
         "Lengkapi MS-Var setiap variabel: tipe data dan referensi waktu.",
         lambda f: _first_variable_missing(f, MSVAR_FIELDS)),
    Rule("sdi.msind", "sdi", "metadata", 10,
         lambda f: all(_filled(f.extras.get(k)) for k, _label in MSIND_FIELDS),
         "Dataset indikator: lengkapi MS-Ind (interpretasi, metode/rumus penghitungan, "
         "level estimasi).", "methodology", applies=is_indicator),
    Rule.filled("sdi.activity_type", "sdi", "metadata", 10, "activity_type",
                "Pilih jenis kegiatan statistik (survei, kompilasi produk administrasi, cara "
                "lain)."),
    Rule.filled("sdi.methodology", "sdi", "metadata", 10, "methodology",
                "Jelaskan metodologi pengumpulan dan pengolahan data."),
    Rule.filled("sdi.frequency", "sdi", "metadata", 5, "frequency",
                "Pilih frekuensi pemutakhiran data."),
    Rule("sdi.up_to_date", "sdi", "metadata", 10,
         lambda f: not is_late(f),
         "Data terlambat dimutakhirkan menurut frekuensinya; perbarui data dan tanggal "
         "terakhir diubah.", "modified"),
    # interoperabilitas
    Rule("sdi.open_format", "sdi", "interoperabilitas", 15,
         lambda f: _any_resource(f, lambda r: fmt(r) in OPEN_DATA_FORMATS),
         "Sediakan data dalam format terbuka yang dapat dibaca mesin (CSV, JSON, XML, ODS).",
         "resources.0.format"),
    Rule("sdi.format_matches", "sdi", "interoperabilitas", 5,
         lambda f: all(_format_matches(f, r) for r in f.resources),
         "Format yang dinyatakan berbeda dengan isi berkas (mis. CSV yang ternyata halaman "
         "HTML); perbaiki berkas atau formatnya.",
         lambda f: next((f"resources.{i}.format" for i, r in enumerate(f.resources)
                         if not _format_matches(f, r)), "resources.0.format")),
    # kode referensi
    Rule.filled("sdi.region_codes", "sdi", "kode_referensi", 15, "spatial",
                "Gunakan kode wilayah (Kemendagri) untuk cakupan wilayah."),
    Rule.filled("sdi.subject_codes", "sdi", "kode_referensi", 10, "topics",
                "Gunakan kode subjek BPS (topik)."),
)  # fmt: skip

RULES_BY_ID = {rule.id: rule for rule in RULES}
assert sum(r.points for r in RULES if r.view == "mqa") == MQA_MAX


def rating(score: int) -> str:
    """The rating code of an MQA score."""
    for minimum, code, _label in RATINGS:
        if score >= minimum:
            return code
    return "kurang"


@dataclass(frozen=True)
class Missing:
    rule: str
    view: str
    dimension: str
    points: int
    message: str
    field: str  # error-path form (resources.0.url); the editor's input id is field with '-'


@dataclass(frozen=True)
class Assessment:
    """A dataset's scores and what it misses."""

    mqa_score: int
    mqa_rating: str
    sdi_percent: int  # points earned of the points that apply, 0..100
    dimensions: dict[str, int]  # MQA dimension -> points earned
    aspects: dict[str, list[int]]  # SDI aspect -> [earned, applicable]
    missing: tuple[Missing, ...]
    broken_links: int
    late: bool

    @property
    def rating_label(self) -> str:
        return RATING_LABELS[self.mqa_rating]

    def to_dict(self) -> dict[str, Any]:
        return {
            "mqa_score": self.mqa_score,
            "mqa_max": MQA_MAX,
            "rating": self.mqa_rating,
            "rating_label": self.rating_label,
            "sdi_percent": self.sdi_percent,
            "dimensions": dict(self.dimensions),
            "aspects": {k: list(v) for k, v in self.aspects.items()},
            "missing": [m.__dict__ for m in self.missing],
            "broken_links": self.broken_links,
            "late": self.late,
        }


def assess(facts: Facts, rules: tuple[Rule, ...] = RULES) -> Assessment:
    """Run every rule over `facts`."""
    dims = {code: 0 for code, _label in MQA_DIMENSIONS}
    aspects = {code: [0, 0] for code, _label in SDI_ASPECTS}
    missing: list[Missing] = []
    for rule in rules:
        if not rule.applicable(facts):
            continue
        ok = rule.check(facts)
        if rule.view == "mqa":
            dims[rule.dimension] += rule.points if ok else 0
        else:
            aspects[rule.dimension][1] += rule.points
            aspects[rule.dimension][0] += rule.points if ok else 0
        if not ok:
            missing.append(
                Missing(rule.id, rule.view, rule.dimension, rule.points, rule.message,
                        rule.anchor(facts))
            )  # fmt: skip
    score = sum(dims.values())
    earned = sum(a[0] for a in aspects.values())
    possible = sum(a[1] for a in aspects.values())
    broken = sum(
        1 for r in facts.resources if (found := link_of(facts, r)) is not None and not found.ok
    )
    return Assessment(
        mqa_score=score,
        mqa_rating=rating(score),
        sdi_percent=round(100 * earned / possible) if possible else 0,
        dimensions=dims,
        aspects=aspects,
        missing=tuple(sorted(missing, key=lambda m: -m.points)),
        broken_links=broken,
        late=is_late(facts),
    )
