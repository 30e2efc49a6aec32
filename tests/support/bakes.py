"""Bakes in the tests' own process, and the answers behind a bake.

A bake's names (the slug of its folder, the package) are derived from its project
name by expressions in the template's cookiecutter.json: tests ask Cookiecutter to
render those, so no test writes a derived name by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cookiecutter.generate import generate_context
from cookiecutter.main import cookiecutter
from cookiecutter.prompt import prompt_for_config

from .cli import isolated_config

PROJECT_NAME = "Billing API"  # what tests bake by default: not the default, so nothing passes by accident


@dataclass(frozen=True)
class Bake:
    """A baked project and every answer it was baked with, the derived ones included."""

    path: Path
    answers: Mapping[str, str]

    @property
    def slug(self) -> str:
        return self.answers["project_slug"]

    @property
    def package(self) -> str:
        return self.answers["package_name"]


def answers(template_dir: Path, **given: str) -> dict[str, str]:
    """The answers of a `--no-input` bake: `given`, else cookiecutter.json's defaults (the first
    of a choice), with the derived ones rendered by Cookiecutter as a bake renders them."""
    context = generate_context(context_file=str(template_dir / "cookiecutter.json"), extra_context=given)
    # The template's Jinja extension is for file bodies and is importable only during a bake
    # (Cookiecutter puts the template folder on sys.path then); the names need none of it.
    context["cookiecutter"].pop("_extensions", None)
    rendered = prompt_for_config(context, no_input=True)
    return {key: str(value) for key, value in rendered.items() if not key.startswith("_")}


def expected(template_dir: Path, output: Path, **given: str) -> Bake:
    """The bake that `cookiecutter --no-input` with these answers makes in `output`."""
    answered = answers(template_dir, **given)
    return Bake(output / answered["project_slug"], answered)


def bake(template_dir: Path, output: Path, **given: str) -> Bake:
    """Bake into `output` in this process (faster than the command), isolated from the
    user's Cookiecutter config; a bake that fails fails the test, with its error."""
    try:
        path = cookiecutter(
            str(template_dir), no_input=True, extra_context=given, output_dir=str(output),
            config_file=str(isolated_config(output)),
        )  # fmt: skip
    except (Exception, SystemExit) as error:
        raise AssertionError(f"bake failed: {error!r}") from error
    result = expected(template_dir, output, **given)
    assert Path(path) == result.path, f"baked {path}, not {result.path}: the folder is the slug"
    return result
