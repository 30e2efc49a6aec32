def test_readyz_reports_the_cache_down(client, django_db_blocker):
    # tests/settings.py points REDIS_URL at a port where nothing listens.
    with django_db_blocker.unblock():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("failed: ConnectionError")
