import time

import pytest
from prometheus_client import CollectorRegistry

from {{ cookiecutter.package_name }}.metrics import (
    RequestMetrics,
    metrics_enabled,
    prepare_multiprocess_dir,
)


@pytest.fixture
def metrics():
    registry = CollectorRegistry()
    return RequestMetrics(registry, sample_seconds=None), registry


def test_metrics_are_off_unless_a_port_is_set():
    assert not metrics_enabled({})
    assert metrics_enabled({"METRICS_PORT": "9464"})


def test_requests_are_counted_and_timed_by_route_and_status(metrics):
    recorder, registry = metrics
    recorder.observe("GET", "/invoices/<int:id>", 200, 0.02)
    recorder.observe("GET", "/invoices/<int:id>", 200, 0.3)
    labels = {"method": "GET", "route": "/invoices/<int:id>", "status": "200"}
    assert registry.get_sample_value("http_request_duration_seconds_count", labels) == 2
    fast = {**labels, "le": "0.025"}
    assert registry.get_sample_value("http_request_duration_seconds_bucket", fast) == 1


def test_a_method_the_service_does_not_know_shares_one_series(metrics):
    recorder, registry = metrics
    recorder.observe("BREW", "unmatched", 405, 0.001)
    labels = {"method": "other", "route": "unmatched", "status": "405"}
    assert registry.get_sample_value("http_request_duration_seconds_count", labels) == 1


def test_the_requests_in_flight_are_what_the_last_sample_saw(metrics):
    recorder, registry = metrics
    recorder.started()
    recorder.started()
    recorder.finished()
    assert registry.get_sample_value("http_requests_in_flight") == 0  # not sampled yet
    recorder.sample()
    assert registry.get_sample_value("http_requests_in_flight") == 1


def test_the_first_request_starts_the_sampler_of_its_process():
    registry = CollectorRegistry()
    recorder = RequestMetrics(registry, sample_seconds=0.01)
    recorder.started()
    deadline = time.monotonic() + 5
    while registry.get_sample_value("http_requests_in_flight") != 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert registry.get_sample_value("http_requests_in_flight") == 1
    recorder.finished()


def test_each_start_empties_the_directory_of_the_workers_values(tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    (directory / "counter_123.db").write_bytes(b"from the last run")
    environ = {"METRICS_PORT": "9464", "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    prepare_multiprocess_dir(environ)
    assert directory.is_dir()
    assert not any(directory.iterdir())


def test_without_metrics_no_directory_is_made(tmp_path):
    environ = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    prepare_multiprocess_dir(environ)
    assert not (tmp_path / "metrics").exists()
