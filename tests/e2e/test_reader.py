"""The source reader in a real `streamlit run` and a real headless chromium.

A small page of its own (written to a temporary folder) shows the reader for the seed
article and echoes what Python hears: the clicked edge id, and the selection it keeps
in session state, which a text box can also set. The `page` fixture fails a test whose
page reaches beyond localhost or opens a dialog.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from graph.source import reader_payload
from tests import seed

from .conftest import Traffic, serve_app

TIMEOUT = 30_000
KB = seed.knowledge_base()
SOURCE = KB.sources[0]
PAYLOAD = reader_payload(seed.graph(), SOURCE.id, SOURCE.text)
GROUNDED = {
    edge.key for edge in KB.edges if any(prov.source == SOURCE.id for prov in edge.provenance)
}
HOSTILE = "<img src=x onerror=alert(1)> and </script><script>alert(2)</script>"

READER_APP = """
import streamlit as st

from graph import build_graph, load_knowledge_base
from graph.schema import Edge, KnowledgeBase, Node, Provenance, Source
from graph.source import reader_payload
from ui.reader import source_reader

HOSTILE = __HOSTILE__


def hostile_kb():
    text = "A title <b>bold</b>\\n\\nAlmonds hold " + HOSTILE + ". Nothing else here."
    source = Source(
        id="note", title="<i>note</i>", file="note.txt", kind="note", language="en", text=text
    )
    nodes = (
        Node(id="almonds", label="<b>Almonds</b>", type="food", description="x", plural=True),
        Node(id="magnesium", label="Magnesium", type="nutrient", description="x"),
    )
    quote = "Almonds hold " + HOSTILE + "."
    prov = (Provenance(source="note", quote=quote, strength="states"),)
    edge = Edge(subject="almonds", relation="rich_in", object="magnesium", provenance=prov)
    return KnowledgeBase(sources=(source,), nodes=nodes, edges=(edge,))


kb = hostile_kb() if st.query_params.get("hostile") == "1" else load_knowledge_base()
graph = build_graph(kb)
source = kb.sources[0]
payload = reader_payload(graph, source.id, source.text)

if "selected" not in st.session_state:
    st.session_state["selected"] = st.query_params.get("edge", "")


def remember(edge_id):
    st.session_state["selected"] = edge_id


st.text_input("Selected edge", key="selected")
clicked = source_reader(
    payload,
    key="reader",
    selected_edge=st.session_state["selected"] or None,
    height=360,
    on_select=remember,
)
st.text(f"clicked={clicked}")
st.text(f"selected={st.session_state['selected']}")
"""


@pytest.fixture(scope="module")
def reader_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reader page, served by `streamlit run` on 127.0.0.1 for this module's tests."""
    folder = tmp_path_factory.mktemp("reader")
    script = folder / "reader_app.py"
    app = textwrap.dedent(READER_APP).replace("__HOSTILE__", repr(HOSTILE))
    script.write_text(app, encoding="utf-8")
    with serve_app(folder / "streamlit.log", script=script) as server:
        yield server.url


def open_reader(page: Page, url: str) -> Locator:
    """Open ``url`` and wait until the reader is drawn."""
    page.goto(url)
    reader = page.locator('[data-testid="source-reader"]')
    expect(reader).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
    return reader


def assert_clean(traffic: Traffic) -> None:
    assert traffic.console_errors == [], traffic.console_errors
    assert traffic.page_errors == [], traffic.page_errors


def is_in_box(reader: Locator, edge_id: str) -> bool:
    """Whether the first highlight of ``edge_id`` lies inside the reader's scroll box."""
    return reader.evaluate(
        """(root, edgeId) => {
            const box = root.querySelector('[data-testid="source-reader-scroll"]');
            const mark = [...root.querySelectorAll("mark[data-edges]")]
                .find((m) => m.dataset.edges.split(" ").includes(edgeId));
            const frame = box.getBoundingClientRect();
            const spot = mark.getBoundingClientRect();
            return spot.top >= frame.top && spot.bottom <= frame.bottom;
        }""",
        edge_id,
    )


