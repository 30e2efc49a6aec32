"""Gunicorn settings side by side: `python -m benchmarks.tuning [--quick] [--runs N]`.

The evidence behind the baked gunicorn.conf.py: the same baked image of each
template runs once per setting, one setting changed at a time, under the same
32-connection load, interleaved so that every setting sees the same machine.
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

from . import measure
from .figures import SettingRun
from .report import write_tuning_report

CPUS = len(os.sched_getaffinity(0))


@dataclass(frozen=True)
class Setting:
    label: str
    env: dict[str, str] = field(default_factory=dict)  # what the container gets to run so


SETTINGS = (
    Setting(f"baked default: {CPUS + 1} sync workers (CPUs + 1), no access log"),
    Setting(f"{2 * CPUS + 1} workers (gunicorn's 2 x CPUs + 1)", {"WEB_CONCURRENCY": str(2 * CPUS + 1)}),
    Setting(f"{CPUS} workers (one per CPU)", {"WEB_CONCURRENCY": str(CPUS)}),
    Setting("access log on", {"GUNICORN_ACCESS_LOG": "1"}),
    Setting("threaded workers, 4 threads each", {"GUNICORN_THREADS": "4"}),
)
CONNECTIONS = 32


def measure_setting(engine: Engine, tag: str, env: dict[str, str], seconds: float) -> SettingRun:
    running, _ = measure.start(engine, tag, env)
    try:
        measure.load(running, CONNECTIONS, 1)  # every worker has served: steady state
        idle = running.memory_mib()
        result = measure.load(running, CONNECTIONS, seconds)
    finally:
        running.stop()
        engine.remove_containers()
    return SettingRun(result, idle)


def compare_settings(
    engine: Engine, variant: Variant, scratch: Path, runs: int, seconds: float
) -> list[tuple[str, list[SettingRun]]]:
    _, bake = measure.bake(variant.template_dir, scratch, project_name=PROJECT_NAME)
    tag = engine.build(bake.path, f"tuning-{variant.framework}").tag
    results: list[tuple[str, list[SettingRun]]] = [(setting.label, []) for setting in SETTINGS]
    for run in range(runs):
        for setting, (_, setting_runs) in zip(SETTINGS, results, strict=True):
            print(f"{variant.framework} run {run + 1}/{runs}: {setting.label}", flush=True)
            env = {**measure.service_env(variant.framework), **setting.env}
            setting_runs.append(measure_setting(engine, tag, env, seconds))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tuning", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run, 2 s loads: a smoke test")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-seconds", type=float, default=8.0)
    parser.add_argument("--output", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    runs, seconds = (1, 2.0) if args.quick else (args.runs, args.load_seconds)

    engine = Engine()
    with tempfile.TemporaryDirectory(prefix="pydt-tuning-") as scratch:
        try:
            results = {
                variant.framework: compare_settings(
                    engine, variant, Path(scratch) / variant.framework, runs, seconds
                )
                for variant in default_variants()
            }
        finally:
            engine.cleanup()
    markdown = write_tuning_report(args.output, results, CONNECTIONS, runs, seconds, args.quick)
    print(markdown)


if __name__ == "__main__":
    main()
