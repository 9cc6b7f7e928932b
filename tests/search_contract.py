"""The search contract: one corpus and judged Indonesian queries, run against every backend.

Each case gives a SearchQuery and what a correct backend answers: `ordered` ids must come
first in exactly that order; `first` ids must come first in any order; `ids` is the exact
hit set; `complete` how many of the results hold every word (SearchResult.complete, the
first tier: they come before the records holding only some of the words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from catalog.search.query import SearchQuery
from tests import factories

ORGS = {
    "disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
    "dinsos": "Dinas Sosial",
    "bappeda": "Bappeda",
    "disperkim": "Dinas Perumahan dan Permukiman",
    "dindik": "Dinas Pendidikan",
    "dinkes": "Dinas Kesehatan",
    "disnaker": "Dinas Tenaga Kerja",
    "disperindag": "Dinas Perindustrian dan Perdagangan",
    "bpbd": "Badan Penanggulangan Bencana Daerah",
}

# key: (title, description, tags, topic, organization, format, (first year, last year), regions)
CORPUS: dict[str, tuple[str, str, list[str], str, str, str, tuple[int, int], list[str]]] = {
    "A": ("Jumlah Penduduk Menurut Kecamatan", "Data kependudukan hasil registrasi Disdukcapil.",
          ["penduduk"], "kependudukan", "disdukcapil", "csv", (2023, 2023), ["36.03.01"]),
    "B": ("Kepadatan Penduduk per Desa", "Kepadatan penduduk per kilometer persegi.",
          ["penduduk", "kepadatan"], "kependudukan", "disdukcapil", "xlsx", (2022, 2022),
          ["36.03.01.2003"]),
    "C": ("Jumlah Penduduk Miskin", "Penduduk miskin berdasarkan DTKS.", ["miskin", "dtks"],
          "kemiskinan", "dinsos", "csv", (2021, 2023), ["36.03.02"]),
    "D": ("Angka Kemiskinan Kabupaten Tangerang", "Persentase penduduk di bawah garis kemiskinan.",
          ["kemiskinan"], "kemiskinan", "bappeda", "pdf", (2020, 2020), []),
    "E": ("Produk Domestik Regional Bruto",
          "Indikator perekonomian daerah atas dasar harga berlaku.",
          ["pdrb"], "neraca-nasional", "bappeda", "xlsx", (2023, 2023), []),
    "F": ("Laju Pertumbuhan Ekonomi", "Pertumbuhan ekonomi tahunan.", ["ekonomi"],
          "neraca-nasional", "bappeda", "csv", (2022, 2023), []),
    "G": ("Rumah Tidak Layak Huni", "Data perumahan tidak layak huni per desa.", ["rtlh"],
          "perumahan", "disperkim", "csv", (2023, 2023), ["36.03.03"]),
    "H": ("Jumlah Kompleks Perumahan", "Kompleks perumahan yang sudah serah terima PSU.",
          ["perumahan"], "perumahan", "disperkim", "xlsx", (2022, 2022), []),
    "I": ("Jumlah Sekolah Dasar Negeri dan Swasta", "Sekolah dasar menurut status.",
          ["sekolah"], "pendidikan", "dindik", "csv", (2023, 2023), []),
    "J": ("Jumlah Guru Menurut Jenjang", "Guru PNS dan honorer.", ["guru"], "pendidikan",
          "dindik", "json", (2023, 2023), []),
    "K": ("Jumlah Kunjungan Puskesmas", "Kunjungan rawat jalan puskesmas.",
          ["puskesmas", "kesehatan"], "kesehatan", "dinkes", "csv", (2023, 2023), []),
    "L": ("Kasus Demam Berdarah Dengue", "Kasus DBD per kecamatan menurut bulan.",
          ["dbd", "kesehatan"], "kesehatan", "dinkes", "xlsx", (2022, 2023), ["36.03.01"]),
    "M": ("Prevalensi Balita Stunting", "Balita stunting hasil penimbangan. Penduduk balita.",
          ["stunting", "gizi"], "kesehatan", "dinkes", "pdf", (2023, 2023), []),
    "N": ("Tingkat Pengangguran Terbuka", "Pengangguran menurut pendidikan tertinggi.",
          ["pengangguran"], "tenaga-kerja", "disnaker", "csv", (2023, 2023), []),
    "O": ("Harga Eceran Beras di Pasar", "Harga beras medium per minggu.", ["harga", "beras"],
          "harga", "disperindag", "csv", (2024, 2024), []),
    "P": ("Curah Hujan Bulanan", "Curah hujan stasiun BMKG.", ["iklim"], "lingkungan-hidup",
          "bpbd", "csv", (2021, 2021), []),
    "Q": ("Kejadian Bencana Banjir", "Kejadian banjir per desa dan kerugian rumah terendam.",
          ["banjir", "bencana"], "bencana", "bpbd", "xlsx", (2023, 2023), ["36.03.01.1001"]),
}  # fmt: skip


# One corpus row for _load: key, agency, title, description, whole years, regions, and the
# other fields of the dataset.
Row = tuple[str, str, str, str, tuple[int, int], list[str], dict[str, Any]]


def _load(session: Session, orgs: dict[str, str], rows: Iterable[Row]) -> dict[str, str]:
    """Create the agencies and the datasets (whole years, no unit, methodology or variables)
    through the real services; returns key -> dataset id."""
    for slug, title in orgs.items():
        factories.make_org(session, slug, title=title)
    ids: dict[str, str] = {}
    for key, org, title, desc, years, regions, fields in rows:
        dataset = factories.make_dataset(
            session,
            org,
            title=title,
            description=desc,
            temporal_start=f"{years[0]}-01-01",
            temporal_end=f"{years[1]}-12-31",
            spatial=regions,
            unit=None,
            methodology="",
            variables=[],
            **fields,
        )
        session.flush()
        ids[key] = str(dataset.id)
    return ids


def load_corpus(session: Session) -> dict[str, str]:
    """CORPUS and its agencies; returns key -> dataset id."""

    def row(key: str, values: tuple[Any, ...]) -> Row:
        title, desc, tags, topic, org, fmt, years, regions = values
        url = f"https://data.example.go.id/{key}.{fmt}"
        resource = {"name": f"{title}.{fmt}", "url": url, "format": fmt}
        fields = {"tags": tags, "topics": [topic], "resources": [resource]}
        return key, org, title, desc, years, regions, fields

    return _load(session, ORGS, (row(key, values) for key, values in CORPUS.items()))


@dataclass
class Case:
    name: str
    query: SearchQuery
    ordered: list[str] = field(default_factory=list)
    ids: set[str] | None = None
    first: set[str] = field(default_factory=set)
    complete: int | None = None
    total: int | None = None
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    highlight: tuple[str, str, str] | None = None  # (key, field, snippet)


def Q(text: str = "", **kw: Any) -> SearchQuery:
    filters = {k: tuple(v) for k, v in kw.pop("filters", {}).items()}
    excludes = {k: tuple(v) for k, v in kw.pop("excludes", {}).items()}
    return SearchQuery(text=text, filters=filters, excludes=excludes, **kw)


ALL = set(CORPUS)
CASES: list[Case] = [
    # stemming: the derived form finds the root and the other derived forms
    Case("kemiskinan->miskin", Q("kemiskinan"), ids={"C", "D"}),
    Case("miskin->kemiskinan", Q("miskin"), ids={"C", "D"}),
    Case("kependudukan->penduduk", Q("kependudukan"), ids={"A", "B", "C", "D", "M"}),
    # the word as typed (exact column) outranks a stem-only title match
    Case("perekonomian->ekonomi", Q("perekonomian"), ordered=["E", "F"], ids={"E", "F"}),
    Case("ekonomi: title first", Q("ekonomi"), ordered=["F", "E"], ids={"E", "F"}),
    Case("perumahan->rumah", Q("perumahan"), ids={"G", "H", "Q"}),
    Case("rumah title first", Q("rumah"), ids={"G", "H", "Q"}),
    # two words (issue 14): the records holding both come first, then those holding either
    Case("two words: both first, then either", Q("jumlah penduduk"), first={"A", "C"},
         ids={"A", "C", "B", "D", "M", "H", "I", "J", "K"}, complete=2),
    Case("two words stemmed", Q("kasus kecamatan"), ordered=["L"], ids={"L", "A"}, complete=1),
    Case("title beats description", Q("pertumbuhan"), ordered=["F"], ids={"F"}),
    Case("stunting balita", Q("balita stunting"), ordered=["M"], ids={"M"}),
    Case("no match", Q("kapal selam"), ids=set(), total=0),
    # phrases
    Case("phrase", Q('"penduduk miskin"'), ordered=["C"], ids={"C"}),
    Case("phrase stemmed", Q('"harga eceran"'), ordered=["O"], ids={"O"}),
    Case("phrase order matters", Q('"miskin penduduk"'), ids=set()),
    Case("phrase and word", Q('"curah hujan" stasiun'), ids={"P"}),
    # filters
    Case("organization filter, newest first", Q(filters={"organization": ["dinkes"]}),
         ordered=["M", "L", "K"], total=3),
    Case("text and format", Q("kesehatan", filters={"format": ["CSV"]}), ids={"K"}),
    Case("year overlaps 2023", Q(filters={"year": ["2023"]}),
         ids={"A", "C", "E", "F", "G", "I", "J", "K", "L", "M", "N", "Q"}),
    Case("year 2021", Q(filters={"year": ["2021"]}), ids={"C", "P"}),
    Case("kecamatan covers its desa", Q(filters={"wilayah": ["36.03.01"]}),
         ids={"A", "B", "L", "Q"}),
    Case("topic and tag", Q(filters={"topic": ["pendidikan"], "tag": ["guru"]}), ids={"J"}),
    Case("OR inside a filter", Q(filters={"organization": ["dinkes", "dindik"]}),
         ids={"I", "J", "K", "L", "M"}),
    Case("exclude", Q("penduduk", excludes={"organization": ["disdukcapil"]}),
         ids={"C", "D", "M"}),
    Case("recommendation none", Q("banjir", filters={"recommendation": ["none"]}), ids={"Q"}),
    # facets: each counted with the other filters, not its own
    Case("facet ignores own filter", Q("jumlah", filters={"organization": ["dindik"]},
         facets=("organization",)), ids={"I", "J"}, total=2,
         facets={"organization": {"dindik": 2, "disdukcapil": 1, "dinsos": 1, "disperkim": 1,
                                  "dinkes": 1}}),
    Case("facet respects other filters", Q(filters={"organization": ["bappeda"]},
         facets=("year", "format")), total=3,
         facets={"year": {"2023": 2, "2022": 1, "2020": 1}, "format": {"XLSX": 1, "CSV": 1,
                                                                        "PDF": 1}}),
    # sorts and paging
    Case("title ascending", Q(sort="title", descending=False, per_page=3),
         ordered=["D", "P", "O"], total=len(CORPUS)),
    Case("created ascending page 2", Q(sort="created", descending=False, page=2, per_page=5),
         ordered=["F", "G", "H", "I", "J"], total=len(CORPUS)),
    Case("modified descending", Q(sort="modified", per_page=3), ordered=["Q", "P", "O"]),
    Case("past the last page", Q(page=5, per_page=10), ids=set(), total=len(CORPUS)),
    Case("text sorted by title", Q("jumlah", sort="title", descending=False),
         ordered=["J", "H", "K", "A", "C", "I"]),
    # in any sort the records holding every word come first, then the others, each in order
    Case("two words sorted by title", Q("jumlah penduduk", sort="title", descending=False),
         ordered=["A", "C", "D", "J", "H", "K", "I", "B", "M"], complete=2),
    Case("two words page 2 sorted by title",
         Q("jumlah penduduk", sort="title", descending=False, page=2, per_page=4),
         ordered=["H", "K", "I", "B"], total=9),
    # prefix (suggest-as-you-type)
    Case("prefix", Q("kemis", prefix=True), ids={"C", "D"}),
    Case("prefix after a word", Q("jumlah sek", prefix=True), ids={"I"}),
    Case("prefix one", Q("pusk", prefix=True), ordered=["K"], ids={"K"}),
    # typos: did-you-mean from the indexed vocabulary
    Case("typo", Q("kemiskinn"), ids=set(), suggestion="kemiskinan"),
    Case("typo 2", Q("puskesmaz"), ids=set(), suggestion="puskesmas"),
    # a typo in one word: the other word's records (none holds both), and the correction
    Case("typo in second word", Q("demam berdrah"), ids={"L"}, complete=0,
         suggestion="demam berdarah"),
    # highlights
    Case("highlight title", Q("kemiskinan"), ids={"C", "D"},
         highlight=("D", "title", "Angka <mark>Kemiskinan</mark> Kabupaten Tangerang")),
    Case("highlight stemmed", Q("ekonomi"), ids={"E", "F"},
         highlight=("E", "description",
                    "Indikator <mark>perekonomian</mark> daerah atas dasar harga berlaku.")),
]  # fmt: skip


def check(case: Case, result: Any, ids: dict[str, str], scoring_parity: bool = True) -> None:
    """Assert one judged case against a SearchResult (keys mapped to dataset ids).

    Without `scoring_parity` (an imitation of Elasticsearch, not Lucene) the order of
    relevance-ranked text queries is not judged, only which documents match.
    """
    by_id = {v: k for k, v in ids.items()}
    got = [by_id[h.id] for h in result.hits]
    ranked = case.query.sort == "relevance" and bool(case.query.text)
    if case.ordered and (scoring_parity or not ranked):
        assert got[: len(case.ordered)] == case.ordered, (case.name, got)
    elif case.ordered:
        assert set(case.ordered) <= set(got), (case.name, got)
    if case.first:
        assert set(got[: len(case.first)]) == case.first, (case.name, got)
    if case.ids is not None:
        assert set(got) == case.ids, (case.name, got)
    if case.complete is not None:
        assert result.complete == case.complete, (case.name, result.complete)
    if case.total is not None:
        assert result.total == case.total, (case.name, result.total)
    elif case.ids is not None and case.query.page == 1:
        assert result.total == len(case.ids), (case.name, result.total)
    for name, expected in case.facets.items():
        counts = {f.value: f.count for f in result.facets[name]}
        assert counts == expected, (case.name, name, counts)
    if case.suggestion is not None or case.name.endswith("not corrected"):
        assert result.suggestion == case.suggestion, (case.name, result.suggestion)
    if case.highlight:
        key, field_name, snippet = case.highlight
        hit = next(h for h in result.hits if h.id == ids[key])
        assert hit.highlights[field_name] == [snippet], (case.name, hit.highlights)


# -- relevance (issue 14): a second corpus, so the judged cases above keep their sets --------
RELEVANCE_ORGS = {
    "dinkes": "Dinas Kesehatan",
    "dinsos": "Dinas Sosial",
    "dindik": "Dinas Pendidikan",
    "pupr": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "bpbd": "Badan Penanggulangan Bencana Daerah",
    "disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
}
# key: (title, description, organization, regions, (first year, last year))
RELEVANCE_CORPUS: dict[str, tuple[str, str, str, list[str], tuple[int, int]]] = {
    "R1": ("Prevalensi Stunting Balita", "Balita stunting hasil penimbangan per desa.", "dinkes",
           ["36.03.01"], (2023, 2023)),
    "R2": ("Prevalensi Stunting Balita", "Balita stunting hasil penimbangan per desa.", "dinkes",
           ["36.03.02"], (2023, 2023)),
    "R3": ("Cakupan Imunisasi Dasar Lengkap", "Bayi yang menerima imunisasi dasar.", "dinkes",
           [], (2022, 2022)),
    "R4": ("Angka Partisipasi Kasar SMA", "Perbandingan murid SMA dengan penduduk usia sekolah.",
           "dindik", [], (2023, 2023)),
    "R5": ("Jumlah Lanjut Usia Terlantar", "Penghuni panti sosial.", "dinsos", [], (2023, 2023)),
    "R6": ("Panjang Jalan Kabupaten Menurut Kondisi", "Jalan mantap, sedang, rusak.", "pupr",
           [], (2023, 2023)),
    "R7": ("Jumlah Jembatan", "Jembatan kabupaten menurut bahan.", "pupr", [], (2023, 2023)),
    "R8": ("Kebakaran Hutan dan Lahan", "Luas hutan terbakar.", "bpbd", [], (2023, 2023)),
    "R9": ("Kebakaran Rumah Hunian", "Kejadian kebakaran permukiman.", "bpbd", [], (2023, 2023)),
    "R10": ("Jumlah Penduduk Menurut Kecamatan", "Data keamanan dan ketertiban penduduk.",
            "disdukcapil", ["36.03.03"], (2024, 2024)),
}  # fmt: skip


def load_relevance_corpus(session: Session) -> dict[str, str]:
    """RELEVANCE_CORPUS and its agencies; returns key -> dataset id."""

    def row(key: str, values: tuple[Any, ...]) -> Row:
        title, desc, org, regions, years = values
        resource = {"name": title, "url": f"https://data.example.go.id/{key}.csv"}
        fields = {"tags": [], "topics": [], "resources": [resource]}
        return key, org, title, desc, years, regions, fields

    return _load(session, RELEVANCE_ORGS, (row(k, v) for k, v in RELEVANCE_CORPUS.items()))


RELEVANCE_CASES: list[Case] = [
    # no record has all four words: the one holding three of them comes first, then the one
    # holding two; none is counted as complete
    Case("most of the words", Q("panjang jalan jembatan kabupaten"), ordered=["R6", "R7"],
         ids={"R6", "R7"}, complete=0),
    # stop words are optional ("pada" is in no record)
    Case("stop word", Q("stunting pada balita"), ids={"R1", "R2"}),
    Case("stop words only matter when present", Q("jumlah jembatan dan kondisinya"),
         ordered=["R7"]),
    # a kecamatan of the coverage matches as if it were in the text
    Case("place and topic", Q("stunting balaraja"), ordered=["R1", "R2"], ids={"R1", "R2"},
         complete=1),
    Case("place alone", Q("tigaraksa"), ids={"R10"}),
    # the agency's short name (glossary) and a year of the coverage
    Case("agency short name", Q("dinkes imunisasi"), ordered=["R3"], ids={"R1", "R2", "R3"},
         complete=1),
    Case("agency short name alone", Q("dinsos"), ids={"R5"}),
    Case("year of the coverage", Q("penduduk 2024"), ordered=["R10"], ids={"R10", "R4"},
         complete=1),
    # abbreviations and synonyms of the statistics glossary
    Case("abbreviation", Q("apk sma"), ids={"R4"}),
    Case("expansion finds the abbreviation's dataset", Q("angka partisipasi kasar"), ids={"R4"}),
    # a glossary phrase is words the abbreviation also satisfies: a record holding two of the
    # three words of "angka partisipasi murni" (APM) is a partial match
    Case("glossary phrase, some of its words", Q("angka partisipasi murni"), ordered=["R4"],
         ids={"R4"}, complete=0),
    Case("synonym", Q("lansia"), ids={"R5"}),
    # a valid word (its stem is a root word) and a glossary word are never "corrected"
    Case("valid word not corrected", Q("ketahanan"), ids=set(), suggestion=None),
    Case("glossary word not corrected", Q("bpjs"), ids=set(), suggestion=None),
    Case("typo proposes a correction", Q("imunisasai"), ids=set(), suggestion="imunisasi"),
]  # fmt: skip
