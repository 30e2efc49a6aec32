"""A real TLS-terminating reverse proxy on loopback: Debian's nginx, in front of a container.

It plays the production proxy of a baked service: HTTPS on one loopback port,
with a throwaway certificate made by openssl for 127.0.0.1, forwarded to the
container over plain HTTP with `X-Forwarded-Proto`; plain HTTP on a second port
is redirected to HTTPS. It keeps nginx's default upstream `Host` (the
container's address), as many deployments do, so the service sees another host
than the browser's `Origin`: CSRF-protected POSTs then pass only because of
DJANGO_CSRF_TRUSTED_ORIGINS.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port
from .waiting import wait_until

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    # Everything in memory: as root, nginx's workers run as nobody, who cannot
    # write under the private directory of this proxy.
    client_body_buffer_size 1m;
    proxy_max_temp_file_size 0;
    client_body_temp_path {dir}/client-body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{http_port};
        return 301 https://$host:{https_port}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        location / {{
            proxy_pass http://127.0.0.1:{upstream_port};
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def missing() -> list[str]:
    """What this machine lacks to run the proxy (Debian packages nginx and openssl)."""
    return [binary for binary in ("nginx", "openssl") if not shutil.which(binary)]


@dataclass(frozen=True)
class TlsProxy:
    https_port: int
    http_port: int
    certificate: Path
    spki_sha256: str  # base64 SHA-256 of the certificate's public key, for Chromium to trust

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def plain_url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.http_port}{path}"


def _certificate(directory: Path) -> str:
    """Write a one-day self-signed certificate for 127.0.0.1; return its SPKI pin."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    public_key = subprocess.run(
        ["openssl", "x509", "-in", str(directory / "cert.pem"), "-pubkey", "-noout"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    der = base64.b64decode("".join(line for line in public_key.splitlines() if "-----" not in line))
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def tls_proxy(upstream_port: int, https_port: int | None = None) -> Iterator[TlsProxy]:
    """nginx on loopback, HTTPS on `https_port` (a free one if None) to `upstream_port`."""
    directory = Path(tempfile.mkdtemp(prefix="pydt-nginx-"))
    try:
        proxy = TlsProxy(
            https_port or free_port(), free_port(), directory / "cert.pem", _certificate(directory)
        )
        conf = directory / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                dir=directory, http_port=proxy.http_port, https_port=proxy.https_port,
                upstream_port=upstream_port,
            )
        )  # fmt: skip
        # -e: the error log of start-up too, which would otherwise go to /var/log/nginx.
        process = subprocess.Popen(
            ["nginx", "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:

            def listening() -> bool:
                if process.poll() is not None:  # it never will be: fail now, with its log
                    raise RuntimeError(f"nginx exited:\n{(directory / 'error.log').read_text()}")
                return _accepts(proxy.https_port) and _accepts(proxy.http_port)

            wait_until(listening, 10, 0.05, "nginx did not listen within 10 s", RuntimeError)
            yield proxy
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
