"""Both servers' baked configurations size their workers from the CPUs the container may use."""

from __future__ import annotations

import importlib.util

import pytest
from support.variants import first_with_each

V2 = "/sys/fs/cgroup/cpu.max"
V1_QUOTA, V1_PERIOD = "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"


# The granian launcher and gunicorn's settings include the same CPU code.
CONFIG_FILES = {"granian": "serve.py", "gunicorn": "gunicorn.conf.py"}
FLASK_BY_SERVER = [v for v in first_with_each("server") if v.framework == "flask"]


@pytest.fixture(params=FLASK_BY_SERVER, ids=lambda v: v.extra_context["server"], scope="module")
def config(request, bake):
    server = request.param.extra_context["server"]
    path = bake(request.param).path / CONFIG_FILES[server]
    spec = importlib.util.spec_from_file_location(f"baked_{server}_config", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_cgroup(monkeypatch, config, files: dict[str, str], cpus: int = 4) -> None:
    def read(path: str) -> str:
        if path not in files:
            raise FileNotFoundError(path)
        return files[path]

    monkeypatch.setattr(config, "_read", read)
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: set(range(cpus)))


@pytest.mark.parametrize(
    ("files", "usable"),
    [
        ({V2: "150000 100000"}, 2),  # --cpus 1.5: two CPUs' worth of workers
        ({V2: "50000 100000"}, 1),
        ({V2: "max 100000"}, 4),
        ({V1_QUOTA: "100000", V1_PERIOD: "100000"}, 1),
        ({V1_QUOTA: "-1", V1_PERIOD: "100000"}, 4),
        ({V2: "800000 100000"}, 4),  # a quota above the CPU set does not add CPUs
        ({}, 4),  # no cgroup file readable: the CPU set alone
    ],
    ids=["v2-1.5", "v2-0.5", "v2-none", "v1-1", "v1-none", "v2-above-cpuset", "unreadable"],
)
def test_usable_cpus_honour_the_cgroup_cpu_quota(monkeypatch, config, files, usable):
    fake_cgroup(monkeypatch, config, files)
    assert config._usable_cpus() == usable
