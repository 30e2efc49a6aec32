"""Prometheus metrics on a port of their own (METRICS_PORT), summed over every worker.

The server forks its workers, and each counts the requests it serves: the client
library's multiprocess mode keeps every process's values in files of
PROMETHEUS_MULTIPROC_DIR (on the /tmp tmpfs), and the server's parent process,
which serves /metrics, adds them up. With METRICS_PORT unset, none of this is
loaded and requests pay nothing for it.

Each of those values is a write to a shared file, taken under one lock per
process: a request makes two (its histogram's sum and bucket, whose `_count` is
the request count), and the in-flight gauge is sampled once a second instead of
written twice a request.
"""

import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, MutableMapping
from functools import cache
from pathlib import Path

MULTIPROC_DIR = "/tmp/prometheus-metrics"  # noqa: S108 (the container's own tmpfs)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
IN_FLIGHT_SAMPLE_SECONDS = 1.0


def metrics_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    return bool(environ.get("METRICS_PORT"))


def prepare_multiprocess_dir(environ: MutableMapping[str, str] = os.environ) -> None:
    """In the server's parent, before anything imports prometheus_client: an empty
    directory for this run's values (values of an earlier run would add up)."""
    if not metrics_enabled(environ):
        return
    directory = Path(environ.setdefault("PROMETHEUS_MULTIPROC_DIR", MULTIPROC_DIR))
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)


def serve_metrics(environ: Mapping[str, str] = os.environ) -> None:
    """In the server's parent: /metrics on METRICS_PORT, from a thread of its own."""
    if not metrics_enabled(environ):
        return
    from prometheus_client import CollectorRegistry, ProcessCollector, start_http_server

    registry = CollectorRegistry()
    registry.register(_WorkersCollector(environ["PROMETHEUS_MULTIPROC_DIR"]))
    # The parent's own CPU, memory and open files.
    ProcessCollector(registry=registry)
    # All interfaces of the container, like the service; it is a port of its own, which
    # a Service or firewall can keep internal.
    start_http_server(int(environ["METRICS_PORT"]), addr="0.0.0.0", registry=registry)  # noqa: S104


def mark_worker_dead(pid: int) -> None:
    """A worker's in-flight requests end with it; its counts stay in the totals."""
    if metrics_enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


class _WorkersCollector:
    """The workers' values added up, first dropping the live gauges of workers that
    died without the server saying so (granian has no hook for it)."""

    def __init__(self, path: str) -> None:
        from prometheus_client.multiprocess import MultiProcessCollector

        self.path = Path(path)
        self.collector = MultiProcessCollector(None, path)

    def collect(self) -> Iterator:
        from prometheus_client import multiprocess

        for live in self.path.glob("gauge_live*_*.db"):
            pid = int(live.stem.rpartition("_")[2])
            if not _running(pid):
                multiprocess.mark_process_dead(pid, str(self.path))
        return self.collector.collect()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RequestMetrics:
    """Requests by method, route template (never the raw path: one series a route) and
    status, timed in a histogram whose `_count` counts them; and the requests in flight."""

    def __init__(
        self, registry=None, sample_seconds: float | None = IN_FLIGHT_SAMPLE_SECONDS
    ) -> None:
        from prometheus_client import REGISTRY, Gauge, Histogram

        registry = registry or REGISTRY
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer a request; _count is the number of requests.",
            ("method", "route", "status"),
            registry=registry,
        )
        self.in_flight = Gauge(
            "http_requests_in_flight",
            "Requests being answered, as last sampled (every second).",
            multiprocess_mode="livesum",
            registry=registry,
        )
        # Each series' histogram, found once: `labels()` costs more than the observing.
        self._series: dict[tuple[str, str, str], object] = {}
        self.sample_seconds = sample_seconds  # None: only `sample()` sets the gauge
        self._start_afresh()
        # A worker forked from the server's parent starts with no request, no sampler
        # thread (threads do not survive a fork), and a lock no thread holds.
        os.register_at_fork(after_in_child=self._start_afresh)

    def _start_afresh(self) -> None:
        self._lock = threading.Lock()
        self._answering = 0
        self._sampler: threading.Thread | None = None

    def started(self) -> None:
        with self._lock:
            self._answering += 1
            if self._sampler is None and self.sample_seconds is not None:
                # Started by this process's first request: never in a parent that forks.
                self._sampler = threading.Thread(target=self._sample_forever, daemon=True)
                self._sampler.start()

    def finished(self) -> None:
        with self._lock:
            self._answering -= 1

    def sample(self) -> None:
        self.in_flight.set(self._answering)

    def _sample_forever(self) -> None:
        while True:
            self.sample()
            time.sleep(self.sample_seconds)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method if method in METHODS else "other", route, str(status))
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = self.duration.labels(*key)
        series.observe(seconds)


@cache
def request_metrics() -> RequestMetrics | None:
    """This process's request metrics, or None when they are off."""
    return RequestMetrics() if metrics_enabled() else None
