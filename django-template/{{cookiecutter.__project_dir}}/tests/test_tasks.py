import logging
import os
import runpy
import time
from pathlib import Path

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker

{# In the order ruff's isort wants, which depends on the package's name. -#}
{% set imports = [
    "from config import celery_setup",
    "from config.celery import app",
    "from " ~ cookiecutter.package_name ~ ".logs import request_id",
    "from " ~ cookiecutter.package_name ~ ".tasks import ping",
] -%}
{% for line in imports | sort -%}
{{ line }}
{% endfor %}
HEALTH_CHECK = Path(__file__).parents[1] / "worker_healthcheck.py"


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    """A real worker in a thread, on an in-memory broker (no Redis), shared by the module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.conf, "broker_url", "memory://")
        patch.setitem(app.conf, "result_backend", "cache+memory://")
        patch.setitem(app.conf, "broker_transport_options", {"polling_interval": 0.1})
        heartbeat = tmp_path_factory.mktemp("worker") / "heartbeat"
        patch.setattr(celery_setup, "HEARTBEAT_FILE", heartbeat)
        patch.setenv("CELERY_HEARTBEAT_FILE", str(heartbeat))
        with start_worker(app, perform_ping_check=False):
            yield app


def test_readyz_reports_the_broker_down(client, django_db_blocker):
    # tests/settings.py points REDIS_URL at a port where nothing listens.
    with django_db_blocker.unblock():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("failed: ConnectionError")


{% include shared("worker/test_tasks.py") %}
