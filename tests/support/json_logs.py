"""A container's output read as JSON log lines (LOG_FORMAT=json)."""

from __future__ import annotations

import json

import pytest

FIELDS = {"timestamp", "level", "logger", "message"}  # on every line


def json_records(output: str) -> list[dict]:
    """Every non-empty line as a JSON object; the test fails on the first line that is not
    one, or that lacks a field every line has."""
    records = []
    for line in output.splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {line!r}")
        if missing := FIELDS - set(record):
            pytest.fail(f"a line without {sorted(missing)}: {line!r}")
        records.append(record)
    return records
