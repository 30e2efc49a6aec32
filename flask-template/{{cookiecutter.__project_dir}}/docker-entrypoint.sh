#!/bin/sh
# Container entrypoint: runs the command it is given (gunicorn by default).
# `exec` replaces this shell, so the server is PID 1 and receives SIGTERM
# from `docker stop` itself, which lets gunicorn shut down gracefully.
set -eu

exec "$@"
