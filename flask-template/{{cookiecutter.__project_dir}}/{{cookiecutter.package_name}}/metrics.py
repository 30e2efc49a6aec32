{% include shared("observability/metrics.py") %}
