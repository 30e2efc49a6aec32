"""Headless Chromium for tests: Debian's chromium and chromium-driver, driven by selenium.

No browser is downloaded: selenium is pointed at /usr/bin/chromedriver, which
starts /usr/bin/chromium. The browser talks to loopback only: background
networking, component updates and sync are off (without those flags Chromium
calls Google hosts), and no host name resolves. Its network log records every
request and response, which tests read as `Exchange`s.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    # As root, Chromium's sandbox cannot start; the pages it opens are the tests' own.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",  # a container's /dev/shm is small
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-first-run",
    "--no-default-browser-check",
    # No name resolves but 127.0.0.1, where the pages are: nothing leaves loopback.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1280,900",
)
ARTIFACTS = Path(os.environ.get("PYDT_ARTIFACTS") or Path(tempfile.gettempdir()) / "pydt-artifacts")


def missing() -> list[str]:
    """What this machine lacks to drive the browser."""
    absent = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        absent.append("selenium (requirements-dev.txt)")
    return absent


@dataclass(frozen=True)
class Exchange:
    """One HTTP request the browser made and the response it got (redirects included)."""

    method: str
    url: str
    status: int
    headers: dict[str, str]


def exchanges(driver) -> list[Exchange]:
    """The requests since the last call, in order, from Chromium's performance log."""
    pending: dict[str, tuple[str, str]] = {}
    done = []

    def answer(request_id: str, response: dict) -> None:
        if request_id in pending:
            method, url = pending.pop(request_id)
            headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
            done.append(Exchange(method, url, response["status"], headers))

    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            # A redirect keeps the request id: its response arrives with the next request.
            if "redirectResponse" in params:
                answer(params["requestId"], params["redirectResponse"])
            pending[params["requestId"]] = (params["request"]["method"], params["request"]["url"])
        elif message["method"] == "Network.responseReceived":
            answer(params["requestId"], params["response"])
    return done


@contextlib.contextmanager
def chromium(trusted_spki: str | None = None) -> Iterator:
    """A headless Chromium WebDriver with a fresh profile; `trusted_spki` (a base64 SHA-256
    of a public key) makes it trust that one self-signed certificate, and no other."""
    from selenium import webdriver

    profile = tempfile.mkdtemp(prefix="pydt-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if trusted_spki:
        options.add_argument(f"--ignore-certificate-errors-spki-list={trusted_spki}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # A driver path given: selenium's own manager, which downloads drivers, never runs.
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, name: str) -> Path:
    """Save the page as ARTIFACTS/<name>.png, a directory that outlives the test run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"no screenshot written to {path}"
    return path
