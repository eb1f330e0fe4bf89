"""The explorer as a person uses it: a real `streamlit run`, a real headless chromium.

Each test drives the page through its widgets and the canvas, asserts what a reader would
notice (what is drawn, what the details panel says, what the URL restores), and saves a
screenshot under test-artifacts/. The `page` fixture fails any test whose page reaches
beyond localhost or opens a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from graph.sentences import sentence_for_edge
from tests import seed
from tests.harness import wait_until

from .conftest import AppServer, Traffic, guarded_page, pick_option, wait_idle

SEED = seed.graph()
TIMEOUT = 30_000


def canvas(page: Page) -> Locator:
    return page.locator('[data-testid="atlas-canvas"]')


def open_app(page: Page, url: str) -> Locator:
    """Open ``url`` and wait until the graph is drawn and the rest of the page has come.

    On a first load the explorer sends the graph first and the rest (sidebar, details,
    tables) in the run the drawn canvas asks for, so a drawn canvas does not mean the
    sidebar's pickers are there yet; every page has one once its whole page has come. A
    picker there means that run has started: it must also end, or a click may land while
    the run still lays the sidebar out (and scrolls it back).
    """
    page.goto(url)
    drawn = canvas(page)
    expect(drawn).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
    pickers = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
    expect(pickers.first).to_be_attached(timeout=TIMEOUT)
    wait_idle(page)
    return drawn


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar selectbox labelled ``label``."""
    pick_option(page, page.get_by_test_id("stSelectbox").filter(has_text=label), option)


def details(page: Page) -> Locator:
    return page.get_by_test_id("stColumn").nth(1)


_SELECTED = (
    "() => { const n = window.atlasCanvas && window.atlasCanvas.network;"
    " return n ? [...n.getSelectedNodes(), ...n.getSelectedEdges()] : null; }"
)


def selected_on_canvas(page: Page, expected: list[str] | None = None) -> list[str]:
    """The ids the canvas shows as selected; with ``expected``, once they are those (the
    canvas applies a selection when the rerun's payload reaches it) or after TIMEOUT."""
    if expected is not None:
        with suppress(PlaywrightTimeoutError):
            page.wait_for_function(
                f"(ids) => JSON.stringify(({_SELECTED})()) === JSON.stringify(ids)",
                arg=expected,
                timeout=TIMEOUT,
            )
    return page.evaluate(f"({_SELECTED})()")


def assert_no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_opening_view_draws_every_node(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path], traffic: Traffic
) -> None:
    drawn = open_app(page, app_server.url)
    expect(drawn).to_have_attribute("data-node-count", str(SEED.number_of_nodes()))
    expect(drawn).to_have_attribute("data-edge-count", str(SEED.number_of_edges()))
    expect(page.get_by_text("not medical advice")).to_be_visible()
    assert_no_exception(page)
    screenshot("explorer-01-opening")
    assert traffic.requests, "the page made no request at all?"
    assert traffic.page_errors == []


