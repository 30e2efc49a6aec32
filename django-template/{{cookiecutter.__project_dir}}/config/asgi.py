"""The ASGI application, for an ASGI server instead of the WSGI one: `config.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# As in wsgi.py: serving, unlike management commands, requires the secret.
from config.settings import check_serving_settings  # noqa: E402

check_serving_settings()
