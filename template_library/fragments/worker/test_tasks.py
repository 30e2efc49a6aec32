def test_ping_runs_on_a_worker_and_returns_pong(worker):
    assert ping.delay().get(timeout=10) == "pong"


@shared_task
def current_request_id() -> str | None:
    return request_id.get()


def test_a_task_runs_with_the_request_id_of_the_request_that_queued_it(worker):
    token = request_id.set("request-that-queued-1")
    try:
        queued = current_request_id.delay()
    finally:
        request_id.reset(token)
    assert queued.get(timeout=10) == "request-that-queued-1"
    # Once it ran, the worker is outside any request again: the next task has no ID.
    assert current_request_id.delay().get(timeout=10) is None


def test_a_malformed_request_id_in_the_task_headers_is_dropped(worker):
    forged = current_request_id.apply_async(headers={"request_id": 'id\n{"level": "CRITICAL"}'})
    assert forged.get(timeout=10) is None


def test_celery_leaves_the_service_logging_as_it_is(monkeypatch):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    monkeypatch.setattr(type(ping.app.log), "_setup", False)
    # What a worker or beat does as it starts: Celery would replace the root's handler.
    ping.app.log.setup(loglevel="DEBUG")
    assert (root.handlers, root.level) == (handlers, level)


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
