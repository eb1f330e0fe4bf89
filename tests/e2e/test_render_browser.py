"""The standalone page and the app's canvas in a real browser: offline, complete, inert text.

Debian's chromium, driven by playwright, never downloaded: a missing browser fails the
run. Every request that is not a local file (or, for the app, 127.0.0.1) is aborted and
recorded; an alert or any other dialog is a script that ran, and fails the test.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Page, expect

from graph.build import build_graph
from graph.layout import compute_layout, label_lines, node_extents
from graph.render import render_html, verdict_items
from graph.schema import NODE_TYPES, VERDICTS, Edge, KnowledgeBase, Node, Provenance, Source
from tests.harness import FILES_ONLY, LOCAL, AllowList

from .conftest import ARTIFACTS, serve_app, wait_for_redraw

pytestmark = pytest.mark.e2e

HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_DESCRIPTION = "</script><script>alert(1)</script> \"'><svg onload=alert(2)>"
HOSTILE_SYNONYM = "javascript:alert(3)"
PATH = (("almonds", "magnesium", "rich_in"), ("magnesium", "cramp-prevention", "contributes_to"))


@pytest.fixture
def allow_list() -> AllowList:
    """The standalone page is opened from disk: not even a local server may be asked."""
    return FILES_ONLY


def _open(page: Page, html: str, folder: Path) -> None:
    path = folder / "atlas.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.locator('[data-testid="atlas-canvas"][data-ready="true"]').wait_for(timeout=20_000)


def _open_in_canvas(page: Page, graph: nx.MultiDiGraph, folder: Path, width: int) -> None:
    """Open the standalone page with a canvas ``width`` x 620 px, in a 1400 x 1000 window."""
    html = render_html(graph, compute_layout(graph), height="620px")
    html = html.replace("<body>", f'<body style="width: {width}px">', 1)
    _open(page, html, folder)


DRAWN = """() => {
    // What vis-network drew: per node, its lines, label box and shape box on screen.
    const network = window.atlasCanvas.network;
    const frame = network.body.container.getBoundingClientRect();
    const toScreen = (x, y) => {
        const spot = network.canvasToDOM({x: x, y: y});
        return [frame.left + spot.x, frame.top + spot.y];
    };
    const drawn = {};
    for (const [id, node] of Object.entries(network.body.nodes)) {
        if (node.options.hidden || node.isCluster) continue;
        const label = node.labelModule.size;
        // vis's bounding box stretches the shape's to the label's width: keep both apart.
        const box = node.shape.boundingBox;
        const half = [node.shape.width / 2, node.shape.height / 2];
        drawn[id] = {
            x: node.x,
            y: node.y,
            lines: node.labelModule.lines.map((line) => line.blocks.map((b) => b.text).join("")),
            label: [label.left, label.top, label.left + label.width, label.top + label.height],
            shape: [node.x - half[0], node.y - half[1], node.x + half[0], node.y + half[1]],
            screen: [
                ...toScreen(Math.min(label.left, box.left), box.top),
                ...toScreen(
                    Math.max(label.left + label.width, box.right),
                    Math.max(label.top + label.height, box.bottom),
                ),
            ],
        };
    }
    return {
        nodes: drawn,
        scale: network.getScale(),
        frame: [frame.left, frame.top, frame.right, frame.bottom],
    };
}"""
"""Reads the drawing back from vis-network (node ``id -> lines, boxes``, zoom, frame)."""


def _assert_all_in_frame(drawn: dict) -> None:
    """Every node of ``drawn`` (``DRAWN``'s answer), label included, is on screen."""
    left, top, right, bottom = drawn["frame"]
    for node_id, node in drawn["nodes"].items():
        x0, y0, x1, y1 = node["screen"]
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, node_id


def _font_size(page: Page, node_id: str) -> float:
    return page.evaluate(
        "(id) => window.atlasCanvas.network.body.nodes[id].options.font.size", node_id
    )


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


def test_standalone_page_draws_every_node_offline(page, traffic, seed_graph, tmp_path):
    positions = compute_layout(seed_graph)
    _open(page, render_html(seed_graph, positions), tmp_path)
    canvas = page.locator('[data-testid="atlas-canvas"]')
    assert canvas.get_attribute("data-node-count") == str(seed_graph.number_of_nodes())
    assert canvas.get_attribute("data-edge-count") == str(seed_graph.number_of_edges())
    drawn = page.evaluate("window.atlasCanvas.network.body.data.nodes.length")
    assert drawn == seed_graph.number_of_nodes()
    legend = page.locator("#atlas-legend")
    for label in ("Condition", "Food", "Remedy", "How it is said:", "suggests", "Evidence says:"):
        assert legend.get_by_text(label, exact=True).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-standalone.png"))
    traffic.assert_clean()


@pytest.mark.parametrize(("width", "smallest"), [(900, 12.0), (640, 11.5), (600, 11.0)])
def test_every_label_is_legible_at_the_opening_view(
    page, traffic, seed_graph, tmp_path, width, smallest
):
    """The whole seed graph fits a 620 px high canvas with its labels at 11-12 px or more."""
    _open_in_canvas(page, seed_graph, tmp_path, width)
    drawn = page.evaluate(DRAWN)
    assert set(drawn["nodes"]) == set(seed_graph)
    # What a reader sees: the label font size times the zoom.
    assert drawn["scale"] * _font_size(page, "calf-cramp") >= smallest
    _assert_all_in_frame(drawn)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"render-standalone-{width}x620.png"))
    traffic.assert_clean()


