# The base image ships no bytecode and a read-only container cannot write any:
# compile what the server imports at start once, here (it halves the start-up).
{%- if cookiecutter.server == "granian" %}
RUN PYTHONDONTWRITEBYTECODE='' python -c "import {{ app_modules }}, \
        granian.cli, granian.server.mp, granian.wsgi"
{%- else %}
RUN PYTHONDONTWRITEBYTECODE='' python -c "import {{ app_modules }}, \
        gunicorn.app.wsgiapp, gunicorn.arbiter, gunicorn.glogging, gunicorn.workers.sync, \
        gunicorn.workers.gthread"
{%- endif %}
