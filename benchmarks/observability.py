"""What observability costs: `python -m benchmarks.observability [--quick] [--runs N]`.

Per template and server, one image, run alternately (so both see the same machine):
- with JSON logs and metrics on (LOG_FORMAT=json, METRICS_PORT) against both off,
  the access log off, under the tuning benchmark's 32-connection load: req/s, p99,
  and the server's CPU time per request (its processes' own, read from /proc: the
  load generator shares the CPUs, and moves req/s more than the service's cost does);
- with SENTRY_DSN set (to a loopback stand-in of Sentry's ingest) against unset:
  `docker run` to the first 200, and the server's memory once every worker has served.
A load run checks that its setting took (JSON log lines, a scrape of /metrics) before
its figures count. It prints a Markdown table of medians and ratios, and puts it in
the "Observability" section of tuning.md (`--output`, docs/ by default).
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.bakes import PROJECT_NAME
from tests.support.docker import Container, Engine, docker
from tests.support.ports import free_port
from tests.support.sentry_ingest import SentryIngest
from tests.support.variants import ROOT, default_variants

from . import measure
from .report import OBSERVABILITY_HEADING, machine, write_observability_section
from .tuning import CONNECTIONS

SERVERS = ("granian", "gunicorn")


@dataclass
class Runs:
    per_second: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)  # server CPU time per request
    app_us: list[float] = field(default_factory=list)  # the application's alone, no server
    first_200_s: list[float] = field(default_factory=list)
    idle_mib: list[float] = field(default_factory=list)


def _json_logs(container: Container) -> bool:
    lines = [line for line in container.logs().splitlines() if line.strip()]
    return bool(lines) and all(json.loads(line) for line in lines)


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode()


def load_run(engine: Engine, tag: str, env: dict[str, str], on: bool, seconds: float, runs: Runs) -> None:
    metrics_port = free_port()
    extra = {"LOG_FORMAT": "json", "METRICS_PORT": str(metrics_port)} if on else {}
    container, _ = measure.start(engine, tag, {**env, **extra})
    try:
        measure.load(container, CONNECTIONS, 1)  # every worker has served: steady state
        if on:
            assert _json_logs(container), container.logs()[-2000:]
            assert "http_request_duration_seconds_count{" in _scrape(metrics_port)
        cpu_before = container.server_cpu_seconds()
        result = measure.load(container, CONNECTIONS, seconds)
        cpu_seconds = container.server_cpu_seconds() - cpu_before
        assert result.errors == 0, result
        runs.per_second.append(result.per_second)
        runs.p99_ms.append(result.p99_ms)
        runs.cpu_us.append(cpu_seconds / (result.per_second * measure.load_seconds(seconds)) * 1e6)
    finally:
        container.stop()
        engine.remove_containers()


# Requests straight into the WSGI application, in the image's Python, with no server or
# network: the CPU time (of this process) a request costs the application itself.
IN_PROCESS = """
import importlib, io, os, sys, time
os.makedirs(os.environ.get("PROMETHEUS_MULTIPROC_DIR", "/tmp"), exist_ok=True)
module, _, name = sys.argv[1].partition(":")
app = getattr(importlib.import_module(module), name)
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "localhost", "SERVER_PORT": "8000",
    "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost", "wsgi.url_scheme": "https",
    "wsgi.errors": sys.stderr,
}
def request():
    statuses = []
    start_response = lambda status, headers: statuses.append(status)
    body = b"".join(app({**environ, "wsgi.input": io.BytesIO()}, start_response))
    assert statuses == ["200 OK"] and body, (statuses, body)
for _ in range(500):
    request()
blocks = []
for _ in range(5):
    started = time.process_time()
    for _ in range(2000):
        request()
    blocks.append((time.process_time() - started) / 2000)
