"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""

import logging
import sys

from flask import Flask
from werkzeug.exceptions import HTTPException

from .config import Settings
from .health import health
from .routes import main


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application; gunicorn imports it once, before forking its workers."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config.from_mapping(settings.flask_config())
    app.register_blueprint(main)
    app.register_blueprint(health)
    app.register_error_handler(HTTPException, _json_error)
    return app


def configure_logging(level: str) -> None:
    """Application logs go to stdout beside gunicorn's, one line each."""
    logging.basicConfig(
        level=level,
        stream=sys.stdout,
        format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
        force=True,
    )


def _json_error(error: HTTPException):
    return {"error": error.name, "status": error.code}, error.code
