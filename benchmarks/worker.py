"""The Celery worker of each template: `python -m benchmarks.worker [--tasks N] [--fresh]`.

For each template's default bake with worker=celery, against a throwaway Redis on
loopback: the time the web process takes to queue a task (`send_task`, p50 and
p99 over --enqueues calls, inside the web container), how many no-op tasks per
second one worker container (its default concurrency: the usable CPUs) takes
through a queue filled beforehand, and what the worker's health check costs.
It prints the figures; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support import services
from tests.support.bakes import PROJECT_NAME, Bake, bake
from tests.support.celery_worker import CeleryBake, probe_tasks_dir
from tests.support.docker import Engine
from tests.support.profiles import Profile
from tests.support.variants import Variant, default_variants
from tests.support.waiting import wait_until

ENQUEUE = """
import json, time
for _ in range(50):  # connections made, code warm
    app.send_task("probe_tasks.noop")
seconds = []
for _ in range({count}):
    start = time.perf_counter()
    app.send_task("probe_tasks.noop")
    seconds.append(time.perf_counter() - start)
seconds.sort()
print(json.dumps({{"p50": seconds[len(seconds) // 2], "p99": seconds[int(len(seconds) * 0.99)]}}))
"""


def redis_count(port: str, db: int, *command: str) -> int:
    out = subprocess.run(
        ["redis-cli", "-p", port, "-n", str(db), *command], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip() or 0)


def measure(engine: Engine, variant: Variant, baked: Bake, tasks: int, enqueues: int, redis) -> dict:
    profile = Profile(variant, lambda kind: redis)
    tag = engine.build(baked.path, f"bench-worker-{variant.framework}").tag
    celery = CeleryBake(engine, profile, tag, baked.package, probe_tasks_dir(baked.path.parent / "probes"))
    port = redis.url.rsplit(":", 1)[1].split("/")[0]
    subprocess.run(["redis-cli", "-p", port, "flushall"], check=True, capture_output=True)
    try:
        celery.start_web().wait_healthy()
        latency = json.loads(celery.in_web(ENQUEUE.format(count=enqueues), timeout=600))
        # The queue holds the enqueue run's tasks and `tasks` more; the worker starts on a full queue.
        celery.in_web(f"for _ in range({tasks}): app.send_task('probe_tasks.noop')", timeout=600)

        def broker(*command: str) -> int:
            return redis_count(port, celery.broker_db, *command)

        queued = broker("llen", "celery")
        worker = celery.start_worker()
        wait_until(lambda: broker("llen", "celery") < queued, 60, 0.01, "the worker took nothing")
        start = time.monotonic()
        wait_until(
            lambda: broker("llen", "celery") == 0 and broker("hlen", "unacked") == 0,
            600, 0.01, "the queue did not drain",
        )  # fmt: skip
        drained = time.monotonic() - start
        worker.wait_healthy()
        checks = []
        for _ in range(20):
            before = time.monotonic()
            worker.exec("python", "/app/worker_healthcheck.py")
            checks.append(time.monotonic() - before)
        inside = worker.exec(
            "python", "-c",
            "import subprocess, time; s = time.perf_counter(); "
            "[subprocess.run(['python', '/app/worker_healthcheck.py'], check=True) for _ in range(20)]; "
            "print((time.perf_counter() - s) / 20)",
        ).stdout  # fmt: skip
        return {
            "enqueue_p50_ms": latency["p50"] * 1000,
            "enqueue_p99_ms": latency["p99"] * 1000,
            "tasks_per_s": queued / drained,
            "queued": queued,
            "health_check_docker_exec_ms": statistics.median(checks) * 1000,
            "health_check_process_ms": float(inside) * 1000,
        }
    finally:
        engine.remove_containers()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker", description=__doc__)
    parser.add_argument("--tasks", type=int, default=5000, help="no-op tasks queued for the worker")
    parser.add_argument("--enqueues", type=int, default=2000, help="timed send_task calls")
    parser.add_argument("--fresh", action="store_true", help="bake with fresh locks (no vetted lock yet)")
    args = parser.parse_args()
    answers = {"worker": "celery", **({"_dependency_lock": "fresh"} if args.fresh else {})}
    engine = Engine()
    redis = services.create("redis")
    try:
        with tempfile.TemporaryDirectory(prefix="pydt-bench-worker-") as scratch:
            for default in default_variants():
                context = {**default.extra_context, "worker": "celery"}
                variant = Variant(default.template, tuple(context.items()))
                output = Path(scratch) / variant.framework
                baked = bake(variant.template_dir, output, project_name=PROJECT_NAME, **answers)
                figures = measure(engine, variant, baked, args.tasks, args.enqueues, redis)
                print(variant.framework, json.dumps({k: round(v, 2) for k, v in figures.items()}), flush=True)
    finally:
        redis.remove()
        engine.cleanup()


if __name__ == "__main__":
    main()
