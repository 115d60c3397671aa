"""Browser tests: Playwright drives Debian's Chromium (never a browser Playwright downloads)
against pytest-django's live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

from harness.chromium import CHROMIUM_FLAGS, chromium_path

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (creating fixtures) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class ConsoleLog:
    def __init__(self):
        self.errors: list[str] = []

    def on_console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def on_page_error(self, error):
        self.errors.append(str(error))

    def on_response(self, response):
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")


@pytest.fixture
def console():
    return ConsoleLog()


@pytest.fixture
def page(browser, live_server, console):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    page.on("response", console.on_response)
    yield page
    context.close()


def serious_accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def sign_in(page, live_server):
    """Sign ``user`` in to the browser page by handing it a real session cookie."""
    from django.conf import settings
    from django.test import Client

    def sign_in_as(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in_as
