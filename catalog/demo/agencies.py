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

INDICATORS["dinas-kesehatan"] = [
    I(
        "Jumlah Kasus Demam Berdarah Dengue (DBD)",
        "kasus",
        "kesehatan",
        "bulanan",
        ADM,
        "dbd, demam berdarah, penyakit menular, kesehatan",
        "Dihimpun dari laporan surveilans penyakit puskesmas dan rumah sakit yang diverifikasi "
        "oleh bidang pencegahan dan pengendalian penyakit.",
        [
            V(
                "Jumlah kasus DBD",
                "integer",
                "kasus",
                "Banyaknya penderita yang didiagnosis demam berdarah dengue sesuai kriteria WHO.",
                "kasus_dbd",
            ),
            V(
                "Jumlah kematian akibat DBD",
                "integer",
                "jiwa",
                "Banyaknya penderita DBD yang meninggal dunia.",
                "kematian_dbd",
            ),
        ],
        "kec pkm bulan umur",
    ),
    I(
        "Angka Kematian Ibu",
        "per 100.000 kelahiran hidup",
        "kesehatan gender",
        "tahunan",
        ADM,
        "kematian ibu, kesehatan ibu, aki",
        "Dihitung dari jumlah kematian ibu dibagi jumlah kelahiran hidup dikali 100.000 "
        "berdasarkan laporan puskesmas.",
        [
            V(
                "Jumlah kematian ibu",
                "integer",
                "jiwa",
                "Kematian perempuan saat hamil, bersalin atau nifas yang bukan karena kecelakaan.",
                "kematian_ibu",
            ),
            V(
                "Jumlah kelahiran hidup",
                "integer",
                "jiwa",
                "Banyaknya bayi yang lahir dengan tanda kehidupan.",
                "lahir_hidup",
            ),
        ],
        "kab kec pkm",
    ),
    I(
        "Angka Kematian Bayi",
        "per 1.000 kelahiran hidup",
        "kesehatan",
        "tahunan",
        ADM,
        "kematian bayi, kesehatan anak, akb",
        "Dihitung dari jumlah kematian bayi berumur di bawah satu tahun per 1.000 kelahiran "
        "hidup menurut laporan puskesmas.",
        [
            V(
                "Jumlah kematian bayi",
                "integer",
                "jiwa",
                "Banyaknya bayi yang meninggal sebelum mencapai umur satu tahun.",
                "kematian_bayi",
            )
        ],
        "kab kec pkm",
    ),
    I(
        "Cakupan Imunisasi Dasar Lengkap",
        "persen",
        "kesehatan",
        "tahunan",
        ADM,
        "imunisasi, idl, kesehatan anak, bayi",
        "Persentase bayi usia 0-11 bulan yang mendapat imunisasi dasar lengkap terhadap sasaran "
        "bayi menurut pencatatan puskesmas.",
        [
            V(
                "Jumlah bayi diimunisasi lengkap",
                "integer",
                "jiwa",
                "Bayi yang telah menerima seluruh imunisasi dasar sesuai jadwal.",
                "bayi_idl",
            ),
            V(
                "Cakupan imunisasi dasar lengkap",
                "decimal",
                "persen",
                "Perbandingan bayi diimunisasi lengkap terhadap sasaran bayi.",
                "cakupan_idl",
            ),
        ],
        "kec pkm desa",
    ),
    I(
        "Prevalensi Balita Stunting",
        "persen",
        "kesehatan kemiskinan",
        "tahunan",
        ADM,
        "stunting, gizi, balita, kesehatan anak",
        "Diukur dari penimbangan dan pengukuran tinggi badan balita di posyandu yang dicatat "
        "dalam aplikasi e-PPGBM.",
        [
            V(
                "Jumlah balita diukur",
                "integer",
                "jiwa",
                "Balita yang diukur tinggi badannya pada bulan penimbangan.",
                "balita_diukur",
            ),
            V(
                "Jumlah balita stunting",
                "integer",
                "jiwa",
                "Balita dengan tinggi badan menurut umur di bawah minus dua standar deviasi.",
                "balita_stunting",
            ),
        ],
        "kec desa pkm",
    ),
    I(
        "Jumlah Kasus Tuberkulosis",
        "kasus",
        "kesehatan",
        "triwulanan",
        ADM,
        "tuberkulosis, tbc, penyakit menular",
        "Dihimpun dari Sistem Informasi Tuberkulosis (SITB) fasilitas pelayanan kesehatan.",
        [
            V(
                "Jumlah kasus TBC ditemukan",
                "integer",
                "kasus",
                "Kasus tuberkulosis semua tipe yang ditemukan dan diobati.",
                "kasus_tbc",
            )
        ],
        "kec kecjk pkm umur",
    ),
    I(
        "Jumlah Tenaga Kesehatan",
        "orang",
        "kesehatan",
        "tahunan",
        ADM,
        "tenaga kesehatan, dokter, bidan, perawat",
        "Kompilasi data kepegawaian puskesmas, rumah sakit dan klinik yang terdaftar.",
        [
            V(
                "Jumlah tenaga kesehatan",
                "integer",
                "orang",
                "Tenaga medis dan tenaga kesehatan yang bertugas di fasilitas kesehatan.",
                "nakes",
            ),
            V(
                "Jenis tenaga kesehatan",
                "category",
                "",
                "Kelompok profesi tenaga kesehatan.",
                "jenis_nakes",
            ),
        ],
        "kec pkm jk",
    ),
    I(
        "Jumlah Fasilitas Pelayanan Kesehatan",
        "unit",
        "kesehatan",
        "tahunan",
        ADM,
        "puskesmas, rumah sakit, klinik, fasilitas kesehatan",
        "Kompilasi data perizinan dan registrasi fasilitas pelayanan kesehatan.",
        [
            V(
                "Jumlah fasilitas kesehatan",
                "integer",
                "unit",
                "Banyaknya puskesmas, rumah sakit, klinik dan posyandu yang beroperasi.",
                "faskes",
            )
        ],
        "kec desa",
    ),
    I(
        "Persentase Persalinan di Fasilitas Pelayanan Kesehatan",
        "persen",
        "kesehatan gender",
        "tahunan",
        ADM,
        "persalinan, kesehatan ibu, bidan",
        "Persentase ibu bersalin yang ditolong tenaga kesehatan di fasilitas kesehatan terhadap "
        "seluruh ibu bersalin.",
        [
            V(
                "Jumlah persalinan di fasyankes",
                "integer",
                "jiwa",
                "Ibu bersalin yang ditolong tenaga kesehatan di fasilitas kesehatan.",
                "pf",
            )
        ],
        "kec pkm",
    ),
]

