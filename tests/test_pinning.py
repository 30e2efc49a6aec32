"""Post-generation pinning: vetted locks offline by default, fresh resolution on request."""

from __future__ import annotations

import shutil
import time

import pytest
from support.bakes import expected
from support.cli import cookiecutter
from support.offline import OFFLINE
from support.requirements import pins
from support.variants import ROOT, TEMPLATES, all_variants, default_python

from template_library.locks import lock_dir

FLASK = ROOT / "flask-template"


def test_every_vetted_lock_is_used_by_some_variant_and_every_variant_has_one(bake):
    used = set()
    for variant in all_variants():
        project = bake(variant).path
        source = lock_dir(
            variant.template_dir / "locks", variant.python_version, (project / "requirements.in").read_text()
        )
        assert (project / "requirements.txt").read_text() == (source / "requirements.txt").read_text()
        used.add(source)
    present = {path.parent for template in TEMPLATES
               for path in (ROOT / template / "locks").glob("*/*/requirements.txt")}  # fmt: skip
    assert present == used, f"stale locks: {sorted(map(str, present - used))}"


@pytest.mark.parametrize("template", TEMPLATES)
def test_default_bake_is_offline_and_fast(tmp_path, template):
    timings = []
    for attempt in range(3):  # the best of three: the suite shares the machine's CPUs
        output = tmp_path / f"out{attempt}"
        output.mkdir()
        start = time.monotonic()
        result = cookiecutter(ROOT / template, "--no-input", output=output, env=OFFLINE)
        timings.append(time.monotonic() - start)
        assert result.returncode == 0, result.stderr
        assert pins(expected(ROOT / template, output).path / "requirements.txt")
    print(f"offline bake of {template}: best {min(timings):.2f} s of {[round(t, 2) for t in timings]}")
    assert min(timings) < 2.0


def test_fresh_resolution_while_offline_fails_clearly_and_leaves_nothing(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    result = cookiecutter(FLASK, "--no-input", "_dependency_lock=fresh", output=output, env=OFFLINE)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: dependencies: fresh resolution of requirements.in failed"), errors[0]
    assert list(output.iterdir()) == []


def test_fresh_resolution_pins_the_same_closure_from_the_index(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    result = cookiecutter(FLASK, "--no-input", "_dependency_lock=fresh", output=output)
    assert result.returncode == 0, result.stderr
    baked = expected(FLASK, output)
    project = baked.path
    requirements_in = (project / "requirements.in").read_text()
    vetted = lock_dir(FLASK / "locks", baked.answers["python_version"], requirements_in)
    assert set(pins(project / "requirements.txt")) == set(pins(vetted / "requirements.txt"))
    assert set(pins(project / "requirements-dev.txt")) == set(pins(vetted / "requirements-dev.txt"))


def test_changed_inputs_without_a_lock_fail_with_a_pointer_to_update_locks(tmp_path):
    copy = tmp_path / "repo"
    for part in ("template_library", "flask-template"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    requirements_in = next((copy / "flask-template").glob("*/requirements.in"))
    requirements_in.write_text(requirements_in.read_text() + "requests>=2\n")
    output = tmp_path / "out"
    output.mkdir()
    result = cookiecutter(copy / "flask-template", "--no-input", output=output)
    assert result.returncode != 0
    python = default_python("flask-template")
    assert f"error: dependencies: no vetted lock for requirements.in on Python {python}" in result.stderr
    assert "scripts/update-locks" in result.stderr
    assert list(output.iterdir()) == []
