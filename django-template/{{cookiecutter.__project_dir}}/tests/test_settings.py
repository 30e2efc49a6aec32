import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config import settings as project_settings


def test_serving_without_a_secret_key_fails_and_says_why(monkeypatch):
    monkeypatch.setattr(project_settings, "SECRET_KEY", "")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is not set"):
        project_settings.check_serving_settings()


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_boolean_setting_refuses_other_values(monkeypatch, value):
    monkeypatch.setenv("DJANGO_DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        project_settings.env_bool("DJANGO_DEBUG")


def test_lists_come_comma_separated(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "api.example.com, .example.org")
    assert project_settings.env_list("DJANGO_ALLOWED_HOSTS") == ["api.example.com", ".example.org"]


def test_deployment_checklist_passes_with_production_settings():
    call_command("check", "--deploy", "--fail-level", "WARNING")


def test_collectstatic_writes_hashed_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    css = sorted(p.name for p in (tmp_path / "{{ cookiecutter.package_name }}").iterdir())
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css")]
    assert len(hashed) == 2, css  # site.css and its content-hashed copy
    assert any(name.endswith(".css.gz") for name in css), css
