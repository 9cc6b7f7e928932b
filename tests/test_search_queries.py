"""How many SQL statements a v1 search answer costs: a constant number per page, never one per
hit (each hit's profile is loaded with the page's other misses, relationships included: the
agency, resources, tags, topics, regions, quality, its recommendation and its statistical
activity with the activity's recommendation), and one statement once every hit's profile is
cached (catalog/services/search.py search_profiles)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from catalog.context import Catalog
from tests import factories
from tests.conftest import World


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine` inside the block, except the reads' look for
    leftover index work (made at most once a second, so whether a request makes it depends on
    the clock: catalog/search/outbox.py)."""
    seen: list[str] = []

    def record(*args: object) -> None:
        sql = str(args[2])
        if "index_outbox" not in sql:
            seen.append(sql)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_search_page_costs_the_same_statements_for_4_or_20_hits(
    client: FlaskClient, world: World, ctx: Catalog
) -> None:
    with ctx.unit_of_work() as session:
        datasets = [
            factories.make_dataset(
                session, world.org if n % 2 else world.other_org, title=f"Jumlah Penduduk {n}"
            )
            for n in range(24)
        ]
        # hits showing an activity (and the activity's recommendation) read no more per hit
        factories.make_activity(session, world.org, datasets=datasets[1::2])
        factories.make_activity(session, world.other_org, datasets=datasets[0::2])
    engine = ctx.db.engine

    def search(per_page: int, page: int) -> list[str]:
        with statements(engine) as seen:
            response = client.get(
                "/api/v1/datasets",
                query_string={"q": "penduduk", "per_page": per_page, "page": page},
            )
        assert response.status_code == 200, response.json
        assert len(response.json["results"]) == per_page
        return seen

    last_four = search(4, 6)  # results 21-24: not cached yet
    first_twenty = search(20, 1)  # results 1-20: not cached yet
    assert len(first_twenty) == len(last_four), first_twenty
    # the cache key's stamps, the datasets, then one statement per relationship: resources,
    # tags, topics, regions, recommendation, activity, quality, the activity's recommendation
    assert len(first_twenty) <= 10, first_twenty
    # all cached: the one narrow statement that keys the cache
    assert len(search(20, 1)) == 1
    shown = client.get("/api/v1/datasets", query_string={"q": "penduduk", "per_page": 24}).json
    assert all(d["activity"] is not None for d in shown["results"])
