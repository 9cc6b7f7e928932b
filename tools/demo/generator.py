"""Deterministic CKAN-style demo packages for the agencies of Kabupaten Tangerang.

A build-time tool, not part of the installed package: `catalog demo` only reads what it wrote,
catalog/demo/datasets.json. Its inputs are data files: the agencies
(catalog/demo/organizations.json, which `catalog demo` loads too) and the indicators each one
publishes (tools/demo/indicators.json), with the vocabularies, BPS subjects and region codes
of catalog/data/.

Titles combine an indicator template, a breakdown ("Menurut Kecamatan"), an optional place
("di Kecamatan Cisoka", "di Desa Cangkudu Kecamatan Balaraja") and a year. The same seed
always gives the same packages; nothing depends on the clock. Standard library only.

    python -m tools.demo.generator --write [--count 330]

writes catalog/demo/datasets.json (from the top of the repository).

Indicator templates (indicators.json: agency slug -> indicators) follow BPS Metadata
Statistik: each has a unit, BPS subject codes (catalog/data/topics.json), a frequency and
activity type (catalog/data/vocabularies.json), tags, a one-sentence methodology and 1-3 MS-Var
variables (name, alias, data_type, unit, definition; the generator completes the other MS-Var
fields). `breakdowns` are keys of breakdowns.json (each: a title phrase, the spatial level,
whether place variants are made, the dimension variable); an empty list means the default set
(kecamatan, kecamatan x jenis kelamin, desa).
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import itertools
import json
import re
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "catalog" / "data"
DEMO = ROOT / "catalog" / "demo"
PORTAL = "https://data.tangerangkab.go.id"
REGENCY = "36.03"
_NS_URL = uuid.NAMESPACE_URL.bytes


def _breakdowns() -> dict[str, tuple[str, str, bool, tuple[str, str] | None]]:
    """breakdowns.json as key -> (title phrase, spatial level, place variants allowed,
    dimension variable or None). A dimension variable is (name, classification) and becomes a
    "category" MS-Var entry."""
    with open(HERE / "breakdowns.json", encoding="utf-8") as fh:
        table: dict[str, dict[str, Any]] = json.load(fh)
    return {
        key: (
            row["title"],
            row["level"],
            row["places"],
            (row["dimension"]["name"], row["dimension"]["classification"])
            if row["dimension"]
            else None,
        )
        for key, row in table.items()
    }


BREAKDOWNS = _breakdowns()
DEFAULT_BREAKDOWNS = ("kec", "kecjk", "desa")

# One sentence on what the data is used for, by the dataset's first topic.
PURPOSE = {
    "kependudukan": "Data ini menjadi dasar perencanaan pelayanan publik berbasis jumlah "
    "dan sebaran penduduk.",
    "tenaga-kerja": "Data ini dipakai untuk merencanakan perluasan kesempatan kerja dan "
    "pelatihan tenaga kerja.",
    "pendidikan": "Data ini dipakai untuk memantau pemerataan akses dan mutu pendidikan.",
    "kesehatan": "Data ini dipakai untuk memantau derajat kesehatan masyarakat dan "
    "menentukan prioritas intervensi kesehatan.",
    "konsumsi-pendapatan": "Data ini menggambarkan tingkat kesejahteraan dan daya beli "
    "rumah tangga.",
    "perlindungan-sosial": "Data ini dipakai untuk menyasar bantuan sosial kepada warga miskin "
    "dan rentan secara tepat.",
    "perumahan": "Data ini mendukung penanganan perumahan dan kawasan permukiman yang layak huni.",
    "hukum-kriminal": "Data ini dipakai untuk menjaga ketertiban umum dan perlindungan masyarakat.",
    "budaya": "Data ini dipakai untuk pelestarian budaya dan pengembangan kegiatan masyarakat.",
    "politik": "Data ini mendukung pembinaan kehidupan demokrasi dan kerukunan masyarakat.",
    "harga": "Data ini dipakai untuk pengendalian inflasi dan stabilitas harga daerah.",
    "pertanian": "Data ini mendukung perencanaan produksi dan ketahanan pangan daerah.",
    "industri": "Data ini menggambarkan perkembangan sektor industri dalam perekonomian daerah.",
    "konstruksi": "Data ini dipakai untuk memprioritaskan pembangunan dan pemeliharaan "
    "infrastruktur.",
    "pariwisata": "Data ini dipakai untuk mengembangkan destinasi dan ekonomi pariwisata.",
    "transportasi": "Data ini dipakai untuk perencanaan transportasi dan keselamatan jalan.",
    "komunikasi": "Data ini mendukung transformasi digital dan keterbukaan informasi publik.",
    "keuangan": "Data ini menggambarkan kapasitas fiskal dan pengelolaan keuangan daerah.",
    "perdagangan": "Data ini menggambarkan kegiatan perdagangan dan perekonomian masyarakat.",
    "neraca-nasional": "Data ini menggambarkan struktur dan pertumbuhan ekonomi daerah.",
    "usaha": "Data ini dipakai untuk pemberdayaan usaha dan penguatan ekonomi kerakyatan.",
    "lingkungan-hidup": "Data ini dipakai untuk pengendalian pencemaran dan perlindungan "
    "lingkungan hidup.",
    "kemiskinan": "Data ini menjadi acuan program penanggulangan kemiskinan daerah.",
    "gender": "Data ini mendukung pengarusutamaan gender dan perlindungan kelompok rentan.",
    "wilayah": "Data ini menggambarkan kondisi wilayah dan pembangunan desa.",
    "pemerintahan": "Data ini dipakai untuk evaluasi kinerja penyelenggaraan pemerintahan daerah.",
    "bencana": "Data ini dipakai untuk kesiapsiagaan dan pengurangan risiko bencana.",
}
TOPIC_TAG = {
    "neraca-nasional": "perekonomian", "konsumsi-pendapatan": "pengeluaran",
    "hukum-kriminal": "ketertiban", "usaha": "umkm", "wilayah": "desa",
    "bencana": "kebencanaan", "harga": "harga", "politik": "politik",
}  # fmt: skip
FREQ_PHRASE = {
    "tidak-tetap": "tidak berkala", "sekali": "satu kali", "harian": "setiap hari",
    "mingguan": "setiap minggu", "bulanan": "setiap bulan", "triwulanan": "setiap triwulan",
    "semesteran": "setiap semester", "tahunan": "setiap tahun",
    "dua-tahunan": "setiap dua tahun", "lima-tahunan": "setiap lima tahun",
    "sepuluh-tahunan": "setiap sepuluh tahun",
}  # fmt: skip
ACTIVITY_PHRASE = {
    "survei": "survei",
    "kompilasi-administrasi": "kompilasi produk administrasi",
    "cara-lain": "pengolahan data sistem informasi",
}
# (extension, mimetype, min size, max size, description)
FORMATS = {
    "XLSX": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        12_000,
        260_000,
        "Tabel data dalam format Excel.",
    ),
    "CSV": ("csv", "text/csv", 1_200, 60_000, "Data tabel dalam format CSV dengan pemisah koma."),
    "PDF": ("pdf", "application/pdf", 80_000, 3_000_000, "Dokumen publikasi dalam format PDF."),
    "JSON": (
        "json",
        "application/json",
        2_000,
        90_000,
        "Data dalam format JSON untuk integrasi antarsistem.",
    ),
}
STAFF = (
    "Siti Nurhaliza", "Ahmad Fauzi", "Dewi Lestari", "Rudi Hartono", "Nur Aisyah",
    "Budi Santoso", "Rina Marlina", "Agus Salim", "Yuliana Putri", "Hendra Gunawan",
    "Fitri Handayani", "Dedi Supriadi", "Intan Permata", "Eko Prasetyo", "Lina Herlina",
    "Muhammad Rizki", "Tuti Alawiyah", "Asep Saepudin", "Wulan Sari", "Iwan Setiawan",
)  # fmt: skip
LICENSES = (("cc-by-4.0", 84), ("cc-by-sa-4.0", 6), ("cc0-1.0", 4), ("odc-by", 3),
            ("notspecified", 3))  # fmt: skip


def _load_json(name: str) -> Any:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def _labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    vocab = _load_json("vocabularies.json")
    topics = {t["code"]: t["id"] for t in _load_json("topics.json")}
    freqs = {t["code"]: t["id"] for t in vocab["frequencies"]}
    activities = {t["code"]: t["id"] for t in vocab["activity_types"]}
    return topics, freqs, activities


def _regions() -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    """Kecamatan (code, name) and desa (code, name, tingkat, kecamatan code) from the CSV."""
    kecamatan, desa = [], []
    with open(DATA / "wilayah_3603.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["tingkat"] == "kecamatan":
                kecamatan.append((row["kode"], row["nama"]))
            elif row["tingkat"] in ("desa", "kelurahan"):
                desa.append((row["kode"], row["nama"], row["tingkat"], row["induk"]))
    return kecamatan, desa


def uuid5(name: str) -> str:
    """str(uuid.uuid5(uuid.NAMESPACE_URL, name)), without the UUID object (it is hot here)."""
    digest = bytearray(hashlib.sha1(_NS_URL + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def organizations() -> list[dict[str, Any]]:
    """The demo agencies (catalog/demo/organizations.json)."""
    with open(DEMO / "organizations.json", encoding="utf-8") as fh:
        result: list[dict[str, Any]] = json.load(fh)
    return result


def _indicators() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(organization, indicator) pairs in a fixed order (indicators.json's)."""
    orgs = {o["name"]: o for o in organizations()}
    with open(HERE / "indicators.json", encoding="utf-8") as fh:
        indicators: dict[str, list[dict[str, Any]]] = json.load(fh)
    return [(orgs[slug], ind) for slug, inds in indicators.items() for ind in inds]


