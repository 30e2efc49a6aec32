{% set sentry_integration_module, sentry_integration = "django", "DjangoIntegration" %}
{%- include shared("observability/errors.py") %}
