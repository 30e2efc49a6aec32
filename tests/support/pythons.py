"""The CPython a bake's own tools run on: the machine's own, or the official image's.

The bakes' tests and lint need the bake's Python version. Where this machine has
that CPython (on PATH, or installed by pyenv), a virtual environment of it serves;
where it has none (3.14 and 3.15 here), the same commands run in the
`python:X.Y-slim` image the bake builds on, with this machine's uv and uv cache
lent to the container and the bake's folder mounted at the same path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .docker import HOST_NETWORK
from .tools import tool


def _runs(candidate: str, version: str) -> bool:
    probe = [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    result = subprocess.run(probe, capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip() == version


@cache
def host_interpreter(version: str) -> str | None:
    """The path of a working `python<version>` on this machine, or None: on PATH
    (setup-python, distributions) or installed by pyenv, whose shims fail for
    versions not made global."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(map(str, pyenv_root.glob(f"versions/{version}.*/bin/python{version}")), reverse=True)
    return next((candidate for candidate in filter(None, candidates) if _runs(candidate, version)), None)


def interpreter(version: str) -> str:
    found = host_interpreter(version)
    assert found, f"no working CPython {version} found (PATH, pyenv); the bakes' tests need it"
    return found


@cache
def _uv_cache() -> str:
    found = subprocess.run([tool("uv"), "cache", "dir"], capture_output=True, text=True, check=True)
    return found.stdout.strip()


@dataclass(frozen=True)
class BakeEnvironment:
    """A virtual environment at `venv` holding a bake's requirements-dev.txt."""

    version: str
    venv: Path

    @property
    def in_image(self) -> bool:
        return host_interpreter(self.version) is None

    def command(self, *args: str, cwd: Path) -> list[str]:
        """A command of the environment's bin/ (`pytest`, `python`), run in `cwd`."""
        if not self.in_image:
            return [str(self.venv / "bin" / args[0]), *args[1:]]
        return self._in_image(*args, cwd=cwd)

    def create(self, requirements: Path) -> None:
        python = host_interpreter(self.version) or f"/usr/local/bin/python{self.version}"
        uv = "uv" if self.in_image else tool("uv")
        steps = (
            [uv, "venv", "--quiet", "--no-python-downloads", "--python", python, str(self.venv)],
            [uv, "pip", "install", "--quiet", "--python", str(self.venv / "bin" / "python"),
             "--require-hashes", "--requirement", str(requirements)],
        )  # fmt: skip
        for step in steps:
            command = self._in_image(*step, cwd=requirements.parent) if self.in_image else step
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)

    def _in_image(self, *args: str, cwd: Path) -> list[str]:
        """`args` in the bake's base image, with this machine's uv, its cache and the bake."""
        mounts = {
            str(cwd): str(cwd),
            str(self.venv.parent): str(self.venv.parent),
            tool("uv"): "/usr/local/bin/uv",
        }
        return [
            "docker", "run", "--rm", *(("--network", "host") if HOST_NETWORK else ()),
            *(arg for source, target in mounts.items() for arg in ("--volume", f"{source}:{target}")),
            "--volume", f"{_uv_cache()}:/root/.cache/uv", "--workdir", str(cwd),
            "--env", f"PATH={self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            f"python:{self.version}-slim", *args,
        ]  # fmt: skip
