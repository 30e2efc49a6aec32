import subprocess
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.errors import (
    FILTERED,
    ErrorReportsError,
    before_send,
    init_error_reports,
)

PROJECT = Path(__file__).resolve().parents[1]
ENVIRON = {
    "DATABASE_URL": "postgresql://app:hunter2-db@db:5432/app",
    "PAYMENTS_API_KEY": "sk_live_0123456789",
    "SENTRY_DSN": "https://public@o1.ingest.example/1",
    "LOG_LEVEL": "INFO",
}


def test_without_a_dsn_sentry_sdk_is_not_even_imported():
    script = (
        "import sys\n"
        "from {{ cookiecutter.package_name }}.errors import init_error_reports\n"
        "assert not init_error_reports({})\n"
        "print('sentry_sdk' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_reports_lose_every_secret_of_the_environment_wherever_it_appears():
    event = {
        "request": {"env": {"SERVER_NAME": "api", "DATABASE_URL": ENVIRON["DATABASE_URL"]}},
        "exception": {
            "values": [
                {
                    "value": "could not connect to postgresql://app:hunter2-db@db:5432/app",
                    "stacktrace": {"frames": [{"vars": {"key": "'sk_live_0123456789'"}}]},
                }
            ]
        },
    }
    scrubbed = before_send(ENVIRON)(event, {})
    assert scrubbed["request"]["env"] == {"SERVER_NAME": "api"}
    text = repr(scrubbed)
    assert "hunter2-db" not in text
    assert "sk_live_0123456789" not in text
    assert FILTERED in scrubbed["exception"]["values"][0]["value"]
    # What is not secret stays readable.
    assert "could not connect to" in scrubbed["exception"]["values"][0]["value"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SENTRY_SAMPLE_RATE": "most"}, "SENTRY_SAMPLE_RATE='most' is not a number"),
        ({"SENTRY_TRACES_SAMPLE_RATE": "2"}, "SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1"),
    ],
)
def test_a_bad_sample_rate_stops_the_start_with_a_clear_message(environ, message):
    with pytest.raises(ErrorReportsError, match=message):
        init_error_reports({"SENTRY_DSN": ENVIRON["SENTRY_DSN"], **environ})
