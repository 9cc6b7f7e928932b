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
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from catalog.config import ConfigError, Settings, cpu_count
from catalog.worker import BackgroundWorker, background_state
from tests.conftest import build_app
from tests.servers import free_port

CATALOG = str(Path(sys.executable).parent / "catalog")


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


@contextmanager
def catalog_serve(
    tmp_path: Path, ready: str, **env_vars: str
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`catalog init` then `catalog serve --processes 2 --threads 2` on a free port with
    `env_vars` in its environment, once `ready` answers 200; killed afterwards if still up.
    The server and its port; its output goes to tmp_path/server.log (server.log_path)."""
    env = {
        **os.environ,
        "CATALOG_DATA_DIR": str(tmp_path / "data"),
        "CATALOG_SECRET_KEY": "test-secret",
        **env_vars,
    }
    env.pop("CATALOG_DATABASE_URL", None)
    subprocess.run([CATALOG, "init"], env=env, check=True, capture_output=True)
    port = free_port()
    # the output goes to a file: a pipe nobody reads while the test runs fills up with
    # access-log lines and blocks the workers
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [CATALOG, "serve", "--port", str(port), "--processes", "2", "--threads", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        server.log_path = log_path  # type: ignore[attr-defined]
        try:
            eventually(lambda: get(port, ready)[0] == 200, what=ready)
            yield server, port
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """catalog_serve with the worker on, ready when /readyz says so."""
    with catalog_serve(tmp_path, "/readyz", CATALOG_RUN_WORKER="true") as running:
        yield running


def output(server: subprocess.Popen[str], timeout: float = 60) -> str:
    """Everything the server wrote, once it has exited."""
    server.wait(timeout=timeout)
    text: str = server.log_path.read_text()  # type: ignore[attr-defined]
    return text


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
    printed = output(server)
    assert server.returncode == 0, printed
    assert "2 processes" in printed and "Shutting down" in printed
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


def test_gunicorn_settings_from_the_environment() -> None:
    from catalog.serving import CatalogServer, gunicorn_options

    settings = Settings.from_env(
        {
            "CATALOG_WEB_MAX_REQUESTS": "500",
            "CATALOG_WEB_MAX_REQUESTS_JITTER": "50",
            "CATALOG_WEB_GRACEFUL_TIMEOUT": "45",
        }
    )
    cfg = CatalogServer(gunicorn_options(settings, "127.0.0.1", 5000, 3, 4)).cfg
    assert (cfg.workers, cfg.threads, cfg.max_requests, cfg.max_requests_jitter) == (3, 4, 500, 50)
    assert cfg.graceful_timeout == 45 and cfg.accesslog == "-"
    assert "status=%(s)s" in cfg.access_log_format and "duration_us=%(D)s" in cfg.access_log_format
    # no trusted proxy: gunicorn trusts X-Forwarded-* from nobody (its default is 127.0.0.1)
    assert cfg.forwarded_allow_ips == []

    behind_proxy = Settings.from_env(
        {"CATALOG_TRUSTED_PROXIES": "1", "CATALOG_WEB_ACCESS_LOG": "false"}
    )
    cfg = CatalogServer(gunicorn_options(behind_proxy, "0.0.0.0", 5000, 2, 4)).cfg
    assert cfg.forwarded_allow_ips == ["*"] and cfg.accesslog is None
    assert (cfg.max_requests, cfg.max_requests_jitter, cfg.graceful_timeout) == (2000, 200, 30)
    for bad in ({"CATALOG_WEB_MAX_REQUESTS": "-1"}, {"CATALOG_WEB_GRACEFUL_TIMEOUT": "0"}):
        with pytest.raises(ConfigError):
            Settings.from_env(bad)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _server_side_inode(server_port: int, client_port: int) -> int:
    """The inode of the server's end of one connection (0 while it waits to be accepted)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == (
            client_port
        ):
            return int(fields[9])
    return 0


def _holder(pids: list[int], inode: int) -> int | None:
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
        except OSError:
            continue
    return None


def test_sigterm_lets_an_in_flight_request_finish(
    served: tuple[subprocess.Popen[str], int],
) -> None:
    """SIGTERM while a worker is reading a request's body: the other worker stops, this one
    answers the request in full, then the master exits cleanly; the request is in the
    access log."""
    server, port = served
    body = b"username=siapa&password=rahasia"
    client = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        client.sendall(
            b"POST /masuk HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:10]
        )
        workers = eventually(lambda: _children(server.pid), what="the gunicorn workers")
        client_port = client.getsockname()[1]
        # accepted by a worker (the server side has an inode once a process holds it)
        holder = eventually(
            lambda: _holder(_children(server.pid), _server_side_inode(port, client_port)),
            what="a worker holds the connection",
        )
        server.send_signal(signal.SIGTERM)
        others = [pid for pid in workers if pid != holder]
        eventually(lambda: not any(alive(pid) for pid in others), 60, "the idle worker stops")
        assert alive(holder) and server.poll() is None  # still waiting for the rest

        client.sendall(body[10:])
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    finally:
        client.close()
    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")  # the form came without its CSRF token
    assert b"</html>" in page  # the whole page, not a cut connection
    printed = output(server)
    assert server.returncode == 0, printed
    assert not alive(holder)
    access = [line for line in printed.splitlines() if 'method=POST path="/masuk"' in line]
    assert len(access) == 1 and "status=400" in access[0], printed
    assert f"pid=<{holder}>" in access[0] or f"pid={holder}" in access[0]


def _sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus text format (0 when absent)."""
    want = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in metrics.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            sample, _, value = line.rpartition(" ")
            found = sample[len(name) :].strip("{}")
            if ",".join(sorted(found.split(","))) == want:
                return float(value)
    return 0.0


def test_metrics_add_up_across_worker_processes(
    served: tuple[subprocess.Popen[str], int], tmp_path: Path
) -> None:
    _, port = served
    pids: dict[int, int] = {}
    lock = threading.Lock()

    def client(count: int) -> None:
        for _ in range(count):
            status, body = get(port, "/healthz")
            assert status == 200
            with lock:
                pids[body["pid"]] = pids.get(body["pid"], 0) + 1

    sent = 0
    while len(pids) < 2 or min(pids.values()) < 5:  # both workers answered several
        threads = [threading.Thread(target=client, args=(10,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        sent += 40
        assert sent < 2000, pids
    assert sum(pids.values()) == sent

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/metrics")
    response = conn.getresponse()
    metrics = response.read().decode()
    conn.close()
    assert response.status == 200, metrics
    # whichever worker answered the scrape, it reports the requests of both
    requests = {"endpoint": "health.healthz", "method": "GET", "status": "200"}
    assert _sample(metrics, "catalog_http_requests_total", **requests) == sent, metrics
    latency = _sample(metrics, "catalog_http_request_seconds_count", endpoint="health.healthz")
    assert latency == sent
    # the catalog's gauges, read from the database at scrape time
    assert _sample(metrics, "catalog_index_outbox_pending") == 0
    assert "catalog_index_outbox_oldest_age_seconds 0.0" in metrics
    assert "# TYPE catalog_harvest_jobs gauge" in metrics
    # the workers' files are in the data directory's private metrics directory
    directory = tmp_path / "data" / "metrics"
    assert any(directory.glob("counter_*.db")) and oct(directory.stat().st_mode)[-3:] == "700"
