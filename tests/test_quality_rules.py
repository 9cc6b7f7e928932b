"""The quality rules (catalog/quality/rules.py) as pure functions: a fully described dataset
has every point, an empty one none, and a dataset missing exactly one item loses exactly
that rule's points and gets its message, linking to the editor's field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from catalog.quality.rules import (
    MQA_MAX,
    RULES,
    RULES_BY_ID,
    Facts,
    Link,
    assess,
    rating,
)

TODAY = date(2026, 6, 1)
CSV_URL = "https://data.example.go.id/d/penduduk.csv"
API_URL = "https://data.example.go.id/api/penduduk"


def full_profile() -> dict[str, Any]:
    variable = {
        "name": "jumlah_penduduk",
        "alias": "Jumlah penduduk",
        "concept": "Penduduk",
        "definition": "Semua orang yang berdomisili di wilayah ini.",
        "classification": "Jenis kelamin",
        "measure": "Jumlah",
        "unit": "jiwa",
        "data_type": "integer",
        "reference_period": "31 Desember",
    }
    return {
        "title": "Jumlah Penduduk Menurut Kecamatan",
        "description": "Jumlah penduduk per kecamatan.",
        "organization": "disdukcapil",
        "tags": ["penduduk"],
        "topics": ["kependudukan"],
        "spatial": ["36.03"],
        "spatial_geometry": None,
        "temporal_start": date(2025, 1, 1),
        "temporal_end": date(2025, 12, 31),
        "license": "cc-by-4.0",
        "access_level": "public",
        "contact_name": "Rina",
        "contact_email": "data@example.go.id",
        "issued": datetime(2025, 2, 1, 8, 0),
        "modified": datetime(2026, 2, 1, 8, 0),
        "frequency": "tahunan",
        "activity_type": "kompilasi-administrasi",
        "methodology": "Direkap dari data kependudukan.",
        "extras": {
            "ms_ind": "ya",
            "ms_ind_interpretasi": "Makin besar makin banyak.",
            "ms_ind_rumus": "Jumlah semua penduduk.",
            "ms_ind_level_estimasi": "Kecamatan",
        },
        "variables": [variable],
        "resources": [
            {"name": "CSV", "url": CSV_URL, "format": "CSV", "media_type": "text/csv",
             "size": 1200},
            {"name": "API", "url": API_URL, "format": "API", "media_type": "application/json",
             "size": 300},
        ],
    }  # fmt: skip


def full_links() -> dict[str, Link]:
    return {
        CSV_URL: Link(ok=True, status=200, detected_format="CSV"),
        API_URL: Link(ok=True, status=200, detected_format="JSON"),
    }


def facts(profile: dict[str, Any] | None = None, links: dict[str, Link] | None = None) -> Facts:
    return Facts(
        profile if profile is not None else full_profile(),
        full_links() if links is None else links,
        TODAY,
    )


def test_a_fully_described_dataset_has_the_maximum() -> None:
    result = assess(facts())
    assert result.mqa_score == MQA_MAX == 405
    assert result.mqa_rating == "sangat_baik"
    assert result.sdi_percent == 100
    assert result.missing == ()
    assert result.dimensions == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }


def test_an_empty_dataset_has_zero() -> None:
    result = assess(Facts({}, {}, TODAY))
    assert result.mqa_score == 0
    assert result.mqa_rating == "kurang"
    assert {m.rule for m in result.missing if m.view == "mqa"} == {
        r.id for r in RULES if r.view == "mqa"
    }


def test_the_mqa_weights_add_up_to_405_per_dimension_as_data_europa_eu() -> None:
    per_dim: dict[str, int] = {}
    for rule in RULES:
        if rule.view == "mqa":
            per_dim[rule.dimension] = per_dim.get(rule.dimension, 0) + rule.points
    assert per_dim == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }


@pytest.mark.parametrize(
    ("score", "expected"),
    [(405, "sangat_baik"), (351, "sangat_baik"), (350, "baik"), (221, "baik"), (220, "cukup"),
     (121, "cukup"), (120, "kurang"), (0, "kurang")],
)  # fmt: skip
def test_rating_bands(score: int, expected: str) -> None:
    assert rating(score) == expected


Mutation = Callable[[dict[str, Any], dict[str, Link]], None]


def _set(**values: Any) -> Mutation:
    def mutate(p: dict[str, Any], _links: dict[str, Link]) -> None:
        p.update(values)

    return mutate


def _res(i: int, **values: Any) -> Mutation:
    def mutate(p: dict[str, Any], _links: dict[str, Link]) -> None:
        p["resources"][i].update(values)

    return mutate


def _var(**values: Any) -> Mutation:
    def mutate(p: dict[str, Any], _links: dict[str, Link]) -> None:
        p["variables"][0].update(values)

    return mutate


def _link(url: str, link: Link) -> Mutation:
    def mutate(_p: dict[str, Any], links: dict[str, Link]) -> None:
        links[url] = link

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(p: dict[str, Any], links: dict[str, Link]) -> None:
        for m in mutations:
            m(p, links)

    return mutate


def _formats(first: str, second: str) -> Mutation:
    """Both resources in other formats (their links answer, the content not sniffed)."""
    return _both(
        _res(0, format=first),
        _res(1, format=second),
        _link(CSV_URL, Link(ok=True, status=200)),
        _link(API_URL, Link(ok=True, status=200)),
    )


def _drop_extra(key: str) -> Mutation:
    def mutate(p: dict[str, Any], _links: dict[str, Link]) -> None:
        del p["extras"][key]

    return mutate


def _drop_resource(i: int) -> Mutation:
    def mutate(p: dict[str, Any], _links: dict[str, Link]) -> None:
        del p["resources"][i]

    return mutate


BROKEN = Link(ok=False, status=404)
# rule -> (what to take away, the rules of its view that then fail, the field it links to)
CASES: dict[str, tuple[Mutation, set[str], str]] = {
    "mqa.keywords": (_set(tags=[]), {"mqa.keywords"}, "tags"),
    "mqa.themes": (_set(topics=[]), {"mqa.themes"}, "topics"),
    "mqa.spatial": (_set(spatial=[]), {"mqa.spatial"}, "spatial"),
    "mqa.temporal": (
        _set(temporal_start=None, temporal_end=None),
        {"mqa.temporal"},
        "temporal_start",
    ),
    "mqa.access_url_ok": (_link(API_URL, BROKEN), {"mqa.access_url_ok"}, "resources.1.url"),
    # the only download gone: no download, so none that answers either
    "mqa.download_url": (
        _drop_resource(0),
        {"mqa.download_url", "mqa.download_url_ok"},
        "resources.0.url",
    ),
    # a download that does not answer is also an access URL that does not (one URL in DCAT)
    "mqa.download_url_ok": (
        _link(CSV_URL, BROKEN),
        {"mqa.download_url_ok", "mqa.access_url_ok"},
        "resources.0.url",
    ),
    "mqa.format": (_res(0, format=None), {"mqa.format"}, "resources.0.format"),
    "mqa.media_type": (_res(1, media_type=None), {"mqa.media_type"}, "resources.1.format"),
    "mqa.format_vocabulary": (
        _res(0, format="Excelku"),
        {"mqa.format_vocabulary"},
        "resources.0.format",
    ),
    "mqa.non_proprietary": (
        _formats("XLSX", "XLS"),
        {"mqa.non_proprietary"},
        "resources.0.format",
    ),
    "mqa.machine_readable": (
        _formats("TXT", "PNG"),
        {"mqa.machine_readable"},
        "resources.0.format",
    ),
    "mqa.dcat_ap": (_set(description=""), {"mqa.dcat_ap"}, "description"),
    # no license at all: none from the vocabulary and no rights statement either
    "mqa.license": (
        _set(license=None),
        {"mqa.license", "mqa.license_vocabulary", "mqa.rights"},
        "license",
    ),
    # a license outside the EU vocabulary, with no statement to point to
    "mqa.license_vocabulary": (
        _set(license="other-closed"),
        {"mqa.license_vocabulary", "mqa.rights"},
        "license",
    ),
    "mqa.rights": (
        _set(license="other-closed"),
        {"mqa.license_vocabulary", "mqa.rights"},
        "license",
    ),
    "mqa.access_rights": (
        _set(access_level=None),
        {"mqa.access_rights", "mqa.access_rights_vocabulary"},
        "access_level",
    ),
    "mqa.access_rights_vocabulary": (
        _set(access_level="semua orang"),
        {"mqa.access_rights_vocabulary"},
        "access_level",
    ),
    "mqa.contact_point": (
        _set(contact_name=None, contact_email=None),
        {"mqa.contact_point"},
        "contact_email",
    ),
    "mqa.publisher": (_set(organization=None), {"mqa.publisher"}, "title"),
    "mqa.byte_size": (_res(1, size=None), {"mqa.byte_size"}, "resources.1.url"),
    "mqa.issued": (_set(issued=None), {"mqa.issued"}, "issued"),
    "mqa.modified": (_set(modified=None), {"mqa.modified"}, "modified"),
    "sdi.variables": (
        _set(variables=[]),
        {"sdi.variables", "sdi.standard", "sdi.msvar"},
        "variables.0.name",
    ),
    "sdi.standard": (_var(classification=""), {"sdi.standard"}, "variables.0.classification"),
    "sdi.msvar": (_var(data_type=None), {"sdi.msvar"}, "variables.0.data_type"),
    "sdi.msind": (_drop_extra("ms_ind_rumus"), {"sdi.msind"}, "methodology"),
    "sdi.activity_type": (_set(activity_type=None), {"sdi.activity_type"}, "activity_type"),
    "sdi.methodology": (_set(methodology=""), {"sdi.methodology"}, "methodology"),
    "sdi.frequency": (_set(frequency=None), {"sdi.frequency"}, "frequency"),
    "sdi.up_to_date": (_set(modified=datetime(2024, 1, 5)), {"sdi.up_to_date"}, "modified"),
    "sdi.open_format": (
        _formats("XLSX", "XLS"),
        {"sdi.open_format"},
        "resources.0.format",
    ),
    "sdi.format_matches": (
        _link(CSV_URL, Link(ok=True, status=200, detected_format="HTML")),
        {"sdi.format_matches"},
        "resources.0.format",
    ),
    "sdi.region_codes": (_set(spatial=[]), {"sdi.region_codes"}, "spatial"),
    "sdi.subject_codes": (_set(topics=[]), {"sdi.subject_codes"}, "topics"),
}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULES_BY_ID)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_a_dataset_missing_one_item_loses_exactly_its_points(rule_id: str) -> None:
    mutate, failing, anchor = CASES[rule_id]
    rule = RULES_BY_ID[rule_id]
    profile, links = copy.deepcopy(full_profile()), full_links()
    if rule_id == "mqa.spatial":
        profile["spatial_geometry"] = None
    mutate(profile, links)
    before, after = assess(facts()), assess(facts(profile, links))
    missing = {m.rule: m for m in after.missing if m.view == rule.view}
    assert set(missing) == failing
    lost = sum(RULES_BY_ID[r].points for r in failing)
    if rule.view == "mqa":
        assert before.mqa_score - after.mqa_score == lost
    else:
        earned = sum(a[0] for a in after.aspects.values())
        possible = sum(a[1] for a in after.aspects.values())
        assert possible - earned == lost
    assert missing[rule_id].message == rule.message
    assert missing[rule_id].points == rule.points
    assert missing[rule_id].field == anchor


def test_a_dataset_without_an_indicator_is_not_asked_for_ms_ind() -> None:
    profile = full_profile()
    profile["extras"] = {}
    result = assess(facts(profile))
    assert result.sdi_percent == 100
    assert "sdi.msind" not in {m.rule for m in result.missing}
    assert result.aspects["metadata"][1] == sum(
        r.points for r in RULES if r.dimension == "metadata" and r.id != "sdi.msind"
    )


def test_lateness_follows_the_frequency() -> None:
    profile = full_profile()
    profile["modified"] = datetime(2025, 1, 15)  # 16 months before TODAY: yearly is late
    assert assess(facts(profile)).late
    profile["frequency"] = "dua-tahunan"
    assert not assess(facts(profile)).late
    profile["frequency"] = "tidak-tetap"  # no period, never late
    profile["modified"] = datetime(2010, 1, 1)
    assert not assess(facts(profile)).late


def test_broken_links_are_counted_and_unchecked_links_earn_no_accessibility() -> None:
    result = assess(facts(links={CSV_URL: BROKEN}))
    assert result.broken_links == 1
    assert result.dimensions["accessibility"] == 20  # a download exists; none answered