def _combos(
    n: int,
    rng: Random,
    pairs: list[tuple[dict[str, Any], dict[str, Any]]],
    years: list[int],
    kec_count: int,
    desa_count: int,
) -> Iterator[tuple[int, str, int, int, int]]:
    """Distinct (indicator, breakdown, year, kecamatan index, desa index) choices; -1 = none.

    Tier 0 is the whole regency; tier 1 adds a kecamatan, tier 2 a desa, to breakdowns that
    allow a place. Each tier is drawn in random order and only while more are needed.
    """
    base = [(i, b) for i, (_, ind) in enumerate(pairs) for b in ind["breakdowns"]
            or DEFAULT_BREAKDOWNS]  # fmt: skip
    local = [(i, b) for i, b in base if BREAKDOWNS[b][2]]
    local_desa = [(i, b) for i, b in local if b != "desa"]
    ny = len(years)
    tiers = (
        (base, 1, False),
        (local, kec_count, False),
        (local_desa, desa_count, True),
    )
    left = n
    for items, places, is_desa in tiers:
        size = len(items) * places * ny
        if left <= 0 or size == 0:
            continue
        if items is base:  # a full shuffle keeps the first titles the same for any n
            order: Any = list(range(size))
            rng.shuffle(order)
            order = order[:left]
        else:
            order = rng.sample(range(size), min(left, size))
        for code in order:
            code, y = divmod(code, ny)
            k, place = divmod(code, places)
            i, b = items[k]
            if items is base:
                yield i, b, years[y], -1, -1
            elif is_desa:
                yield i, b, years[y], -1, place
            else:
                yield i, b, years[y], place, -1
        left -= size
    while left > 0:  # more than every title: titles repeat, slugs get a suffix
        for i, b in base:
            for year in years:
                if left <= 0:
                    return
                yield i, b, year, -1, -1
                left -= 1


