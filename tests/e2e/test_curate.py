"""The curator's workflow in a real `streamlit run` and headless chromium.

Ingest an article in the Curate view, accept a claim the seed already makes (so it gains
a second source), edit one candidate and reject another, then find the claim in Explore
quoted by both sources. The app works on a copy of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from graph.drafts import read_draft
from graph.load import load_knowledge_base

from .conftest import AppServer, serve_app, wait_idle

TIMEOUT = 30_000
ARTICLE = Path(__file__).resolve().parents[1] / "articles" / "runner-night-cramps.txt"
STRETCH = "seated-toe-pull|relieves|calf-cramp"
BANANA = "banana|rich_in|potassium"
OLDER = "calf-cramp|associated_with|older-adult"


@pytest.fixture
def curate_server(kb_path: Path, tmp_path: Path) -> Iterator[AppServer]:
    with serve_app(tmp_path / "streamlit.log", data_dir=kb_path) as server:
        yield server


def pick_in_select(page: Page, select: Locator, option: str) -> None:
    """Choose ``option``; open the list again if a late rerun closed it."""
    expect(select).to_be_visible(timeout=TIMEOUT)
    for _ in range(3):
        select.click()
        page.keyboard.type(option)
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            wait_idle(page)
    raise AssertionError(f"the option {option!r} never showed")


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
    sidebar.locator("input[type=file]").set_input_files(str(ARTICLE))
    sidebar.get_by_label("Source id").fill("runner")
    sidebar.get_by_label("Title").fill("Why runners wake up with a knotted calf")
    sidebar.get_by_role("button", name="Ingest").click()
    expect(page.get_by_text("candidate claims from 'runner'", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    wait_idle(page)
    screenshot("curate-01-draft")

    number, box = candidate(page, kb_path, STRETCH)
    box.get_by_role("button", name="Accept").click()
    expect(page.get_by_text(f"Candidate {number} accepted", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    wait_idle(page)

    number, box = candidate(page, kb_path, BANANA)
    box.get_by_text("Edit", exact=True).click()
    wait_idle(page)
    pick_in_select(page, box.get_by_test_id("stSelectbox").filter(has_text="Strength"), "suggests")
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

    edge = next(e for e in load_knowledge_base(kb_path).edges if e.key == STRETCH)
    assert {p.source for p in edge.provenance} == {"calf-cramps-article", "runner"}

    page.get_by_test_id("stSidebar").get_by_text("Explore", exact=True).click()
    wait_idle(page)
    page.goto(f"{curate_server.url}/?sel={quote(STRETCH)}")
    panel = page.get_by_test_id("stColumn").nth(1)
    expect(panel.get_by_text("A calf stretch relieves the spasm", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    expect(
        panel.get_by_text("Why runners wake up with a knotted calf", exact=False)
    ).to_be_visible()
    expect(panel.get_by_text("What are the causes of spasms", exact=False).first).to_be_visible()
    wait_idle(page)
    screenshot("curate-03-explore-both-sources")
