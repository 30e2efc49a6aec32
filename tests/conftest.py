"""Fixtures of the template test suite: bakes shared per session, and the Docker engine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.docker import Build, Engine, engine_available
from support.profiles import Profile, backing_services
from support.variants import Variant

PROJECT_NAME = "Billing API"  # not the default, so nothing passes by accident


@pytest.fixture(scope="session")
def bake(cookies_session):
    """bake(variant, **answers) -> project path; each distinct bake happens once a session."""
    baked: dict[tuple, Path] = {}

    def _bake(variant: Variant, **answers: str) -> Path:
        context = {"project_name": PROJECT_NAME, **variant.extra_context, **answers}
        key = (variant.template, tuple(sorted(context.items())))
        if key not in baked:
            result = cookies_session.bake(template=str(variant.template_dir), extra_context=context)
            assert result.exit_code == 0, f"bake failed: {result.exception!r}"
            baked[key] = Path(result.project_path)
        return baked[key]

    return _bake


@pytest.fixture(scope="session")
def engine():
    if not engine_available():
        message = "no Docker engine answers `docker info`"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: in CI the Docker tier must run, not skip", pytrace=False)
        pytest.skip(message)
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
            project = bake(variant, **answers)
            built[key] = engine.build(project, variant.id)
            print(f"{variant.id}: cold build {built[key].seconds:.1f} s")
        return built[key]

    return _image


@pytest.fixture(scope="session")
def servers():
    """Start PostgreSQL and Redis on loopback on first use; stop them at session end."""
    from support import services

    missing = services.available()
    if missing:
        message = f"{', '.join(missing)} not installed (Debian packages postgresql, redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: in CI the database variants must run", pytrace=False)
        pytest.skip(message)
    started: dict[str, object] = {}

    def _server(kind: str):
        if kind not in started:
            if kind == "postgresql":
                started[kind] = services.Postgres.create()
            else:
                started[kind] = services.Redis(services.free_port())
                started[kind].start()
        return started[kind]

    yield _server
    for server in started.values():
        server.remove() if isinstance(server, services.Postgres) else server.stop()


@pytest.fixture
def runner(request):
    """runner(variant) -> Profile; starts the variant's backing services on first use."""

    def _runner(variant):
        needs_servers = backing_services(variant)
        return Profile(variant, request.getfixturevalue("servers") if needs_servers else None)

    return _runner
