import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery staple"
# What a browser sends with a form POST over HTTPS: Django's CSRF check compares it.
ORIGIN = {"Origin": "https://testserver"}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("ops", "ops@example.com", PASSWORD)


def log_in(browser: Client, password: str = PASSWORD):
    """Log in through the admin's form, as a browser does: the page first, then the POST."""
    page = browser.get(reverse("admin:login"), secure=True)
    # The form's hidden fields: the CSRF token, and where to go next (the admin's index).
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    assert "csrfmiddlewaretoken" in form, page.text
    form |= {"username": "ops", "password": password}
    return browser.post(reverse("admin:login"), form, secure=True, headers=ORIGIN)


def test_the_admin_lives_at_admin_beside_hello_world(client):
    assert reverse("admin:index") == "/admin/"
    assert client.get("/", secure=True).content == b"Hello, World!"


def test_a_superuser_logs_in_and_lists_the_users(superuser):
    browser = Client(enforce_csrf_checks=True)
    response = log_in(browser)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    users = browser.get(reverse("admin:users_user_changelist"), secure=True)
    assert users.status_code == 200
    assert "ops@example.com" in users.text


def test_a_wrong_password_is_refused(superuser):
    response = log_in(Client(enforce_csrf_checks=True), "not the password")
    assert response.status_code == 200  # the form again, with the error
    assert "Please enter the correct username and password" in response.text


def test_a_login_post_without_the_csrf_token_is_refused(superuser):
    form = {"username": "ops", "password": PASSWORD}
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("admin:login"), form, secure=True, headers=ORIGIN)
    assert response.status_code == 403


def test_cookies_are_secure_http_only_and_same_site_lax(superuser):
    browser = Client(enforce_csrf_checks=True)
    response = log_in(browser)
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"], (name, cookie.output())
        assert cookie["httponly"], (name, cookie.output())
        assert cookie["samesite"] == "Lax", (name, cookie.output())


def test_the_admin_moves_to_the_path_of_django_admin_url():
    env = {**os.environ, "DJANGO_ADMIN_URL": "/ops/admin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--command",
         "from django.urls import reverse; print(reverse('admin:index'))"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "/ops/admin/"