print(min(blocks) * 1e6)
"""


WSGI_APPLICATION = {"flask": "{package}.wsgi:app", "django": "config.wsgi:application"}


def app_run(tag: str, env: dict[str, str], on: bool, application: str, runs: Runs) -> None:
    extra = {"LOG_FORMAT": "json", "METRICS_PORT": "9464", "PROMETHEUS_MULTIPROC_DIR": "/tmp/metrics"}
    options = [f"--env={name}={value}" for name, value in {**env, **(extra if on else {})}.items()]
    out = docker(
        "run", "--rm", "--network", "none", "--read-only", "--tmpfs", "/tmp", "--entrypoint", "python",
        *options, tag, "-c", IN_PROCESS, application,
    )  # fmt: skip
    runs.app_us.append(float(out.stdout.split()[-1]))


def start_run(engine: Engine, tag: str, env: dict[str, str], dsn: str | None, runs: Runs) -> None:
    container, first_200 = measure.start(engine, tag, {**env, **({"SENTRY_DSN": dsn} if dsn else {})})
    try:
        runs.first_200_s.append(first_200)
        measure.load(container, CONNECTIONS, 1)  # every worker has imported what it serves with
        runs.idle_mib.append(container.server_memory_mib())
    finally:
        container.stop()
        engine.remove_containers()


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.observability", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run, 2 s loads: a smoke test")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-seconds", type=float, default=8.0)
    parser.add_argument("--template", choices=("flask", "django"), action="append", help="default: both")
    parser.add_argument("--server", choices=SERVERS, action="append", help="default: both")
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="where tuning.md is")
    args = parser.parse_args()
    runs, seconds = (1, 2.0) if args.quick else (args.runs, args.load_seconds)

    rows = []
    engine = Engine()
    ingest = SentryIngest()
    try:
        with tempfile.TemporaryDirectory(prefix="pydt-observability-") as scratch:
            for variant in default_variants():
                if args.template and variant.framework not in args.template:
                    continue
                for server in args.server or SERVERS:
                    _, bake = measure.bake(
                        variant.template_dir, Path(scratch) / variant.framework / server,
                        project_name=PROJECT_NAME, server=server,
                    )  # fmt: skip
                    tag = engine.build(bake.path, f"observability-{variant.framework}-{server}").tag
                    env = measure.service_env(variant.framework)
                    application = WSGI_APPLICATION[variant.framework].format(package=bake.package)
                    off, on, quiet, reporting = Runs(), Runs(), Runs(), Runs()
                    for run in range(runs):
                        print(f"{variant.framework} {server} run {run + 1}/{runs}", flush=True)
                        load_run(engine, tag, env, False, seconds, off)
                        load_run(engine, tag, env, True, seconds, on)
                        app_run(tag, env, False, application, off)
                        app_run(tag, env, True, application, on)
                        start_run(engine, tag, env, None, quiet)
                        start_run(engine, tag, env, ingest.dsn, reporting)
                    rows.append((variant.framework, server, off, on, quiet, reporting))
    finally:
        ingest.close()
        engine.cleanup()
    markdown = report(rows, runs, seconds, args.quick)
    write_observability_section(args.output, markdown)
    print(markdown)


TARGET = 0.90  # the throughput JSON logs and metrics may leave, as a share of both off


def report(rows, runs: int, seconds: float, quick: bool) -> str:
    lines = [
        f"{OBSERVABILITY_HEADING}: what JSON logs, metrics and Sentry cost",
        "",
        f"Written by `python -m benchmarks.observability{' --quick' if quick else ''}` on "
        f"{datetime.date.today().isoformat()}: {machine()}.",
        f"Each default bake, and its server=gunicorn twin, serves `GET /` to {CONNECTIONS} connections "
        f"for {seconds:g} s, access log off,",
        "with `LOG_FORMAT=json` and `METRICS_PORT` set (on) and with neither (off), alternately;",
        f"medians of {runs} run(s). CPU µs/request is the server's own processes' CPU time over the",
        "requests served (from /proc; the load generator's is left out); app µs/request, the CPU time",
        "of `GET /` called straight into the WSGI application in the image's Python, no server or",
        "network (the best of 5 blocks of 2000): what the service's own code costs. The target: on keeps at",
        f"least {TARGET:.0%} of off's requests per second. The last four columns: `docker run` to the first",
        "200, and the server's memory once every worker has served, without and with `SENTRY_DSN`.",
        "",
        "| template | server | req/s off | req/s JSON logs + metrics | ratio | p99 ms off | p99 ms on "
        "| CPU µs/request off | on | ratio | app µs/request off | on | ratio "
        "| first 200 s, no DSN | with DSN | idle MiB, no DSN | with DSN |",
        "|---" * 17 + "|",
    ]
    for framework, server, off, on, quiet, reporting in rows:
        ratio = median(on.per_second) / median(off.per_second)
        cpu_ratio = median(on.cpu_us) / median(off.cpu_us)
        app_ratio = median(on.app_us) / median(off.app_us)
        lines.append(
            f"| {framework} | {server} | {median(off.per_second):.0f} | {median(on.per_second):.0f} "
            f"| {ratio:.2f}x | {median(off.p99_ms):.1f} | {median(on.p99_ms):.1f} "
            f"| {median(off.cpu_us):.0f} | {median(on.cpu_us):.0f} | {cpu_ratio:.2f}x "
            f"| {median(off.app_us):.0f} | {median(on.app_us):.0f} | {app_ratio:.2f}x "
            f"| {median(quiet.first_200_s):.2f} | {median(reporting.first_200_s):.2f} "
            f"| {median(quiet.idle_mib):.1f} | {median(reporting.idle_mib):.1f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
