"""Liveness and readiness endpoints for Docker and orchestrators.

/healthz says the process serves requests and touches nothing else, so a slow
dependency never gets a healthy container restarted. /readyz runs every
registered readiness check; each gets the READINESS_TIMEOUT and must honour it
(a connect or socket timeout), so the endpoint answers within that bound.
"""

from collections.abc import Callable

from flask import Blueprint, Flask, current_app

ReadinessCheck = Callable[[float], None]
"""Called with the timeout in seconds; raises when its dependency is not ready."""

health = Blueprint("health", __name__)


def add_readiness_check(app: Flask, name: str, check: ReadinessCheck) -> None:
    app.extensions.setdefault("readiness_checks", {})[name] = check


@health.get("/healthz")
def healthz():
    return {"status": "ok"}


@health.get("/readyz")
def readyz():
    timeout = current_app.config["READINESS_TIMEOUT"]
    results = {}
    for name, check in current_app.extensions.get("readiness_checks", {}).items():
        try:
            check(timeout)
        except Exception as error:  # noqa: BLE001 (whatever fails, the service is not ready)
            current_app.logger.warning("readiness check %s failed: %s", name, error)
            results[name] = f"failed: {type(error).__name__}: {error}"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return {"status": "ready" if ready else "not ready", "checks": results}, 200 if ready else 503