MARKERS = """() => {
    // Per edge: its verdict, the middle marker in its data and as vis-network resolved
    // it, its colour, and where vis draws the marker (tip, angle, length on screen).
    const network = window.atlasCanvas.network;
    const context = network.canvas.getContext();
    const scale = network.getScale();
    return network.body.data.edges.get().map((item) => {
        const edge = network.body.edges[item.id];
        const values = edge.getFormattingValues();
        const arrow = edge.edgeType.getArrowData(
            context, "middle", edge.edgeType.getViaNode(), false, false, values
        );
        return {
            id: item.id,
            verdict: item.verdict,
            data: item.arrows.middle,
            drawn: {
                enabled: edge.options.arrows.middle.enabled,
                type: values.middleArrowType,
                scaleFactor: values.middleArrowScale,
            },
            colour: edge.options.color.color,
            tip: arrow.point,
            angle: arrow.angle,
            length: arrow.length,
            screen_length: arrow.length * scale,
        };
    });
}"""
"""Reads the verdict of every drawn edge back from vis-network, with its middle marker."""

PIXELS = """([points, colour]) => {
    // Per point (canvas coordinates), whether the canvas shows ``colour`` (give or
    // take a little anti-aliasing) in the 3 x 3 screen px around it.
    const network = window.atlasCanvas.network;
    const canvas = network.canvas.frame.canvas;
    const context = canvas.getContext("2d");
    const ratio = network.canvas.pixelRatio;
    const want = [1, 3, 5].map((start) => parseInt(colour.slice(start, start + 2), 16));
    return points.map((point) => {
        const spot = network.canvasToDOM(point);
        const x = Math.round(spot.x * ratio) - 1;
        const y = Math.round(spot.y * ratio) - 1;
        const data = context.getImageData(x, y, 3, 3).data;
        for (let i = 0; i < data.length; i += 4) {
            const distance = Math.hypot(
                data[i] - want[0], data[i + 1] - want[1], data[i + 2] - want[2]
            );
            if (distance < 40) return true;
        }
        return false;
    });
}"""

