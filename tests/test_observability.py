"""Docker tier: what operators see of a hardened container, each read with a real client:
JSON logs with request IDs, error reports at a Sentry ingest, and metrics summed over
every worker. Once per server of each template: the glue differs by server and framework."""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from support.docker import HARDENED
from support.http import raw_get
from support.json_logs import json_records
from support.ports import free_port
from support.sentry_ingest import SentryIngest
from support.variants import first_with_each
from support.waiting import wait_until

pytestmark = pytest.mark.docker
VARIANTS = first_with_each("server")
NEW_REQUEST_ID = re.compile(r"[0-9a-f]{32}")
BAD_REQUEST_IDS = {
    "10 kB": b"X-Request-ID: " + b"a" * 10_000 + b"\r\n",
    "JSON fragment": b'X-Request-ID: id", "level": "CRITICAL", "forged": "1\r\n',
    "folded onto a new line": b'X-Request-ID: id\r\n {"level": "CRITICAL"}\r\n',
    "spaces and quotes": b"X-Request-ID: id' OR '1'='1\r\n",
}
SECRET = "sk_live_do-not-report-0123456789"  # noqa: S105 (a test's own)
# What the image holds secret, besides: the Django key, credentials in URLs.
SECRET_SETTINGS = ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL")


@pytest.fixture
def failing(runner, bake, tmp_path):
    """failing(variant) -> Docker options that add `/fail` to the variant's image."""

    def _failing(variant) -> tuple[str, ...]:
        baked = bake(variant)
        return runner(variant).failing_route(baked.path, baked.package, tmp_path)

    return _failing


