{% include shared("worker/celery_setup.py") %}
