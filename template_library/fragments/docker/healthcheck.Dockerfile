USER 10001:10001
EXPOSE {{ cookiecutter.port }}
# Probed every second until the first success (healthy about a second after the
# start, not a whole interval later), then every 10 s.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --start-interval=1s --retries=3 \
    CMD ["python", "/app/healthcheck.py"]
ENTRYPOINT ["docker-entrypoint.sh"]
