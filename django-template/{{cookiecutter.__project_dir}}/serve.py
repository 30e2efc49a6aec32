{% set wsgi_app = "config.wsgi:application" %}
{%- set reload_paths = "/app/config:/app/" ~ cookiecutter.package_name %}
{%- include shared("server/serve.py") %}
