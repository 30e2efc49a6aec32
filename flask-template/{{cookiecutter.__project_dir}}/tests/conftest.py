import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import Settings


@pytest.fixture
def app():
    return create_app(Settings(log_level="WARNING"))


@pytest.fixture
def client(app):
    return app.test_client()
