{% set stage = "pre_gen" %}{% include shared("hooks/hook.py") %}
