"""The one-file lesson in a real browser, opened from disk with the network cut off.

Debian's chromium (never downloaded) opens each shipped tour's lesson via file://. Every
request other than the lesson file itself is recorded and aborted, and there must be
none; so must there be no console error and no page error. The lesson is driven the way
a teacher drives it: arrow keys, Page Up/Down, Space, Home/End, the buttons, A for the
answer, and inside an iframe, as the app shows it.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from graph.evidence import works_cited
from graph.lesson import lesson_html
from graph.paths import find_paths
from graph.tours import (
    Tour,
    find_tour,
    step_view,
    tour_from_path,
)
from tests.harness import FILES_ONLY, AllowList

from .conftest import ARTIFACTS, Traffic, guarded_page

pytestmark = pytest.mark.e2e

SHIPPED = ("almonds-to-fewer-cramps", "what-helps-during-a-cramp", "why-calves-cramp")


@pytest.fixture
def allow_list() -> AllowList:
    """The lesson is opened from disk: not even a local server may be asked for anything."""
    return FILES_ONLY


@pytest.fixture
def context_options() -> dict:
    """A 1400 x 1000 page that asks for reduced motion: the camera jumps, so steps are quick."""
    return {"viewport": {"width": 1400, "height": 1000}, "reduced_motion": "reduce"}


@pytest.fixture
def moving_page(browser: Browser, traffic: Traffic, context_options: dict) -> Iterator[Page]:
    """A guarded page with motion as most people have it: the camera glides."""
    options = {**context_options, "reduced_motion": "no-preference"}
    with guarded_page(browser, traffic, allow=FILES_ONLY, **options) as page:
        yield page


def _write(tmp_path: Path, graph: nx.MultiDiGraph, positions, tour: Tour) -> Path:
    path = tmp_path / f"{tour.id}.html"
    path.write_text(lesson_html(graph, positions, tour), encoding="utf-8")
    return path


def _open(page: Page, path: Path) -> str:
    uri = path.as_uri()
    page.goto(uri)
    page.locator('[data-testid="atlas-canvas"][data-ready="true"]').wait_for(timeout=20_000)
    _settle(page, 0)
    return uri


def _settle(target: Page | Frame, step: int | None = None) -> None:
    """Wait for ``step`` (if given) and for the camera to stop gliding."""
    if step is not None:
        target.locator(f'body[data-step="{step}"]').wait_for(state="attached", timeout=5_000)
        target.locator(f'body[data-drawn="{step}"]').wait_for(state="attached", timeout=5_000)
    target.locator('body[data-moving="false"]').wait_for(state="attached", timeout=5_000)


def _positions(target: Page | Frame) -> dict[str, dict[str, float]]:
    return target.evaluate("window.atlasCanvas.network.getPositions()")


def _assert_shows(target: Page | Frame, graph, tour: Tour, index: int) -> None:
    """The page presents step ``index``: its words, its progress, its nodes on screen."""
    step = tour.steps[index]
    count = len(tour.steps)
    assert target.evaluate("document.body.dataset.step") == str(index)
    assert target.evaluate("window.atlasLesson.step") == index
    assert target.locator("#progress-text").inner_text() == f"Step {index + 1} of {count}"
    width = target.evaluate("document.getElementById('progress-fill').style.width")
    assert float(width.rstrip("%")) == pytest.approx(100 * (index + 1) / count, abs=0.01)
    assert target.locator("#step-title").inner_text() == step.title
    assert target.locator("#narration").inner_text() == step.narration
    # The works behind the step's verdicts, named under the narration (thirteenth read, F6).
    works = works_cited(graph, step.evidence)
    assert target.locator("#sources").is_visible() is bool(works)
    if works:
        assert target.locator("#sources").inner_text() == f"Sources: {'; '.join(works)}."
    assert target.locator("#question-box").is_visible() is bool(step.question)
    assert target.locator("#answer").is_visible() is False
    assert target.locator("#previous").is_disabled() is (index == 0)
    assert target.locator("#next").is_disabled() is (index == count - 1)
    # The camera frames the step: every node in view has its centre inside the canvas.
    nodes, _ = step_view(graph, tour, index)
    spots = target.evaluate(
        """(ids) => {
            const network = window.atlasCanvas.network;
            const box = network.body.container.getBoundingClientRect();
            return ids.map((id) => {
                const spot = network.canvasToDOM(network.getPosition(id));
                return spot.x >= 0 && spot.y >= 0 && spot.x <= box.width && spot.y <= box.height;
            });
        }""",
        sorted(nodes),
    )
    assert all(spots), (tour.id, index, sorted(nodes), spots)


@pytest.mark.parametrize("tour_id", SHIPPED)
def test_the_lesson_presents_every_step_by_keyboard_offline(
    page, traffic, seed_graph, positions, tours, tmp_path, tour_id
):
    tour = find_tour(tours, tour_id)
    uri = _open(page, _write(tmp_path, seed_graph, positions, tour))
    count = len(tour.steps)
    assert page.evaluate("document.body.dataset.stepCount") == str(count)
    assert page.evaluate("window.atlasLesson.count") == count
    assert page.title() == tour.title
    _assert_shows(page, seed_graph, tour, 0)
    where = _positions(page)
    assert set(where) == set(seed_graph.nodes)
    for index in range(1, count):
        page.keyboard.press("ArrowRight")
        _settle(page, index)
        _assert_shows(page, seed_graph, tour, index)
        # Nodes in view in both steps (indeed every node) never move: no re-layout.
        now = _positions(page)
        both = step_view(seed_graph, tour, index - 1)[0] & step_view(seed_graph, tour, index)[0]
        assert {node: now[node] for node in both} == {node: where[node] for node in both}
        assert now == where
    page.keyboard.press("ArrowRight")  # past the end: stays on the last step
    _settle(page, count - 1)
    for index in range(count - 2, -1, -1):
        page.keyboard.press("ArrowLeft")
        _settle(page, index)
        _assert_shows(page, seed_graph, tour, index)
    assert _positions(page) == where
    traffic.assert_clean(uri)


def test_the_answer_is_revealed_by_key_and_by_button(
    page, traffic, seed_graph, positions, tours, tmp_path
):
    tour = find_tour(tours, "almonds-to-fewer-cramps")
    uri = _open(page, _write(tmp_path, seed_graph, positions, tour))
    answer = page.locator("#answer")
    assert page.evaluate("document.body.dataset.answer") == "hidden"
    assert not answer.is_visible()
    page.keyboard.press("a")
    assert answer.is_visible()
    assert answer.inner_text() == tour.steps[0].answer
    assert page.evaluate("document.body.dataset.answer") == "shown"
    assert not page.locator("#show-answer").is_visible()
    # The next step starts with its answer hidden again; the button shows it.
    page.keyboard.press("ArrowRight")
    _settle(page, 1)
    assert not answer.is_visible()
    page.locator("#show-answer").click()
    assert answer.is_visible() and answer.inner_text() == tour.steps[1].answer
    # Enter does it too, and the keys still move on after a mouse click.
    page.keyboard.press("ArrowRight")
    _settle(page, 2)
    page.keyboard.press("Enter")
    assert answer.inner_text() == tour.steps[2].answer and answer.is_visible()
    assert page.evaluate("window.atlasLesson.showAnswer()") is True
    traffic.assert_clean(uri)


def test_nothing_answers_a_step_before_its_answer_is_shown(
    page, traffic, seed_graph, positions, tmp_path
):
    """Neither the answer nor what reviews say is on the page before the reveal."""
    tour = tour_from_path(seed_graph, find_paths(seed_graph, "almonds", "cramp-prevention")[0])
    assert all(step.question for step in tour.steps)
    uri = _open(page, _write(tmp_path, seed_graph, positions, tour))
    for index, step in enumerate(tour.steps):
        page.evaluate(f"window.atlasLesson.go({index})")
        _settle(page, index)
        shown = page.locator(".panel").inner_text()
        assert page.locator("#answer").text_content() == ""
        assert not page.locator("#claims").is_visible()
        assert step.answer not in shown
        assert step.answer.split(". ")[0] not in shown, "the verdict is not given away"
        page.keyboard.press("a")
        assert page.locator("#answer").inner_text() == step.answer
        assert page.locator("#claims").is_visible()
        assert "What the evidence says" in page.locator("#claims").inner_text()
    traffic.assert_clean(uri)


def test_clicker_keys_buttons_and_hooks_all_move(
    page, traffic, seed_graph, positions, tours, tmp_path
):
    tour = find_tour(tours, "why-calves-cramp")
    uri = _open(page, _write(tmp_path, seed_graph, positions, tour))
    last = len(tour.steps) - 1
    for key, expected in (
        ("PageDown", 1),
        ("Space", 2),
        ("PageUp", 1),
        ("Shift+Space", 0),
        ("End", last),
        ("Home", 0),
        ("ArrowDown", 1),
        ("ArrowUp", 0),
    ):
        page.keyboard.press(key)
        _settle(page, expected)
    page.locator("#next").click()
    _settle(page, 1)
    # A click leaves no button focused, so Space still means "next", not "click again".
    page.keyboard.press("Space")
    _settle(page, 2)
    page.locator("#previous").click()
    _settle(page, 1)
    assert page.evaluate("window.atlasLesson.go(4)") == 4
    _settle(page, 4)
    assert page.evaluate("window.atlasLesson.go(99)") == last
    assert page.evaluate("window.atlasLesson.previous()") == last - 1
    assert page.evaluate("window.atlasLesson.next()") == last
    _settle(page, last)
    _assert_shows(page, seed_graph, tour, last)
    # L shows the legend (node types, line styles, verdicts) and hides it again.
    legend = page.locator("#atlas-legend")
    assert not legend.is_visible()
    page.keyboard.press("l")
    assert legend.is_visible() and "Condition" in legend.inner_text()
    assert page.locator("#legend-toggle").get_attribute("aria-expanded") == "true"
    page.locator("#legend-toggle").click()
    assert not legend.is_visible()
    traffic.assert_clean(uri)


def test_the_camera_glides_while_every_node_stays_put(
    moving_page, traffic, seed_graph, positions, tours, tmp_path
):
    page = moving_page
    tour = find_tour(tours, "what-helps-during-a-cramp")
    uri = _open(page, _write(tmp_path, seed_graph, positions, tour))
    where = _positions(page)
    before = page.evaluate("window.atlasCanvas.network.getViewPosition()")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.body.dataset.moving") == "true"
    page.wait_for_function(
        """(before) => {
            const now = window.atlasCanvas.network.getViewPosition();
            return now.x !== before.x || now.y !== before.y;
        }""",
        arg=before,
        timeout=5_000,
    )
    assert _positions(page) == where
    midway = page.evaluate("window.atlasCanvas.network.getViewPosition()")
    _settle(page, 1)
    after = page.evaluate("window.atlasCanvas.network.getViewPosition()")
    assert before != midway != after  # on its way, not a jump
    _assert_shows(page, seed_graph, tour, 1)
    assert _positions(page) == where
    traffic.assert_clean(uri)


def test_the_almonds_lesson_step_by_step_screenshots(
    page, traffic, seed_graph, positions, tours, tmp_path
):
    """A picture of every step (answer revealed) under test-artifacts/lesson-step-N.png."""
    tour = find_tour(tours, "almonds-to-fewer-cramps")
    uri = _open(page, _write(tmp_path, seed_graph, positions, tour))
    ARTIFACTS.mkdir(exist_ok=True)
    for index, step in enumerate(tour.steps):
        if index:
            page.keyboard.press("ArrowRight")
            _settle(page, index)
        if step.question:
            page.keyboard.press("a")
        page.screenshot(path=str(ARTIFACTS / f"lesson-step-{index + 1}.png"))
    traffic.assert_clean(uri)


def test_the_lesson_works_inside_an_iframe(page, traffic, seed_graph, positions, tours, tmp_path):
    """As the app shows it: an iframe whose srcdoc is the lesson; keys once it is clicked."""
    tour = find_tour(tours, "almonds-to-fewer-cramps")
    lesson = lesson_html(seed_graph, positions, tour)
    host = tmp_path / "host.html"
    host.write_text(
        '<!DOCTYPE html><html><body style="margin:0"><button id="outside">outside</button>'
        '<iframe id="lesson" style="width:1100px;height:760px;border:0" srcdoc="'
        + html.escape(lesson, quote=True)
        + '"></iframe></body></html>',
        encoding="utf-8",
    )
    page.goto(host.as_uri())
    frame_locator = page.frame_locator("#lesson")
    frame_locator.locator('[data-testid="atlas-canvas"][data-ready="true"]').wait_for(
        timeout=20_000
    )
    frame = page.frame(url="about:srcdoc")
    assert frame is not None
    _settle(frame)
    page.locator("#outside").focus()
    assert frame.evaluate("document.body.dataset.embedded") == "true"
    hint = frame_locator.locator("#hint")
    expect(hint).to_be_visible()  # once the frame's blur event has run
    assert hint.inner_text() == "Click here, then use \u2190 \u2192"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lesson-iframe.png"))
    frame_locator.locator(".stage").click()
    expect(hint).to_be_hidden()
    page.keyboard.press("ArrowRight")
    _settle(frame, 1)
    _assert_shows(frame, seed_graph, tour, 1)
    page.keyboard.press("a")
    assert frame_locator.locator("#answer").is_visible()
    traffic.assert_clean(host.as_uri())


def test_on_a_wide_projector_the_words_sit_beside_the_graph(
    browser, traffic, seed_graph, positions, tours, tmp_path
):
    """16:9 at 1920 x 1080: the narration in a column, the graph keeping its height."""
    tour = find_tour(tours, "what-helps-during-a-cramp")
    path = _write(tmp_path, seed_graph, positions, tour)
    with guarded_page(browser, traffic, allow=FILES_ONLY, reduced_motion="reduce") as page:
        page.set_viewport_size({"width": 1920, "height": 1080})
        uri = _open(page, path)
        stage = page.locator(".stage").bounding_box()
        panel = page.locator(".panel").bounding_box()
        assert stage is not None and panel is not None
        assert panel["x"] >= stage["x"] + stage["width"]
        assert stage["height"] > 0.6 * 1080
        narration = page.evaluate(
            "parseFloat(getComputedStyle(document.getElementById('narration')).fontSize)"
        )
        assert narration >= 28  # readable from the back of a classroom
        for index in range(len(tour.steps)):
            if index:
                page.keyboard.press("ArrowRight")
                _settle(page, index)
            _assert_shows(page, seed_graph, tour, index)
        ARTIFACTS.mkdir(exist_ok=True)
        page.keyboard.press("a")
        page.screenshot(path=str(ARTIFACTS / "lesson-wide-1920x1080.png"))
        traffic.assert_clean(uri)
