{% include shared("server/gunicorn.conf.py") %}
