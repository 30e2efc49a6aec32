"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""
{%- if cookiecutter.worker == "celery" %}

# Where `celery -A {{ cookiecutter.package_name }}` finds the Celery app (config/celery.py).
from config.celery import app as celery_app

__all__ = ("celery_app",)
{%- endif %}
