"""Run the benchmarks: `python -m benchmarks [--quick] [--runs N] [--output DIR]`."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tests.support.bakes import PROJECT_NAME, Bake
from tests.support.docker import Engine
from tests.support.profiles import Profile
from tests.support.variants import ROOT, Variant, default_variants

from . import measure
from .figures import BakeRun, ImageRun, TemplateRuns, Timing
from .recipes import RECIPES, Recipe, prepare
from .report import write_report

FULL = Timing(seconds=10.0, slow_seconds=3.0, slow_limit=measure.SLOW_LIMIT, stop_grace=10)
# --quick, a smoke test: the same code, in fewer seconds.
QUICK = Timing(seconds=1.0, slow_seconds=1.5, slow_limit=4, stop_grace=2)


def run_recipe(
    engine: Engine, context: Path, recipe: Recipe, variant: Variant, package: str, timing: Timing
) -> ImageRun:
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
        load_1, load_32 = (measure.load(running, connections, timing.seconds) for connections in (1, 32))
        after_load = running.memory_mib()
        # Last: it may take the server down a while.
        slow_stop = measure.slow_stop(running, timing.slow_seconds, timing.slow_limit)
    finally:
        stop_seconds, exit_code = running.stop(timing.stop_grace)
        engine.cleanup()
    return ImageRun(
        cold_build_s=cold.seconds, warm_rebuild_s=warm.seconds, image_mib=size / 2**20,
        overhead_mib=(size - base_size) / 2**20, packages_mib=packages / 2**20, first_200_s=to_200,
        healthy_s=healthy, idle_mib=idle, load_1=load_1, load_32=load_32, after_load_mib=after_load,
        slow_stop=slow_stop, stop_s=stop_seconds, exit_code=exit_code,
    )  # fmt: skip


def bake_both_ways(variant: Variant, scratch: Path, run: int, fresh: bool) -> tuple[BakeRun, Bake]:
    """(the seconds of the default bake offline and, if `fresh`, resolved afresh; the offline
    bake). --quick resolves nothing afresh, which takes the index's time, not the code's: the
    fast tier's tests/test_pinning.py does, and this code does it as it bakes with any answer."""
    offline_seconds, offline = measure.bake(
        variant.template_dir, scratch / f"offline-{variant.framework}-{run}", project_name=PROJECT_NAME
    )
    fresh_seconds = None
    if fresh:
        fresh_seconds, _ = measure.bake(
            variant.template_dir, scratch / f"fresh-{variant.framework}-{run}",
            project_name=PROJECT_NAME, _dependency_lock="fresh",
        )  # fmt: skip
    return BakeRun(offline_seconds, fresh_seconds), offline


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true",
        help="one run, 1 s loads, the default bake and the seed-style image only: a smoke test",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median, min, max)")
    parser.add_argument("--load-seconds", type=float, default=FULL.seconds)
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="where the report goes")
    args = parser.parse_args()
    runs, timing = (1, QUICK) if args.quick else (args.runs, replace(FULL, seconds=args.load_seconds))

    engine = Engine()
    results: dict[str, TemplateRuns] = {}
    with tempfile.TemporaryDirectory(prefix="pydt-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        for variant in default_variants():
            framework = variant.framework
            bakes = [bake_both_ways(variant, scratch, run, not args.quick) for run in range(runs)]
            _, gunicorn = measure.bake(
                variant.template_dir, scratch / f"gunicorn-{framework}", project_name=PROJECT_NAME,
                server="gunicorn",
            )  # fmt: skip
            # The images are built from the first offline default bake, and the gunicorn bake.
            projects = {"granian": bakes[0][1], "gunicorn": gunicorn}
            measured = [recipe for recipe in RECIPES if recipe.quick or not args.quick]
            images = {recipe.name: [] for recipe in measured}
            results[framework] = TemplateRuns(images, [bake_run for bake_run, _ in bakes])
            for run in range(runs):
                # Interleaved: every image sees the same machine state. --quick prepares
                # every recipe's build context too, and builds only its own.
                for recipe in RECIPES:
                    context = scratch / f"{framework}-{recipe.name}-{run}"
                    project = projects[recipe.server]
                    prepare(project, context, recipe, framework, measure.PYTHON)
                    if recipe in measured:
                        print(f"{framework} {recipe.name} run {run + 1}/{runs}", flush=True)
                        image = run_recipe(engine, context, recipe, variant, project.package, timing)
                        images[recipe.name].append(image)
                    else:
                        print(f"{framework} {recipe.name}: prepared, not built (--quick)", flush=True)
                    shutil.rmtree(context)
    markdown = write_report(args.output, results, runs, timing, args.quick)
    print(markdown)


if __name__ == "__main__":
    main()
