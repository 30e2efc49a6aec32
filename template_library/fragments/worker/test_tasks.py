def test_ping_runs_on_a_worker_and_returns_pong(worker):
    assert ping.delay().get(timeout=10) == "pong"


def health_check() -> int | str | None:
    """worker_healthcheck.py's exit status: 0, or the message it exits with."""
    try:
        runpy.run_path(str(HEALTH_CHECK), run_name="__main__")
    except SystemExit as exit:
        return exit.code
    return 0


def test_the_health_check_passes_while_the_heartbeat_is_fresh(worker):
    assert health_check() == 0
    stale = time.time() - 60
    os.utime(celery_setup.HEARTBEAT_FILE, (stale, stale))
    assert "last heartbeat 60 s ago" in health_check()
    celery_setup.HEARTBEAT_FILE.touch()


def test_the_health_check_fails_without_a_heartbeat(tmp_path, monkeypatch):
    monkeypatch.setenv("CELERY_HEARTBEAT_FILE", str(tmp_path / "none"))
    assert "no heartbeat yet" in health_check()
