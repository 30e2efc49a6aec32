"""What `celery -A {{ cookiecutter.package_name }} worker` (and `beat`) loads: the Celery app
of an application the factory built."""

from . import create_app

app = create_app().extensions["celery"]
