"""The production settings, with what the test suite needs set before they load."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-" + "k" * 50)
{%- if cookiecutter.database == "postgresql" %}
# Nothing listens on port 1: the "unreachable" database below is PostgreSQL down
# (the Docker tests of the template run the image against a real PostgreSQL).
os.environ.setdefault("DATABASE_URL", "postgresql://app:app@127.0.0.1:1/app")
{%- endif %}
{%- if cookiecutter.cache == "redis" or cookiecutter.worker == "celery" %}
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")
{%- endif %}

from config.settings import *  # noqa: F403

# Password hashing is slow on purpose, a cost the tests' throwaway users need not pay.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Hashed names come from the manifest that collectstatic writes in the image;
# the tests render the admin's pages without one.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
{%- if cookiecutter.database == "postgresql" %}

# The tests that need a database (users, the admin) run on SQLite in memory, so
# they need no server; only the readiness test talks to PostgreSQL, which is down.
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    "unreachable": DATABASES["default"],  # noqa: F405
}
{%- endif %}
