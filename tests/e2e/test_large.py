"""The app in chromium on a generated 10,000-node graph: summary first, a hub's view bounded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.memory import MemoryBackend
from graph.store import read_node_link

from .conftest import AppServer, serve_app


@pytest.fixture(scope="module")
def large_server(tmp_path_factory: pytest.TempPathFactory, big_file: Path) -> Iterator[AppServer]:
    log = tmp_path_factory.mktemp("large-app") / "streamlit.log"
    with serve_app(log, data_dir=big_file) as server:
        yield server


def test_a_hub_opens_from_the_summary_with_at_most_2000_nodes(
    page: Page,
    large_server: AppServer,
    big_file: Path,
    screenshot: Callable[[str], Path],
) -> None:
    summary = MemoryBackend(read_node_link(big_file)).summary(hubs=1)
    hub_id, hub_label, degree = summary.hubs[0]
    page.goto(large_server.url)
    expect(page.get_by_text("10,000 nodes, 50,000 edges")).to_be_visible(timeout=60_000)
    screenshot("large-summary")
    page.get_by_role("button", name=f"{hub_label}: {degree:,} edges").click()
    expect(page.get_by_role("heading", name=hub_label)).to_be_visible(timeout=30_000)
    page.get_by_text("2", exact=True).click()  # two steps out: more than 2,000 nodes
    expect(page.get_by_text("Showing 2,000 of")).to_be_visible(timeout=30_000)
    drawing = page.locator("img[src*='svg'], [data-testid='stImage'] img").first
    expect(drawing).to_be_visible()
    assert f"node={hub_id}" in page.url
    screenshot("large-hub")


def test_a_search_after_the_summary_finds_a_node_by_its_label(
    page: Page, large_server: AppServer, big_file: Path
) -> None:
    label = read_node_link(big_file).nodes["n42"]["label"]
    page.goto(large_server.url)
    expect(page.get_by_text("10,000 nodes, 50,000 edges")).to_be_visible(timeout=60_000)
    box = page.locator('[data-testid="stSidebar"] input').first
    box.fill(label)
    box.press("Enter")  # the search index is built now, or by the thread after the view
    hit = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=f"{label} (n42)")
    expect(hit).to_be_visible(timeout=30_000)
    hit.click()
    expect(page.get_by_role("heading", name=label)).to_be_visible(timeout=30_000)
    assert "node=n42" in page.url
