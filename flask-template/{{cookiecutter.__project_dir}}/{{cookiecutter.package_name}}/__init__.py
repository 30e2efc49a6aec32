"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""

import logging
import logging.config

from flask import Flask
from werkzeug.exceptions import HTTPException

{% if cookiecutter.worker == "celery" -%}
from .celery_app import init_celery
{% endif -%}
from .config import Settings
{%- if cookiecutter.database == "postgresql" %}
from .db import database_url, init_db
{%- endif %}
from .errors import init_error_reports
from .health import health
from .instrumentation import instrument
from .logs import logging_config
from .routes import main


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application; the server imports it once, before forking its workers."""
    settings = settings or Settings.from_env()
{%- if cookiecutter.database == "postgresql" %}
    url = database_url(settings.database_url)  # a bad DATABASE_URL stops the start here
{%- endif %}
    configure_logging(settings.log_level, settings.log_format)
    init_error_reports()
    app = Flask(__name__)
    app.config.from_mapping(settings.flask_config())
{%- if cookiecutter.database == "postgresql" %}
    init_db(app, url, settings.readiness_timeout)
{%- endif %}
    instrument(app)
{%- if cookiecutter.worker == "celery" %}
    init_celery(app, settings.broker_url)
{%- endif %}
    app.register_blueprint(main)
    app.register_blueprint(health)
    app.register_error_handler(HTTPException, _json_error)
    return app


def configure_logging(level: str, log_format: str) -> None:
    """The service's logs and the server's go to stdout through one handler (unless a
    handler is configured already, as under pytest)."""
    if not logging.getLogger().handlers:
        logging.config.dictConfig(logging_config(level, log_format))


def _json_error(error: HTTPException):
    return {"error": error.name, "status": error.code}, error.code