INDICATORS["dinas-pendidikan-dan-kebudayaan"] = [
    I(
        "Angka Partisipasi Sekolah",
        "persen",
        "pendidikan",
        "tahunan",
        SRV,
        "pendidikan, partisipasi sekolah, aps",
        "Dihitung dari proporsi penduduk kelompok umur sekolah yang masih bersekolah berdasarkan "
        "Susenas dan Dapodik.",
        [
            V(
                "Angka partisipasi sekolah",
                "decimal",
                "persen",
                "Proporsi penduduk umur tertentu yang sedang bersekolah.",
                "aps",
            )
        ],
        "kab umur jk",
    ),
    I(
        "Angka Partisipasi Kasar",
        "persen",
        "pendidikan",
        "tahunan",
        ADM,
        "pendidikan, partisipasi kasar, apk",
        "Rasio jumlah murid pada jenjang tertentu terhadap penduduk usia sekolah jenjang itu "
        "menurut Dapodik.",
        [
            V(
                "Angka partisipasi kasar",
                "decimal",
                "persen",
                "Perbandingan murid suatu jenjang dengan penduduk usia jenjang tersebut.",
                "apk",
            )
        ],
        "jenjang kec jk",
    ),
    I(
        "Angka Partisipasi Murni",
        "persen",
        "pendidikan",
        "tahunan",
        ADM,
        "pendidikan, partisipasi murni, apm",
        "Rasio murid usia sekolah yang tepat jenjang terhadap penduduk usia jenjang itu.",
        [
            V(
                "Angka partisipasi murni",
                "decimal",
                "persen",
                "Perbandingan murid usia tepat jenjang dengan penduduk usia jenjang tersebut.",
                "apm",
            )
        ],
        "jenjang kec jk",
    ),
    I(
        "Jumlah Sekolah, Guru dan Murid",
        "unit/orang",
        "pendidikan",
        "semesteran",
        ADM,
        "sekolah, guru, murid, pendidikan dasar",
        "Ditarik dari Data Pokok Pendidikan (Dapodik) per semester ganjil.",
        [
            V(
                "Jumlah sekolah",
                "integer",
                "unit",
                "Satuan pendidikan yang terdaftar aktif.",
                "sekolah",
            ),
            V(
                "Jumlah guru",
                "integer",
                "orang",
                "Pendidik yang mengajar di satuan pendidikan.",
                "guru",
            ),
            V("Jumlah murid", "integer", "orang", "Peserta didik terdaftar.", "murid"),
        ],
        "kec jenjang status desa",
    ),
    I(
        "Rasio Murid terhadap Guru",
        "rasio",
        "pendidikan",
        "tahunan",
        ADM,
        "rasio guru, murid, kualitas pendidikan",
        "Dihitung dari jumlah murid dibagi jumlah guru per jenjang menurut Dapodik.",
        [
            V(
                "Rasio murid guru",
                "decimal",
                "rasio",
                "Rata-rata banyaknya murid yang dilayani seorang guru.",
                "rmg",
            )
        ],
        "kec jenjang",
    ),
    I(
        "Angka Putus Sekolah",
        "persen",
        "pendidikan kemiskinan",
        "tahunan",
        ADM,
        "putus sekolah, pendidikan, anak",
        "Persentase murid yang keluar sebelum lulus terhadap murid awal tahun ajaran.",
        [
            V(
                "Jumlah murid putus sekolah",
                "integer",
                "orang",
                "Murid yang berhenti sekolah sebelum menamatkan jenjangnya.",
                "putus_sekolah",
            )
        ],
        "kec jenjang jk",
    ),
    I(
        "Jumlah Cagar Budaya",
        "objek",
        "budaya",
        "tahunan",
        ADM,
        "cagar budaya, kebudayaan, sejarah",
        "Hasil inventarisasi dan penetapan tim ahli cagar budaya kabupaten.",
        [
            V(
                "Jumlah cagar budaya",
                "integer",
                "objek",
                "Benda, bangunan, struktur atau situs yang ditetapkan sebagai cagar budaya.",
                "cb",
            )
        ],
        "kec",
    ),
]

