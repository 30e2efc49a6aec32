"""The benchmark report: a Markdown table per template, the targets, a chart of ratios."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

from .measure import docker

Figure = tuple[float, float, float]  # median, min, max
# Figures where more is better; for every other one less is better.
HIGHER_IS_BETTER = ("requests/s",)
RECIPE_ORDER = ("baked", "lean", "seed", "init")
LABELS = {
    "baked": "baked (this project)", "lean": "baked, no start-up bytecode",
    "seed": "seed-style", "init": "`docker init`-style",
}  # fmt: skip


def cell(figure: Figure | None) -> str:
    if figure is None:
        return "n/a"
    median, low, high = figure
    digits = 0 if median >= 100 or all(float(value).is_integer() for value in figure) else 2
    return (
        f"{median:.{digits}f} [{low:.{digits}f}-{high:.{digits}f}]" if low != high else f"{median:.{digits}f}"
    )


def _ratio(figure: Figure | None, seed: Figure | None) -> str:
    if not figure or not seed or not seed[0]:
        return ""
    return f"{figure[0] / seed[0]:.2f}x"


def machine() -> str:
    engine = docker("version", "--format", "{{.Server.Version}}").stdout.strip()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    wrk = (
        "wrk" if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0 else "a Python client"
    )
    return (
        f"{os.cpu_count()} CPUs, {memory:.0f} GiB, {platform.machine()}, Docker engine {engine}, "
        f"load from {wrk} on the same machine"
    )


def targets(framework: str, by_recipe: dict[str, dict[str, Figure]], bake: dict[str, Figure]) -> list[tuple]:
    """(target, what was measured, met?) for the baked image, from the medians."""
    baked = {name: figure[0] for name, figure in by_recipe["baked"].items()}
    seed = {name: figure[0] for name, figure in by_recipe["seed"].items()}
    worst_errors = by_recipe["baked"]["errors, 32 conn."][2]
    worst_exit = max(
        abs(by_recipe["baked"]["exit code on stop"][1]), abs(by_recipe["baked"]["exit code on stop"][2])
    )
    overhead, packages = baked["overhead over the base image (MiB)"], baked["installed packages (MiB)"]
    warm, cold = (
        baked["warm rebuild after a one-line edit (s)"],
        baked["cold build (s)"] / seed["cold build (s)"],
    )
    start, start_limit = baked["docker run to first 200 (s)"], 0.5 if framework == "flask" else 1.0
    stop = baked["docker stop (s)"]
    throughput = baked["requests/s, 32 conn."] / seed["requests/s, 32 conn."]
    p99 = baked["p99 latency, 32 conn. (ms)"]
    memory, memory_limit = baked["idle memory (MiB)"], 80 if framework == "flask" else 150
    offline = bake["bake, vetted lock offline (s)"][0]
    return [
        ("image overhead <= 1.15 x installed packages", f"{overhead:.1f} MiB for {packages:.1f} MiB",
         overhead <= 1.15 * packages),
        ("warm rebuild <= 0.5 s", f"{warm:.2f} s", warm <= 0.5),
        ("cold build <= 1.5 x seed-style", f"{cold:.2f}x", cold <= 1.5),
        (f"docker run to first 200 <= {start_limit} s", f"{start:.2f} s", start <= start_limit),
        ("docker stop <= 0.5 s, exit 0", f"{stop:.2f} s, exit {worst_exit}", stop <= 0.5 and worst_exit == 0),
        ("32 conn.: >= 5 x seed-style, 0 errors, p99 <= 10 ms",
         f"{throughput:.1f}x, {worst_errors:.0f} errors, p99 {p99:.1f} ms",
         throughput >= 5 and worst_errors == 0 and p99 <= 10),
        (f"idle memory <= {memory_limit} MiB", f"{memory:.1f} MiB", memory <= memory_limit),
        ("offline bake <= 1.5 s", f"{offline:.2f} s", offline <= 1.5),
    ]  # fmt: skip


def write_report(output: Path, summary: dict, bakes: dict, runs: int, seconds: float, quick: bool) -> str:
    output.mkdir(parents=True, exist_ok=True)
    today = datetime.date.today().isoformat()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m benchmarks{' --quick' if quick else ''}` on {today}: {machine()}.",
        f"Each figure is the median of {runs} run(s) [min-max]; loads last {seconds:g} s each.",
        "The images of a template are built from the same baked code on the same",
        '`python:3.13-slim` base and measured in the same run; "no start-up bytecode" is the',
        "baked Dockerfile without the step that compiles what the server imports at start, to",
        "show what that step costs and buys. The ratio column divides by the",
        "seed-style figure: absolute times vary from machine to machine, the ratios are the result.",
        "The load generator shares the machine's CPUs with the server under test, so throughput",
        "is what is left to the server, and latency includes waiting for a CPU.",
    ]
    for framework, by_recipe in summary.items():
        names = list(dict.fromkeys(name for figures in by_recipe.values() for name in figures))
        lines += ["", f"## {framework.capitalize()}", ""]
        header = "| figure | " + " | ".join(f"{LABELS[r]} | ratio" for r in RECIPE_ORDER) + " |"
        lines += [header, "|---" * (1 + 2 * len(RECIPE_ORDER)) + "|"]
        for name in names:
            seed = by_recipe["seed"].get(name)
            cells = [
                f"{cell(by_recipe[r].get(name))} | {_ratio(by_recipe[r].get(name), seed)}"
                for r in RECIPE_ORDER
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        for name, figure in bakes[framework].items():
            lines.append(f"| {name} | {cell(figure)} |" + " |" * (2 * len(RECIPE_ORDER) - 1))
        lines += ["", f"Targets for the baked {framework.capitalize()} image:", ""]
        lines += ["| target | measured | met |", "|---|---|---|"]
        for target, measured, met in targets(framework, by_recipe, bakes[framework]):
            lines.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")
    lines += ["", "![Ratios to the seed-style image](benchmarks.png)", ""]
    markdown = "\n".join(lines)
    (output / "benchmarks.md").write_text(markdown)
    _chart(output / "benchmarks.png", summary)
    return markdown


def _chart(path: Path, summary: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [
        "image size (MiB)", "cold build (s)", "warm rebuild after a one-line edit (s)",
        "docker run to first 200 (s)", "docker stop (s)", "requests/s, 32 conn.",
        "p99 latency, 32 conn. (ms)", "idle memory (MiB)",
    ]  # fmt: skip
    figure, axes = plt.subplots(1, len(summary), figsize=(7 * len(summary), 5), sharey=True)
    for axis, (framework, by_recipe) in zip(
        figure.axes if len(summary) > 1 else [axes], summary.items(), strict=True
    ):
        seed = by_recipe["seed"]
        for offset, recipe in ((-0.27, "baked"), (0, "lean"), (0.27, "init")):
            ratios = [by_recipe[recipe][n][0] / seed[n][0] for n in names]
            label = LABELS[recipe].replace("`", "")
            axis.bar([i + offset for i in range(len(names))], ratios, width=0.27, label=label)
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
