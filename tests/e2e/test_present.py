"""The Present view as an educator meets it on a 1280 x 720 projector.

With no tour chosen the tours are offered as cards; the chosen tour's presentation comes
first on the page, its first step's words on the first screen; full screen (the F key
or the button) fills the projector with the lesson, the words beside the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer

TIMEOUT = 30_000
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture
def context_options() -> dict:
    """A common classroom projector."""
    return {"viewport": PROJECTOR}


def test_the_tours_are_offered_and_the_chosen_one_fills_the_first_screen(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_server.url}/?mode=present")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Choose a tour to present")).to_be_visible(
        timeout=TIMEOUT
    )
    cards = main.get_by_role("button", name="Almonds, magnesium")
    expect(cards).to_be_visible()
    expect(main.get_by_text("For: Health and nutrition classes")).to_be_visible()
    screenshot("present-tour-cards-1280x720")
    cards.click()
    page.wait_for_url("**tour=almonds-to-fewer-cramps**", timeout=TIMEOUT)
    lesson = page.locator("iframe").first.content_frame
    expect(lesson.locator("body")).to_have_attribute("data-drawn", "0", timeout=TIMEOUT)
    title = lesson.locator("#step-title")
    expect(title).not_to_be_empty()
    words = lesson.locator("#narration")
    box = words.bounding_box()  # in the page's coordinates, the frame's offset included
    line = words.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box is not None
    assert box["y"] + 2 * line <= PROJECTOR["height"], "the step's words start below the screen"
    screenshot("present-first-screen-1280x720")


def test_full_screen_puts_the_words_beside_the_graph_and_f_leaves_it(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_server.url}/?mode=present&tour=what-helps-during-a-cramp")
    lesson = page.locator("iframe").first.content_frame
    expect(lesson.locator("body")).to_have_attribute("data-drawn", "0", timeout=TIMEOUT)
    button = lesson.get_by_role("button", name="Full screen (F)")
    expect(button).to_be_visible()
    button.click()
    expect(lesson.get_by_role("button", name="Leave full screen (F)")).to_be_visible()
    stage = lesson.locator(".stage").bounding_box()
    panel = lesson.locator(".panel").bounding_box()
    assert stage is not None and panel is not None
    assert panel["x"] >= stage["x"] + stage["width"], "the words are not beside the graph"
    assert stage["y"] + stage["height"] <= PROJECTOR["height"]
    assert panel["y"] + panel["height"] <= PROJECTOR["height"]
    screenshot("present-full-screen-1280x720")
    lesson.locator("body").press("f")
    expect(lesson.get_by_role("button", name="Full screen (F)")).to_be_visible()
    assert not lesson.locator("html").evaluate("() => Boolean(document.fullscreenElement)")
