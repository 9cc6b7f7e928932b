"""`catalog serve` as production runs it: several processes, one embedded harvest worker."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catalog.config import ConfigError, Settings, cpu_count
from catalog.worker import BackgroundWorker, background_state
from tests.conftest import build_app

CATALOG = str(Path(sys.executable).parent / "catalog")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> tuple[int, Any]:
    """One request on a new connection (so the workers' accept calls share them out)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def eventually(check: Any, timeout: float = 30, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`catalog init` then `catalog serve --processes 2` on a free port, worker on."""
    env = {
        **os.environ,
        "CATALOG_DATA_DIR": str(tmp_path / "data"),
        "CATALOG_SECRET_KEY": "test-secret",
        "CATALOG_RUN_WORKER": "true",
    }
    env.pop("CATALOG_DATABASE_URL", None)
    subprocess.run([CATALOG, "init"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [CATALOG, "serve", "--port", str(port), "--processes", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        eventually(lambda: get(port, "/readyz")[0] == 200, what="/readyz")
        yield server, port
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.communicate()


def test_two_processes_serve_and_one_runs_the_worker(
    served: tuple[subprocess.Popen[str], int],
) -> None:
    server, port = served
    seen: dict[int, str] = {}
    lock = threading.Lock()

    def client() -> None:
        for _ in range(20):
            status, body = get(port, "/healthz")
            assert status == 200 and body["status"] == "ok"
            status, listing = get(port, "/api/v1/datasets?q=penduduk")
            assert status == 200 and listing["total"] == 0
            with lock:
                seen[body["pid"]] = body["worker"]

    def both_answered() -> bool:
        threads = [threading.Thread(target=client) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return len(seen) == 2 and "standby" in seen.values() and "running" in seen.values()

    eventually(both_answered, 60, "two worker processes, one running the harvest worker")
    assert sorted(seen.values()) == ["running", "standby"]
    assert server.pid not in seen  # the master only supervises
    workers = sorted(seen)
    running = next(pid for pid, state in seen.items() if state == "running")

    # the process running the worker dies: gunicorn replaces it, and exactly one process
    # (the survivor or the replacement) runs the harvest worker again
    os.kill(running, signal.SIGKILL)
    seen.clear()
    eventually(both_answered, 60, "a replacement worker and a new harvest-worker holder")
    assert running not in seen and sorted(seen.values()) == ["running", "standby"]

    server.send_signal(signal.SIGTERM)
    output, _ = server.communicate(timeout=40)
    assert server.returncode == 0, output
    assert "2 processes" in output and "Shutting down" in output
    assert not any(alive(pid) for pid in [*workers, *seen])


def test_one_background_worker_per_data_directory(sqlite_url: str, tmp_path: Path) -> None:
    """Two applications on one data directory (as two serving processes): one runs the loops,
    the other stands by and takes over when the first stops."""
    first = build_app(sqlite_url, tmp_path, run_worker=True)
    second = build_app(sqlite_url, tmp_path, run_worker=True)
    a: BackgroundWorker = first.extensions["catalog.background"][0]()
    eventually(a.running.is_set, 10, "the first worker runs")
    b: BackgroundWorker = second.extensions["catalog.background"][0]()
    time.sleep(a.poll_s * 1.5)
    assert background_state(first.extensions["catalog"]) == "running"
    assert background_state(second.extensions["catalog"]) == "standby"
    lock_file = tmp_path / "instance" / "worker.lock"
    assert lock_file.read_text().strip() == str(os.getpid())
    a.stop()
    eventually(b.running.is_set, 10, "the second worker takes over")
    eventually(lambda: not a.running.is_set(), 10, "the first worker stopped")
    assert background_state(first.extensions["catalog"]) == "stopped"
    b.stop()
    eventually(lambda: not b.running.is_set(), 10, "the second worker stopped")


def test_web_processes_setting() -> None:
    assert Settings.from_env({}).web_processes == cpu_count() >= 1
    assert Settings.from_env({"CATALOG_WEB_PROCESSES": "3"}).web_processes == 3
    with pytest.raises(ConfigError):
        Settings.from_env({"CATALOG_WEB_PROCESSES": "0"})
