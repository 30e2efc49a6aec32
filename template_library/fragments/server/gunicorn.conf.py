"""Gunicorn settings, read from the environment so one image runs everywhere.

Every setting here works on a read-only root filesystem: logs go to stdout and
stderr, and worker heartbeat files live in /dev/shm (a tmpfs in every container).
Once the master has loaded the application, gunicorn's logs go through the
service's logging configuration; with METRICS_PORT set, the master serves the
workers' metrics.
"""

import gc
import math
import os
import sys
from pathlib import Path


{% include shared("server/usable_cpus.py") %}


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# All interfaces of the container: its network namespace is the boundary.
bind = f"0.0.0.0:{_int_env('PORT', {{ cookiecutter.port }})}"
# One worker per usable CPU, and one more to take the next connection while a
# worker waits on I/O. Measured with this image's Flask and Django services on
# 2 CPUs, gunicorn's usual 2 x CPUs + 1 served 0.86x and 0.92x the requests of
# this, with a worse p99; raise WEB_CONCURRENCY or GUNICORN_THREADS for a service
# that mostly waits on I/O.
# Capped so a large host does not multiply one container's memory: scale out.
workers = _int_env("WEB_CONCURRENCY", min(_usable_cpus() + 1, 8))
threads = _int_env("GUNICORN_THREADS", 1)
timeout = _int_env("GUNICORN_TIMEOUT", 30)
# Below `docker stop`'s 10 s grace period, so in-flight requests finish
# before the engine sends SIGKILL.
graceful_timeout = _int_env("GUNICORN_GRACEFUL_TIMEOUT", 8)
keepalive = _int_env("GUNICORN_KEEPALIVE", 5)
# Development (compose.dev.yaml): restart workers when the source changes.
reload = os.environ.get("GUNICORN_RELOAD") == "1"
# Import the application once in the master: workers fork with it loaded,
# start faster and share its memory. Reloading needs each worker to import it.
preload_app = not reload
worker_tmp_dir = "/dev/shm"  # noqa: S108 (the container's own tmpfs, no one else's)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket (gunicorn 24+): a container is managed through its signals,
# and the socket's directory is not writable on a read-only root filesystem.
control_socket_disable = True

# One line per request, when asked for: the proxy in front usually logs requests,
# and the lines cost a small request half its throughput (measured: 0.46x for
# Flask, 0.50x for Django).
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") == "1" else None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


# Metrics (METRICS_PORT) come from the master, which has loaded the application: not
# while reloading, where each worker loads it.
_metrics = preload_app and bool(os.environ.get("METRICS_PORT"))
if _metrics:
    # gunicorn puts the project on sys.path only after it has read this file.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from {{ cookiecutter.package_name }}.metrics import prepare_multiprocess_dir

    # Before the application loads: the workers' values start from an empty directory.
    prepare_multiprocess_dir()


def when_ready(server):
    if _metrics:
        from {{ cookiecutter.package_name }}.metrics import serve_metrics

        serve_metrics()


def child_exit(server, worker):
    if _metrics:
        from {{ cookiecutter.package_name }}.metrics import mark_worker_dead

        mark_worker_dead(worker.pid)


def pre_fork(server, worker):
    # What the master loaded stays out of the workers' garbage collections, which
    # would otherwise touch, and so copy, its memory pages into every worker.
    gc.freeze()
