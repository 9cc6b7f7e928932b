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
        "Jumlah Penduduk Kawin, Belum Kawin dan Cerai",
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

INDICATORS["dinas-perhubungan"] = [
    I(
        "Jumlah Kendaraan Bermotor Wajib Uji",
        "unit",
        "transportasi",
        "tahunan",
        ADM,
        "kendaraan, uji kir, transportasi",
        "Direkap dari sistem informasi pengujian kendaraan bermotor.",
        [
            V(
                "Jumlah kendaraan wajib uji",
                "integer",
                "unit",
                "Kendaraan angkutan yang wajib diuji berkala.",
                "wajib_uji",
            ),
            V(
                "Jumlah kendaraan lulus uji",
                "integer",
                "unit",
                "Kendaraan yang dinyatakan lulus.",
                "lulus_uji",
            ),
        ],
        "kendaraan bulan",
    ),
    I(
        "Jumlah Kecelakaan Lalu Lintas",
        "kejadian",
        "transportasi hukum-kriminal",
        "bulanan",
        ADM,
        "kecelakaan, lalu lintas, keselamatan jalan",
        "Kompilasi laporan Satlantas Polresta dan Polres yang wilayahnya mencakup kabupaten.",
        [
            V(
                "Jumlah kecelakaan",
                "integer",
                "kejadian",
                "Kecelakaan lalu lintas yang tercatat.",
                "laka",
            ),
            V("Korban meninggal", "integer", "jiwa", "Korban meninggal dunia.", "meninggal"),
        ],
        "kec bulan",
    ),
    I(
        "Jumlah Trayek Angkutan Umum",
        "trayek",
        "transportasi",
        "tahunan",
        ADM,
        "angkutan umum, trayek, angkot",
        "Direkap dari izin trayek angkutan perkotaan dan perdesaan.",
        [V("Jumlah trayek", "integer", "trayek", "Trayek angkutan umum yang berizin.", "trayek")],
        "kab kendaraan",
    ),
    I(
        "Jumlah Perlengkapan Jalan Terpasang",
        "unit",
        "transportasi konstruksi",
        "tahunan",
        ADM,
        "rambu, apill, penerangan jalan",
        "Inventarisasi rambu, APILL dan penerangan jalan umum oleh bidang lalu lintas.",
        [
            V(
                "Jumlah perlengkapan jalan",
                "integer",
                "unit",
                "Rambu, marka, APILL dan PJU yang terpasang.",
                "perlengkapan",
            )
        ],
        "kec",
    ),
    I(
        "Pendapatan Retribusi Parkir",
        "rupiah",
        "transportasi keuangan",
        "bulanan",
        ADM,
        "parkir, retribusi, pendapatan",
        "Direkap dari setoran retribusi parkir tepi jalan umum.",
        [
            V(
                "Realisasi retribusi parkir",
                "integer",
                "rupiah",
                "Penerimaan retribusi parkir tepi jalan umum.",
                "retribusi",
            )
        ],
        "bulan kec",
    ),
]

INDICATORS["dinas-pekerjaan-umum-dan-penataan-ruang"] = [
    I(
        "Panjang Jalan Kabupaten",
        "km",
        "konstruksi transportasi",
        "tahunan",
        ADM,
        "jalan, infrastruktur, kondisi jalan",
        "Hasil survei kondisi jalan (road condition survey) ruas jalan kabupaten.",
        [
            V(
                "Panjang jalan",
                "decimal",
                "km",
                "Panjang ruas jalan berstatus jalan kabupaten.",
                "panjang",
            ),
            V(
                "Kondisi jalan",
                "category",
                "",
                "Baik, sedang, rusak ringan, rusak berat.",
                "kondisi",
            ),
        ],
        "kec kondisi",
    ),
    I(
        "Jumlah Jembatan",
        "unit",
        "konstruksi transportasi",
        "tahunan",
        ADM,
        "jembatan, infrastruktur",
        "Inventarisasi jembatan pada ruas jalan kabupaten.",
        [V("Jumlah jembatan", "integer", "unit", "Jembatan pada jalan kabupaten.", "jembatan")],
        "kec kondisi",
    ),
    I(
        "Luas Daerah Irigasi",
        "hektare",
        "pertanian konstruksi",
        "tahunan",
        ADM,
        "irigasi, sumber daya air, sawah",
        "Inventarisasi daerah irigasi kewenangan kabupaten.",
        [
            V(
                "Luas daerah irigasi",
                "decimal",
                "hektare",
                "Luas lahan yang dilayani jaringan irigasi.",
                "irigasi",
            )
        ],
        "kec kondisi",
    ),
    I(
        "Jumlah Persetujuan Bangunan Gedung",
        "izin",
        "konstruksi perumahan",
        "bulanan",
        TI,
        "pbg, bangunan, tata ruang",
        "Direkap dari SIMBG atas permohonan yang disetujui.",
        [
            V(
                "Jumlah PBG terbit",
                "integer",
                "izin",
                "Persetujuan bangunan gedung yang diterbitkan.",
                "pbg",
            )
        ],
        "kec bulan",
    ),
    I(
        "Panjang Saluran Drainase",
        "km",
        "konstruksi lingkungan-hidup",
        "tahunan",
        ADM,
        "drainase, saluran, banjir",
        "Inventarisasi saluran drainase kewenangan kabupaten.",
        [V("Panjang drainase", "decimal", "km", "Panjang saluran drainase.", "drainase")],
        "kec kondisi",
    ),
]

