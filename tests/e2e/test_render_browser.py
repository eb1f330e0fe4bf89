"""The standalone page and the app's canvas in a real browser: offline, complete, inert text.

Debian's chromium, driven by playwright, never downloaded: a missing browser fails the
run. Every request that is not a local file (or, for the app, 127.0.0.1) is aborted and
recorded; an alert or any other dialog is a script that ran, and fails the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from graph.build import build_graph
from graph.layout import compute_layout
from graph.render import render_html
from graph.schema import Edge, KnowledgeBase, Node, Provenance, Source

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_DESCRIPTION = "</script><script>alert(1)</script> \"'><svg onload=alert(2)>"
HOSTILE_SYNONYM = "javascript:alert(3)"
PATH = (("almonds", "magnesium", "rich_in"), ("magnesium", "cramp-prevention", "contributes_to"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Debian's chromium is missing (apt-get install chromium): cannot run e2e")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page asked the network for and what went wrong in it."""

    def __init__(self, page: Page, allowed_hosts: frozenset[str] = frozenset()) -> None:
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self._allowed = allowed_hosts
        page.route("**/*", self._route)
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))
        page.on("dialog", self._dialog)

    def _route(self, route, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("file", "data", "blob") or parsed.hostname in self._allowed:
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left the machine: {self.outside}"
        assert self.dialogs == [], f"a dialog opened, so injected script ran: {self.dialogs}"
        assert self.page_errors == [], self.page_errors
        assert self.console_errors == [], self.console_errors


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def _open(page: Page, html: str, folder: Path) -> Watch:
    path = folder / "atlas.html"
    path.write_text(html, encoding="utf-8")
    watch = Watch(page)
    page.goto(path.as_uri())
    page.locator('[data-testid="atlas-canvas"][data-ready="true"]').wait_for(timeout=20_000)
    return watch


def _node_on_screen(page: Page, node_id: str) -> dict[str, float]:
    return page.evaluate(
        """(nodeId) => {
            const network = window.atlasCanvas.network;
            const spot = network.canvasToDOM(network.getPosition(nodeId));
            const frame = network.body.container.getBoundingClientRect();
            return {x: frame.left + spot.x, y: frame.top + spot.y};
        }""",
        node_id,
    )


def _hostile_graph() -> nx.MultiDiGraph:
    text = " ".join((HOSTILE_LABEL, HOSTILE_DESCRIPTION, HOSTILE_SYNONYM))
    source = Source(
        id="evil", title=HOSTILE_LABEL, file="e.txt", kind="k", language="en", text=text
    )
    nodes = (
        Node(
            id="evil-food",
            label=HOSTILE_LABEL,
            type="food",
            description=HOSTILE_DESCRIPTION,
            synonyms=(HOSTILE_SYNONYM,),
        ),
        Node(id="magnesium", label="Magnesium", type="nutrient", description="A mineral."),
    )
    quote = Provenance(source="evil", quote=HOSTILE_DESCRIPTION, strength="states")
    edges = (
        Edge(subject="evil-food", relation="rich_in", object="magnesium", provenance=(quote,)),
    )
    return build_graph(KnowledgeBase(sources=(source,), nodes=nodes, edges=edges))


def test_standalone_page_draws_every_node_offline(page, seed_graph, tmp_path):
    positions = compute_layout(seed_graph)
    watch = _open(page, render_html(seed_graph, positions), tmp_path)
    canvas = page.locator('[data-testid="atlas-canvas"]')
    assert canvas.get_attribute("data-node-count") == str(seed_graph.number_of_nodes())
    assert canvas.get_attribute("data-edge-count") == str(seed_graph.number_of_edges())
    drawn = page.evaluate("window.atlasCanvas.network.body.data.nodes.length")
    assert drawn == seed_graph.number_of_nodes()
    legend = page.locator("#atlas-legend")
    for label in ("Condition", "Food", "Remedy", "Evidence:", "suggests"):
        assert legend.get_by_text(label, exact=True).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-standalone.png"))
    watch.assert_clean()


def test_standalone_page_highlights_a_path(page, seed_graph, tmp_path):
    positions = compute_layout(seed_graph)
    watch = _open(page, render_html(seed_graph, positions, highlight=PATH), tmp_path)
    opacity = page.evaluate(
        "['magnesium', 'calf-cramp'].map((id) => window.atlasCanvas.network.body.nodes[id]"
        ".options.opacity)"
    )
    assert opacity[0] == 1 and opacity[1] < 0.5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-standalone-path.png"))
    watch.assert_clean()


def test_clicking_a_node_shows_its_text(page, seed_graph, tmp_path):
    watch = _open(page, render_html(seed_graph, compute_layout(seed_graph)), tmp_path)
    spot = _node_on_screen(page, "almonds")
    page.mouse.click(spot["x"], spot["y"])
    details = page.locator("#atlas-details")
    assert details.inner_text().startswith("Almonds\nFood\n")
    canvas = page.locator('[data-testid="atlas-canvas"]')
    assert canvas.get_attribute("data-selected") == "node:almonds"
    watch.assert_clean()


def test_hostile_text_shows_literally_and_never_runs(page, tmp_path):
    graph = _hostile_graph()
    watch = _open(page, render_html(graph, compute_layout(graph), title=HOSTILE_LABEL), tmp_path)
    assert page.title() == HOSTILE_LABEL
    assert page.locator("h1").inner_text() == HOSTILE_LABEL
    label = page.evaluate("window.atlasCanvas.network.body.data.nodes.get('evil-food').label")
    assert label == HOSTILE_LABEL
    # The details panel (filled by a click) shows the strings as text.
    assert page.evaluate("window.atlasCanvas.selectNode('evil-food')") is True
    details = page.locator("#atlas-details").text_content()
    for text in (HOSTILE_LABEL, HOSTILE_DESCRIPTION, HOSTILE_SYNONYM):
        assert text in details
    # So does the tooltip, on hover.
    spot = _node_on_screen(page, "evil-food")
    page.mouse.move(spot["x"], spot["y"])
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert HOSTILE_DESCRIPTION in tooltip.text_content()
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].some((element) =>"
            " [...element.attributes].some((attribute) => attribute.name.startsWith('on')))"
        )
        is False
    )
    watch.assert_clean()


