"""The agencies (OPD) of Pemerintah Kabupaten Tangerang and the indicators each one publishes.

Pure data for the demo generator (catalog/demo/generator.py). Indicator templates follow
BPS Metadata Statistik: each has a unit, BPS subject codes (catalog/data/topics.json),
a frequency and activity type (catalog/data/vocabularies.json), tags, a one-sentence
methodology and 1-3 MS-Var variables. `breakdowns` are keys of generator.BREAKDOWNS;
an empty value means the default set (kecamatan, kecamatan x jenis kelamin, desa).
"""

from __future__ import annotations

from typing import Any

# Activity types (Cara Pengumpulan Data).
ADM = "kompilasi-administrasi"
SRV = "survei"
TI = "cara-lain"


def V(name: str, data_type: str, unit: str, definition: str, alias: str = "") -> dict[str, Any]:
    """One MS-Var variable template; the generator completes the remaining MS-Var fields."""
    return {
        "name": name,
        "alias": alias,
        "data_type": data_type,
        "unit": unit,
        "definition": definition,
    }


def I(  # noqa: E743 - short on purpose: the tables below are long
    title: str,
    unit: str,
    topics: str,
    frequency: str,
    activity_type: str,
    tags: str,
    methodology: str,
    variables: list[dict[str, Any]],
    breakdowns: str = "",
) -> dict[str, Any]:
    """One indicator template."""
    return {
        "title": title,
        "unit": unit,
        "topics": topics.split(),
        "frequency": frequency,
        "activity_type": activity_type,
        "tags": [t.strip() for t in tags.split(",") if t.strip()],
        "methodology": methodology,
        "variables": variables,
        "breakdowns": breakdowns.split(),
    }


def _org(
    name: str, title: str, code: str, host: str, topics: str, description: str, kind: str = "opd"
) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "kind": kind,
        "code": code,
        "description": description,
        "website": f"https://{host}.tangerangkab.go.id",
        "email": f"{host}@tangerangkab.go.id",
        "topics": topics.split(),
    }


