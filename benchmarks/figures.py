"""The benchmarks' figures as typed records: what one run measures, and its spread over runs."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Load:
    """One load: `connections` keep-alive clients for a few seconds against GET /."""

    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class ImageRun:
    """One image of one template, built, started, loaded and stopped once."""

    cold_build_s: float
    warm_rebuild_s: float  # after a one-line edit of the views
    image_mib: float
    overhead_mib: float  # over the base image
    packages_mib: float  # the Python packages the image adds to its base
    first_200_s: float  # from `docker run` to the first 200 of GET /
    healthy_s: float | None  # from `docker run` to healthy; None: the image has no HEALTHCHECK
    idle_mib: float
    load_1: Load
    load_32: Load
    after_load_mib: float
    # The smallest count of 1, 2, 4 ... SLOW_LIMIT (measure.py) slow header connections
    # that stopped /healthz for a second or more; None: none of them did.
    slow_stop: int | None
    stop_s: float
    exit_code: int  # on `docker stop`


@dataclass(frozen=True)
class Timing:
    """How long a run of the benchmarks measures each figure."""

    seconds: float  # each load
    # Each count of slow connections is held this long: past a probe's 1 s timeout, within
    # granian's 5 s header timeout (which would free them and restart the count).
    slow_seconds: float
    slow_limit: int  # the most slow connections tried
    stop_grace: int  # what `docker stop` gives an image that ignores SIGTERM (the seed-style one)


@dataclass(frozen=True)
class BakeRun:
    """One bake of one template each way: from the vetted lock offline, and resolved afresh."""

    offline_s: float
    fresh_s: float | None  # None: not measured (--quick)


@dataclass(frozen=True)
class SettingRun:
    """One server setting of the tuning comparison, loaded once."""

    load: Load
    idle_mib: float


@dataclass(frozen=True)
class Spread:
    """A figure over several runs."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread | None:
        return cls(statistics.median(values), min(values), max(values)) if values else None


@dataclass(frozen=True)
class TemplateRuns:
    """Every run of one template: each recipe's images (by recipe name) and the default bakes."""

    images: dict[str, list[ImageRun]]
    bakes: list[BakeRun]
