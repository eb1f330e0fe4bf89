"""QA3's Curate findings in a real `streamlit run` and headless chromium.

A quote cut out of a hearsay sentence stays hearsay (#6); a claim the draft missed gets a
new node, and an end is found by a synonym (#7); every message shows beside the button
pressed, and on a phone the page is the one scroll (#11); messages name the form's fields
and the uploaded file's own name (#12).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from graph.drafts import read_draft
from tests.curation import run

from .conftest import (
    ARTIFACTS,
    AppServer,
    Traffic,
    guarded_page,
    pick_option,
    serve_app,
    wait_idle,
)
from .test_curate import ARTICLE

TIMEOUT = 30_000
HEARSAY = "pickle juice stops a cramp faster than water does"
"""Words of "People say pickle juice stops a cramp faster than water does, although ..."."""


@pytest.fixture
def drafted_server(kb_path: Path, tmp_path: Path) -> Iterator[AppServer]:
    """The app on a copy of the data holding the runner article and its draft."""
    result = run("ingest", ARTICLE, "--id", "runner", "--title", "Runners", "--data", kb_path)
    assert result.exit_code == 0, result.output
    with serve_app(tmp_path / "streamlit.log", data_dir=kb_path) as server:
        yield server


def open_curate(page: Page, server: AppServer) -> None:
    page.goto(f"{server.url}/?mode=curate")
    expect(page.locator(".curate-sentence").first).to_be_visible(timeout=3 * TIMEOUT)
    wait_idle(page)


def select_words(page: Page, words: str) -> None:
    """Select ``words`` in the article as a mouse would, and let go of the button."""
    sentence = page.locator(".curate-sentence", has_text=words)
    sentence.scroll_into_view_if_needed()
    sentence.evaluate(
        """(element, words) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const nodes = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
            const whole = nodes.map((node) => node.data).join("");
            let start = whole.indexOf(words), end = start + words.length;
            const range = document.createRange();
            for (const node of nodes) {
                if (start >= 0 && start <= node.data.length) { range.setStart(node, start); }
                if (end >= 0 && end <= node.data.length) { range.setEnd(node, end); break; }
                start -= node.data.length; end -= node.data.length;
            }
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            element.closest(".curate-scroll").dispatchEvent(
                new MouseEvent("mouseup", {bubbles: true, composed: true}));
        }""",
        words,
    )


def add_panel(page: Page) -> Locator:
    return page.locator(".st-key-curate-add")


def test_a_hearsay_quote_stays_hearsay_and_gets_a_new_node_found_ends_by_synonym(
    page: Page,
    drafted_server: AppServer,
    kb_path: Path,
    screenshot: Callable[[str], Path],
) -> None:
    open_curate(page, drafted_server)
    select_words(page, HEARSAY)
    panel = add_panel(page)
    quote = panel.get_by_label("Quote: words selected in the article", exact=False)
    expect(quote).to_have_value(HEARSAY, timeout=TIMEOUT)
    wait_idle(page)
    strength = panel.get_by_role("combobox", name="Strength")
    expect(strength).to_have_value("anecdotal")
    expect(panel.get_by_text("Read from the sentence's words: anecdotal")).to_be_visible()
    expect(panel.get_by_text("nothing firmer is offered", exact=False)).to_be_visible()

    panel.get_by_text("a new node").first.click()  # the subject's
    wait_idle(page)
    panel.get_by_label("Subject: new node id").fill("brine")
    panel.get_by_label("Subject: label").fill("Brine")
    panel.get_by_label("Subject: synonyms", exact=False).fill("pickle juice")
    panel.get_by_label("Subject: synonyms", exact=False).press("Enter")
    wait_idle(page)
    pick_option(
        page, panel.get_by_test_id("stSelectbox").filter(has_text="Subject: type"), "remedy"
    )
    wait_idle(page)
    find = panel.get_by_label("Find the object", exact=False)
    for typed, shown in (
        ("almnd", "almonds (almond)"),
        ("charly horse", "calf-cramp (charley horse)"),
    ):
        find.fill(typed)
        find.press("Enter")
        wait_idle(page)
        expect(panel.get_by_role("combobox", name="Object")).to_have_value(shown)
    pick_option(page, panel.get_by_test_id("stSelectbox").filter(has_text="Relation"), "relieves")
    wait_idle(page)

    before = len(read_draft(kb_path, "runner").candidates)
    panel.get_by_role("button", name="Add to the draft").click()
    refused = page.get_by_text("Subject, description: a new node needs", exact=False)
    expect(refused).to_be_in_viewport(timeout=TIMEOUT)
    assert len(read_draft(kb_path, "runner").candidates) == before, "nothing written"
    screenshot("curate-qa3-refused-beside-the-button")

    panel.get_by_label("Subject: description (one sentence)").fill("Salty pickling water.")
    panel.get_by_label("Subject: description (one sentence)").press("Enter")
    wait_idle(page)
    panel.get_by_role("button", name="Add to the draft").click()
    added = page.get_by_text(f"Candidate {before + 1} added.")
    expect(added).to_be_in_viewport(timeout=TIMEOUT)
    expect(page.locator(f".st-key-curate-candidate-{before + 1}")).to_have_count(1)
    draft = read_draft(kb_path, "runner")
    claim = draft.candidates[-1]
    assert (claim.subject, claim.relation, claim.object) == ("brine", "relieves", "calf-cramp")
    assert claim.strength == "anecdotal"
    brine = next(node for node in draft.new_nodes if node.id == "brine")
    assert (brine.label, brine.type, brine.synonyms, brine.description) == (
        "Brine",
        "remedy",
        ("pickle juice",),
        "Salty pickling water.",
    )


def test_on_a_phone_the_page_is_the_one_scroll_and_a_refusal_shows_in_its_card(
    browser: Browser, traffic: Traffic, drafted_server: AppServer, kb_path: Path
) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    with guarded_page(browser, traffic, **phone) as page:
        _one_scroll_and_refusal_in_card(page, drafted_server, kb_path)
    traffic.assert_contained()


def _one_scroll_and_refusal_in_card(page: Page, server: AppServer, kb_path: Path) -> None:
    open_curate(page, server)
    inner = page.evaluate(
        """() => {
            const found = [];
            const walk = (root) => {
                for (const element of root.querySelectorAll("*")) {
                    const style = getComputedStyle(element);
                    const scrolls = ["auto", "scroll"].includes(style.overflowY);
                    if (scrolls && element.scrollHeight > element.clientHeight + 2
                        && !element.closest('[data-testid="stSidebar"]')
                        && element.getAttribute("data-testid") !== "stMain") {
                        found.push(element.className.toString());
                    }
                    if (element.shadowRoot) walk(element.shadowRoot);
                }
            };
            walk(document);
            return found;
        }"""
    )
    assert inner == [], f"boxes that scroll inside the page: {inner}"
    draft = read_draft(kb_path, "runner")
    needs = next(c for c in draft.candidates if c.subject == "pickle-juice")
    card = page.locator(f".st-key-curate-candidate-{needs.n}")
    card.scroll_into_view_if_needed()
    card.get_by_role("button", name="Accept").click()
    refused = card.get_by_text(
        "new node 'pickle-juice' needs a one-sentence description", exact=False
    )
    expect(refused).to_be_in_viewport(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "curate-qa3-phone-refusal-in-card.png"))


def test_upload_messages_name_the_file_and_the_field(
    page: Page, drafted_server: AppServer, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-notes.txt"
    empty.write_text("")
    open_curate(page, drafted_server)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator("input[type=file]").set_input_files(str(empty))
    sidebar.get_by_label("Source id").fill("notes")
    sidebar.get_by_label("Title").fill("Notes")
    sidebar.get_by_role("button", name="Ingest").click()
    # A word joiner after "txt:" keeps Streamlit from reading "txt:1" as a link.
    named = re.compile(r"empty-notes\.txt:\u2060?1: the file is empty")
    expect(sidebar.get_by_text(named)).to_be_visible(timeout=TIMEOUT)
    assert str(tmp_path) not in sidebar.inner_text()
    wait_idle(page)
    sidebar.locator("input[type=file]").set_input_files(str(ARTICLE))
    sidebar.get_by_label("Source id").fill("Bad Id")
    sidebar.get_by_role("button", name="Ingest").click()
    expect(sidebar.get_by_text("Source id: ids are lowercase", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    assert "--id" not in sidebar.inner_text()
    sidebar.get_by_label("Source id").fill("runner")
    sidebar.get_by_role("button", name="Ingest").click()
    expect(sidebar.get_by_text("Source id: already exists", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
