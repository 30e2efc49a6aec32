{% set logs_module = cookiecutter.package_name ~ ".logs" %}
{%- include shared("worker/celery_setup.py") %}
