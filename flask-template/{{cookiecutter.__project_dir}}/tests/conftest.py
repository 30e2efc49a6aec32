import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import Settings


@pytest.fixture
def settings():
    return Settings(
        log_level="WARNING",
{%- if cookiecutter.database == "postgresql" %}
        # Nothing listens on port 1: for these tests the database is down.
        database_url="postgresql://app:app@127.0.0.1:1/app",
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
        # And the broker is down (test_tasks.py swaps in an in-memory one).
        broker_url="redis://127.0.0.1:1/0",
{%- endif %}
    )


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()
