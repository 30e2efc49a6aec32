"""Docker tier: the benchmarks' quick mode runs end to end, so their code cannot rot."""

from __future__ import annotations

import sys

import pytest
from support.tools import check
from support.variants import ROOT

pytestmark = pytest.mark.docker


def test_benchmark_quick_mode_reports_every_figure_and_target(tmp_path):
    output = check(
        sys.executable, "-m", "benchmarks", "--quick", "--output", str(tmp_path), cwd=ROOT, timeout=1500
    )
    report = (tmp_path / "benchmarks.md").read_text()
    assert report in output
    for heading in (
        "## Flask", "## Django", "| docker run to first 200 (s) |", "| requests/s, 32 conn. |",
        "| slow connections that stop /healthz |",
    ):  # fmt: skip
        assert heading in report
    assert report.count("| offline bake <= 1.5 s |") == 2
    assert (tmp_path / "benchmarks.png").stat().st_size > 10_000


def test_tuning_quick_mode_compares_every_setting_against_the_baked_default(tmp_path):
    output = check(
        sys.executable, "-m", "benchmarks.tuning", "--quick", "--output", str(tmp_path), cwd=ROOT, timeout=900
    )
    report = (tmp_path / "tuning.md").read_text()
    assert report in output
    for framework in ("## Flask", "## Django"):
        assert framework in report
    assert report.count("### granian") == report.count("### gunicorn") == 2
    assert report.count("| access log on |") == 4  # per template, on each server
    assert report.count(" | 1.00x |") >= 4  # each bake's baked default against itself
