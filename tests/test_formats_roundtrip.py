"""Issue 17: one mapping module per external format, both ways (catalog/formats/).

For each format a full profile goes out through `from_dataset`, through the format's own
bytes (JSON, CSV), and back in through `to_profile` and the harvest pipeline's steps
(schemas.lenient.tolerate, DatasetIn). Every field the format's table carries both ways
must come back identical; the fields it loses are its `NOT_CARRIED`, and every profile
field is one or the other.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rdflib.namespace import DCAT, RDF

from catalog import formats
from catalog.context import Catalog
from catalog.exports.dcat import dataset_graph, serialize
from catalog.exports.site import Agent, Site
from catalog.formats import ckan, datajson, dcat, schemaorg, spreadsheet
from catalog.formats.table import FIELDS, carried
from catalog.models import Dataset, recommendation
from catalog.services import datasets
from catalog.services.auth import SYSTEM
from harvesters.rdf import parse_rdf
from harvesters.spreadsheet import read_csv
from schemas.lenient import tolerate
from schemas.profile import RESOURCE_FIELDS, DatasetIn, profile_of
from tests.conftest import World
from tests.factories import dataset_payload, recorded

ROOT = "http://katalog.test/"
SITE = Site(ROOT, Agent("Diskominfo", ROOT + "organisasi/diskominfo", email="data@test.id"))


def _json(payload: Any) -> Any:
    return json.loads(json.dumps(payload, ensure_ascii=False))


def _csv(row: dict[str, str]) -> dict[str, str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=spreadsheet.HEADER)
    writer.writeheader()
    writer.writerow(row)
    rows, marked = read_csv(out.getvalue().encode("utf-8"))
    assert not marked
    return spreadsheet.row_fields(rows[0])


def _dcat_in(body: bytes) -> dict[str, Any]:
    """The Turtle the export serves, parsed as the `dcat` harvester does, its one dataset
    node read back."""
    graph = parse_rdf(body, "turtle", ROOT)
    (node,) = graph.subjects(RDF.type, DCAT.Dataset)
    return dcat.to_profile(graph, node)


# name -> (module, dataset -> what the export serves, what the harvester received -> profile)
FORMATS: dict[str, tuple[ModuleType, Callable[[Dataset], Any], Callable[[Any], Any]]] = {
    "ckan": (
        ckan,
        lambda ds: _json(ckan.from_dataset(ds, recommendation.summary(ds))),
        ckan.to_profile,
    ),
    "datajson": (datajson, lambda ds: _json(datajson.from_dataset(ds, SITE)), datajson.to_profile),
    "dcat": (dcat, lambda ds: serialize(dataset_graph(SITE, ds), "turtle"), _dcat_in),
    "schemaorg": (
        schemaorg,
        lambda ds: _json(schemaorg.from_dataset(ds, SITE.page_uri("dataset", ds.slug))),
        schemaorg.to_profile,
    ),
    "spreadsheet": (
        spreadsheet,
        lambda ds: _csv(spreadsheet.from_dataset(ds, SITE.page_uri("dataset", ds.slug))),
        spreadsheet.to_profile,
    ),
}


def full_profile(organization: str) -> dict[str, Any]:
    """Every profile field set (dataset_payload plus the rest)."""
    return dataset_payload(
        organization,
        slug="angka-kematian-ibu-2023",
        access_level="restricted",
        identifier="https://data.tangerangkab.go.id/id/aki-2023",
        landing_page="https://dinkes.tangerangkab.go.id/data/aki",
        version_label="2.1",
        spatial_geometry='{"type": "Point", "coordinates": [106.52, -6.19]}',
        issued="2024-02-01T08:00:00+00:00",
        modified="2024-03-05T09:30:00+00:00",
        extras={"sumber": "Register kohort ibu"},
        resources=[
            {
                "name": "Tabel AKI",
                "url": "https://data.tangerangkab.go.id/aki-2023.csv",
                "format": "CSV",
                "media_type": "text/csv",
                "size": 2048,
                "description": "Per kecamatan",
            },
            {
                "name": "Lampiran",
                "url": "https://data.tangerangkab.go.id/aki-2023.xlsx",
                "format": "XLSX",
                "description": "",
            },
        ],
        variables=[
            {
                "name": "aki",
                "alias": "Angka Kematian Ibu",
                "concept": "Kematian ibu",
                "definition": "Kematian ibu per 100.000 kelahiran hidup.",
                "reference_period": "2023",
                "data_type": "decimal",
                "measure": "rasio",
                "unit": "per 100.000 kelahiran hidup",
                "public": True,
            }
        ],
    )


def recorded_profile(organization: str) -> dict[str, Any]:
    """The recorded data.go.id record as the ckan harvester stores it."""
    mapped, _warnings = tolerate(ckan.to_profile(recorded("datagoid_package_show.json")["result"]))
    return {**mapped, "organization": organization}


def lost_parts(module: ModuleType, field: str) -> set[str]:
    return {k.split(".", 1)[1] for k in module.NOT_CARRIED if k.startswith(field + ".")}


def compared(module: ModuleType, field: str, value: Any) -> Any:
    if field == "resources":
        kept = [k for k in RESOURCE_FIELDS if k not in lost_parts(module, "resources")]
        value = [{k: r.get(k) for k in kept} for r in value]
    if field == "variables":  # a variable's parts the format has no term for
        lost = lost_parts(module, "variables")
        value = [{k: v for k, v in variable.items() if k not in lost} for variable in value]
    if "order" in lost_parts(module, field):  # a set in the format (RDF)
        value = sorted(value, key=lambda item: json.dumps(item, sort_keys=True))
    return value


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_field_is_carried_or_listed_as_lost(name: str) -> None:
    module = FORMATS[name][0]
    lost = {key.split(".")[0] for key in module.NOT_CARRIED}
    both = set(carried(module.TABLE, module.NOT_CARRIED))
    assert lost <= set(FIELDS), lost - set(FIELDS)
    assert both | lost == set(FIELDS), set(FIELDS) - both - lost
    # a row for something that is not a profile field only writes (a column for people)
    assert all(row.back is None for row in module.TABLE if row.field not in FIELDS)


@pytest.mark.parametrize(
    ("name", "source"),
    [(name, "full") for name in FORMATS] + [("ckan", "recorded")],
)
def test_round_trip_keeps_every_carried_field(
    ctx: Catalog, world: World, name: str, source: str
) -> None:
    module, export, to_profile = FORMATS[name]
    fields = carried(module.TABLE, module.NOT_CARRIED)
    make = full_profile if source == "full" else recorded_profile
    with ctx.db.session() as session:
        dataset = datasets.create_dataset(session, SYSTEM, DatasetIn().load(make(world.org)))
        original = profile_of(dataset)
        mapped, warnings = tolerate(to_profile(export(dataset)))
    back = DatasetIn().load({"organization": world.org, **mapped})
    assert warnings == []
    for field in fields:
        assert compared(module, field, back[field]) == compared(module, field, original[field]), (
            field
        )
    if source == "full":  # every field the format carries had something to carry
        assert all(original[f] not in (None, "", [], {}) for f in fields)


def test_interop_page_shows_the_tables() -> None:
    """docs/interop.md shows each format's table as `python -m catalog.formats` prints it."""
    page = (Path(__file__).parents[1] / "docs" / "interop.md").read_text(encoding="utf-8")
    shown = page.split(formats.BEGIN, 1)[1].split(formats.END, 1)[0]
    assert shown.strip() == formats.tables_markdown().strip()
