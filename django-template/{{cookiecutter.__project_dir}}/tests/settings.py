"""The production settings, with what the test suite needs set before they load."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-" + "k" * 50)
{%- if cookiecutter.database == "postgresql" %}
# Nothing listens on port 1: these tests see the database down (the Docker
# tests of the template run the image against a real PostgreSQL).
os.environ.setdefault("DATABASE_URL", "postgresql://app:app@127.0.0.1:1/app")
{%- endif %}
{%- if cookiecutter.cache == "redis" %}
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")
{%- endif %}

from config.settings import *  # noqa: F403
