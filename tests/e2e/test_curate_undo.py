"""Undoing a review decision in a real `streamlit run` and headless chromium.

An accepted candidate is reopened from the Curate view: its quote leaves the claim (the
seed's own quote stays), and the candidate can be accepted again. A draft broken by hand
beside it is one line of warning, and does not stop the review. The app works on a copy
of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.drafts import read_draft
from graph.load import load_knowledge_base
from tests.curation import run

from .conftest import AppServer, serve_app, wait_idle

TIMEOUT = 30_000
ARTICLE = Path(__file__).resolve().parents[1] / "articles" / "runner-night-cramps.txt"
KNOWN = "almonds|rich_in|magnesium"
"""A claim the seed makes too: accepting it gave the runner article a quote on it."""


@pytest.fixture
def reviewed(kb_path: Path) -> Path:
    """``kb_path`` with the runner article ingested, ``KNOWN`` accepted, and a broken draft."""
    result = run("ingest", ARTICLE, "--id", "runner", "--title", "Runners", "--data", kb_path)
    assert result.exit_code == 0, result.output
    result = run("draft", "accept", "runner", _number(kb_path), "--data", kb_path)
    assert result.exit_code == 0, result.output
    (kb_path / "drafts" / "broken.yaml").write_text("source: broken\ncandidates: [1\n")
    return kb_path


@pytest.fixture
def undo_server(reviewed: Path, tmp_path: Path) -> Iterator[AppServer]:
    with serve_app(tmp_path / "streamlit.log", data_dir=reviewed) as server:
        yield server


def _number(data_dir: Path) -> int:
    draft = read_draft(data_dir, "runner")
    return next(c.n for c in draft.candidates if f"{c.subject}|{c.relation}|{c.object}" == KNOWN)


def _sources(data_dir: Path) -> set[str]:
    edge = next(e for e in load_knowledge_base(data_dir).edges if e.key == KNOWN)
    return {p.source for p in edge.provenance}


def test_reopen_takes_the_accepted_quote_out_and_a_broken_draft_blocks_nothing(
    page: Page,
    undo_server: AppServer,
    reviewed: Path,
    screenshot: Callable[[str], Path],
) -> None:
    assert _sources(reviewed) == {"calf-cramps-article", "runner"}
    number = _number(reviewed)
    page.goto(f"{undo_server.url}/?mode=curate")
    expect(page.get_by_text("Draft broken does not read", exact=False)).to_be_visible(
        timeout=3 * TIMEOUT  # the first draw, on a busy machine
    )
    box = page.locator(f".st-key-curate-candidate-{number}")
    expect(box.get_by_role("button", name="Accept")).to_have_count(0)
    box.get_by_role("button", name="Reopen").click()
    expect(page.get_by_text(f"Candidate {number} is proposed again", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    wait_idle(page)
    screenshot("curate-undo-01-reopened")
    assert _sources(reviewed) == {"calf-cramps-article"}
    assert read_draft(reviewed, "runner").by_number[number].status == "proposed"
    box = page.locator(f".st-key-curate-candidate-{number}")
    box.get_by_role("button", name="Accept").click()
    expect(page.get_by_text(f"Candidate {number} accepted", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    assert _sources(reviewed) == {"calf-cramps-article", "runner"}
