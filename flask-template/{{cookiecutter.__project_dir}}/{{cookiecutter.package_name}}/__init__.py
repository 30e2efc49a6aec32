"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""

import logging
import sys

from flask import Flask
from werkzeug.exceptions import HTTPException

{% if cookiecutter.worker == "celery" -%}
from .celery_app import init_celery
{% endif -%}
from .config import Settings
{%- if cookiecutter.database == "postgresql" %}
from .db import database_url, init_db
{%- endif %}
from .health import health
from .routes import main


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application; the server imports it once, before forking its workers."""
    settings = settings or Settings.from_env()
{%- if cookiecutter.database == "postgresql" %}
    url = database_url(settings.database_url)  # a bad DATABASE_URL stops the start here
{%- endif %}
    configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config.from_mapping(settings.flask_config())
{%- if cookiecutter.database == "postgresql" %}
    init_db(app, url, settings.readiness_timeout)
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
    init_celery(app, settings.broker_url)
{%- endif %}
    app.register_blueprint(main)
    app.register_blueprint(health)
    app.register_error_handler(HTTPException, _json_error)
    return app


def configure_logging(level: str) -> None:
    """Application logs go to stdout beside the server's, one line each (unless a
    handler is configured already, as under pytest)."""
    logging.basicConfig(
        level=level,
        stream=sys.stdout,
        format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
    )


def _json_error(error: HTTPException):
    return {"error": error.name, "status": error.code}, error.code