def _weighted(rng: Random, options: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in options)
    pick = rng.random() * total
    for value, weight in options:
        pick -= weight
        if pick < 0:
            return value
    return options[-1][0]


def _measure(unit: str) -> str:
    u = unit.lower()
    if "persen" in u:
        return "Persentase"
    if "indeks" in u or "skor" in u:
        return "Indeks"
    if "rasio" in u or "per " in u or "/" in u:
        return "Rasio"
    if "rupiah" in u or "us$" in u:
        return "Nilai"
    return "Jumlah"


def _validation(data_type: str, unit: str) -> str:
    if data_type == "category":
        return "Harus salah satu kode pada klasifikasi isian."
    if "persen" in unit:
        return "Nilai antara 0 dan 100."
    if data_type == "integer":
        return "Bilangan bulat tidak negatif."
    return "Bilangan desimal tidak negatif, dua angka di belakang koma."


def _variables(ind: dict[str, Any], bd: str, year: int, freq_label: str) -> list[dict[str, Any]]:
    """The MS-Var entries of a dataset: its breakdown dimension, then the indicator's own."""
    label, _, _, dim = BREAKDOWNS[bd]
    period = (
        f"Tahun {year}"
        if ind["frequency"] in ("tahunan", "lima-tahunan")
        else (f"Januari-Desember {year} ({freq_label.lower()})")
    )
    survey = ind["activity_type"] == "survei"
    out = []
    if dim:
        name, classification = dim
        out.append({
            "name": name, "alias": slugify(name).replace("-", "_"), "concept": name,
            "definition": f"Rincian penyajian {ind['title'].lower()} {label.lower()}.",
            "reference_period": period, "data_type": "category",
            "classification": classification, "measure": "", "unit": "",
            "validation_rule": _validation("category", ""),
            "question": f"{name}?" if survey else "", "public": True,
        })  # fmt: skip
    for var in ind["variables"]:
        unit = var["unit"]
        out.append({
            "name": var["name"], "alias": var["alias"] or slugify(var["name"]).replace("-", "_"),
            "concept": ind["title"], "definition": var["definition"],
            "reference_period": period, "data_type": var["data_type"],
            "classification": label if var["data_type"] != "category" else "",
            "measure": _measure(unit) if var["data_type"] != "category" else "", "unit": unit,
            "validation_rule": _validation(var["data_type"], unit),
            "question": f"Berapa {var['name'].lower()} pada {period.lower()}?" if survey else "",
            "public": var.get("public", True),
        })  # fmt: skip
    return out


