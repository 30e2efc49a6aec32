from pathlib import Path

import pytest
from granian.cli import cli

import serve


@pytest.fixture
def defaults(monkeypatch):
    monkeypatch.setattr(serve, "_usable_cpus", lambda: 2)
    return serve.defaults({})


def test_every_default_names_an_option_granian_has(defaults):
    # A misspelt GRANIAN_* variable would be ignored without a word.
    options = {param.name for param in cli.params}
    assert {name.removeprefix("GRANIAN_").lower() for name in defaults} <= options


def test_granian_accepts_every_default_value(monkeypatch, defaults):
    for name, value in defaults.items():
        # Granian checks that the reload paths exist: /app is the image's project root.
        monkeypatch.setenv(name, value.replace("/app/", f"{Path.cwd()}/"))
    context = cli.make_context("granian", [serve.APP], auto_envvar_prefix="GRANIAN")
    assert context.params["workers"] == 2
    assert context.params["http1_header_read_timeout"] == 5000
    assert context.params["respawn_failed_workers"] is True


def test_port_and_web_concurrency_set_granian_port_and_workers(monkeypatch):
    monkeypatch.setattr(serve, "_usable_cpus", lambda: 2)
    settings = serve.defaults({"PORT": "9000", "WEB_CONCURRENCY": "5", "LOG_LEVEL": "WARNING"})
    assert (settings["GRANIAN_PORT"], settings["GRANIAN_WORKERS"]) == ("9000", "5")
    assert settings["GRANIAN_LOG_LEVEL"] == "warning"


def test_workers_are_capped_on_a_large_host(monkeypatch):
    monkeypatch.setattr(serve, "_usable_cpus", lambda: 64)
    assert serve.defaults({})["GRANIAN_WORKERS"] == "8"
