"""Visitors read the recommendation in its public wording on the search page too: the steps
of a pending request are one facet value, "Dalam proses rekomendasi"; staff keep the steps."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from catalog.context import Catalog
from tests.conftest import World
from tests.test_recommendations import reach
from tests.web_helpers import sign_in


def _facet(page: str, label: str) -> int | None:
    """The count beside a facet link with this label, or None when there is no such link."""
    found = re.search(
        rf'class="facet-link[^"]*"[^>]*>{re.escape(label)} <span class="count">(\d+)</span>', page
    )
    return int(found.group(1)) if found else None


def test_pending_steps_are_one_public_facet_value(
    client: FlaskClient, ctx: Catalog, world: World
) -> None:
    for state in ("requested", "in_review", "revision_needed", "recommended"):
        reach(client, world, ctx, state)

    page = client.get("/dataset").get_data(as_text=True)
    assert _facet(page, "Dalam proses rekomendasi") == 3, page
    assert _facet(page, "Direkomendasikan BPS") == 1
    for step in ("Diajukan", "Sedang ditinjau", "Perlu perbaikan"):
        assert _facet(page, step) is None
    assert "recommendation=dalam_proses" in page

    chosen = client.get("/dataset?recommendation=dalam_proses").get_data(as_text=True)
    assert "3 dataset ditemukan" in chosen
    assert "Rekomendasi BPS: Dalam proses rekomendasi" in chosen  # the chip, once
    assert chosen.count('class="chip"') == 1
    # the chosen value is shown as chosen, and its link takes it away again
    assert re.search(r'aria-current="true" href="/dataset"', chosen)

    # staff keep the detailed steps
    sign_in(client, "reviewer")
    staff = client.get("/dataset").get_data(as_text=True)
    assert _facet(staff, "Perlu perbaikan") == 1
    assert _facet(staff, "Dalam proses rekomendasi") is None
