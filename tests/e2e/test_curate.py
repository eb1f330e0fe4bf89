"""The curator's workflow in a real `streamlit run` and headless chromium.

Ingest an article in the Curate view, accept a claim the seed already makes (so it gains
a second source), edit one candidate and reject another, then find the claim in Explore
quoted by both sources. The app works on a copy of the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from graph.drafts import read_draft
from graph.load import load_knowledge_base
from tests.curation import run

from .conftest import AppServer, pick_option, serve_app, wait_idle

TIMEOUT = 30_000
ARTICLE = Path(__file__).resolve().parents[1] / "articles" / "runner-night-cramps.txt"
KNOWN = "almonds|rich_in|magnesium"
"""A claim the seed article makes too: accepting it adds the runner article as a second source."""
BANANA = "banana|rich_in|potassium"
OLDER = "older-adult|associated_with|calf-cramp"


@pytest.fixture
def curate_server(kb_path: Path, tmp_path: Path) -> Iterator[AppServer]:
    with serve_app(tmp_path / "streamlit.log", data_dir=kb_path) as server:
        yield server


def candidate(page: Page, data_dir: Path, key: str) -> tuple[int, Locator]:
    draft = read_draft(data_dir, "runner")
    number = next(c.n for c in draft.candidates if f"{c.subject}|{c.relation}|{c.object}" == key)
    return number, page.locator(f".st-key-curate-candidate-{number}")


def test_ingest_accept_edit_reject_then_explore_both_sources(
    page: Page,
    curate_server: AppServer,
    kb_path: Path,
    screenshot: Callable[[str], Path],
) -> None:
    page.goto(f"{curate_server.url}/?mode=curate")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Take in an article")).to_be_visible(timeout=TIMEOUT)
    expect(sidebar.get_by_text("1MB per file", exact=False)).to_be_visible()  # ingest's limit
    sidebar.locator("input[type=file]").set_input_files(str(ARTICLE))
    sidebar.get_by_label("Source id").fill("runner")
    sidebar.get_by_label("Title").fill("Why runners wake up with a knotted calf")
    sidebar.get_by_role("button", name="Ingest").click()
    expect(page.get_by_text("candidate claims from 'runner'", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    wait_idle(page)
    screenshot("curate-01-draft")

    number, box = candidate(page, kb_path, KNOWN)
    box.get_by_role("button", name="Accept").click()
    expect(page.get_by_text(f"Candidate {number} accepted", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    wait_idle(page)

    number, box = candidate(page, kb_path, BANANA)
    box.get_by_text("Edit", exact=True).click()
    wait_idle(page)
    pick_option(page, box.get_by_test_id("stSelectbox").filter(has_text="Strength"), "suggests")
    box.get_by_role("button", name="Save edit").click()
    expect(page.get_by_text(f"Candidate {number} edited.")).to_be_visible(timeout=TIMEOUT)
    assert read_draft(kb_path, "runner").by_number[number].strength == "suggests"
    wait_idle(page)

    number, box = candidate(page, kb_path, OLDER)
    box.get_by_role("button", name="Reject").click()
    expect(page.get_by_text(f"Candidate {number} rejected.")).to_be_visible(timeout=TIMEOUT)
    assert read_draft(kb_path, "runner").by_number[number].status == "rejected"
    wait_idle(page)
    screenshot("curate-02-reviewed")

    edge = next(e for e in load_knowledge_base(kb_path).edges if e.key == KNOWN)
    assert {p.source for p in edge.provenance} == {"calf-cramps-article", "runner"}

    page.get_by_test_id("stSidebar").get_by_text("Explore", exact=True).click()
    wait_idle(page)
    page.goto(f"{curate_server.url}/?sel={quote(KNOWN)}")
    panel = page.get_by_test_id("stColumn").nth(1)
    expect(panel.get_by_text("Almonds and spinach contain magnesium", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    # The quotes' source heading, and the claim's sentence naming both articles by title.
    expect(panel.get_by_text("Why runners wake up with a knotted calf", exact=True)).to_be_visible()
    both = re.compile("The articles \u201cWhat are the causes.*and \u201cWhy runners wake up")
    expect(panel.get_by_text(both)).to_be_visible()
    expect(panel.get_by_text("What are the causes of spasms", exact=False).first).to_be_visible()
    wait_idle(page)
    screenshot("curate-03-explore-both-sources")


def test_words_selected_with_the_mouse_become_the_quote_of_a_new_claim(
    page: Page,
    curate_server: AppServer,
    kb_path: Path,
    screenshot: Callable[[str], Path],
) -> None:
    result = run("ingest", ARTICLE, "--id", "runner", "--title", "Runners", "--data", kb_path)
    assert result.exit_code == 0, result.output
    before = len(read_draft(kb_path, "runner").candidates)
    page.goto(f"{curate_server.url}/?mode=curate")
    sentence = page.locator(".curate-sentence", has_text="Almonds and spinach contain")
    expect(sentence).to_be_visible(timeout=3 * TIMEOUT)  # the first draw, on a busy machine
    wait_idle(page)
    sentence.scroll_into_view_if_needed()
    first = sentence.locator("mark.curate-mention").first.bounding_box()
    last = sentence.locator("mark.curate-mention", has_text="magnesium").bounding_box()
    assert first and last
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"], last["y"] + last["height"] / 2, steps=8)
    page.mouse.up()

    quote = page.get_by_label("Quote: words selected in the article", exact=False)
    expect(quote).to_have_value("Almonds and spinach contain magnesium", timeout=TIMEOUT)
    wait_idle(page)
    form = page.locator(".st-key-curate-add")
    expect(form.get_by_role("combobox", name="Sentence")).to_have_value(
        "Almonds and spinach contain magnesium, and they are a better way to get it than tablets."
    )
    expect(form.get_by_role("combobox", name="Subject")).to_have_value("almonds")
    expect(form.get_by_role("combobox", name="Object")).to_have_value("magnesium")
    expect(form.get_by_role("combobox", name="Relation")).to_have_value("rich_in")
    screenshot("curate-04-selection")
    form.get_by_role("button", name="Add to the draft").click()
    expect(page.get_by_text(f"Candidate {before + 1} added.")).to_be_visible(timeout=TIMEOUT)

    added = read_draft(kb_path, "runner").candidates[-1]
    assert (added.subject, added.relation, added.object) == ("almonds", "rich_in", "magnesium")
    assert added.quote == "Almonds and spinach contain magnesium"
    assert added.cue == "curator"
