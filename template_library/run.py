"""Entry points of the thin hook scripts: each returns the process exit status."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .answers import check_answers
from .locks import PinError, compile_fresh, install_vetted
from .template_spec import TemplateSpec


def pre_gen(template_dir: str, answers: dict) -> int:
    problems = check_answers(answers, TemplateSpec.load(template_dir))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def post_gen(template_dir: str, answers: dict) -> int:
    spec = TemplateSpec.load(template_dir)
    project_dir = Path.cwd()
    for relative in spec.unchosen_paths(answers):
        path = project_dir / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    make_scripts_executable(project_dir)
    try:
        if answers.get("_dependency_lock") == "fresh":
            compile_fresh(project_dir, answers["python_version"])
        else:
            install_vetted(spec.locks_dir, project_dir, answers["python_version"])
    except PinError as error:
        print(f"error: dependencies: {error}", file=sys.stderr)
        return 1
    return 0


def make_scripts_executable(project_dir: Path) -> None:
    """Every file that starts with `#!` becomes executable: a template unpacked from a
    zip archive, or checked out on Windows, has lost the executable bits."""
    for path in project_dir.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(2) == b"#!":
                    path.chmod(path.stat().st_mode | 0o111)
