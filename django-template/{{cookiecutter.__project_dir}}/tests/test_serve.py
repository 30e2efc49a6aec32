{% include shared("tests/test_serve.py") %}
