"""The repository root is a nested-template chooser; --directory picks a template directly."""

from __future__ import annotations

import pytest
from support.cli import cookiecutter
from support.variants import ROOT


def requirements_in(output):
    return (output / "hello-service" / "requirements.in").read_text()


def test_no_input_at_the_root_takes_the_first_template_flask(tmp_path):
    result = cookiecutter(ROOT, "--no-input", output=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "flask" in requirements_in(tmp_path)


@pytest.mark.parametrize(
    ("directory", "framework"), [("flask-template", "flask"), ("django-template", "django")]
)
def test_directory_selects_a_template_without_prompts(tmp_path, directory, framework):
    result = cookiecutter(
        ROOT, "--no-input", "--directory", directory, "project_name=Billing API", output=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert framework in (tmp_path / "billing-api" / "requirements.in").read_text()


def test_interactive_use_shows_the_chooser_and_takes_the_answer(tmp_path):
    # Answer "2" (Django) to the chooser, then accept every default.
    result = cookiecutter(ROOT, output=tmp_path, input="2\n" + "\n" * 20)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Flask" in result.stdout and "Django" in result.stdout
    assert "django" in requirements_in(tmp_path)


@pytest.mark.parametrize(
    ("cwd", "template"), [(".", "."), (".", "./django-template"), ("flask-template", ".")]
)
def test_a_relative_template_path_bakes(tmp_path, cwd, template):
    # cookiecutter passes a relative path on to the hooks as _repo_dir.
    result = cookiecutter(template, "--no-input", output=tmp_path, cwd=ROOT / cwd)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "hello-service" / "requirements.txt").read_text().count("--hash=sha256:") > 5
