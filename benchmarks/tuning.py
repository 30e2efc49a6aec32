"""Gunicorn settings side by side: `python -m benchmarks.tuning [--quick] [--runs N]`.

The evidence behind the baked gunicorn.conf.py: the same baked image of each
template runs once per setting, one setting changed at a time, under the same
32-connection load, interleaved so that every setting sees the same machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path

from . import measure
from .report import cell, machine

CPUS = len(os.sched_getaffinity(0))
SETTINGS = {
    f"baked default: {CPUS + 1} sync workers (CPUs + 1), no access log": {},
    f"{2 * CPUS + 1} workers (gunicorn's 2 x CPUs + 1)": {"WEB_CONCURRENCY": str(2 * CPUS + 1)},
    f"{CPUS} workers (one per CPU)": {"WEB_CONCURRENCY": str(CPUS)},
    "access log on": {"GUNICORN_ACCESS_LOG": "1"},
    "threaded workers, 4 threads each": {"GUNICORN_THREADS": "4"},
}
CONNECTIONS = 32
FIGURES = ("requests/s", "p50 (ms)", "p99 (ms)", "errors", "idle memory (MiB)")


def measure_setting(engine, tag: str, env: dict[str, str], seconds: float) -> dict[str, float]:
    running, _ = measure.start(engine, tag, env)
    try:
        measure.load(running, CONNECTIONS, 1)  # every worker has served: steady state
        idle = running.memory_mib()
        result = measure.load(running, CONNECTIONS, seconds)
    finally:
        running.stop()
        engine.remove_containers()
    return {
        "requests/s": result.per_second, "p50 (ms)": result.p50_ms, "p99 (ms)": result.p99_ms,
        "errors": result.errors, "idle memory (MiB)": idle,
    }  # fmt: skip


def compare_settings(engine, framework: str, scratch: Path, runs: int, seconds: float) -> dict:
    measure.bake(measure.ROOT / measure.TEMPLATES[framework], scratch, "project_name=Billing API")
    tag = engine.build(scratch / "billing-api", f"tuning-{framework}").tag
    results = {setting: defaultdict(list) for setting in SETTINGS}
    for run in range(runs):
        for setting, env in SETTINGS.items():
            print(f"{framework} run {run + 1}/{runs}: {setting}", flush=True)
            figures = measure_setting(engine, tag, {**measure.service_env(framework), **env}, seconds)
            for name, value in figures.items():
                results[setting][name].append(value)
    return results


def report(results: dict, runs: int, seconds: float, quick: bool) -> str:
    lines = [
        "# Gunicorn settings",
        "",
        f"Written by `python -m benchmarks.tuning{' --quick' if quick else ''}` on "
        f"{datetime.date.today().isoformat()}: {machine()}.",
        f"Each baked image (Python {measure.PYTHON}, default answers) serves `GET /` to {CONNECTIONS}",
        f"connections for {seconds:g} s per run; medians of {runs} run(s) [min-max]. The ratio",
        "divides the requests per second by those of the baked default. The load generator",
        "shares the CPUs with the server, as in docs/benchmarks.md.",
    ]
    for framework, by_setting in results.items():
        default = statistics.median(next(iter(by_setting.values()))["requests/s"])
        lines += ["", f"## {framework.capitalize()}", ""]
        lines += ["| setting | " + " | ".join(FIGURES) + " | ratio |", "|---" * (len(FIGURES) + 2) + "|"]
        for setting, figures in by_setting.items():
            cells = [cell((statistics.median(v), min(v), max(v))) for v in map(figures.get, FIGURES)]
            ratio = statistics.median(figures["requests/s"]) / default
            lines.append(f"| {setting} | " + " | ".join(cells) + f" | {ratio:.2f}x |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tuning", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run, 2 s loads: a smoke test")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-seconds", type=float, default=8.0)
    parser.add_argument("--output", type=Path, default=measure.ROOT / "docs")
    args = parser.parse_args()
    runs, seconds = (1, 2.0) if args.quick else (args.runs, args.load_seconds)

    engine = measure.Engine()
    with tempfile.TemporaryDirectory(prefix="pydt-tuning-") as scratch:
        try:
            results = {
                framework: compare_settings(engine, framework, Path(scratch) / framework, runs, seconds)
                for framework in measure.TEMPLATES
            }
        finally:
            engine.cleanup()
    markdown = report(results, runs, seconds, args.quick)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "tuning.md").write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()
