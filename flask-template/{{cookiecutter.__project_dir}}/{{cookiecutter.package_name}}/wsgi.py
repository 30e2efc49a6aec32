"""The WSGI application the HTTP server serves: `{{ cookiecutter.package_name }}.wsgi:app`."""

from . import create_app

app = create_app()
