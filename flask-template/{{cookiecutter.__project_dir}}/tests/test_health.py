from {{ cookiecutter.package_name }}.health import add_readiness_check


def test_healthz_answers_without_checking_dependencies(app, client):
    add_readiness_check(app, "database", lambda timeout: 1 / 0)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_200_when_every_check_passes(app, client):
    seen = []
    app.extensions["readiness_checks"] = {}  # only the check below
    add_readiness_check(app, "cache", seen.append)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"cache": "ok"}}
    assert seen == [2.0], "each check gets the readiness timeout"


def test_readyz_is_503_and_names_the_failed_check(app, client):
    def database(timeout):
        raise ConnectionError("connection refused")

    app.extensions["readiness_checks"] = {}
    add_readiness_check(app, "database", database)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "not ready",
        "checks": {"database": "failed: ConnectionError: connection refused"},
    }
