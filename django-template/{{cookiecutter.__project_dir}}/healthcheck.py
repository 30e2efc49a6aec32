{% include shared("healthcheck.py") %}
