"""Bad answers fail before anything is written: one clear line, non-zero exit, no files."""

from __future__ import annotations

import pytest
from support.bakes import expected
from support.cli import cookiecutter
from support.variants import ROOT, default_python, spec

FLASK, DJANGO = ROOT / "flask-template", ROOT / "django-template"

# (template, answer, field named in the error, words the error must contain)
BAD_ANSWERS = [
    (FLASK, "project_name=", "project_name", "must not be empty"),
    (FLASK, "project_name=!!!", "project_name", "no letter or digit"),
    (FLASK, "project_slug=Billing API", "project_slug", "lowercase letters, digits and single hyphens"),
    (FLASK, "project_slug=1billing", "project_slug", "starting with a letter"),
    (FLASK, "project_slug=billing--api", "project_slug", "single hyphens"),
    (FLASK, "package_name=Billing", "package_name", "lowercase letters, digits and underscores"),
    (FLASK, "package_name=json", "package_name", "standard library"),
    (FLASK, "package_name=test", "package_name", "standard library"),
    (FLASK, "package_name=flask", "package_name", "dependency"),
    (FLASK, "package_name=gunicorn", "package_name", "dependency"),
    (FLASK, "package_name=werkzeug", "package_name", "dependency"),
    (FLASK, "package_name=class", "package_name", "Python keyword"),
    (FLASK, "package_name=app", "package_name", "project layout"),
    (FLASK, "port=0", "port", "from 1024 to 65535"),
    (FLASK, "port=80", "port", "from 1024 to 65535"),
    (FLASK, "port=65536", "port", "from 1024 to 65535"),
    (FLASK, "port=abc", "port", "from 1024 to 65535"),
    (FLASK, 'description=say "hi"', "description", "without double quotes"),
    (FLASK, "_dependency_lock=sometimes", "_dependency_lock", "one of vetted, fresh"),
    (DJANGO, "package_name=django", "package_name", "dependency"),
    (DJANGO, "package_name=site", "package_name", "standard library"),
    (DJANGO, "package_name=config", "package_name", "project layout"),
    (DJANGO, "package_name=pytest", "package_name", "dependency"),
    (DJANGO, "port=1023", "port", "from 1024 to 65535"),
    (DJANGO, "project_slug=Billing", "project_slug", "lowercase"),
]


@pytest.mark.parametrize(
    ("template", "answer", "field", "words"),
    BAD_ANSWERS,
    ids=[f"{t.name.removesuffix('-template')}-{a}" for t, a, _, _ in BAD_ANSWERS],
)
def test_bad_answer_is_refused_with_one_line_and_leaves_nothing(tmp_path, template, answer, field, words):
    output = tmp_path / "out"
    output.mkdir()
    result = cookiecutter(template, "--no-input", answer, output=output)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {field}: "), errors[0]
    assert words in errors[0], errors[0]
    assert list(output.iterdir()) == [], "a refused bake must leave nothing behind"


@pytest.mark.parametrize("template", [FLASK, DJANGO], ids=["flask", "django"])
def test_unoffered_python_version_is_refused_by_cookiecutter_and_leaves_nothing(tmp_path, template):
    # Cookiecutter checks choices given on the command line itself, before any hook
    # runs; its last line names the field and the choices.
    output = tmp_path / "out"
    output.mkdir()
    result = cookiecutter(template, "--no-input", "python_version=3.11", output=output)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    offered = ", ".join(map(repr, spec(template.name).python_versions))
    assert "python_version" in last and offered in last, last
    assert list(output.iterdir()) == []


def test_unoffered_choice_in_a_replay_file_is_refused_by_the_hook(tmp_path):
    # Replay files and cruft re-bakes skip cookiecutter's own choice check; the hook does not.
    output = tmp_path / "out"
    output.mkdir()
    first = cookiecutter(FLASK, "--no-input", output=output)
    assert first.returncode == 0, first.stderr
    replay = tmp_path / "replay" / "flask-template.json"
    answered = f'"python_version": "{default_python(FLASK.name)}"'
    replay.write_text(replay.read_text().replace(answered, '"python_version": "3.11"'))
    again = tmp_path / "again"
    again.mkdir()
    result = cookiecutter(FLASK, "--replay-file", str(replay), output=again)
    assert result.returncode != 0
    offered = ", ".join(spec(FLASK.name).python_versions)
    assert f"error: python_version: '3.11' is not offered; choose one of {offered}" in result.stderr
    assert list(again.iterdir()) == []


def test_existing_project_is_never_overwritten(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    assert cookiecutter(FLASK, "--no-input", output=output).returncode == 0
    project = expected(FLASK, output).path
    (project / "notes.txt").write_text("mine\n")
    readme = (project / "README.md").read_text()
    (project / "README.md").write_text(readme + "A local edit.\n")
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}

    result = cookiecutter(FLASK, "--no-input", output=output)

    assert result.returncode != 0
    assert "already exists" in result.stdout + result.stderr
    after = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    assert after == before, "a refused bake must not change an existing project"
