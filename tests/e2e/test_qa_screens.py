"""What a browser QA pass found on three screens, as the people it found it for meet it.

A desktop (1440 x 900), a classroom projector (1280 x 720) and a phone (390 x 844, touch):
the back button after a change of view, the Present view and the lesson on a projector,
the explorer's questions, note, search and details on a phone and a desktop. Each test
opens a page of its own at its screen size and saves a screenshot under test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser, Frame, Locator, Page, expect

from graph.lesson import lesson_html
from graph.tours import Tour, find_tour
from tests.harness import FILES_ONLY

from .conftest import ARTIFACTS, AppServer, Traffic, guarded_page, wait_idle
from .test_explorer import TIMEOUT, canvas, open_app

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
    """Click ``name`` in the sidebar's View control, opening the sidebar (collapsed in
    Present) first."""
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.is_visible():
        opener.click()
    view_button(page, name).click()
    path = "/" if name == "Explore" else f"/{name.lower()}"
    page.wait_for_function("(path) => location.pathname === path", arg=path, timeout=TIMEOUT)
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
    # The whole page (Explore sends its sidebar's pickers after the graph has drawn).
    pickers = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
    expect(pickers.first).to_be_attached(timeout=TIMEOUT)
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
        page.wait_for_url(url, timeout=TIMEOUT)
        wait_idle(page)
        expect(view_button(page, name)).to_have_attribute("aria-checked", "true", timeout=TIMEOUT)
    shoot(page, "back-02-first-view-again")
    if start.startswith("/?q="):
        expect(canvas(page)).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
        expect(page.get_by_role("textbox", name="Search")).to_have_value("magnesium")
    else:
        lesson = page.locator("iframe").first.content_frame
        expect(lesson.locator("#lesson-title")).to_have_text("Why calves cramp: the causes")


@pytest.fixture
def projector(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    with guarded_page(browser, traffic, **PROJECTOR) as page:
        yield page
    traffic.assert_contained()


@pytest.fixture
def phone(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    with guarded_page(browser, traffic, **PHONE) as page:
        yield page
    traffic.assert_contained()


def open_lesson(page: Page, url: str) -> Frame:
    """Open the Present view at ``url``; the lesson's frame once its first step is drawn."""
    page.goto(url)
    element = page.locator("iframe").first
    expect(element).to_be_visible(timeout=TIMEOUT)
    frame = element.element_handle().content_frame()
    assert frame is not None
    expect(frame.locator("body")).to_have_attribute("data-drawn", "0", timeout=TIMEOUT)
    wait_idle(page)
    return frame


def box_of(target: Page | Frame, selector: str) -> dict[str, float]:
    """Where ``selector`` is on the screen (a frame's offset included)."""
    box = target.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def assert_on_screen(box: dict[str, float], screen: dict[str, int], what: str) -> None:
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"] + 0.5, what
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"] + 0.5, what


@pytest.mark.parametrize("tour", ["almonds-to-fewer-cramps", "what-helps-during-a-cramp"])
def test_on_a_projector_the_step_and_its_buttons_fit_the_first_screen(
    projector: Page, app_server: AppServer, tour: str
) -> None:
    screen = PROJECTOR["viewport"]
    frame = open_lesson(projector, f"{app_server.url}/present?tour={tour}")
    assert box_of(projector, "iframe")["width"] >= 0.8 * screen["width"], "the sidebar is open"
    steps = int(frame.locator("body").get_attribute("data-step-count") or 0)
    for step in range(steps):
        frame.evaluate("(step) => window.atlasLesson.go(step)", step)
        expect(frame.locator("body")).to_have_attribute("data-drawn", str(step))
        panel = box_of(frame, ".panel")
        for selector in ("#step-title", "#narration", "#previous", "#next"):
            assert_on_screen(box_of(frame, selector), screen, f"step {step + 1}: {selector}")
        narration = box_of(frame, "#narration")
        assert narration["y"] + narration["height"] <= panel["y"] + panel["height"] + 0.5
        if frame.locator("#question-box").is_visible():
            question = box_of(frame, "#question-box")
            assert question["y"] + question["height"] <= panel["y"] + panel["height"] + 0.5
        if step == 0:
            shoot(projector, f"projector-{tour}")


