"""Slow HTTP clients ("slowloris"), and a prober that measures what they do to everyone else.

`SlowClients` holds a number of connections to a server on loopback, each sending
its request so slowly that it never ends:

* "headers": `GET / HTTP/1.1` and `Host`, then one more header line every 0.2 s,
  never the blank line that ends the head;
* "body": the complete head of a `POST` announcing `Content-Length: 100000`, then
  one byte of the body every 0.2 s;
* "silent": connects and sends nothing.

It records when the server answered or closed each connection. Meanwhile a
`Prober` GETs ordinary pages on fresh connections, each within a 1 s timeout, and
records every answer and failure: a server that slow clients starve fails its
probes. `hold` does both; `smallest_stopping` looks for the count that stops a page.

The attack is bounded on purpose: loopback only, at most MAX_CONNECTIONS
connections for at most MAX_SECONDS, and it stops and closes every connection
by itself. One thread and a selector hold them all, so hundreds work from one
process.
"""

from __future__ import annotations

import http.client
import ipaddress
import selectors
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .http import PROXY_HEADERS

Kind = Literal["headers", "body", "silent"]
KINDS: tuple[Kind, ...] = ("headers", "body", "silent")
MAX_CONNECTIONS = 1000
MAX_SECONDS = 60.0
INTERVAL = 0.2  # seconds between two pieces of a slow request
BODY_LENGTH = 100_000
PROBE_TIMEOUT = 1.0
CONNECT_TIMEOUT = 2.0  # for all the slow connections together
OUTAGE = 1.0  # seconds a path must fail without a break to count as down


def _loopback(host: str) -> str:
    address = "127.0.0.1" if host == "localhost" else host
    if not ipaddress.ip_address(address).is_loopback:
        raise ValueError(f"{host} is not a loopback address: slow clients stay on this machine")
    return address


@dataclass(frozen=True)
class HeldConnection:
    """One slow connection, in seconds since it connected."""

    closed_after: float | None  # when the server closed it; None: still open when the attack ended
    answered_after: float | None  # when the first bytes of a response came back
    status_line: str  # the response's first line, "" without one
    pieces_sent: int  # header lines or body bytes sent after the head


@dataclass(frozen=True)
class AttackResult:
    kind: Kind
    requested: int
    refused: int  # connections that could not be opened or sent their head
    connections: tuple[HeldConnection, ...]
    seconds: float  # how long the connections were held

    @property
    def closed_after(self) -> list[float]:
        return sorted(c.closed_after for c in self.connections if c.closed_after is not None)

    @property
    def still_open(self) -> int:
        return sum(c.closed_after is None for c in self.connections)

    @property
    def responses(self) -> Counter[str]:
        return Counter(c.status_line for c in self.connections if c.status_line)

    def summary(self) -> str:
        closed = self.closed_after
        when = f" after {closed[0]:.2f}-{closed[-1]:.2f} s" if closed else ""
        return (
            f"{len(self.connections)} of {self.requested} {self.kind} connections held "
            f"({self.refused} refused) for {self.seconds:.1f} s: {len(closed)} closed by the server"
            f"{when}, {self.still_open} still open; responses {dict(self.responses)}"
        )


@dataclass
class _Held:
    sock: socket.socket
    opened: float
    sent: int = 0
    closed: float | None = None
    answered: float | None = None
    status_line: str = ""


