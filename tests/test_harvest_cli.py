"""`catalog harvest add|list|run --wait|jobs|cancel` and `worker` on SQLite, a real portal."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from catalog.cli import main
from tests.ckan_fake import FakeCkan

# Packages of the `portal` fixture (tests/conftest.py).
PORTAL_PACKAGES = 15


def test_harvest_commands(tmp_path: Path, portal: FakeCkan) -> None:
    env = {"CATALOG_DATA_DIR": str(tmp_path / "inst"), "CATALOG_DATABASE_URL": "",
           "CATALOG_HARVEST_ALLOW_PRIVATE": "1"}  # fmt: skip

    def run(*args: str) -> Result:
        return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)

    assert run("init").exit_code == 0
    assert run("orgs", "create", "dinas-kesehatan", "--title", "Dinas Kesehatan").exit_code == 0
    bad = run("harvest", "add", "dinas-kesehatan", "ckan", portal.url, "--title", "X Y Z",
              "--schedule", "kadang-kadang")  # fmt: skip
    assert bad.exit_code == 2 and "schedule" in bad.output
    added = run("harvest", "add", "dinas-kesehatan", "ckan", portal.url, "--title", "Portal",
                "--config", '{"page_size": 5}')  # fmt: skip
    assert added.exit_code == 0, added.output
    source_id = added.output.strip()
    assert source_id in run("harvest", "list").output

    done = run("harvest", "run", source_id, "--wait")
    assert done.exit_code == 0, done.output
    assert "succeeded; found 15, created 15" in done.output

    queued = run("harvest", "run", source_id)
    job_id = re.search(r"Queued job (\S+)\.", queued.output)[1]  # type: ignore[index]
    assert f"{job_id}\tqueued" in run("harvest", "jobs").output
    assert "cancelled" in run("harvest", "cancel", job_id).output
    assert f"{job_id}\tcancelled" in run("harvest", "jobs", "--source", source_id).output
    assert run("worker", "--once").output.strip().endswith("Result: no job")
