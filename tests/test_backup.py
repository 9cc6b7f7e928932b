"""`catalog backup` while the catalog is being written, `catalog restore` into a fresh data
directory (and, on PostgreSQL, a new empty database): every row of the backup is the
source's row, nothing of a half-finished write is in it, the secret key travels with it and
the search index is rebuilt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from catalog.context import Catalog
from catalog.models import Base
from tests import factories
from tests.conftest import build_app

CATALOG = str(Path(sys.executable).parent / "catalog")
# rows the server changes on its own (drained outbox, locks): not part of the comparison
VOLATILE = ("outbox", "lock", "drain", "rebuild")


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [CATALOG, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env.update(CATALOG_DATABASE_URL=database_url, CATALOG_DATA_DIR=str(data_dir))
    return env


def frozen(value: Any) -> Any:
    """A column value as something hashable (JSON columns hold lists and dicts)."""
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def snapshot(database_url: str) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table (but the volatile ones), by table."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return {
                table.name: {tuple(map(frozen, row)) for row in conn.execute(select(table))}
                for table in Base.metadata.sorted_tables
                if not any(word in table.name for word in VOLATILE)
            }
    finally:
        engine.dispose()


def empty_database_beside(db_url: str) -> str:
    """A new, empty database on the same PostgreSQL server."""
    url = make_url(db_url)
    name = "r_" + uuid.uuid4().hex[:12]
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def test_backup_while_writing_restores_exactly(db_url: str, tmp_path: Path) -> None:
    # no CATALOG_SECRET_KEY: the installation's key is written into the data directory
    app: Flask = build_app(db_url, tmp_path, secret_key="")
    ctx: Catalog = app.extensions["catalog"]
    source_dir = tmp_path / "instance"
    key = (source_dir / "secret_key").read_text()
    with ctx.unit_of_work() as session:
        factories.make_org(session, "dinas-kesehatan", title="Dinas Kesehatan")
        for n in range(3):
            factories.make_dataset(session, "dinas-kesehatan", title=f"Jumlah Puskesmas {n}")

    written = threading.Semaphore(0)
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        n = 0
        try:
            while not stop.is_set():
                with ctx.unit_of_work() as session:
                    # several rows per commit (dataset, resources, variables): a backup that
                    # caught half a commit would hold a dataset without its resources
                    factories.make_dataset(
                        session, "dinas-kesehatan", title=f"Angka Kelahiran Kasar {n}"
                    )
                n += 1
                written.release()
        except BaseException as exc:  # reported by the test thread
            failures.append(exc)
            written.release()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.acquire(timeout=60)  # writes are running
        before = snapshot(db_url)
        backup_dir = tmp_path / "backup"
        done = run(environment(db_url, source_dir), "backup", str(backup_dir))
        assert "written to" in done.stdout
        assert written.acquire(timeout=60) and written.acquire(timeout=60)  # and still run
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not failures, failures
    after = snapshot(db_url)
    assert len(after["datasets"]) > len(before["datasets"])

    # a second backup into the same directory is refused, not mixed in
    again = run(environment(db_url, source_dir), "backup", str(backup_dir), check=False)
    assert again.returncode == 2 and "sudah berisi cadangan" in again.stderr

    restored_dir = tmp_path / "restored"
    if make_url(db_url).get_backend_name() == "sqlite":
        restored_url = f"sqlite:///{restored_dir / 'catalog.db'}"
        env = environment("", restored_dir)
        env.pop("CATALOG_DATABASE_URL")  # the data directory's own database
    else:
        restored_url = empty_database_beside(db_url)
        env = environment(restored_url, restored_dir)
    done = run(env, "restore", str(backup_dir))
    assert "Database restored" in done.stdout, done.stdout

    restored = snapshot(restored_url)
    # everything committed before the backup began is in it, and every row in it is the
    # source's row as it is (writes only added rows)
    for table, rows in restored.items():
        assert before[table] <= rows <= after[table], table
    dataset_ids = {row[0] for row in restored["datasets"]}
    for table in Base.metadata.sorted_tables:
        if table.name in restored and "dataset_id" in table.c and table.name != "datasets":
            # whole commits only: each restored dataset has every row it has in the source
            at = list(table.c.keys()).index("dataset_id")
            mine = {row for row in after[table.name] if row[at] in dataset_ids}
            assert {row for row in restored[table.name] if row[at] in dataset_ids} == mine
    assert (restored_dir / "secret_key").read_text() == key
    state_at = list(Base.metadata.tables["datasets"].c.keys()).index("state")
    published = sum(1 for row in restored["datasets"] if row[state_at] == "published")
    assert f"Indexed {published} published datasets" in done.stdout, done.stdout

    # the search index was rebuilt from the restored database
    restored_app = build_app(restored_url, tmp_path, data_dir=str(restored_dir), secret_key="")
    assert restored_app.config["SECRET_KEY"] == key
    client = restored_app.test_client()
    listing = client.get("/api/v1/datasets?q=puskesmas").get_json()
    assert listing["total"] == 3, listing

    # restoring again into the now filled database is refused
    again = run(env, "restore", str(backup_dir), check=False)
    assert again.returncode == 2 and "tidak kosong" in again.stderr


def test_restore_refuses_a_backup_of_another_database_kind(tmp_path: Path) -> None:
    backup_dir = tmp_path / "backup"
    backup_dir.mkdir()
    (backup_dir / "manifest.json").write_text(
        '{"format": 1, "database": "postgresql", "revision": "x", "file": "catalog.dump"}'
    )
    env = environment("", tmp_path / "data")
    env.pop("CATALOG_DATABASE_URL")
    done = run(env, "restore", str(backup_dir), check=False)
    assert done.returncode == 2
    assert "cadangan dari postgresql tidak dapat dipulihkan ke sqlite" in done.stderr
    assert not (tmp_path / "data" / "catalog.db").exists()
    missing = run(env, "restore", str(tmp_path), check=False)
    assert missing.returncode == 2 and "bukan cadangan katalog" in missing.stderr