INDICATORS["bappeda"] = [
    I(
        "Persentase Penduduk Miskin",
        "persen",
        "kemiskinan",
        "tahunan",
        SRV,
        "kemiskinan, penduduk miskin, kesejahteraan",
        "Mengutip hasil Susenas BPS dengan pendekatan kebutuhan dasar sebagai bahan evaluasi "
        "RPJMD.",
        [
            V(
                "Persentase penduduk miskin",
                "decimal",
                "persen",
                "Penduduk dengan pengeluaran per kapita di bawah garis kemiskinan.",
                "p0",
            )
        ],
        "kab",
    ),
    I(
        "Capaian Indikator Kinerja Utama Daerah",
        "persen",
        "pemerintahan",
        "tahunan",
        ADM,
        "kinerja, rpjmd, perencanaan",
        "Kompilasi realisasi terhadap target indikator kinerja utama dalam RPJMD.",
        [
            V("Target", "decimal", "", "Nilai target indikator pada tahun berjalan.", "target"),
            V(
                "Realisasi",
                "decimal",
                "",
                "Nilai capaian indikator pada tahun berjalan.",
                "realisasi",
            ),
        ],
        "kab opd",
    ),
    I(
        "Jumlah Usulan Musrenbang",
        "usulan",
        "pemerintahan wilayah",
        "tahunan",
        TI,
        "musrenbang, perencanaan, usulan warga",
        "Direkam melalui aplikasi e-Musrenbang dari tingkat desa hingga kabupaten.",
        [
            V(
                "Jumlah usulan",
                "integer",
                "usulan",
                "Usulan kegiatan pembangunan yang diajukan dalam musrenbang.",
                "usulan",
            )
        ],
        "kec desa",
    ),
    I(
        "Indeks Gini",
        "indeks",
        "kemiskinan konsumsi-pendapatan",
        "tahunan",
        SRV,
        "ketimpangan, gini, pendapatan",
        "Mengutip penghitungan BPS dari data pengeluaran Susenas.",
        [
            V(
                "Indeks Gini",
                "decimal",
                "indeks",
                "Ukuran ketimpangan pengeluaran penduduk antara 0 dan 1.",
                "gini",
            )
        ],
        "kab",
    ),
    I(
        "Laju Pertumbuhan Ekonomi",
        "persen",
        "neraca-nasional",
        "tahunan",
        ADM,
        "pertumbuhan ekonomi, pdrb, perekonomian",
        "Dihitung dari perubahan PDRB atas dasar harga konstan 2010 antartahun.",
        [
            V(
                "Laju pertumbuhan ekonomi",
                "decimal",
                "persen",
                "Perubahan PDRB harga konstan dibanding tahun sebelumnya.",
                "lpe",
            )
        ],
        "kab lu",
    ),
    I(
        "Luas Wilayah dan Jumlah Desa",
        "km²/desa",
        "wilayah",
        "lima-tahunan",
        ADM,
        "wilayah, luas, desa, geografi",
        "Mengacu pada Kepmendagri tentang kode dan data wilayah administrasi pemerintahan.",
        [
            V("Luas wilayah", "decimal", "km²", "Luas daratan wilayah administrasi.", "luas"),
            V(
                "Jumlah desa/kelurahan",
                "integer",
                "desa",
                "Banyaknya desa dan kelurahan definitif.",
                "jml_desa",
            ),
        ],
        "kec",
    ),
]

