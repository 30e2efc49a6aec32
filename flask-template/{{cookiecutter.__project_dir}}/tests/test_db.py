import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import ConfigurationError, Settings
from {{ cookiecutter.package_name }}.db import database_url


def test_database_url_comes_from_the_environment():
    url = "postgresql://app:secret@db:5432/app"
{%- if cookiecutter.worker == "celery" %}
    environ = {"DATABASE_URL": url, "REDIS_URL": "redis://redis:6379/0"}
    assert Settings.from_env(environ).database_url == url
{%- else %}
    assert Settings.from_env({"DATABASE_URL": url}).database_url == url
{%- endif %}


def test_postgresql_urls_use_psycopg_3():
    url = database_url("postgresql://app:secret@db:5432/app")
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database) == ("db", 5432, "app")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "DATABASE_URL is not set"),
        ("not a url", "DATABASE_URL is not a valid database URL"),
        ("sqlite:///app.db", "DATABASE_URL must be postgresql://"),
        ("postgresql://app:secret@db:5432", "DATABASE_URL must be postgresql://"),
    ],
)
def test_a_missing_or_malformed_url_stops_the_start_without_showing_it(raw, message):
    with pytest.raises(ConfigurationError, match=message) as error:
        create_app(Settings(database_url=raw))
    assert "secret" not in str(error.value)


def test_service_starts_while_the_database_is_down_and_reports_not_ready(caplog, settings):
    client = create_app(settings).test_client()
    assert "database not reachable at start-up" in caplog.text
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"].startswith("failed: OperationalError")
