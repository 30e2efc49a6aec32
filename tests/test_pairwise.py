"""The Docker tier's bake plan: every value and every pair of values, few rows, defaults first."""

from __future__ import annotations

import json
import math
from itertools import combinations
from pathlib import Path

import pytest
from support.pairwise import plan, uncovered_pairs

ROOT = Path(__file__).resolve().parents[1]


def synthetic(*sizes: int, python: bool = True) -> dict[str, list[str]]:
    """Questions of the given sizes; the first is python_version unless `python` is false."""
    names = ["python_version" if python else "q0"] + [f"q{k}" for k in range(1, len(sizes))]
    return {name: [f"{name}={v}" for v in range(size)] for name, size in zip(names, sizes, strict=True)}


def missing_pairs(choices: dict[str, list[str]], rows: list[dict[str, str]]) -> list[tuple]:
    # Written out here rather than trusting uncovered_pairs: look for each pair in each row.
    missing = []
    for a, b in combinations(choices, 2):
        for va in choices[a]:
            for vb in choices[b]:
                if not any(row[a] == va and row[b] == vb for row in rows):
                    missing.append((a, va, b, vb))
    return missing


def defaults(choices: dict[str, list[str]]) -> dict[str, str]:
    return {question: values[0] for question, values in choices.items()}


SHAPES = {
    "4x2x2x2": synthetic(4, 2, 2, 2),
    "4x2x2x2x2x2": synthetic(4, 2, 2, 2, 2, 2),
    "4x2x2x2x2x2-no-python": synthetic(4, 2, 2, 2, 2, 2, python=False),
    "3x3x3x3": synthetic(3, 3, 3, 3, python=False),
    "3x3x3x3-python": synthetic(3, 3, 3, 3),
    "single-valued-questions": synthetic(1, 3, 1, 2),
    "single-valued-python": synthetic(1, 2, 3),
    "one-question": synthetic(3),
    "two-questions": synthetic(2, 2),
    "5x4x3x2x2x2x2": synthetic(5, 4, 3, 2, 2, 2, 2),
}


def template_choices(template: str) -> dict[str, list[str]]:
    """A template's questions that offer a choice, in file order, as cookiecutter.json lists them."""
    context = json.loads((ROOT / template / "cookiecutter.json").read_text())
    return {
        key: [str(value) for value in values]
        for key, values in context.items()
        if not key.startswith("_") and isinstance(values, list)
    }


@pytest.mark.parametrize("choices", SHAPES.values(), ids=SHAPES.keys())
def test_every_pair_of_values_is_in_some_row(choices):
    rows = plan(choices)
    assert missing_pairs(choices, rows) == []
    assert uncovered_pairs(choices, rows) == []


@pytest.mark.parametrize("choices", SHAPES.values(), ids=SHAPES.keys())
def test_every_value_of_every_question_is_tried(choices):
    rows = plan(choices)
    for question, values in choices.items():
        assert {row[question] for row in rows} == set(values)


@pytest.mark.parametrize("choices", SHAPES.values(), ids=SHAPES.keys())
def test_rows_answer_every_question_with_an_offered_value(choices):
    for row in plan(choices):
        assert list(row) == list(choices)
        assert all(row[question] in values for question, values in choices.items())


@pytest.mark.parametrize("choices", SHAPES.values(), ids=SHAPES.keys())
def test_first_row_is_all_defaults(choices):
    assert plan(choices)[0] == defaults(choices)


WITH_PYTHON = {name: choices for name, choices in SHAPES.items() if "python_version" in choices}


@pytest.mark.parametrize("choices", WITH_PYTHON.values(), ids=WITH_PYTHON.keys())
def test_each_python_version_has_a_row_with_default_options(choices):
    rows = plan(choices)
    for version in choices["python_version"]:
        assert {**defaults(choices), "python_version": version} in rows


@pytest.mark.parametrize("choices", SHAPES.values(), ids=SHAPES.keys())
def test_same_choices_give_the_same_rows_in_the_same_order(choices):
    assert plan(choices) == plan(json.loads(json.dumps(choices)))


def test_no_questions_give_one_empty_row():
    assert plan({}) == [{}]


def test_a_question_without_values_is_refused():
    with pytest.raises(ValueError, match="at least one value"):
        plan({"python_version": ["3.13"], "database": []})


def test_uncovered_pairs_names_what_the_rows_miss():
    choices = synthetic(2, 2, python=False)
    rows = [{"q0": "q0=0", "q1": "q1=0"}, {"q0": "q0=1", "q1": "q1=1"}]
    assert uncovered_pairs(choices, rows) == [
        (("q0", "q0=0"), ("q1", "q1=1")),
        (("q0", "q0=1"), ("q1", "q1=0")),
    ]


@pytest.mark.parametrize(
    ("choices", "bound"),
    [
        # The python rows (each version with default options) force 11 rows at least: every version
        # needs a row with each yes/no question off its default, and five questions cannot also show
        # both orders of every pair in fewer. The greedy gets 12 of a product of 128.
        (synthetic(4, 2, 2, 2, 2, 2), 12),
        (synthetic(4, 2, 2, 2), 11),
        # Without python rows: 8 and 9 are the floors (4 x 2 and 3 x 3 pairs of the two widest questions).
        (synthetic(4, 2, 2, 2, 2, 2, python=False), 8),
        (synthetic(3, 3, 3, 3, python=False), 9),
        (synthetic(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, python=False), 9),
    ],
    ids=["4x2^5", "4x2^3", "4x2^5-no-python", "3^4-no-python", "2^10-no-python"],
)
def test_plan_stays_far_below_the_full_product(choices, bound):
    rows = plan(choices)
    assert len(rows) <= bound < math.prod(len(values) for values in choices.values())


@pytest.mark.parametrize("template", ["flask-template", "django-template"])
def test_real_templates_plan_covers_every_pair_of_their_choices(template):
    choices = template_choices(template)
    assert "python_version" in choices
    rows = plan(choices)
    assert missing_pairs(choices, rows) == []
    assert rows[0] == defaults(choices)
    product = math.prod(len(values) for values in choices.values())
    assert len(rows) <= product
    if product > 4:
        assert len(rows) < product
