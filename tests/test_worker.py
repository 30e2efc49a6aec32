"""Docker tier: the Celery worker of the bakes that have one, against a real Redis.

One variant per template with worker=celery (the first of the pairwise plan), its
image and the session's Redis shared with the other tests. The worker runs from
the same image as web, with `celery -A <package> worker`, hardened as web is.
"""

from __future__ import annotations

import time
import uuid

import pytest
from support.celery_worker import CeleryBake, probe_tasks_dir
from support.json_logs import json_records
from support.sentry_ingest import SentryIngest
from support.variants import first_with_each
from support.waiting import wait_until
from test_database_variants import wait_for_readyz

pytestmark = pytest.mark.docker
WORKERS = [v for v in first_with_each("worker") if v.extra_context["worker"] == "celery"]


@pytest.fixture
def celery(engine, runner, image, bake, variant, tmp_path) -> CeleryBake:
    baked = bake(variant)
    return CeleryBake(engine, runner(variant), image(variant).tag, baked.package, probe_tasks_dir(tmp_path))


def wait_for_runs(celery: CeleryBake, key: str, stage: str, count: int, timeout: float) -> float:
    start = time.monotonic()
    wait_until(lambda: celery.runs(key, stage) >= count, timeout, 0.1, f"{key}: fewer than {count} {stage}")
    return time.monotonic() - start


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_worker_starts_hardened_becomes_healthy_and_runs_ping_queued_by_web(celery, variant):
    web = celery.start_web()
    worker = celery.start_worker()
    healthy = worker.wait_healthy()
    assert worker.exec("id", "-u").stdout.strip() == "10001"
    config = worker.inspect()["HostConfig"]
    assert config["ReadonlyRootfs"] and config["CapDrop"] == ["ALL"]
    web.wait_healthy()
    assert celery.ping() == "pong"
    start = time.monotonic()
    worker.exec("python", "/app/worker_healthcheck.py")
    print(f"{variant.id}: worker healthy in {healthy:.1f} s; one health check (docker exec) "
          f"{time.monotonic() - start:.3f} s")  # fmt: skip


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_beat_queues_the_example_schedule_and_the_worker_runs_it(celery, variant):
    worker = celery.start_worker()
    beat = celery.start_worker(env={"BEAT_PING_SECONDS": "1"}, program="beat")
    worker.wait_healthy()
    wait_until(
        lambda: f"{celery.package}.tasks.ping" in beat.logs() and "succeeded" in worker.logs(),
        30, 0.5, lambda: f"beat:\n{beat.logs()[-2000:]}\nworker:\n{worker.logs()[-2000:]}",
    )  # fmt: skip
    assert "'pong'" in worker.logs()


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_sigterm_lets_the_running_task_finish_and_the_worker_exits_0(celery, variant):
    _, worker = celery.web_and_healthy_worker()
    key = f"sigterm-{uuid.uuid4().hex}"
    celery.queue_sleep(key, 3)
    wait_for_runs(celery, key, "started", 1, 15)
    seconds, code = worker.stop(grace=30)
    assert code == 0, worker.logs()[-3000:]
    assert seconds < 30, "docker stop had to kill the worker"
    assert celery.runs(key, "finished") == 1, worker.logs()[-3000:]
    print(f"{variant.id}: docker stop during a 3 s task took {seconds:.1f} s, exit 0, task finished")


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_a_task_whose_worker_is_killed_runs_to_completion_on_the_next_worker(celery, variant):
    # Redis hands an unacknowledged task out again after the visibility timeout (an hour
    # in the bake); a short one here, still longer than the task.
    short = {"CELERY_VISIBILITY_TIMEOUT": "5"}
    _, first = celery.web_and_healthy_worker(short)
    key = f"kill-{uuid.uuid4().hex}"
    celery.queue_sleep(key, 3)
    wait_for_runs(celery, key, "started", 1, 15)
    first.kill()
    assert celery.runs(key, "finished") == 0
    # kombu looks for overdue unacknowledged tasks soon after a worker starts, then only
    # every 100 s: the next worker starts once the task is overdue, as after a real crash
    # (which the hour-long visibility timeout of the bake outlasts many times over).
    time.sleep(float(short["CELERY_VISIBILITY_TIMEOUT"]))
    second = celery.start_worker(short)
    redelivered = wait_for_runs(celery, key, "finished", 1, 90)
    runs = celery.runs(key, "started")
    assert runs == 2, second.logs()[-3000:]
    print(
        f"{variant.id}: kill -9 mid-task: ran {runs} times, done {redelivered:.1f} s after a new worker came"
    )


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_worker_reconnects_after_redis_restarts_while_readyz_reports_the_broker(celery, variant):
    web, worker = celery.web_and_healthy_worker()
    web.wait_healthy()
    wait_for_readyz(web, 200)
    redis = celery.profile.backing()["redis"]
    redis.stop()
    try:
        _, body = wait_for_readyz(web, 503)
        assert body["checks"]["broker"].startswith("failed"), body
    finally:
        redis.start()
    wait_for_readyz(web, 200)
    start = time.monotonic()
    assert celery.ping(timeout=30) == "pong"
    state = worker.inspect()
    assert state["State"]["Running"] and state["RestartCount"] == 0
    print(f"{variant.id}: after Redis came back, ping answered in {time.monotonic() - start:.1f} s")


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_a_pickled_message_is_refused_and_the_worker_keeps_working(celery, variant):
    _, worker = celery.web_and_healthy_worker()
    celery.in_web(f"app.send_task('{celery.package}.tasks.ping', serializer='pickle')")
    wait_until(lambda: "pickle" in worker.logs(), 15, 0.2, lambda: worker.logs()[-3000:])
    assert celery.ping() == "pong"
    assert worker.inspect()["State"]["Running"]


