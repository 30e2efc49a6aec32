"""When this machine lacks what a test needs: skip on a developer's machine, fail in CI."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(what: str, in_ci: str) -> NoReturn:
    """Skip for want of `what`; in CI (CI set), where `in_ci` must hold, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}: in CI {in_ci}", pytrace=False)
    pytest.skip(what)
