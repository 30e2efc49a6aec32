# The base image ships no bytecode and a read-only container cannot write any:
# compile what the server{% if cookiecutter.worker == "celery" %} and the worker import{% else %} imports{% endif %} at start once, here (it halves the start-up), and
# what JSON logs, metrics and error reports import when the environment turns them on.
{%- if cookiecutter.server == "granian" %}
RUN PYTHONDONTWRITEBYTECODE='' python -c "import {{ app_modules }}, \
{%- if cookiecutter.worker == "celery" %}
        celery.bin.celery, celery.apps.worker, celery.apps.beat, celery.worker.consumer, \
        celery.concurrency.prefork, celery.backends.redis, kombu.transport.redis, \
{%- endif %}
        granian.cli, granian.server.mp, granian.wsgi, \
        pythonjsonlogger.json, prometheus_client.multiprocess, sentry_sdk.integrations.logging"
{%- else %}
RUN PYTHONDONTWRITEBYTECODE='' python -c "import {{ app_modules }}, \
{%- if cookiecutter.worker == "celery" %}
        celery.bin.celery, celery.apps.worker, celery.apps.beat, celery.worker.consumer, \
        celery.concurrency.prefork, celery.backends.redis, kombu.transport.redis, \
{%- endif %}
        gunicorn.app.wsgiapp, gunicorn.arbiter, gunicorn.glogging, gunicorn.workers.sync, \
        gunicorn.workers.gthread, \
        pythonjsonlogger.json, prometheus_client.multiprocess, sentry_sdk.integrations.logging"
{%- endif %}
