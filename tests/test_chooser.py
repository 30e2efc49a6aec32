"""The repository root is a nested-template chooser; --directory picks a template directly."""

from __future__ import annotations

import pytest
from support.bakes import PROJECT_NAME, expected
from support.cli import cookiecutter
from support.variants import ROOT


def requirements_in(output, template: str) -> str:
    """requirements.in of the default bake of `template` in `output`."""
    return (expected(ROOT / template, output).path / "requirements.in").read_text()


def test_no_input_at_the_root_takes_the_first_template_flask(tmp_path):
    result = cookiecutter(ROOT, "--no-input", output=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "flask" in requirements_in(tmp_path, "flask-template")


@pytest.mark.parametrize(
    ("directory", "framework"), [("flask-template", "flask"), ("django-template", "django")]
)
def test_directory_selects_a_template_without_prompts(tmp_path, directory, framework):
    result = cookiecutter(
        ROOT, "--no-input", "--directory", directory, f"project_name={PROJECT_NAME}", output=tmp_path
    )
    assert result.returncode == 0, result.stderr
    project = expected(ROOT / directory, tmp_path, project_name=PROJECT_NAME).path
    assert framework in (project / "requirements.in").read_text()


def test_interactive_use_shows_the_chooser_and_takes_the_answer(tmp_path):
    # Answer "2" (Django) to the chooser, then accept every default.
    result = cookiecutter(ROOT, output=tmp_path, input="2\n" + "\n" * 20)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Flask" in result.stdout and "Django" in result.stdout
    assert "django" in requirements_in(tmp_path, "django-template")


@pytest.mark.parametrize(
    ("cwd", "template", "chosen"),
    [
        (".", ".", "flask-template"),
        (".", "./django-template", "django-template"),
        ("flask-template", ".", "flask-template"),
    ],
)
def test_a_relative_template_path_bakes(tmp_path, cwd, template, chosen):
    # cookiecutter passes a relative path on to the hooks as _repo_dir.
    result = cookiecutter(template, "--no-input", output=tmp_path, cwd=ROOT / cwd)
    assert result.returncode == 0, result.stderr
    project = expected(ROOT / chosen, tmp_path).path
    assert (project / "requirements.txt").read_text().count("--hash=sha256:") > 5
