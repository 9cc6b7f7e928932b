"""Read pages and API answers from a catalog whose data directory cannot be written.

    python -m tests.readonly_child <database_url> <data_dir> <slug> <query>

Run by tests/test_search_faults.py inside a mount namespace where <data_dir> is bind-mounted
read-only (or, when not root, after chmod -R a-w), with the database refusing writes. Prints
one JSON line: the status of each request, and whether a write was really refused here.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from catalog.app import create_app


def main() -> None:
    database_url, data_dir, slug, query = sys.argv[1:5]
    app = create_app(
        {"database_url": database_url, "data_dir": data_dir, "secret_key": "t", "run_worker": False}
    )
    ctx = app.extensions["catalog"]
    refused = {}
    try:  # the setup is what it claims: neither the index file nor the database takes a write
        with sqlite3.connect(Path(data_dir) / "search.db") as conn:
            conn.execute("CREATE TABLE probe (a)")
        refused["search_index"] = False
    except sqlite3.Error:
        refused["search_index"] = True
    try:
        with ctx.db.engine.begin() as conn:
            conn.execute(text("UPDATE index_drain_lock SET batches = batches + 1"))
        refused["database"] = False
    except SQLAlchemyError:
        refused["database"] = True
    client = app.test_client()
    statuses = {}
    for path in (
        f"/api/v1/datasets?q={query}",
        "/api/v1/datasets?facets=recommendation,organization",
        f"/api/v1/datasets/{slug}",
        f"/api/v1/suggest?q={query[:4]}",
        f"/api/3/action/package_search?q={query}",
        f"/?q={query}",
        f"/dataset/{slug}",
    ):
        response = client.get(path)
        statuses[path] = response.status_code
    found = client.get(f"/api/v1/datasets?q={query}").get_json() or {}
    ctx.db.dispose()
    print(
        json.dumps(
            {
                "statuses": statuses,
                "refused": refused,
                "found": [d["slug"] for d in found.get("results", [])],
            }
        )
    )


if __name__ == "__main__":
    main()