def test_search_by_a_lay_word_shows_the_cramp_and_its_surroundings(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    search = page.get_by_role("textbox", name="Search")
    search.fill("charley horse")
    search.press("Enter")
    wait_idle(page)
    expect(details(page).get_by_text("Calf muscle cramp").first).to_be_visible()
    assert selected_on_canvas(page, ["calf-cramp"]) == ["calf-cramp"]
    assert int(drawn.get_attribute("data-node-count") or 0) < SEED.number_of_nodes()
    assert_no_exception(page)
    screenshot("explorer-02-search")


@pytest.mark.parametrize(
    ("box", "option", "link", "shown", "hidden"),
    [
        (
            "Focus on a cause",
            "Magnesium deficiency",
            "cause=magnesium-deficiency",
            {"magnesium-deficiency", "magnesium", "almonds", "calf-cramp"},
            "sedentary-lifestyle",
        ),
        (
            "Focus on a remedy",
            "Rubbing with a cut lemon",
            "remedy=lemon-rub",
            {"lemon-rub", "calf-cramp"},
            "magnesium",
        ),
    ],
)
def test_focus_draws_only_what_connects_to_the_chosen_node(
    page: Page,
    app_server: AppServer,
    screenshot: Callable[[str], Path],
    box: str,
    option: str,
    link: str,
    shown: set[str],
    hidden: str,
) -> None:
    drawn = open_app(page, app_server.url)
    choose(page, box, option)
    expect(drawn).not_to_have_attribute("data-node-count", str(SEED.number_of_nodes()))
    ids = set(page.evaluate("window.atlasCanvas.payload.nodes.map(n => n.id)"))
    assert shown <= ids
    assert hidden not in ids
    assert link in page.url
    assert_no_exception(page)
    screenshot(f"explorer-03-focus-{link.split('=')[0]}")


def test_path_tracer_highlights_and_narrates_the_magnesium_path(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    choose(page, "From", "Almonds")
    choose(page, "To", "Cramp prevention")
    expect(page.get_by_text("1. Almonds —rich in→ Magnesium —contributes to")).to_be_visible()
    said = page.get_by_text(
        "The article lists almonds among foods rich in magnesium (and calcium)."
    )
    expect(said.first).to_be_visible()
    expect(
        page.get_by_text("magnesium contributes to cramp prevention", exact=False).first
    ).to_be_visible()
    widths = page.evaluate(
        "Object.fromEntries(window.atlasCanvas.network.body.data.edges.get()"
        ".map(e => [e.id, e.width]))"
    )
    # Each path edge is wider than the same kind of edge off the path (an inferred step is
    # drawn thinner than a stated one, on the path and off it).
    on_path = widths["almonds|rich_in|magnesium"]
    assert on_path > widths["walnuts|rich_in|magnesium"], "the path does not stand out"
    assert (
        widths["magnesium|contributes_to|cramp-prevention"]
        > widths["calcium|contributes_to|cramp-prevention"]
    )
    assert_no_exception(page)
    screenshot("explorer-05-path")


def test_clicking_a_node_on_the_canvas_opens_its_details(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    box = drawn.bounding_box()
    assert box is not None
    where = page.evaluate(
        "(() => { const n = window.atlasCanvas.network;"
        " const p = n.getPositions(['almonds']).almonds; return n.canvasToDOM(p); })()"
    )
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    wait_idle(page)
    panel = details(page)
    expect(panel.get_by_text("Almonds").first).to_be_visible(timeout=TIMEOUT)
    description = SEED.nodes["almonds"]["description"]
    expect(panel.get_by_text(description, exact=False)).to_be_visible()
    assert "sel=almonds" in page.url
    assert_no_exception(page)
    screenshot("explorer-06-node-details")


def test_clicking_an_edge_shows_the_quote_behind_it(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    page.evaluate("window.atlasCanvas.selectEdge('lemon-rub|relieves|calf-cramp')")
    wait_idle(page)
    panel = details(page)
    expect(panel.get_by_text("Many recommend rubbing the sore spot", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    screenshot("explorer-07-edge-details")


def test_a_copied_url_restores_the_view_in_a_fresh_page(
    page: Page,
    app_server: AppServer,
    screenshot: Callable[[str], Path],
    browser: Browser,
    traffic: Traffic,
    context_options: dict,
) -> None:
    drawn = open_app(page, app_server.url)
    choose(page, "Focus on a cause", "Magnesium deficiency")
    page.evaluate("window.atlasCanvas.selectNode('almonds')")
    wait_idle(page)
    expect(details(page).get_by_text("Almonds").first).to_be_visible(timeout=TIMEOUT)
    shared = page.url
    count = drawn.get_attribute("data-node-count")
    with guarded_page(browser, traffic, **context_options) as fresh:  # another reader's
        restored = open_app(fresh, shared)
        expect(restored).to_have_attribute("data-node-count", count or "")
        assert selected_on_canvas(fresh, ["almonds"]) == ["almonds"]
        expect(details(fresh).get_by_text("Almonds").first).to_be_visible()
        fresh.screenshot(path=str(screenshot("explorer-08-restored")))


def test_bad_link_values_warn_and_the_page_still_works(page: Page, app_server: AppServer) -> None:
    drawn = open_app(page, f"{app_server.url}/?cause=nonsense&depth=99&sel=%3Cscript%3E")
    expect(page.get_by_text("not known: cause=nonsense", exact=False)).to_be_visible()
    expect(drawn).to_have_attribute("data-node-count", str(SEED.number_of_nodes()))
    assert_no_exception(page)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_downloads_of_the_current_view(page: Page, app_server: AppServer, fmt: str) -> None:
    open_app(page, f"{app_server.url}/?remedy=lemon-rub")
    page.get_by_role("tab", name="Download this view").click()
    name = {"html": "Standalone HTML", "json": "Node-link JSON"}[fmt]
    with page.expect_download() as download:
        page.get_by_role("button", name=name, exact=False).click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert "lemon-rub" in body
    assert "almonds" not in body, "the download holds more than the current view"


def test_back_button_returns_to_the_previous_view(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    whole = str(SEED.number_of_nodes())
    choose(page, "Focus on a cause", "Magnesium deficiency")
    expect(drawn).not_to_have_attribute("data-node-count", whole, timeout=TIMEOUT)
    focused = drawn.get_attribute("data-node-count")
    choose(page, "Focus on a remedy", "Rubbing with a cut lemon")
    expect(drawn).not_to_have_attribute("data-node-count", focused or "", timeout=TIMEOUT)
    page.go_back()
    expect(drawn).to_have_attribute("data-node-count", focused or "", timeout=TIMEOUT)
    address = page.evaluate("location.href")
    assert "remedy=" not in address and "cause=magnesium-deficiency" in address
    remedy_box = page.get_by_test_id("stSelectbox").filter(has_text="Focus on a remedy")
    expect(remedy_box).not_to_contain_text("Rubbing with a cut lemon")
    assert_no_exception(page)


# --- evidence (issue 4) -----------------------------------------------------------------


def open_tab(page: Page, name: str) -> None:
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def test_article_reader_highlights_every_quote_and_a_click_selects_its_claim(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    open_tab(page, "The article")
    reader = page.locator('[data-testid="source-reader"]')
    expect(reader).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
    grounded = {
        edge
        for mark in reader.locator("mark[data-edges]").all()
        for edge in (mark.get_attribute("data-edges") or "").split()
    }
    assert grounded == {f"{u}|{k}|{v}" for u, v, k in SEED.edges(keys=True)}
    expect(reader).to_contain_text("sentences ground at least one claim")
    lemon = reader.locator('mark[data-edges~="lemon-rub|relieves|calf-cramp"]').first
    first_claim = (lemon.get_attribute("data-edges") or "").split()[0]
    lemon.click()
    wait_idle(page)
    assert selected_on_canvas(page, [first_claim]) == [first_claim]
    assert "sel=" + first_claim.replace("|", "%7C") in page.evaluate("location.href")
    expect(drawn).to_have_attribute("data-ready", "true")
    screenshot("explorer-09-reader")


def test_selecting_a_claim_scrolls_the_reader_to_its_sentence(
    page: Page, app_server: AppServer
) -> None:
    open_app(page, f"{app_server.url}/?sel=legumes%7Crich_in%7Cmagnesium")
    open_tab(page, "The article")
    reader = page.locator('[data-testid="source-reader"]')
    expect(reader).to_have_attribute(
        "data-selected-edge", "legumes|rich_in|magnesium", timeout=TIMEOUT
    )
    box = page.locator('[data-testid="source-reader-scroll"]')
    mark = reader.locator('mark[data-edges~="legumes|rich_in|magnesium"]').first
    mark.wait_for(timeout=TIMEOUT)
    # The reader scrolls smoothly: wait until the sentence has arrived inside the box.
    page.wait_for_function(
        """([box, mark]) => {
            const frame = box.getBoundingClientRect();
            const top = mark.getBoundingClientRect().top;
            return frame.top <= top && top <= frame.bottom;
        }""",
        arg=[box.element_handle(), mark.element_handle()],
        timeout=TIMEOUT,
    )


def test_lemon_details_show_the_quote_and_no_evidence_found(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, f"{app_server.url}/?sel=lemon-rub%7Crelieves%7Ccalf-cramp")
    panel = details(page)
    quote = panel.get_by_text("Many recommend rubbing the sore spot", exact=False)
    verdict = panel.get_by_text("No evidence found", exact=False).first
    # Both at once, no tab to click: in the details' third of the page the evidence comes
    # below the quote, each at the panel's width (side by side they were two words a line).
    expect(quote).to_be_visible()
    expect(verdict).to_be_visible()
    headings = (
        panel.get_by_text("What the article says", exact=True),
        panel.get_by_text("What the evidence says", exact=True),
    )
    # The page lays out while the details arrive (and a rerun may replace the elements):
    # measure through the locators once the evidence is below the quote, or after TIMEOUT
    # (then the assertions below say what is wrong).

    def stacked() -> bool:
        first, second = (heading.bounding_box() for heading in headings)
        return bool(first and second and second["y"] > first["y"] + first["height"])

    with suppress(TimeoutError):
        wait_until(stacked, timeout=TIMEOUT / 1000, what="the evidence below the quote")
    says, reviews = headings[0].bounding_box(), headings[1].bounding_box()
    assert says and reviews
    assert reviews["y"] > says["y"] + says["height"], "the evidence sits below the quote"
    assert abs(reviews["x"] - says["x"]) < 4, "the two parts share the panel's width"
    screenshot("explorer-10-lemon-evidence")


def test_verdict_filter_changes_what_is_drawn(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    box = page.get_by_test_id("stMultiSelect").filter(has_text="What the evidence says")
    pick_option(page, box, "✓ supported")
    page.keyboard.press("Escape")
    wait_idle(page)
    supported = sum(1 for *_, v in SEED.edges(data="verdict") if v == "supported")
    expect(drawn).to_have_attribute("data-edge-count", str(supported), timeout=TIMEOUT)
    screenshot("explorer-11-verdict-filter")


def test_evidence_overview_lists_every_claim(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, app_server.url)
    open_tab(page, "Evidence overview")
    table = page.get_by_test_id("stDataFrame").filter(has=page.get_by_text("Evidence says"))
    expect(table).to_have_count(1)
    grid = table.locator('[role="grid"]').first
    expect(grid).to_have_attribute("aria-rowcount", str(SEED.number_of_edges() + 1))
    screenshot("explorer-12-evidence-overview")


# --- teaching (issue 5) -----------------------------------------------------------------


def test_a_plain_question_shows_its_answer_as_a_highlighted_subgraph(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    drawn = open_app(page, app_server.url)
    questions = page.get_by_test_id("stButtonGroup").filter(has_text="Start with a question")
    questions.get_by_text("What can I do during a cramp?", exact=True).click()
    wait_idle(page)
    expect(drawn).not_to_have_attribute(
        "data-node-count", str(SEED.number_of_nodes()), timeout=TIMEOUT
    )
    lemon = sentence_for_edge(SEED, ("lemon-rub", "calf-cramp", "relieves")).text
    expect(page.get_by_text(lemon).first).to_be_visible()
    widths = page.evaluate("window.atlasCanvas.network.body.data.edges.get().map(e => e.width)")
    assert len(set(widths)) > 1, "the answer's edges do not stand out"
    assert "question=during-a-cramp" in page.evaluate("location.href")
    assert_no_exception(page)
    screenshot("explorer-13-question")


def test_compare_view_shows_two_remedies_side_by_side(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    open_app(page, f"{app_server.url}/?mode=compare&a=lemon-rub&b=wall-stretch")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Rubbing with a cut lemon")).to_be_visible()
    expect(main.get_by_role("heading", name="Wall calf stretch")).to_be_visible()
    expect(main.get_by_role("heading", name="Both")).to_be_visible()
    assert_no_exception(page)
    screenshot("explorer-14-compare")


def test_presentation_view_steps_through_a_tour_without_moving_nodes(
    page: Page, app_server: AppServer, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{app_server.url}/?mode=present&tour=almonds-to-fewer-cramps")
    lesson = page.locator("iframe").first.content_frame
    body = lesson.locator("body")
    expect(body).to_have_attribute("data-drawn", "0", timeout=TIMEOUT)
    count = int(body.get_attribute("data-step-count") or 0)
    assert count >= 3
    lesson.locator("body").click(position={"x": 5, "y": 5})
    frame = page.locator("iframe").first.element_handle().content_frame()
    assert frame is not None
    before = frame.evaluate("window.atlasCanvas.network.getPositions()")
    for step in range(count):
        expect(body).to_have_attribute("data-drawn", str(step), timeout=TIMEOUT)
        expect(body).to_have_attribute("data-moving", "false", timeout=TIMEOUT)
        screenshot(f"present-step-{step + 1}")
        after = frame.evaluate("window.atlasCanvas.network.getPositions()")
        assert after == before, "a node moved between steps"
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(body).to_have_attribute("data-step", str(count - 2), timeout=TIMEOUT)
    assert_no_exception(page)
