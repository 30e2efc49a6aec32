{% include shared("gunicorn.conf.py") %}
