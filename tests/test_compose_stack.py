"""Docker tier: the bakes' compose files run for real under Compose v2.

`docker compose up --wait` brings the stack of each set of options of the plan up
health-gated (the compose files do not change with the Python version, and every
variant's image is built and run by tests/test_image.py), and `down --volumes`
leaves nothing behind; `compose.dev.yaml`'s file watch carries
an edit into the running service without a rebuild. The backing services are
the tests' own servers on loopback (support/compose.py says why).
"""

from __future__ import annotations

import contextlib
import http.client
import time

import pytest
from support.compose import stack
from support.http import get
from support.profiles import backing_services
from support.variants import default_variants, one_per_option_set
from support.waiting import wait_until

pytestmark = pytest.mark.docker
URL_VARIABLES = {"postgresql": "DATABASE_URL", "redis": "REDIS_URL"}


def backing_env(runner, variant) -> dict[str, str]:
    servers = runner(variant).backing() if backing_services(variant) else {}
    return {URL_VARIABLES[kind]: server.url for kind, server in servers.items()}


def answer(url: str) -> str | None:
    with contextlib.suppress(OSError, http.client.HTTPException):
        response = get(url, timeout=2)
        return response.text if response.status == 200 else None
    return None


@pytest.mark.parametrize("variant", one_per_option_set(), ids=lambda v: v.id)
def test_compose_stack_comes_up_healthy_serves_and_leaves_nothing_behind(
    engine, runner, bake, variant, tmp_path
):
    services = stack(
        bake(variant).path, tmp_path / "project", ("compose.yaml",), backing_env(runner, variant)
    )
    try:
        start = time.monotonic()
        services.run("up", "--build", "--detach", "--wait", "--wait-timeout", "180")
        print(f"{variant.id}: docker compose up --wait took {time.monotonic() - start:.1f} s")
        assert get(services.url("/")).text == "Hello, World!"
        assert get(services.url("/readyz")).status == 200
    finally:
        services.down()
    assert services.leftovers() == [], "docker compose down left containers, volumes or networks"


@pytest.mark.parametrize("variant", default_variants(), ids=lambda v: v.id)
def test_dev_compose_watch_carries_an_edit_into_the_running_service_without_a_rebuild(
    engine, runner, bake, variant, tmp_path
):
    baked = bake(variant)
    services = stack(
        baked.path,
        tmp_path / "project",
        ("compose.yaml", "compose.dev.yaml"),
        backing_env(runner, variant),
    )
    watch = services.popen("up", "--build", "--watch", log=tmp_path / "watch.log")

    def log() -> str:
        return (tmp_path / "watch.log").read_text()[-3000:]

    def serving() -> bool:
        if answer(services.url("/")) == "Hello, World!":
            return True
        assert watch.poll() is None, log()
        return False

    try:
        wait_until(serving, 300, 0.5, log)
        before = services.run("ps", "--quiet", "web").stdout.strip()
        view = services.project / runner(variant).view_module(baked.package)
        view.write_text(view.read_text().replace("Hello, World!", "Hello, Watch!"))

        edited = time.monotonic()
        wait_until(lambda: answer(services.url("/")) == "Hello, Watch!", 60, 0.2, log)
        print(f"{variant.id}: the edit was served {time.monotonic() - edited:.1f} s after it was saved")
        after = services.run("ps", "--quiet", "web").stdout.strip()
        assert after == before, "the edit must reach the running container, not a rebuilt one"
    finally:
        watch.terminate()
        watch.wait(timeout=60)
        services.down()
