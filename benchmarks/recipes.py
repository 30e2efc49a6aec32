"""The three images built from the same baked code: how each is made and run."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

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
# (It binds 8000; here $PORT, so that it runs on a host network too.)
INIT_DOCKERFILE = """ARG PYTHON_VERSION={python}
FROM python:${{PYTHON_VERSION}}-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1
WORKDIR /app
ARG UID=10001
RUN adduser --disabled-password --gecos "" --home "/nonexistent" --shell "/sbin/nologin" \\
    --no-create-home --uid "${{UID}}" appuser
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt
USER appuser
COPY . .
EXPOSE 8000
CMD gunicorn '{wsgi}' --bind=0.0.0.0:${{PORT:-8000}}
"""

FLASK_SEED_APP = """import os

from billing_api import create_app

app = create_app()

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
"""


@dataclass(frozen=True)
class Recipe:
    name: str  # baked, seed, init
    dockerfile: str  # file name in the build context

    @property
    def label(self) -> str:
        return {"baked": "baked (this project)", "seed": "seed-style", "init": "docker init-style"}[self.name]


RECIPES = (
    Recipe("baked", "Dockerfile"),
    Recipe("seed", "Dockerfile.seed"),
    Recipe("init", "Dockerfile.init"),
)


def prepare(bake: Path, context: Path, recipe: Recipe, framework: str, python: str) -> None:
    """Copy the bake to `context` and add what `recipe` builds with."""
    shutil.copytree(bake, context)
    if recipe.name == "baked":
        return
    unpinned = [line for line in (bake / "requirements.in").read_text().splitlines() if line[:1].isalpha()]
    (context / "requirements.txt").write_text("\n".join(unpinned) + "\n")
    if framework == "flask":
        (context / "app.py").write_text(FLASK_SEED_APP)
        seed_command, wsgi = '["python", "app.py"]', "billing_api.wsgi:app"
    else:
        seed_command, wsgi = "python manage.py runserver 0.0.0.0:${PORT:-8000}", "config.wsgi:application"
    template = SEED_DOCKERFILE if recipe.name == "seed" else INIT_DOCKERFILE
    (context / recipe.dockerfile).write_text(template.format(python=python, command=seed_command, wsgi=wsgi))