ORGANIZATIONS: list[dict[str, Any]] = [
    _org(
        "dinas-kesehatan",
        "Dinas Kesehatan",
        "Dinkes",
        "dinkes",
        "kesehatan gender",
        "Menyelenggarakan urusan pemerintahan bidang kesehatan, termasuk pelayanan puskesmas, "
        "imunisasi, gizi masyarakat dan pengendalian penyakit.",
    ),
    _org(
        "dinas-pendidikan-dan-kebudayaan",
        "Dinas Pendidikan dan Kebudayaan",
        "Dindikbud",
        "dindikbud",
        "pendidikan budaya",
        "Menyelenggarakan urusan pendidikan anak usia dini, pendidikan dasar, pendidikan "
        "nonformal dan kebudayaan daerah.",
    ),
    _org(
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "bappeda",
        "wilayah kemiskinan neraca-nasional pemerintahan",
        "Menyusun perencanaan pembangunan daerah dan mengevaluasi capaian indikator "
        "pembangunan, perekonomian dan penanggulangan kemiskinan.",
    ),
    _org(
        "dinas-kependudukan-dan-pencatatan-sipil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        "disdukcapil",
        "kependudukan",
        "Menyelenggarakan administrasi kependudukan, pendaftaran penduduk dan pencatatan "
        "sipil bagi seluruh penduduk Kabupaten Tangerang.",
    ),
    _org(
        "dinas-komunikasi-dan-informatika",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "diskominfo",
        "komunikasi pemerintahan",
        "Walidata Satu Data Kabupaten Tangerang yang mengumpulkan, memeriksa dan "
        "menyebarluaskan data sektoral perangkat daerah.",
        kind="walidata",
    ),
    _org(
        "dinas-pertanian",
        "Dinas Pertanian",
        "Distan",
        "distan",
        "pertanian",
        "Menyelenggarakan urusan tanaman pangan, hortikultura, perkebunan dan peternakan "
        "di Kabupaten Tangerang.",
    ),
    _org(
        "dinas-sosial",
        "Dinas Sosial",
        "Dinsos",
        "dinsos",
        "perlindungan-sosial kemiskinan",
        "Menyelenggarakan perlindungan dan jaminan sosial, rehabilitasi sosial serta "
        "penanganan fakir miskin.",
    ),
    _org(
        "dinas-ketenagakerjaan",
        "Dinas Ketenagakerjaan",
        "Disnaker",
        "disnaker",
        "tenaga-kerja",
        "Menyelenggarakan pelatihan kerja, penempatan tenaga kerja dan pengawasan hubungan "
        "industrial.",
    ),
    _org(
        "badan-penanggulangan-bencana-daerah",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "bpbd",
        "bencana",
        "Menyelenggarakan pencegahan, kesiapsiagaan, tanggap darurat dan rehabilitasi "
        "pascabencana di daerah.",
    ),
    _org(
        "dinas-perhubungan",
        "Dinas Perhubungan",
        "Dishub",
        "dishub",
        "transportasi",
        "Menyelenggarakan urusan lalu lintas, angkutan jalan, perparkiran dan pengujian "
        "kendaraan bermotor.",
    ),
    _org(
        "dinas-pekerjaan-umum-dan-penataan-ruang",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        "dpupr",
        "konstruksi wilayah transportasi",
        "Menyelenggarakan pembangunan dan pemeliharaan jalan, jembatan, sumber daya air "
        "serta penataan ruang.",
    ),
    _org(
        "dinas-perumahan-permukiman-dan-pemakaman",
        "Dinas Perumahan, Permukiman dan Pemakaman",
        "DPPP",
        "dppp",
        "perumahan",
        "Menyelenggarakan urusan perumahan rakyat, kawasan permukiman, prasarana "
        "lingkungan dan pemakaman.",
    ),
    _org(
        "dinas-lingkungan-hidup-dan-kebersihan",
        "Dinas Lingkungan Hidup dan Kebersihan",
        "DLHK",
        "dlhk",
        "lingkungan-hidup",
        "Menyelenggarakan pengelolaan sampah, pengendalian pencemaran dan perlindungan "
        "lingkungan hidup.",
    ),
    _org(
        "dinas-pemberdayaan-perempuan-dan-perlindungan-anak",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "DP3A",
        "dp3a",
        "gender hukum-kriminal",
        "Menyelenggarakan pemberdayaan perempuan, pengarusutamaan gender dan perlindungan "
        "anak dari kekerasan.",
    ),
    _org(
        "dinas-pengendalian-penduduk-dan-keluarga-berencana",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
        "DPPKB",
        "dppkb",
        "kependudukan kesehatan",
        "Menyelenggarakan pengendalian penduduk, pelayanan keluarga berencana dan "
        "pembangunan keluarga.",
    ),
    _org(
        "dinas-koperasi-dan-ukm",
        "Dinas Koperasi dan Usaha Kecil Menengah",
        "Dinkop UKM",
        "dinkopukm",
        "usaha keuangan",
        "Menyelenggarakan pembinaan koperasi serta pemberdayaan usaha mikro, kecil dan menengah.",
    ),
    _org(
        "dinas-perindustrian-dan-perdagangan",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        "disperindag",
        "industri perdagangan harga",
        "Menyelenggarakan pembinaan industri, perdagangan, pasar rakyat dan pengawasan "
        "harga barang kebutuhan pokok.",
    ),
    _org(
        "dinas-kepemudaan-olahraga-dan-pariwisata",
        "Dinas Kepemudaan, Olahraga dan Pariwisata",
        "Disporapar",
        "disporapar",
        "pariwisata budaya",
        "Menyelenggarakan urusan kepemudaan, keolahragaan dan pengembangan destinasi "
        "pariwisata daerah.",
    ),
    _org(
        "dinas-perikanan",
        "Dinas Perikanan",
        "Diskan",
        "diskan",
        "pertanian",
        "Menyelenggarakan urusan perikanan tangkap, perikanan budidaya dan pengolahan "
        "hasil perikanan.",
    ),
    _org(
        "dinas-ketahanan-pangan",
        "Dinas Ketahanan Pangan",
        "DKP",
        "dkp",
        "pertanian harga",
        "Menyelenggarakan urusan ketersediaan, distribusi, konsumsi dan keamanan pangan.",
    ),
    _org(
        "dinas-penanaman-modal-dan-ptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "dpmptsp",
        "usaha keuangan",
        "Menyelenggarakan pelayanan perizinan berusaha dan promosi penanaman modal.",
    ),
    _org(
        "badan-pendapatan-daerah",
        "Badan Pendapatan Daerah",
        "Bapenda",
        "bapenda",
        "keuangan",
        "Mengelola pendapatan asli daerah, termasuk pajak bumi dan bangunan serta pajak "
        "daerah lainnya.",
    ),
    _org(
        "badan-kepegawaian-dan-pengembangan-sdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        "bkpsdm",
        "pemerintahan",
        "Mengelola administrasi kepegawaian dan pengembangan kompetensi aparatur sipil negara.",
    ),
    _org(
        "satuan-polisi-pamong-praja",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "satpolpp",
        "hukum-kriminal pemerintahan",
        "Menegakkan peraturan daerah serta menyelenggarakan ketertiban umum dan "
        "ketenteraman masyarakat.",
    ),
    _org(
        "dinas-pemberdayaan-masyarakat-dan-desa",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "DPMD",
        "dpmd",
        "wilayah pemerintahan",
        "Menyelenggarakan pemberdayaan masyarakat, pembinaan pemerintahan desa dan "
        "pengelolaan dana desa.",
    ),
    _org(
        "dinas-perpustakaan-dan-kearsipan",
        "Dinas Perpustakaan dan Kearsipan",
        "Dispusip",
        "dispusip",
        "pendidikan budaya",
        "Menyelenggarakan layanan perpustakaan, pembudayaan gemar membaca dan pengelolaan "
        "arsip daerah.",
    ),
    _org(
        "rsud-kabupaten-tangerang",
        "RSUD Kabupaten Tangerang",
        "RSUD",
        "rsud",
        "kesehatan",
        "Rumah sakit umum daerah rujukan yang menyelenggarakan pelayanan kesehatan "
        "perorangan secara paripurna.",
    ),
    _org(
        "badan-pengelolaan-keuangan-dan-aset-daerah",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "bpkad",
        "keuangan",
        "Mengelola anggaran, perbendaharaan, akuntansi dan barang milik daerah.",
    ),
    _org(
        "badan-kesatuan-bangsa-dan-politik",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        "kesbangpol",
        "politik",
        "Menyelenggarakan pembinaan wawasan kebangsaan, ketahanan sosial dan politik dalam negeri.",
    ),
    _org(
        "dinas-pemadam-kebakaran-dan-penyelamatan",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
        "Damkar",
        "damkar",
        "bencana",
        "Menyelenggarakan pencegahan dan penanggulangan kebakaran serta penyelamatan masyarakat.",
    ),
    {
        "name": "bps-kabupaten-tangerang",
        "title": "BPS Kabupaten Tangerang",
        "kind": "bps",
        "code": "BPS 3603",
        "description": "Badan Pusat Statistik Kabupaten Tangerang, pembina data statistik "
        "sektoral yang menerbitkan statistik dasar dan rekomendasi kegiatan statistik.",
        "website": "https://tangerangkab.bps.go.id",
        "email": "bps3603@bps.go.id",
        "topics": ["kependudukan", "neraca-nasional", "kemiskinan", "harga", "tenaga-kerja"],
    },
]

# Indicator templates per organization slug; filled in below, one block per agency.
INDICATORS: dict[str, list[dict[str, Any]]] = {}