MARKER_SPOTS = {
    # Points well inside each marker and well off the line itself (so the line alone
    # cannot pass), in marker lengths: x back from the tip along the edge, y across it.
    "circle": ((-0.4, 0.3), (-0.4, -0.3)),
    "box": ((-0.3, 0.25), (-0.3, -0.25)),
    "diamond": ((-0.5, 0.22), (-0.5, -0.22)),
    "bar": ((-0.075, 0.35), (-0.075, -0.35)),
    "inv_triangle": ((-0.05, 0.22), (-0.05, -0.22)),
    "curve": ((-0.2, 0.346), (-0.2, -0.346)),
    "crow": ((-0.3, 0.15), (-0.3, -0.15)),
}


def _marker_spots(marker: dict) -> list[dict[str, float]]:
    cos, sin = math.cos(marker["angle"]), math.sin(marker["angle"])
    spots = []
    for along, across in MARKER_SPOTS[marker["drawn"]["type"]]:
        x, y = along * marker["length"], across * marker["length"]
        spots.append(
            {
                "x": marker["tip"]["x"] + x * cos - y * sin,
                "y": marker["tip"]["y"] + x * sin + y * cos,
            }
        )
    return spots


def test_each_verdict_is_drawn_with_its_own_marker_and_explained(
    page, traffic, seed_graph, tmp_path
):
    """Edges carry their verdict's colour and a middle marker whose shape differs per
    verdict, big enough to see at the opening view; the legend draws the same."""
    _open_in_canvas(page, seed_graph, tmp_path, 900)
    items = {item["verdict"]: item for item in verdict_items()}
    drawn = page.evaluate(MARKERS)
    assert len(drawn) == seed_graph.number_of_edges()
    shapes: dict[str, set[str | None]] = {}
    for edge in drawn:
        source, relation, target = edge["id"].split("|")
        verdict = seed_graph.edges[source, target, relation]["verdict"]
        assert edge["verdict"] == verdict
        assert edge["colour"] == VERDICTS[verdict].colour
        marker = items[verdict]["marker"]
        if marker is None:
            assert edge["drawn"]["enabled"] is False and edge["data"]["enabled"] is False
            shapes.setdefault(verdict, set()).add(None)
            continue
        assert edge["drawn"] == {"enabled": True, **marker}, edge["id"]
        assert edge["data"]["type"] == marker["type"]
        # Readable without zooming in: at least 9 px long on screen.
        assert edge["screen_length"] >= 9, edge
        shapes.setdefault(verdict, set()).add(edge["drawn"]["type"])
    assert len(shapes) >= 5, shapes
    assert all(len(kinds) == 1 for kinds in shapes.values()), shapes
    assert len({kinds.pop() for kinds in shapes.values()}) == len(shapes)

    # The markers are really painted, in the verdict's colour, on both sides of the line
    # (where the line alone paints nothing): nearly all of them, as a node's label or a
    # crossing edge, painted over a marker, may hide a side of a few.
    marked = [edge for edge in drawn if edge["drawn"]["enabled"]]
    found = {}
    for edge in marked:
        hits = page.evaluate(PIXELS, [_marker_spots(edge), edge["colour"]])
        found[edge["id"]] = all(hits)
    assert sum(found.values()) >= 0.85 * len(marked), [key for key, ok in found.items() if not ok]
    for verdict in shapes:
        if items[verdict]["marker"]:
            assert any(found[edge["id"]] for edge in marked if edge["verdict"] == verdict)

    # The legend names every verdict with its glyph, beside the same marker and colour.
    legend = page.locator("#atlas-legend")
    assert legend.get_by_text("Evidence says:", exact=True).is_visible()
    for name, item in items.items():
        entry = legend.locator(f'[data-verdict="{name}"]')
        assert entry.inner_text().strip() == f"{item['icon']} {item['label']}"
        assert entry.is_visible()
        sample = entry.locator("[data-marker]")
        if item["marker"] is None:
            assert sample.count() == 0
        else:
            assert sample.get_attribute("data-marker") == item["marker"]["type"]
            paint = sample.get_attribute("fill")
            assert item["colour"] in (paint, sample.get_attribute("stroke"))
        assert entry.locator("line").get_attribute("stroke") == item["colour"]
    ARTIFACTS.mkdir(exist_ok=True)
    box = page.locator("body").bounding_box()
    clip = {"x": 0, "y": 0, "width": box["width"] + 32, "height": box["height"] + 24}
    page.screenshot(path=str(ARTIFACTS / "render-verdicts.png"), clip=clip)
    traffic.assert_clean()