# --- the app's canvas (ui.canvas) in a real `streamlit run` ----------------------------

CANVAS_APP = """
import streamlit as st

from graph import build_graph, load_knowledge_base
from graph.layout import compute_layout
from graph.render import canvas_payload
from ui.canvas import graph_canvas

graph = build_graph(load_knowledge_base())
positions = compute_layout(graph)
small = st.checkbox("Only foods and nutrients", key="small")
view = graph
if small:
    view = graph.subgraph(n for n, t in graph.nodes(data="type") if t in ("food", "nutrient"))


def remember(clicked):
    st.session_state["heard"] = clicked


payload = canvas_payload(view, positions)
clicked = graph_canvas(payload, key="canvas", height=500, on_select=remember)
st.text(f"clicked={clicked}")
st.text(f"heard={st.session_state.get('heard')}")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def canvas_app(tmp_path: Path) -> Iterator[str]:
    """A tiny app around ``graph_canvas``, served by `streamlit run` on 127.0.0.1."""
    script = tmp_path / "canvas_app.py"
    script.write_text(textwrap.dedent(CANVAS_APP), encoding="utf-8")
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("wb")
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail((tmp_path / "streamlit.log").read_text())
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_streamlit_canvas_reports_clicks_and_keeps_the_camera(page, canvas_app, seed_graph):
    watch = Watch(page, frozenset({"127.0.0.1"}))
    page.goto(canvas_app)
    canvas = page.locator('[data-testid="atlas-canvas"][data-ready="true"]')
    canvas.wait_for(timeout=30_000)
    assert canvas.get_attribute("data-node-count") == str(seed_graph.number_of_nodes())

    # A real click on a node comes back to Python, as the return value and the callback.
    spot = _node_on_screen(page, "magnesium")
    page.mouse.click(spot["x"], spot["y"])
    page.get_by_text("clicked=magnesium").wait_for(timeout=10_000)
    page.get_by_text("heard=magnesium").wait_for(timeout=10_000)

    # The test hook acts like a click, for edges too.
    page.evaluate("window.atlasCanvas.selectEdge('almonds|rich_in|calcium')")
    page.get_by_text("clicked=almonds|rich_in|calcium").wait_for(timeout=10_000)

    # A new payload updates the same network: fewer nodes, same camera.
    page.evaluate("window.atlasCanvas.network.moveTo({position: {x: -400, y: -50}, scale: 1.2})")
    page.get_by_text("Only foods and nutrients").click()
    page.wait_for_function(
        "window.atlasCanvas.network.body.data.nodes.length === 10", timeout=10_000
    )
    page.get_by_text("clicked=None").wait_for(timeout=10_000)
    assert page.locator('[data-testid="atlas-canvas"]').get_attribute("data-node-count") == "10"
    camera = page.evaluate(
        "[window.atlasCanvas.network.getScale(), window.atlasCanvas.network.getViewPosition()]"
    )
    assert camera[0] == pytest.approx(1.2)
    assert camera[1] == pytest.approx({"x": -400, "y": -50})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-streamlit-canvas.png"))
    watch.assert_clean()
