"""Browser helpers of every app's browser tests: sign in, follow the menu, draw on the signature
pad, and check that a phone never scrolls sideways. The browser fixtures are in
silajar/conftest.py."""

import re

import pytest
from playwright.sync_api import expect

LOGIN_PATH = "/accounts/login/"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def sign_in(page, site, login, password):
    page.goto(site + LOGIN_PATH)
    page.locator("#id_username").fill(login)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-testid=main-nav]")).to_be_attached()


def open_nav(page, href: str):
    """Follow a main-menu entry; on a phone the menu opens from the toggler first."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
    link = page.locator(f"[data-testid=main-nav] a[href='{href}']")
    if not link.is_visible():  # in a group's drop-down menu
        menu = page.locator(
            "[data-testid=main-nav] li.dropdown", has=page.locator(f"a[href='{href}']")
        )
        menu.locator("button.dropdown-toggle").click()
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()


def assert_no_horizontal_scroll(page):
    """Nothing wider than the phone: a mobile browser would widen the layout viewport to fit."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        culprits = page.evaluate(
            """(width) => Array.from(document.querySelectorAll("body *"))
                .filter((e) => e.getBoundingClientRect().right > width + 1)
                .slice(0, 8)
                .map((e) => `${e.tagName}.${e.className}`)""",
            width,
        )
        pytest.fail(f"{page.url} scrolls sideways: {scroll_width}px > {width}px: {culprits}")


def draw_signature(page):
    canvas = page.locator("[data-testid=signature-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    for fx, fy in [(0.25, 0.3), (0.4, 0.75), (0.55, 0.25), (0.7, 0.7), (0.9, 0.35)]:
        page.mouse.move(x + w * fx, y + h * fy, steps=6)
    page.mouse.up()
    expect(page.locator("[data-signature-input]")).to_have_value(
        re.compile(r"^data:image/png;base64,")
    )