def test_a_traced_path_keeps_its_verdict_markers_in_the_browser(
    page, traffic, seed_graph, tmp_path
):
    html = render_html(seed_graph, compute_layout(seed_graph), highlight=PATH, height="620px")
    _open(page, html.replace("<body>", '<body style="width: 900px">', 1), tmp_path)
    drawn = {edge["id"]: edge for edge in page.evaluate(MARKERS)}
    items = {item["verdict"]: item for item in verdict_items()}
    for source, target, key in PATH:
        edge = drawn[f"{source}|{key}|{target}"]
        assert edge["colour"] == VERDICTS[edge["verdict"]].colour  # the verdict's colour stays
        assert edge["drawn"] == {"enabled": True, **items[edge["verdict"]]["marker"]}
        assert all(page.evaluate(PIXELS, [_marker_spots(edge), edge["colour"]]))
    traffic.assert_clean()


def test_the_layout_knows_how_vis_network_draws_each_label(page, traffic, seed_graph, tmp_path):
    """Lines wrap where the layout expects, inside the boxes it keeps apart."""
    _open_in_canvas(page, seed_graph, tmp_path, 900)
    drawn = page.evaluate(DRAWN)["nodes"]
    for node_id, attrs in seed_graph.nodes(data=True):
        node = drawn[node_id]
        assert node["lines"] == list(label_lines(attrs["label"])), node_id
        half, above, below = node_extents(attrs["label"], NODE_TYPES[attrs["type"]].shape)
        x, y = node["x"], node["y"]
        for box in (node["label"], node["shape"]):
            assert x - half - 0.01 <= box[0] and box[2] <= x + half + 0.01, node_id
            assert y - above - 0.01 <= box[1] and box[3] <= y + below + 0.01, node_id
    traffic.assert_clean()


def test_no_two_drawn_labels_overlap(page, traffic, seed_graph, tmp_path):
    _open_in_canvas(page, seed_graph, tmp_path, 900)
    drawn = page.evaluate(DRAWN)["nodes"]
    boxes = sorted((node["label"], node_id) for node_id, node in drawn.items())
    for i, (box, node_id) in enumerate(boxes):
        for other, other_id in boxes[i + 1 :]:
            if other[0] >= box[2]:
                break
            overlap = other[1] < box[3] and box[1] < other[3]
            assert not overlap, (node_id, other_id)
    traffic.assert_clean()


def test_zooming_out_stops_a_little_past_the_whole_view(page, traffic, seed_graph, tmp_path):
    _open_in_canvas(page, seed_graph, tmp_path, 900)
    opening = page.evaluate("window.atlasCanvas.network.getScale()")
    floor = page.evaluate("window.atlasCanvas.zoomFloor()")
    assert 0.5 * opening < floor < opening
    box = page.locator('[data-testid="atlas-canvas"]').bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(30):
        page.mouse.wheel(0, 400)
    page.wait_for_function(
        "(floor) => Math.abs(window.atlasCanvas.network.getScale() - floor) <= 1e-6 * floor",
        arg=floor,
        timeout=5_000,
    )
    # Back to the opening view on request.
    page.evaluate("window.atlasCanvas.frame()")
    assert page.evaluate("window.atlasCanvas.network.getScale()") == pytest.approx(opening)
    traffic.assert_clean()