def test_a_pointer_resting_on_the_graph_puts_no_hover_box_over_the_step(
    projector: Page, app_server: AppServer
) -> None:
    frame = open_lesson(projector, f"{app_server.url}/present?tour=almonds-to-fewer-cramps")
    stage = box_of(frame, ".stage")
    # Where a node sits on the screen: the pointer rests on it after the click.
    spot = frame.evaluate(
        """(id) => {
          const network = window.atlasCanvas.network;
          window.popupShown = new Promise((resolve) => network.once("showPopup", resolve));
          return network.canvasToDOM(network.getPositions([id])[id]);
        }""",
        "medications",
    )
    projector.mouse.click(stage["x"] + spot["x"], stage["y"] + spot["y"])
    frame.evaluate("window.popupShown")  # vis-network asked for its hover box
    tooltip = frame.locator("div.vis-tooltip")
    expect(tooltip).to_be_hidden()
    projector.keyboard.press("ArrowRight")
    expect(frame.locator("body")).to_have_attribute("data-drawn", "1", timeout=TIMEOUT)
    expect(tooltip).to_be_hidden()
    shoot(projector, "projector-pointer-resting")
    # The mouse moving on to a node of the new step brings the hover box back.
    expect(frame.locator("body")).to_have_attribute("data-moving", "false", timeout=TIMEOUT)
    almonds = frame.evaluate(
        """(id) => window.atlasCanvas.network.canvasToDOM(
          window.atlasCanvas.network.getPositions([id])[id])""",
        "almonds",
    )
    projector.mouse.move(stage["x"] + almonds["x"], stage["y"] + almonds["y"], steps=6)
    expect(tooltip).to_be_visible()


def assert_title_and_answer_in_sight(target: Page | Frame, what: str) -> None:
    """The step's title and its whole answer lie inside the visible part of the panel."""
    panel = box_of(target, ".panel")
    title = box_of(target, "#step-title")
    answer = box_of(target, "#answer")
    bottom = panel["y"] + panel["height"] + 0.5
    assert title["y"] >= panel["y"] - 0.5, f"{what}: the title scrolled out of sight"
    assert answer["y"] >= title["y"] + title["height"] - 0.5, f"{what}: answer under the title"
    assert answer["y"] + answer["height"] <= bottom, f"{what}: the answer is cut off"


def step_through_answers(target: Page | Frame, keys: Page) -> None:
    """Show every step's answer (the A key) and check the title and answer are in sight."""
    body = target.locator("body")
    steps = int(body.get_attribute("data-step-count") or 0)
    for step in range(steps):
        if step:
            keys.keyboard.press("ArrowRight")
        expect(body).to_have_attribute("data-drawn", str(step), timeout=TIMEOUT)
        if body.get_attribute("data-answer") == "hidden":
            keys.keyboard.press("a")
            expect(body).to_have_attribute("data-answer", "shown")
            assert_title_and_answer_in_sight(target, f"step {step + 1}")


@pytest.mark.parametrize("tour", ["almonds-to-fewer-cramps", "why-calves-cramp"])
def test_the_downloaded_lesson_keeps_the_title_and_answer_in_sight(
    browser: Browser,
    traffic: Traffic,
    tmp_path: Path,
    seed_graph: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    tours: tuple[Tour, ...],
    tour: str,
) -> None:
    lesson = lesson_html(seed_graph, positions, find_tour(tours, tour))
    path = tmp_path / f"{tour}.html"
    path.write_text(lesson, encoding="utf-8")
    with guarded_page(browser, traffic, allow=FILES_ONLY, **PROJECTOR) as page:
        page.goto(path.as_uri())
        step_through_answers(page, page)
        shoot(page, f"lesson-answer-{tour}")
    traffic.assert_contained()


def test_full_screen_in_the_app_keeps_the_title_and_answer_in_sight(
    projector: Page, app_server: AppServer
) -> None:
    frame = open_lesson(projector, f"{app_server.url}/present?tour=almonds-to-fewer-cramps")
    frame.get_by_role("button", name="Full screen (F)").click()
    expect(frame.get_by_role("button", name="Leave full screen (F)")).to_be_visible()
    step_through_answers(frame, projector)
    shoot(projector, "projector-full-screen-answer")


@pytest.mark.parametrize("tour", ["what-helps-during-a-cramp", "why-calves-cramp"])
def test_on_a_phone_the_lesson_has_no_key_hint_and_frames_its_step_legibly(
    phone: Page, app_server: AppServer, tour: str
) -> None:
    frame = open_lesson(phone, f"{app_server.url}/present?tour={tour}")
    expect(frame.locator("#hint")).to_be_hidden()
    font = frame.evaluate(
        "JSON.parse(document.getElementById('lesson-data').textContent)"
        ".steps[0].payload.camera.font_size"
    )
    label_px = font * frame.evaluate("window.atlasCanvas.network.getScale()")
    assert label_px >= 8, f"labels {label_px:.1f} px tall"
    frame.locator("#next").tap()
    expect(frame.locator("body")).to_have_attribute("data-drawn", "1", timeout=TIMEOUT)
    expect(frame.locator("body")).to_have_attribute("data-moving", "false", timeout=TIMEOUT)
    label_px = font * frame.evaluate("window.atlasCanvas.network.getScale()")
    assert label_px >= 8, f"step 2: labels {label_px:.1f} px tall"
    frame.locator(".stage").scroll_into_view_if_needed()
    shoot(phone, f"phone-lesson-{tour}")


