"""Celery's settings and the worker's heartbeat, for the web process, the worker and beat.

Redis is both the broker and the result backend, at CELERY_BROKER_URL or else
REDIS_URL. The signal handlers at the end give the worker and beat the service's
own logging, and each task the ID of the request that queued it.
"""

import logging
import os
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path

import redis
from celery import Celery, bootsteps, signals
from celery.beat import PersistentScheduler

# Touched by the worker, read by worker_healthcheck.py (keep the two in step). On
# the /tmp tmpfs: the root filesystem stays read-only.
HEARTBEAT_FILE = Path(
    os.environ.get("CELERY_HEARTBEAT_FILE", "/tmp/celery-worker-heartbeat")  # noqa: S108
)
HEARTBEAT_SECONDS = 5.0

# A task gets a SoftTimeLimitExceeded exception after TASK_SOFT_TIME_LIMIT seconds (time
# to clean up) and its process is killed at TASK_TIME_LIMIT. Redis hands an unacknowledged
# task to another worker after VISIBILITY_TIMEOUT: it must exceed the longest a task can
# take, or a slow task runs twice; it is also how long a task whose whole worker was
# killed waits to run again. Raise all three together.
TASK_SOFT_TIME_LIMIT = 240
TASK_TIME_LIMIT = 300
VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))


def broker_url(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get("CELERY_BROKER_URL") or environ.get("REDIS_URL", "")


def configure(app: Celery, url: str) -> None:
    app.conf.update(
        broker_url=url,
        result_backend=url,
        # At least once: a task is acknowledged when it returns, not when a worker takes
        # it, and handed out again if the process running it dies (killed, out of memory).
        # Tasks must therefore be idempotent (tasks.py).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # Each process reserves one task at a time: a long task holds back no other, and a
        # worker that dies takes no queue of reserved tasks with it.
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
        task_soft_time_limit=TASK_SOFT_TIME_LIMIT,
        task_time_limit=TASK_TIME_LIMIT,
        # A process is replaced after 1000 tasks or once it holds 256 MiB: a leak in a
        # task or a library cannot grow without bound.
        worker_max_tasks_per_child=1000,
        worker_max_memory_per_child=256 * 1024,  # KiB
        # The broker may come up after the worker (or go away): retry for ever, the
        # health check reports the wait.
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        # JSON only: a pickled message could run any code in the worker.
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        result_expires=24 * 3600,
        # beat's record of the last runs, on the tmpfs (a restart forgets it: harmless).
        beat_schedule_filename="/tmp/celerybeat-schedule",  # noqa: S108
        beat_scheduler=HeartbeatScheduler,
        beat_schedule={
            "ping": {
                "task": "{{ cookiecutter.package_name }}.tasks.ping",
                "schedule": float(os.environ.get("BEAT_PING_SECONDS", "60")),
            },
        },
    )
    app.steps["worker"].add(Heartbeat)


def ping_broker(url: str, timeout: float) -> None:
    """Raises unless the broker answers PING within `timeout` seconds (for /readyz)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


class Heartbeat(bootsteps.StartStopStep):
    """Touches HEARTBEAT_FILE every few seconds from the worker's own timer, so a worker
    whose main loop is stuck goes stale; checking the file costs no broker round trip."""

    requires = ("celery.worker.components:Timer",)

    def __init__(self, worker, **kwargs) -> None:
        super().__init__(worker, **kwargs)
        self.beat = None

    def start(self, worker) -> None:
        HEARTBEAT_FILE.touch()
        self.beat = worker.timer.call_repeatedly(HEARTBEAT_SECONDS, HEARTBEAT_FILE.touch)

    def stop(self, worker) -> None:
        if self.beat is not None:
            self.beat.cancel()
        HEARTBEAT_FILE.unlink(missing_ok=True)

    terminate = stop  # a cold shutdown too


class HeartbeatScheduler(PersistentScheduler):
    """beat's scheduler, touching HEARTBEAT_FILE at least every HEARTBEAT_SECONDS: beat's
    health check is the worker's (worker_healthcheck.py), in a container of its own."""

    def tick(self, *args, **kwargs) -> float:
        HEARTBEAT_FILE.touch()
        return min(super().tick(*args, **kwargs), HEARTBEAT_SECONDS)


@signals.setup_logging.connect
def keep_the_service_logging(**_kwargs) -> None:
    """Connected, this stops Celery replacing the root logger's handler with its own: the
    worker and beat log as web does (LOG_FORMAT, LOG_LEVEL), through the handler the
    application configured as it loaded."""


@signals.worker_init.connect
def log_shutdown_notices(**_kwargs) -> None:
    """Celery prints its shutdown notices ("worker: Warm shutdown") straight to stdout,
    past logging: logged instead, they are lines like the others (JSON with LOG_FORMAT=json)."""
    from celery.apps import worker

    notices = logging.getLogger("celery.apps.worker")
    worker.safe_say = lambda message, *_stream: notices.info(message.strip())


# The header that carries a request's ID to the tasks it queues: a task's log lines (and
# its error reports) then carry the ID of the request that caused it.
REQUEST_ID_TASK_HEADER = "request_id"


def _request_id() -> ContextVar[str | None]:
    # Imported at first use: the package of the logging module imports this one as it loads.
    from {{ logs_module }} import request_id

    return request_id


def _carried_request_id(task) -> str | None:
    """The ID in the task's headers, if well formed: anyone who can queue a message
    writes them, and a newline in a text log line would forge another line."""
    from {{ logs_module }} import WELL_FORMED_REQUEST_ID

    carried = task.request.get(REQUEST_ID_TASK_HEADER)
    if isinstance(carried, str) and WELL_FORMED_REQUEST_ID.fullmatch(carried):
        return carried
    return None


@signals.before_task_publish.connect
def send_request_id(headers: dict, **_kwargs) -> None:
    current = _request_id().get()
    if current is not None:
        headers[REQUEST_ID_TASK_HEADER] = current


@signals.task_prerun.connect
def adopt_request_id(task, **_kwargs) -> None:
    request_id = _request_id()
    # A task run in the calling process (`.apply()`) keeps the caller's ID.
    carried = _carried_request_id(task) or request_id.get()
    task.request.request_id_token = request_id.set(carried)


@signals.task_postrun.connect
def drop_request_id(task, **_kwargs) -> None:
    token = getattr(task.request, "request_id_token", None)
    if token is not None:
        _request_id().reset(token)