def start(engine, runner, image, failing, variant, env):
    """The variant's image, hardened, with `/fail`; returns it healthy, and its whole environment."""
    profile = runner(variant)
    env = {**profile.env(), **env}
    options = (*HARDENED, *failing(variant))
    container = profile.start(engine, image(variant).tag, env=env, options=options)
    container.wait_healthy()
    return container, env


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_every_log_line_is_json_and_request_ids_are_kept_replaced_and_propagated(
    engine, runner, image, failing, variant
):
    env = {"LOG_FORMAT": "json", **runner(variant).server.access_log}
    container, _ = start(engine, runner, image, failing, variant, env)

    assert container.get("/", headers={"X-Request-ID": "obs-ok-1"}).headers["x-request-id"] == "obs-ok-1"
    failed = container.get("/fail", headers={"X-Request-ID": "obs-fail-1"})
    assert (failed.status, failed.headers["x-request-id"]) == (500, "obs-fail-1")
    for name, header in BAD_REQUEST_IDS.items():
        response = raw_get(container.port, "/fail", header)
        # The server may refuse the request itself; what reaches the service gets a new ID.
        if response.status == 500:
            assert NEW_REQUEST_ID.fullmatch(response.headers["x-request-id"]), name
        else:
            assert response.status in (400, 431), (name, response.status)
    container.stop()

    records = json_records(container.logs())
    # Nothing a client sent became a field, or a request ID.
    assert not [r for r in records if r["level"] == "CRITICAL" or "forged" in r], records
    ids = {r["request_id"] for r in records if "request_id" in r}
    assert all(re.fullmatch(r"[A-Za-z0-9._-]{1,128}", i) for i in ids), ids
    # The failing request's lines, the view's own and the framework's report, carry its ID.
    of_failure = [r for r in records if r.get("request_id") == "obs-fail-1"]
    assert any(r["message"] == "about to fail" for r in of_failure), records
    errors = [r for r in of_failure if r["level"] == "ERROR"]
    assert errors and "RuntimeError: the test's failure" in errors[0]["exception"], records
    # The server's own lines and its access log went through the same handler.
    server_logger = {"granian": "_granian", "gunicorn": "gunicorn.error"}[variant.extra_context["server"]]
    loggers = {r["logger"] for r in records}
    assert server_logger in loggers, loggers
    assert loggers & {"granian.access", "gunicorn.access"}, loggers


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_an_error_reaches_sentry_within_5_s_with_its_release_and_no_secret_or_credential(
    engine, runner, image, failing, variant
):
    ingest = SentryIngest()
    try:
        env = {
            "SENTRY_DSN": ingest.dsn,
            "SENTRY_ENVIRONMENT": "obs-test",
            "SENTRY_RELEASE": "billing-api@1.2.3",
            "PAYMENTS_API_KEY": SECRET,
        }
        container, env = start(engine, runner, image, failing, variant, env)
        cookie, authorization = "session=cookie-value-9f8e7d", "Bearer token-value-6c5b4a"
        response = container.get("/fail", headers={"Cookie": cookie, "Authorization": authorization})
        assert response.status == 500
        sent = time.monotonic()

        event = ingest.wait_for_event(timeout=5)
        print(f"{variant.id}: event at the ingest {time.monotonic() - sent:.2f} s after the response")
        assert event["exception"]["values"][-1]["type"] == "RuntimeError"
        assert (event["environment"], event["release"]) == ("obs-test", "billing-api@1.2.3")
        everything = b"\n".join(ingest.envelopes).decode()
        secrets = [SECRET, "cookie-value-9f8e7d", "token-value-6c5b4a"]
        secrets += [value for name, value in env.items() if name in SECRET_SETTINGS]
        leaked = [s for s in secrets if s in everything]
        assert not leaked, leaked
    finally:
        ingest.close()


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_metrics_count_every_request_across_workers_on_their_own_port(
    engine, runner, image, failing, variant
):
    metrics_port, requests = free_port(), 120
    env = {"METRICS_PORT": str(metrics_port), "WEB_CONCURRENCY": "2"}
    container, _ = start(engine, runner, image, failing, variant, env)

    def hello(_):
        return container.get("/").status

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(hello, range(requests))) == {200}
    assert container.get("/metrics").status == 404, "metrics must not be on the public port"

    samples = scrape(container, metrics_port)
    route = {"method": "GET", "route": "/", "status": "200"}
    buckets = sorted(
        (float(s["labels"]["le"]), s["value"])
        for s in samples
        if s["name"] == "http_request_duration_seconds_bucket"
        and {k: v for k, v in s["labels"].items() if k != "le"} == route
    )
    counts = [count for _, count in buckets]
    assert counts == sorted(counts), buckets  # cumulative
    assert buckets[-1] == (float("inf"), requests)
    assert value(samples, "http_request_duration_seconds_count", route) == requests
    assert value(samples, "http_request_duration_seconds_sum", route) > 0
    assert value(samples, "process_resident_memory_bytes", {}) > 0
    # Every worker served some of them: the totals are sums over processes.
    workers = container.exec("sh", "-c", "ls /tmp/prometheus-metrics | grep -c '^histogram_'").stdout
    assert int(workers) == 2, workers

    # Each worker samples its requests in flight every second: none, once they are answered.
    def in_flight() -> float:
        return value(scrape(container, metrics_port), "http_requests_in_flight", {})

    wait_until(lambda: in_flight() == 0, 5, 0.5, lambda: f"{in_flight()} requests still in flight")


def value(samples: list[dict], name: str, labels: dict) -> float:
    [match] = [s["value"] for s in samples if s["name"] == name and s["labels"] == labels]
    return match


# Run in the container, with the service's own prometheus_client and its text parser.
SCRAPE = """
import json, sys, urllib.request
from prometheus_client.parser import text_string_to_metric_families
text = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=5).read().decode()
print(json.dumps([
    {"name": s.name, "labels": s.labels, "value": s.value}
    for family in text_string_to_metric_families(text) for s in family.samples
]))
"""


def scrape(container, port: int) -> list[dict]:
    return json.loads(container.exec("python", "-c", SCRAPE, str(port)).stdout)
