"""Run the benchmarks: `python -m benchmarks [--quick] [--runs N] [--output DIR]`."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from tests.support.bakes import PROJECT_NAME, Bake
from tests.support.docker import Engine
from tests.support.profiles import Profile
from tests.support.variants import ROOT, Variant, default_variants

from . import measure
from .figures import BakeRun, ImageRun, TemplateRuns
from .recipes import RECIPES, Recipe, prepare
from .report import write_report


def run_recipe(
    engine: Engine, context: Path, recipe: Recipe, variant: Variant, package: str, seconds: float,
    slow_seconds: float,
) -> ImageRun:  # fmt: skip
    base = f"python:{measure.PYTHON}-slim"
    name = f"bench-{variant.framework}-{recipe.name}"
    cold = engine.build(context, name, no_cache=True, dockerfile=recipe.dockerfile)
    module = context / Profile(variant).view_module(package)
    module.write_text(module.read_text() + f"# edit {time.monotonic()}\n")
    warm = engine.build(context, name, dockerfile=recipe.dockerfile)
    tag = warm.tag
    size = measure.image_bytes(tag)
    base_size = measure.image_bytes(base)
    packages = measure.installed_bytes(tag, base, measure.PYTHON)

    started_at = time.monotonic()
    running, to_200 = measure.start(engine, tag, measure.service_env(variant.framework))
    try:
        healthy = measure.seconds_to_healthy(running, started_at)
        measure.load(running, 32, 1)  # every worker has served: steady state
        idle = running.memory_mib()
        load_1, load_32 = (measure.load(running, connections, seconds) for connections in (1, 32))
        after_load = running.memory_mib()
        slow_stop = measure.slow_stop(running, slow_seconds)  # last: it may take the server down a while
    finally:
        stop_seconds, exit_code = running.stop()
        engine.cleanup()
    return ImageRun(
        cold_build_s=cold.seconds, warm_rebuild_s=warm.seconds, image_mib=size / 2**20,
        overhead_mib=(size - base_size) / 2**20, packages_mib=packages / 2**20, first_200_s=to_200,
        healthy_s=healthy, idle_mib=idle, load_1=load_1, load_32=load_32, after_load_mib=after_load,
        slow_stop=slow_stop, stop_s=stop_seconds, exit_code=exit_code,
    )  # fmt: skip


def bake_both_ways(variant: Variant, scratch: Path, run: int) -> tuple[BakeRun, Bake]:
    """(the seconds of the default bake offline and fresh, the offline bake)."""
    offline_seconds, offline = measure.bake(
        variant.template_dir, scratch / f"offline-{variant.framework}-{run}", project_name=PROJECT_NAME
    )
    fresh_seconds, _ = measure.bake(
        variant.template_dir, scratch / f"fresh-{variant.framework}-{run}",
        project_name=PROJECT_NAME, _dependency_lock="fresh",
    )  # fmt: skip
    return BakeRun(offline_seconds, fresh_seconds), offline


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run, short loads: a smoke test")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median, min, max)")
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="where the report goes")
    args = parser.parse_args()
    runs, seconds = (1, 2.0) if args.quick else (args.runs, args.load_seconds)
    # Each count of slow connections is held this long: past a probe's 1 s timeout, within
    # granian's 5 s header timeout (which would free them and restart the count).
    slow_seconds = 1.5 if args.quick else 3.0

    engine = Engine()
    results: dict[str, TemplateRuns] = {}
    with tempfile.TemporaryDirectory(prefix="pydt-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        for variant in default_variants():
            framework = variant.framework
            bakes = [bake_both_ways(variant, scratch, run) for run in range(runs)]
            _, gunicorn = measure.bake(
                variant.template_dir, scratch / f"gunicorn-{framework}", project_name=PROJECT_NAME,
                server="gunicorn",
            )  # fmt: skip
            # The images are built from the first offline default bake, and the gunicorn bake.
            projects = {"granian": bakes[0][1], "gunicorn": gunicorn}
            recipes = [recipe for recipe in RECIPES if recipe.quick or not args.quick]
            images = {recipe.name: [] for recipe in recipes}
            results[framework] = TemplateRuns(images, [bake_run for bake_run, _ in bakes])
            for run in range(runs):
                for recipe in recipes:  # interleaved: every image sees the same machine state
                    context = scratch / f"{framework}-{recipe.name}-{run}"
                    project = projects[recipe.server]
                    prepare(project, context, recipe, framework, measure.PYTHON)
                    print(f"{framework} {recipe.name} run {run + 1}/{runs}", flush=True)
                    images[recipe.name].append(
                        run_recipe(engine, context, recipe, variant, project.package, seconds, slow_seconds)
                    )
                    shutil.rmtree(context)
    markdown = write_report(args.output, results, runs, seconds, slow_seconds, args.quick)
    print(markdown)


if __name__ == "__main__":
    main()
