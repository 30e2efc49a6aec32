"""Bakes stay in sync with the template: deterministic output, and cruft create/check/update/diff."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from support.bakes import expected
from support.cli import cookiecutter
from support.offline import OFFLINE
from support.template_repo import GIT_IDENTITY, git, git_copy
from support.tools import check, run, tool
from support.variants import ROOT, TEMPLATES

from template_library.locks import lock_dir

ANSWERS = {"project_name": "Ledger Service", "python_version": "3.12", "port": "5000"}


def tree(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and ".git" not in path.parts
    }


def cruft(*args: str, cwd: Path) -> str:
    # cruft must not need the network: OFFLINE makes sure.
    return check(tool("cruft"), *args, cwd=cwd, env={**os.environ, **GIT_IDENTITY, **OFFLINE}, timeout=600)


@pytest.mark.parametrize("template", TEMPLATES)
def test_same_answers_give_byte_identical_bakes(tmp_path, template):
    first, second = tmp_path / "first", tmp_path / "second"
    for output in (first, second):
        output.mkdir()
        answers = [f"{key}={value}" for key, value in ANSWERS.items()]
        assert cookiecutter(ROOT / template, "--no-input", *answers, output=output).returncode == 0
        time.sleep(1.1)  # a timestamp written into a file would differ
    assert tree(first) == tree(second)


@pytest.fixture
def template_repo(tmp_path) -> Path:
    """A git copy of this repository's templates, free to change."""
    return git_copy(tmp_path / "templates")


@pytest.mark.parametrize("template", TEMPLATES)
def test_cruft_update_carries_template_changes_and_keeps_local_edits(tmp_path, template_repo, template):
    services = tmp_path / "services"
    services.mkdir()
    cruft(
        "create", str(template_repo), "--directory", template, "--no-input",
        "--extra-context", json.dumps(ANSWERS), "--output-dir", str(services), cwd=tmp_path,
    )  # fmt: skip
    service = expected(ROOT / template, services, **ANSWERS).path
    assert json.loads((service / ".cruft.json").read_text())["directory"] == template
    assert cruft("diff", "--exit-code", cwd=service).strip() == ""
    git("init", "--quiet", "--initial-branch", "main", cwd=service)
    git("add", "--all", cwd=service)
    git("commit", "--quiet", "--message", "baked", cwd=service)

    # The service's own change to a file the template change does not touch.
    readme = service / "README.md"
    readme.write_text(readme.read_text() + "\nOn call: the ledger team.\n")
    git("commit", "--quiet", "--all", "--message", "local edit", cwd=service)

    # The template improves: a Dockerfile line and a new pin in the vetted lock.
    dockerfile = template_repo / template / "{{cookiecutter.__project_dir}}" / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + 'LABEL org.opencontainers.image.vendor="ledger"\n')
    locks = template_repo / template / "locks"
    requirements_in = (service / "requirements.in").read_text()
    lock = lock_dir(locks, ANSWERS["python_version"], requirements_in) / "requirements.txt"
    framework = template.removesuffix("-template")  # flask, django: in every lock of the template
    old_pin = next(line for line in lock.read_text().splitlines() if line.startswith(f"{framework}=="))
    new_pin = old_pin.replace(f"{framework}==", f"{framework}==99.")
    lock.write_text(lock.read_text().replace(old_pin, new_pin))
    git("commit", "--quiet", "--all", "--message", "templates v2", cwd=template_repo)

    start = time.monotonic()
    cruft("update", "--skip-apply-ask", "--allow-untracked-files", cwd=service)
    print(f"{template}: cruft update took {time.monotonic() - start:.1f} s")

    changed = sorted(line[3:] for line in git("status", "--porcelain", cwd=service).splitlines())
    print(f"{template}: files the template change touched: {changed}")
    assert changed == [".cruft.json", "Dockerfile", "requirements.txt"]
    assert 'LABEL org.opencontainers.image.vendor="ledger"' in (service / "Dockerfile").read_text()
    assert new_pin in (service / "requirements.txt").read_text()
    assert "On call: the ledger team." in readme.read_text()
    cruft("check", cwd=service)


def test_cruft_check_fails_when_the_template_moved_on(tmp_path, template_repo):
    cruft(
        "create", str(template_repo), "--directory", "flask-template", "--no-input",
        "--output-dir", str(tmp_path), cwd=tmp_path,
    )  # fmt: skip
    service = expected(ROOT / "flask-template", tmp_path).path
    cruft("check", cwd=service)
    (template_repo / "flask-template" / "{{cookiecutter.__project_dir}}" / "NOTICE").write_text("new\n")
    git("add", "--all", cwd=template_repo)
    git("commit", "--quiet", "--message", "templates v2", cwd=template_repo)
    result = run(tool("cruft"), "check", cwd=service, env={**os.environ, **OFFLINE})
    assert result.returncode != 0