class SlowClients:
    """`count` slow connections of `kind` to 127.0.0.1:`port`, held for at most `seconds`.

    Entering connects them all (evenly over `ramp` seconds) and starts sending;
    leaving, or `seconds` running out, closes every one. `result()` then tells
    what the server did with them.
    """

    def __init__(
        self,
        port: int,
        count: int,
        kind: Kind = "headers",
        seconds: float = 8.0,
        host: str = "127.0.0.1",
        path: str = "/",
        ramp: float = 0.0,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if not 0 < count <= MAX_CONNECTIONS:
            raise ValueError(f"count must be from 1 to {MAX_CONNECTIONS}")
        if not 0 < seconds <= MAX_SECONDS or not 0 <= ramp <= MAX_SECONDS:
            raise ValueError(f"seconds and ramp must be at most {MAX_SECONDS}")
        self.address = (_loopback(host), port)
        self.count, self.kind, self.seconds, self.path, self.ramp = count, kind, seconds, path, ramp
        self._held: list[_Held] = []
        self._refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slow-clients", daemon=True)
        self._began = self._ended = 0.0

    def __enter__(self) -> SlowClients:
        try:
            self._connect_all()
        except BaseException:
            self._close_all()
            raise
        self._began = time.monotonic()  # the hold starts once every connection is in
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def wait(self) -> None:
        """Until the hold ends by itself, after `seconds`."""
        self._thread.join()

    def _head(self) -> bytes:
        host = f"{self.address[0]}:{self.address[1]}"  # one Django's ALLOWED_HOSTS accepts
        # The header the tests' TLS proxy adds: Django then answers rather than redirecting.
        proxy = "".join(f"{name}: {value}\r\n" for name, value in PROXY_HEADERS.items())
        if self.kind == "headers":
            return f"GET {self.path} HTTP/1.1\r\nHost: {host}\r\n{proxy}".encode()
        if self.kind == "body":
            return (
                f"POST {self.path} HTTP/1.1\r\nHost: {host}\r\n{proxy}"
                f"Content-Type: application/octet-stream\r\nContent-Length: {BODY_LENGTH}\r\n\r\n"
            ).encode()
        return b""

    def _piece(self, held: _Held) -> bytes:
        if self.kind == "headers":
            return f"X-Slow-{held.sent}: {held.sent}\r\n".encode()
        if self.kind == "body" and held.sent < BODY_LENGTH:
            return b"x"
        return b""

    def _connect_all(self) -> None:
        """Connect without blocking, evenly over `ramp` seconds: a server with a short
        accept queue then costs one CONNECT_TIMEOUT, not one per connection. The head is
        small enough for the socket's buffer, so sending it does not block either."""
        pending: dict[socket.socket, float] = {}

        def settle(until: float, last: bool = False) -> None:
            """Take the connections made until `until`; the last time, only while any is pending."""
            while (left := until - time.monotonic()) > 0 and (pending or not last):
                for key, _ in selector.select(left):
                    selector.unregister(key.fileobj)
                    self._connected(key.fileobj, pending.pop(key.fileobj))

        start = time.monotonic()
        try:
            with selectors.DefaultSelector() as selector:
                for number in range(self.count):
                    settle(start + self.ramp * number / self.count)
                    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    pending[sock] = time.monotonic()
                    sock.setblocking(False)
                    sock.connect_ex(self.address)
                    selector.register(sock, selectors.EVENT_WRITE)
                settle(time.monotonic() + CONNECT_TIMEOUT, last=True)
        finally:
            self._refused += len(pending)  # not accepted within the timeout
            for sock in pending:
                sock.close()

    def _connected(self, sock: socket.socket, opened: float) -> None:
        try:
            if error := sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                raise OSError(error, "connect failed")
            sock.send(self._head())
        except OSError:
            self._refused += 1
            sock.close()
            return
        self._held.append(_Held(sock, opened))

    def _run(self) -> None:
        deadline = self._began + self.seconds
        selector = selectors.DefaultSelector()
        for held in self._held:
            selector.register(held.sock, selectors.EVENT_READ, held)
        try:
            next_piece = time.monotonic() + INTERVAL
            while not self._stop.is_set() and (now := time.monotonic()) < deadline:
                for key, _ in selector.select(max(0.0, min(next_piece, deadline) - now)):
                    self._read(key.data, selector)
                if time.monotonic() >= next_piece:
                    for held in [h for h in self._held if h.closed is None]:
                        self._send(held, selector)
                    next_piece += INTERVAL
            for key, _ in selector.select(0):  # closes that came with the last pieces
                self._read(key.data, selector)
        finally:
            self._ended = time.monotonic()
            selector.close()
            self._close_all()

    def _read(self, held: _Held, selector: selectors.BaseSelector) -> None:
        try:
            data = held.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        now = time.monotonic()
        if data:
            if held.answered is None:
                held.answered = now - held.opened
                held.status_line = data.split(b"\r\n", 1)[0].decode(errors="replace")
            return
        self._closed(held, now, selector)

    def _send(self, held: _Held, selector: selectors.BaseSelector) -> None:
        piece = self._piece(held)
        if not piece:
            return
        try:
            held.sock.send(piece)
            held.sent += 1
        except BlockingIOError:
            pass  # the server reads no more: the kernel's buffers are full
        except OSError:  # reset or closed by the server
            self._closed(held, time.monotonic(), selector)

    @staticmethod
    def _closed(held: _Held, now: float, selector: selectors.BaseSelector) -> None:
        if held.closed is None:
            held.closed = now - held.opened
            selector.unregister(held.sock)

    def _close_all(self) -> None:
        for held in self._held:
            held.sock.close()

    def result(self) -> AttackResult:
        """What the server did with the connections; call it after leaving the `with` block."""
        if self._thread.is_alive():
            raise RuntimeError("the attack is still running")
        connections = tuple(HeldConnection(h.closed, h.answered, h.status_line, h.sent) for h in self._held)
        return AttackResult(self.kind, self.count, self._refused, connections, self._ended - self._began)


@dataclass(frozen=True)
class Probe:
    """One GET on a fresh connection; times in seconds since probing began."""

    path: str
    started: float
    seconds: float  # until the answer, or the failure
    status: int | None  # None: no answer (timeout, refused, reset)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class ProbeResult:
    probes: tuple[Probe, ...]

    def of(self, path: str | None = None) -> list[Probe]:
        return [p for p in self.probes if path is None or p.path == path]

    def failures(self, path: str | None = None) -> list[Probe]:
        return [p for p in self.of(path) if not p.ok]

    def worst(self, path: str | None = None) -> float:
        """The slowest answer in seconds, a failure counting as never (inf)."""
        probes = self.of(path)
        return max((p.seconds if p.ok else float("inf") for p in probes), default=float("inf"))

    def longest_outage(self, path: str) -> float:
        """Seconds from the start of the first to the end of the last of the longest run of failed
        probes of `path` (a probe that timed out alone counts its whole second)."""
        longest, first = 0.0, None
        for probe in sorted(self.of(path), key=lambda p: p.started):
            if probe.ok:
                first = None
                continue
            first = probe.started if first is None else first
            longest = max(longest, probe.started + probe.seconds - first)
        return longest

    def summary(self, path: str | None = None) -> str:
        probes, failed = self.of(path), self.failures(path)
        answered = [p.seconds for p in probes if p.ok]
        worst = f"{max(answered) * 1000:.0f} ms" if answered else "n/a"
        return f"{len(failed)} of {len(probes)} probes failed, slowest answer {worst}" + (
            f", first failure: {failed[0].path} {failed[0].error or failed[0].status}" if failed else ""
        )


def _probe_once(address: tuple[str, int], path: str, began: float, timeout: float) -> Probe:
    start = time.monotonic()
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    try:
        connection.request("GET", path, headers=PROXY_HEADERS)
        response = connection.getresponse()
        response.read()
        return Probe(path, start - began, time.monotonic() - start, response.status)
    except (OSError, http.client.HTTPException) as error:
        return Probe(path, start - began, time.monotonic() - start, None, type(error).__name__)
    finally:
        connection.close()


class Prober:
    """GETs each path about every `every` seconds from entering to leaving (at most
    MAX_SECONDS), one thread per path, so that one path's timeouts do not space out
    the other's probes."""

    def __init__(
        self,
        port: int,
        paths: Sequence[str] = ("/healthz", "/"),
        every: float = 0.2,
        timeout: float = PROBE_TIMEOUT,
        host: str = "127.0.0.1",
    ) -> None:
        self.address, self.paths, self.every, self.timeout = (_loopback(host), port), paths, every, timeout
        self._found: list[Probe] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._probe, args=(path,), daemon=True) for path in paths]
        self._began = 0.0

    def __enter__(self) -> Prober:
        self._began = time.monotonic()
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _probe(self, path: str) -> None:
        deadline = self._began + MAX_SECONDS
        while not self._stop.is_set() and time.monotonic() < deadline:
            result = _probe_once(self.address, path, self._began, self.timeout)
            with self._lock:
                self._found.append(result)
            self._stop.wait(max(0.0, self.every - result.seconds))

    def result(self) -> ProbeResult:
        with self._lock:
            return ProbeResult(tuple(sorted(self._found, key=lambda p: p.started)))


