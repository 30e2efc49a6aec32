"""Celery, built by the Flask app factory: tasks run inside an application context, so
they see the app's configuration and extensions as a request does."""

from celery import Celery, Task
from flask import Flask

from .celery_setup import configure, ping_broker
from .health import add_readiness_check


def init_celery(app: Flask, broker_url: str) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask, include=["{{ cookiecutter.package_name }}.tasks"])
    configure(celery, broker_url)
    # The app @shared_task binds to, in the web process as in the worker.
    celery.set_default()
    app.extensions["celery"] = celery
    add_readiness_check(app, "broker", lambda timeout: ping_broker(broker_url, timeout))
    return celery
