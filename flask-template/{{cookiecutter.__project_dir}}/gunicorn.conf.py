"""Gunicorn settings, read from the environment so one image runs everywhere.

Every setting here works on a read-only root filesystem: logs go to stdout and
stderr, and worker heartbeat files live in /dev/shm (a tmpfs in every container).
"""

import gc
import os


def _usable_cpus() -> int:
    # sched_getaffinity honours `docker run --cpuset-cpus`; cpu_count() would not.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# All interfaces of the container: its network namespace is the boundary.
bind = f"0.0.0.0:{_int_env('PORT', {{ cookiecutter.port }})}"
# Gunicorn's rule of thumb (2 x CPUs + 1), capped so a large host does not
# multiply the memory of one container; scale out with replicas instead.
workers = _int_env("WEB_CONCURRENCY", min(2 * _usable_cpus() + 1, 8))
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

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def pre_fork(server, worker):
    # What the master loaded stays out of the workers' garbage collections, which
    # would otherwise touch, and so copy, its memory pages into every worker.
    gc.freeze()
