"""Docker tier: baked images hold load, finish in-flight requests on stop, survive worker crashes."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time

import pytest
from support.docker import HARDENED, Container
from support.load import run_load
from support.variants import first_with_each
from support.waiting import WaitTimeout, wait_until

pytestmark = pytest.mark.docker
# What a server does under load, on stop and on a crash: once per template and server.
VARIANTS = first_with_each("server")
LOAD_SECONDS = 5.0
SLOW_REQUESTS = 3


def workers(container: Container) -> list[str]:
    return container.exec("cat", "/proc/1/task/1/children").stdout.split()


def booted_workers(container: Container, expected: int) -> int:
    """The master's workers once `expected` have forked (or 10 s passed), and a moment more."""
    with contextlib.suppress(WaitTimeout):  # fewer is for the caller's assertion to show
        wait_until(lambda: len(workers(container)) >= expected, 10, 0.05, "")
    time.sleep(0.5)  # any extra worker would have forked by now
    return len(workers(container))


def steady_memory(container: Container) -> float:
    """The server's memory once a second of load no longer grows it by 2% (at most 10 s)."""
    run_load(container.url("/"), connections=32, seconds=2)
    memory = container.server_memory_mib()
    for _ in range(10):
        run_load(container.url("/"), connections=32, seconds=1)
        memory, previous = container.server_memory_mib(), memory
        if memory <= previous * 1.02:
            break
    return memory


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_32_connections_get_only_200s_and_memory_stays_flat(engine, runner, image, variant):
    container = runner(variant).start(engine, image(variant).tag)
    container.wait_healthy()
    # Steady state first: every worker has served, imported what serving needs and
    # copied the pages of its parent it writes to; on a busy machine that takes longer.
    idle = steady_memory(container)
    idle_total = container.memory_mib()

    result = run_load(container.url("/"), connections=32, seconds=LOAD_SECONDS)

    after, after_total = container.server_memory_mib(), container.memory_mib()
    print(
        f"{variant.id}: {result.summary()}; server's memory idle {idle:.1f} MiB, after load "
        f"{after:.1f} MiB; docker stats {idle_total:.1f} -> {after_total:.1f} MiB"
    )
    assert result.requests > 0
    assert not result.errors, result.summary()
    assert set(result.statuses) == {200}, result.summary()
    # The server's own memory, which a leak grows (see Container.server_memory_mib).
    assert after <= idle * 1.2, f"the server's memory grew from {idle:.1f} to {after:.1f} MiB"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_docker_stop_lets_in_flight_requests_finish_and_exits_0(engine, runner, bake, variant, tmp_path):
    service, baked = runner(variant), bake(variant)
    project = tmp_path / "project"
    shutil.copytree(baked.path, project)
    service.add_slow_route(project, baked.package)
    container = service.start(engine, engine.build(project, f"{variant.id}-slow").tag)
    container.wait_healthy()

    outcomes: list[tuple[int, float]] = []

    def slow_request():
        start = time.monotonic()
        outcomes.append((container.get("/slow", timeout=20).status, time.monotonic() - start))

    stop_load = threading.Event()
    load = {}
    loader = threading.Thread(
        target=lambda: load.update(result=run_load(container.url("/"), 8, 15, stop=stop_load))
    )
    slow = [threading.Thread(target=slow_request) for _ in range(SLOW_REQUESTS)]
    for thread in [loader, *slow]:
        thread.start()
    time.sleep(0.8)  # the slow requests are inside workers now
    stop_load.set()  # fast load stops issuing; what it sent has been answered
    loader.join()
    seconds, exit_code = container.stop()
    for thread in slow:
        thread.join()

    print(
        f"{variant.id}: docker stop with {SLOW_REQUESTS} slow requests in flight took {seconds:.2f} s, "
        f"exit {exit_code}; slow outcomes {outcomes}; load before: {load['result'].summary()}"
    )
    assert [status for status, _ in outcomes] == [200] * SLOW_REQUESTS
    assert all(duration >= 2 for _, duration in outcomes)
    assert not load["result"].errors and set(load["result"].statuses) == {200}
    assert exit_code == 0


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_killed_worker_is_replaced_and_service_stays_healthy(engine, runner, image, variant):
    container = runner(variant).start(engine, image(variant).tag)
    container.wait_healthy()
    before = workers(container)
    victim = before[0]

    start = time.monotonic()
    container.exec("sh", "-c", f"kill -9 {victim}")
    seen = []

    def replaced() -> bool:
        seen.append(workers(container))
        return victim not in seen[-1] and len(seen[-1]) == len(before)

    wait_until(replaced, 30, 0.05, lambda: f"worker not replaced: {before} -> {seen[-1]}", since=start)
    recovery = time.monotonic() - start

    print(f"{variant.id}: killed worker {victim} replaced in {recovery:.2f} s")
    assert all(container.get("/").status == 200 for _ in range(20))
    time.sleep(2)  # the image's health check runs every second in tests
    assert container.inspect()["State"]["Health"]["Status"] == "healthy"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_workers_follow_the_cpu_quota(engine, runner, image, variant):
    usable = len(os.sched_getaffinity(0))  # the container's CPU set is the host's
    unlimited = runner(variant).start(engine, image(variant).tag)
    one_cpu = runner(variant).start(engine, image(variant).tag, options=(*HARDENED, "--cpus", "1"))
    unlimited.wait_healthy()
    one_cpu.wait_healthy()

    extra = runner(variant).server.extra_workers
    assert booted_workers(unlimited, min(usable + extra, 8)) == min(usable + extra, 8)
    assert booted_workers(one_cpu, 1 + extra) == 1 + extra


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_access_log_is_off_unless_asked_for(engine, runner, image, variant):
    quiet = runner(variant).start(engine, image(variant).tag)
    logged = runner(variant).start(engine, image(variant).tag, env=runner(variant).server.access_log)
    for container in (quiet, logged):
        container.wait_healthy()
        assert container.get("/").status == 200

    line = '"GET / HTTP/1.1" 200'
    # The engine ships a container's output a moment later.
    wait_until(lambda: line in logged.logs(), 5, 0.1, lambda: f"no access log line:\n{logged.logs()[-2000:]}")
    assert line not in quiet.logs()
