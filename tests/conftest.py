"""Fixtures of the template test suite: bakes shared per session, and the Docker engine."""

from __future__ import annotations

import pytest
from support import bakes, services
from support.docker import Build, Engine, engine_available
from support.profiles import Profile, backing_services
from support.skips import missing
from support.variants import Variant


@pytest.fixture(scope="session")
def bake(tmp_path_factory):
    """bake(variant, **answers) -> Bake of PROJECT_NAME; each distinct bake happens once a session."""
    baked: dict[tuple, bakes.Bake] = {}

    def _bake(variant: Variant, **answers: str) -> bakes.Bake:
        context = {"project_name": bakes.PROJECT_NAME, **variant.extra_context, **answers}
        key = (variant.template, tuple(sorted(context.items())))
        if key not in baked:
            baked[key] = bakes.bake(variant.template_dir, tmp_path_factory.mktemp(variant.id), **context)
        return baked[key]

    return _bake


@pytest.fixture(scope="session")
def engine():
    if not engine_available():
        missing("no Docker engine answers `docker info`", "the Docker tier must run, not skip")
    session = Engine()
    yield session
    session.cleanup()


@pytest.fixture(autouse=True)
def _containers_end_with_their_test(request):
    """No container outlives its test: idle ones would still load the machine."""
    yield
    if "engine" in request.fixturenames:
        request.getfixturevalue("engine").remove_containers()


@pytest.fixture(scope="session")
def image(engine, bake):
    """image(variant, **answers) -> Build of the bake; each distinct image is built once."""
    built: dict[tuple, Build] = {}

    def _image(variant, **answers) -> Build:
        key = (variant, tuple(sorted(answers.items())))
        if key not in built:
            built[key] = engine.build(bake(variant, **answers).path, variant.id)
            print(f"{variant.id}: cold build {built[key].seconds:.1f} s")
        return built[key]

    return _image


@pytest.fixture(scope="session")
def servers():
    """Start PostgreSQL and Redis on loopback on first use; remove them at session end."""
    if absent := services.available():
        missing(
            f"{', '.join(absent)} not installed (Debian packages postgresql, redis-server)",
            "the database variants must run",
        )
    started: dict[str, services.BackingService] = {}

    def _server(kind: str) -> services.BackingService:
        if kind not in started:
            started[kind] = services.create(kind)
        return started[kind]

    yield _server
    for server in started.values():
        server.remove()


@pytest.fixture
def runner(request):
    """runner(variant) -> Profile; starts the variant's backing services on first use."""

    def _runner(variant):
        needs_servers = backing_services(variant)
        return Profile(variant, request.getfixturevalue("servers") if needs_servers else None)

    return _runner
