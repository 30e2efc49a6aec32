"""Error reports to Sentry, when SENTRY_DSN is set; without it sentry-sdk is not imported.

Reports carry no personal data (no cookies, no authorisation headers, no client IP
address) and no secret of the environment: the server copies every environment
variable into each request's WSGI environ, and a failing frame's local variables
may hold one, so values of variables whose names look secret are filtered out of
the whole event before it leaves. Each report is tagged with the ID of the request
(or of the request that queued the task) it comes from, as its log lines are.
"""

import os
import re
from collections.abc import Mapping
from typing import Any

from .logs import request_id

SECRET_NAME = re.compile(r"SECRET|PASSW|TOKEN|KEY|DSN|CREDENTIAL|AUTH|_URL$", re.IGNORECASE)
FILTERED = "[Filtered]"
# What of the WSGI environ a report may keep; the rest could be the process's environment.
SAFE_ENVIRON = {"SERVER_NAME", "SERVER_PORT"}


class ErrorReportsError(ValueError):
    """A SENTRY_* variable holds a value the service cannot use."""


def _rate(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name) or str(default)
    try:
        rate = float(raw)
    except ValueError:
        raise ErrorReportsError(f"{name}={raw!r} is not a number") from None
    if not 0 <= rate <= 1:
        raise ErrorReportsError(f"{name} must be between 0 and 1")
    return rate


def secret_values(environ: Mapping[str, str]) -> list[str]:
    """Values of the environment that no report may carry, longest first."""
    values = {value for name, value in environ.items() if SECRET_NAME.search(name)}
    # Too short to be a secret, and common enough to garble the rest of a report.
    return sorted((value for value in values if len(value) >= 4), key=len, reverse=True)


def scrub(value: Any, secrets: list[str]) -> Any:
    """`value` with every occurrence of the secrets replaced, at any depth."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, FILTERED)
        return value
    if isinstance(value, dict):
        return {key: scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, secrets) for item in value]
    return value


def before_send(environ: Mapping[str, str]):
    secrets = secret_values(environ)

    def _before_send(event: dict, _hint: dict) -> dict:
        request = event.get("request") or {}
        if isinstance(env := request.get("env"), dict):
            request["env"] = {key: value for key, value in env.items() if key in SAFE_ENVIRON}
        if (current := request_id.get()) is not None:
            event.setdefault("tags", {})["request_id"] = current
        return scrub(event, secrets)

    return _before_send


def init_error_reports(environ: Mapping[str, str] = os.environ) -> bool:
    """Start reporting to SENTRY_DSN, if set; True when it did."""
    dsn = environ.get("SENTRY_DSN", "")
    if not dsn:
        return False
    sample_rate = _rate(environ, "SENTRY_SAMPLE_RATE", 1.0)
    traces_sample_rate = _rate(environ, "SENTRY_TRACES_SAMPLE_RATE", 0.0)
    import sentry_sdk
{%- if cookiecutter.worker == "celery" %}
    from sentry_sdk.integrations.celery import CeleryIntegration
{%- endif %}
    from sentry_sdk.integrations.{{ sentry_integration_module }} import {{ sentry_integration }}
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environ.get("SENTRY_ENVIRONMENT") or "production",
        # The image's version (its APP_VERSION build argument) unless set.
        release=environ.get("SENTRY_RELEASE") or environ.get("APP_VERSION") or None,
        sample_rate=sample_rate,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        before_send=before_send(environ),
        integrations=[
            {{ sentry_integration }}(),
{%- if cookiecutter.worker == "celery" %}
            # A task's exception is reported from the worker, with the task's name and ID.
            CeleryIntegration(),
{%- endif %}
            # Error log lines become reports; lower ones, breadcrumbs.
            LoggingIntegration(event_level="ERROR"),
        ],
    )
    return True