def generate_packages(
    n: int, seed: int = 3603, start_year: int = 2019, end_year: int = 2025
) -> Iterator[dict[str, Any]]:
    """Yield `n` deterministic CKAN package dicts with distinct names and (normally) titles.

    Packages are built in batches with the cyclic garbage collector paused: they hold no
    reference cycles, and collecting while a caller keeps 100,000 of them in a list would
    otherwise cost more than building them. The collector's state is restored before
    anything is yielded.
    """
    packages = _packages(n, seed, start_year, end_year)
    while True:
        paused = gc.isenabled()
        gc.disable()
        try:
            batch = list(itertools.islice(packages, 2000))
        finally:
            if paused:
                gc.enable()
        if not batch:
            return
        yield from batch


def _packages(n: int, seed: int, start_year: int, end_year: int) -> Iterator[dict[str, Any]]:
    topics, freqs, _ = _labels()
    kecamatan, desa = _regions()
    kec_names = dict(kecamatan)
    all_kec = ",".join(code for code, _ in kecamatan)
    pairs = _indicators()
    years = list(range(start_year, end_year + 1))
    pick = Random(seed)  # which titles
    rng = Random(seed * 7919 + 1)  # everything else: a package's details do not depend on n
    seen: set[str] = set()
    variables_cache: dict[tuple[int, str, int], str] = {}
    ind_slug = [slugify(ind["title"]) for _, ind in pairs]
    for i, bd, year, k, d in _combos(n, pick, pairs, years, len(kecamatan), len(desa)):
        org, ind = pairs[i]
        label, level, _, _ = BREAKDOWNS[bd]
        if k >= 0:
            code, pname = kecamatan[k]
            place, where = f" di Kecamatan {pname}", f"Kecamatan {pname}"
            spatial, level = code, "desa" if level == "desa" else "kecamatan"
        elif d >= 0:
            code, pname, tingkat, parent = desa[d]
            kind = "Kelurahan" if tingkat == "kelurahan" else "Desa"
            place = f" di {kind} {pname} Kecamatan {kec_names[parent]}"
            where = f"{kind} {pname}, Kecamatan {kec_names[parent]}"
            spatial, level = code, "desa"
        else:
            place, where = "", "Kabupaten Tangerang"
            spatial = all_kec if level in ("kecamatan", "desa") else REGENCY
        if bd == "kab":
            title = f"{ind['title']} Kabupaten Tangerang Tahun {year}"
            phrase = f"Kabupaten Tangerang tahun {year}"
        else:
            title = f"{ind['title']} {label}{place} Tahun {year}"
            phrase = f"{label.lower()} di {where} tahun {year}"
        name = slugify(title)
        if len(name) > 100:  # shorten the breakdown and place first, then the indicator
            short = place.replace(" di ", " ").replace(" Kecamatan ", " ")
            tail = slugify(f"{label.removeprefix('Menurut ')} {short} {year}")
            name = f"{ind_slug[i][: 99 - len(tail)].rstrip('-')}-{tail}"
        if name in seen:
            base, extra = name[:96].rstrip("-"), 2
            while f"{base}-{extra}" in seen:
                extra += 1
            name = f"{base}-{extra}"
        seen.add(name)
        yield _package(rng, org, ind, bd, year, title, name, phrase, spatial, level,
                       topics, freqs, variables_cache, i)  # fmt: skip


