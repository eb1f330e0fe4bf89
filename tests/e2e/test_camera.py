"""The camera frames every view it is given, with one zoom floor; nodes never move.

Each test changes the view the way a reader does (search, focus, filter, question, path)
and then reads, from the live canvas, where every node is on screen and at what scale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from graph.layout import compute_layout
from tests import seed
from ui.state import ExplorerState

from .conftest import AppServer, wait_for_redraw
from .test_explorer import TIMEOUT, canvas, choose, open_app, wait_idle
from .test_reading import QUESTIONS, drawn_count

SEED = seed.graph()
POSITIONS = compute_layout(SEED)

ON_SCREEN = """() => {
  const canvas = window.atlasCanvases.canvas;
  const network = canvas.network;
  const host = network.body.container;
  const camera = canvas.payload.camera;
  const spots = {};
  for (const [id, spot] of Object.entries(network.getPositions())) {
    spots[id] = { canvas: spot, screen: network.canvasToDOM(spot) };
  }
  return { width: host.clientWidth, height: host.clientHeight, scale: network.getScale(),
           floor: camera.min_font_px / camera.font_size, spots: spots };
}"""


def on_screen(page: Page) -> dict:
    """Every drawn node's place on screen, the canvas size and the camera's scale."""
    wait_for_redraw(page, "canvas")
    return page.evaluate(ON_SCREEN)


def search_for(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def outside(view: dict, margin: float = 0.0) -> list[str]:
    """The nodes whose centre is off the canvas (or within ``margin`` px of its edge)."""
    return [
        node_id
        for node_id, spot in view["spots"].items()
        if not (
            margin <= spot["screen"]["x"] <= view["width"] - margin
            and margin <= spot["screen"]["y"] <= view["height"] - margin
        )
    ]


def assert_framed(view: dict) -> None:
    """Every node inside, at a readable scale, and every node where the layout put it."""
    assert outside(view, margin=10) == [], f"off the canvas: {outside(view, margin=10)}"
    assert view["scale"] >= view["floor"] - 1e-9, f"below the zoom floor: {view['scale']}"
    for node_id, spot in view["spots"].items():
        x, y = POSITIONS[node_id]  # vis-network reports positions rounded to whole units
        assert abs(spot["canvas"]["x"] - x) <= 1 and abs(spot["canvas"]["y"] - y) <= 1, node_id


def test_a_second_search_frames_what_it_found(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    search_for(page, "charly horse")
    search_for(page, "legumes")
    # The second search's run may start after the first one's has ended: wait for its graph.
    page.wait_for_function(
        "() => { const n = window.atlasCanvas && window.atlasCanvas.network;"
        " return !!(n && n.body.data.nodes.get('legumes')); }",
        timeout=TIMEOUT,
    )
    view = on_screen(page)
    assert "legumes" in view["spots"]
    assert "legumes" not in outside(view, margin=40), view["spots"]["legumes"]["screen"]
    assert_framed(view)
    screenshot("camera-01-second-search")


def test_a_focus_chosen_after_the_whole_graph_is_centred(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    cause = "sedentary-lifestyle"
    choose(page, "Focus on a cause", SEED.nodes[cause]["label"])
    count = drawn_count(ExplorerState(cause=cause))
    assert count != drawn_count(ExplorerState()), "the focus must change what is drawn"
    expect(canvas(page)).to_have_attribute("data-node-count", count, timeout=TIMEOUT)
    view = on_screen(page)
    xs = [spot["screen"]["x"] for spot in view["spots"].values()]
    ys = [spot["screen"]["y"] for spot in view["spots"].values()]
    middle = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    assert abs(middle[0] - view["width"] / 2) < 0.1 * view["width"], middle
    assert abs(middle[1] - view["height"] / 2) < 0.15 * view["height"], middle
    assert_framed(view)
    screenshot("camera-02-focus-centred")


def test_a_focus_opened_from_a_link_is_centred(page: Page, app_server: AppServer) -> None:
    open_app(page, f"{app_server.url}/?cause=sedentary-lifestyle")
    view = on_screen(page)
    xs = [spot["screen"]["x"] for spot in view["spots"].values()]
    assert abs((min(xs) + max(xs)) / 2 - view["width"] / 2) < 0.1 * view["width"]
    assert_framed(view)


def test_filter_question_and_path_each_frame_their_view(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    choose(page, "Focus on a remedy", SEED.nodes["lemon-rub"]["label"])
    assert_framed(on_screen(page))
    choose(page, "Focus on a remedy", "(none)")
    filters = page.get_by_test_id("stMultiSelect").filter(has_text="Node types")
    filters.click()
    page.keyboard.type("Foods")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)
    assert_framed(on_screen(page))
    page.goto(f"{app_server.url}/?types=remedy")
    expect(canvas(page)).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
    questions = page.get_by_test_id("stButtonGroup").filter(has_text="Start with a question")
    foods = QUESTIONS["foods-that-prevent-cramps"].question
    questions.get_by_text(foods, exact=True).click()
    wait_idle(page)
    assert_framed(on_screen(page))
    choose(page, "From", SEED.nodes["almonds"]["label"])
    choose(page, "To", SEED.nodes["calf-cramp"]["label"])
    wait_idle(page)
    assert_framed(on_screen(page))
    screenshot("camera-03-path")


def test_a_click_keeps_the_camera(page: Page, app_server: AppServer) -> None:
    open_app(page, f"{app_server.url}/?cause=magnesium-deficiency")
    before = on_screen(page)
    page.evaluate("window.atlasCanvases.canvas.selectNode('magnesium')")
    wait_idle(page)
    after = on_screen(page)
    assert after["scale"] == before["scale"]
    assert after["spots"]["magnesium"]["screen"] == before["spots"]["magnesium"]["screen"]
