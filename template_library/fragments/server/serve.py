"""Start granian, the HTTP server, with this service's defaults.

Granian reads each of its settings from a GRANIAN_* variable. This launcher only
fills in the ones this service sets differently from granian's own defaults,
where the environment does not set them, and then runs granian in this very
process, so that it is PID 1 and gets `docker stop`'s SIGTERM.

Unless reloading, it first imports the application and has granian fork its
workers from this process: they start at once and share its memory, where
granian's default on Python 3.14 (a fresh interpreter per worker) doubled the
service's memory. Granian's logs then go through the service's logging
configuration, and with METRICS_PORT set, this process serves the workers' metrics.
"""

import gc
import importlib
import math
import multiprocessing
import os
import sys

APP = "{{ wsgi_app }}"


{% include shared("server/usable_cpus.py") %}


def defaults(environ: dict[str, str]) -> dict[str, str]:
    """The GRANIAN_* settings this service runs with unless the environment sets them."""
    return {
        "GRANIAN_INTERFACE": "wsgi",
        # All interfaces of the container: its network namespace is the boundary.
        "GRANIAN_HOST": "0.0.0.0",  # noqa: S104
        "GRANIAN_PORT": environ.get("PORT") or "{{ cookiecutter.port }}",
        # HTTP/1.1 only: with protocol detection ("auto"), a connection that never
        # sends a byte is never closed.
        "GRANIAN_HTTP": "1",
        # A client gets 5 s to send a request's headers; then its connection closes,
        # so slow or silent clients cannot hold the server.
        "GRANIAN_HTTP1_HEADER_READ_TIMEOUT": "5000",
        "GRANIAN_WEBSOCKETS": "false",
        # One worker process per usable CPU, each serving with a few Python threads;
        # capped, so that a large host does not multiply one container's memory.
        "GRANIAN_WORKERS": environ.get("WEB_CONCURRENCY") or str(min(_usable_cpus(), 8)),
        "GRANIAN_BLOCKING_THREADS": "4",
        # A killed or crashed worker is replaced instead of stopping the server.
        "GRANIAN_RESPAWN_FAILED_WORKERS": "true",
        # Below `docker stop`'s 10 s grace period: in-flight requests get 8 s to
        # finish after SIGTERM, then their worker is stopped and granian exits.
        "GRANIAN_WORKERS_KILL_TIMEOUT": "8",
        "GRANIAN_LOG_LEVEL": (environ.get("LOG_LEVEL") or "info").lower(),
        "GRANIAN_RELOAD_PATHS": "{{ reload_paths }}",
    }


def main() -> None:
    from granian.cli import cli  # after the defaults above: its options read them

    for name, value in defaults(dict(os.environ)).items():
        os.environ.setdefault(name, value)
    if os.environ.get("GRANIAN_RELOAD", "").lower() not in ("1", "true"):
        from granian import log

        from {{ cookiecutter.package_name }}.logs import server_loggers
        from {{ cookiecutter.package_name }}.metrics import prepare_multiprocess_dir, serve_metrics

        multiprocessing.set_start_method("fork")
        prepare_multiprocess_dir()
        importlib.import_module(APP.partition(":")[0])
        # The application configured logging as it loaded; granian configures it again
        # in every process, and is to send its records to the same handler.
        log.LOGGING_CONFIG["loggers"] = server_loggers()
        serve_metrics()
        # What is loaded now stays out of the workers' garbage collections, which
        # would otherwise touch, and so copy, its memory pages into every worker.
        gc.freeze()
    cli.main(args=[*sys.argv[1:], APP], prog_name="granian", auto_envvar_prefix="GRANIAN")


if __name__ == "__main__":
    main()
