"""Finding a CPython of a given X.Y version on this machine, for the bakes' own tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path


def _runs(candidate: str, version: str) -> bool:
    probe = [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    result = subprocess.run(probe, capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip() == version


@cache
def interpreter(version: str) -> str:
    """The path of a working `python<version>`: on PATH (setup-python, distributions)
    or installed by pyenv, whose shims fail for versions not made global."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(map(str, pyenv_root.glob(f"versions/{version}.*/bin/python{version}")), reverse=True)
    for candidate in filter(None, candidates):
        if _runs(candidate, version):
            return candidate
    raise AssertionError(f"no working CPython {version} found (PATH, pyenv); the bakes' tests need it")
