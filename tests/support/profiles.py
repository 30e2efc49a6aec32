"""How each template's image is run in tests: its environment, mounts and first steps."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from .docker import HARDENED, Container, Engine

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


@dataclass(frozen=True)
class Profile:
    framework: str

    @property
    def wsgi(self) -> tuple[str, str]:
        """(module path in the bake, name of the WSGI callable) that gunicorn serves."""
        if self.framework == "django":
            return "config/wsgi.py", "application"
        return "billing_api/wsgi.py", "app"

    def add_slow_route(self, project: Path) -> None:
        path, name = self.wsgi
        module = project / path
        module.write_text(module.read_text() + SLOW_ROUTE.format(name=name))

    def secret_env(self) -> dict[str, str]:
        if self.framework == "django":
            return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
        return {}

    def prepare(
        self, engine: Engine, image: str, env: dict[str, str], options: tuple[str, ...]
    ) -> tuple[str, ...]:
        """Docker options for the service container, after any one-off first step."""
        if self.framework != "django":
            return options
        # SQLite lives on the /data volume; migrations run once, in their own container.
        options = (*options, "--volume", f"{engine.volume()}:/data")
        migrate = engine.run_once(
            image, "python", "manage.py", "migrate", "--noinput", options=options, env=env
        )
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr
        return options

    def start(self, engine: Engine, image: str, **kwargs) -> Container:
        env = {**self.secret_env(), **kwargs.pop("env", {})}
        options = self.prepare(engine, image, env, kwargs.pop("options", HARDENED))
        return engine.start(image, env=env, options=options, **kwargs)


def profile(framework: str) -> Profile:
    return Profile(framework)
