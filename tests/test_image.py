"""Docker tier: every variant builds, runs hardened, serves, and stops gracefully."""

from __future__ import annotations

import re
import shutil
import uuid

import pytest
from support.docker import HARDENED
from support.variants import covering, default_python, docker_variants

pytestmark = pytest.mark.docker
VARIANTS = docker_variants()
# One per option set of the plan: its variants at the template's default Python.
AT_DEFAULT_PYTHON = [v for v in VARIANTS if v.python_version == default_python(v.template)]
APP_UID = "10001"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_hardened_container_serves_hello_world_as_non_root_logs_no_error_and_stops_gracefully(
    engine, runner, image, variant
):
    container = runner(variant).start(engine, image(variant).tag)
    print(f"{variant.id}: healthy {container.wait_healthy():.2f} s after docker run returned")

    response = container.get("/")
    assert (response.status, response.text) == (200, "Hello, World!")
    assert response.headers["content-type"].startswith("text/plain")
    assert container.get("/healthz").status == 200
    assert container.get("/readyz").status == 200
    assert not re.search(r"\[ERROR\]|Traceback", container.logs()), container.logs()[-3000:]

    status = container.exec("cat", "/proc/1/status").stdout
    uids = re.search(r"^Uid:\s+(.*)$", status, re.MULTILINE)[1].split()
    assert set(uids) == {APP_UID}, f"PID 1 runs as {uids}"
    server = runner(variant).server
    assert server.pid1 in container.exec("cat", "/proc/1/cmdline").stdout, "the server must be PID 1"

    seconds, exit_code = container.stop()
    print(f"{variant.id}: docker stop {seconds:.2f} s, exit {exit_code}")
    assert exit_code == 0
    assert seconds < 5


@pytest.mark.parametrize("variant", covering("server", "database", "cache", "worker"), ids=lambda v: v.id)
def test_env_example_as_given_keeps_every_default_and_serves(engine, runner, image, bake, variant):
    # What README's `docker run --env-file .env` passes: every setting it lists, the
    # empty ones too (an empty WEB_CONCURRENCY once stopped gunicorn before it read its
    # configuration). The test's own settings (port, backing services) win over the file's.
    env_file = bake(variant).path / ".env.example"
    options = (*HARDENED, "--env-file", str(env_file))
    container = runner(variant).start(engine, image(variant).tag, options=options)
    container.wait_healthy()
    assert container.get("/").status == 200
    assert container.get("/readyz").status == 200
    assert not re.search(r"\[ERROR\]|Traceback", container.logs()), container.logs()[-3000:]


@pytest.mark.parametrize("variant", AT_DEFAULT_PYTHON, ids=lambda v: v.id)
def test_rebuild_after_a_source_edit_reuses_the_dependency_layer(engine, runner, bake, variant, tmp_path):
    baked = bake(variant)
    project = tmp_path / "project"
    shutil.copytree(baked.path, project)
    # A requirements file no other build has: its dependency layer is built here, cold.
    requirements = project / "requirements.txt"
    requirements.write_text(requirements.read_text() + f"# rebuild test {uuid.uuid4()}\n")
    cold = engine.build(project, f"{variant.id}-cold")
    module = project / runner(variant).view_module(baked.package)
    module.write_text(module.read_text() + "# a one-line change\n")

    warm = engine.build(project, f"{variant.id}-edited")

    install = re.search(r"^(#\d+) \[builder [^\]]*\] RUN .*pip.* install", warm.log, re.MULTILINE)
    assert install, warm.log
    assert f"{install[1]} CACHED" in warm.log, f"the dependency layer was rebuilt:\n{warm.log}"
    print(f"{variant.id}: cold build {cold.seconds:.1f} s, warm rebuild {warm.seconds:.2f} s "
          f"({warm.seconds / cold.seconds:.1%})")  # fmt: skip


@pytest.mark.parametrize("variant", AT_DEFAULT_PYTHON, ids=lambda v: v.id)
def test_port_5000_bakes_builds_and_serves(engine, runner, image, variant):
    container = runner(variant).start(
        engine, image(variant, port="5000").tag, container_port=5000, fixed_port=True
    )
    container.wait_healthy()
    assert container.get("/").text == "Hello, World!"
    assert container.stop()[1] == 0