def test_a_huge_drawing_opens_readable_around_its_centre(page, traffic, tmp_path):
    """Fitting hundreds of nodes would shrink labels to specks: the opening view keeps
    them at 8 px and shows the middle; zooming out still reaches the whole."""
    graph = nx.MultiDiGraph()
    graph.add_node("magnesium", label="Magnesium", type="nutrient")
    for i in range(400):
        graph.add_node(f"food-{i:03}", label=f"Food number {i}", type="food")
        graph.add_edge(f"food-{i:03}", "magnesium", key="rich_in")
    _open_in_canvas(page, graph, tmp_path, 900)
    scale = page.evaluate("window.atlasCanvas.network.getScale()")
    assert scale * _font_size(page, "magnesium") == pytest.approx(8)
    assert page.evaluate("window.atlasCanvas.zoomFloor()") < scale
    traffic.assert_clean()


def test_standalone_page_highlights_a_path(page, traffic, seed_graph, tmp_path):
    positions = compute_layout(seed_graph)
    html = render_html(seed_graph, positions, highlight=PATH, height="620px")
    html = html.replace("<body>", '<body style="width: 900px">', 1)
    _open(page, html, tmp_path)
    opacity = page.evaluate(
        "['magnesium', 'calf-cramp'].map((id) => window.atlasCanvas.network.body.nodes[id]"
        ".options.opacity)"
    )
    assert opacity[0] == 1 and opacity[1] < 0.5
    # The path's relation labels are drawn clear of every node, so nodes (painted over
    # edges) never hide a word of them.
    labels = page.evaluate(
        """(ids) => ids.map((id) => {
            const edge = window.atlasCanvas.network.body.edges[id];
            const size = edge.labelModule.size;
            const top = size.top + edge.options.font.vadjust;  // applied when drawn
            return [size.left, top, size.left + size.width, top + size.height];
        })""",
        [f"{source}|{key}|{target}" for source, target, key in PATH],
    )
    drawn = page.evaluate(DRAWN)["nodes"]
    for label in labels:
        for node_id, node in drawn.items():
            for box in (node["label"], node["shape"]):
                clear = label[2] <= box[0] or box[2] <= label[0]
                clear = clear or label[3] <= box[1] or box[3] <= label[1]
                assert clear, (label, node_id)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-standalone-path.png"))
    traffic.assert_clean()


def test_clicking_a_node_shows_its_text(page, traffic, seed_graph, tmp_path):
    _open(page, render_html(seed_graph, compute_layout(seed_graph)), tmp_path)
    spot = _node_on_screen(page, "almonds")
    page.mouse.click(spot["x"], spot["y"])
    details = page.locator("#atlas-details")
    assert details.inner_text().startswith("Almonds\nFood\n")
    canvas = page.locator('[data-testid="atlas-canvas"]')
    assert canvas.get_attribute("data-selected") == "node:almonds"
    traffic.assert_clean()


def test_hostile_text_shows_literally_and_never_runs(page, traffic, tmp_path):
    graph = _hostile_graph()
    _open(page, render_html(graph, compute_layout(graph), title=HOSTILE_LABEL), tmp_path)
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
    traffic.assert_clean()


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


@pytest.fixture
def canvas_app(tmp_path: Path) -> Iterator[str]:
    """A tiny app around ``graph_canvas``, served by `streamlit run` on 127.0.0.1."""
    script = tmp_path / "canvas_app.py"
    script.write_text(textwrap.dedent(CANVAS_APP), encoding="utf-8")
    with serve_app(tmp_path / "streamlit.log", script=script) as server:
        yield server.url


@pytest.fixture
def atlas_app(tmp_path: Path) -> Iterator[str]:
    """The explorer itself (``app.py``), served by `streamlit run` on 127.0.0.1."""
    with serve_app(tmp_path / "streamlit.log") as server:
        yield server.url


@pytest.mark.parametrize("allow_list", [LOCAL], ids=["served"])
def test_the_app_opens_on_a_graph_a_class_can_read(page, traffic, atlas_app, seed_graph):
    """At 1400 x 1000, the app's opening view shows every node with labels >= 11 px."""
    page.goto(atlas_app)
    canvas = page.locator('[data-testid="atlas-canvas"][data-ready="true"]')
    canvas.wait_for(timeout=60_000)
    assert canvas.get_attribute("data-node-count") == str(seed_graph.number_of_nodes())
    drawn = page.evaluate(DRAWN)
    assert drawn["scale"] * _font_size(page, "calf-cramp") >= 11
    _assert_all_in_frame(drawn)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-app-opening.png"))
    traffic.assert_clean()


