"""Running a command as if the machine had no network."""

# A proxy on a closed loopback port: every request to the package index (uv, pip) or
# anywhere else fails at once, so a command that needs the network fails clearly and fast.
OFFLINE = {
    "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9", "UV_NO_CACHE": "1", "UV_HTTP_RETRIES": "0",
}  # fmt: skip
