import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config import settings as project_settings

PROJECT = django_settings.BASE_DIR


def python_without_a_secret(*args: str) -> subprocess.CompletedProcess:
    """Run Python in the project as the image would, with no DJANGO_SECRET_KEY set."""
    unset = {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
    env = {name: value for name, value in os.environ.items() if name not in unset}
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )


def test_serving_without_a_secret_key_fails_and_says_why():
    result = python_without_a_secret("-c", "import config.wsgi")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr, result.stderr


def test_the_placeholder_secret_of_the_example_env_file_is_refused(monkeypatch):
    monkeypatch.setattr(project_settings, "SECRET_KEY", "change-me-to-50-random-characters")
    with pytest.raises(ImproperlyConfigured, match="placeholder"):
        project_settings.check_serving_settings()


def test_management_commands_run_without_a_secret_key():
    # The image build runs collectstatic with no secret: none may be baked into a layer.
    result = python_without_a_secret("manage.py", "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_boolean_setting_refuses_other_values(monkeypatch, value):
    monkeypatch.setenv("DJANGO_DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        project_settings.env_bool("DJANGO_DEBUG")


@pytest.mark.parametrize(("value", "prefix"), [("", "admin/"), ("/ops/admin", "ops/admin/")])
def test_the_admin_path_takes_one_trailing_slash(monkeypatch, value, prefix):
    monkeypatch.setenv("DJANGO_ADMIN_URL", value)
    assert project_settings.env_url_prefix("DJANGO_ADMIN_URL", "admin/") == prefix


@pytest.mark.parametrize("value", ["/", "admin/<int:id>", "back office/"])
def test_an_admin_path_that_is_empty_or_not_plain_is_refused(monkeypatch, value):
    # An empty one would take `/` from "Hello, World!"; `<` would start a path converter.
    monkeypatch.setenv("DJANGO_ADMIN_URL", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ADMIN_URL"):
        project_settings.env_url_prefix("DJANGO_ADMIN_URL", "admin/")


def test_lists_come_comma_separated(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "api.example.com, .example.org")
    assert project_settings.env_list("DJANGO_ALLOWED_HOSTS") == ["api.example.com", ".example.org"]


def test_deployment_checklist_passes_with_production_settings():
    call_command("check", "--deploy", "--fail-level", "WARNING")


def test_collectstatic_writes_hashed_compressed_files(settings, tmp_path):
    settings.STORAGES = project_settings.STORAGES  # the image's, not the tests' (tests/settings.py)
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    css = sorted(p.name for p in (tmp_path / "{{ cookiecutter.package_name }}").iterdir())
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css")]
    assert len(hashed) == 2, css  # site.css and its content-hashed copy
    assert any(name.endswith(".css.gz") for name in css), css
