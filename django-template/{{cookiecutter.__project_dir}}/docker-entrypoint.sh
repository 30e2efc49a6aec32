#!/bin/sh
# Container entrypoint: runs the command it is given (the HTTP server by default).
# `exec` replaces this shell, so the server is PID 1 and receives SIGTERM
# from `docker stop` itself, which lets the server shut down gracefully.
set -eu

# An empty WEB_CONCURRENCY (as .env.example and compose pass it) means "the
# default": gunicorn would fail on it before reading its configuration.
if [ -z "${WEB_CONCURRENCY:-}" ]; then
    unset WEB_CONCURRENCY
fi

# Migrations are a separate step (`docker run IMAGE python manage.py migrate`).
# DJANGO_MIGRATE_ON_START=1 runs them here instead: only for a single replica,
# since several replicas starting together would race on the same migrations.
if [ "${DJANGO_MIGRATE_ON_START:-0}" = 1 ]; then
    python manage.py migrate --noinput
fi

exec "$@"
