import pytest

from {{ cookiecutter.package_name }}.config import ConfigurationError, Settings
{%- if cookiecutter.worker == "celery" %}

# The one setting without a default: where the Celery broker is.
BROKER = {"REDIS_URL": "redis://redis:6379/0"}


def test_defaults_apply_when_the_environment_holds_only_the_broker():
    assert Settings.from_env(BROKER) == Settings(
        log_level="INFO", readiness_timeout=2.0, broker_url="redis://redis:6379/0"
    )


def test_celery_broker_url_wins_over_redis_url():
    environ = {**BROKER, "CELERY_BROKER_URL": "redis://queue:6379/1"}
    assert Settings.from_env(environ).broker_url == "redis://queue:6379/1"


def test_values_come_from_the_environment():
    settings = Settings.from_env({**BROKER, "LOG_LEVEL": "debug", "READINESS_TIMEOUT": "0.5"})
    assert (settings.log_level, settings.readiness_timeout) == ("DEBUG", 0.5)
{%- else %}


def test_defaults_apply_when_the_environment_is_empty():
    assert Settings.from_env({}) == Settings(log_level="INFO", readiness_timeout=2.0)


def test_values_come_from_the_environment():
    settings = Settings.from_env({"LOG_LEVEL": "debug", "READINESS_TIMEOUT": "0.5"})
    assert (settings.log_level, settings.readiness_timeout) == ("DEBUG", 0.5)
{%- endif %}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL='LOUD' is not a logging level"),
        ({"READINESS_TIMEOUT": "soon"}, "READINESS_TIMEOUT='soon' is not a number"),
        ({"READINESS_TIMEOUT": "0"}, "READINESS_TIMEOUT must be between 0 and 30 seconds"),
{%- if cookiecutter.worker == "celery" %}
        ({}, "REDIS_URL is not set"),
{%- endif %}
    ],
)
def test_bad_values_stop_the_start_with_a_clear_message(environ, message):
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env(environ)