def test_on_a_phone_every_question_can_be_read_whole_and_the_row_says_it_scrolls(
    phone: Page, app_server: AppServer
) -> None:
    open_app(phone, app_server.url)
    row = phone.locator(".st-key-question")
    buttons = row.get_by_role("radio")
    count = buttons.count()
    assert count > 1
    label = row.get_by_test_id("stWidgetLabel").locator("p")
    said = label.evaluate("(p) => getComputedStyle(p, '::after').content")
    assert "swipe" in said, "nothing says more questions lie to the side"
    second = buttons.nth(1).bounding_box()
    assert second is not None and second["x"] < PHONE["viewport"]["width"] - 20, "no next peeks"
    shoot(phone, "phone-questions")
    for index in range(count):
        button = buttons.nth(index)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box is not None
        assert_on_screen(box, PHONE["viewport"], f"question {index + 1}")
        text = button.locator("p")
        cut = text.evaluate("(p) => p.scrollWidth > p.clientWidth + 1")
        assert not cut, f"question {index + 1} is cut: {text.inner_text()}"


@pytest.mark.parametrize("path", ["/", "/compare", "/present"])
def test_on_a_phone_the_note_is_read_whole_below_the_header(
    phone: Page, app_server: AppServer, path: str
) -> None:
    phone.goto(app_server.url + path)
    note = phone.get_by_text("Cramp Atlas is an educational tool")
    expect(note).to_be_visible(timeout=TIMEOUT)
    wait_idle(phone)
    header = box_of(phone, '[data-testid="stHeader"]')
    assert box_of(phone, "text=Cramp Atlas is an educational tool")["y"] >= header["height"]
    shoot(phone, f"phone-note-{path.strip('/') or 'explore'}")


@pytest.mark.parametrize(
    ("words", "found"),
    [("charley horse", "1 match: Calf muscle cramp"), ("zzzz", "Nothing matches")],
)
def test_on_a_phone_a_search_says_what_it_found_where_the_reader_is(
    phone: Page, app_server: AppServer, words: str, found: str
) -> None:
    open_app(phone, app_server.url)
    phone.get_by_test_id("stExpandSidebarButton").tap()
    search = phone.get_by_role("textbox", name="Search")
    search.fill(words)
    search.press("Enter")
    wait_idle(phone)
    # Some line saying what was found is on the screen, with nothing covering it.
    in_sight = phone.wait_for_function(
        """(found) => [...document.querySelectorAll("p")].some((line) => {
          if (!line.innerText.includes(found)) return false;
          const box = line.getBoundingClientRect();
          const x = box.left + Math.min(box.width / 2, 40), y = box.top + box.height / 2;
          if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
          const top = document.elementFromPoint(x, y);
          return top !== null && line.contains(top);
        })""",
        arg=found,
        timeout=TIMEOUT,
    )
    assert in_sight.json_value()
    shoot(phone, f"phone-search-{words.replace(' ', '-')}")


@pytest.mark.parametrize(
    "selected", ["almonds|rich_in|vitamin-d", "almonds|rich_in|magnesium", "calf-cramp"]
)
def test_on_a_desktop_the_details_are_read_in_wide_enough_lines_and_tables_whole(
    desktop: Page, app_server: AppServer, selected: str
) -> None:
    open_app(desktop, f"{app_server.url}/?sel={selected.replace('|', '%7C')}")
    wait_idle(desktop)
    panel = desktop.locator(".st-key-details")
    expect(panel).to_be_visible(timeout=TIMEOUT)
    measured = panel.evaluate(
        """(panel) => {
          const width = panel.getBoundingClientRect().width;
          const blocks = [...panel.querySelectorAll('[data-testid="stMarkdown"]')]
            .map((text) => text.getBoundingClientRect().width);
          const cells = [...panel.querySelectorAll("table th, table td")];
          const cut = cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1 ||
            cell.getBoundingClientRect().right > panel.getBoundingClientRect().right + 1);
          return { width, narrowest: Math.min(...blocks), cut: cut.map((c) => c.innerText) };
        }"""
    )
    assert measured["narrowest"] >= 0.9 * measured["width"], f"squeezed text: {measured}"
    assert measured["cut"] == [], f"table cells cut off: {measured['cut']}"
    panel.scroll_into_view_if_needed()
    shoot(desktop, f"details-{selected.replace('|', '-')}")
