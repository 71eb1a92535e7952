"""Browser fixtures: one Playwright and one Debian Chromium per session, a fresh context per test.

Never `playwright install`: the tests drive /usr/bin/chromium (see bin/ensure-chromium).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("SILAJAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# An Indonesian user's browser: LocaleMiddleware honours Accept-Language.
BROWSER_LOCALE = "id-ID"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run bin/ensure-chromium (make test does)")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) → a page in a fresh browser context (own cookies, storage)."""
    contexts = []

    def make(**options):
        options.setdefault("locale", BROWSER_LOCALE)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
