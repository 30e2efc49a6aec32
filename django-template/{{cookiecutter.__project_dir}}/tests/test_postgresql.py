def test_readyz_reports_the_database_down(client, django_db_blocker):
    # tests/settings.py points DATABASE_URL at a port where nothing listens.
    with django_db_blocker.unblock():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("failed: OperationalError")
