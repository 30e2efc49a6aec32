"""A bake's Celery worker in tests and benchmarks: start it, queue tasks from the web container.

Tests add tasks of their own without baking them: a module (PROBE_TASKS) mounted
read-only into the worker and named with `--include`, which the worker imports
beside the bake's own tasks. The web container queues them by name, so it needs
no copy. What the tasks did is recorded in the test Redis, where a host's
`redis-cli` reads it.
"""

from __future__ import annotations

import itertools
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .docker import HARDENED, Container, Engine
from .profiles import Profile

PROBE_TASKS = '''"""Tasks of the template tests, mounted into a baked worker (never baked)."""

import logging
import os
import time

import redis
from celery import shared_task

record = redis.Redis.from_url(os.environ["REDIS_URL"])
logger = logging.getLogger(__name__)


@shared_task
def sleep(key: str, seconds: float) -> str:
    record.rpush(f"{key}:started", os.getpid())
    time.sleep(seconds)
    record.rpush(f"{key}:finished", os.getpid())
    return "slept"


@shared_task
def noop() -> None:
    pass


@shared_task
def log_line(message: str) -> None:
    logger.info(message)


@shared_task
def fail() -> None:
    raise RuntimeError("the probe task's failure")
'''
# The worker's health check, polled every second as FAST_HEALTH polls the web's.
WORKER_HEALTH = (
    "--health-cmd", "python /app/worker_healthcheck.py", "--health-interval", "1s",
    "--health-start-period", "30s",
)  # fmt: skip


def celery_app_code(profile: Profile, package: str) -> str:
    """Python that binds `app` to the bake's Celery app, as the web process has it."""
    if profile.django:
        return "from config.celery import app"
    return f"from {package} import create_app; app = create_app().extensions['celery']"


def probe_tasks_dir(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "probe_tasks.py").write_text(PROBE_TASKS)
    return directory


def start_worker(
    engine: Engine,
    profile: Profile,
    image: str,
    package: str,
    probes: Path,
    *args: str,
    env: dict[str, str] | None = None,
    program: str = "worker",
) -> Container:
    """`celery -A <package> worker` (or beat) from the image, hardened, with the probe tasks."""
    options = (*HARDENED, "--volume", f"{probes / 'probe_tasks.py'}:/app/probe_tasks.py:ro")
    command = ("celery", "-A", package, "--quiet", program, *args)
    if program == "worker":
        command += ("--include", "probe_tasks")
    health = WORKER_HEALTH if program == "worker" else ("--no-healthcheck",)
    return engine.start(
        image, env={**profile.env(), **(env or {})}, options=options, command=command, health=health
    )


def in_web(web: Container, profile: Profile, package: str, code: str, timeout: float = 60) -> str:
    """Run `code` in the web container's Python after binding `app`; its stdout."""
    script = f"{celery_app_code(profile, package)}\n{code}"
    result = subprocess.run(
        ["docker", "exec", web.id, "python", "-c", script], capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def redis_list_length(url: str, key: str) -> int:
    port = url.rsplit(":", 1)[1].split("/")[0]
    out = subprocess.run(["redis-cli", "-p", port, "llen", key], capture_output=True, text=True, check=True)
    return int(out.stdout.strip() or 0)


_BROKER_DBS = itertools.cycle(range(1, 16))  # Redis has 16 databases; 0 is REDIS_URL's


@dataclass
class CeleryBake:
    """A variant's image with its web and worker containers, and the probe tasks to mount."""

    engine: Engine
    profile: Profile
    image: str
    package: str
    probes: Path
    web: Container | None = None
    # A Redis database of its own for the broker (the probe tasks record their runs in
    # REDIS_URL's): no queued, unacknowledged or locked state of an earlier test.
    broker_db: int = field(default_factory=lambda: next(_BROKER_DBS))

    @property
    def redis_url(self) -> str:
        return self.profile.env()["REDIS_URL"]

    @property
    def broker_env(self) -> dict[str, str]:
        return {"CELERY_BROKER_URL": f"{self.redis_url.rsplit('/', 1)[0]}/{self.broker_db}"}

    def start_web(self) -> Container:
        self.web = self.profile.start(self.engine, self.image, env=self.broker_env)
        return self.web

    def start_worker(self, env: dict[str, str] | None = None, program: str = "worker") -> Container:
        return start_worker(
            self.engine, self.profile, self.image, self.package, self.probes,
            env={**self.broker_env, **(env or {})}, program=program,
        )  # fmt: skip

    def web_and_healthy_worker(self, env: dict[str, str] | None = None) -> tuple[Container, Container]:
        web, worker = self.start_web(), self.start_worker(env)
        worker.wait_healthy()
        return web, worker

    def in_web(self, code: str, timeout: float = 60) -> str:
        return in_web(self.web, self.profile, self.package, code, timeout)

    def ping(self, timeout: float = 20) -> str:
        """What the example task answers when the web container queues it and waits."""
        code = f"from {self.package}.tasks import ping; print(ping.delay().get(timeout={timeout}))"
        return self.in_web(code, timeout=timeout + 30).strip()

    def queue_sleep(self, key: str, seconds: float) -> None:
        self.in_web(f"app.send_task('probe_tasks.sleep', args=[{key!r}, {seconds}])")

    def runs(self, key: str, stage: str) -> int:
        """How many runs of the probe task `key` have `stage`d ("started", "finished")."""
        return redis_list_length(self.redis_url, f"{key}:{stage}")
