"""A stand-in for Sentry's ingest endpoint on loopback: it keeps every envelope it is sent."""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .waiting import wait_until


class SentryIngest:
    def __init__(self) -> None:
        self.envelopes: list[bytes] = []
        ingest = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                ingest.envelopes.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def dsn(self) -> str:
        return f"http://public-key@127.0.0.1:{self.server.server_address[1]}/1"

    def events(self) -> list[dict]:
        """The error events among the items of every envelope received."""
        events = []
        for envelope in self.envelopes:
            lines = envelope.split(b"\n")
            # Line 0 is the envelope's header, then each item: a header line, a payload line.
            for header, payload in zip(lines[1::2], lines[2::2], strict=False):
                if json.loads(header).get("type") == "event":
                    events.append(json.loads(payload))
        return events

    def wait_for_event(self, timeout: float) -> dict:
        return wait_until(self.events, timeout, 0.1, f"no event reached the ingest in {timeout} s")[0]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
