"""A throwaway PostgreSQL server for the test session (Debian's binaries, data in a temp dir)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.servers import free_port


def find_bin_dir() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for directory in candidates:
        if os.path.exists(os.path.join(directory, "initdb")):
            return directory
    found = shutil.which("initdb")
    return os.path.dirname(found) if found else None


class PostgresServer:
    """initdb + pg_ctl start on 127.0.0.1; as root the server runs as the `postgres` user."""

    def __init__(self, durable: bool = False) -> None:
        # durable: commits survive halt() (an immediate stop); off for the session's server,
        # where speed matters and nothing outlives the test run
        self.durable = durable
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise RuntimeError(
                "PostgreSQL server binaries not found: `make test` installs Debian's postgresql"
            )
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="catalog-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user = "catalog"

    def _run(self, *args: str) -> None:
        cmd = [os.path.join(self.bin_dir, args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit={'on' if self.durable else 'off'} -c full_page_writes=off "
            "-c max_connections=200"
        )
        self.options = options
        self.resume()

    def resume(self) -> None:
        """Start the (initialised) server, again after halt(); returns once it accepts."""
        self._run("pg_ctl", "-D", str(self.data), "-o", self.options, "-l",
                  str(self.root / "log"), "-w", "-t", "60", "start")  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def halt(self) -> None:
        """Stop the server abruptly (as a crash or an outage would), keeping its data."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
