import re

from django.http import HttpResponse
from django.test import RequestFactory
from prometheus_client import CollectorRegistry

from {{ cookiecutter.package_name }} import middleware
from {{ cookiecutter.package_name }}.logs import request_id
from {{ cookiecutter.package_name }}.metrics import RequestMetrics


def test_a_well_formed_request_id_is_returned(client):
    response = client.get("/", secure=True, headers={"X-Request-ID": "abc-123"})
    assert response["X-Request-ID"] == "abc-123"


def test_a_malformed_request_id_is_replaced_and_the_replacement_returned(client):
    response = client.get("/", secure=True, headers={"X-Request-ID": 'id", "level": "CRITICAL'})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_probes_get_a_request_id_too(client):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz")["X-Request-ID"])


def test_the_code_serving_a_request_sees_its_id_and_no_id_outlives_it():
    seen = []

    def view(request):
        seen.append(request_id.get())
        return HttpResponse()

    request = RequestFactory().get("/", headers={"X-Request-ID": "abc-123"})
    middleware.RequestIdMiddleware(view)(request)
    assert seen == ["abc-123"]
    assert request_id.get() is None


def test_requests_are_counted_by_route_pattern_and_status(client, monkeypatch):
    registry = CollectorRegistry()
    metrics = RequestMetrics(registry, sample_seconds=None)
    monkeypatch.setattr(middleware, "request_metrics", lambda: metrics)
    client.get("/", secure=True)
    client.get("/no/such/page", secure=True)
    client.get("/healthz")

    def requests(route: str, status: str) -> float | None:
        labels = {"method": "GET", "route": route, "status": status}
        return registry.get_sample_value("http_request_duration_seconds_count", labels)

    assert requests("/", "200") == requests("unmatched", "404") == requests("/healthz", "200") == 1
    metrics.sample()
    assert registry.get_sample_value("http_requests_in_flight") == 0
