"""Real-browser tests: Playwright for Python driving Debian's chromium (apt-get install
chromium; no browser download) against pytest-django's live server with the demo data.

Skipped when chromium is missing, except under REQUIRE_BROWSER=1 (CI), where they fail.
A failing test leaves a full-page screenshot in var/browser-failures/.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.demo_data import load_demo

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "browser-failures"
DEMO_PASSWORD = "demo-congress-2025"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser():
    """One chromium per test: Playwright's event loop must be gone before the database is
    cleaned up after the test (the ORM refuses to run beside a running loop)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if REQUIRE_BROWSER:
            pytest.fail(
                f"browser tests required but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def async_unsafe_allowed(monkeypatch):
    """Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
    make between browser steps are synchronous and safe there. Only for these tests: a
    subprocess of another test (the deploy check) must not inherit it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo_site(live_server):
    """The demo data behind the live server (the tests' django_db mark makes the database
    transactional with the migrations' data restored afterwards); its base URL. Seeded by the
    first use in the test process, its rows written back after (tests/demo_data.py)."""
    load_demo()
    return live_server.url


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator(
        "main form button[type=submit], form[action*=login] button[type=submit]"
    ).first.click()
    page.wait_for_load_state()
