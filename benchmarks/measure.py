"""One measurement each: builds, size, start, load, memory, stop, bakes.

The benchmarks run from the repository root (`python -m benchmarks`), so the
tests' helpers import as `tests.support`: one Docker and bake code for both.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

from tests.support.bakes import Bake, expected
from tests.support.cli import cookiecutter
from tests.support.docker import Container, Engine, docker
from tests.support.load import run_load
from tests.support.variants import default_python
from tests.support.waiting import wait_until

from .figures import Load

PYTHON = default_python("flask-template")  # the templates' default: every image's base


def timed(function, *args, **kwargs):
    start = time.monotonic()
    result = function(*args, **kwargs)
    return time.monotonic() - start, result


def image_bytes(tag: str) -> int:
    return int(docker("image", "inspect", "--format", "{{.Size}}", tag).stdout)


def installed_bytes(tag: str, base: str, python: str) -> int:
    """Bytes of the Python packages the image adds to its base."""

    def du(image: str) -> int:
        paths = f"/opt/venv /usr/local/lib/python{python}/site-packages"
        out = docker("run", "--rm", "--entrypoint", "sh", image, "-c", f"du -sb {paths} 2>/dev/null || true")
        return sum(int(line.split()[0]) for line in out.stdout.splitlines())

    return du(tag) - du(base)


def service_env(framework: str) -> dict[str, str]:
    """What a baked image needs to serve plain HTTP on loopback."""
    if framework == "django":
        return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SECURE_SSL_REDIRECT": "0"}
    return {}


def start(engine: Engine, tag: str, env: dict[str, str]) -> tuple[Container, float]:
    """Run `tag` as built (no hardening flags, its own health check) and time
    `docker run` to the first 200 of GET /."""
    begin = time.monotonic()
    container = engine.start(tag, env=env, options=(), health=())

    def answers_200() -> bool:
        with contextlib.suppress(OSError, http.client.HTTPException):
            return container.get("/", timeout=1).status == 200
        return False

    wait_until(
        answers_200, 60, 0.005, lambda: f"{tag} never answered 200:\n{container.logs()[-3000:]}",
        RuntimeError, since=begin,
    )  # fmt: skip
    return container, time.monotonic() - begin


def seconds_to_healthy(container: Container, started_at: float) -> float | None:
    if container.inspect()["Config"].get("Healthcheck") is None:
        return None

    def healthy() -> bool:
        return container.inspect()["State"]["Health"]["Status"] == "healthy"

    wait_until(healthy, 120, 0.1, "never healthy", RuntimeError, since=started_at)
    return time.monotonic() - started_at


def _ms(text: str) -> float:
    """A wrk duration (`870.00us`, `1.20ms`, `2.01s`, `1.00m`) in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[match[2]]


def load(container: Container, connections: int, seconds: float) -> Load:
    """wrk where installed (it costs the shared CPUs least), else the tests' Python client."""
    if shutil.which("wrk"):
        threads = min(2, connections)
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
             "-H", "X-Forwarded-Proto: https", container.url()],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        ).stdout  # fmt: skip
        errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
        errors += int(re.search(r"Non-2xx or 3xx responses: (\d+)", out)[1]) if "Non-2xx" in out else 0
        return Load(
            float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
            _ms(re.search(r"^\s+50%\s+(\S+)$", out, re.MULTILINE)[1]),
            _ms(re.search(r"^\s+99%\s+(\S+)$", out, re.MULTILINE)[1]),
            errors,
        )
    result = run_load(container.url(), connections=connections, seconds=seconds)
    bad = sum(count for status, count in result.statuses.items() if status != 200)
    return Load(
        result.per_second, result.percentile(0.5) * 1000, result.percentile(0.99) * 1000,
        sum(result.errors.values()) + bad,
    )  # fmt: skip


def bake(template: Path, output: Path, **answers: str) -> tuple[float, Bake]:
    """Seconds for the cookiecutter command to bake (hooks and pinning included), and the bake."""
    output.mkdir(parents=True, exist_ok=True)
    arguments = [f"{question}={answer}" for question, answer in answers.items()]
    seconds, result = timed(cookiecutter, template, "--no-input", *arguments, output=output, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"bake failed: {result.stderr[-2000:]}")
    return seconds, expected(template, output, **answers)