INDICATORS["dinas-kependudukan-dan-pencatatan-sipil"] = [
    I(
        "Jumlah Penduduk",
        "jiwa",
        "kependudukan",
        "semesteran",
        ADM,
        "penduduk, kependudukan, demografi",
        "Diolah dari database Sistem Informasi Administrasi Kependudukan (SIAK) per semester.",
        [
            V(
                "Jumlah penduduk",
                "integer",
                "jiwa",
                "Penduduk yang terdaftar dalam database kependudukan.",
                "penduduk",
            )
        ],
        "kec kecjk desa umurjk agama",
    ),
    I(
        "Jumlah Kepemilikan KTP Elektronik",
        "jiwa",
        "kependudukan",
        "semesteran",
        ADM,
        "ktp elektronik, ktp-el, penduduk, administrasi kependudukan",
        "Diolah dari SIAK atas penduduk wajib KTP yang telah merekam dan mencetak KTP-el.",
        [
            V(
                "Penduduk wajib KTP",
                "integer",
                "jiwa",
                "Penduduk berumur 17 tahun atau lebih, atau sudah/pernah kawin.",
                "wajib_ktp",
            ),
            V(
                "Penduduk memiliki KTP-el",
                "integer",
                "jiwa",
                "Penduduk wajib KTP yang sudah memiliki KTP elektronik.",
                "ktp_el",
            ),
        ],
        "kec kecjk desa",
    ),
    I(
        "Jumlah Kepala Keluarga",
        "KK",
        "kependudukan",
        "semesteran",
        ADM,
        "kartu keluarga, penduduk, rumah tangga",
        "Diolah dari SIAK berdasarkan kartu keluarga yang aktif.",
        [
            V(
                "Jumlah kepala keluarga",
                "integer",
                "KK",
                "Banyaknya kartu keluarga yang terdaftar.",
                "kk",
            )
        ],
        "kec desa jk",
    ),
    I(
        "Jumlah Kepemilikan Akta Kelahiran Anak",
        "jiwa",
        "kependudukan gender",
        "tahunan",
        ADM,
        "akta kelahiran, anak, pencatatan sipil",
        "Diolah dari SIAK atas penduduk berumur 0-18 tahun yang telah memiliki akta kelahiran.",
        [
            V(
                "Anak memiliki akta kelahiran",
                "integer",
                "jiwa",
                "Penduduk 0-18 tahun yang tercatat memiliki akta kelahiran.",
                "akta_lahir",
            )
        ],
        "kec kecjk desa",
    ),
    I(
        "Jumlah Kelahiran dan Kematian Penduduk",
        "jiwa",
        "kependudukan",
        "bulanan",
        ADM,
        "kelahiran, kematian, penduduk, pencatatan sipil",
        "Direkap dari pencatatan peristiwa penting kelahiran dan kematian.",
        [
            V("Jumlah kelahiran", "integer", "jiwa", "Peristiwa kelahiran yang dicatat.", "lahir"),
            V("Jumlah kematian", "integer", "jiwa", "Peristiwa kematian yang dicatat.", "mati"),
        ],
        "kec bulan jk",
    ),
    I(
        "Jumlah Penduduk Pindah dan Datang",
        "jiwa",
        "kependudukan",
        "bulanan",
        ADM,
        "migrasi, pindah datang, penduduk",
        "Direkap dari surat keterangan pindah dan kedatangan penduduk dalam SIAK.",
        [
            V("Penduduk pindah", "integer", "jiwa", "Penduduk yang pindah keluar.", "pindah"),
            V("Penduduk datang", "integer", "jiwa", "Penduduk yang datang masuk.", "datang"),
        ],
        "kec bulan desa",
    ),
    I(
        "Jumlah Penduduk Menurut Status Perkawinan",
        "jiwa",
        "kependudukan",
        "tahunan",
        ADM,
        "status perkawinan, penduduk, demografi",
        "Diolah dari elemen status kawin pada database SIAK.",
        [
            V(
                "Status perkawinan",
                "category",
                "",
                "Belum kawin, kawin, cerai hidup atau cerai mati.",
                "status_kawin",
            )
        ],
        "kec kecjk desa",
    ),
]

