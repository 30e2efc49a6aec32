{% if cookiecutter.server == "granian" -%}
CMD ["python", "/app/serve.py"]
{%- else -%}
CMD ["gunicorn", "--config", "gunicorn.conf.py", "{{ wsgi_app }}"]
{%- endif %}
