"""The explorer on a phone (390 x 844, touch): the graph on the first screen, whole; taps
select without covering it; details below; Present, Compare and the sidebar fit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from graph.compare import compare

from .conftest import AppServer, wait_for_redraw
from .test_explorer import SEED, TIMEOUT, canvas, details, open_app, wait_idle
from .test_reading import assert_view_control_on_one_row

PHONE = {"width": 390, "height": 844}

NODE_BOXES = """() => {
  const network = window.atlasCanvas.network;
  const host = network.body.container;
  return { width: host.clientWidth, height: host.clientHeight,
    boxes: Object.fromEntries(network.body.nodeIndices.map((id) => {
      const box = network.getBoundingBox(id);
      const topLeft = network.canvasToDOM({ x: box.left, y: box.top });
      const bottomRight = network.canvasToDOM({ x: box.right, y: box.bottom });
      return [id, [topLeft.x, topLeft.y, bottomRight.x, bottomRight.y]];
    })) };
}"""


@pytest.fixture
def context_options() -> dict:
    return {"viewport": PHONE, "is_mobile": True, "has_touch": True}


def assert_every_node_inside(page: Page) -> None:
    """Every node, label included, lies inside the canvas."""
    wait_for_redraw(page)
    drawn = page.evaluate(NODE_BOXES)
    out = [
        node_id
        for node_id, (left, top, right, bottom) in drawn["boxes"].items()
        if left < 0 or top < 0 or right > drawn["width"] or bottom > drawn["height"]
    ]
    assert out == [], f"cut off by the canvas edge: {out}"


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate('document.querySelector("[data-testid=stMain]").scrollWidth')
    assert width <= PHONE["width"], f"the page is {width} px wide"


def test_the_whole_graph_is_on_the_first_screen(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    wait_idle(page)
    box = drawn.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], f"not on the first screen: {box}"
    assert box["width"] >= PHONE["width"] - 40, f"not the full width: {box}"
    assert_every_node_inside(page)
    assert_no_sideways_scroll(page)
    screenshot("phone-01-opening")


def test_a_tap_selects_without_a_tooltip_over_the_graph(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    wait_idle(page)
    # Where Almonds is on the screen, once neither the page nor the camera moves it (two
    # polls agree): a page still laying out would send the tap to another node.
    settled = page.wait_for_function(
        """(id) => {
          const network = window.atlasCanvas && window.atlasCanvas.network;
          if (!network) return false;
          const box = network.body.container.getBoundingClientRect();
          const at = network.canvasToDOM(network.getPosition(id));
          const spot = {x: box.x + at.x, y: box.y + at.y};
          const key = [spot.x, spot.y].map(Math.round).join(",");
          const same = window.__almondsSpot === key;
          window.__almondsSpot = key;
          return same ? spot : false;
        }""",
        arg="almonds",
        polling=200,
        timeout=TIMEOUT,
    )
    spot = settled.json_value()
    page.touchscreen.tap(spot["x"], spot["y"])
    expect(drawn).to_have_attribute("data-selected", "node:almonds", timeout=TIMEOUT)
    # fixed wait: a tooltip that never opens sends no event; wait past vis's tooltip delay.
    page.wait_for_timeout(800)
    tooltips = page.locator("div.vis-tooltip")
    for index in range(tooltips.count()):
        expect(tooltips.nth(index)).to_be_hidden()
    wait_idle(page)
    heading = details(page).get_by_role("heading", name="Almonds")
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible(timeout=TIMEOUT)
    heading_box = heading.bounding_box()
    assert heading_box is not None and heading_box["y"] >= 0
    description = details(page).locator("p").first
    size = description.evaluate("(p) => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 14, f"details text at {size} px"
    assert_no_sideways_scroll(page)
    screenshot("phone-02-tapped-details")


def test_the_view_control_sits_on_one_row(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false", timeout=TIMEOUT)
    # The sidebar slides in: wait until its (finite) transitions have run.
    sidebar.evaluate(
        """(bar) => Promise.all(bar.getAnimations({subtree: true})
            .filter((move) => move.effect.getComputedTiming().iterations !== Infinity)
            .map((move) => move.finished.catch(() => null)))"""
    )
    assert_view_control_on_one_row(page)
    screenshot("phone-03-sidebar")


def lesson_frame(page: Page) -> Frame:
    frame_element = page.locator("iframe").first
    expect(frame_element).to_be_visible(timeout=TIMEOUT)
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector('[data-testid="atlas-canvas"][data-ready="true"]', timeout=TIMEOUT)
    return frame


def test_present_fits_its_next_button_and_question(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_server.url}/?mode=present&tour=almonds-to-fewer-cramps")
    frame = lesson_frame(page)
    frame.evaluate("window.atlasLesson.go(2)")
    frame.locator("#question-box").wait_for(state="visible")
    fits = frame.evaluate(
        """() => {
          const inside = (inner, outer) => inner.left >= outer.left - 0.5 &&
            inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 &&
            inner.bottom <= outer.bottom + 0.5;
          const page = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
          const next = document.getElementById("next");
          const panel = document.querySelector(".panel").getBoundingClientRect();
          return {
            next: inside(next.getBoundingClientRect(), page) &&
              next.scrollWidth <= next.clientWidth,
            question: inside(document.getElementById("question").getBoundingClientRect(), panel),
            answerButton: inside(document.getElementById("show-answer").getBoundingClientRect(),
              panel),
          };
        }"""
    )
    assert fits == {"next": True, "question": True, "answerButton": True}
    frame_box = page.locator("iframe").first.bounding_box()
    assert frame_box is not None and frame_box["x"] + frame_box["width"] <= PHONE["width"]
    page.locator("iframe").first.scroll_into_view_if_needed()
    screenshot("phone-04-present")


def test_compare_fits_the_phone(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    first, second = "magnesium-deficiency", "sedentary-lifestyle"
    drawn = open_app(page, f"{app_server.url}/?mode=compare&a={first}&b={second}")
    wait_idle(page)
    box = drawn.bounding_box()
    assert box is not None and box["width"] >= PHONE["width"] - 40
    assert box["y"] + box["height"] <= PHONE["height"]
    assert_every_node_inside(page)
    assert_no_sideways_scroll(page)
    compared = compare(SEED, first, second).nodes
    expect(canvas(page)).to_have_attribute("data-node-count", str(len(compared)))
    screenshot("phone-05-compare")
