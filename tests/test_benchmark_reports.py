"""The benchmarks' reports share docs/tuning.md: each rewrites its own sections only."""

from __future__ import annotations

from benchmarks.report import OBSERVABILITY_HEADING, section, write_observability_section

TUNING = "# Server settings\n\nintro\n\n## Flask\n\n| a |\n\n## Django\n\n| b |\n"


def observability(figure: str) -> str:
    return f"{OBSERVABILITY_HEADING}: what it costs\n\n| {figure} |\n"


def test_the_observability_section_goes_after_the_server_settings(tmp_path):
    (tmp_path / "tuning.md").write_text(TUNING)
    write_observability_section(tmp_path, observability("first"))
    assert (tmp_path / "tuning.md").read_text() == TUNING + "\n" + observability("first")


def test_a_second_observability_run_replaces_its_section_and_leaves_the_rest(tmp_path):
    (tmp_path / "tuning.md").write_text(TUNING + "\n" + observability("first") + "\n## Later\n\nkept\n")
    write_observability_section(tmp_path, observability("second"))
    written = (tmp_path / "tuning.md").read_text()
    assert written == TUNING + "\n" + observability("second") + "\n## Later\n\nkept\n"
    assert section(written, "## Django") == "## Django\n\n| b |\n"


def test_a_section_that_is_not_there_is_empty():
    assert section(TUNING, OBSERVABILITY_HEADING) == ""
