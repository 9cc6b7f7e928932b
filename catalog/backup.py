"""`catalog backup DIR` and `catalog restore DIR`: the database and the installation's secret key.

- SQLite: sqlite3's online backup API, in one step: it copies the database inside one read
  transaction, so a backup taken while the server writes holds exactly the commits before it
  (WAL readers see one snapshot; writers go on meanwhile).
- PostgreSQL: `pg_dump --format=custom` (one consistent snapshot; `pg_restore` reads it). The
  binary is looked up on PATH, then in Debian's /usr/lib/postgresql/<version>/bin (newest
  first); it must be at least the server's major version.
- The secret key (`<data_dir>/secret_key`, written when CATALOG_SECRET_KEY is not set) signs
  the sessions: it travels with the backup, so signed-in users stay signed in after a restore.
- The search index is not backed up: it is derived from the database, and `catalog restore`
  rebuilds it (as `catalog reindex` does).

A backup directory holds `manifest.json` (what was backed up, from which revision), the
database file (`catalog.db` or `catalog.dump`) and `secret_key` when there is one.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from catalog import migrate

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (in Indonesian)."""


def pg_tool(name: str) -> str | None:
    """pg_dump / pg_restore: on PATH, else the newest of Debian's server packages."""
    found = shutil.which(name)
    if found:
        return found

    def major(path: str) -> float:
        try:
            return float(Path(path).parent.parent.name)
        except ValueError:
            return 0.0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=major)
    return candidates[-1] if candidates else None


def _libpq_env(url: URL) -> dict[str, str]:
    """The connection as libpq environment variables (the password never on a command line)."""
    env = dict(os.environ)
    values = {
        "PGHOST": url.host or str(url.query.get("host") or ""),
        "PGPORT": str(url.port or ""),
        "PGUSER": url.username or "",
        "PGPASSWORD": url.password or "",
        "PGDATABASE": url.database or "",
    }
    env.update({k: v for k, v in values.items() if v})
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} gagal (kode {done.returncode}): {done.stderr.strip()[-2000:]}")


def _sqlite_copy(source: str, target: str) -> None:
    """The whole database in one step of the online backup API (one consistent snapshot)."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup(database_url: str, data_dir: str, directory: Path) -> dict[str, Any]:
    """Write a backup into `directory` (created; refused when it holds a backup already)."""
    url = make_url(database_url)
    kind = url.get_backend_name()
    if (directory / MANIFEST).exists():
        raise BackupError(f"{directory} sudah berisi cadangan; pilih direktori baru")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_engine(url)
    try:
        revision = migrate.current_revision(engine)
    finally:
        engine.dispose()
    if revision is None:
        raise BackupError(
            "database belum diinisialisasi (catalog init); tidak ada yang dicadangkan"
        )
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "database": kind,
        "revision": revision,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if kind == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("database SQLite di memori tidak dapat dicadangkan")
        target = directory / "catalog.db"
        _sqlite_copy(url.database, str(target))
        os.chmod(target, 0o600)
        manifest["file"] = target.name
    elif kind == "postgresql":
        pg_dump = pg_tool("pg_dump")
        if pg_dump is None:
            raise BackupError(
                "pg_dump tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client) "
                "dengan versi mayor setidaknya versi server"
            )
        target = directory / "catalog.dump"
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            _libpq_env(url),
            "pg_dump",
        )
        os.chmod(target, 0o600)
        manifest["file"] = target.name
    else:
        raise BackupError(f"database {kind} tidak didukung untuk pencadangan")
    key = Path(data_dir) / "secret_key"
    if key.exists():
        shutil.copyfile(key, directory / "secret_key")
        os.chmod(directory / "secret_key", 0o600)
        manifest["secret_key"] = True
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _has_tables(url: URL) -> bool:
    engine = create_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def restore(database_url: str, data_dir: str, directory: Path) -> dict[str, Any]:
    """Restore the backup in `directory` into an empty database (and the secret key into the
    data directory). Migrating to this version and the search index are the caller's."""
    try:
        manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{directory} bukan cadangan katalog ({MANIFEST} tidak terbaca)") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"format cadangan {manifest.get('format')} tidak dikenal")
    url = make_url(database_url)
    kind = url.get_backend_name()
    if manifest["database"] != kind:
        raise BackupError(f"cadangan dari {manifest['database']} tidak dapat dipulihkan ke {kind}")
    source = directory / str(manifest["file"])
    if kind == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("database SQLite di memori tidak dapat dipulihkan")
        if Path(url.database).exists() and _has_tables(url):
            raise BackupError(f"database tujuan {url.database} tidak kosong")
        Path(url.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _sqlite_copy(str(source), url.database)
        os.chmod(url.database, 0o600)
    else:
        if _has_tables(url):
            raise BackupError(
                f"database tujuan {url.render_as_string(hide_password=True)} tidak kosong"
            )
        pg_restore = pg_tool("pg_restore")
        if pg_restore is None:
            raise BackupError(
                "pg_restore tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client)"
            )
        env = _libpq_env(url)
        _run(
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "--dbname", env.get("PGDATABASE", ""), str(source)],
            env,
            "pg_restore",
        )  # fmt: skip
    if manifest.get("secret_key"):
        Path(data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Path(data_dir) / "secret_key"
        temporary = key.with_name(f".secret_key.restore.{os.getpid()}")
        shutil.copyfile(directory / "secret_key", temporary)
        os.chmod(temporary, 0o600)
        os.replace(temporary, key)
    return manifest
