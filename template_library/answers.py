"""Validation of a template's answers: one problem, one line, before anything is written."""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass

from .locks import locked_distribution_names
from .template_spec import TemplateSpec

PORT_RANGE = (1024, 65535)
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
PACKAGE = re.compile(r"[a-z][a-z0-9_]*")
# Written into pyproject.toml strings and Markdown: one plain line.
FREE_TEXT_FORBIDDEN = re.compile(r'["\\\x00-\x1f\x7f]')
DEPENDENCY_LOCK_MODES = ("vetted", "fresh")
# sys.stdlib_module_names leaves out CPython's own test package on purpose.
STANDARD_LIBRARY = frozenset(sys.stdlib_module_names) | {"test"}


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"error: {self.field}: {self.message}"


def check_answers(answers: dict, spec: TemplateSpec) -> list[Problem]:
    name_problems = _check_name(answers)
    problems = [
        *name_problems,
        # the package name derives from the slug: report only the first cause
        *([] if name_problems else _check_package(str(answers.get("package_name", "")), spec)),
        *_check_port(str(answers.get("port", ""))),
        *_check_free_text(answers, ("project_name", "description", "author")),
        *_check_choices(answers, spec),
    ]
    mode = answers.get("_dependency_lock", "vetted")
    if mode not in DEPENDENCY_LOCK_MODES:
        problems.append(Problem("_dependency_lock", f"{mode!r} is not {_one_of(DEPENDENCY_LOCK_MODES)}"))
    return problems


def _one_of(values) -> str:
    return "one of " + ", ".join(str(value) for value in values)


def _check_name(answers: dict) -> list[Problem]:
    name = str(answers.get("project_name", ""))
    slug = str(answers.get("project_slug", ""))
    if not name.strip():
        return [Problem("project_name", "must not be empty")]
    if not slug and not any(char.isalnum() for char in name):
        return [Problem("project_name", f"{name!r} has no letter or digit to make a project_slug from")]
    if not SLUG.fullmatch(slug):
        return [
            Problem(
                "project_slug",
                f"{slug!r} is not allowed; use lowercase letters, digits and single hyphens, "
                "starting with a letter (e.g. 'billing-api')",
            )
        ]
    return []


def _check_package(package: str, spec: TemplateSpec) -> list[Problem]:
    def problem(why: str) -> list[Problem]:
        return [Problem("package_name", f"{package!r} {why}")]

    if not PACKAGE.fullmatch(package):
        return problem(
            "is not allowed; use lowercase letters, digits and underscores, starting with a letter"
        )
    if keyword.iskeyword(package):
        return problem("is a Python keyword; choose another package name")
    if package in STANDARD_LIBRARY:
        return problem("would shadow the standard library module of that name; choose another")
    if package in locked_distribution_names(spec.locks_dir):
        return problem("would shadow a dependency of the project; choose another")
    if package in spec.reserved_names:
        reserved = ", ".join(sorted(spec.reserved_names))
        return problem(f"clashes with the project layout (reserved: {reserved}); choose another")
    return []


def _check_port(port: str) -> list[Problem]:
    low, high = PORT_RANGE
    if port.isdecimal() and low <= int(port) <= high:
        return []
    return [
        Problem(
            "port",
            f"{port!r} is not allowed; use a whole number from {low} to {high} "
            "(the container runs as a non-root user without capabilities)",
        )
    ]


def _check_free_text(answers: dict, fields: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(field, "must be one line without double quotes or backslashes")
        for field in fields
        if FREE_TEXT_FORBIDDEN.search(str(answers.get(field, "")))
    ]


def _check_choices(answers: dict, spec: TemplateSpec) -> list[Problem]:
    # Cookiecutter checks choices given on the command line, but not those in a
    # replay file, a user config's default_context or a cruft re-bake.
    return [
        Problem(field, f"{answers.get(field)!r} is not offered; choose {_one_of(allowed)}")
        for field, allowed in spec.choices.items()
        if str(answers.get(field)) not in allowed
    ]
