"""Copies of this repository's templates, as a user gets them: a git repository or its zip."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .tools import check
from .variants import ROOT

# What a bake reads: the chooser, the shared library and both templates.
PARTS = ("cookiecutter.json", "template_library", "flask-template", "django-template")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
}  # fmt: skip


def git(*args: str, cwd: Path) -> str:
    return check("git", *args, cwd=cwd, env={**os.environ, **GIT_IDENTITY})


def git_copy(destination: Path) -> Path:
    """A git repository of the templates as they are in this working tree, committed once."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", *PARTS],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.exists():  # listed but deleted in the working tree: not part of it
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name, follow_symlinks=False)
    git("init", "--quiet", "--initial-branch", "main", cwd=destination)
    git("add", "--all", cwd=destination)
    git("commit", "--quiet", "--message", "templates", cwd=destination)
    return destination


def github_zip(repository: Path, archive: Path) -> Path:
    """The zip GitHub serves for a commit: `git archive` under one top folder."""
    git("archive", "--format", "zip", "--prefix", "py-docker-templates/", "--output", str(archive), "HEAD",
        cwd=repository)  # fmt: skip
    return archive