INDICATORS["dinas-komunikasi-dan-informatika"] = [
    I(
        "Jumlah Dataset Sektoral yang Dipublikasikan",
        "dataset",
        "komunikasi pemerintahan",
        "triwulanan",
        TI,
        "satu data, dataset, keterbukaan informasi",
        "Direkam dari portal Satu Data Kabupaten Tangerang setelah pemeriksaan oleh walidata.",
        [
            V(
                "Jumlah dataset",
                "integer",
                "dataset",
                "Dataset yang lolos pemeriksaan dan dipublikasikan.",
                "dataset",
            )
        ],
        "opd tw",
    ),
    I(
        "Jumlah Titik Akses Internet Publik",
        "titik",
        "komunikasi",
        "tahunan",
        ADM,
        "internet, wifi publik, telekomunikasi",
        "Inventarisasi titik wifi publik milik pemerintah daerah yang aktif.",
        [
            V(
                "Jumlah titik akses",
                "integer",
                "titik",
                "Titik layanan internet gratis yang aktif.",
                "titik_wifi",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Menara Telekomunikasi",
        "menara",
        "komunikasi wilayah",
        "tahunan",
        ADM,
        "menara, bts, telekomunikasi",
        "Kompilasi data perizinan dan pendataan lapangan menara telekomunikasi.",
        [
            V(
                "Jumlah menara",
                "integer",
                "menara",
                "Menara base transceiver station yang berdiri.",
                "menara",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Permohonan Informasi Publik",
        "permohonan",
        "komunikasi pemerintahan",
        "tahunan",
        ADM,
        "ppid, keterbukaan informasi, informasi publik",
        "Direkap dari register permohonan PPID utama dan PPID pelaksana.",
        [
            V(
                "Jumlah permohonan",
                "integer",
                "permohonan",
                "Permohonan informasi publik yang diterima.",
                "permohonan",
            ),
            V(
                "Jumlah permohonan dipenuhi",
                "integer",
                "permohonan",
                "Permohonan yang dijawab dalam batas waktu.",
                "dipenuhi",
            ),
        ],
        "opd bulan",
    ),
    I(
        "Jumlah Aduan Masyarakat melalui SP4N-LAPOR",
        "aduan",
        "komunikasi pemerintahan",
        "bulanan",
        TI,
        "pengaduan, lapor, pelayanan publik",
        "Ditarik dari dasbor SP4N-LAPOR dan kanal aduan pemerintah daerah.",
        [V("Jumlah aduan", "integer", "aduan", "Aduan yang masuk dan diverifikasi.", "aduan")],
        "opd bulan kec",
    ),
    I(
        "Indeks Sistem Pemerintahan Berbasis Elektronik",
        "indeks",
        "komunikasi pemerintahan",
        "tahunan",
        ADM,
        "spbe, pemerintahan digital, e-government",
        "Mengutip hasil evaluasi SPBE Kementerian PANRB.",
        [
            V(
                "Indeks SPBE",
                "decimal",
                "indeks",
                "Nilai kematangan penerapan SPBE pada skala 1 sampai 5.",
                "spbe",
            )
        ],
        "kab",
    ),
]

INDICATORS["dinas-pertanian"] = [
    I(
        "Luas Panen dan Produksi Padi",
        "hektare/ton",
        "pertanian",
        "tahunan",
        SRV,
        "padi, tanaman pangan, produksi, pertanian",
        "Diperoleh dari Survei Kerangka Sampel Area (KSA) dan laporan statistik pertanian "
        "penyuluh kecamatan.",
        [
            V("Luas panen", "decimal", "hektare", "Luas tanaman padi yang dipanen.", "luas_panen"),
            V(
                "Produksi",
                "decimal",
                "ton GKG",
                "Hasil panen padi gabah kering giling.",
                "produksi",
            ),
            V(
                "Produktivitas",
                "decimal",
                "kuintal/hektare",
                "Produksi dibagi luas panen.",
                "produktivitas",
            ),
        ],
        "kec bulan",
    ),
    I(
        "Luas Lahan Sawah",
        "hektare",
        "pertanian lingkungan-hidup",
        "tahunan",
        ADM,
        "lahan sawah, irigasi, pertanian",
        "Kompilasi data lahan baku sawah dan laporan penggunaan lahan penyuluh pertanian.",
        [
            V(
                "Luas lahan sawah",
                "decimal",
                "hektare",
                "Lahan pertanian yang berpetak dan dibatasi pematang.",
                "sawah",
            ),
            V(
                "Jenis irigasi",
                "category",
                "",
                "Irigasi teknis, setengah teknis, tadah hujan.",
                "irigasi",
            ),
        ],
        "kec desa",
    ),
    I(
        "Produksi Sayuran dan Buah-Buahan",
        "kuintal",
        "pertanian",
        "tahunan",
        ADM,
        "hortikultura, sayuran, buah, produksi",
        "Direkap dari laporan Statistik Pertanian Hortikultura (SPH) kecamatan.",
        [V("Produksi", "decimal", "kuintal", "Hasil panen komoditas hortikultura.", "produksi")],
        "komoditas kec",
    ),
    I(
        "Populasi Ternak",
        "ekor",
        "pertanian",
        "tahunan",
        ADM,
        "ternak, peternakan, sapi, kambing, unggas",
        "Direkap dari laporan petugas peternakan kecamatan.",
        [V("Populasi ternak", "integer", "ekor", "Banyaknya ternak yang dipelihara.", "populasi")],
        "ternak kec",
    ),
    I(
        "Jumlah Kelompok Tani",
        "kelompok",
        "pertanian usaha",
        "tahunan",
        ADM,
        "kelompok tani, petani, penyuluhan",
        "Direkap dari Sistem Informasi Manajemen Penyuluhan Pertanian (Simluhtan).",
        [
            V(
                "Jumlah kelompok tani",
                "integer",
                "kelompok",
                "Kelompok petani yang terdaftar di Simluhtan.",
                "poktan",
            ),
            V("Jumlah anggota", "integer", "orang", "Petani anggota kelompok tani.", "anggota"),
        ],
        "kec desa",
    ),
    I(
        "Jumlah Alat dan Mesin Pertanian",
        "unit",
        "pertanian",
        "tahunan",
        ADM,
        "alsintan, traktor, mekanisasi",
        "Inventarisasi bantuan dan kepemilikan alat mesin pertanian kelompok tani.",
        [
            V(
                "Jumlah alsintan",
                "integer",
                "unit",
                "Alat dan mesin pertanian yang berfungsi.",
                "alsintan",
            )
        ],
        "kec",
    ),
]

INDICATORS["dinas-sosial"] = [
    I(
        "Jumlah Penerima Bantuan Pangan Non Tunai",
        "KPM",
        "perlindungan-sosial kemiskinan",
        "triwulanan",
        ADM,
        "bpnt, bantuan sosial, kemiskinan, sembako",
        "Direkap dari Sistem Informasi Kesejahteraan Sosial Next Generation (SIKS-NG) per "
        "periode penyaluran.",
        [
            V(
                "Jumlah keluarga penerima manfaat",
                "integer",
                "KPM",
                "Keluarga miskin yang menerima bantuan pangan non tunai.",
                "kpm_bpnt",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Keluarga Penerima Manfaat Program Keluarga Harapan",
        "KPM",
        "perlindungan-sosial kemiskinan",
        "triwulanan",
        ADM,
        "pkh, bantuan sosial, miskin",
        "Direkap dari data penyaluran Program Keluarga Harapan Kementerian Sosial.",
        [
            V(
                "Jumlah KPM PKH",
                "integer",
                "KPM",
                "Keluarga miskin penerima bantuan bersyarat PKH.",
                "kpm_pkh",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Penyandang Masalah Kesejahteraan Sosial (PMKS)",
        "jiwa",
        "perlindungan-sosial kemiskinan",
        "tahunan",
        ADM,
        "pmks, kesejahteraan sosial, disabilitas",
        "Pendataan pekerja sosial masyarakat dan TKSK yang diverifikasi dinas.",
        [
            V(
                "Jumlah PMKS",
                "integer",
                "jiwa",
                "Orang atau keluarga yang mengalami hambatan menjalankan fungsi sosial.",
                "pmks",
            ),
            V("Jenis PMKS", "category", "", "Kategori PMKS menurut Permensos.", "jenis_pmks"),
        ],
        "kec jk",
    ),
    I(
        "Jumlah Penduduk Miskin dalam DTKS",
        "jiwa",
        "kemiskinan perlindungan-sosial",
        "semesteran",
        ADM,
        "dtks, kemiskinan, penduduk miskin, data terpadu",
        "Diolah dari Data Terpadu Kesejahteraan Sosial hasil verifikasi dan validasi desa.",
        [
            V(
                "Jumlah individu DTKS",
                "integer",
                "jiwa",
                "Penduduk yang tercatat dalam DTKS.",
                "individu_dtks",
            ),
            V(
                "Jumlah rumah tangga DTKS",
                "integer",
                "rumah tangga",
                "Rumah tangga yang tercatat dalam DTKS.",
                "ruta_dtks",
            ),
        ],
        "kec kecjk desa",
    ),
    I(
        "Jumlah Penyandang Disabilitas",
        "jiwa",
        "perlindungan-sosial gender",
        "tahunan",
        ADM,
        "disabilitas, difabel, kesejahteraan sosial",
        "Pendataan penyandang disabilitas oleh pendamping sosial kecamatan.",
        [
            V(
                "Jumlah penyandang disabilitas",
                "integer",
                "jiwa",
                "Penduduk dengan keterbatasan fisik, intelektual, mental atau sensorik.",
                "disabilitas",
            )
        ],
        "kec kecjk umur",
    ),
    I(
        "Jumlah Penerima Bantuan Iuran Jaminan Kesehatan Daerah",
        "jiwa",
        "perlindungan-sosial kesehatan kemiskinan",
        "bulanan",
        ADM,
        "pbi, jaminan kesehatan, bpjs, warga miskin",
        "Direkap dari data kepesertaan PBI APBD yang dibayarkan pemerintah daerah.",
        [
            V(
                "Jumlah peserta PBI",
                "integer",
                "jiwa",
                "Warga miskin yang iurannya dibayar pemerintah daerah.",
                "pbi",
            )
        ],
        "kec bulan",
    ),
]

INDICATORS["dinas-ketenagakerjaan"] = [
    I(
        "Tingkat Pengangguran Terbuka",
        "persen",
        "tenaga-kerja",
        "tahunan",
        SRV,
        "pengangguran, tenaga kerja, ketenagakerjaan",
        "Mengutip hasil Survei Angkatan Kerja Nasional (Sakernas) BPS bulan Agustus.",
        [
            V(
                "Tingkat pengangguran terbuka",
                "decimal",
                "persen",
                "Persentase pengangguran terhadap angkatan kerja.",
                "tpt",
            )
        ],
        "kab jk pendidikan",
    ),
    I(
        "Upah Minimum Kabupaten",
        "rupiah",
        "tenaga-kerja konsumsi-pendapatan",
        "tahunan",
        ADM,
        "umk, upah, pekerja, buruh",
        "Ditetapkan Gubernur Banten atas rekomendasi Dewan Pengupahan Kabupaten.",
        [
            V(
                "Upah minimum kabupaten",
                "integer",
                "rupiah per bulan",
                "Upah bulanan terendah yang berlaku di kabupaten.",
                "umk",
            )
        ],
        "kab",
    ),
    I(
        "Jumlah Pencari Kerja Terdaftar",
        "orang",
        "tenaga-kerja",
        "bulanan",
        ADM,
        "pencari kerja, ak1, lowongan",
        "Direkap dari pendaftaran kartu AK/1 dan bursa kerja daring.",
        [
            V(
                "Jumlah pencari kerja",
                "integer",
                "orang",
                "Penduduk yang mendaftar mencari pekerjaan.",
                "pencaker",
            )
        ],
        "pendidikan jk bulan kec",
    ),
    I(
        "Jumlah Perusahaan dan Tenaga Kerja",
        "unit/orang",
        "tenaga-kerja usaha industri",
        "tahunan",
        ADM,
        "perusahaan, pekerja, wajib lapor",
        "Direkap dari Wajib Lapor Ketenagakerjaan di Perusahaan (WLKP) daring.",
        [
            V(
                "Jumlah perusahaan",
                "integer",
                "unit",
                "Perusahaan yang melapor WLKP.",
                "perusahaan",
            ),
            V(
                "Jumlah tenaga kerja",
                "integer",
                "orang",
                "Pekerja pada perusahaan pelapor.",
                "tenaga_kerja",
            ),
        ],
        "kec lu skala",
    ),
    I(
        "Jumlah Peserta Pelatihan Kerja",
        "orang",
        "tenaga-kerja pendidikan",
        "tahunan",
        ADM,
        "pelatihan kerja, blk, kompetensi",
        "Direkap dari daftar peserta pelatihan Balai Latihan Kerja dan pelatihan berbasis "
        "kompetensi.",
        [
            V(
                "Jumlah peserta pelatihan",
                "integer",
                "orang",
                "Peserta yang menyelesaikan pelatihan kerja.",
                "peserta",
            )
        ],
        "kecjk jk umur",
    ),
    I(
        "Jumlah Kasus Perselisihan Hubungan Industrial",
        "kasus",
        "tenaga-kerja hukum-kriminal",
        "tahunan",
        ADM,
        "hubungan industrial, perselisihan, phk",
        "Direkap dari register mediasi perselisihan hubungan industrial.",
        [
            V(
                "Jumlah kasus",
                "integer",
                "kasus",
                "Perselisihan yang dicatatkan untuk mediasi.",
                "kasus_phi",
            )
        ],
        "lu bulan",
    ),
]

INDICATORS["badan-penanggulangan-bencana-daerah"] = [
    I(
        "Jumlah Kejadian Bencana",
        "kejadian",
        "bencana",
        "bulanan",
        ADM,
        "bencana, banjir, puting beliung, kebencanaan",
        "Direkap dari laporan kaji cepat Pusdalops BPBD.",
        [
            V(
                "Jumlah kejadian",
                "integer",
                "kejadian",
                "Peristiwa bencana yang dilaporkan.",
                "kejadian",
            ),
            V(
                "Jenis bencana",
                "category",
                "",
                "Banjir, angin, longsor, kebakaran lahan, dll.",
                "jenis",
            ),
        ],
        "kec bencana bulan desa",
    ),
    I(
        "Jumlah Korban dan Pengungsi Akibat Bencana",
        "jiwa",
        "bencana",
        "bulanan",
        ADM,
        "korban bencana, pengungsi, kebencanaan",
        "Direkap dari laporan kaji cepat dan posko tanggap darurat.",
        [
            V(
                "Jumlah korban",
                "integer",
                "jiwa",
                "Penduduk meninggal, hilang atau luka.",
                "korban",
            ),
            V("Jumlah pengungsi", "integer", "jiwa", "Penduduk yang mengungsi.", "pengungsi"),
        ],
        "kec bencana",
    ),
    I(
        "Jumlah Rumah Rusak Akibat Bencana",
        "unit",
        "bencana perumahan",
        "tahunan",
        ADM,
        "rumah rusak, bencana, perumahan",
        "Hasil verifikasi kerusakan rumah oleh tim kaji cepat BPBD.",
        [
            V(
                "Jumlah rumah rusak",
                "integer",
                "unit",
                "Rumah rusak ringan, sedang atau berat akibat bencana.",
                "rumah_rusak",
            )
        ],
        "kec desa bencana",
    ),
    I(
        "Jumlah Desa Tangguh Bencana",
        "desa",
        "bencana wilayah",
        "tahunan",
        ADM,
        "destana, kesiapsiagaan, desa",
        "Direkap dari penetapan desa tangguh bencana.",
        [
            V(
                "Jumlah desa tangguh",
                "integer",
                "desa",
                "Desa yang dibina menjadi destana.",
                "destana",
            )
        ],
        "kec",
    ),
    I(
        "Luas Genangan Banjir",
        "hektare",
        "bencana lingkungan-hidup",
        "tahunan",
        TI,
        "banjir, genangan, kebencanaan",
        "Dipetakan dari laporan lapangan dan citra satelit pada kejadian banjir.",
        [V("Luas genangan", "decimal", "hektare", "Luas area yang tergenang banjir.", "genangan")],
        "kec desa",
    ),
    I(
        "Indeks Risiko Bencana",
        "indeks",
        "bencana",
        "tahunan",
        ADM,
        "risiko bencana, irbi, kebencanaan",
        "Mengutip Indeks Risiko Bencana Indonesia yang diterbitkan BNPB.",
        [
            V(
                "Indeks risiko bencana",
                "decimal",
                "indeks",
                "Skor risiko bencana gabungan seluruh ancaman.",
                "irbi",
            )
        ],
        "kab",
    ),
]
