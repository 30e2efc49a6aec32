"""Command-line tools the tests run: the pinned ones beside this interpreter first."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path


def tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is not installed (scripts/test installs requirements-dev.txt)"
    return found


def run(
    *command: str, cwd: Path | None = None, timeout: float = 300, env_extra: dict | None = None, **kwargs
) -> subprocess.CompletedProcess:
    if env_extra:
        kwargs["env"] = {**kwargs.get("env", os.environ), **env_extra}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def check(*command: str, cwd: Path | None = None, timeout: float = 300, **kwargs) -> str:
    result = run(*command, cwd=cwd, timeout=timeout, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


_PASSED: set[tuple] = set()


def check_files(*command: str, files: list[Path], cwd: Path) -> None:
    """`check` of a linter that reads `files` (relative to `cwd`), run once per session
    for each set of contents: most bakes differ in no byte a given linter reads, and
    the same linter on the same bytes gives the same verdict."""
    key = (command, tuple((str(path), hashlib.sha256((cwd / path).read_bytes()).digest()) for path in files))
    if key not in _PASSED:
        check(*command, *map(str, files), cwd=cwd)
        _PASSED.add(key)
