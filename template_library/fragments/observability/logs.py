"""Logs on stdout: text lines for people, or one JSON object a line (LOG_FORMAT=json).

One configuration, applied with `logging.config.dictConfig`, sends everything through
the root logger's handler: the service's own logs, the framework's, and the HTTP
server's (its access log too, when it is on). Each line written while a request runs
carries that request's ID.
"""

import logging
import re
import uuid
from collections.abc import Iterable
from contextvars import ContextVar

LOG_FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] [%(request_id)s] %(name)s: %(message)s"
# The servers' loggers: their own handlers go, and their records rise to the root's.
SERVER_LOGGERS = ("_granian", "gunicorn.error")
ACCESS_LOGGERS = ("granian.access", "gunicorn.access")

REQUEST_ID_HEADER = "X-Request-ID"
# What a caller's request ID may be: anything else (a 10 kB header, a newline, a JSON
# fragment) is replaced, and never reaches a log line.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def accept_request_id(header: str | None) -> str:
    """The caller's X-Request-ID when it is well formed, else a new one."""
    if header and WELL_FORMED_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record written while a request runs; outside one, the
    text format shows `-` and JSON leaves the field out."""

    def __init__(self, outside: str | None = None) -> None:
        super().__init__()
        self.outside = outside

    def filter(self, record: logging.LogRecord) -> bool:
        current = request_id.get()
        if current is not None:
            record.request_id = current
        elif self.outside is not None:
            record.request_id = self.outside
        return True


def logging_config(level: str, log_format: str, framework_loggers: Iterable[str] = ()) -> dict:
    """The `dictConfig` of the service, the server's processes included."""
    if log_format == "json":
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            # RFC 3339 in UTC, from the record's own time.
            "timestamp": True,
            "rename_fields": {
                "levelname": "level",
                "name": "logger",
                "exc_info": "exception",
                "stack_info": "stack",
            },
        }
    else:
        formatter = {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {
                "()": f"{__name__}.RequestIdFilter",
                "outside": None if log_format == "json" else "-",
            },
        },
        "formatters": {"line": formatter},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "line",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": server_loggers(framework_loggers),
    }


def server_loggers(framework_loggers: Iterable[str] = ()) -> dict:
    """The `loggers` of a `dictConfig` that sends the server's and the framework's records
    to the root's handler instead of their own."""
    to_root = {"handlers": [], "propagate": True}
    loggers = {name: to_root for name in (*SERVER_LOGGERS, *framework_loggers)}
    # An access log is on or off by the server's own setting, whatever LOG_LEVEL is.
    return loggers | {name: {**to_root, "level": "INFO"} for name in ACCESS_LOGGERS}
