"""Pinning of a bake's dependencies: from a vetted lock (offline) or fresh from the index.

A bake carries `requirements.in` (runtime) and `requirements-dev.in` (runtime plus
test tools). Each vetted lock is a directory holding both inputs and what uv
compiled from them, for one Python version:

    <template>/locks/py3.14/flask+gunicorn/requirements{,-dev}.{in,txt}

It is named after the distributions `requirements.in` asks for, so every option
that changes the dependencies has its own lock, and options that do not share one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

INPUTS = ("requirements.in", "requirements-dev.in")
PLATFORM = "linux"  # images are Linux; the locks hash every wheel, so arm64 builds too
FRESH_TIMEOUT_SECONDS = 300
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", re.MULTILINE)


class PinError(Exception):
    """A one-line reason why the bake's dependencies could not be pinned."""


def normalize_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(text: str) -> list[str]:
    """The meaningful lines of a requirements file, without comments or spacing."""
    lines = (line.split(" #")[0].strip() for line in text.splitlines())
    return sorted(line.replace(" ", "").lower() for line in lines if line and not line.startswith("#"))


def lock_key(requirements_in: str) -> str:
    names = {
        normalize_name(match.group())
        for line in requirement_lines(requirements_in)
        if not line.startswith("-") and (match := _NAME.match(line))
    }
    return "+".join(sorted(names))


def lock_dir(locks_dir: Path, python_version: str, requirements_in: str) -> Path:
    return locks_dir / f"py{python_version}" / lock_key(requirements_in)


def output_name(input_name: str) -> str:
    return input_name.removesuffix(".in") + ".txt"


def compile_command(input_name: str, python_version: str) -> list[str]:
    """The uv arguments that pin one input file; the bake's README shows the same command."""
    return [
        "pip", "compile", input_name,
        "--python-version", python_version,
        "--python-platform", PLATFORM,
        "--only-binary", ":all:",  # the image installs wheels only: no compiler there
        "--generate-hashes",
        "--output-file", output_name(input_name),
    ]  # fmt: skip


def install_vetted(locks_dir: Path, project_dir: Path, python_version: str) -> Path:
    """Copy the vetted lock matching the bake's inputs; raise PinError if there is none."""
    source = lock_dir(locks_dir, python_version, (project_dir / INPUTS[0]).read_text())
    for input_name in INPUTS:
        wanted = requirement_lines((project_dir / input_name).read_text())
        vetted = source / input_name
        if not vetted.is_file() or requirement_lines(vetted.read_text()) != wanted:
            raise PinError(
                f"no vetted lock for {input_name} on Python {python_version} "
                f"(looked in {source}); run scripts/update-locks, or bake with _dependency_lock=fresh"
            )
    for input_name in INPUTS:
        shutil.copyfile(source / output_name(input_name), project_dir / output_name(input_name))
    return source


def find_uv() -> str:
    beside_python = Path(sys.executable).with_name("uv")
    found = shutil.which("uv") or (str(beside_python) if beside_python.is_file() else None)
    if not found:
        raise PinError("fresh resolution needs uv on PATH (pip install uv), or bake with the vetted lock")
    return found


def compile_fresh(project_dir: Path, python_version: str, destination: Path | None = None) -> None:
    """Pin the bake's inputs against the package index with uv.

    Both outputs are compiled in a scratch directory and moved into place only
    when both succeeded: a failure never leaves a half-written requirements file.
    """
    uv = find_uv()
    destination = destination or project_dir
    with tempfile.TemporaryDirectory(prefix="pin-") as scratch:
        for input_name in INPUTS:
            shutil.copyfile(project_dir / input_name, Path(scratch, input_name))
        for input_name in INPUTS:
            _run_uv(uv, compile_command(input_name, python_version), Path(scratch))
        for input_name in INPUTS:
            Path(scratch, output_name(input_name)).replace(destination / output_name(input_name))


def _run_uv(uv: str, arguments: list[str], cwd: Path) -> None:
    command = [uv, *arguments, "--quiet", "--custom-compile-command", " ".join(["uv", *arguments])]
    try:
        subprocess.run(
            command, cwd=cwd, check=True, capture_output=True, text=True, timeout=FRESH_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise PinError(f"fresh resolution timed out after {FRESH_TIMEOUT_SECONDS} s") from None
    except subprocess.CalledProcessError as failure:
        reason = _last_line(failure.stderr) or f"uv exited with status {failure.returncode}"
        raise PinError(
            f"fresh resolution of {arguments[2]} failed (is the package index reachable?): {reason}"
        ) from None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@cache
def locked_distribution_names(locks_dir: Path) -> frozenset[str]:
    """Every distribution any vetted lock pins, as an importable name."""
    return frozenset(
        normalize_name(name).replace("-", "_")
        for lock in locks_dir.glob("*/*/requirements*.txt")
        for name in _PINNED.findall(lock.read_text())
    )
