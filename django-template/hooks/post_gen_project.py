{% set stage = "post_gen" %}{% include shared("hooks/hook.py") %}
