"""Liveness and readiness endpoints for Docker and orchestrators.

/healthz says the process serves requests and touches nothing else, so a slow
database never gets a healthy container restarted. /readyz asks every backing
service a cheap question; each has a bounded connect timeout (settings), so
the endpoint answers quickly whatever is down.

HealthCheckMiddleware, first in MIDDLEWARE, answers both ahead of the HTTPS
redirect and the host check: probes come over plain HTTP, addressed to
127.0.0.1 or the container's IP address, which DJANGO_ALLOWED_HOSTS need not
list.
"""

import logging
from collections.abc import Callable

{% if cookiecutter.cache == "redis" -%}
from django.core.cache import cache
{% endif -%}
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
{%- if cookiecutter.worker == "celery" %}

from config.celery_setup import broker_url, ping_broker
{%- endif %}

log = logging.getLogger(__name__)


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
{%- if cookiecutter.cache == "redis" %}


def redis() -> None:
    if not cache._cache.get_client(write=False).ping():  # noqa: SLF001 (no public PING)
        raise ConnectionError("Redis did not answer PING")
{%- endif %}
{%- if cookiecutter.worker == "celery" %}


def broker() -> None:
    ping_broker(broker_url(), timeout=2)
{%- endif %}


CHECKS: dict[str, Callable[[], None]] = {
    "database": database,
{%- if cookiecutter.cache == "redis" %}
    "cache": redis,
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
    "broker": broker,
{%- endif %}
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 (whatever fails, the service is not ready)
            results[name] = f"failed: {type(error).__name__}: {error}".splitlines()[0]
        else:
            results[name] = "ok"
    return results


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    ready = all(result == "ok" for result in results.values())
    if not ready:
        log.warning("not ready: %s", results)
    body = {"status": "ready" if ready else "not ready", "checks": results}
    return JsonResponse(body, status=200 if ready else 503)


ENDPOINTS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": healthz,
    "/readyz": readyz,
}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = ENDPOINTS.get(request.path_info)
        return endpoint(request) if endpoint else self.get_response(request)


def log_readiness() -> None:
    """At start-up: one line if a backing service is down (the server starts all the same)."""
    failed = {name: result for name, result in run_checks().items() if result != "ok"}
    if failed:
        log.warning("starting while not ready, /readyz answers 503 until it is: %s", failed)
    # The server forks its workers next: none may inherit the master's connections.
    connection.close()
