"""The CPUs `catalog serve` plans its processes for: the cgroup CPU quota, read from sample
cgroup trees (v2 and v1) as the kernel writes them."""

from __future__ import annotations

from pathlib import Path

from catalog.cpus import cgroup_cpu_limit, parse_cfs, parse_cpu_max, usable_cpus


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_cpu_max_and_cfs_files() -> None:
    assert parse_cpu_max("max 100000\n") is None
    assert parse_cpu_max("150000 100000\n") == 1.5
    assert parse_cpu_max("50000\n") == 0.5  # period omitted: the kernel's default
    assert parse_cpu_max("") is None and parse_cpu_max("garbage 1") is None
    assert parse_cfs("-1\n", "100000\n") is None
    assert parse_cfs("200000\n", "100000\n") == 2.0
    assert parse_cfs("", "100000") is None


def test_cgroup_v2_quota_of_the_process_and_its_ancestors(tmp_path: Path) -> None:
    write(tmp_path / "cpu.max", "max 100000\n")
    write(tmp_path / "kubepods/cpu.max", "400000 100000\n")
    write(tmp_path / "kubepods/pod1/cpu.max", "max 100000\n")
    write(tmp_path / "kubepods/pod1/app/cpu.max", "max 100000\n")
    assert cgroup_cpu_limit(tmp_path, "0::/kubepods/pod1/app\n") == 4.0
    write(tmp_path / "kubepods/pod1/cpu.max", "150000 100000\n")
    assert cgroup_cpu_limit(tmp_path, "0::/kubepods/pod1/app\n") == 1.5
    # a container with its own cgroup namespace: its cgroup is the mount's root
    container = tmp_path / "container"
    write(container / "cpu.max", "100000 100000\n")
    assert cgroup_cpu_limit(container, "0::/\n") == 1.0
    # the process's path is not under the mount (no cgroup namespace): the mount's root
    assert cgroup_cpu_limit(container, "0::/docker/abc123\n") == 1.0
    assert cgroup_cpu_limit(tmp_path / "empty", "0::/\n") is None


def test_cgroup_v1_cfs_quota(tmp_path: Path) -> None:
    proc = "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n3:cpuset:/docker/abc\n"
    write(tmp_path / "cpu,cpuacct/cpu.cfs_quota_us", "-1\n")
    write(tmp_path / "cpu,cpuacct/cpu.cfs_period_us", "100000\n")
    assert cgroup_cpu_limit(tmp_path, proc) is None
    write(tmp_path / "cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "250000\n")
    write(tmp_path / "cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000\n")
    assert cgroup_cpu_limit(tmp_path, proc) == 2.5
    # the controller mounted as "cpu" only (a symlink on most systems)
    other = tmp_path / "other"
    write(other / "cpu/cpu.cfs_quota_us", "100000\n")
    write(other / "cpu/cpu.cfs_period_us", "100000\n")
    assert cgroup_cpu_limit(other, "2:cpu:/\n") == 1.0


def test_usable_cpus_caps_the_cpu_set_by_the_quota() -> None:
    assert usable_cpus(16, None) == 16
    assert usable_cpus(16, 1.0) == 1
    assert usable_cpus(16, 1.5) == 2  # rounded up: the quota is spent across the processes
    assert usable_cpus(2, 8.0) == 2
    assert usable_cpus(16, 0.25) == 1
    assert usable_cpus(0, None) == 1
