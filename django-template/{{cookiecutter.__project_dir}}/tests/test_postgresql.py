from django.db import connections

from {{ cookiecutter.package_name }} import health


def test_readyz_reports_the_database_down(client, django_db_blocker, monkeypatch):
    # tests/settings.py points the "unreachable" database at a port where nothing listens.
    monkeypatch.setattr(health, "connection", connections["unreachable"])
    with django_db_blocker.unblock():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("failed: OperationalError")
