{% set logs_module = ".logs" %}
{%- include shared("worker/celery_setup.py") %}
