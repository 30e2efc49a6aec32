"""The reports: per template a Markdown table of figures, the targets and a chart of ratios;
and each server's settings side by side. Every label of a figure is written here, once."""

from __future__ import annotations

import datetime
import math
import os
import platform
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from .figures import ImageRun, SettingRun, Spread, TemplateRuns, Timing
from .measure import PYTHON, SLOW_LIMIT, docker

RECIPE_ORDER = ("granian", "lean", "gunicorn", "seed", "init")
LABELS = {
    "granian": "granian bake (default)", "lean": "granian bake, no start-up bytecode",
    "gunicorn": "gunicorn bake", "seed": "seed-style", "init": "`docker init`-style",
}  # fmt: skip
SLOW_LABEL = "slow connections that stop /healthz"
# Taken when a run imports this module, at its start: other jobs on the machine skew every figure.
LOAD_AT_START = os.getloadavg()[0]


@dataclass(frozen=True)
class Row:
    """A row of a table: its label, and the attribute (dotted) of a run's record it shows."""

    label: str
    attribute: str

    def spread(self, runs: Sequence[object]) -> Spread | None:
        """Over the runs that measured it (an image without a HEALTHCHECK is never healthy; a
        load that got no answer has no latency, NaN)."""
        values = [attrgetter(self.attribute)(run) for run in runs]
        return Spread.of([value for value in values if value is not None and not math.isnan(value)])

    def median(self, runs: Sequence[object]) -> float:
        return statistics.median(attrgetter(self.attribute)(run) for run in runs)


def _load_rows(connections: int) -> tuple[Row, ...]:
    return (
        Row(f"requests/s, {connections} conn.", f"load_{connections}.per_second"),
        Row(f"p50 latency, {connections} conn. (ms)", f"load_{connections}.p50_ms"),
        Row(f"p99 latency, {connections} conn. (ms)", f"load_{connections}.p99_ms"),
        Row(f"errors, {connections} conn.", f"load_{connections}.errors"),
    )


IMAGE_ROWS = (
    Row("cold build (s)", "cold_build_s"),
    Row("warm rebuild after a one-line edit (s)", "warm_rebuild_s"),
    Row("image size (MiB)", "image_mib"),
    Row("overhead over the base image (MiB)", "overhead_mib"),
    Row("installed packages (MiB)", "packages_mib"),
    Row("docker run to first 200 (s)", "first_200_s"),
    Row("docker run to healthy (s)", "healthy_s"),
    Row("idle memory (MiB)", "idle_mib"),
    *_load_rows(1),
    *_load_rows(32),
    Row("memory after load (MiB)", "after_load_mib"),
    Row(SLOW_LABEL, "slow_stop"),
    Row("docker stop (s)", "stop_s"),
    Row("exit code on stop", "exit_code"),
)
BAKE_ROWS = (Row("bake, vetted lock offline (s)", "offline_s"), Row("bake, fresh resolution (s)", "fresh_s"))
IMAGE_ROW = {row.attribute: row for row in IMAGE_ROWS}
CHART_ROWS = tuple(
    IMAGE_ROW[attribute]
    for attribute in (
        "image_mib", "cold_build_s", "warm_rebuild_s", "first_200_s", "stop_s", "load_32.per_second",
        "load_32.p99_ms", "idle_mib",
    )
)  # fmt: skip
SETTING_ROWS = (
    Row("requests/s", "load.per_second"),
    Row("p50 (ms)", "load.p50_ms"),
    Row("p99 (ms)", "load.p99_ms"),
    Row("errors", "load.errors"),
    Row("idle memory (MiB)", "idle_mib"),
)


def cell(figure: Spread | None) -> str:
    if figure is None:
        return "n/a"
    median, low, high = figure.median, figure.low, figure.high
    digits = 0 if median >= 100 or all(float(value).is_integer() for value in (median, low, high)) else 2
    return (
        f"{median:.{digits}f} [{low:.{digits}f}-{high:.{digits}f}]" if low != high else f"{median:.{digits}f}"
    )


def _slow_count(count: float, limit: int) -> str:
    return f"none up to {limit}" if count == math.inf else f"{count:.0f}"


