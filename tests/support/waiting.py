"""Waiting for something that takes a while: one polling loop for every test and benchmark."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class WaitTimeout(AssertionError):
    """What `wait_until` raises unless told otherwise: a test failure, with the message."""


def wait_until(
    predicate: Callable[[], T],
    timeout: float,
    interval: float,
    message: str | Callable[[], str],
    error: type[Exception] = WaitTimeout,
    since: float | None = None,
) -> T:
    """Call `predicate` every `interval` seconds until it returns something true, and return that.

    It is asked at least once. An answer still false `timeout` seconds or more after the wait began
    (now, or at `since`: a time.monotonic() taken before the call) raises `error(message)` instead of
    another try. A callable message is made only then, to show the logs or the last answer of that
    moment. An exception from `predicate` ends the wait at once: that is how a caller fails fast
    (a container that exited will never become healthy).
    """
    start = time.monotonic() if since is None else since
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() - start >= timeout:
            raise error(message() if callable(message) else message)
        time.sleep(interval)
