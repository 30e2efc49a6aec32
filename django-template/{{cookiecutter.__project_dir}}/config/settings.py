"""Settings of {{ cookiecutter.project_name }}, read from the environment.

Production is the default: DJANGO_DEBUG is off unless set, and serving then
requires DJANGO_SECRET_KEY (see `check_serving_settings`). Building the image
(`collectstatic`) needs neither a secret nor a database.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from {{ cookiecutter.package_name }}.errors import init_error_reports
from {{ cookiecutter.package_name }}.logs import LOG_FORMATS, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1 or 0")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_url_prefix(name: str, default: str) -> str:
    """A path such as `admin/` or `ops/admin/`: segments of plain characters, one trailing slash."""
    value = os.environ.get(name, "").strip() or default
    prefix = value.strip("/")
    # Never empty: `/` answers "Hello, World!". No `<` either, which would start a converter.
    if not re.fullmatch(r"[\w.~-]+(/[\w.~-]+)*", prefix, re.ASCII):
        raise ImproperlyConfigured(f"{name}={value!r} is not a URL path like admin/ or ops/admin/")
    return prefix + "/"


DEBUG = env_bool("DJANGO_DEBUG")
# In debug mode without a key, a random one per process: sessions do not
# survive a restart, and no fixed insecure key exists anywhere.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or (get_random_secret_key() if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
ADMIN_URL = env_url_prefix("DJANGO_ADMIN_URL", "admin/")


def check_serving_settings() -> None:
    """Fail the start of a server, with the reason, when a required setting is missing."""
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set; it is required whenever DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if SECRET_KEY.startswith("change-me"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is still the placeholder of .env.example; "
            "set a random one: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
{%- if cookiecutter.database == "postgresql" %}
    if not os.environ.get("DATABASE_URL"):
        raise ImproperlyConfigured(
            "DATABASE_URL is not set; use postgresql://USER:PASSWORD@HOST:5432/DATABASE"
        )
{%- endif %}
{%- if cookiecutter.cache == "redis" %}
    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("REDIS_URL is not set; use redis://HOST:6379/0")
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
    if not (os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")):
        raise ImproperlyConfigured(
            "REDIS_URL is not set (nor CELERY_BROKER_URL); the Celery broker: redis://HOST:6379/0"
        )
{%- endif %}


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "{{ cookiecutter.package_name }}",
    "{{ cookiecutter.package_name }}.users",
]
# The project's own user model from the first migration on: it cannot be swapped later.
AUTH_USER_MODEL = "users.User"

MIDDLEWARE = [
    # Every request, probes included, gets an ID and is counted (METRICS_PORT).
    "{{ cookiecutter.package_name }}.middleware.RequestIdMiddleware",
    "{{ cookiecutter.package_name }}.middleware.MetricsMiddleware",
    # Then probes get their answer before the HTTPS redirect and the host check.
    "{{ cookiecutter.package_name }}.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

{%- if cookiecutter.database == "postgresql" %}

# PostgreSQL from DATABASE_URL, through psycopg 3. Connections persist for
# DJANGO_CONN_MAX_AGE seconds and are checked before reuse, so a database
# restart costs no failed request.
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DJANGO_DB_CONNECT_TIMEOUT", 2
    )
{%- else %}

# SQLite by default: the image points DATABASE_URL at the /data volume, so the
# root filesystem stays read-only; outside the image the file sits beside
# manage.py. Any DATABASE_URL dj-database-url reads works, PostgreSQL included
# (add psycopg to requirements.in): connections then persist for
# DJANGO_CONN_MAX_AGE seconds and are checked before reuse.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", default=True),
    )
}
{%- endif %}
{%- if cookiecutter.cache == "redis" %}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        # Bounded waits: a Redis outage slows no request for long.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
{%- endif %}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Collected into the image at build time and served by WhiteNoise, with
# content-hashed names that browsers may cache for ever.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS, terminated by a proxy in front of the container: plain HTTP is
# redirected, except the health endpoints (HealthCheckMiddleware answers them
# first), which Docker and orchestrators probe over plain HTTP. Behind a proxy,
# DJANGO_SECURE_PROXY_SSL_HEADER=1 tells Django the request came over HTTPS;
# without it every request would be redirected to itself.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets this header on every request it forwards.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies (session, CSRF, messages) go over HTTPS only, out of reach of scripts, and
# not with cross-site POSTs. Django's forms and the admin send the CSRF token in the
# page, so the cookie needs no script: JavaScript reads the csrfmiddlewaretoken field.
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Preloading is a commitment for the whole domain that only its owner can make:
# opt in with DJANGO_SECURE_HSTS_PRELOAD=1, which also re-enables this check.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower() or "text"
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of {', '.join(LOG_FORMATS)}")
# Django's records go through the one handler of the service and the server, too.
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO").upper(), LOG_FORMAT, ("django",))

# SENTRY_DSN set: errors are reported (README: Observability).
init_error_reports()
