{% include shared("observability/logs.py") %}
