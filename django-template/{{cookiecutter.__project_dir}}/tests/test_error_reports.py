{% include shared("tests/test_error_reports.py") %}
