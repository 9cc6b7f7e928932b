"""How many CPUs this process may use: its CPU set and its cgroup's CPU quota.

A container limited to one CPU (`docker run --cpus 1`, a Kubernetes CPU limit) still sees every
core of the host in os.cpu_count() and usually in its CPU set too; the limit is a CFS quota in
the cgroup (v2: `cpu.max`; v1: `cpu.cfs_quota_us` / `cpu.cfs_period_us`). Starting one serving
process per host core there only makes the processes take turns.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def parse_cpu_max(text: str) -> float | None:
    """cgroup v2 `cpu.max` ("<quota> <period>" or "max <period>"): CPUs, None when unlimited."""
    fields = text.split()
    if not fields or fields[0] == "max":
        return None
    try:
        quota = int(fields[0])
        period = int(fields[1]) if len(fields) > 1 else 100_000
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def parse_cfs(quota_text: str, period_text: str) -> float | None:
    """cgroup v1 `cpu.cfs_quota_us` (-1: unlimited) and `cpu.cfs_period_us`: CPUs or None."""
    try:
        quota, period = int(quota_text.strip()), int(period_text.strip())
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def _upwards(base: Path, relative: str) -> list[Path]:
    """base/relative and each of its parents up to base (a quota on an ancestor applies too).
    Inside a container the process's path is often not under the mounted root (the mount is
    its own cgroup already): then base alone."""
    path = base / relative.lstrip("/")
    if not path.is_dir():
        return [base]
    chain = [path]
    while path != base and base in path.parents:
        path = path.parent
        chain.append(path)
    return chain


def cgroup_cpu_limit(root: Path = CGROUP_ROOT, proc_cgroup: str | None = None) -> float | None:
    """The smallest CPU quota on this process's cgroup and its ancestors (v2 or v1), or None.

    `proc_cgroup` is the text of /proc/self/cgroup ("0::/path" for v2, "4:cpu,cpuacct:/path"
    for v1); `root` the cgroup mount. Both are arguments so the parsing can be tested on
    sample trees."""
    if proc_cgroup is None:
        proc_cgroup = _read(Path("/proc/self/cgroup")) or ""
    limits: list[float] = []
    for line in proc_cgroup.splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, relative = rest.partition(":")
        if hierarchy == "0" and controllers == "":  # v2, unified
            for directory in _upwards(root, relative):
                text = _read(directory / "cpu.max")
                limit = parse_cpu_max(text) if text is not None else None
                if limit is not None:
                    limits.append(limit)
        elif "cpu" in controllers.split(","):  # v1, the cpu controller's hierarchy
            for name in (controllers, "cpu", "cpu,cpuacct"):
                base = root / name
                if base.is_dir():
                    break
            else:
                continue
            for directory in _upwards(base, relative):
                quota = _read(directory / "cpu.cfs_quota_us")
                period = _read(directory / "cpu.cfs_period_us")
                limit = parse_cfs(quota, period) if quota and period else None
                if limit is not None:
                    limits.append(limit)
    return min(limits) if limits else None


def usable_cpus(affinity: int, limit: float | None) -> int:
    """CPUs to plan processes for: the CPU set, capped by the quota rounded up (1.5 → 2)."""
    count = max(1, affinity)
    if limit is not None:
        count = min(count, max(1, math.ceil(limit)))
    return count


def cpu_count() -> int:
    """CPUs this process may use: its CPU set (os.sched_getaffinity) and its cgroup quota."""
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # platforms without sched_getaffinity
        affinity = os.cpu_count() or 1
    return usable_cpus(affinity, cgroup_cpu_limit())
