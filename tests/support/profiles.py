"""How each template's image is run in tests: its environment, mounts and first steps."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from .docker import HARDENED, Container, Engine


@dataclass(frozen=True)
class Profile:
    framework: str

    def secret_env(self) -> dict[str, str]:
        if self.framework == "django":
            return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
        return {}

    def prepare(self, engine: Engine, image: str, env: dict[str, str]) -> tuple[str, ...]:
        """Docker options for the service container, after any one-off first step."""
        if self.framework != "django":
            return HARDENED
        # SQLite lives on the /data volume; migrations run once, in their own container.
        options = (*HARDENED, "--volume", f"{engine.volume()}:/data")
        migrate = engine.run_once(
            image, "python", "manage.py", "migrate", "--noinput", options=options, env=env
        )
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr
        return options

    def start(self, engine: Engine, image: str, **kwargs) -> Container:
        env = {**self.secret_env(), **kwargs.pop("env", {})}
        options = self.prepare(engine, image, env)
        return engine.start(image, env=env, options=options, **kwargs)


def profile(framework: str) -> Profile:
    return Profile(framework)
