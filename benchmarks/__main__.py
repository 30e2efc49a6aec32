"""Run the benchmarks: `python -m benchmarks [--quick] [--runs N] [--output DIR]`."""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from . import measure
from .recipes import RECIPES, prepare
from .report import write_report


def run_recipe(engine, context: Path, recipe, framework: str, figures: dict, seconds: float) -> None:
    base = f"python:{measure.PYTHON}-slim"
    name = f"bench-{framework}-{recipe.name}"
    cold = engine.build(context, name, no_cache=True, dockerfile=recipe.dockerfile)
    figures["cold build (s)"].append(cold.seconds)
    module = context / "billing_api" / ("views.py" if framework == "django" else "routes.py")
    module.write_text(module.read_text() + f"# edit {time.monotonic()}\n")
    warm = engine.build(context, name, dockerfile=recipe.dockerfile)
    figures["warm rebuild after a one-line edit (s)"].append(warm.seconds)
    tag = warm.tag
    size = measure.image_bytes(tag)
    figures["image size (MiB)"].append(size / 2**20)
    figures["overhead over the base image (MiB)"].append((size - measure.image_bytes(base)) / 2**20)
    figures["installed packages (MiB)"].append(measure.installed_bytes(tag, base, measure.PYTHON) / 2**20)

    started_at = time.monotonic()
    running, to_200 = measure.start(engine, tag, measure.service_env(framework))
    try:
        figures["docker run to first 200 (s)"].append(to_200)
        healthy = measure.seconds_to_healthy(running, started_at)
        if healthy is not None:
            figures["docker run to healthy (s)"].append(healthy)
        measure.load(running, 32, 1)  # every worker has served: steady state
        figures["idle memory (MiB)"].append(running.memory_mib())
        for connections in (1, 32):
            result = measure.load(running, connections, seconds)
            figures[f"requests/s, {connections} conn."].append(result.per_second)
            figures[f"p50 latency, {connections} conn. (ms)"].append(result.p50_ms)
            figures[f"p99 latency, {connections} conn. (ms)"].append(result.p99_ms)
            figures[f"errors, {connections} conn."].append(result.errors)
        figures["memory after load (MiB)"].append(running.memory_mib())
    finally:
        stop_seconds, exit_code = running.stop()
        engine.cleanup()
    figures["docker stop (s)"].append(stop_seconds)
    figures["exit code on stop"].append(exit_code)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run, 2 s loads: a smoke test")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median, min, max)")
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--output", type=Path, default=measure.ROOT / "docs", help="where the report goes")
    args = parser.parse_args()
    runs, seconds = (1, 2.0) if args.quick else (args.runs, args.load_seconds)

    engine = measure.Engine()
    results: dict[str, dict[str, dict[str, list[float]]]] = {}
    bakes: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="pydt-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        for framework, template in measure.TEMPLATES.items():
            template_dir = measure.ROOT / template
            bakes[framework] = defaultdict(list)
            for run in range(runs):
                bakes[framework]["bake, vetted lock offline (s)"].append(
                    measure.bake(
                        template_dir, scratch / f"offline-{framework}-{run}", "project_name=Billing API"
                    )
                )
                bakes[framework]["bake, fresh resolution (s)"].append(
                    measure.bake(
                        template_dir, scratch / f"fresh-{framework}-{run}",
                        "project_name=Billing API", "_dependency_lock=fresh",
                    )
                )  # fmt: skip
            project = scratch / f"offline-{framework}-0" / "billing-api"
            results[framework] = {recipe.name: defaultdict(list) for recipe in RECIPES}
            for run in range(runs):
                for recipe in RECIPES:  # interleaved: every image sees the same machine state
                    context = scratch / f"{framework}-{recipe.name}-{run}"
                    prepare(project, context, recipe, framework, measure.PYTHON)
                    print(f"{framework} {recipe.name} run {run + 1}/{runs}", flush=True)
                    run_recipe(engine, context, recipe, framework, results[framework][recipe.name], seconds)
                    shutil.rmtree(context)
    summary = {
        framework: {
            recipe: {name: (statistics.median(v), min(v), max(v)) for name, v in figures.items()}
            for recipe, figures in by_recipe.items()
        }
        for framework, by_recipe in results.items()
    }
    bake_summary = {
        framework: {name: (statistics.median(v), min(v), max(v)) for name, v in figures.items()}
        for framework, figures in bakes.items()
    }
    markdown = write_report(args.output, summary, bake_summary, runs, seconds, args.quick)
    print(markdown)


if __name__ == "__main__":
    main()
