"""One measurement each: builds, size, start, load, memory, stop, bakes.

The benchmarks run from the repository root (`python -m benchmarks`), so the
tests' helpers import as `tests.support`: one Docker and bake code for both.
"""

from __future__ import annotations

import contextlib
import http.client
import math
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
from tests.support.slow_clients import doubling, smallest_stopping
from tests.support.variants import default_python
from tests.support.waiting import wait_until

from .figures import Load

PYTHON = default_python("flask-template")  # the templates' default: every image's base
SLOW_LIMIT = 256  # the most slow connections tried against an image


def timed(function, *args, **kwargs):
    start = time.monotonic()
    result = function(*args, **kwargs)
    return time.monotonic() - start, result


def image_bytes(tag: str) -> int:
    return int(docker("image", "inspect", "--format", "{{.Size}}", tag).stdout)


def installed_bytes(tag: str, base: str, python: str) -> int:
    """Bytes of the Python packages the image adds to its base."""

    def du(image: str) -> int:
        # The venv of the bakes, or pip's target: site-packages in the official images,
        # dist-packages where the base is built on Debian's Python.
        lib = f"/usr/local/lib/python{python}"
        paths = f"/opt/venv {lib}/site-packages {lib}/dist-packages"
        out = docker("run", "--rm", "--entrypoint", "sh", image, "-c", f"du -sb {paths} 2>/dev/null || true")
        return sum(int(line.split()[0]) for line in out.stdout.splitlines())

    return du(tag) - du(base)


def service_env(framework: str) -> dict[str, str]:
    """What a baked image needs to serve plain HTTP on loopback."""
    if framework == "django":
        return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SECURE_SSL_REDIRECT": "0"}
    return {}


def _answers_200(container: Container, path: str) -> bool:
    with contextlib.suppress(OSError, http.client.HTTPException):
        return container.get(path, timeout=1).status == 200
    return False


def start(engine: Engine, tag: str, env: dict[str, str]) -> tuple[Container, float]:
    """Run `tag` as built (no hardening flags, its own health check) and time
    `docker run` to the first 200 of GET /."""
    begin = time.monotonic()
    container = engine.start(tag, env=env, options=(), health=())
    wait_until(
        lambda: _answers_200(container, "/"), 60, 0.005,
        lambda: f"{tag} never answered 200:\n{container.logs()[-3000:]}", RuntimeError, since=begin,
    )  # fmt: skip
    return container, time.monotonic() - begin


def workers(container: Container) -> int:
    """The server's worker processes: PID 1's children, less multiprocessing's helper if any."""
    listing = container.exec(
        "sh", "-c", r'for p in $(cat /proc/1/task/1/children); do tr "\0" " " < /proc/$p/cmdline; echo; done'
    ).stdout
    return sum("resource_tracker" not in line for line in listing.splitlines())


def slow_stop(container: Container, seconds: float, limit: int = SLOW_LIMIT) -> int | None:
    """The smallest of 1, 2, 4 ... `limit` slow header connections (tests/support/slow_clients.py),
    each count held `seconds`, that stopped /healthz for a second or more; None if none did."""

    def recovered() -> None:
        wait_until(
            lambda: _answers_200(container, "/healthz"), 30, 0.1,
            lambda: f"/healthz did not come back:\n{container.logs()[-3000:]}", RuntimeError,
        )  # fmt: skip

    stopping, steps = smallest_stopping(container.port, doubling(limit), seconds, recovered=recovered)
    print("  slow connections: " + ", ".join(f"{s.count}: {s.outage_s:.1f} s down" for s in steps))
    return stopping


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


def load_seconds(seconds: float) -> float:
    """How long `load` runs when asked for `seconds`: wrk counts whole seconds."""
    return max(1, round(seconds)) if shutil.which("wrk") else seconds


def load(container: Container, connections: int, seconds: float) -> Load:
    """wrk where installed (it costs the shared CPUs least), else the tests' Python client."""
    if shutil.which("wrk"):
        threads = min(2, connections)
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{load_seconds(seconds):g}s", "--latency",
             "-H", "X-Forwarded-Proto: https", container.url()],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        ).stdout  # fmt: skip
        errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
        errors += int(re.search(r"Non-2xx or 3xx responses: (\d+)", out)[1]) if "Non-2xx" in out else 0
        percentiles = re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE)
        latency = {share: _ms(text) for share, text in percentiles}
        if len(latency) < 2:  # wrk answered too few requests for a distribution: a failed run
            print(f"  wrk measured no latency distribution:\n{out}", flush=True)
            errors = max(errors, 1)
        return Load(
            float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
            latency.get("50", math.nan), latency.get("99", math.nan), errors,
        )  # fmt: skip
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
