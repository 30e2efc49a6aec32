{% include shared("tests/test_logs.py") %}
