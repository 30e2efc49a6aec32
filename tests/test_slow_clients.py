"""Docker tier: slow clients cannot starve a granian bake; a handful starve a gunicorn bake.

A slow client ("slowloris") holds a connection by sending its request a little at
a time. Granian reads request heads in Rust and gives each client 5 s
(GRANIAN_HTTP1_HEADER_READ_TIMEOUT) to send one, so its Python threads never
wait on a slow client. Gunicorn's sync workers each read one request at a time:
as many slow clients as workers leave none for anyone else, which is why the
README puts a buffering proxy in front of that option.
"""

from __future__ import annotations

import contextlib
import http.client

import pytest
from support.docker import Container
from support.slow_clients import Kind, doubling, hold, smallest_stopping
from support.variants import Variant, default_variants, first_with_each
from support.waiting import wait_until

pytestmark = pytest.mark.docker
VARIANTS = first_with_each("server")  # what slow clients hold depends on the server alone
DEFAULTS = default_variants()
HEADER_TIMEOUT = 5.0  # seconds: the baked GRANIAN_HTTP1_HEADER_READ_TIMEOUT
SLACK = 1.5  # for a loaded 2-CPU machine: the server checks its timers, not to the millisecond
# Long enough to see the server close every slow connection; a slow body is answered at once.
HOLD: dict[Kind, float] = {"headers": HEADER_TIMEOUT + 2.0, "body": 3.0}
STEP = 3.0  # seconds each count is held while looking for gunicorn's outage
# Slow connections arrive over a second, as from a network, not in the same millisecond:
# a slow body's request is answered at once, and 200 at once would measure how fast the
# server clears a burst of 200 requests (the load tests do that), not what slow clients hold.
RAMP = 1.0


def server(variant: Variant) -> str:
    return variant.extra_context["server"]


def workers(container: Container) -> int:
    """The server's worker processes: PID 1's children, less multiprocessing's helper."""
    listing = container.exec(
        "sh", "-c", r'for p in $(cat /proc/1/task/1/children); do tr "\0" " " < /proc/$p/cmdline; echo; done'
    ).stdout
    return sum("resource_tracker" not in line for line in listing.splitlines())


def started(engine, runner, image, variant: Variant) -> Container:
    container = runner(variant).start(engine, image(variant).tag)
    container.wait_healthy()
    return container


def serves(container: Container) -> None:
    """Wait until /healthz answers again, after a step of slow clients."""

    def healthy() -> bool:
        with contextlib.suppress(OSError, http.client.HTTPException):
            return container.get("/healthz", timeout=1).status == 200
        return False

    wait_until(healthy, 15, 0.1, "/healthz did not answer again within 15 s")


@pytest.mark.parametrize("variant", [v for v in VARIANTS if server(v) == "granian"], ids=lambda v: v.id)
def test_granian_answers_every_probe_while_slow_clients_hold_connections_and_closes_them(
    engine, runner, image, variant
):
    container = started(engine, runner, image, variant)
    count = 200 if variant in DEFAULTS else 4 * workers(container)

    for kind in ("headers", "body"):
        attack, probes = hold(container.port, count, kind, HOLD[kind], ramp=RAMP)
        print(f"{variant.id}, {kind}: {attack.summary()}; probes: {probes.summary()}")
        assert attack.refused == 0, attack.summary()
        assert not probes.failures(), f"{kind}: {probes.summary()}"
        assert probes.worst() < 1.0
        assert attack.still_open == 0, f"{kind}: the server left connections open: {attack.summary()}"
        # Slow heads last until the header timeout; a slow body gets its answer (Flask 405,
        # Django 403) before the application reads it, and the connection ends with it.
        assert max(attack.closed_after) <= HEADER_TIMEOUT + SLACK, attack.summary()


@pytest.mark.parametrize("variant", [v for v in VARIANTS if server(v) == "gunicorn"], ids=lambda v: v.id)
def test_gunicorn_health_check_goes_down_with_no_more_slow_clients_than_workers_plus_one(
    engine, runner, image, variant
):
    container = started(engine, runner, image, variant)
    worker_count = workers(container)
    counts = sorted({*doubling(4 * worker_count), worker_count + 1})  # 1, 2, 4 ... and workers + 1

    stopping, steps = smallest_stopping(container.port, counts, STEP, recovered=lambda: serves(container))

    tried = "; ".join(f"{s.count}: {s.probes.summary()}, longest outage {s.outage_s:.1f} s" for s in steps)
    print(f"{variant.id}: {worker_count} gunicorn workers; slow header connections that stop /healthz: "
          f"{stopping} (tried {tried})")  # fmt: skip
    assert stopping is not None, f"no outage up to {counts[-1]} slow connections: {tried}"
    assert stopping <= worker_count + 1, tried
