"""The WSGI application the HTTP server serves: `config.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Checked here, where the service starts to serve, and not in settings.py:
# management commands such as `collectstatic` at image build need no secret.
from config.settings import check_serving_settings  # noqa: E402

check_serving_settings()

# Imported once Django is set up: the readiness checks use the database.
from {{ cookiecutter.package_name }}.health import log_readiness  # noqa: E402

log_readiness()
