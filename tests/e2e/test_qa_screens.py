"""What a browser QA pass found on three screens, as the people it found it for meet it.

A desktop (1440 x 900), a classroom projector (1280 x 720) and a phone (390 x 844, touch):
the back button after a change of view, the Present view and the lesson on a projector,
the explorer's questions, note, search and details on a phone and a desktop. Each test
opens a page of its own at its screen size and saves a screenshot under test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import ARTIFACTS, AppServer, Traffic, guarded_page, wait_idle
from .test_explorer import TIMEOUT, canvas

DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def desktop(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    with guarded_page(browser, traffic, **DESKTOP) as page:
        yield page
    traffic.assert_contained()


def shoot(page: Page, name: str) -> Path:
    """Save what the screen shows now (not the whole page) under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"qa-{name}.png"
    page.screenshot(path=str(path))
    return path


def view_button(page: Page, name: str) -> Locator:
    return page.locator(".st-key-mode").get_by_role("radio", name=name, exact=True)


def change_view(page: Page, name: str) -> None:
    view_button(page, name).click()
    wait_idle(page)
    expect(view_button(page, name)).to_have_attribute("aria-checked", "true", timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("start", "views", "path"),
    [
        ("/?q=magnesium", ["Compare"], "/compare?q=magnesium"),
        ("/present?tour=why-calves-cramp", ["Explore", "Curate"], "/curate?tour=why-calves-cramp"),
    ],
)
def test_back_after_a_change_of_view_returns_to_the_view_before(
    desktop: Page, app_server: AppServer, start: str, views: list[str], path: str
) -> None:
    page = desktop
    page.goto(app_server.url + start)
    expect(page.locator(".st-key-mode")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    before = page.evaluate("history.length")
    shown = [(page.url, page.locator(".st-key-mode [aria-checked=true]").inner_text())]
    for name in views:
        change_view(page, name)
        shown.append((page.url, name))
    assert page.url == app_server.url + path
    assert page.evaluate("history.length") == before + len(views), "one entry per change"
    shoot(page, "back-01-after-changes")
    for url, name in reversed(shown[:-1]):
        page.go_back()
        wait_idle(page)
        assert page.url == url
        expect(view_button(page, name)).to_have_attribute("aria-checked", "true", timeout=TIMEOUT)
    shoot(page, "back-02-first-view-again")
    if start.startswith("/?q="):
        expect(canvas(page)).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
        expect(page.get_by_role("textbox", name="Search")).to_have_value("magnesium")
    else:
        lesson = page.locator("iframe").first.content_frame
        expect(lesson.locator("#lesson-title")).to_have_text("Why calves cramp: the causes")
