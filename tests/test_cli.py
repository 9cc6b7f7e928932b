"""The `catalog` command line, run in-process with click's runner against a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog.cli import main


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {"CATALOG_DATA_DIR": str(tmp_path / "inst"), "CATALOG_DATABASE_URL": ""}

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return CliRunner(env=env).invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_init_is_idempotent(run) -> None:  # type: ignore[no-untyped-def]
    first = run("init")
    assert first.exit_code == 0 and "upgraded: empty -> " in first.output
    second = run("init")
    assert second.exit_code == 0 and "up to date" in second.output


def test_orgs_users_tokens(run) -> None:  # type: ignore[no-untyped-def]
    run("init")
    assert run("orgs", "create", "dinas-sosial", "--title", "Dinas Sosial").exit_code == 0
    created = run(
        "users", "create", "sari", "--password", "kata-sandi-sari-1", "--org", "dinas-sosial"
    )
    assert created.exit_code == 0, created.output
    assert run("users", "grant", "sari", "bps_reviewer").exit_code == 0
    listed = run("users", "list")
    assert "sari\troles=bps_reviewer\torgs=dinas-sosial" in listed.output
    token = run("tokens", "create", "sari")
    assert token.exit_code == 0 and token.output.strip().startswith("kss_")
    orgs = run("orgs", "list")
    assert "dinas-sosial\topd\t0\tDinas Sosial" in orgs.output


def test_clear_errors_for_bad_arguments(run) -> None:  # type: ignore[no-untyped-def]
    run("init")
    dup = run("orgs", "create", "bad slug", "--title", "X Y")
    assert dup.exit_code == 2 and "Galat:" in dup.output and "slug" in dup.output
    missing = run("users", "grant", "nobody", "admin")
    assert missing.exit_code == 2 and "tidak ditemukan" in missing.output
    weak = run("users", "create", "a1b", "--password", "pendek")
    assert weak.exit_code == 2 and "password" in weak.output
    bad_role = run("users", "grant", "x", "raja")
    assert bad_role.exit_code == 2 and "Invalid value" in bad_role.output
    bad_kind = run("orgs", "create", "abc", "--title", "Abc", "--kind", "planet")
    assert bad_kind.exit_code == 2


def test_demo_loads_the_regency(run) -> None:  # type: ignore[no-untyped-def]
    run("init")
    loaded = run("demo")
    assert loaded.exit_code == 0, loaded.output
    assert "skipped" not in loaded.output
    import re

    match = re.search(
        r"Demo: (\d+) organizations, (\d+) datasets created, (\d+) BPS recommendation cases, "
        r"(\d+) statistical activities",
        loaded.output,
    )
    assert match and int(match[1]) >= 30 and int(match[2]) >= 300 and int(match[3]) == 37
    assert int(match[4]) == 4
    report = run("recommendations", "report")
    totals = dict(
        zip(
            report.output.splitlines()[0].split()[1:],
            report.output.splitlines()[-1].split()[1:],
            strict=True,
        )
    )
    # the datasets' own (37 cases) and, for the datasets linked to a demo activity, the
    # activity's: the survey's 3 product datasets inherit its recommendation, 2 datasets of
    # 2025 the compilation's revision, 2 the request
    assert {k: int(v) for k, v in totals.items() if k not in {"none", "total"}} == {
        "requested": 8 + 2,
        "in_review": 4,
        "recommended": 14 + 3,
        "expired": 3,
        "revision_needed": 4 + 2,
        "not_recommended": 2,
        "revoked": 2,
    }
    again = run("demo", "--if-empty")
    assert again.exit_code == 0 and "not loaded" in again.output


def test_init_rebuilds_an_index_written_by_an_older_version(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An index file of the previous layout (no `facets` column) is emptied on open and
    rebuilt from the database by `catalog init`, so search and /readyz work after upgrading."""
    import sqlite3

    from catalog.app import create_app
    from tests.factories import make_dataset, make_org

    run("init")
    data_dir = tmp_path / "inst"
    app = create_app({"data_dir": str(data_dir), "run_worker": False})
    with app.extensions["catalog"].unit_of_work() as session:
        make_org(session, "dinas-sosial")
        make_dataset(session, "dinas-sosial", title="Jumlah Penerima Bantuan Sosial")
    app.extensions["catalog"].db.engine.dispose()
    index = data_dir / "search.db"
    index.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    old = sqlite3.connect(index)  # the version-1 layout, as the previous release wrote it
    old.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        INSERT INTO meta VALUES ('schema', '1');
        CREATE TABLE docs (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
            title_sort TEXT NOT NULL DEFAULT '', created TEXT, modified TEXT);
        CREATE TABLE kv (field TEXT NOT NULL, value TEXT NOT NULL, rid INTEGER NOT NULL,
            PRIMARY KEY (field, value, rid)) WITHOUT ROWID;
        CREATE VIRTUAL TABLE fts USING fts5(title, tags, description, exact);
        """
    )
    old.close()

    upgraded = run("init")
    assert upgraded.exit_code == 0, upgraded.output
    assert "Search index missing or outdated: rebuilt (1 datasets)" in upgraded.output
    again = run("init")
    assert "Search index" not in again.output

    app = create_app({"data_dir": str(data_dir), "run_worker": False})
    client = app.test_client()
    found = client.get("/api/v1/datasets?q=bantuan&organization=dinas-sosial").get_json()
    assert [d["title"] for d in found["results"]] == ["Jumlah Penerima Bantuan Sosial"]
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    app.extensions["catalog"].db.engine.dispose()
