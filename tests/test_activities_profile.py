"""The MS-Keg profile of a statistical activity (schemas/activity.py): every required field is
refused when missing with a field-level Indonesian message, the survey-only block (V, desain
sampel) is required only for surveys and kept with a warning otherwise, schedule dates are in
order, a recurring activity needs its frequency; through the API the same messages come back as
a 422 with field paths."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask.testing import FlaskClient
from marshmallow import ValidationError

from schemas.activity import (
    BLOCKS,
    IDENTITY,
    M_DATE_ORDER,
    M_FREQUENCY,
    M_NOT_SURVEY,
    M_SURVEY_ONLY,
    ActivityIn,
    date_ranges,
)
from schemas.fields import M_REQUIRED, flatten_messages
from tests.activity_helpers import activity_payload, administrative_payload
from tests.conftest import World

# Written out here, independently of the table: what MS-Keg (Peraturan BPS 5/2020) asks for
# and this catalog makes required.
REQUIRED_IDENTITY = ("organization", "title", "year", "method", "sector", "kind")
REQUIRED_BLOCKS = (
    "penyelenggara",
    "penanggung_jawab",
    "perencanaan",
    "desain_kegiatan",
    "pengolahan",
    "diseminasi",
)
REQUIRED_IN_BLOCKS = {
    "penyelenggara": ("nama_instansi", "unit_kerja", "alamat"),
    "penanggung_jawab": ("nama", "jabatan", "email"),
    "perencanaan": (
        "latar_belakang",
        "tujuan",
        "jadwal_pengumpulan_mulai",
        "jadwal_pengumpulan_selesai",
    ),
    "desain_kegiatan": (
        "tipe_pengumpulan",
        "cakupan_wilayah",
        "metode_pengumpulan",
        "sarana_pengumpulan",
        "unit_pengumpulan",
    ),
    "desain_sampel": (
        "jenis_rancangan",
        "metode_pemilihan",
        "metode_sampel",
        "kerangka_sampel",
        "ukuran_sampel",
        "unit_sampel",
        "unit_observasi",
        "level_estimasi",
    ),
    "pengolahan": ("tahapan", "metode_analisis", "unit_analisis", "tingkat_penyajian"),
    "diseminasi": ("produk",),
}
REQUIRED_PATHS = [(block, name) for block, names in REQUIRED_IN_BLOCKS.items() for name in names]


def errors_of(payload: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        ActivityIn().load(payload)
    return flatten_messages(caught.value.messages)


def test_the_field_table_is_the_one_the_tests_expect() -> None:
    """BLOCKS holds blocks I-VIII in order; its required fields are the ones listed above."""
    assert [b.key for b in BLOCKS] == [
        "penyelenggara",
        "penanggung_jawab",
        "perencanaan",
        "desain_kegiatan",
        "desain_sampel",
        "penjaminan_kualitas",
        "pengolahan",
        "diseminasi",
    ]
    assert [b.label.split(".")[0] for b in BLOCKS] == [
        f"Blok {n}" for n in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
    ]
    table = {b.key: tuple(f.name for f in b.fields if f.required) for b in BLOCKS}
    assert {k: v for k, v in table.items() if v} == REQUIRED_IN_BLOCKS
    assert {b.key for b in BLOCKS if b.needed == "always"} == set(REQUIRED_BLOCKS)
    assert {b.key for b in BLOCKS if b.needed == "survey"} == {"desain_sampel"}
    # every entry unpacks as (name, label, kind, required, choices)
    for block in BLOCKS:
        key, label, fields, _needed = block
        assert key and label
        for name, field_label, kind, required, choices in fields:
            assert name and field_label and isinstance(required, bool)
            assert (kind in {"choice", "choices"}) == bool(choices), name
    # the schema derives from the table: a field per entry, no other
    schema = ActivityIn()
    for block in BLOCKS:
        nested = schema.fields[block.key].schema  # type: ignore[attr-defined]
        assert list(nested.fields) == [f.name for f in block.fields]
    assert {f.name for f in IDENTITY} <= set(schema.fields)


def test_a_complete_survey_and_an_administrative_compilation_load() -> None:
    survey = ActivityIn().load(activity_payload("dinas-kesehatan"))
    assert survey["desain_sampel"]["metode_sampel"] == ["pps", "sistematik"]
    # dates are kept as text (the profile is JSON), every field of a block is present
    assert survey["perencanaan"]["jadwal_pengumpulan_mulai"] == "2026-03-02"
    assert set(survey["penanggung_jawab"]) == {"nama", "jabatan", "email", "telepon"}
    assert survey["penanggung_jawab"]["telepon"] is None
    admin = ActivityIn().load(administrative_payload("dinas-kesehatan"))
    assert admin["desain_sampel"] is None


@pytest.mark.parametrize("name", REQUIRED_IDENTITY)
def test_every_identity_field_is_required(name: str) -> None:
    payload = activity_payload("dinas-kesehatan")
    del payload[name]
    assert errors_of(payload)[name] == [M_REQUIRED]


@pytest.mark.parametrize("block", REQUIRED_BLOCKS)
def test_every_block_but_the_survey_and_quality_ones_is_required(block: str) -> None:
    for payload in (activity_payload("x"), administrative_payload("x")):
        del payload[block]
        assert errors_of(payload) == {block: [M_REQUIRED]}
        payload[block] = None
        assert list(errors_of(payload)) == [block]


@pytest.mark.parametrize(("block", "name"), REQUIRED_PATHS)
def test_every_required_field_of_a_block_is_refused_when_missing(block: str, name: str) -> None:
    for value in ("missing", None, ""):
        payload = activity_payload("dinas-kesehatan")
        if value == "missing":
            del payload[block][name]
        else:
            payload[block][name] = value
        errors = errors_of(payload)
        assert list(errors) == [f"{block}.{name}"], (value, errors)
        if value == "missing":
            assert errors[f"{block}.{name}"] == [M_REQUIRED]
        elif value is None:
            assert errors[f"{block}.{name}"] == ["Tidak boleh kosong (null)."]


def assert_required(payload: dict[str, Any], field: str, message: str) -> None:
    """`field`, left out of `payload` or null, is refused with `message` (left null)."""
    del payload[field]
    assert errors_of(payload) == {field: [message]}
    payload[field] = None
    assert errors_of(payload) == {field: [message]}


def test_a_list_of_choices_needs_at_least_one() -> None:
    payload = activity_payload("dinas-kesehatan")
    payload["desain_kegiatan"]["sarana_pengumpulan"] = []
    assert errors_of(payload) == {
        "desain_kegiatan.sarana_pengumpulan": ["Pilih paling sedikit satu (paling banyak 20)."]
    }


def test_sample_design_is_required_for_surveys_only() -> None:
    assert_required(activity_payload("dinas-kesehatan"), "desain_sampel", M_SURVEY_ONLY)
    for method in ("kompilasi_produk_administrasi", "cara_lain"):
        assert (
            ActivityIn().load(administrative_payload("x", method=method))["desain_sampel"] is None
        )
        # given anyway: kept (validated like a survey's), not refused
        kept = ActivityIn().load(
            administrative_payload(
                "x", method=method, desain_sampel=activity_payload("x")["desain_sampel"]
            )
        )
        assert kept["desain_sampel"]["ukuran_sampel"] == 1200


def test_quality_block_is_optional() -> None:
    payload = activity_payload("dinas-kesehatan")
    del payload["penjaminan_kualitas"]
    assert ActivityIn().load(payload)["penjaminan_kualitas"] is None


@pytest.mark.parametrize(
    ("block", "start", "end"),
    [(b.key, s, e) for b in BLOCKS for s, e in date_ranges(b)],
)
def test_schedule_end_not_before_start(block: str, start: str, end: str) -> None:
    payload = activity_payload("dinas-kesehatan")
    payload[block][start] = "2026-05-10"
    payload[block][end] = "2026-05-09"
    assert errors_of(payload) == {f"{block}.{end}": [M_DATE_ORDER]}
    payload[block][end] = "2026-05-10"  # one day is a schedule too
    ActivityIn().load(payload)


def test_every_schedule_phase_is_checked() -> None:
    pairs = [pair for b in BLOCKS for pair in date_ranges(b)]
    assert {s.removesuffix("_mulai") for s, _ in pairs} == {
        f"jadwal_{phase}" for phase in ("perencanaan", "pengumpulan", "pengolahan", "diseminasi")
    }


def test_bad_dates_are_field_errors() -> None:
    payload = activity_payload("dinas-kesehatan")
    payload["perencanaan"]["jadwal_pengumpulan_mulai"] = "30-04-2026"
    assert errors_of(payload) == {
        "perencanaan.jadwal_pengumpulan_mulai": ["Bukan tanggal yang sah (format TTTT-BB-HH)."]
    }


def test_frequency_required_when_recurring() -> None:
    payload = activity_payload("dinas-kesehatan")
    assert_required(payload, "frequency", M_FREQUENCY)
    payload["frequency"] = "sekali"  # not a frequency of a recurring activity
    assert list(errors_of(payload)) == ["frequency"]
    once = ActivityIn().load(activity_payload("x", kind="sekali", frequency="tahunan"))
    assert once["frequency"] is None  # a one-off activity has no frequency
    assert ActivityIn().load(activity_payload("x", kind="sekali", frequency=None))


@pytest.mark.parametrize(
    ("path", "value", "message_part"),
    [
        ("method", "sensus", "pilihan: survei, kompilasi_produk_administrasi, cara_lain"),
        ("kind", "kadang", "pilihan: sekali, berulang"),
        ("year", 1900, "Tahun harus 1945 sampai 2100."),
        ("title", "ab", "Panjang harus antara 3 dan 500 karakter."),
        ("desain_kegiatan.tipe_pengumpulan", "panel", "pilihan: cross_section"),
        ("desain_kegiatan.sarana_pengumpulan", ["capi", "pos"], "pilihan: papi, capi"),
        ("desain_sampel.ukuran_sampel", 0, "Harus bilangan bulat 1 sampai 10^9."),
        ("penanggung_jawab.email", "bukan-surel", "Bukan alamat surel yang sah."),
        ("penyelenggara.telepon", "telp 12", "Bukan nomor telepon yang sah"),
    ],
)
def test_invalid_values_have_field_messages(path: str, value: Any, message_part: str) -> None:
    payload = activity_payload("dinas-kesehatan")
    target, *rest = path.split(".")
    if rest:
        payload[target][rest[0]] = value
    else:
        payload[target] = value
    errors = errors_of(payload)
    shown = {k.rsplit(".", 1)[0] if k.endswith(".1") else k: v for k, v in errors.items()}
    assert list(shown) == [path], errors
    assert message_part in " ".join(next(iter(errors.values())))


def test_sample_methods_match_the_selection() -> None:
    payload = activity_payload("dinas-kesehatan")
    payload["desain_sampel"]["metode_pemilihan"] = "non_probability"
    errors = errors_of(payload)
    assert list(errors) == ["desain_sampel.metode_sampel"]
    assert "non_probability" in errors["desain_sampel.metode_sampel"][0]
    payload["desain_sampel"]["metode_sampel"] = ["purposive"]
    ActivityIn().load(payload)


def test_unknown_fields_are_refused() -> None:
    payload = activity_payload("dinas-kesehatan")
    payload["penyelenggara"]["faks"] = "021-1"
    payload["blok_ix"] = {}
    errors = errors_of(payload)
    assert errors == {
        "penyelenggara.faks": ["Kolom tidak dikenal."],
        "blok_ix": ["Kolom tidak dikenal."],
    }


def test_text_is_sanitized() -> None:
    payload = activity_payload("dinas-kesehatan")
    payload["perencanaan"]["tujuan"] = "Mengukur <script>alert(1)</script>prevalensi"
    assert ActivityIn().load(payload)["perencanaan"]["tujuan"] == "Mengukur prevalensi"


# ------------------------------------------------------------------ through the API


def test_api_refuses_missing_fields_with_422_and_field_paths(
    client: FlaskClient, world: World
) -> None:
    payload = activity_payload(world.org)
    del payload["desain_sampel"]
    del payload["penyelenggara"]["nama_instansi"]
    payload["perencanaan"]["jadwal_pengumpulan_selesai"] = "2026-01-01"
    response = client.post("/api/v1/activities", json=payload, headers=world.auth("editor"))
    assert response.status_code == 422, response.json
    errors = response.json["errors"]
    assert errors["desain_sampel"] == [M_SURVEY_ONLY]
    assert errors["penyelenggara.nama_instansi"] == [M_REQUIRED]
    assert errors["perencanaan.jadwal_pengumpulan_selesai"] == [M_DATE_ORDER]
    assert client.get("/api/v1/activities").json["total"] == 0


def test_api_keeps_a_sample_design_of_a_non_survey_with_a_warning(
    client: FlaskClient, world: World
) -> None:
    payload = administrative_payload(
        world.org, desain_sampel=copy.deepcopy(activity_payload("x")["desain_sampel"])
    )
    response = client.post("/api/v1/activities", json=payload, headers=world.auth("editor"))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["desain_sampel"]["ukuran_sampel"] == 1200
    assert body["warnings"] == [
        {"field": "desain_sampel", "code": "survey_only", "message": M_NOT_SURVEY}
    ]
    plain = client.post(
        "/api/v1/activities", json=administrative_payload(world.org), headers=world.auth("editor")
    )
    assert plain.json["warnings"] == [] and plain.json["desain_sampel"] is None
    survey = client.post(
        "/api/v1/activities", json=activity_payload(world.org), headers=world.auth("editor")
    )
    assert survey.json["warnings"] == []
