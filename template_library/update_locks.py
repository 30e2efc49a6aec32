"""Regenerate every template's vetted dependency locks with uv (needs the package index).

Run it after changing a template's requirements*.in or adding an option that
changes them, and from time to time to take new releases: it resolves every
option combination for every offered Python version afresh, then replaces
<template>/locks/ whole, so stale locks disappear. Review the diff and commit it.

    scripts/update-locks [flask-template django-template]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cookiecutter.main import cookiecutter

from .locks import INPUTS, compile_fresh, lock_dir, output_name
from .template_spec import TemplateSpec

ROOT = Path(__file__).resolve().parent.parent

TEMPLATES = ("flask-template", "django-template")
PARALLEL_RESOLUTIONS = 8


def update(template: str, scratch: Path) -> None:
    spec = TemplateSpec.load(ROOT / template)
    staging = scratch / f"{template}-locks"
    jobs: dict[Path, tuple[Path, str, dict[str, str]]] = {}  # lock -> (bake, Python, answers)
    for number, options in enumerate(spec.option_combinations()):
        # Hooks off: the inputs are all this needs, and the hook would want a lock.
        project = Path(
            cookiecutter(
                str(spec.directory),
                no_input=True,
                extra_context=options,
                output_dir=str(scratch / f"{template}-{number}"),
                accept_hooks=False,
            )
        )
        for python_version in spec.python_versions:
            target = lock_dir(staging, python_version, (project / INPUTS[0]).read_text())
            # Combinations with the same dependencies share one lock.
            jobs.setdefault(target, (project, python_version, options))

    def lock(target: Path) -> str:
        project, python_version, options = jobs[target]
        target.mkdir(parents=True)
        compile_fresh(project, python_version, destination=target)
        for input_name in INPUTS:
            shutil.copyfile(project / input_name, target / input_name)
        pinned = (target / output_name(INPUTS[0])).read_text().count("==")
        return f"{template}: {target.relative_to(staging)} ({pinned} runtime pins) for {options}"

    # Each resolution mostly waits on the package index: several at once.
    with ThreadPoolExecutor(max_workers=PARALLEL_RESOLUTIONS) as pool:
        for line in pool.map(lock, sorted(jobs)):
            print(line, flush=True)
    shutil.rmtree(spec.locks_dir, ignore_errors=True)
    shutil.copytree(staging, spec.locks_dir)


def main(templates: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for template in templates or TEMPLATES:
            update(template, Path(scratch))


if __name__ == "__main__":
    main(sys.argv[1:])
