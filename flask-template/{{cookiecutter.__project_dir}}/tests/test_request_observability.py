import re

import pytest
from prometheus_client import CollectorRegistry

from {{ cookiecutter.package_name }} import create_app, instrumentation
from {{ cookiecutter.package_name }}.logs import request_id
from {{ cookiecutter.package_name }}.metrics import RequestMetrics


@pytest.fixture
def app_with_probe(settings):
    app = create_app(settings)

    @app.get("/request-id")
    def current_request_id():
        return {"request_id": request_id.get()}

    return app


def test_a_well_formed_request_id_is_returned_and_seen_by_the_code_serving_it(app_with_probe):
    response = app_with_probe.test_client().get("/request-id", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert response.json == {"request_id": "abc-123"}


def test_a_malformed_request_id_is_replaced_and_the_replacement_returned(app_with_probe):
    client = app_with_probe.test_client()
    response = client.get("/request-id", headers={"X-Request-ID": "x" * 10_000})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert response.json == {"request_id": response.headers["X-Request-ID"]}


def test_without_a_request_id_each_response_gets_a_new_one(client):
    first, second = (client.get("/").headers["X-Request-ID"] for _ in range(2))
    assert first != second


def test_no_request_id_outlives_its_request(client):
    client.get("/", headers={"X-Request-ID": "abc-123"})
    assert request_id.get() is None


def test_requests_are_counted_by_route_template_and_status(settings, monkeypatch):
    registry = CollectorRegistry()
    metrics = RequestMetrics(registry, sample_seconds=None)
    monkeypatch.setattr(instrumentation, "request_metrics", lambda: metrics)
    client = create_app(settings).test_client()
    client.get("/")
    client.get("/no/such/page")
    client.get("/healthz")

    def requests(route: str, status: str) -> float | None:
        labels = {"method": "GET", "route": route, "status": status}
        return registry.get_sample_value("http_request_duration_seconds_count", labels)

    assert requests("/", "200") == requests("unmatched", "404") == requests("/healthz", "200") == 1
    metrics.sample()
    assert registry.get_sample_value("http_requests_in_flight") == 0
