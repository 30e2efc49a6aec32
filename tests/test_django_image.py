"""Docker tier, Django only: static files, the deployment checklist, a required secret."""

from __future__ import annotations

import pytest
from support.docker import HARDENED
from support.variants import one_per_option_set

pytestmark = pytest.mark.docker
# Each set of options once: settings, static files and Django's version do not change
# with the Python version (test_docker_plan.py; the locks pin the same Django for all).
DJANGO = [v for v in one_per_option_set() if v.framework == "django"]


@pytest.mark.parametrize("variant", DJANGO, ids=lambda v: v.id)
def test_static_files_are_served_with_hashed_names_and_a_long_cache(engine, runner, image, bake, variant):
    baked = bake(variant)
    static_dir = baked.path / baked.package / "static"
    static = next(path for path in static_dir.rglob("*") if path.is_file())
    name = static.relative_to(static_dir).as_posix()
    container = runner(variant).start(engine, image(variant).tag)
    container.wait_healthy()
    url = container.exec(
        "python", "manage.py", "shell", "--command",
        f"from django.templatetags.static import static; print(static({name!r}))",
    ).stdout.split()[-1]  # fmt: skip
    stem = static.stem
    assert url.startswith("/static/") and stem in url and url != f"/static/{name}", url
    response = container.get(url)
    assert response.status == 200
    assert response.body == static.read_bytes()
    cache = response.headers["cache-control"]
    assert "max-age=315360000" in cache and "immutable" in cache, cache


@pytest.mark.parametrize("variant", DJANGO, ids=lambda v: v.id)
def test_deployment_checklist_passes_inside_the_image(engine, runner, image, variant):
    result = engine.run_once(
        image(variant).tag, "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        env=runner(variant).env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", DJANGO, ids=lambda v: v.id)
def test_container_refuses_to_start_without_a_secret_key_and_says_why(engine, runner, image, variant):
    container = engine.start(image(variant).tag, options=HARDENED)
    assert container.wait_exited() != 0
    assert "DJANGO_SECRET_KEY" in container.logs()
