"""The WSGI application gunicorn serves: `config.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Imported once Django is set up: the health checks use the database.
from {{ cookiecutter.package_name }}.health import log_readiness  # noqa: E402
from config.settings import check_serving_settings  # noqa: E402

check_serving_settings()
log_readiness()
