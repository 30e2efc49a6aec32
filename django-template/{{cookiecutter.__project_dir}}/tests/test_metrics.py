{% include shared("tests/test_metrics.py") %}