def slow_cell(runs: Sequence[ImageRun], limit: int = SLOW_LIMIT) -> str:
    """The runs' median count (the lower middle one of an even number), "none" above any
    of the counts tried, up to `limit`."""
    counts = sorted(math.inf if run.slow_stop is None else run.slow_stop for run in runs)
    median = _slow_count(counts[(len(counts) - 1) // 2], limit)
    if counts[0] == counts[-1]:
        return median
    return f"{median} [{_slow_count(counts[0], limit)}-{_slow_count(counts[-1], limit)}]"


def _ratio(figure: Spread | None, seed: Spread | None) -> str:
    if not figure or not seed or not seed.median:
        return ""
    return f"{figure.median / seed.median:.2f}x"


def machine() -> str:
    engine = docker("version", "--format", "{{.Server.Version}}").stdout.strip()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    wrk = (
        "wrk" if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0 else "a Python client"
    )
    return (
        f"{os.cpu_count()} CPUs, {memory:.0f} GiB, {platform.machine()}, Docker engine {engine}, "
        f"load from {wrk} on the same machine; 1-minute load average {LOAD_AT_START:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end"
    )


def targets(
    framework: str, runs: TemplateRuns, slow_limit: int = SLOW_LIMIT
) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met?) for the default (granian) bake, from the medians;
    met is None for a comparison with the gunicorn bake where none was built (--quick)."""
    granian, seed = runs.images["granian"], runs.images["seed"]
    gunicorn = runs.images.get("gunicorn")

    def median(attribute: str, of: list[ImageRun] = granian) -> float:
        return IMAGE_ROW[attribute].median(of)

    def to_gunicorn(
        attribute: str, measured: Callable[[float], str], met: Callable[[float], bool]
    ) -> tuple[str, bool | None]:
        if gunicorn is None:
            return f"n/a: no {LABELS['gunicorn']} built", None
        ratio = median(attribute) / median(attribute, gunicorn)
        return measured(ratio), met(ratio)

    worst_errors = max(run.load_32.errors for run in granian)
    worst_exit = max(abs(run.exit_code) for run in granian)
    overhead, packages = median("overhead_mib"), median("packages_mib")
    warm, cold = median("warm_rebuild_s"), median("cold_build_s") / median("cold_build_s", seed)
    start, start_limit = median("first_200_s"), 0.5 if framework == "flask" else 1.0
    stop = median("stop_s")
    throughput_limit = 2.0 if framework == "flask" else 1.3
    p99 = median("load_32.p99_ms")
    stopped = [run.slow_stop for run in granian if run.slow_stop is not None]
    offline = BAKE_ROWS[0].median(runs.bakes)
    return [
        ("image overhead <= 1.15 x installed packages", f"{overhead:.1f} MiB for {packages:.1f} MiB",
         overhead <= 1.15 * packages),
        ("warm rebuild <= 0.5 s", f"{warm:.2f} s", warm <= 0.5),
        ("cold build <= 1.5 x seed-style", f"{cold:.2f}x", cold <= 1.5),
        (f"docker run to first 200 <= {start_limit} s", f"{start:.2f} s", start <= start_limit),
        ("docker stop <= 0.5 s, exit 0", f"{stop:.2f} s, exit {worst_exit}", stop <= 0.5 and worst_exit == 0),
        (f"requests/s, 32 conn. >= {throughput_limit} x the gunicorn bake, 0 errors",
         *to_gunicorn("load_32.per_second", lambda ratio: f"{ratio:.2f}x, {worst_errors:.0f} errors",
                      lambda ratio: ratio >= throughput_limit and worst_errors == 0)),
        ("p99 latency, 32 conn. <= 15 ms", f"{p99:.1f} ms", p99 <= 15),
        ("idle memory <= 1.3 x the gunicorn bake",
         *to_gunicorn("idle_mib", lambda ratio: f"{ratio:.2f}x", lambda ratio: ratio <= 1.3)),
        (f"{SLOW_LABEL}: none up to {slow_limit}",
         f"{slow_cell(granian, slow_limit)} ({len(granian) - len(stopped)} of {len(granian)} runs: none)",
         not stopped),
        ("offline bake <= 1.5 s", f"{offline:.2f} s", offline <= 1.5),
    ]  # fmt: skip


def write_report(
    output: Path, results: dict[str, TemplateRuns], runs: int, timing: Timing, quick: bool
) -> str:
    output.mkdir(parents=True, exist_ok=True)
    today = datetime.date.today().isoformat()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m benchmarks{' --quick' if quick else ''}` on {today}: {machine()}.",
        f"Each figure is the median of {runs} run(s) [min-max]; loads last {timing.seconds:g} s each.",
        f"The images of a template are built on the same `python:{PYTHON}-slim` base and measured",
        'in the same run: the granian bake is what `--no-input` bakes ("no start-up bytecode" is',
        "that bake without the step that compiles what the server imports at start); the gunicorn",
        "bake answers `server=gunicorn`; the seed-style and `docker init`-style images are that",
        "gunicorn bake's code with its direct requirements unpinned (--quick, a smoke test, builds",
        "only the granian bake and the seed-style image, and resolves no bake afresh). The ratio",
        "column divides by the seed-style figure: absolute times vary from machine to machine, the",
        "ratios are the result.",
        "The load generator shares the machine's CPUs with the server under test, so throughput",
        "is what is left to the server, and latency includes waiting for a CPU.",
        "",
        f'"{SLOW_LABEL}" holds 1, 2, 4 ... {timing.slow_limit} connections that send `GET / HTTP/1.1`',
        "and then one more header line every 0.2 s (tests/support/slow_clients.py), each count for",
        f"{timing.slow_seconds:g} s while /healthz is probed every 0.2 s with a 1 s timeout: the figure is",
        "the smallest count under which /healthz failed for a second or more, or none. The",
        "connections are closed between counts, and the next count starts once /healthz answers.",
    ]
    for framework, template_runs in results.items():
        images = template_runs.images
        order = [recipe for recipe in RECIPE_ORDER if recipe in images]  # --quick builds fewer
        lines += ["", f"## {framework.capitalize()}", ""]
        header = "| figure | " + " | ".join(f"{LABELS[r]} | ratio" for r in order) + " |"
        lines += [header, "|---" * (1 + 2 * len(order)) + "|"]
        for row in IMAGE_ROWS:
            if row.label == SLOW_LABEL:  # a count or none: no spread, no ratio
                counts = [f"{slow_cell(images[recipe], timing.slow_limit)} | " for recipe in order]
                lines.append(f"| {row.label} | " + " | ".join(counts) + "|")
                continue
            figures = {recipe: row.spread(images[recipe]) for recipe in order}
            if not any(figures.values()):
                continue  # no image measured it
            cells = [f"{cell(figures[r])} | {_ratio(figures[r], figures['seed'])}" for r in order]
            lines.append(f"| {row.label} | " + " | ".join(cells) + " |")
        blank_cells = " |" * (2 * len(order) - 1)  # a bake is not an image's figure
        for row in BAKE_ROWS:
            lines.append(f"| {row.label} | {cell(row.spread(template_runs.bakes))} |" + blank_cells)
        lines += ["", f"Targets for the default (granian) {framework.capitalize()} bake:", ""]
        lines += ["| target | measured | met |", "|---|---|---|"]
        for target, measured, met in targets(framework, template_runs, timing.slow_limit):
            verdict = "n/a" if met is None else "yes" if met else "**no**"
            lines.append(f"| {target} | {measured} | {verdict} |")
    lines += ["", "![Ratios to the seed-style image](benchmarks.png)", ""]
    markdown = "\n".join(lines)
    (output / "benchmarks.md").write_text(markdown)
    _chart(output / "benchmarks.png", results)
    return markdown


def _chart(path: Path, results: dict[str, TemplateRuns]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [row.label for row in CHART_ROWS]
    figure, axes = plt.subplots(1, len(results), figsize=(7 * len(results), 5), sharey=True)
    for axis, (framework, template_runs) in zip(
        figure.axes if len(results) > 1 else [axes], results.items(), strict=True
    ):
        seed = template_runs.images["seed"]
        # Each image built (--quick builds fewer) against the seed-style one, side by side.
        shown = [recipe for recipe in ("granian", "gunicorn", "init") if recipe in template_runs.images]
        width = 0.27
        for index, recipe in enumerate(shown):
            runs = template_runs.images[recipe]
            ratios = [row.median(runs) / row.median(seed) for row in CHART_ROWS]
            label = LABELS[recipe].replace("`", "")
            offset = (index - (len(shown) - 1) / 2) * width
            axis.bar([i + offset for i in range(len(names))], ratios, width=width, label=label)
        axis.axhline(1, color="black", linewidth=0.8)
        axis.set_yscale("log")
        axis.set_xticks(
            range(len(names)), [n.replace(" (", "\n(") for n in names], rotation=60, ha="right", fontsize=8
        )
        axis.set_title(f"{framework.capitalize()}: ratio to the seed-style image (1 = same)")
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


SERVER_SECTIONS = {
    "granian": "granian, the default bake (GRANIAN_* variables read by serve.py)",
    "gunicorn": "gunicorn, the bake with server=gunicorn (variables read by gunicorn.conf.py)",
}


def write_tuning_report(
    output: Path, results: dict[str, dict[str, list[tuple[str, list[SettingRun]]]]], connections: int,
    runs: int, seconds: float, quick: bool,
) -> str:  # fmt: skip
    """tuning.md: per template and server, each setting (label, its runs), the baked default first."""
    lines = [
        "# Server settings",
        "",
        f"Written by `python -m benchmarks.tuning{' --quick' if quick else ''}` on "
        f"{datetime.date.today().isoformat()}: {machine()}.",
        f"Each bake (Python {PYTHON}, default answers but the server) serves `GET /` to {connections}",
        f"connections for {seconds:g} s per run, one setting changed at a time through the",
        f"environment; medians of {runs} run(s) [min-max]. The ratio divides the requests per",
        "second by those of the same bake's baked default. The load generator shares the CPUs",
        "with the server, as in docs/benchmarks.md.",
    ]
    if quick:
        lines.append("--quick, a smoke test, measures only the baked default and the access log.")
    throughput = SETTING_ROWS[0]
    labels = [row.label for row in SETTING_ROWS]
    for framework, by_server in results.items():
        lines += ["", f"## {framework.capitalize()}"]
        for server, by_setting in by_server.items():
            default = throughput.median(by_setting[0][1])
            lines += ["", f"### {SERVER_SECTIONS[server]}", ""]
            lines += ["| setting | " + " | ".join(labels) + " | ratio |", "|---" * (len(labels) + 2) + "|"]
            for setting, setting_runs in by_setting:
                cells = [cell(row.spread(setting_runs)) for row in SETTING_ROWS]
                ratio = throughput.median(setting_runs) / default
                lines.append(f"| {setting} | " + " | ".join(cells) + f" | {ratio:.2f}x |")
    markdown = "\n".join(lines) + "\n"
    output.mkdir(parents=True, exist_ok=True)
    report = output / "tuning.md"
    kept = section(report.read_text(), OBSERVABILITY_HEADING) if report.exists() else ""
    report.write_text(markdown + (f"\n{kept}" if kept else ""))
    return markdown


# The section of tuning.md that `python -m benchmarks.observability` writes, and the
# tuning benchmark keeps as it rewrites the rest.
OBSERVABILITY_HEADING = "## Observability"


def section(markdown: str, heading: str) -> str:
    """The section of `markdown` under `heading`, to the next heading of its level (the blank
    lines before that left out)."""
    start = markdown.find(f"\n{heading}")
    if start < 0:
        return ""
    level = heading.split(" ", 1)[0] + " "
    end = markdown.find(f"\n{level}", start + 1)
    return markdown[start + 1 : None if end < 0 else end].rstrip("\n") + "\n"


def write_observability_section(output: Path, body: str) -> None:
    """Puts `body` (which starts with OBSERVABILITY_HEADING) in tuning.md, in place of the
    section there, else at its end."""
    report = output / "tuning.md"
    markdown = report.read_text() if report.exists() else ""
    if old := section(markdown, OBSERVABILITY_HEADING):
        markdown = markdown.replace(old, body)
    else:
        markdown += ("\n" if markdown else "") + body
    output.mkdir(parents=True, exist_ok=True)
    report.write_text(markdown)
