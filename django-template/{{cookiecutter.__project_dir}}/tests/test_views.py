def test_index_says_hello_world_in_plain_text(client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response.content == b"Hello, World!"
    assert response["Content-Type"] == "text/plain"


def test_plain_http_is_redirected_to_https(client):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_healthz_answers_over_plain_http_without_touching_the_database(client):
    # No django_db mark: any database access would fail this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_endpoints_answer_probes_by_ip_address_while_other_hosts_are_refused(
    client, settings
):
    settings.ALLOWED_HOSTS = ["api.example.com"]
    probe = {"HTTP_HOST": "10.0.0.7:{{ cookiecutter.port }}"}
    assert client.get("/healthz", **probe).status_code == 200
    assert client.get("/", secure=True, **probe).status_code == 400


def test_readyz_is_200_when_every_check_passes(client, monkeypatch):
    from {{ cookiecutter.package_name }} import health

    monkeypatch.setattr(health, "CHECKS", {"database": lambda: None})
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_is_503_and_names_what_failed(client, django_db_blocker, monkeypatch):
    from {{ cookiecutter.package_name }} import health

    def database():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", database)
    with django_db_blocker.unblock():
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "failed: ConnectionError: connection refused"
