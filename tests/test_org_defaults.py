"""Organisations bake with their own defaults; replays give the same project again."""

from __future__ import annotations

import os

import pytest
from support.bakes import PROJECT_NAME, expected
from support.cli import cookiecutter
from support.tools import run, tool
from support.variants import ROOT, TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES)
def test_org_config_file_sets_the_defaults(tmp_path, template):
    home = tmp_path / "home"  # replays go under HOME when the config names no replay_dir
    home.mkdir()
    result = run(
        tool("cookiecutter"), str(ROOT / template), "--no-input",
        "--config-file", str(ROOT / "examples" / "org-config.yaml"), "--output-dir", str(tmp_path),
        env={**os.environ, "HOME": str(home)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    project = expected(ROOT / template, tmp_path).path  # the config keeps the default name
    assert 'authors = [{ name = "Payments Platform Team" }]' in (project / "pyproject.toml").read_text()
    dockerfile = (project / "Dockerfile").read_text()
    assert "ARG PYTHON_VERSION=3.12" in dockerfile and "EXPOSE 8080" in dockerfile
    assert "--python-version 3.12" in (project / "requirements.txt").read_text()


@pytest.mark.parametrize("template", TEMPLATES)
def test_replay_bakes_the_same_project_again(tmp_path, template):
    first, again = tmp_path / "first", tmp_path / "again"
    first.mkdir(), again.mkdir()
    answers = [f"project_name={PROJECT_NAME}", "python_version=3.12", "port=5000"]
    assert cookiecutter(ROOT / template, "--no-input", *answers, output=first).returncode == 0
    # the helper points both runs at the same replay directory
    result = cookiecutter(ROOT / template, "--replay", output=again)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)