def _package(
    rng: Random,
    org: dict[str, Any],
    ind: dict[str, Any],
    bd: str,
    year: int,
    title: str,
    name: str,
    phrase: str,
    spatial: str,
    level: str,
    topics: dict[str, str],
    freqs: dict[str, str],
    variables_cache: dict[tuple[int, str, int], str],
    index: int,
) -> dict[str, Any]:
    rand = rng.random
    identifier = f"{PORTAL}/dataset/{name}"
    sparse = rng.random() < 0.10  # some producers leave out unit, methodology and variables
    topic = ind["topics"][0]
    sentences = [
        f"Data **{ind['title']}** {phrase}.",
        f"Data dihasilkan oleh {org['title']} melalui {ACTIVITY_PHRASE[ind['activity_type']]} "
        f"dan diperbarui {FREQ_PHRASE[ind['frequency']]}.",
    ]
    if not sparse or rng.random() < 0.5:
        sentences.append(PURPOSE[topic])
    if not sparse and rng.random() < 0.5:
        sentences.append(rng.choice((
            f"Nilai disajikan dalam satuan {ind['unit']}.",
            "Data ini merupakan bagian dari Satu Data Kabupaten Tangerang.",
            "Angka tahun terakhir dapat berubah setelah pemutakhiran data.",
        )))  # fmt: skip
    tags = list(ind["tags"])
    extra_tag = TOPIC_TAG.get(topic, topic.replace("-", " "))
    if extra_tag not in tags:
        tags.append(extra_tag)
    created = datetime(year + 1, 1, 6, 7) + timedelta(
        days=int(rand() * 176), hours=int(rand() * 9), minutes=5 * int(rand() * 12)
    )
    modified = created + timedelta(
        days=int(rand() * 121), hours=int(rand() * 8), minutes=int(rand() * 60),
        seconds=int(rand() * 60),
    )  # fmt: skip
    primary = _weighted(rng, (("XLSX", 55), ("CSV", 35), ("PDF", 5), ("JSON", 5)))
    formats = [primary]
    others = [f for f in ("CSV", "XLSX", "PDF", "JSON") if f != primary]
    rng.shuffle(others)
    formats += others[: (rng.random() < 0.4) + (rng.random() < 0.15)]
    upper = rng.random() < 0.2
    resources = []
    for pos, fmt in enumerate(formats):
        ext, mime, low, high, desc = FORMATS[fmt]
        rid = uuid5(f"{identifier}/resource/{pos}")
        resources.append({
            "id": rid,
            "name": f"{title.upper() if upper else title}.{ext}",
            "url": f"{identifier}/resource/{rid}/download/{name}.{ext}",
            "format": fmt, "mimetype": mime, "size": low + int(rand() * (high - low)),
            "description": desc,
        })  # fmt: skip
    extras = [
        {"key": "frequency", "value": ind["frequency"]},
        {"key": "activity_type", "value": ind["activity_type"]},
        {"key": "temporal_start", "value": f"{year}-01-01"},
        {"key": "temporal_end", "value": f"{year}-12-31"},
        {"key": "spatial", "value": spatial},
        {"key": "spatial_level", "value": level},
    ]
    if not sparse:
        extras += [
            {"key": "unit", "value": ind["unit"]},
            {"key": "methodology", "value": ind["methodology"]},
        ]
    extras += [
        {"key": "access_level", "value": "public"},
        {"key": "identifier", "value": identifier},
    ]
    if not sparse:
        key = (index, bd, year)
        text = variables_cache.get(key)
        if text is None:
            variables = _variables(ind, bd, year, freqs[ind["frequency"]])
            text = variables_cache[key] = json.dumps(variables, ensure_ascii=False)
        extras.append({"key": "variables", "value": text})
    return {
        "id": uuid5(identifier),
        "name": name,
        "title": title,
        "notes": " ".join(sentences),
        "organization": {"name": org["name"], "title": org["title"]},
        "tags": [{"name": t} for t in tags],
        "groups": [{"name": t, "title": topics[t]} for t in ind["topics"]],
        "license_id": "cc-by-4.0" if org["kind"] == "bps" else _weighted(rng, LICENSES),
        "maintainer": STAFF[int(rand() * len(STAFF))],
        "maintainer_email": org["email"],
        "metadata_created": created.isoformat(),
        "metadata_modified": modified.isoformat(),
        "url": "",
        "resources": resources,
        "extras": extras,
    }


def write(count: int = 330, seed: int = 3603, folder: Path = DEMO) -> Path:
    """Write datasets.json (byte-identical for the same arguments and inputs)."""
    path = folder / "datasets.json"
    text = json.dumps(list(generate_packages(count, seed=seed)), indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the JSON files")
    parser.add_argument("--count", type=int, default=330, help="number of datasets")
    parser.add_argument("--seed", type=int, default=3603)
    args = parser.parse_args(argv)
    if args.write:
        print(f"wrote {write(args.count, args.seed)}")
        return 0
    started = time.perf_counter()
    total = sum(1 for _ in generate_packages(args.count, seed=args.seed))
    print(f"{total} packages in {time.perf_counter() - started:.2f} s (use --write to save)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
