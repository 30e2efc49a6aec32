"""The Docker tier's variants: few bakes, yet every pair of answers and every Python version."""

from __future__ import annotations

import pytest
from support.pairwise import uncovered_pairs
from support.variants import TEMPLATES, all_variants, default_variants, docker_variants, spec


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
