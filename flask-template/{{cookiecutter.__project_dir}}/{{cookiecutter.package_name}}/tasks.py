{% include shared("worker/tasks.py") %}
