import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from {{ cookiecutter.package_name }}.users.models import User


def test_the_user_model_is_the_projects_own():
    assert get_user_model() is User


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    # Fails after a model edit without `python manage.py makemigrations`.
    call_command("makemigrations", "--check", verbosity=0)


def test_createsuperuser_takes_the_account_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ops")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ops@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a passphrase of the ops team")
    call_command("createsuperuser", "--noinput", verbosity=0)
    user = User.objects.get(username="ops")
    assert user.is_superuser
    assert user.is_staff
    assert user.email == "ops@example.com"
    assert user.check_password("a passphrase of the ops team")
