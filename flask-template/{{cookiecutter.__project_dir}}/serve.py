{% set wsgi_app = cookiecutter.package_name ~ ".wsgi:app" %}
{%- set reload_paths = "/app/" ~ cookiecutter.package_name %}
{%- include shared("server/serve.py") %}
