"""The Celery app, beside the settings as in Celery's guide for Django.

`celery -A {{ cookiecutter.package_name }} worker` (and `beat`) finds it through
{{ cookiecutter.package_name }}/__init__.py, which also loads it wherever Django
starts, so @shared_task binds to it in the web process too. Tasks are found in
the tasks.py of every installed app.
"""

import os

from celery import Celery

from .celery_setup import broker_url, configure

# Before Celery(): its Django fix-up (database connections closed around each task)
# turns itself on when this variable is set.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("{{ cookiecutter.package_name }}")
configure(app, broker_url())
app.autodiscover_tasks()
