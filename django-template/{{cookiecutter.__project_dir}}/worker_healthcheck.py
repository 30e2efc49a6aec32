{% include shared("worker/worker_healthcheck.py") %}
