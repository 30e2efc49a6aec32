"""Docker tier: variants with PostgreSQL or Redis against real servers, through an outage."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from support.docker import HARDENED
from support.profiles import backing_services
from support.variants import one_per_option_set
from support.waiting import wait_until

pytestmark = pytest.mark.docker
# Each set of options once: what a service checks, and how, does not change with the
# Python version (test_docker_plan.py), nor do the drivers the locks pin.
WITH_BACKING = [v for v in one_per_option_set() if backing_services(v)]
DJANGO = [v for v in one_per_option_set() if v.framework == "django"]
# The /readyz checks a server's outage fails: Redis serves as the cache, the Celery broker or both.
CHECK_NAMES = {"postgresql": {"database"}, "redis": {"cache", "broker"}}


def checks_of(kind: str, body: dict) -> set[str]:
    """The checks of /readyz's body that ask the server of `kind`."""
    return CHECK_NAMES[kind] & body["checks"].keys()


def wait_for_readyz(container, status: int, timeout: float = 30) -> tuple[float, dict]:
    """Seconds until /readyz answers `status`, and its last body; no request may hang."""
    start = time.monotonic()
    responses = []

    def answers_status() -> bool:
        before = time.monotonic()
        responses.append(container.get("/readyz", timeout=10))
        assert time.monotonic() - before < 5, "a /readyz request took longer than its checks' bounds"
        return responses[-1].status == status

    wait_until(
        answers_status, timeout, 0.1, lambda: f"/readyz stayed {responses[-1].status}: {responses[-1].text}"
    )
    return time.monotonic() - start, json.loads(responses[-1].body)


@pytest.mark.parametrize("variant", WITH_BACKING, ids=lambda v: v.id)
def test_readyz_follows_a_backing_service_down_and_back_without_a_restart(engine, runner, image, variant):
    service = runner(variant)
    container = service.start(engine, image(variant).tag)
    container.wait_healthy()
    assert container.get("/").text == "Hello, World!"
    wait_for_readyz(container, 200)

    for kind, server in service.backing().items():
        server.stop()
        down, body = wait_for_readyz(container, 503)
        assert checks_of(kind, body), body
        assert all(body["checks"][name].startswith("failed") for name in checks_of(kind, body)), body
        assert container.get("/healthz").status == 200, "liveness never depends on a backing service"
        server.start()
        back, body = wait_for_readyz(container, 200)
        print(f"{variant.id}: {kind} down -> /readyz 503 in {down:.2f} s, back -> 200 in {back:.2f} s")

    state = container.inspect()
    assert state["State"]["Running"] and state["RestartCount"] == 0


@pytest.mark.parametrize("variant", DJANGO, ids=lambda v: v.id)
def test_django_writes_and_reads_through_the_orm_and_the_cache(engine, runner, image, variant):
    container = runner(variant).start(engine, image(variant).tag)
    container.wait_healthy()
    token = uuid.uuid4().hex
    script = (
        "from django.contrib.auth import get_user_model; from django.core.cache import cache; "
        "User = get_user_model(); "
        f"user = User.objects.create_user('probe-{token}'); "
        f"assert User.objects.get(username='probe-{token}').pk == user.pk; "
        f"cache.set('probe', '{token}', 60); assert cache.get('probe') == '{token}'; "
        "print('round trip ok')"
    )
    result = container.exec(
        "python", "manage.py", "shell", "--verbosity", "0", "--command", script, check=False
    )
    assert result.returncode == 0 and "round trip ok" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("variant", WITH_BACKING, ids=lambda v: v.id)
def test_service_started_while_its_backing_services_are_down_serves_and_recovers_by_itself(
    engine, runner, image, variant
):
    service = runner(variant)
    env, tag = service.env(), image(variant).tag
    options = service.prepare(engine, tag, env, HARDENED)  # migrations need the database up
    backing = service.backing()
    for server in backing.values():
        server.stop()
    try:
        container = engine.start(tag, env=env, options=options)
        container.wait_healthy()  # liveness does not wait for the database
        _, body = wait_for_readyz(container, 503)
        assert all(checks_of(kind, body) for kind in backing), body
        # Django says so once whatever is down; Flask, of its database (the broker is
        # /readyz's to report, and the worker's, which retries for ever).
        if variant.framework == "django":
            assert container.logs().count("starting while not ready") == 1, container.logs()[-3000:]
        else:
            expected = 1 if "postgresql" in backing else 0
            assert container.logs().count("not reachable at start-up") == expected, container.logs()[-3000:]
    finally:
        for server in backing.values():
            server.start()
    recovered, _ = wait_for_readyz(container, 200)
    print(f"{variant.id}: started with {sorted(backing)} down; ready {recovered:.2f} s after they came back")
    assert container.inspect()["RestartCount"] == 0
