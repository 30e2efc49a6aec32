"""The images built from the same baked code: how each is made and run."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.support.bakes import Bake

# The tutorial image this project replaces: one stage, unpinned requirements,
# the framework's development server.
SEED_DOCKERFILE = """FROM python:{python}-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD {command}
"""

# What `docker init` writes for a Python project: one stage, a non-root user,
# pip's cache and a bind-mounted requirements file, gunicorn in shell form.
# (It binds 8000; here $PORT, so that it runs on a host network too. Its `adduser`
# is not in the Debian trixie slim images of Python 3.14 on: `useradd` makes the same user.)
INIT_DOCKERFILE = """ARG PYTHON_VERSION={python}
FROM python:${{PYTHON_VERSION}}-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1
WORKDIR /app
ARG UID=10001
RUN useradd --home-dir "/nonexistent" --shell "/sbin/nologin" --no-create-home --uid "${{UID}}" appuser
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt
USER appuser
COPY . .
EXPOSE 8000
CMD gunicorn '{wsgi}' --bind=0.0.0.0:${{PORT:-8000}}
"""

FLASK_SEED_APP = """import os

from {package} import create_app

app = create_app()

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
"""


# The baked Dockerfile's comment and RUN instruction (continued lines included)
# that compile the start-up imports.
START_UP_BYTECODE = re.compile(
    r"^# The base image ships no bytecode.*\n(?:#.*\n)*RUN (?:.*\\\n)*.*\n", re.MULTILINE
)


@dataclass(frozen=True)
class Recipe:
    name: str  # granian, lean, gunicorn, seed, init
    dockerfile: str  # file name in the build context
    server: str  # the bake it is built from: its `server` answer
    # Also built and measured in --quick mode, the Docker tier's smoke test. Two images
    # show every kind of column: a bake as baked (with its HEALTHCHECK) and a prepared
    # one (without), which is also what the ratios divide by. --quick still prepares
    # the others' build contexts, so that a recipe that can no longer be made fails there.
    quick: bool = True


RECIPES = (
    Recipe("granian", "Dockerfile", "granian"),  # the default bake, as baked
    # The default bake without the step that compiles what the server imports at
    # start: what those bytes buy, measured.
    Recipe("lean", "Dockerfile.lean", "granian", quick=False),
    # The bake with server=gunicorn, as baked: built the same way as the default bake.
    Recipe("gunicorn", "Dockerfile", "gunicorn", quick=False),
    # The others install the gunicorn bake's direct requirements, unpinned: the
    # `docker init`-style image runs gunicorn; the seed-style one ignores it.
    Recipe("seed", "Dockerfile.seed", "gunicorn"),
    Recipe("init", "Dockerfile.init", "gunicorn", quick=False),
)


def prepare(bake: Bake, context: Path, recipe: Recipe, framework: str, python: str) -> None:
    """Copy the bake (of `recipe.server`) to `context` and add what `recipe` builds with."""
    shutil.copytree(bake.path, context)
    if recipe.dockerfile == "Dockerfile":
        return
    if recipe.name == "lean":
        baked = (bake.path / "Dockerfile").read_text()
        lean, found = START_UP_BYTECODE.subn("", baked)
        assert found == 1, "the baked Dockerfile no longer compiles its start-up imports"
        (context / recipe.dockerfile).write_text(lean)
        return
    requirements_in = (bake.path / "requirements.in").read_text()
    unpinned = [line for line in requirements_in.splitlines() if line[:1].isalpha()]
    (context / "requirements.txt").write_text("\n".join(unpinned) + "\n")
    if framework == "flask":
        (context / "app.py").write_text(FLASK_SEED_APP.format(package=bake.package))
        seed_command, wsgi = '["python", "app.py"]', f"{bake.package}.wsgi:app"
    else:
        seed_command, wsgi = "python manage.py runserver 0.0.0.0:${PORT:-8000}", "config.wsgi:application"
    template = SEED_DOCKERFILE if recipe.name == "seed" else INIT_DOCKERFILE
    (context / recipe.dockerfile).write_text(template.format(python=python, command=seed_command, wsgi=wsgi))
