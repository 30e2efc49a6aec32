{% set sentry_integration_module, sentry_integration = "flask", "FlaskIntegration" %}
{%- include shared("observability/errors.py") %}
