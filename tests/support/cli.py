"""Running the real `cookiecutter` command, as a user would, isolated from the user's config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .tools import run, tool


def isolated_config(output: Path) -> Path:
    """A Cookiecutter config beside `output`: clones and replays stay there, not in the user's home.
    Bakes into folders of one parent share the replays, as one user's bakes do."""
    config = output.parent / f"{output.name}-cookiecutterrc.yaml"
    config.write_text(
        f"cookiecutters_dir: {output.parent / 'cookiecutters'}\nreplay_dir: {output.parent / 'replay'}\n"
    )
    return config


def cookiecutter(
    template: Path | str,
    *args: str,
    output: Path,
    env: dict | None = None,
    prefix: tuple[str, ...] = (),
    **kw,
) -> subprocess.CompletedProcess:
    """`prefix` runs the command inside another, e.g. support.platforms.WITHOUT_PROC."""
    environment = {**os.environ, "COOKIECUTTER_CONFIG": str(isolated_config(output)), **(env or {})}
    command = (*prefix, tool("cookiecutter"), str(template), "--output-dir", str(output), *args)
    return run(*command, env=environment, **kw)
