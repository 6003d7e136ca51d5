"""End-to-end tests in Debian's Chromium against Django's live server.

Run them in their own pytest process (see the Makefile target test-e2e):

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -m e2e tests/e2e

Playwright cannot download its own browsers on these machines, so the browser
is /usr/bin/chromium (apt-get install chromium). Without it the tests are
skipped locally but fail when CI=true.
"""

import os
import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Generous for a cold first request (the live server renders its first Wagtail page).
TIMEOUT_MS = 15_000

# Every test in this folder is an end-to-end test; `-m "not e2e"` leaves them out.
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"{CHROMIUM} is missing: install it with `apt-get install chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def new_context(new_context):
    """Every browser context gets the same timeouts."""

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        return context

    return _new_context


@pytest.fixture
def sign_in(live_server):
    """Sign a user in through the real login form; return the page afterwards.

    `next_url` is passed as ?next=; without it Django sends the user to
    LOGIN_REDIRECT_URL (the list of their workspaces).
    """

    def _sign_in(page, user, next_url=None):
        url = f"{live_server.url}/accounts/login/"
        if next_url:
            url += f"?next={next_url}"
        page.goto(url)
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_url(re.compile(r"/werkruimte/"))
        return page

    return _sign_in


@pytest.fixture(scope="session")
def asgi_server(request, tmp_path_factory):
    """The real ASGI server with the demo, started once for the session's live tests."""
    from tests.e2e.test_threads_live import start_asgi_server

    return start_asgi_server(request, tmp_path_factory)


@pytest.fixture
def server(asgi_server):
    """The session's ASGI server; its log is printed at teardown, shown when a test fails."""
    yield asgi_server
    print(f"--- {asgi_server.log} (tail) ---\n{asgi_server.log_tail()}")  # noqa: T201
