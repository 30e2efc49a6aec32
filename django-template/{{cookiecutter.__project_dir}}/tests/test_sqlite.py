from {{ cookiecutter.package_name }} import health


def test_database_check_passes_on_the_sqlite_database(db):
    assert health.run_checks()["database"] == "ok"
