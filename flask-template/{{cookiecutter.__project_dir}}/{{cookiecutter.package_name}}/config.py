"""Settings from the environment, checked once at start-up."""

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self
{% if cookiecutter.worker == "celery" %}
from .celery_setup import broker_url
{%- endif %}
from .logs import LOG_FORMATS


class ConfigurationError(ValueError):
    """An environment variable holds a value the service cannot use."""


@dataclass(frozen=True)
class Settings:
    log_level: str = "INFO"
    log_format: str = "text"
    readiness_timeout: float = 2.0
{%- if cookiecutter.database == "postgresql" %}
    database_url: str = ""
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
    broker_url: str = ""
{%- endif %}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Self:
        log_level = environ.get("LOG_LEVEL", cls.log_level).upper()
        if log_level not in logging.getLevelNamesMapping():
            raise ConfigurationError(f"LOG_LEVEL={log_level!r} is not a logging level")
        log_format = (environ.get("LOG_FORMAT") or cls.log_format).lower()
        if log_format not in LOG_FORMATS:
            choices = ", ".join(LOG_FORMATS)
            raise ConfigurationError(f"LOG_FORMAT={log_format!r} is not one of {choices}")
        raw_timeout = environ.get("READINESS_TIMEOUT", str(cls.readiness_timeout))
        try:
            readiness_timeout = float(raw_timeout)
        except ValueError:
            raise ConfigurationError(f"READINESS_TIMEOUT={raw_timeout!r} is not a number") from None
        if not 0 < readiness_timeout <= 30:
            raise ConfigurationError("READINESS_TIMEOUT must be between 0 and 30 seconds")
{%- if cookiecutter.worker == "celery" %}
        if not broker_url(environ):
            raise ConfigurationError(
                "REDIS_URL is not set (nor CELERY_BROKER_URL); use redis://HOST:6379/0"
            )
{%- endif %}
        return cls(
            log_level=log_level,
            log_format=log_format,
            readiness_timeout=readiness_timeout,
{%- if cookiecutter.database == "postgresql" %}
            database_url=environ.get("DATABASE_URL", ""),
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
            broker_url=broker_url(environ),
{%- endif %}
        )

    def flask_config(self) -> dict:
        return {"READINESS_TIMEOUT": self.readiness_timeout}
