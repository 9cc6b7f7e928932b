"""The metadata profile and the CKAN mapping as pure functions, on recorded real records."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from catalog import vocab
from catalog.formats import ckan
from catalog.formats.values import parse_date_loose
from schemas.lenient import tolerate
from schemas.profile import DatasetIn, normalize_region_code
from tests.factories import recorded


def test_recorded_datagoid_record_maps_and_validates() -> None:
    envelope = recorded("datagoid_package_show.json")
    package = envelope["result"]
    profile = ckan.to_profile(package, organization="dinas-kesehatan")
    data = DatasetIn().load(profile)
    assert data["title"] == "Angka kematian ibu (AKI) tahun 2025"
    assert data["slug"] == "angka-kematian-ibu-aki14"
    assert "license" not in data or data["license"] is None  # empty license on the source
    assert data["resources"][0]["format"] == "XLSX"
    assert data["resources"][0]["url"].startswith("https://data.kamparkab.go.id/")
    # unmapped extras are kept, including one whose key is a sentence
    assert data["extras"]["harvest_source_title"] == "Kabupaten Kampar - CKAN"
    assert data["extras"]["Angka kematian ibu (AKI) tahun 2025"] == "IBU"
    assert data["modified"].year == 2026


@pytest.mark.parametrize(
    ("raw", "end", "expected"),
    [
        ("2023", False, "2023-01-01"),
        ("2023", True, "2023-12-31"),
        ("2024-02", True, "2024-02-29"),
        ("17 Agustus 2023", False, "2023-08-17"),
        ("5 mei 2021", False, "2021-05-05"),
        ("17/08/2023", False, "2023-08-17"),
        ("2023-08-17T10:00:00", False, "2023-08-17"),
        ("", False, None),
    ],
)
def test_loose_dates(raw: str, end: bool, expected: str | None) -> None:
    assert parse_date_loose(raw, end=end) == expected


def test_unparseable_date_is_a_field_error() -> None:
    profile = {
        "title": "Data Contoh",
        "organization": "x",
        "temporal_start": parse_date_loose("kemarin"),
    }
    with pytest.raises(ValidationError) as info:
        DatasetIn().load(profile)
    assert "temporal_start" in info.value.messages


def test_region_codes() -> None:
    assert normalize_region_code("3603") == "36.03"
    assert normalize_region_code("360305") == "36.03.05"
    assert vocab.regions()["36.03.05"].name == "Cisoka"
    assert vocab.region_level("36.03.01.2003") == "desa"
    assert vocab.kecamatan_of("36.03.01.2003") == "36.03.01"
    kecamatan = [r for r in vocab.regions().values() if r.level == "kecamatan"]
    assert len(kecamatan) == 29


def test_tags_deduplicated_case_insensitively() -> None:
    data = DatasetIn().load(
        {
            "title": "Data Contoh",
            "organization": "x",
            "tags": ["Kesehatan", "kesehatan ", "KESEHATAN", "ibu"],
        }
    )
    # the first spelling is kept for display; search matches tags without case
    assert data["tags"] == ["Kesehatan", "ibu"]


def test_spatial_level_derived_from_codes() -> None:
    data = DatasetIn().load(
        {"title": "Data Contoh", "organization": "x", "spatial": ["36.03", "36.03.05.2001"]}
    )
    assert data["spatial_level"] == "desa"


def test_messages_are_indonesian() -> None:
    with pytest.raises(ValidationError) as info:
        DatasetIn().load({"organization": "x", "license": "gpl", "contact_email": "bukan-surel"})
    messages = info.value.messages
    assert messages["title"] == ["Wajib diisi."]
    assert messages["contact_email"] == ["Bukan alamat surel yang sah."]
    assert messages["license"][0].startswith("Nilai tidak dikenal")


def test_license_aliases_and_unknown_kept() -> None:
    mapped, _ = tolerate(ckan.to_profile({"title": "t", "license_id": "cc-by"}))
    assert mapped["license"] == "cc-by-4.0"
    odd, warnings = tolerate(ckan.to_profile({"title": "t", "license_id": "lisensi-daerah"}))
    assert "license" not in odd and odd["extras"]["license_original"] == "lisensi-daerah"
    assert [w["field"] for w in warnings] == ["license"]


def test_ckan_round_trip(app, world) -> None:  # type: ignore[no-untyped-def]
    from catalog.services import datasets
    from catalog.services.auth import SYSTEM
    from tests.factories import dataset_payload

    ctx = app.extensions["catalog"]
    with ctx.db.session() as session:
        created = datasets.create_dataset(
            session, SYSTEM, DatasetIn().load(dataset_payload(world.org))
        )
        package = ckan.from_dataset(created)
        again = DatasetIn().load(ckan.to_profile(package))
        original = datasets.profile_of(created)
    for key in (
        "title",
        "description",
        "tags",
        "topics",
        "spatial",
        "variables",
        "temporal_start",
        "temporal_end",
        "unit",
        "frequency",
        "license",
    ):
        assert again[key] == original[key], key
    assert package["organization"]["name"] == world.org
    assert {e["key"] for e in package["extras"]} >= {"frequency", "spatial", "variables"}
