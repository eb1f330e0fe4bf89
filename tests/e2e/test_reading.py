"""Reading the explorer at 1440 x 900: the answer in sight, whole button labels, the
browser's forward button, and the canvas by keyboard with a screen reader's live region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.paths import find_paths
from graph.query import compose_view, search_hits
from graph.questions import DEFAULT_QUESTIONS_DIR, answer_question, load_questions
from graph.sentences import narrate_path
from ui.state import MODES, ExplorerState

from .conftest import AppServer
from .test_explorer import SEED, TIMEOUT, canvas, details, open_app, wait_idle

LAPTOP = {"width": 1440, "height": 900}
QUESTIONS = {question.id: question for question in load_questions(DEFAULT_QUESTIONS_DIR, SEED)}


def drawn_count(state: ExplorerState) -> str:
    """How many nodes the explorer draws for ``state``, as the library composes its view."""
    hits = search_hits(SEED, state.search) if state.search.strip() else []
    found = tuple(match.node_id for match in hits)
    return str(compose_view(SEED, replace(state.view_spec(), matches=found)).number_of_nodes())


@pytest.fixture
def context_options() -> dict:
    return {"viewport": LAPTOP}


def test_a_questions_answer_is_beside_the_graph_above_the_fold(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    question = QUESTIONS["during-a-cramp"]
    answer = answer_question(SEED, question)
    open_app(page, f"{app_server.url}/?question={question.id}")
    wait_idle(page)
    heading = page.get_by_role("heading", name=question.question)
    summary = page.get_by_text(answer.summary)
    narration = page.get_by_text(f"1. {answer.sentences[0].text}")
    for part in (heading, summary, narration):
        box = part.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= LAPTOP["height"], f"below the fold: {box}"
    drawn = canvas(page).bounding_box()
    assert drawn is not None and drawn["y"] < LAPTOP["height"] / 2
    screenshot("reading-01-answer-beside-graph")


def test_labels_of_the_details_buttons_wrap_instead_of_being_cut(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, f"{app_server.url}/?sel=calf-cramp")
    wait_idle(page)
    buttons = details(page).get_by_role("button")
    expect(buttons.first).to_be_visible(timeout=TIMEOUT)
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stColumn"] button')]
          .map((button) => button.querySelector('[data-testid="stMarkdownContainer"]'))
          .filter((label) => label && label.scrollWidth > label.clientWidth + 1)
          .map((label) => label.innerText)"""
    )
    assert cut == []
    long_label = details(page).get_by_role("button", name="Blood stagnation in the vessels")
    expect(long_label).to_be_visible()
    box = long_label.bounding_box()
    assert box is not None and box["height"] > 45, "a long label should take two lines"
    screenshot("reading-02-wrapped-button-labels")


def test_forward_after_back_restores_the_view(page: Page, app_server: AppServer) -> None:
    whole = drawn_count(ExplorerState())
    searched = drawn_count(ExplorerState(search="almonds"))
    assert searched != whole, "the search must change the view for back/forward to show"
    drawn = open_app(page, app_server.url)
    search = page.get_by_role("textbox", name="Search")
    search.fill("almonds")
    search.press("Enter")
    wait_idle(page)
    expect(drawn).to_have_attribute("data-node-count", searched, timeout=TIMEOUT)
    page.go_back()
    wait_idle(page)
    expect(drawn).to_have_attribute("data-node-count", whole, timeout=TIMEOUT)
    page.go_forward()
    wait_idle(page)
    expect(drawn).to_have_attribute("data-node-count", searched, timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name="Search")).to_have_value("almonds")
    wait_idle(page)
    assert page.url.endswith("/?q=almonds")


def _canvas_has_focus(page: Page) -> bool:
    return canvas(page).evaluate("(host) => host.getRootNode().activeElement === host")


def test_the_canvas_is_reached_and_used_by_keyboard(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, f"{app_server.url}/?cause=magnesium-deficiency")
    wait_idle(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(150):
        page.keyboard.press("Tab")
        if _canvas_has_focus(page):
            break
    assert _canvas_has_focus(page), "Tab never reached the canvas"
    assert drawn.get_attribute("aria-label", timeout=TIMEOUT).startswith("Graph of ")
    live = page.get_by_test_id("atlas-live")
    assert live.get_attribute("aria-live") == "polite"

    page.keyboard.press("ArrowLeft")
    first = page.evaluate("window.atlasCanvas.network.getSelectedNodes()")
    assert len(first) == 1
    page.keyboard.press("ArrowLeft")
    second = page.evaluate("window.atlasCanvas.network.getSelectedNodes()")
    assert len(second) == 1 and second != first, "the arrow did not move to another node"
    label = page.evaluate(
        f"window.atlasCanvas.payload.nodes.find(n => n.id === '{second[0]}').label"
    )
    expect(live).to_have_text(f"{label}. Enter selects it.")

    page.keyboard.press("Enter")
    expect(drawn).to_have_attribute("data-selected", f"node:{second[0]}", timeout=TIMEOUT)
    expect(live).to_have_text(f"Selected: {label}")
    wait_idle(page)
    expect(details(page).get_by_role("heading", name=label)).to_be_visible(timeout=TIMEOUT)
    assert f"sel={second[0]}" in page.url
    screenshot("reading-03-keyboard-selected")


def assert_view_control_on_one_row(page: Page) -> None:
    """The sidebar's View control: a button per view, all on one row, no label cut."""
    views = page.get_by_test_id("stSidebar").get_by_test_id("stButtonGroup").first
    expect(views).to_be_visible(timeout=TIMEOUT)
    rows = views.evaluate(
        """(group) => [...group.querySelectorAll('button')].map((button) => [
          button.getBoundingClientRect().top,
          [...button.querySelectorAll('*')].every((part) => part.scrollWidth <= part.clientWidth),
        ])"""
    )
    assert len(rows) == len(MODES)
    assert len({round(top) for top, _ in rows}) == 1, f"on more than one row: {rows}"
    assert all(whole for _, whole in rows), "a label is cut"


def test_the_sidebar_view_control_sits_on_one_row(page: Page, app_server: AppServer) -> None:
    open_app(page, app_server.url)
    assert_view_control_on_one_row(page)


def test_a_traced_paths_steps_are_beside_the_graph_above_the_fold(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    first = narrate_path(SEED, find_paths(SEED, "almonds", "cramp-prevention")[0])[0]
    open_app(page, f"{app_server.url}/?from=almonds&to=cramp-prevention")
    wait_idle(page)
    step = page.get_by_text(f"1. {first.text}")
    expect(step).to_be_visible()
    box, drawn = step.bounding_box(), canvas(page).bounding_box()
    assert box is not None and drawn is not None
    assert box["y"] + box["height"] <= LAPTOP["height"], f"below the fold: {box}"
    assert box["x"] >= drawn["x"] + drawn["width"], "the path's steps are not beside the graph"
    screenshot("reading-06-path-beside-graph")
