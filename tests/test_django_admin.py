"""Docker tier, Django only: the admin in a real browser, behind a real TLS-terminating proxy.

The hardened container sits behind nginx (support.tls_proxy) on loopback, as in
production: HTTPS with a throwaway certificate, `X-Forwarded-Proto` set, and
DJANGO_SECURE_PROXY_SSL_HEADER and DJANGO_CSRF_TRUSTED_ORIGINS set on the
service. The superuser comes from the environment through a one-off container.
Headless Chromium (support.browser) logs in, lists the users and adds one.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Iterator

import pytest
from support import browser, tls_proxy
from support.docker import HARDENED, Container
from support.http import get
from support.ports import free_port
from support.skips import missing
from support.variants import covering

pytestmark = pytest.mark.docker
# The admin stores users in the database and sessions in the cache: each value of
# those answers, and each server in front, once.
DJANGO = [v for v in covering("server", "database", "cache") if v.framework == "django"]
# Hashed by collectstatic: name.<12 hex digits of the content's MD5>.css.
HASHED_STYLESHEET = re.compile(r"/static/admin/css/[\w-]+\.[0-9a-f]{12}\.css$")


@pytest.fixture(scope="session")
def _browser_and_proxy():
    if absent := browser.missing() + tls_proxy.missing():
        missing(
            f"{', '.join(absent)} not installed (Debian packages chromium chromium-driver nginx openssl)",
            "the admin must be tested in a browser",
        )


@contextlib.contextmanager
def behind_the_proxy(
    engine, runner, image, variant, superuser: tuple[str, str] | None = None
) -> Iterator[tuple[Container, tls_proxy.TlsProxy]]:
    """The service, migrated (and its superuser created) by one-off containers, behind nginx."""
    profile = runner(variant)
    tag = image(variant).tag
    https_port = free_port()  # known before the service starts: its trusted origin
    env = profile.env() | {"DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}"}
    options = profile.prepare(engine, tag, env, HARDENED)
    if superuser:
        account = {
            "DJANGO_SUPERUSER_USERNAME": superuser[0],
            "DJANGO_SUPERUSER_EMAIL": "ops@example.com",
            "DJANGO_SUPERUSER_PASSWORD": superuser[1],
        }
        created = engine.run_once(
            tag, "python", "manage.py", "createsuperuser", "--noinput", options=options, env=env | account
        )
        assert created.returncode == 0, created.stdout + created.stderr
    container = engine.start(tag, env=env, options=options)
    container.wait_healthy()
    with tls_proxy.tls_proxy(container.port, https_port) as proxy:
        yield container, proxy


def log_in(driver, proxy: tls_proxy.TlsProxy, username: str, password: str) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(proxy.url("/admin/"))
    assert driver.current_url == proxy.url("/admin/login/?next=/admin/"), driver.current_url
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    try:
        WebDriverWait(driver, 10).until(lambda d: d.current_url == proxy.url("/admin/"))
    except TimeoutException:  # a 403 of the CSRF check, the form again: say which
        page = driver.find_element(By.TAG_NAME, "body").text[:600]
        raise AssertionError(f"login stayed at {driver.current_url}: {driver.title}\n{page}") from None


@pytest.mark.usefixtures("_browser_and_proxy")
@pytest.mark.parametrize("variant", DJANGO, ids=lambda v: v.id)
def test_a_superuser_logs_in_over_https_and_adds_a_user_in_a_browser(engine, runner, image, variant):
    from selenium.webdriver.common.by import By

    # Names of this test alone: the PostgreSQL variants share one database server.
    superuser, clerk = f"ops-{secrets.token_hex(4)}", f"clerk-{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    with (
        behind_the_proxy(engine, runner, image, variant, (superuser, password)) as (_, proxy),
        browser.chromium(proxy.spki_sha256) as driver,
    ):
        start = time.monotonic()
        log_in(driver, proxy, superuser, password)
        logged_in = time.monotonic() - start
        assert "Site administration" in driver.title
        # Checked below, with the network log: each stylesheet's hashed name and its 200.
        stylesheets = [
            link.get_attribute("href")
            for link in driver.find_elements(By.CSS_SELECTOR, "link[rel=stylesheet]")
        ]
        header = driver.find_element(By.ID, "header").value_of_css_property("background-color")
        shot = browser.screenshot(driver, f"django-admin-{variant.id}")

        driver.get(proxy.url("/admin/users/user/"))
        assert superuser in driver.find_element(By.ID, "result_list").text
        driver.get(proxy.url("/admin/users/user/add/"))
        new_password = secrets.token_urlsafe(16)
        driver.find_element(By.NAME, "username").send_keys(clerk)
        driver.find_element(By.NAME, "password1").send_keys(new_password)
        driver.find_element(By.NAME, "password2").send_keys(new_password)
        driver.find_element(By.NAME, "_save").click()
        message = driver.find_element(By.CSS_SELECTOR, ".messagelist .success").text
        assert clerk in message and "added successfully" in message, message
        driver.get(proxy.url("/admin/users/user/"))
        assert clerk in driver.find_element(By.ID, "result_list").text
        cookies = driver.get_cookies()
        traffic = browser.exchanges(driver)
        seconds = time.monotonic() - start

    print(
        f"{variant.id}: logged in {logged_in:.2f} s, whole admin session {seconds:.2f} s; screenshot {shot}"
    )
    ours = [exchange for exchange in traffic if exchange.url.startswith(proxy.origin)]
    # Every CSRF-protected POST succeeded: the login and the add form, each redirected.
    posts = [(exchange.url, exchange.status) for exchange in ours if exchange.method == "POST"]
    assert posts == [
        (proxy.url("/admin/login/?next=/admin/"), 302),
        (proxy.url("/admin/users/user/add/"), 302),
    ], posts
    assert stylesheets, "the admin page links no stylesheet"
    responses = {exchange.url: exchange for exchange in ours}
    for href in stylesheets:
        assert HASHED_STYLESHEET.search(href), f"{href}: not the content-hashed name"
        assert responses[href].status == 200, (href, responses[href].status)
        assert "immutable" in responses[href].headers["cache-control"], responses[href].headers
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the admin's header has no style"
    assert {cookie["name"] for cookie in cookies} >= {"sessionid", "csrftoken"}, cookies
    for cookie in cookies:
        assert (cookie["secure"], cookie["httpOnly"], cookie["sameSite"]) == (True, True, "Lax"), cookie


@pytest.mark.usefixtures("_browser_and_proxy")
@pytest.mark.parametrize("variant", DJANGO, ids=lambda v: v.id)
def test_plain_http_is_redirected_to_https_while_health_endpoints_answer_it(engine, runner, image, variant):
    with behind_the_proxy(engine, runner, image, variant) as (container, proxy):
        # At the proxy, the way in for browsers: plain HTTP goes to HTTPS.
        redirect = get(proxy.plain_url("/admin/"))
        assert redirect.status == 301
        assert redirect.headers["location"] == proxy.url("/admin/")
        with browser.chromium(proxy.spki_sha256) as driver:
            driver.get(proxy.plain_url("/"))
            assert driver.current_url == proxy.url("/")
            assert "Hello, World!" in driver.page_source  # `/` is still the templates' promise
        # At the container, should a proxy forward plain HTTP: the service redirects it too,
        # all but the health endpoints, which Docker and orchestrators probe that way.
        plain = {"X-Forwarded-Proto": "http"}
        admin = container.get("/admin/", headers=plain)
        assert admin.status == 301
        assert admin.headers["location"].startswith("https://"), admin.headers
        for path in ("/healthz", "/readyz"):
            assert container.get(path, headers=plain).status == 200, path
