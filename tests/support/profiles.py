"""How a variant's image runs in tests: environment, backing services, first steps."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .docker import HARDENED, Container, Engine
from .services import BackingService
from .variants import Variant

# A WSGI middleware the resilience tests append to the bake's WSGI module before
# building: `/slow` takes two seconds. No bake ships such a route.
SLOW_ROUTE = """

# Added by the template tests: a slow route, to stop the server mid-request.
import time as _time  # noqa: E402

_served = {name}


def {name}(environ, start_response):
    if environ.get("PATH_INFO") == "/slow":
        _time.sleep(2)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"slow"]
    return _served(environ, start_response)
"""


# Appended to a copy of the bake's routes by the observability tests: `/fail` logs a
# line, holds a secret of the environment in a local variable, and raises.
FAILING_ROUTE = {
    "flask": """

# Added by the template tests: a route that fails.
import logging as _logging  # noqa: E402
import os as _os  # noqa: E402


@main.get("/fail")
def fail():
    _logging.getLogger(__name__).warning("about to fail")
    api_key = _os.environ.get("PAYMENTS_API_KEY", "")
    raise RuntimeError(f"the test's failure, with a key of {len(api_key)} characters")
""",
    "django": """

# Added by the template tests: a route that fails.
import logging as _logging  # noqa: E402
import os as _os  # noqa: E402

from django.urls import path as _path  # noqa: E402


def _fail(request):
    _logging.getLogger(__name__).warning("about to fail")
    api_key = _os.environ.get("PAYMENTS_API_KEY", "")
    raise RuntimeError(f"the test's failure, with a key of {len(api_key)} characters")


urlpatterns.append(_path("fail", _fail))
""",
}


@dataclass(frozen=True)
class Server:
    """What tests see of a bake's HTTP server."""

    pid1: str  # a word of PID 1's command line
    extra_workers: int  # workers = usable CPUs + this, by default
    access_log: dict[str, str]  # the environment that turns the access log on
    reload: dict[str, str]  # the environment that turns reloading on


SERVERS = {
    "granian": Server("serve.py", 0, {"GRANIAN_LOG_ACCESS_ENABLED": "true"}, {"GRANIAN_RELOAD": "true"}),
    "gunicorn": Server("gunicorn", 1, {"GUNICORN_ACCESS_LOG": "1"}, {"GUNICORN_RELOAD": "1"}),
}


def backing_services(variant: Variant) -> list[str]:
    """The servers a variant needs besides itself: "postgresql", "redis"."""
    options = variant.extra_context
    broker = "redis" if options.get("worker") == "celery" else None  # Celery's broker is Redis
    used = (options.get("database"), options.get("cache"), broker)
    return [kind for kind in ("postgresql", "redis") if kind in used]


@dataclass
class Profile:
    variant: Variant
    # The `servers` fixture, for variants with backing services: kind -> server.
    servers: Callable[[str], BackingService] | None = None

    @property
    def server(self) -> Server:
        return SERVERS[self.variant.extra_context["server"]]

    @property
    def django(self) -> bool:
        return self.variant.framework == "django"

    def wsgi(self, package: str) -> tuple[str, str]:
        """(module path in the bake, name of the WSGI callable) that the server serves."""
        return ("config/wsgi.py", "application") if self.django else (f"{package}/wsgi.py", "app")

    def view_module(self, package: str) -> str:
        """The module of the bake's views: where a developer's one-line edit lands."""
        return f"{package}/views.py" if self.django else f"{package}/routes.py"

    def add_slow_route(self, project: Path, package: str) -> None:
        path, name = self.wsgi(package)
        module = project / path
        module.write_text(module.read_text() + SLOW_ROUTE.format(name=name))

    def failing_route(self, project: Path, package: str, scratch: Path) -> tuple[str, ...]:
        """Docker options that serve the image with `/fail` added: a copy of the module of its
        routes, mounted read-only over the image's, so no image is built for it."""
        relative = f"{package}/urls.py" if self.django else f"{package}/routes.py"
        module = scratch / Path(relative).name
        module.write_text((project / relative).read_text() + FAILING_ROUTE[self.variant.framework])
        module.chmod(0o644)
        return ("--volume", f"{module}:/app/{relative}:ro")

    def backing(self) -> dict[str, BackingService]:
        return {kind: self.servers(kind) for kind in backing_services(self.variant)}

    def env(self) -> dict[str, str]:
        env = {}
        if self.django:
            # The tests play the TLS-terminating proxy: they send X-Forwarded-Proto.
            env |= {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SECURE_PROXY_SSL_HEADER": "1"}
        backing = self.backing()
        if "postgresql" in backing:
            env["DATABASE_URL"] = backing["postgresql"].url
        if "redis" in backing:
            env["REDIS_URL"] = backing["redis"].url
        return env

    def migrate_command(self) -> tuple[str, ...] | None:
        if self.django:
            return ("python", "manage.py", "migrate", "--noinput")
        return ("alembic", "upgrade", "head") if "postgresql" in backing_services(self.variant) else None

    def prepare(self, engine: Engine, image: str, env: dict[str, str], options: tuple[str, ...]):
        """Docker options for the service container, after migrations in a one-off container."""
        if self.django and self.variant.extra_context.get("database") == "sqlite":
            options = (*options, "--volume", f"{engine.volume()}:/data")
        if command := self.migrate_command():
            migrate = engine.run_once(image, *command, options=options, env=env)
            assert migrate.returncode == 0, migrate.stdout + migrate.stderr
        return options

    def start(self, engine: Engine, image: str, **kwargs) -> Container:
        env = {**self.env(), **kwargs.pop("env", {})}
        options = self.prepare(engine, image, env, kwargs.pop("options", HARDENED))
        return engine.start(image, env=env, options=options, **kwargs)