def probe(port: int, seconds: float, paths: Sequence[str] = ("/healthz", "/")) -> ProbeResult:
    """Probe `paths` for `seconds`."""
    with Prober(port, paths) as prober:
        time.sleep(min(seconds, MAX_SECONDS))
    return prober.result()


def hold(
    port: int,
    count: int,
    kind: Kind,
    seconds: float,
    paths: Sequence[str] = ("/healthz", "/"),
    ramp: float = 0.0,
) -> tuple[AttackResult, ProbeResult]:
    """Hold `count` slow connections of `kind` (opened over `ramp` seconds) for `seconds`,
    probing `paths` from before the first opens until the last is closed."""
    with Prober(port, paths) as prober, SlowClients(port, count, kind, seconds, ramp=ramp) as attack:
        attack.wait()
    return attack.result(), prober.result()


@dataclass(frozen=True)
class Step:
    """One count tried in a search for an outage."""

    count: int
    attack: AttackResult
    probes: ProbeResult
    outage_s: float  # longest outage of the path watched

    @property
    def stopped(self) -> bool:
        return self.outage_s >= OUTAGE


def doubling(limit: int) -> list[int]:
    """1, 2, 4, ... up to `limit`, and `limit` itself."""
    counts = [1]
    while counts[-1] * 2 < limit:
        counts.append(counts[-1] * 2)
    return counts if counts[-1] >= limit else [*counts, limit]


def smallest_stopping(
    port: int,
    counts: Iterable[int],
    seconds: float = 3.0,
    path: str = "/healthz",
    recovered: Callable[[], object] | None = None,
) -> tuple[int | None, list[Step]]:
    """The smallest of `counts` (ascending) whose slow header connections, held `seconds`, stop
    `path` for OUTAGE or longer, or None; and each step tried. `recovered` waits, after each
    step, until the server serves again."""
    steps = []
    for count in counts:
        attack, probes = hold(port, count, "headers", seconds, (path,))
        steps.append(Step(count, attack, probes, probes.longest_outage(path)))
        if recovered:
            recovered()
        if steps[-1].stopped:
            return count, steps
    return None, steps
