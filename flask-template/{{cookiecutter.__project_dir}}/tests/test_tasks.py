import logging
import os
import runpy
import time
from pathlib import Path

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from flask import current_app

from {{ cookiecutter.package_name }} import celery_setup, create_app
from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.logs import request_id
from {{ cookiecutter.package_name }}.tasks import ping

HEALTH_CHECK = Path(__file__).parents[1] / "worker_healthcheck.py"


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    """A real worker in a thread, on an in-memory broker (no Redis), shared by the module."""
{%- if cookiecutter.database == "postgresql" %}
    # The database is down, as in conftest.py: no task here uses it.
    down = "postgresql://app:app@127.0.0.1:1/app"
    app = create_app(Settings(log_level="WARNING", broker_url="memory://", database_url=down))
{%- else %}
    app = create_app(Settings(log_level="WARNING", broker_url="memory://"))
{%- endif %}
    celery = app.extensions["celery"]
    celery.conf.update(
        result_backend="cache+memory://", broker_transport_options={"polling_interval": 0.1}
    )
    with pytest.MonkeyPatch.context() as patch:
        heartbeat = tmp_path_factory.mktemp("worker") / "heartbeat"
        patch.setattr(celery_setup, "HEARTBEAT_FILE", heartbeat)
        patch.setenv("CELERY_HEARTBEAT_FILE", str(heartbeat))
        with start_worker(celery, perform_ping_check=False):
            yield app


def test_readyz_reports_the_broker_down(client):
    # conftest.py points the broker at a port where nothing listens.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["broker"].startswith("failed: ConnectionError")


@shared_task
def app_name() -> str:
    return current_app.name


def test_tasks_run_in_the_application_context(worker):
    assert app_name.delay().get(timeout=10) == worker.name


{% include shared("worker/test_tasks.py") %}
