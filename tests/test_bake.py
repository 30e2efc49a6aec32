"""Fast tier: every variant bakes into a clean, lint-free, pinned project; planned ones pass own tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.pairwise import uncovered_pairs
from support.pythons import BakeEnvironment, host_interpreter
from support.requirements import CLOSURE_SCRIPT, canonical, pins, roots
from support.tools import check, check_files, tool
from support.variants import TEMPLATES, all_variants, docker_variants, spec

VARIANTS = all_variants()


def _on_its_python() -> list:
    """The variants whose own tests run, on their Python: those of the pairwise plan
    (support/pairwise.py), on this machine's CPython where it has that version, else in
    the python:X.Y-slim image (support/pythons.py) in the Docker tier.

    The plan is enough: every Python version meets every value of every option
    (granian and gunicorn, each database, cache and worker), and every two values of two
    options meet, in some variant, each run on its own version's interpreter. A bake's
    code and tests are chosen by Jinja conditions on one option or on two (`cache ==
    "redis" or worker == "celery"`; no nested block joins three), so every text that any
    combination can hold runs in some variant of the plan. Every combination on every
    version is still baked, linted, and checked for template leftovers and pins below."""
    return [
        pytest.param(v, id=v.id, marks=() if host_interpreter(v.python_version) else pytest.mark.docker)
        for v in docker_variants()
    ]


ON_ITS_PYTHON = _on_its_python()
JINJA_LEFTOVER = re.compile(r"(?<!\$)\{\{|\{%|%\}|\{#|cookiecutter", re.IGNORECASE)


def text_files(project: Path):
    for path in sorted(project.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_bake_leaves_no_template_traces_or_stray_blank_lines(bake, variant):
    project = bake(variant).path
    for path, text in text_files(project):
        name = path.relative_to(project)
        if not text:  # an empty __init__.py
            continue
        assert not JINJA_LEFTOVER.search(text), (
            f"{name}: template leftover {JINJA_LEFTOVER.search(text)[0]!r}"
        )
        assert text.endswith("\n") and not text.endswith("\n\n"), f"{name}: must end in one newline"
        assert not text.startswith("\n"), f"{name}: starts with a blank line"
        assert not re.search(r"[ \t]+$", text, re.MULTILINE), f"{name}: trailing whitespace"
        if path.suffix not in {".py", ".mako"}:  # ruff format owns the blank lines of Python
            assert "\n\n\n" not in text, f"{name}: two blank lines in a row"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_bake_is_lint_clean(bake, variant):
    project = bake(variant).path
    python = sorted(path.relative_to(project) for path in project.rglob("*.py"))
    ruff_reads = [Path("pyproject.toml"), *python]  # the settings, then the code
    options = ("--no-cache", "--force-exclude")  # files named, excludes still apply
    check_files(tool("ruff"), "check", *options, files=ruff_reads, cwd=project)
    check_files(tool("ruff"), "format", "--check", *options, files=ruff_reads, cwd=project)
    check_files(tool("hadolint"), files=[Path("Dockerfile")], cwd=project)
    scripts = sorted(path.relative_to(project) for path in project.rglob("*.sh"))
    assert scripts, "the bake has an entrypoint script"
    check_files(tool("shellcheck"), files=scripts, cwd=project)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_requirements_are_fully_pinned_with_hashes(bake, variant):
    project = bake(variant).path
    runtime = pins(project / "requirements.txt")
    development = pins(project / "requirements-dev.txt")
    for root in roots(project / "requirements.in"):
        assert canonical(re.split(r"[\[<>=!~;]", root)[0]) in runtime, f"{root} is not pinned"
    # the dev lock adds tools, never another version of a runtime dependency
    assert {name: development[name] for name in runtime} == runtime
    assert "pytest" in development and "pytest" not in runtime
    header = (project / "requirements.txt").read_text().splitlines()[1]
    assert f"--python-version {variant.python_version}" in header, header


@pytest.fixture(scope="session")
def dev_venv(tmp_path_factory, bake, request):
    """The bake's requirements-dev.txt installed for its Python, once a session."""
    made: dict[str, BakeEnvironment] = {}

    def _venv(variant) -> BakeEnvironment:
        if variant.id not in made:
            environment = BakeEnvironment(
                variant.python_version, tmp_path_factory.mktemp(variant.id) / "venv"
            )
            if environment.in_image:
                request.getfixturevalue("engine")  # skips, or fails in CI, without Docker
            environment.create(bake(variant).path / "requirements-dev.txt")
            made[variant.id] = environment
        return made[variant.id]

    return _venv


@pytest.mark.parametrize("template", TEMPLATES)
def test_own_tests_run_every_pair_of_answers_python_version_included(template):
    ran = [param.values[0].extra_context for param in ON_ITS_PYTHON if param.values[0].template == template]
    assert uncovered_pairs(spec(template).choices, ran) == []


@pytest.mark.parametrize("variant", ON_ITS_PYTHON)
def test_baked_project_own_tests_pass(bake, dev_venv, variant):
    project = bake(variant).path
    pytest_command = dev_venv(variant).command("pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    output = check(*pytest_command, cwd=project)
    assert re.search(r"\d+ passed", output), output


@pytest.mark.parametrize("variant", ON_ITS_PYTHON)
def test_requirements_hold_exactly_the_chosen_closure(bake, dev_venv, variant):
    project = bake(variant).path
    closure = dev_venv(variant).command(
        "python", "-c", CLOSURE_SCRIPT, *roots(project / "requirements.in"), cwd=project
    )
    needed = json.loads(check(*closure, cwd=project))
    assert sorted(pins(project / "requirements.txt")) == needed
