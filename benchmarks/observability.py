"""What observability costs: `python -m benchmarks.observability [--quick] [--runs N]`.

Per template and server, one image, run alternately (so both see the same machine):
- with JSON logs and metrics on (LOG_FORMAT=json, METRICS_PORT) against both off,
  the access log off, under the tuning benchmark's 32-connection load: req/s and p99;
- with SENTRY_DSN set (to a loopback stand-in of Sentry's ingest) against unset:
  `docker run` to the first 200, and the server's memory once every worker has served.
A load run checks that its setting took (JSON log lines, a scrape of /metrics) before
its figures count. It prints a Markdown table of medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.bakes import PROJECT_NAME
from tests.support.docker import Container, Engine
from tests.support.ports import free_port
from tests.support.sentry_ingest import SentryIngest
from tests.support.variants import default_variants

from . import measure
from .tuning import CONNECTIONS

SERVERS = ("granian", "gunicorn")


@dataclass
class Runs:
    per_second: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)
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
            assert "http_requests_total{" in _scrape(metrics_port)
        result = measure.load(container, CONNECTIONS, seconds)
        assert result.errors == 0, result
        runs.per_second.append(result.per_second)
        runs.p99_ms.append(result.p99_ms)
    finally:
        container.stop()
        engine.remove_containers()


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
                    off, on, quiet, reporting = Runs(), Runs(), Runs(), Runs()
                    for run in range(runs):
                        print(f"{variant.framework} {server} run {run + 1}/{runs}", flush=True)
                        load_run(engine, tag, env, False, seconds, off)
                        load_run(engine, tag, env, True, seconds, on)
                        start_run(engine, tag, env, None, quiet)
                        start_run(engine, tag, env, ingest.dsn, reporting)
                    rows.append((variant.framework, server, off, on, quiet, reporting))
    finally:
        ingest.close()
        engine.cleanup()
    print(report(rows, runs, seconds))


def report(rows, runs: int, seconds: float) -> str:
    lines = [
        f"Medians of {runs} interleaved run(s); loads of {CONNECTIONS} connections for {seconds:g} s "
        "against GET /, access log off.",
        "",
        "| template | server | req/s off | req/s JSON logs + metrics | ratio | p99 ms off | p99 ms on "
        "| first 200 s, no DSN | with DSN | idle MiB, no DSN | with DSN |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for framework, server, off, on, quiet, reporting in rows:
        ratio = median(on.per_second) / median(off.per_second)
        lines.append(
            f"| {framework} | {server} | {median(off.per_second):.0f} | {median(on.per_second):.0f} "
            f"| {ratio:.2f}x | {median(off.p99_ms):.1f} | {median(on.p99_ms):.1f} "
            f"| {median(quiet.first_200_s):.2f} | {median(reporting.first_200_s):.2f} "
            f"| {median(quiet.idle_mib):.1f} | {median(reporting.idle_mib):.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
