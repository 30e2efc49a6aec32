"""A small set of bakes that tries every option value and every pair of option values (all-pairs).

Most configuration bugs need a single value or the meeting of two options to show, whereas the full
product of the options grows multiplicatively with each new question; covering every pair keeps that
fault-finding power while the row count grows only about logarithmically with the number of questions.
"""

from __future__ import annotations

from itertools import combinations

PYTHON = "python_version"

Pair = tuple[tuple[str, str], tuple[str, str]]
# A pair as value indices (question i < question j); rows are tuples of value indices.
_Slot = tuple[int, int, int, int]


def _required(values: list[list[str]], python: int | None) -> list[tuple[int, ...]]:
    # The all-defaults bake first (it is what `cookiecutter --no-input` gives), then every other
    # Python version with otherwise default answers, so a version-only failure is named clearly.
    defaults = (0,) * len(values)
    rows = [defaults]
    if python is not None:
        rows += [(*defaults[:python], v, *defaults[python + 1 :]) for v in range(1, len(values[python]))]
    return rows


def _pairs(row: tuple[int, ...]) -> set[_Slot]:
    return {(i, row[i], j, row[j]) for i, j in combinations(range(len(row)), 2)}


def _gain_at(row: list[int], k: int, value: int, uncovered: set[_Slot]) -> int:
    """How many uncovered pairs question k at `value` makes with the questions already answered."""
    gain = 0
    for i, other in enumerate(row):
        if i == k or other < 0:
            continue
        gain += ((i, other, k, value) if i < k else (k, value, i, other)) in uncovered
    return gain


def _best_row(values: list[list[str]], uncovered: set[_Slot]) -> tuple[int, ...]:
    # AETG-style: grow one candidate row from each uncovered pair, answering the other questions one at a
    # time with the value that covers most uncovered pairs so far, then climb (change one answer while it
    # strictly helps). Keep the best candidate. Ties go to the earlier seed and the earlier value, so the
    # result is deterministic and leans towards defaults.
    best: tuple[int, ...] = ()
    best_gain = -1
    for seed in sorted(uncovered):
        i, a, j, b = seed
        row = [-1] * len(values)
        row[i], row[j] = a, b
        for k, options in enumerate(values):
            if row[k] < 0:
                row[k] = max(range(len(options)), key=lambda v, k=k: _gain_at(row, k, v, uncovered))
        improved = True
        while improved:
            improved = False
            for k, options in enumerate(values):
                current = _gain_at(row, k, row[k], uncovered)
                for v in range(len(options)):
                    gain = _gain_at(row, k, v, uncovered)
                    if gain > current:
                        row[k], current, improved = v, gain, True
        gain = len(_pairs(tuple(row)) & uncovered)
        if gain > best_gain:
            best, best_gain = tuple(row), gain
    return best


def plan(choices: dict[str, list[str]]) -> list[dict[str, str]]:
    """Complete answer rows covering every pair of values of any two questions.

    `choices` maps each question to its offered values, default first (cookiecutter.json order). The first
    row is all defaults; each `python_version` value also has a row with every other answer at default.
    """
    questions = list(choices)
    values = [list(choices[q]) for q in questions]
    if any(not options for options in values):
        raise ValueError("every question needs at least one value")
    python = questions.index(PYTHON) if PYTHON in choices else None
    rows = _required(values, python)
    if len(questions) == 1:
        # No pairs to cover: still try every value once.
        rows += [(v,) for v in range(len(values[0])) if (v,) not in rows]
    uncovered = {
        (i, a, j, b)
        for i, j in combinations(range(len(values)), 2)
        for a in range(len(values[i]))
        for b in range(len(values[j]))
    }
    for row in rows:
        uncovered -= _pairs(row)
    while uncovered:
        row = _best_row(values, uncovered)
        rows.append(row)
        uncovered -= _pairs(row)
    return [{q: values[k][row[k]] for k, q in enumerate(questions)} for row in rows]


def uncovered_pairs(choices: dict[str, list[str]], rows: list[dict[str, str]]) -> list[Pair]:
    """The pairs of values (of two different questions, in `choices` order) that no row has together."""
    seen = {((a, row.get(a)), (b, row.get(b))) for row in rows for a, b in combinations(list(choices), 2)}
    return [
        ((a, va), (b, vb))
        for a, b in combinations(list(choices), 2)
        for va in choices[a]
        for vb in choices[b]
        if ((a, va), (b, vb)) not in seen
    ]