def test_reader_highlights_every_quote_of_the_source(
    page: Page, reader_url: str, screenshot: Callable[[str], Path], traffic: Traffic
) -> None:
    reader = open_reader(page, reader_url)
    marks = reader.locator("mark[data-edges]")
    count = PAYLOAD["highlight_count"]
    expect(reader).to_have_attribute("data-highlight-count", str(count))
    expect(marks).to_have_count(count)
    shown = {
        edge
        for value in marks.evaluate_all("(marks) => marks.map((m) => m.dataset.edges)")
        for edge in value.split(" ")
    }
    assert shown == GROUNDED
    expect(reader.get_by_text(PAYLOAD["coverage"]["line"])).to_be_visible()
    expect(reader.locator(".reader-legend li")).to_have_count(len(PAYLOAD["verdicts"]))
    expect(reader).to_have_attribute("data-selected-edge", "")
    screenshot("reader")
    assert_clean(traffic)


def test_clicking_a_highlight_returns_its_edge_to_python(
    page: Page, reader_url: str, traffic: Traffic
) -> None:
    reader = open_reader(page, reader_url)
    reader.locator('mark[data-edges="pin-prick|relieves|calf-cramp"]').first.click()
    expect(page.get_by_text("clicked=pin-prick|relieves|calf-cramp")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("selected=pin-prick|relieves|calf-cramp")).to_be_visible()
    expect(reader).to_have_attribute("data-selected-edge", "pin-prick|relieves|calf-cramp")
    expect(reader.locator("mark.is-selected")).to_have_count(2)  # both of its quotes
    assert_clean(traffic)


def test_clicking_the_same_words_again_steps_through_their_claims(
    page: Page, reader_url: str, traffic: Traffic
) -> None:
    reader = open_reader(page, reader_url)
    shared = reader.locator("mark[data-edges]").filter(has_text="Doctors prescribe").first
    edges = (shared.get_attribute("data-edges") or "").split(" ")
    assert len(edges) > 1
    for edge_id in [*edges, edges[0]]:
        shared.click()
        expect(page.get_by_text(f"selected={edge_id}", exact=True)).to_be_visible(timeout=TIMEOUT)
        expect(reader).to_have_attribute("data-selected-edge", edge_id)
    assert_clean(traffic)


def test_a_selected_edge_scrolls_the_reader_not_the_page(
    page: Page, reader_url: str, screenshot: Callable[[str], Path], traffic: Traffic
) -> None:
    reader = open_reader(page, reader_url)
    target = "walnuts|rich_in|calcium"
    assert not is_in_box(reader, target), "pick an edge the reader does not show at first"
    top = reader.evaluate("(root) => root.getBoundingClientRect().top")
    box = page.get_by_role("textbox", name="Selected edge")
    box.fill(target)
    box.press("Enter")
    expect(reader).to_have_attribute("data-selected-edge", target, timeout=TIMEOUT)
    expect(reader.locator("mark.is-selected").first).to_be_visible()
    assert is_in_box(reader, target)
    assert reader.evaluate("(root) => root.getBoundingClientRect().top") == top
    scrolled = reader.locator('[data-testid="source-reader-scroll"]').evaluate(
        "(box) => box.scrollTop"
    )
    assert scrolled > 0
    screenshot("reader-selected")
    assert_clean(traffic)


def test_an_edge_selected_on_opening_is_scrolled_into_view(
    page: Page, reader_url: str, traffic: Traffic
) -> None:
    target = "legumes|rich_in|magnesium"
    reader = open_reader(page, f"{reader_url}/?edge={quote(target)}")
    expect(reader).to_have_attribute("data-selected-edge", target)
    assert is_in_box(reader, target)
    assert_clean(traffic)


def test_hostile_source_text_shows_literally_and_never_runs(
    page: Page, reader_url: str, traffic: Traffic
) -> None:
    reader = open_reader(page, f"{reader_url}/?hostile=1")
    mark = reader.locator("mark[data-edges]")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text(f"Almonds hold {HOSTILE}.")
    expect(reader.locator("h2")).to_have_text("A title <b>bold</b>")
    assert reader.locator("img, script, b, i").count() == 0
    # fixed wait: an injected handler that never fires sends no event; give it time to.
    page.wait_for_timeout(300)
    assert traffic.dialogs == []
    assert_clean(traffic)