@pytest.mark.parametrize("variant", WORKERS, ids=lambda v: v.id)
def test_worker_and_beat_log_json_and_a_task_carries_the_request_id_to_its_logs_and_sentry(celery, variant):
    ingest = SentryIngest()
    try:
        json_logs = {"LOG_FORMAT": "json"}
        celery.start_web()
        worker = celery.start_worker({**json_logs, "SENTRY_DSN": ingest.dsn, "SENTRY_RELEASE": "tasks@1"})
        beat = celery.start_worker({**json_logs, "BEAT_PING_SECONDS": "1"}, program="beat")
        worker.wait_healthy()
        # Queued as a request does, while its ID is set (in the web container's Python).
        celery.in_web(
            f"from {celery.package}.logs import request_id\n"
            "request_id.set('task-queued-by-1')\n"
            "app.send_task('probe_tasks.log_line', args=['probe: logged']).get(timeout=30)\n"
            "request_id.set('task-queued-by-2')\n"
            "app.send_task('probe_tasks.fail')"
        )
        event = ingest.wait_for_event(timeout=10)
        assert event["exception"]["values"][-1]["type"] == "RuntimeError", event
        assert event["tags"]["request_id"] == "task-queued-by-2", event["tags"]
        assert event["transaction"] == "probe_tasks.fail" and event["release"] == "tasks@1", event
        wait_until(lambda: "ping" in beat.logs(), 30, 0.5, lambda: beat.logs()[-2000:])
        worker.stop()
        beat.stop()

        records = json_records(worker.logs())
        logged = [r for r in records if r["message"] == "probe: logged"]
        assert [r.get("request_id") for r in logged] == ["task-queued-by-1"], records
        failed = [r for r in records if r["level"] == "ERROR" and r.get("request_id") == "task-queued-by-2"]
        assert failed and "RuntimeError: the probe task's failure" in failed[0]["exception"], records
        assert any(r["logger"].startswith("celery") for r in records), records
        assert any("ping" in r["message"] for r in json_records(beat.logs()))
    finally:
        ingest.close()
