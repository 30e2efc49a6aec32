"""The WSGI application gunicorn serves: `{{ cookiecutter.package_name }}.wsgi:app`."""

from . import create_app

app = create_app()
