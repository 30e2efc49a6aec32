"""Running the real `cookiecutter` command, as a user would, isolated from the user's config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .tools import run, tool


def cookiecutter(
    template: Path | str, *args: str, output: Path, env: dict | None = None, **kw
) -> subprocess.CompletedProcess:
    config = output.parent / f"{output.name}-cookiecutterrc.yaml"
    config.write_text(
        f"cookiecutters_dir: {output.parent / 'cookiecutters'}\nreplay_dir: {output.parent / 'replay'}\n"
    )
    environment = {**os.environ, "COOKIECUTTER_CONFIG": str(config), **(env or {})}
    return run(tool("cookiecutter"), str(template), "--output-dir", str(output), *args, env=environment, **kw)