@pytest.mark.parametrize("allow_list", [LOCAL], ids=["served"])
def test_streamlit_canvas_reports_clicks_keeps_the_camera_and_frames_a_new_view(
    page, traffic, canvas_app, seed_graph
):
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

    # A rerun with the same view keeps the camera where the reader left it.
    camera_now = (
        "[window.atlasCanvas.network.getScale(), window.atlasCanvas.network.getViewPosition()]"
    )
    page.evaluate("window.atlasCanvas.network.moveTo({position: {x: -400, y: -50}, scale: 1.2})")
    page.evaluate("window.atlasCanvas.selectNode('calcium')")
    page.get_by_text("clicked=calcium").wait_for(timeout=10_000)
    camera = page.evaluate(camera_now)
    assert camera[0] == pytest.approx(1.2)
    assert camera[1] == pytest.approx({"x": -400, "y": -50})

    # A new view updates the same network and frames it: fewer nodes, all in sight.
    shown = sum(kind in ("food", "nutrient") for _, kind in seed_graph.nodes(data="type"))
    page.get_by_text("Only foods and nutrients").click()
    page.wait_for_function(
        f"window.atlasCanvas.network.body.data.nodes.length === {shown}", timeout=10_000
    )
    page.get_by_text("clicked=None").wait_for(timeout=10_000)
    count = page.locator('[data-testid="atlas-canvas"]').get_attribute("data-node-count")
    assert count == str(shown)
    wait_for_redraw(page)
    framed = page.evaluate(DRAWN)
    _assert_all_in_frame(framed)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-streamlit-canvas.png"))
    traffic.assert_clean()


@pytest.mark.parametrize("allow_list", [LOCAL], ids=["served"])
def test_streamlit_canvas_shows_a_tooltip_box_only_on_hover(page, traffic, canvas_app):
    """The app's canvas ships none of vis-network's stylesheet: its own rules keep the
    tooltip hidden until a hover, then show it as a bordered box beside the pointer."""
    page.goto(canvas_app)
    page.locator('[data-testid="atlas-canvas"][data-ready="true"]').wait_for(timeout=30_000)
    tooltip = page.locator("div.vis-tooltip")
    for index in range(tooltip.count()):
        expect(tooltip.nth(index)).to_be_hidden()
    spot = _node_on_screen(page, "magnesium")
    page.mouse.move(spot["x"], spot["y"])
    tooltip.first.wait_for(state="visible", timeout=5_000)
    assert "Magnesium" in tooltip.first.text_content()
    look = tooltip.first.evaluate(
        """(box) => {
            const style = getComputedStyle(box);
            const rect = box.getBoundingClientRect();
            return {position: style.position, border: style.borderTopWidth,
                    background: style.backgroundColor, left: rect.left, top: rect.top,
                    right: rect.right, bottom: rect.bottom};
        }"""
    )
    assert look["position"] == "absolute"
    assert look["border"] == "1px"
    assert look["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    # Beside the pointer (vis puts it below or above), not at the end of the page.
    gap_x = max(look["left"] - spot["x"], spot["x"] - look["right"], 0)
    gap_y = max(look["top"] - spot["y"], spot["y"] - look["bottom"], 0)
    assert gap_x < 40 and gap_y < 40, (look, spot)
    corner = page.evaluate("window.atlasCanvas.network.body.container.getBoundingClientRect()")
    page.mouse.move(corner["left"] + 4, corner["bottom"] - 4)  # an empty spot of the canvas
    expect(tooltip.first).to_be_hidden(timeout=5_000)
    traffic.assert_clean()