INDICATORS["dinas-perumahan-permukiman-dan-pemakaman"] = [
    I(
        "Jumlah Rumah Tidak Layak Huni",
        "unit",
        "perumahan kemiskinan",
        "tahunan",
        ADM,
        "rutilahu, rumah tidak layak huni, perumahan, kemiskinan",
        "Pendataan rumah tidak layak huni oleh fasilitator desa yang diverifikasi dinas.",
        [
            V(
                "Jumlah RTLH",
                "integer",
                "unit",
                "Rumah yang tidak memenuhi syarat keselamatan, luas dan kesehatan.",
                "rtlh",
            ),
            V(
                "Jumlah RTLH diperbaiki",
                "integer",
                "unit",
                "RTLH yang ditangani melalui bedah rumah.",
                "rtlh_tangani",
            ),
        ],
        "kec desa",
    ),
    I(
        "Luas Kawasan Permukiman Kumuh",
        "hektare",
        "perumahan lingkungan-hidup",
        "tahunan",
        ADM,
        "kumuh, permukiman, perumahan",
        "Ditetapkan dengan keputusan bupati berdasarkan verifikasi tujuh indikator kumuh.",
        [
            V(
                "Luas kawasan kumuh",
                "decimal",
                "hektare",
                "Luas kawasan permukiman kumuh yang ditetapkan.",
                "kumuh",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Perumahan dan Penyerahan PSU",
        "lokasi",
        "perumahan",
        "tahunan",
        ADM,
        "perumahan, psu, pengembang, rumah",
        "Direkap dari berita acara serah terima prasarana, sarana dan utilitas pengembang.",
        [
            V(
                "Jumlah perumahan",
                "integer",
                "lokasi",
                "Perumahan yang dibangun pengembang.",
                "perumahan",
            ),
            V(
                "Sudah serah terima PSU",
                "integer",
                "lokasi",
                "Perumahan yang PSU-nya telah diserahkan.",
                "psu",
            ),
        ],
        "kec",
    ),
    I(
        "Persentase Rumah Tangga dengan Akses Sanitasi Layak",
        "persen",
        "perumahan kesehatan lingkungan-hidup",
        "tahunan",
        SRV,
        "sanitasi, rumah tangga, jamban, perumahan",
        "Mengutip hasil Susenas dan pemutakhiran data sanitasi desa.",
        [
            V(
                "Akses sanitasi layak",
                "decimal",
                "persen",
                "Rumah tangga dengan fasilitas buang air besar layak.",
                "sanitasi",
            )
        ],
        "kab kec",
    ),
    I(
        "Jumlah dan Luas Tempat Pemakaman Umum",
        "lokasi/hektare",
        "perumahan",
        "tahunan",
        ADM,
        "pemakaman, tpu, makam",
        "Inventarisasi tempat pemakaman umum milik pemerintah daerah.",
        [
            V("Jumlah TPU", "integer", "lokasi", "Tempat pemakaman umum.", "tpu"),
            V("Luas TPU", "decimal", "hektare", "Luas lahan pemakaman.", "luas_tpu"),
        ],
        "kec",
    ),
]

INDICATORS["dinas-lingkungan-hidup-dan-kebersihan"] = [
    I(
        "Timbulan Sampah Harian",
        "ton/hari",
        "lingkungan-hidup",
        "tahunan",
        ADM,
        "sampah, kebersihan, lingkungan",
        "Diestimasi dari jumlah penduduk dan timbangan sampah masuk TPA Jatiwaringin.",
        [
            V(
                "Timbulan sampah",
                "decimal",
                "ton/hari",
                "Sampah yang dihasilkan per hari.",
                "timbulan",
            ),
            V(
                "Sampah terangkut",
                "decimal",
                "ton/hari",
                "Sampah yang diangkut ke TPA.",
                "terangkut",
            ),
        ],
        "kec sampah",
    ),
    I(
        "Jumlah Bank Sampah",
        "unit",
        "lingkungan-hidup",
        "tahunan",
        ADM,
        "bank sampah, daur ulang, kebersihan",
        "Direkap dari pembinaan bank sampah unit dan induk.",
        [V("Jumlah bank sampah", "integer", "unit", "Bank sampah yang aktif.", "bank_sampah")],
        "kec desa",
    ),
    I(
        "Indeks Kualitas Lingkungan Hidup",
        "indeks",
        "lingkungan-hidup",
        "tahunan",
        ADM,
        "kualitas lingkungan, iklh, udara, air",
        "Dihitung dari indeks kualitas air, udara, lahan dan air laut sesuai pedoman KLHK.",
        [V("IKLH", "decimal", "indeks", "Indeks gabungan kualitas lingkungan hidup.", "iklh")],
        "kab",
    ),
    I(
        "Kualitas Air Sungai",
        "mg/L",
        "lingkungan-hidup",
        "semesteran",
        SRV,
        "kualitas air, sungai, pencemaran",
        "Hasil pemantauan sampel air sungai di titik pantau yang diuji laboratorium.",
        [
            V("Kadar BOD", "decimal", "mg/L", "Kebutuhan oksigen biologis sampel air.", "bod"),
            V("Kadar COD", "decimal", "mg/L", "Kebutuhan oksigen kimiawi sampel air.", "cod"),
        ],
        "kec bulan",
    ),
    I(
        "Luas Ruang Terbuka Hijau",
        "hektare",
        "lingkungan-hidup wilayah",
        "tahunan",
        ADM,
        "ruang terbuka hijau, rth, taman",
        "Inventarisasi taman dan jalur hijau publik.",
        [V("Luas RTH", "decimal", "hektare", "Luas ruang terbuka hijau publik.", "rth")],
        "kec",
    ),
]

INDICATORS["dinas-pemberdayaan-perempuan-dan-perlindungan-anak"] = [
    I(
        "Jumlah Kasus Kekerasan terhadap Perempuan dan Anak",
        "kasus",
        "gender hukum-kriminal",
        "bulanan",
        ADM,
        "kekerasan, perempuan, anak, perlindungan anak",
        "Direkap dari layanan UPTD PPA dan Simfoni PPA.",
        [
            V(
                "Jumlah kasus kekerasan",
                "integer",
                "kasus",
                "Kasus kekerasan yang dilaporkan dan ditangani.",
                "kasus",
            ),
            V(
                "Jenis kekerasan",
                "category",
                "",
                "Fisik, psikis, seksual, penelantaran, lainnya.",
                "jenis",
            ),
        ],
        "kec kekerasan umur bulan",
    ),
    I(
        "Indeks Pembangunan Gender",
        "indeks",
        "gender",
        "tahunan",
        SRV,
        "gender, ipg, kesetaraan",
        "Mengutip penghitungan BPS berdasarkan komponen IPM menurut jenis kelamin.",
        [V("IPG", "decimal", "indeks", "Rasio IPM perempuan terhadap IPM laki-laki.", "ipg")],
        "kab",
    ),
    I(
        "Indeks Pemberdayaan Gender",
        "indeks",
        "gender politik",
        "tahunan",
        SRV,
        "gender, idg, keterwakilan perempuan",
        "Mengutip penghitungan BPS dari keterwakilan perempuan di parlemen dan pekerjaan.",
        [
            V(
                "IDG",
                "decimal",
                "indeks",
                "Ukuran peran aktif perempuan dalam ekonomi dan politik.",
                "idg",
            )
        ],
        "kab",
    ),
    I(
        "Jumlah Perkawinan Usia Anak",
        "pasangan",
        "gender kependudukan",
        "tahunan",
        ADM,
        "perkawinan anak, dispensasi kawin, anak",
        "Kompilasi data dispensasi kawin Pengadilan Agama dan pencatatan KUA.",
        [
            V(
                "Jumlah perkawinan usia anak",
                "integer",
                "pasangan",
                "Perkawinan dengan salah satu mempelai di bawah 19 tahun.",
                "kawin_anak",
            )
        ],
        "kec",
    ),
    I(
        "Jumlah Desa/Kelurahan Layak Anak",
        "desa",
        "gender wilayah",
        "tahunan",
        ADM,
        "kabupaten layak anak, desa layak anak",
        "Hasil penilaian gugus tugas kabupaten layak anak.",
        [
            V(
                "Jumlah desa layak anak",
                "integer",
                "desa",
                "Desa yang memenuhi indikator KLA.",
                "dla",
            )
        ],
        "kec",
    ),
]

INDICATORS["dinas-pengendalian-penduduk-dan-keluarga-berencana"] = [
    I(
        "Jumlah Peserta KB Aktif",
        "akseptor",
        "kependudukan kesehatan",
        "bulanan",
        ADM,
        "keluarga berencana, kb, akseptor, kontrasepsi",
        "Direkap dari sistem pencatatan dan pelaporan BKKBN (New SIGA).",
        [
            V(
                "Jumlah peserta KB aktif",
                "integer",
                "akseptor",
                "Pasangan usia subur yang sedang memakai kontrasepsi.",
                "kb_aktif",
            ),
            V(
                "Metode kontrasepsi",
                "category",
                "",
                "IUD, implan, suntik, pil, kondom, MOW, MOP.",
                "metode",
            ),
        ],
        "kec desa bulan",
    ),
    I(
        "Angka Kelahiran Total",
        "anak per perempuan",
        "kependudukan",
        "lima-tahunan",
        SRV,
        "fertilitas, kelahiran, tfr, penduduk",
        "Mengutip hasil Sensus Penduduk dan Long Form SP BPS.",
        [
            V(
                "TFR",
                "decimal",
                "anak per perempuan",
                "Rata-rata anak yang dilahirkan perempuan selama masa reproduksi.",
                "tfr",
            )
        ],
        "kab",
    ),
    I(
        "Jumlah Pasangan Usia Subur",
        "pasangan",
        "kependudukan",
        "tahunan",
        ADM,
        "pasangan usia subur, pus, keluarga",
        "Hasil pemutakhiran Pendataan Keluarga BKKBN.",
        [
            V(
                "Jumlah PUS",
                "integer",
                "pasangan",
                "Pasangan suami istri dengan istri berumur 15-49 tahun.",
                "pus",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Keluarga Berisiko Stunting",
        "keluarga",
        "kependudukan kesehatan kemiskinan",
        "tahunan",
        SRV,
        "stunting, keluarga, pendataan keluarga",
        "Hasil Pendataan Keluarga dan verifikasi tim pendamping keluarga.",
        [
            V(
                "Jumlah keluarga berisiko stunting",
                "integer",
                "keluarga",
                "Keluarga dengan satu atau lebih faktor risiko stunting.",
                "krs",
            )
        ],
        "kec desa",
    ),
    I(
        "Jumlah Kampung Keluarga Berkualitas",
        "kampung",
        "kependudukan wilayah",
        "tahunan",
        ADM,
        "kampung kb, keluarga berkualitas",
        "Direkap dari pencanangan kampung KB di desa dan kelurahan.",
        [V("Jumlah kampung KB", "integer", "kampung", "Kampung KB yang aktif.", "kampung_kb")],
        "kec",
    ),
]

INDICATORS["dinas-koperasi-dan-ukm"] = [
    I(
        "Jumlah Koperasi Aktif",
        "unit",
        "usaha keuangan",
        "tahunan",
        ADM,
        "koperasi, usaha, ekonomi kerakyatan",
        "Direkap dari Online Data System (ODS) koperasi Kementerian Koperasi.",
        [
            V(
                "Jumlah koperasi",
                "integer",
                "unit",
                "Koperasi yang aktif melaksanakan RAT.",
                "koperasi",
            ),
            V("Jumlah anggota koperasi", "integer", "orang", "Anggota koperasi aktif.", "anggota"),
        ],
        "kec jenis",
    ),
    I(
        "Jumlah Usaha Mikro, Kecil dan Menengah",
        "unit",
        "usaha",
        "tahunan",
        ADM,
        "umkm, usaha mikro, ekonomi",
        "Pendataan UMKM binaan dan pendaftaran nomor induk berusaha usaha mikro.",
        [
            V(
                "Jumlah UMKM",
                "integer",
                "unit",
                "Usaha mikro, kecil dan menengah yang terdata.",
                "umkm",
            )
        ],
        "kec skala sektor desa",
    ),
    I(
        "Jumlah Tenaga Kerja Sektor UMKM",
        "orang",
        "usaha tenaga-kerja",
        "tahunan",
        ADM,
        "umkm, tenaga kerja, usaha",
        "Pendataan UMKM binaan dinas.",
        [
            V(
                "Jumlah tenaga kerja UMKM",
                "integer",
                "orang",
                "Pekerja yang bekerja pada UMKM.",
                "naker_umkm",
            )
        ],
        "kec skala sektor",
    ),
    I(
        "Volume Usaha Koperasi",
        "rupiah",
        "usaha keuangan",
        "tahunan",
        ADM,
        "koperasi, volume usaha, perekonomian",
        "Direkap dari laporan rapat anggota tahunan koperasi.",
        [
            V(
                "Volume usaha",
                "integer",
                "rupiah",
                "Nilai transaksi usaha koperasi setahun.",
                "volume",
            )
        ],
        "kab jenis",
    ),
]

INDICATORS["dinas-perindustrian-dan-perdagangan"] = [
    I(
        "Harga Rata-Rata Bahan Pokok",
        "rupiah/kg",
        "harga perdagangan",
        "mingguan",
        SRV,
        "harga, bahan pokok, sembako, pasar",
        "Survei harga mingguan di pasar rakyat yang dilaporkan ke SP2KP Kementerian Perdagangan.",
        [
            V(
                "Harga rata-rata",
                "integer",
                "rupiah",
                "Rata-rata harga eceran komoditas di pasar pantauan.",
                "harga",
            )
        ],
        "komoditas bulan",
    ),
    I(
        "Jumlah Pasar Rakyat",
        "unit",
        "perdagangan",
        "tahunan",
        ADM,
        "pasar, perdagangan, pedagang",
        "Inventarisasi pasar rakyat milik pemerintah daerah dan swasta.",
        [
            V("Jumlah pasar", "integer", "unit", "Pasar rakyat yang beroperasi.", "pasar"),
            V(
                "Jumlah pedagang",
                "integer",
                "orang",
                "Pedagang yang berjualan di pasar.",
                "pedagang",
            ),
        ],
        "kec",
    ),
    I(
        "Jumlah Industri Kecil dan Menengah",
        "unit",
        "industri usaha",
        "tahunan",
        ADM,
        "industri, ikm, manufaktur",
        "Direkap dari Sistem Informasi Industri Nasional (SIINas) dan pendataan lapangan.",
        [V("Jumlah IKM", "integer", "unit", "Industri kecil dan menengah yang terdata.", "ikm")],
        "kec sektor",
    ),
    I(
        "Jumlah Industri Besar dan Sedang",
        "unit",
        "industri",
        "tahunan",
        ADM,
        "industri, pabrik, kawasan industri",
        "Direkap dari SIINas dan izin usaha industri.",
        [
            V("Jumlah industri", "integer", "unit", "Perusahaan industri besar dan sedang.", "ibs"),
            V(
                "Nilai investasi",
                "integer",
                "juta rupiah",
                "Nilai investasi yang ditanamkan.",
                "investasi",
            ),
        ],
        "kec sektor",
    ),
    I(
        "Jumlah Alat Ukur yang Ditera Ulang",
        "unit",
        "perdagangan",
        "tahunan",
        ADM,
        "metrologi, tera ulang, perlindungan konsumen",
        "Direkap dari layanan tera dan tera ulang UPT Metrologi Legal.",
        [
            V(
                "Jumlah alat ukur",
                "integer",
                "unit",
                "Alat ukur, takar, timbang yang ditera.",
                "uttp",
            )
        ],
        "bulan kec",
    ),
]

INDICATORS["dinas-kepemudaan-olahraga-dan-pariwisata"] = [
    I(
        "Jumlah Kunjungan Wisatawan",
        "kunjungan",
        "pariwisata",
        "bulanan",
        ADM,
        "wisatawan, pariwisata, kunjungan wisata",
        "Direkap dari laporan pengelola daya tarik wisata dan hotel.",
        [
            V(
                "Wisatawan nusantara",
                "integer",
                "kunjungan",
                "Kunjungan wisatawan domestik.",
                "wisnus",
            ),
            V(
                "Wisatawan mancanegara",
                "integer",
                "kunjungan",
                "Kunjungan wisatawan asing.",
                "wisman",
            ),
        ],
        "bulan kec",
    ),
    I(
        "Jumlah Daya Tarik Wisata",
        "lokasi",
        "pariwisata budaya",
        "tahunan",
        ADM,
        "objek wisata, destinasi, pariwisata",
        "Inventarisasi daya tarik wisata alam, budaya dan buatan.",
        [
            V(
                "Jumlah daya tarik wisata",
                "integer",
                "lokasi",
                "Destinasi wisata yang dikelola.",
                "dtw",
            )
        ],
        "kec jenis",
    ),
    I(
        "Jumlah Hotel dan Kamar",
        "unit",
        "pariwisata usaha",
        "tahunan",
        ADM,
        "hotel, akomodasi, penginapan",
        "Direkap dari perizinan usaha akomodasi dan pendataan lapangan.",
        [
            V("Jumlah hotel", "integer", "unit", "Usaha akomodasi yang beroperasi.", "hotel"),
            V("Jumlah kamar", "integer", "kamar", "Kamar tersedia pada usaha akomodasi.", "kamar"),
        ],
        "kec jenis",
    ),
    I(
        "Jumlah Atlet Berprestasi",
        "orang",
        "budaya",
        "tahunan",
        ADM,
        "olahraga, atlet, prestasi",
        "Direkap dari hasil kejuaraan daerah, provinsi dan nasional.",
        [V("Jumlah atlet", "integer", "orang", "Atlet peraih medali.", "atlet")],
        "jk jenis",
    ),
    I(
        "Jumlah Organisasi Kepemudaan",
        "organisasi",
        "politik budaya",
        "tahunan",
        ADM,
        "pemuda, organisasi kepemudaan, karang taruna",
        "Direkap dari pendaftaran organisasi kepemudaan dan karang taruna.",
        [V("Jumlah organisasi", "integer", "organisasi", "Organisasi pemuda yang aktif.", "okp")],
        "kec",
    ),
    I(
        "Jumlah Sarana Olahraga",
        "unit",
        "budaya konstruksi",
        "tahunan",
        ADM,
        "lapangan olahraga, gor, sarana olahraga",
        "Inventarisasi sarana olahraga milik pemerintah dan masyarakat.",
        [V("Jumlah sarana olahraga", "integer", "unit", "Lapangan dan gedung olahraga.", "sarana")],
        "kec desa jenis",
    ),
]

INDICATORS["dinas-perikanan"] = [
    I(
        "Produksi Perikanan Tangkap",
        "ton",
        "pertanian",
        "tahunan",
        SRV,
        "perikanan tangkap, nelayan, ikan laut",
        "Survei statistik perikanan tangkap di tempat pendaratan ikan pesisir utara.",
        [
            V("Volume produksi", "decimal", "ton", "Ikan yang didaratkan.", "volume"),
            V("Nilai produksi", "integer", "ribu rupiah", "Nilai ikan yang didaratkan.", "nilai"),
        ],
        "ikan kec bulan",
    ),
    I(
        "Produksi Perikanan Budidaya",
        "ton",
        "pertanian",
        "tahunan",
        SRV,
        "budidaya ikan, tambak, kolam",
        "Survei statistik perikanan budidaya pada rumah tangga pembudidaya.",
        [V("Volume produksi", "decimal", "ton", "Hasil panen budidaya.", "volume")],
        "ikan kec",
    ),
    I(
        "Jumlah Nelayan dan Armada Perikanan",
        "orang/unit",
        "pertanian tenaga-kerja",
        "tahunan",
        ADM,
        "nelayan, kapal, perahu, pesisir",
        "Pendataan kartu pelaku usaha kelautan dan perikanan (Kusuka).",
        [
            V("Jumlah nelayan", "integer", "orang", "Nelayan yang terdaftar.", "nelayan"),
            V("Jumlah armada", "integer", "unit", "Perahu dan kapal penangkap ikan.", "armada"),
        ],
        "kec desa",
    ),
    I(
        "Luas Lahan Budidaya Perikanan",
        "hektare",
        "pertanian",
        "tahunan",
        ADM,
        "tambak, kolam, budidaya",
        "Pendataan lahan budidaya oleh penyuluh perikanan.",
        [V("Luas lahan", "decimal", "hektare", "Luas tambak, kolam dan keramba.", "luas")],
        "kec desa jenis",
    ),
    I(
        "Angka Konsumsi Ikan",
        "kg/kapita/tahun",
        "pertanian konsumsi-pendapatan",
        "tahunan",
        SRV,
        "konsumsi ikan, gizi, pangan",
        "Dihitung dari data konsumsi Susenas dengan metode KKP.",
        [
            V(
                "Angka konsumsi ikan",
                "decimal",
                "kg/kapita/tahun",
                "Rata-rata konsumsi ikan per penduduk setahun.",
                "aki",
            )
        ],
        "kab",
    ),
    I(
        "Jumlah Kelompok Pembudidaya Ikan",
        "kelompok",
        "pertanian usaha",
        "tahunan",
        ADM,
        "pokdakan, pembudidaya, kelompok",
        "Direkap dari pembinaan kelompok oleh penyuluh perikanan.",
        [
            V(
                "Jumlah kelompok",
                "integer",
                "kelompok",
                "Kelompok pembudidaya ikan aktif.",
                "pokdakan",
            )
        ],
        "kec",
    ),
]

INDICATORS["dinas-ketahanan-pangan"] = [
    I(
        "Skor Pola Pangan Harapan",
        "skor",
        "pertanian konsumsi-pendapatan",
        "tahunan",
        SRV,
        "pangan, pph, konsumsi pangan, gizi",
        "Dihitung dari data konsumsi pangan Susenas menurut pedoman Badan Pangan Nasional.",
        [V("Skor PPH", "decimal", "skor", "Skor keragaman konsumsi pangan (maksimum 100).", "pph")],
        "kab",
    ),
    I(
        "Indeks Ketahanan Pangan",
        "indeks",
        "pertanian kemiskinan",
        "tahunan",
        ADM,
        "ketahanan pangan, ikp, kerawanan pangan",
        "Mengutip hasil penghitungan IKP Badan Pangan Nasional.",
        [
            V(
                "IKP",
                "decimal",
                "indeks",
                "Indeks gabungan ketersediaan, akses dan pemanfaatan.",
                "ikp",
            )
        ],
        "kab",
    ),
    I(
        "Ketersediaan Cadangan Pangan Pemerintah Daerah",
        "ton",
        "pertanian",
        "bulanan",
        ADM,
        "cadangan pangan, beras, stok",
        "Direkap dari laporan stok gudang cadangan pangan daerah.",
        [V("Stok cadangan beras", "decimal", "ton", "Beras cadangan milik daerah.", "stok")],
        "bulan",
    ),
    I(
        "Jumlah Desa Rawan Pangan",
        "desa",
        "pertanian kemiskinan wilayah",
        "tahunan",
        ADM,
        "rawan pangan, fsva, desa",
        "Hasil analisis Food Security and Vulnerability Atlas tingkat desa.",
        [
            V(
                "Jumlah desa rawan pangan",
                "integer",
                "desa",
                "Desa pada prioritas 1-3 peta kerentanan pangan.",
                "rawan",
            )
        ],
        "kec",
    ),
    I(
        "Hasil Uji Keamanan Pangan Segar",
        "sampel",
        "pertanian kesehatan",
        "tahunan",
        SRV,
        "keamanan pangan, residu, pasar",
        "Pengujian sampel pangan segar dengan rapid test kit di pasar dan distributor.",
        [
            V(
                "Jumlah sampel diuji",
                "integer",
                "sampel",
                "Sampel pangan segar yang diuji.",
                "sampel",
            ),
            V("Jumlah sampel aman", "integer", "sampel", "Sampel yang memenuhi syarat.", "aman"),
        ],
        "komoditas bulan",
    ),
    I(
        "Harga Gabah di Tingkat Petani",
        "rupiah/kg",
        "pertanian harga",
        "bulanan",
        SRV,
        "gabah, harga, petani, padi",
        "Survei harga gabah pada petani di kecamatan sentra padi.",
        [V("Harga gabah kering panen", "integer", "rupiah/kg", "Harga GKP di petani.", "gkp")],
        "bulan kec",
    ),
]

INDICATORS["dinas-penanaman-modal-dan-ptsp"] = [
    I(
        "Realisasi Investasi PMA dan PMDN",
        "miliar rupiah",
        "usaha keuangan neraca-nasional",
        "triwulanan",
        ADM,
        "investasi, penanaman modal, pma, pmdn, ekonomi",
        "Direkap dari Laporan Kegiatan Penanaman Modal (LKPM) pada sistem OSS.",
        [
            V(
                "Nilai investasi",
                "decimal",
                "miliar rupiah",
                "Realisasi penanaman modal.",
                "investasi",
            ),
            V("Jumlah proyek", "integer", "proyek", "Proyek yang melapor LKPM.", "proyek"),
        ],
        "tw sektor kec",
    ),
    I(
        "Jumlah Nomor Induk Berusaha Terbit",
        "NIB",
        "usaha",
        "bulanan",
        TI,
        "nib, oss, perizinan berusaha",
        "Ditarik dari sistem Online Single Submission (OSS) berbasis risiko.",
        [V("Jumlah NIB", "integer", "NIB", "Nomor induk berusaha yang terbit.", "nib")],
        "bulan skala kec",
    ),
    I(
        "Jumlah Izin yang Diterbitkan",
        "izin",
        "usaha pemerintahan",
        "bulanan",
        TI,
        "perizinan, izin, pelayanan publik",
        "Direkap dari aplikasi perizinan daerah dan OSS.",
        [V("Jumlah izin", "integer", "izin", "Izin dan nonizin yang diterbitkan.", "izin")],
        "izin bulan",
    ),
    I(
        "Indeks Kepuasan Masyarakat Pelayanan Perizinan",
        "indeks",
        "pemerintahan",
        "semesteran",
        SRV,
        "kepuasan masyarakat, ikm, pelayanan",
        "Survei kepuasan masyarakat menurut Permenpan RB 14/2017.",
        [V("Nilai IKM", "decimal", "indeks", "Indeks kepuasan masyarakat skala 25-100.", "ikm")],
        "kab",
    ),
    I(
        "Jumlah Tenaga Kerja dari Realisasi Investasi",
        "orang",
        "usaha tenaga-kerja",
        "triwulanan",
        ADM,
        "investasi, tenaga kerja, lkpm",
        "Direkap dari LKPM perusahaan.",
        [
            V("Tenaga kerja Indonesia", "integer", "orang", "TKI yang terserap.", "tki"),
            V("Tenaga kerja asing", "integer", "orang", "TKA yang terserap.", "tka"),
        ],
        "tw sektor",
    ),
    I(
        "Jumlah Perusahaan Penanaman Modal Asing",
        "perusahaan",
        "usaha",
        "tahunan",
        ADM,
        "pma, perusahaan asing, investasi",
        "Direkap dari data perizinan dan LKPM.",
        [V("Jumlah perusahaan PMA", "integer", "perusahaan", "Perusahaan berstatus PMA.", "pma")],
        "kec sektor",
    ),
]

INDICATORS["badan-pendapatan-daerah"] = [
    I(
        "Realisasi Pendapatan Asli Daerah",
        "rupiah",
        "keuangan",
        "bulanan",
        ADM,
        "pad, pendapatan daerah, pajak daerah",
        "Direkap dari sistem informasi pendapatan daerah dan rekening kas umum daerah.",
        [
            V("Target PAD", "integer", "rupiah", "Target pendapatan dalam APBD.", "target"),
            V("Realisasi PAD", "integer", "rupiah", "Penerimaan yang telah disetor.", "realisasi"),
        ],
        "pajak bulan",
    ),
    I(
        "Realisasi Pajak Bumi dan Bangunan Perdesaan dan Perkotaan",
        "rupiah",
        "keuangan",
        "bulanan",
        ADM,
        "pbb, pajak bumi dan bangunan, pajak",
        "Direkap dari sistem manajemen informasi objek pajak (SISMIOP).",
        [
            V("Ketetapan PBB", "integer", "rupiah", "Pokok ketetapan PBB-P2.", "ketetapan"),
            V("Realisasi PBB", "integer", "rupiah", "Pembayaran PBB-P2.", "realisasi"),
        ],
        "kec desa bulan",
    ),
    I(
        "Jumlah Objek Pajak Bumi dan Bangunan",
        "objek",
        "keuangan perumahan",
        "tahunan",
        ADM,
        "objek pajak, pbb, tanah, bangunan",
        "Direkap dari basis data SISMIOP.",
        [V("Jumlah objek pajak", "integer", "SPPT", "SPPT PBB-P2 yang diterbitkan.", "sppt")],
        "kec desa",
    ),
    I(
        "Jumlah Wajib Pajak Daerah",
        "wajib pajak",
        "keuangan usaha",
        "tahunan",
        ADM,
        "wajib pajak, pajak restoran, pajak hotel",
        "Direkap dari pendaftaran wajib pajak daerah.",
        [V("Jumlah wajib pajak", "integer", "wajib pajak", "Wajib pajak terdaftar.", "wp")],
        "pajak kec",
    ),
    I(
        "Realisasi Bea Perolehan Hak atas Tanah dan Bangunan",
        "rupiah",
        "keuangan perumahan",
        "bulanan",
        ADM,
        "bphtb, tanah, bangunan, pajak",
        "Direkap dari validasi BPHTB daring.",
        [
            V("Realisasi BPHTB", "integer", "rupiah", "Penerimaan BPHTB.", "bphtb"),
            V(
                "Jumlah transaksi",
                "integer",
                "transaksi",
                "Transaksi yang divalidasi.",
                "transaksi",
            ),
        ],
        "kec bulan",
    ),
    I(
        "Rasio Pajak Daerah terhadap PDRB",
        "persen",
        "keuangan neraca-nasional",
        "tahunan",
        ADM,
        "tax ratio, pajak, pdrb, perekonomian",
        "Dihitung dari realisasi pajak daerah dibagi PDRB atas dasar harga berlaku.",
        [V("Rasio pajak", "decimal", "persen", "Pajak daerah terhadap PDRB ADHB.", "ratio")],
        "kab",
    ),
]

INDICATORS["badan-kepegawaian-dan-pengembangan-sdm"] = [
    I(
        "Jumlah Aparatur Sipil Negara",
        "orang",
        "pemerintahan",
        "semesteran",
        ADM,
        "asn, pns, pppk, pegawai",
        "Direkap dari Sistem Informasi ASN (SIASN) dan data kepegawaian daerah.",
        [
            V("Jumlah ASN", "integer", "orang", "PNS dan PPPK aktif.", "asn"),
            V("Golongan", "category", "", "Golongan ruang PNS atau golongan PPPK.", "golongan"),
        ],
        "golongan jk opd pendidikan",
    ),
    I(
        "Jumlah ASN yang Mengikuti Pengembangan Kompetensi",
        "orang",
        "pemerintahan pendidikan",
        "tahunan",
        ADM,
        "diklat, kompetensi, asn",
        "Direkap dari laporan pengembangan kompetensi 20 jam pelajaran.",
        [
            V(
                "Jumlah peserta",
                "integer",
                "orang",
                "ASN yang mengikuti pengembangan kompetensi.",
                "peserta",
            )
        ],
        "opd jk",
    ),
    I(
        "Jumlah ASN Pensiun",
        "orang",
        "pemerintahan",
        "tahunan",
        ADM,
        "pensiun, asn, kepegawaian",
        "Direkap dari penerbitan keputusan pensiun.",
        [
            V(
                "Jumlah pensiun",
                "integer",
                "orang",
                "ASN yang memasuki batas usia pensiun.",
                "pensiun",
            )
        ],
        "golongan jk",
    ),
    I(
        "Indeks Profesionalitas ASN",
        "indeks",
        "pemerintahan",
        "tahunan",
        ADM,
        "profesionalitas, ip asn, sistem merit",
        "Mengutip pengukuran Indeks Profesionalitas ASN oleh BKN.",
        [
            V(
                "IP ASN",
                "decimal",
                "indeks",
                "Skor kualifikasi, kompetensi, kinerja, disiplin.",
                "ip_asn",
            )
        ],
        "kab opd",
    ),
    I(
        "Jumlah Guru dan Tenaga Kesehatan Berstatus ASN",
        "orang",
        "pemerintahan pendidikan",
        "tahunan",
        ADM,
        "guru, tenaga kesehatan, asn",
        "Direkap dari data jabatan fungsional di SIASN.",
        [V("Jumlah jabatan fungsional", "integer", "orang", "ASN pada jabatan fungsional.", "jf")],
        "jk kec",
    ),
    I(
        "Jumlah Pelanggaran Disiplin ASN",
        "kasus",
        "pemerintahan hukum-kriminal",
        "tahunan",
        ADM,
        "disiplin, hukuman disiplin, asn",
        "Direkap dari keputusan hukuman disiplin.",
        [
            V(
                "Jumlah pelanggaran",
                "integer",
                "kasus",
                "Hukuman disiplin yang dijatuhkan.",
                "hukdis",
            )
        ],
        "opd",
    ),
]

INDICATORS["satuan-polisi-pamong-praja"] = [
    I(
        "Jumlah Pelanggaran Peraturan Daerah",
        "kasus",
        "hukum-kriminal pemerintahan",
        "bulanan",
        ADM,
        "perda, pelanggaran, penegakan, ketertiban",
        "Direkap dari laporan operasi penegakan peraturan daerah.",
        [
            V(
                "Jumlah pelanggaran",
                "integer",
                "kasus",
                "Pelanggaran yang ditindak.",
                "pelanggaran",
            ),
            V("Jenis pelanggaran", "category", "", "Perda atau perkada yang dilanggar.", "jenis"),
        ],
        "kec bulan",
    ),
    I(
        "Jumlah Penertiban Pedagang Kaki Lima",
        "kegiatan",
        "hukum-kriminal perdagangan",
        "bulanan",
        ADM,
        "pkl, pedagang kaki lima, ketertiban",
        "Direkap dari laporan kegiatan penertiban.",
        [V("Jumlah penertiban", "integer", "kegiatan", "Kegiatan penertiban PKL.", "penertiban")],
        "kec bulan",
    ),
    I(
        "Jumlah Anggota Satuan Perlindungan Masyarakat",
        "orang",
        "hukum-kriminal",
        "tahunan",
        ADM,
        "linmas, satlinmas, keamanan",
        "Direkap dari pendataan anggota Satlinmas desa dan kelurahan.",
        [V("Jumlah anggota linmas", "integer", "orang", "Anggota Satlinmas yang aktif.", "linmas")],
        "kec desa",
    ),
    I(
        "Jumlah Gangguan Ketenteraman dan Ketertiban Umum",
        "kejadian",
        "hukum-kriminal",
        "bulanan",
        ADM,
        "trantibum, ketertiban umum, gangguan",
        "Direkap dari laporan patroli dan aduan masyarakat.",
        [
            V(
                "Jumlah kejadian",
                "integer",
                "kejadian",
                "Gangguan trantibum yang ditangani.",
                "kejadian",
            )
        ],
        "kec bulan",
    ),
    I(
        "Jumlah Reklame Ilegal yang Ditertibkan",
        "unit",
        "hukum-kriminal keuangan",
        "tahunan",
        ADM,
        "reklame, penertiban, perizinan",
        "Direkap dari operasi penertiban reklame.",
        [
            V(
                "Jumlah reklame ditertibkan",
                "integer",
                "unit",
                "Reklame tanpa izin yang dibongkar.",
                "reklame",
            )
        ],
        "kec",
    ),
    I(
        "Jumlah Perkara Tindak Pidana Ringan Pelanggaran Perda",
        "kasus",
        "hukum-kriminal",
        "tahunan",
        ADM,
        "tipiring, sidang, penegakan perda",
        "Direkap dari sidang tindak pidana ringan di Pengadilan Negeri Tangerang.",
        [V("Jumlah perkara", "integer", "kasus", "Perkara tipiring yang disidangkan.", "tipiring")],
        "bulan",
    ),
]

INDICATORS["dinas-pemberdayaan-masyarakat-dan-desa"] = [
    I(
        "Indeks Desa Membangun",
        "indeks",
        "wilayah pemerintahan kemiskinan",
        "tahunan",
        SRV,
        "idm, desa, status desa, pembangunan desa",
        "Dihitung dari indeks ketahanan sosial, ekonomi dan ekologi menurut Permendes.",
        [
            V("Nilai IDM", "decimal", "indeks", "Indeks komposit pembangunan desa.", "idm"),
            V("Status desa", "category", "", "Sangat tertinggal sampai mandiri.", "status"),
        ],
        "kec desa",
    ),
    I(
        "Realisasi Dana Desa",
        "rupiah",
        "keuangan wilayah",
        "triwulanan",
        ADM,
        "dana desa, apbdes, keuangan desa",
        "Direkap dari Sistem Keuangan Desa (Siskeudes) dan laporan penyaluran.",
        [
            V("Pagu dana desa", "integer", "rupiah", "Alokasi dana desa.", "pagu"),
            V(
                "Realisasi dana desa",
                "integer",
                "rupiah",
                "Dana desa yang disalurkan.",
                "realisasi",
            ),
        ],
        "kec desa tw",
    ),
    I(
        "Jumlah Badan Usaha Milik Desa",
        "unit",
        "usaha wilayah",
        "tahunan",
        ADM,
        "bumdes, usaha desa, ekonomi desa",
        "Direkap dari pendaftaran badan hukum BUM Desa.",
        [V("Jumlah BUMDes", "integer", "unit", "BUM Desa yang berbadan hukum.", "bumdes")],
        "kec",
    ),
    I(
        "Jumlah Perangkat Desa",
        "orang",
        "pemerintahan wilayah",
        "tahunan",
        ADM,
        "perangkat desa, kepala desa, pemerintahan desa",
        "Direkap dari data profil desa dan Prodeskel.",
        [
            V(
                "Jumlah perangkat desa",
                "integer",
                "orang",
                "Kepala desa dan perangkatnya.",
                "perangkat",
            )
        ],
        "kec desa jk pendidikan",
    ),
    I(
        "Jumlah Kader Pemberdayaan Masyarakat",
        "orang",
        "pemerintahan",
        "tahunan",
        ADM,
        "kader, posyandu, pkk, pemberdayaan",
        "Direkap dari laporan lembaga kemasyarakatan desa.",
        [V("Jumlah kader", "integer", "orang", "Kader KPM, PKK dan posyandu.", "kader")],
        "kec desa",
    ),
    I(
        "Jumlah Lembaga Kemasyarakatan Desa",
        "lembaga",
        "politik wilayah",
        "tahunan",
        ADM,
        "rt, rw, lembaga desa",
        "Direkap dari profil desa dan kelurahan.",
        [
            V("Jumlah RT", "integer", "RT", "Rukun tetangga.", "rt"),
            V("Jumlah RW", "integer", "RW", "Rukun warga.", "rw"),
        ],
        "kec desa",
    ),
]

INDICATORS["dinas-perpustakaan-dan-kearsipan"] = [
    I(
        "Jumlah Pengunjung Perpustakaan",
        "orang",
        "pendidikan budaya",
        "bulanan",
        ADM,
        "perpustakaan, pengunjung, literasi",
        "Direkap dari buku tamu elektronik perpustakaan daerah dan perpustakaan keliling.",
        [V("Jumlah pengunjung", "integer", "orang", "Pengunjung perpustakaan.", "pengunjung")],
        "bulan jk umur",
    ),
    I(
        "Jumlah Koleksi Bahan Pustaka",
        "eksemplar",
        "pendidikan budaya",
        "tahunan",
        ADM,
        "koleksi, buku, perpustakaan",
        "Direkap dari sistem otomasi perpustakaan (INLISLite).",
        [
            V("Jumlah judul", "integer", "judul", "Judul koleksi.", "judul"),
            V("Jumlah eksemplar", "integer", "eksemplar", "Eksemplar koleksi.", "eksemplar"),
        ],
        "koleksi",
    ),
    I(
        "Tingkat Gemar Membaca Masyarakat",
        "indeks",
        "pendidikan budaya",
        "tahunan",
        SRV,
        "gemar membaca, literasi, tgm",
        "Survei tingkat kegemaran membaca sesuai pedoman Perpustakaan Nasional.",
        [V("Nilai TGM", "decimal", "indeks", "Skor kegemaran membaca 0-100.", "tgm")],
        "kab jk",
    ),
    I(
        "Jumlah Perpustakaan Desa dan Sekolah",
        "unit",
        "pendidikan",
        "tahunan",
        ADM,
        "perpustakaan desa, perpustakaan sekolah, taman bacaan",
        "Inventarisasi perpustakaan desa, sekolah dan taman bacaan masyarakat.",
        [V("Jumlah perpustakaan", "integer", "unit", "Perpustakaan yang aktif.", "perpus")],
        "kec desa jenis",
    ),
    I(
        "Jumlah Arsip Statis yang Dikelola",
        "berkas",
        "pemerintahan budaya",
        "tahunan",
        ADM,
        "arsip, kearsipan, arsip statis",
        "Direkap dari daftar arsip statis yang diserahkan perangkat daerah.",
        [V("Jumlah berkas arsip", "integer", "berkas", "Arsip statis yang disimpan.", "arsip")],
        "opd",
    ),
    I(
        "Indeks Pembangunan Literasi Masyarakat",
        "indeks",
        "pendidikan budaya",
        "tahunan",
        SRV,
        "literasi, iplm, perpustakaan",
        "Dihitung dari tujuh unsur pembangunan literasi menurut Perpustakaan Nasional.",
        [V("Nilai IPLM", "decimal", "indeks", "Indeks pembangunan literasi masyarakat.", "iplm")],
        "kab",
    ),
]

INDICATORS["rsud-kabupaten-tangerang"] = [
    I(
        "Jumlah Kunjungan Pasien Rawat Jalan",
        "kunjungan",
        "kesehatan",
        "bulanan",
        ADM,
        "rawat jalan, pasien, rumah sakit",
        "Direkap dari Sistem Informasi Manajemen Rumah Sakit (SIMRS).",
        [
            V(
                "Jumlah kunjungan",
                "integer",
                "kunjungan",
                "Kunjungan pasien rawat jalan.",
                "kunjungan",
            ),
            V("Jenis pembayaran", "category", "", "BPJS, umum, asuransi lain.", "bayar"),
        ],
        "bulan jk",
    ),
    I(
        "Bed Occupancy Rate",
        "persen",
        "kesehatan",
        "bulanan",
        ADM,
        "bor, tempat tidur, rawat inap, rumah sakit",
        "Dihitung dari hari perawatan dibagi jumlah tempat tidur dikali hari dalam periode.",
        [
            V("BOR", "decimal", "persen", "Persentase pemakaian tempat tidur.", "bor"),
            V("Jumlah tempat tidur", "integer", "tempat tidur", "Tempat tidur tersedia.", "tt"),
        ],
        "kelas bulan",
    ),
    I(
        "Sepuluh Besar Penyakit Rawat Inap",
        "kasus",
        "kesehatan",
        "tahunan",
        ADM,
        "penyakit, rawat inap, morbiditas",
        "Direkap dari diagnosis utama ICD-10 pasien keluar rawat inap.",
        [
            V(
                "Jumlah kasus",
                "integer",
                "kasus",
                "Pasien keluar menurut diagnosis utama.",
                "kasus",
            ),
            V("Kode ICD-10", "category", "", "Klasifikasi penyakit ICD-10.", "icd10"),
        ],
        "penyakit jk umur",
    ),
    I(
        "Gross Death Rate dan Net Death Rate",
        "per mil",
        "kesehatan",
        "tahunan",
        ADM,
        "gdr, ndr, mutu pelayanan, rumah sakit",
        "Dihitung dari pasien keluar mati terhadap seluruh pasien keluar rawat inap.",
        [
            V("GDR", "decimal", "per mil", "Angka kematian umum pasien keluar.", "gdr"),
            V("NDR", "decimal", "per mil", "Angka kematian 48 jam atau lebih.", "ndr"),
        ],
        "kelas bulan",
    ),
    I(
        "Jumlah Tindakan Operasi",
        "tindakan",
        "kesehatan",
        "bulanan",
        ADM,
        "operasi, bedah, rumah sakit",
        "Direkap dari register kamar operasi.",
        [V("Jumlah operasi", "integer", "tindakan", "Tindakan bedah yang dilakukan.", "operasi")],
        "bulan jenis",
    ),
    I(
        "Indeks Kepuasan Pasien",
        "indeks",
        "kesehatan pemerintahan",
        "semesteran",
        SRV,
        "kepuasan pasien, mutu, pelayanan",
        "Survei kepuasan pasien rawat jalan dan rawat inap.",
        [V("Nilai kepuasan", "decimal", "indeks", "Indeks kepuasan skala 25-100.", "ikm")],
        "kab",
    ),
]

INDICATORS["badan-pengelolaan-keuangan-dan-aset-daerah"] = [
    I(
        "Realisasi Anggaran Pendapatan dan Belanja Daerah",
        "rupiah",
        "keuangan",
        "triwulanan",
        ADM,
        "apbd, anggaran, belanja, pendapatan",
        "Direkap dari Sistem Informasi Pemerintahan Daerah (SIPD) modul penatausahaan.",
        [
            V("Anggaran", "integer", "rupiah", "Pagu dalam APBD perubahan.", "anggaran"),
            V("Realisasi", "integer", "rupiah", "Realisasi pendapatan atau belanja.", "realisasi"),
        ],
        "opd tw",
    ),
    I(
        "Realisasi Belanja Daerah per Urusan Pemerintahan",
        "rupiah",
        "keuangan pemerintahan",
        "tahunan",
        ADM,
        "belanja daerah, urusan pemerintahan, apbd",
        "Direkap dari laporan realisasi anggaran SIPD.",
        [V("Realisasi belanja", "integer", "rupiah", "Belanja menurut urusan.", "belanja")],
        "opd",
    ),
    I(
        "Nilai Aset Tetap Pemerintah Daerah",
        "rupiah",
        "keuangan",
        "tahunan",
        ADM,
        "aset, barang milik daerah, neraca",
        "Direkap dari neraca laporan keuangan pemerintah daerah yang diaudit BPK.",
        [V("Nilai aset tetap", "integer", "rupiah", "Nilai buku aset tetap.", "aset")],
        "jenis",
    ),
    I(
        "Jumlah Bidang Tanah Milik Pemerintah Daerah Bersertifikat",
        "bidang",
        "keuangan wilayah",
        "tahunan",
        ADM,
        "aset tanah, sertifikat, barang milik daerah",
        "Inventarisasi aset tanah dalam Kartu Inventaris Barang A.",
        [
            V("Jumlah bidang tanah", "integer", "bidang", "Bidang tanah milik daerah.", "tanah"),
            V(
                "Bersertifikat",
                "integer",
                "bidang",
                "Bidang tanah yang bersertifikat.",
                "sertifikat",
            ),
        ],
        "kec",
    ),
    I(
        "Kemandirian Fiskal Daerah",
        "persen",
        "keuangan",
        "tahunan",
        ADM,
        "kemandirian fiskal, pad, keuangan daerah",
        "Dihitung dari PAD dibagi total pendapatan daerah.",
        [
            V(
                "Rasio kemandirian",
                "decimal",
                "persen",
                "PAD terhadap total pendapatan.",
                "kemandirian",
            )
        ],
        "kab",
    ),
    I(
        "Penerimaan Dana Transfer Pemerintah Pusat",
        "rupiah",
        "keuangan",
        "tahunan",
        ADM,
        "dau, dak, dbh, dana transfer",
        "Direkap dari laporan realisasi anggaran pendapatan transfer.",
        [
            V(
                "Realisasi transfer",
                "integer",
                "rupiah",
                "DAU, DAK dan DBH yang diterima.",
                "transfer",
            )
        ],
        "jenis",
    ),
]

INDICATORS["badan-kesatuan-bangsa-dan-politik"] = [
    I(
        "Jumlah Organisasi Kemasyarakatan Terdaftar",
        "organisasi",
        "politik",
        "tahunan",
        ADM,
        "ormas, organisasi kemasyarakatan, skt",
        "Direkap dari penerbitan surat keterangan terdaftar ormas.",
        [V("Jumlah ormas", "integer", "organisasi", "Ormas yang terdaftar.", "ormas")],
        "kab jenis",
    ),
    I(
        "Jumlah Partai Politik dan Perolehan Kursi DPRD",
        "kursi",
        "politik",
        "lima-tahunan",
        ADM,
        "partai politik, dprd, pemilu",
        "Mengutip penetapan hasil pemilu oleh KPU Kabupaten Tangerang.",
        [V("Jumlah kursi", "integer", "kursi", "Kursi DPRD yang diperoleh partai.", "kursi")],
        "jk",
    ),
    I(
        "Tingkat Partisipasi Pemilih",
        "persen",
        "politik",
        "lima-tahunan",
        ADM,
        "partisipasi pemilih, pemilu, pilkada",
        "Dihitung dari pengguna hak pilih dibagi daftar pemilih tetap menurut KPU.",
        [
            V(
                "Partisipasi pemilih",
                "decimal",
                "persen",
                "Pengguna hak pilih terhadap DPT.",
                "partisipasi",
            ),
            V("Jumlah DPT", "integer", "jiwa", "Daftar pemilih tetap.", "dpt"),
        ],
        "kec kecjk",
    ),
    I(
        "Jumlah Potensi Konflik Sosial",
        "kejadian",
        "politik hukum-kriminal",
        "tahunan",
        ADM,
        "konflik sosial, kewaspadaan dini, kerukunan",
        "Direkap dari laporan forum kewaspadaan dini masyarakat.",
        [
            V(
                "Jumlah potensi konflik",
                "integer",
                "kejadian",
                "Potensi konflik terpantau.",
                "konflik",
            )
        ],
        "kec jenis",
    ),
    I(
        "Jumlah Rumah Ibadah",
        "unit",
        "budaya politik",
        "tahunan",
        ADM,
        "rumah ibadah, masjid, gereja, kerukunan",
        "Kompilasi data Kementerian Agama dan forum kerukunan umat beragama.",
        [V("Jumlah rumah ibadah", "integer", "unit", "Rumah ibadah semua agama.", "ibadah")],
        "kec agama desa",
    ),
    I(
        "Indeks Demokrasi Indonesia",
        "indeks",
        "politik",
        "tahunan",
        SRV,
        "demokrasi, idi, kebebasan sipil",
        "Mengutip Indeks Demokrasi Indonesia tingkat provinsi dan kabupaten.",
        [V("Nilai IDI", "decimal", "indeks", "Indeks kebebasan, kesetaraan dan kapasitas.", "idi")],
        "kab",
    ),
]

INDICATORS["dinas-pemadam-kebakaran-dan-penyelamatan"] = [
    I(
        "Jumlah Kejadian Kebakaran",
        "kejadian",
        "bencana",
        "bulanan",
        ADM,
        "kebakaran, damkar, kebencanaan",
        "Direkap dari laporan kejadian pos pemadam kebakaran.",
        [
            V("Jumlah kejadian", "integer", "kejadian", "Kebakaran yang ditangani.", "kejadian"),
            V(
                "Objek terbakar",
                "category",
                "",
                "Rumah, gedung, lahan, kendaraan, lainnya.",
                "objek",
            ),
        ],
        "kec bulan jenis desa",
    ),
    I(
        "Nilai Kerugian Akibat Kebakaran",
        "rupiah",
        "bencana keuangan",
        "tahunan",
        ADM,
        "kerugian, kebakaran, asuransi",
        "Taksiran kerugian dari laporan petugas di lapangan.",
        [V("Taksiran kerugian", "integer", "rupiah", "Nilai kerugian material.", "kerugian")],
        "kec bulan",
    ),
    I(
        "Waktu Tanggap Pemadam Kebakaran",
        "menit",
        "bencana pemerintahan",
        "tahunan",
        ADM,
        "waktu tanggap, response time, pelayanan",
        "Dihitung dari selisih waktu laporan diterima dan tiba di lokasi.",
        [
            V(
                "Rata-rata waktu tanggap",
                "decimal",
                "menit",
                "Rata-rata waktu tiba di lokasi.",
                "respon",
            )
        ],
        "kec",
    ),
    I(
        "Jumlah Penyelamatan Non-Kebakaran",
        "kejadian",
        "bencana",
        "bulanan",
        ADM,
        "penyelamatan, evakuasi, sarang tawon",
        "Direkap dari laporan kegiatan penyelamatan dan evakuasi.",
        [V("Jumlah penyelamatan", "integer", "kejadian", "Kegiatan penyelamatan.", "penyelamatan")],
        "jenis bulan kec",
    ),
    I(
        "Jumlah Armada dan Pos Pemadam Kebakaran",
        "unit",
        "bencana",
        "tahunan",
        ADM,
        "armada, pos damkar, sarana",
        "Inventarisasi kendaraan dan pos pemadam kebakaran.",
        [
            V("Jumlah armada", "integer", "unit", "Kendaraan pemadam yang laik operasi.", "armada"),
            V("Jumlah pos", "integer", "pos", "Pos pemadam kebakaran.", "pos"),
        ],
        "kec",
    ),
    I(
        "Jumlah Hidran dan Alat Pemadam Api Ringan Diperiksa",
        "unit",
        "bencana konstruksi",
        "tahunan",
        ADM,
        "hidran, apar, proteksi kebakaran",
        "Hasil pemeriksaan sarana proteksi kebakaran gedung.",
        [
            V(
                "Jumlah sarana diperiksa",
                "integer",
                "unit",
                "Hidran dan APAR yang diperiksa.",
                "diperiksa",
            )
        ],
        "kec jenis",
    ),
]

INDICATORS["bps-kabupaten-tangerang"] = [
    I(
        "Indeks Pembangunan Manusia",
        "indeks",
        "kependudukan pendidikan kesehatan",
        "tahunan",
        SRV,
        "ipm, pembangunan manusia, kesejahteraan",
        "Dihitung BPS dari umur harapan hidup, harapan dan rata-rata lama sekolah serta "
        "pengeluaran per kapita disesuaikan.",
        [
            V("IPM", "decimal", "indeks", "Indeks komposit pembangunan manusia.", "ipm"),
            V("Umur harapan hidup", "decimal", "tahun", "Perkiraan lama hidup sejak lahir.", "uhh"),
        ],
        "kab jk",
    ),
    I(
        "Produk Domestik Regional Bruto Atas Dasar Harga Berlaku",
        "juta rupiah",
        "neraca-nasional",
        "tahunan",
        ADM,
        "pdrb, ekonomi, perekonomian, nilai tambah",
        "Dihitung BPS dengan pendekatan produksi menurut 17 kategori lapangan usaha KBLI.",
        [V("PDRB ADHB", "decimal", "juta rupiah", "Nilai tambah bruto harga berlaku.", "adhb")],
        "lu kab",
    ),
    I(
        "Produk Domestik Regional Bruto Atas Dasar Harga Konstan 2010",
        "juta rupiah",
        "neraca-nasional",
        "tahunan",
        ADM,
        "pdrb, ekonomi, pertumbuhan ekonomi",
        "Dihitung BPS dengan pendekatan produksi pada harga tahun dasar 2010.",
        [V("PDRB ADHK", "decimal", "juta rupiah", "Nilai tambah bruto harga konstan.", "adhk")],
        "lu kab",
    ),
    I(
        "PDRB Per Kapita",
        "rupiah",
        "neraca-nasional konsumsi-pendapatan",
        "tahunan",
        ADM,
        "pdrb per kapita, pendapatan, perekonomian",
        "PDRB atas dasar harga berlaku dibagi jumlah penduduk pertengahan tahun.",
        [V("PDRB per kapita", "integer", "rupiah", "Nilai PDRB per penduduk.", "pdrb_kapita")],
        "kab",
    ),
    I(
        "Laju Inflasi",
        "persen",
        "harga",
        "bulanan",
        SRV,
        "inflasi, ihk, harga konsumen",
        "Dihitung BPS dari Survei Harga Konsumen dengan tahun dasar 2022=100.",
        [
            V("Inflasi", "decimal", "persen", "Perubahan indeks harga konsumen.", "inflasi"),
            V("IHK", "decimal", "indeks", "Indeks harga konsumen.", "ihk"),
        ],
        "bulan pengeluaran",
    ),
    I(
        "Garis Kemiskinan",
        "rupiah/kapita/bulan",
        "kemiskinan konsumsi-pendapatan",
        "tahunan",
        SRV,
        "garis kemiskinan, kemiskinan, miskin",
        "Dihitung BPS dari Susenas Maret sebagai penjumlahan garis kemiskinan makanan dan "
        "bukan makanan.",
        [
            V(
                "Garis kemiskinan",
                "integer",
                "rupiah/kapita/bulan",
                "Nilai pengeluaran minimum kebutuhan dasar.",
                "gk",
            )
        ],
        "kab",
    ),
    I(
        "Jumlah dan Persentase Penduduk Miskin",
        "ribu jiwa/persen",
        "kemiskinan",
        "tahunan",
        SRV,
        "penduduk miskin, kemiskinan, p0",
        "Dihitung BPS dari Susenas Maret dengan pendekatan kebutuhan dasar.",
        [
            V(
                "Jumlah penduduk miskin",
                "decimal",
                "ribu jiwa",
                "Penduduk dengan pengeluaran di bawah garis kemiskinan.",
                "miskin",
            ),
            V("Persentase penduduk miskin", "decimal", "persen", "P0.", "p0"),
        ],
        "kab",
    ),
    I(
        "Indeks Kedalaman Kemiskinan",
        "indeks",
        "kemiskinan",
        "tahunan",
        SRV,
        "kedalaman kemiskinan, p1, kemiskinan",
        "Dihitung BPS dari Susenas sebagai rata-rata kesenjangan pengeluaran penduduk miskin.",
        [V("P1", "decimal", "indeks", "Indeks kedalaman kemiskinan.", "p1")],
        "kab",
    ),
    I(
        "Indeks Keparahan Kemiskinan",
        "indeks",
        "kemiskinan",
        "tahunan",
        SRV,
        "keparahan kemiskinan, p2, kemiskinan",
        "Dihitung BPS dari Susenas sebagai sebaran pengeluaran di antara penduduk miskin.",
        [V("P2", "decimal", "indeks", "Indeks keparahan kemiskinan.", "p2")],
        "kab",
    ),
    I(
        "Proyeksi Penduduk",
        "jiwa",
        "kependudukan",
        "tahunan",
        ADM,
        "proyeksi penduduk, penduduk, kependudukan",
        "Hasil proyeksi BPS berbasis Sensus Penduduk 2020 dengan metode komponen.",
        [
            V("Jumlah penduduk", "integer", "jiwa", "Penduduk pertengahan tahun.", "penduduk"),
            V("Laju pertumbuhan penduduk", "decimal", "persen", "Pertumbuhan per tahun.", "lpp"),
        ],
        "kec umurjk jk",
    ),
    I(
        "Pengeluaran per Kapita Sebulan",
        "rupiah",
        "konsumsi-pendapatan kemiskinan",
        "tahunan",
        SRV,
        "pengeluaran, konsumsi, rumah tangga",
        "Dihitung BPS dari modul konsumsi dan pengeluaran Susenas.",
        [
            V(
                "Rata-rata pengeluaran",
                "integer",
                "rupiah",
                "Pengeluaran makanan dan bukan makanan per kapita sebulan.",
                "pengeluaran",
            )
        ],
        "pengeluaran kab",
    ),
    I(
        "Tingkat Partisipasi Angkatan Kerja",
        "persen",
        "tenaga-kerja",
        "tahunan",
        SRV,
        "angkatan kerja, tpak, ketenagakerjaan",
        "Dihitung BPS dari Sakernas Agustus.",
        [V("TPAK", "decimal", "persen", "Angkatan kerja terhadap penduduk usia kerja.", "tpak")],
        "jk pendidikan umur",
    ),
]

INDICATORS["dinas-perhubungan"] += [
    I(
        "Jumlah Penumpang Angkutan Umum Massal",
        "penumpang",
        "transportasi",
        "bulanan",
        TI,
        "bus, angkutan massal, penumpang",
        "Ditarik dari sistem tiket elektronik layanan bus perkotaan.",
        [V("Jumlah penumpang", "integer", "penumpang", "Penumpang yang naik bus.", "pnp")],
        "bulan",
    ),
]
INDICATORS["dinas-pekerjaan-umum-dan-penataan-ruang"] += [
    I(
        "Persentase Rumah Tangga dengan Akses Air Minum Layak",
        "persen",
        "perumahan konstruksi kesehatan",
        "tahunan",
        SRV,
        "air minum, spam, rumah tangga",
        "Mengutip Susenas dan data cakupan layanan SPAM.",
        [
            V(
                "Akses air minum layak",
                "decimal",
                "persen",
                "Rumah tangga dengan sumber air minum layak.",
                "air_minum",
            )
        ],
        "kab kec",
    ),
]
INDICATORS["dinas-perumahan-permukiman-dan-pemakaman"] += [
    I(
        "Jumlah Backlog Kepemilikan Rumah",
        "rumah tangga",
        "perumahan kemiskinan",
        "tahunan",
        SRV,
        "backlog, kepemilikan rumah, perumahan",
        "Diestimasi dari Susenas atas rumah tangga yang belum menempati rumah milik sendiri.",
        [
            V(
                "Backlog kepemilikan",
                "integer",
                "rumah tangga",
                "Rumah tangga yang belum memiliki rumah.",
                "backlog",
            )
        ],
        "kab kec",
    ),
]
INDICATORS["dinas-lingkungan-hidup-dan-kebersihan"] += [
    I(
        "Indeks Kualitas Udara",
        "indeks",
        "lingkungan-hidup",
        "tahunan",
        SRV,
        "kualitas udara, polusi, lingkungan",
        "Pemantauan NO2 dan SO2 dengan metode passive sampler di kawasan industri dan permukiman.",
        [V("IKU", "decimal", "indeks", "Indeks kualitas udara.", "iku")],
        "kab kec",
    ),
]
INDICATORS["dinas-pemberdayaan-perempuan-dan-perlindungan-anak"] += [
    I(
        "Jumlah Anak yang Memerlukan Perlindungan Khusus",
        "jiwa",
        "gender perlindungan-sosial",
        "tahunan",
        ADM,
        "perlindungan anak, anak, kesejahteraan",
        "Direkap dari pendampingan UPTD PPA dan pekerja sosial.",
        [V("Jumlah AMPK", "integer", "jiwa", "Anak yang memerlukan perlindungan khusus.", "ampk")],
        "kec jk umur",
    ),
]
INDICATORS["dinas-pengendalian-penduduk-dan-keluarga-berencana"] += [
    I(
        "Jumlah Keluarga Pra Sejahtera dan Keluarga Sejahtera",
        "keluarga",
        "kependudukan kemiskinan",
        "tahunan",
        SRV,
        "keluarga sejahtera, pendataan keluarga, kemiskinan",
        "Hasil Pendataan Keluarga BKKBN.",
        [
            V("Jumlah keluarga", "integer", "keluarga", "Keluarga yang didata.", "keluarga"),
            V(
                "Tahapan kesejahteraan",
                "category",
                "",
                "Pra sejahtera hingga sejahtera III plus.",
                "tahapan",
            ),
        ],
        "kec desa",
    ),
]
INDICATORS["dinas-koperasi-dan-ukm"] += [
    I(
        "Jumlah UMKM yang Mendapat Pelatihan",
        "unit",
        "usaha pendidikan",
        "tahunan",
        ADM,
        "pelatihan umkm, kewirausahaan, usaha",
        "Direkap dari daftar peserta pelatihan dinas.",
        [V("Jumlah UMKM dilatih", "integer", "unit", "UMKM peserta pelatihan.", "dilatih")],
        "kec sektor jk",
    ),
    I(
        "Jumlah UMKM Terhubung Ekosistem Digital",
        "unit",
        "usaha komunikasi",
        "tahunan",
        TI,
        "umkm digital, marketplace, ekonomi digital",
        "Direkap dari pendampingan onboarding UMKM ke platform digital.",
        [V("Jumlah UMKM digital", "integer", "unit", "UMKM yang berjualan daring.", "digital")],
        "kec sektor",
    ),
]
INDICATORS["dinas-perindustrian-dan-perdagangan"] += [
    I(
        "Nilai Ekspor Non Migas",
        "ribu US$",
        "perdagangan industri",
        "bulanan",
        ADM,
        "ekspor, perdagangan luar negeri, industri",
        "Kompilasi surat keterangan asal dan data ekspor perusahaan di kabupaten.",
        [V("Nilai ekspor", "decimal", "ribu US$", "Nilai FOB ekspor non migas.", "ekspor")],
        "sektor bulan",
    ),
]
