"""A bounded load generator for tests: loopback only, fixed duration, stops by itself."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .http import LOOPBACK, PROXY_HEADERS

MAX_SECONDS = 20.0


@dataclass
class LoadResult:
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")

    def summary(self) -> str:
        return (
            f"{self.requests} requests in {self.seconds:.1f} s ({self.per_second:.0f}/s), "
            f"p50 {self.percentile(0.5) * 1000:.1f} ms, p99 {self.percentile(0.99) * 1000:.1f} ms, "
            f"statuses {dict(self.statuses)}, errors {dict(self.errors)}"
        )


def _worker(url: str, deadline: float, stop: threading.Event, result: LoadResult, lock: threading.Lock):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    statuses, errors, latencies = Counter(), Counter(), []
    while time.monotonic() < deadline and not stop.is_set():
        start = time.perf_counter()
        try:
            connection.request("GET", parts.path or "/", headers=PROXY_HEADERS)
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
            latencies.append(time.perf_counter() - start)
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            errors[type(error).__name__] += 1
            connection.close()
    connection.close()
    with lock:
        result.statuses.update(statuses)
        result.errors.update(errors)
        result.latencies.extend(latencies)


def run_load(url: str, connections: int = 32, seconds: float = 5.0, stop: threading.Event | None = None):
    """GET `url` over `connections` keep-alive clients for `seconds` (or until `stop`)."""
    if urlsplit(url).hostname not in LOOPBACK:
        raise ValueError("load goes to loopback only")
    seconds = min(seconds, MAX_SECONDS)
    stop = stop or threading.Event()
    result, lock = LoadResult(), threading.Lock()
    start = time.monotonic()
    threads = [
        threading.Thread(target=_worker, args=(url, start + seconds, stop, result, lock), daemon=True)
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 15)
    result.seconds = time.monotonic() - start
    return result
