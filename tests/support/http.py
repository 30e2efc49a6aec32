"""A tiny HTTP client for tests: loopback only, no redirects, every status returned."""

from __future__ import annotations

import http.client
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
# What the TLS-terminating proxy in front of a service adds to every request.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def get(url: str, timeout: float = 5.0, headers: dict[str, str] | None = None) -> Response:
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise ValueError(f"tests talk to loopback only, not {parts.hostname}")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/", headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def raw_get(port: int, path: str, header_lines: bytes, timeout: float = 5.0) -> Response:
    """GET with header lines sent as given, unchecked: for what a well-behaved client
    (http.client refuses a newline in a header) never sends. Loopback only."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        proxy = b"".join(f"{name}: {value}\r\n".encode() for name, value in PROXY_HEADERS.items())
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".encode()
            + proxy + header_lines + b"\r\n"
        )  # fmt: skip
        response = http.client.HTTPResponse(connection)
        response.begin()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
