"""Docker tier: the benchmarks' quick mode runs end to end, so their code cannot rot.

--quick is a smoke test, not a measurement: it builds and runs the fewest images and
settings that take every path of the code (benchmarks/recipes.py, benchmarks/tuning.py
say which), and its reports must still hold every section and row they can fill.
"""

from __future__ import annotations

import re
import sys

import pytest
from support.tools import check
from support.variants import ROOT

from benchmarks.recipes import RECIPES
from benchmarks.report import BAKE_ROWS, IMAGE_ROWS, LABELS, SERVER_SECTIONS, SETTING_ROWS
from benchmarks.tuning import SETTINGS

pytestmark = pytest.mark.docker
TEMPLATES = ["Flask", "Django"]
# The targets of the default bake, in the report's order, by how their labels begin.
TARGETS = (
    "image overhead", "warm rebuild", "cold build", "docker run to first 200", "docker stop",
    "requests/s, 32 conn.", "p99 latency", "idle memory", "slow connections that stop /healthz",
    "offline bake",
)  # fmt: skip
# Those the quick report cannot judge: they compare with the gunicorn bake, which it does not build.
AGAINST_GUNICORN = ("requests/s, 32 conn.", "idle memory")


def sections(markdown: str, level: str) -> dict[str, str]:
    """The text under each heading of `level` ("##", "###"), by the heading's title."""
    parts = re.split(rf"^{level} (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def table_rows(markdown: str) -> list[list[str]]:
    """The cells of every table row (header rows included, separator rows not)."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.splitlines()
        if line.startswith("| ")
    ]


def test_benchmark_quick_mode_reports_every_figure_and_target(tmp_path):
    output = check(
        sys.executable, "-m", "benchmarks", "--quick", "--output", str(tmp_path), cwd=ROOT, timeout=1500
    )
    report = (tmp_path / "benchmarks.md").read_text()
    assert report in output
    templates = sections(report, "##")
    assert list(templates) == TEMPLATES
    built = [LABELS[recipe.name] for recipe in RECIPES if recipe.quick]
    assert built == [LABELS["granian"], LABELS["seed"]]  # a bake as baked, and what ratios divide by
    for template, text in templates.items():
        rows = table_rows(text)
        assert rows[0] == ["figure", *(cell for label in built for cell in (label, "ratio"))], template
        figures = {row[0]: row[1:] for row in rows[1:]}
        for row in IMAGE_ROWS:
            assert len(figures[row.label]) == 2 * len(built), f"{template}: {row.label}"
        offline, fresh = (figures[row.label][0] for row in BAKE_ROWS)
        assert re.fullmatch(r"[\d.]+", offline) and fresh == "n/a", template  # --quick resolves nothing
        assert figures["docker run to healthy (s)"][2] == "n/a"  # the seed-style image has no health check
        assert figures["image size (MiB)"][3] == "1.00x"  # the seed-style image against itself
        target_rows = rows[rows.index(["target", "measured", "met"]) + 1 :]
        assert len(target_rows) == len(TARGETS), f"{template}: {target_rows}"
        for (target, _, met), start in zip(target_rows, TARGETS, strict=True):
            assert target.startswith(start), f"{template}: {target}"
            assert (met == "n/a") if start in AGAINST_GUNICORN else (met in {"yes", "**no**"}), target
    assert (tmp_path / "benchmarks.png").stat().st_size > 10_000


def test_tuning_quick_mode_compares_the_baked_default_and_access_log_of_each_server(tmp_path):
    output = check(
        sys.executable, "-m", "benchmarks.tuning", "--quick", "--output", str(tmp_path), cwd=ROOT, timeout=900
    )
    report = (tmp_path / "tuning.md").read_text()
    assert report in output
    templates = sections(report, "##")
    assert list(templates) == TEMPLATES
    for template, text in templates.items():
        servers = sections(text, "###")
        assert list(servers) == [SERVER_SECTIONS[server] for server in SETTINGS], template
        for server, section in zip(SETTINGS, servers.values(), strict=True):
            header, *rows = table_rows(section)
            assert header == ["setting", *(row.label for row in SETTING_ROWS), "ratio"]
            quick = [setting.label for setting in SETTINGS[server] if setting.quick]
            assert [row[0] for row in rows] == quick, f"{template} {server}"
            assert quick[0].startswith("baked default") and "access log on" in quick
            assert rows[0][-1] == "1.00x"  # the baked default against itself
            assert all(re.fullmatch(r"\d+\.\d\dx", row[-1]) for row in rows), rows


def test_observability_quick_mode_writes_its_section_of_tuning_md_and_keeps_the_rest(tmp_path):
    settings = "# Server settings\n\n## Flask\n\nthe tuning benchmark's\n"
    (tmp_path / "tuning.md").write_text(settings)
    output = check(
        sys.executable, "-m", "benchmarks.observability", "--quick", "--template", "flask",
        "--server", "granian", "--output", str(tmp_path), cwd=ROOT, timeout=600,
    )  # fmt: skip
    written = (tmp_path / "tuning.md").read_text()
    assert written.startswith(settings + "\n## Observability: "), written
    observability = written[len(settings) + 1 :]
    assert observability in output
    header, *rows = table_rows(observability)
    assert header[:2] == ["template", "server"] and len(header) == 17, header
    [row] = rows
    assert row[:2] == ["flask", "granian"]
    assert all(re.fullmatch(r"\d+(\.\d+)?x?", cell) for cell in row[2:]), row
