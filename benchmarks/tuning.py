"""Server settings side by side: `python -m benchmarks.tuning [--quick] [--runs N]`.

The evidence behind the baked server settings: granian's on the default bake of
each template (serve.py) and gunicorn's on the bake with server=gunicorn
(gunicorn.conf.py). Each image runs once per setting, one setting changed at a
time through the environment, under the same 32-connection load, interleaved so
that every setting sees the same machine. Each run checks that the setting took
(the worker count, an access log line) before its figures count.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.bakes import PROJECT_NAME
from tests.support.docker import Engine
from tests.support.variants import ROOT, Variant, default_variants
from tests.support.waiting import wait_until

from . import measure
from .figures import SettingRun
from .report import write_tuning_report

CPUS = len(os.sched_getaffinity(0))
CONNECTIONS = 32
ACCESS_LINE = '"GET / HTTP/1.1" 200'  # in both servers' access log lines


@dataclass(frozen=True)
class Setting:
    label: str
    env: dict[str, str] = field(default_factory=dict)  # what the container gets to run so
    workers: int | None = None  # the worker processes it must run with
    access_log: bool = False  # whether requests must show in its log
    # Also measured in --quick mode, the Docker tier's smoke test: the baked default (the
    # worker count checked, no access log) and the access log (a setting through the
    # environment, its log lines checked) take every path of a measurement.
    quick: bool = False


BLOCKING_THREADS = 4  # the granian bake's GRANIAN_BLOCKING_THREADS
SETTINGS: dict[str, tuple[Setting, ...]] = {
    "granian": (
        Setting(
            f"baked default: {CPUS} workers (CPUs), {BLOCKING_THREADS} blocking threads, no access log",
            workers=CPUS,
            quick=True,
        ),
        Setting(f"{CPUS + 1} workers (CPUs + 1)", {"GRANIAN_WORKERS": str(CPUS + 1)}, CPUS + 1),
        Setting(f"{2 * CPUS} workers (2 x CPUs)", {"GRANIAN_WORKERS": str(2 * CPUS)}, 2 * CPUS),
        *(
            Setting(f"{threads} blocking thread(s) per worker", {"GRANIAN_BLOCKING_THREADS": str(threads)})
            for threads in (1, 16, 64)
        ),
        Setting(
            f"backpressure {2 * BLOCKING_THREADS} (2 x blocking threads; default backlog / workers)",
            {"GRANIAN_BACKPRESSURE": str(2 * BLOCKING_THREADS)},
        ),
        Setting("runtime mode st (single-threaded)", {"GRANIAN_RUNTIME_MODE": "st"}),
        Setting("runtime mode mt (multi-threaded)", {"GRANIAN_RUNTIME_MODE": "mt"}),
        Setting("access log on", {"GRANIAN_LOG_ACCESS_ENABLED": "true"}, access_log=True, quick=True),
    ),
    "gunicorn": (
        Setting(
            f"baked default: {CPUS + 1} sync workers (CPUs + 1), no access log", workers=CPUS + 1, quick=True
        ),
        Setting(
            f"{2 * CPUS + 1} workers (gunicorn's 2 x CPUs + 1)",
            {"WEB_CONCURRENCY": str(2 * CPUS + 1)},
            2 * CPUS + 1,
        ),
        Setting(f"{CPUS} workers (one per CPU)", {"WEB_CONCURRENCY": str(CPUS)}, CPUS),
        Setting("access log on", {"GUNICORN_ACCESS_LOG": "1"}, access_log=True, quick=True),
        Setting("threaded workers, 4 threads each", {"GUNICORN_THREADS": "4"}),
    ),
}


def measure_setting(
    engine: Engine, tag: str, setting: Setting, env: dict[str, str], seconds: float
) -> SettingRun:
    running, _ = measure.start(engine, tag, {**env, **setting.env})
    try:
        measure.load(running, CONNECTIONS, 1)  # every worker has served: steady state
        if setting.workers is not None:
            found = measure.workers(running)
            assert found == setting.workers, f"{setting.label}: {found} workers run"
        if setting.access_log:  # the engine ships a container's output a moment later
            wait_until(lambda: ACCESS_LINE in running.logs(), 5, 0.1, f"{setting.label}: no access log")
        else:
            assert ACCESS_LINE not in running.logs(), f"{setting.label}: requests were logged"
        idle = running.memory_mib()
        result = measure.load(running, CONNECTIONS, seconds)
    finally:
        running.stop()
        engine.remove_containers()
    return SettingRun(result, idle)


def compare_settings(
    engine: Engine, variant: Variant, server: str, scratch: Path, runs: int, seconds: float, quick: bool
) -> list[tuple[str, list[SettingRun]]]:
    _, bake = measure.bake(variant.template_dir, scratch / server, project_name=PROJECT_NAME, server=server)
    tag = engine.build(bake.path, f"tuning-{variant.framework}-{server}").tag
    settings = [setting for setting in SETTINGS[server] if setting.quick or not quick]
    results: list[tuple[str, list[SettingRun]]] = [(setting.label, []) for setting in settings]
    for run in range(runs):
        for setting, (_, setting_runs) in zip(settings, results, strict=True):
            print(f"{variant.framework} {server} run {run + 1}/{runs}: {setting.label}", flush=True)
            env = measure.service_env(variant.framework)
            setting_runs.append(measure_setting(engine, tag, setting, env, seconds))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tuning", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true",
        help="one run, 1 s loads, the baked default and the access log of each server: a smoke test",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-seconds", type=float, default=8.0)
    parser.add_argument("--output", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    runs, seconds = (1, 1.0) if args.quick else (args.runs, args.load_seconds)

    engine = Engine()
    with tempfile.TemporaryDirectory(prefix="pydt-tuning-") as scratch:
        try:
            results = {
                variant.framework: {
                    server: compare_settings(
                        engine, variant, server, Path(scratch) / variant.framework, runs, seconds, args.quick
                    )
                    for server in SETTINGS
                }
                for variant in default_variants()
            }
        finally:
            engine.cleanup()
    markdown = write_tuning_report(args.output, results, CONNECTIONS, runs, seconds, args.quick)
    print(markdown)


if __name__ == "__main__":
    main()
