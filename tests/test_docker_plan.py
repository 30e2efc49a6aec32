"""The Docker tier's variants: few bakes, yet every pair of answers and every Python version."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pairwise import uncovered_pairs
from support.variants import (
    TEMPLATES,
    all_variants,
    default_variants,
    docker_variants,
    one_per_option_set,
    spec,
)

# What a bake on another Python version may change: the base image (Dockerfile), the
# interpreter pins (.python-version, pyproject.toml), the README's commands and the locks.
CHANGED_BY_PYTHON = {
    "Dockerfile",
    ".python-version",
    "pyproject.toml",
    "README.md",
    "requirements.txt",
    "requirements-dev.txt",
}


def planned(template: str) -> list[dict[str, str]]:
    return [v.extra_context for v in docker_variants() if v.template == template]


@pytest.mark.parametrize("template", TEMPLATES)
def test_docker_variants_cover_every_pair_of_answers(template):
    assert uncovered_pairs(spec(template).choices, planned(template)) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_docker_variants_bake_each_python_version_with_default_options(template):
    choices = spec(template).choices
    defaults = {question: values[0] for question, values in choices.items()}
    for version in choices["python_version"]:
        assert {**defaults, "python_version": version} in planned(template)


def test_docker_variants_are_variants_the_fast_tier_bakes_and_start_with_the_defaults():
    # The same Variant objects: fixtures that cache bakes and images by variant share them.
    docker = docker_variants()
    assert set(docker) <= set(all_variants())
    assert len(set(docker)) == len(docker)
    assert [next(v for v in docker if v.template == t) for t in TEMPLATES] == default_variants()


def test_docker_variants_are_fewer_than_the_full_product():
    assert len(docker_variants()) < len(all_variants())


@pytest.mark.parametrize("template", TEMPLATES)
def test_one_variant_per_option_set_still_covers_every_pair_of_option_values(template):
    options = {q: values for q, values in spec(template).choices.items() if q != "python_version"}
    rows = [v.extra_context for v in one_per_option_set() if v.template == template]
    assert uncovered_pairs(options, rows) == []
    assert len(rows) < len(planned(template))


def contents(root: Path) -> dict[Path, bytes]:
    return {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def changed_files(one: Path, other: Path) -> set[str]:
    """The names of the files that differ between two bakes, or that one of them lacks."""
    first, second = contents(one), contents(other)
    return {path.name for path in first.keys() | second.keys() if first.get(path) != second.get(path)}


@pytest.mark.parametrize("variant", default_variants(), ids=lambda v: v.template)
def test_another_python_version_changes_only_the_base_image_interpreter_pins_readme_and_locks(bake, variant):
    # The premise of one_per_option_set(): compose files, manifests and settings do not
    # depend on the Python version. With default options, and with every option's last value.
    choices = spec(variant.template).choices
    for options in ({}, {q: values[-1] for q, values in choices.items() if q != "python_version"}):
        first = bake(variant, **options).path
        for version in choices["python_version"][1:]:
            changed = changed_files(first, bake(variant, **options, python_version=version).path)
            assert {"Dockerfile", ".python-version"} <= changed <= CHANGED_BY_PYTHON, (options, version)
