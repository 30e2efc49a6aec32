import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.logs import accept_request_id

PROJECT = Path(__file__).resolve().parents[1]
# Logs as the service writes them, in a process of their own (pytest captures this one's).
SCRIPT = """
import logging, logging.config, sys
from {{ cookiecutter.package_name }}.logs import logging_config, request_id
logging.config.dictConfig(logging_config("INFO", sys.argv[1]))
log = logging.getLogger("{{ cookiecutter.package_name }}")
log.info("outside a request")
request_id.set(sys.argv[2])
try:
    raise ValueError("no such invoice")
except ValueError:
    log.exception("failed")
log.warning(sys.argv[3])
logging.getLogger("gunicorn.access").info("GET / 200")
"""
INJECTION = 'paid"}, "level": "CRITICAL", "x": {"\nforged line'


def logged(log_format: str, request_id: str = "r-1", message: str = "done") -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, log_format, request_id, message],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert not result.stderr, result.stderr
    return result.stdout.splitlines()


def test_json_logs_are_one_object_a_line_with_time_level_logger_and_message():
    lines = [json.loads(line) for line in logged("json")]
    assert len(lines) == 4, lines  # the traceback is a field, not lines of its own
    first = lines[0]
    assert (first["level"], first["logger"], first["message"]) == (
        "INFO", "{{ cookiecutter.package_name }}", "outside a request"
    )  # fmt: skip
    stamp = datetime.fromisoformat(first["timestamp"])
    assert stamp.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=1)


def test_json_logs_carry_the_exception_as_a_field():
    failed = json.loads(logged("json")[1])
    assert failed["message"] == "failed"
    assert failed["exception"].startswith("Traceback (most recent call last):")
    assert failed["exception"].endswith("ValueError: no such invoice")


def test_lines_written_during_a_request_carry_its_id_and_others_none():
    lines = [json.loads(line) for line in logged("json", request_id="req-42")]
    assert "request_id" not in lines[0]
    assert [line["request_id"] for line in lines[1:]] == ["req-42"] * 3


def test_the_servers_access_log_goes_through_the_same_json_handler():
    access = json.loads(logged("json")[3])
    assert (access["logger"], access["message"]) == ("gunicorn.access", "GET / 200")


def test_a_json_fragment_or_newline_in_a_message_stays_inside_its_field():
    lines = logged("json", message=INJECTION)
    assert len(lines) == 4, lines
    warning = json.loads(lines[2])
    assert (warning["level"], warning["message"]) == ("WARNING", INJECTION)
    assert "x" not in warning


def test_text_logs_show_the_request_id_in_brackets():
    lines = logged("text", request_id="req-42")
    assert re.search(r"\[INFO\] \[-\] {{ cookiecutter.package_name }}: outside a request$", lines[0])
    assert "[ERROR] [req-42] {{ cookiecutter.package_name }}: failed" in lines[1]


@pytest.mark.parametrize("header", ["4bf92f3577b34da6", "web-01.req_7", "a" * 128])
def test_a_well_formed_request_id_is_kept(header):
    assert accept_request_id(header) == header


MALFORMED = [None, "", "a" * 129, "x" * 10_000, "id\nforged", 'id", "level": "x', "a b", "idé"]


@pytest.mark.parametrize("header", MALFORMED)
def test_any_other_request_id_is_replaced_by_a_new_one(header):
    replaced = accept_request_id(header)
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)
    assert replaced != accept_request_id(header)  # a new one each time
