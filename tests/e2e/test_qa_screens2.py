"""What the second browser QA pass left, as the people it found it for meet it.

A phone (390 x 844, touch), a desktop (1440 x 900) and a projector (1280 x 720): labels
inside the canvas at phone width, a bad link's one warning, Compare's labels and its
link into Explore, the sidebar's radio buttons and Curate's code block, and how the
lesson marks a link the tool infers. Each test saves a screenshot under test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.lesson import lesson_html
from graph.schema import graph_edge_id
from graph.tours import Tour, find_tour
from tests import seed

from .conftest import AppServer, serve_app, wait_for_redraw, wait_idle
from .test_explorer import TIMEOUT, open_app, selected_on_canvas
from .test_qa_screens import PHONE, desktop, open_lesson, phone, shoot, view_button

__all__ = ["desktop", "phone"]  # fixtures shared with the first pass's tests
SEED = seed.graph()

_LABELS_OUTSIDE = """() => {
  // Every label the canvas draws (node labels, and edge labels not hidden until hover),
  // where vis-network last drew it, that reaches past the canvas's edge.
  const network = window.atlasCanvas.network;
  const host = network.body.container;
  const hidden = (colour) => /rgba\\(.*,\\s*0\\)$/.test(String(colour));
  const outside = [];
  const check = (id, module, vadjust) => {
    const size = module.size;
    if (!module.elementOptions.label || !size || !size.width) return;
    const corner = network.canvasToDOM({ x: size.left, y: size.top + vadjust });
    const far = network.canvasToDOM({
      x: size.left + size.width, y: size.top + size.height + vadjust });
    if (corner.x < -0.5 || corner.y < -0.5 || far.x > host.clientWidth + 0.5 ||
        far.y > host.clientHeight + 0.5) outside.push(id);
  };
  let drawn = 0;
  for (const id of network.body.nodeIndices) {
    check(id, network.body.nodes[id].labelModule, 0);
    drawn += 1;
  }
  for (const id of network.body.edgeIndices) {
    const module = network.body.edges[id].labelModule;
    if (hidden(module.fontOptions.color)) continue;
    check(id, module, Number(module.fontOptions.vadjust) || 0);
    drawn += 1;
  }
  return { drawn, outside };
}"""


@pytest.mark.parametrize(
    "query",
    ["", "?types=cause", "?question=during-a-cramp", "?cause=magnesium-deficiency"],
    ids=["whole-graph", "causes-only", "question", "focus"],
)
def test_on_a_phone_every_label_is_inside_the_canvas(
    phone: Page, app_server: AppServer, query: str
) -> None:
    drawn = open_app(phone, f"{app_server.url}/{query}")
    wait_for_redraw(phone)
    found = phone.evaluate(_LABELS_OUTSIDE)
    drawn.scroll_into_view_if_needed()
    shoot(phone, f"phone-labels-{query.strip('?').replace('=', '-') or 'whole'}")
    assert found["drawn"] > 0
    assert found["outside"] == [], f"labels cut at the canvas's edge: {found['outside']}"
    width = PHONE["viewport"]["width"]
    box = drawn.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_hostile_link_shows_one_warning_and_the_graph_on_the_first_screen(
    request: pytest.FixtureRequest, app_server: AppServer, screen: str
) -> None:
    page: Page = request.getfixturevalue(screen)
    names = ["mode", "question", "tour", "a", "b", "types", "rels", "strength", "verdict"]
    bad = "&".join(f"{name}=%3Cb%3Ezz%3C%2Fb%3E" for name in names)
    link = f"/?{bad}&cause=c&remedy=r&depth=0&from=f&to=t&len=99&path=0&sel=s&q=a&q=b&dpeth=2"
    drawn = open_app(page, app_server.url + link)
    alerts = page.get_by_test_id("stAlert").filter(has_text="Ignored")
    expect(alerts).to_have_count(1)
    said = alerts.inner_text()
    for name in [*names, "cause", "remedy", "depth", "from", "to", "len", "path", "sel", "q"]:
        assert f"{name}=" in said or f" {name}." in said or f" {name}," in said, name
    assert "dpeth" in said and "<b>zz</b>" in said
    assert alerts.locator("b").count() == 0, "a value from the link became HTML"
    page.evaluate("window.scrollTo(0, 0)")
    box = drawn.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] + box["height"] / 3 <= height, "the graph is below"
    shoot(page, f"hostile-link-one-warning-{screen}")


def click_node(page: Page, key: str, node_id: str) -> None:
    """Click ``node_id`` on the canvas ``key`` with the mouse, where it is drawn."""
    spot = page.evaluate(
        """([key, id]) => {
          const canvas = window.atlasCanvases[key];
          const host = canvas.network.body.container.getBoundingClientRect();
          const point = canvas.network.canvasToDOM(canvas.network.getPositions([id])[id]);
          return { x: host.left + point.x, y: host.top + point.y };
        }""",
        [key, node_id],
    )
    page.mouse.click(spot["x"], spot["y"])


@pytest.mark.parametrize(
    ("pair", "node_id"),
    [
        ("a=magnesium-deficiency&b=calcium-deficiency", "calcium"),
        ("a=wall-stretch&b=seated-toe-pull", "calf-cramp"),
    ],
)
def test_a_click_in_compare_opens_explore_in_one_history_entry(
    desktop: Page, app_server: AppServer, pair: str, node_id: str
) -> None:
    page = desktop
    start = f"{app_server.url}/compare?{pair}"
    page.goto(start)
    expect(page.locator('[data-key="compare-canvas"]')).to_have_attribute(
        "data-ready", "true", timeout=TIMEOUT
    )
    wait_idle(page)
    before = page.evaluate("history.length")
    click_node(page, "compare-canvas", node_id)
    page.wait_for_url(f"{app_server.url}/?{pair}&sel={node_id}", timeout=TIMEOUT)
    # Explore sends its graph first and the rest in the run its drawn canvas asks for;
    # that run must keep Explore (it once carried the old view back: Compare again).
    explorer_only = page.get_by_test_id("stSelectbox").filter(has_text="Focus on a cause")
    expect(explorer_only).to_be_attached(timeout=TIMEOUT)
    wait_idle(page)
    expect(view_button(page, "Explore")).to_have_attribute("aria-checked", "true")
    assert selected_on_canvas(page, [node_id]) == [node_id]
    assert page.evaluate("history.length") == before + 1, "one entry for one click"
    shoot(page, f"compare-click-{node_id}")
    page.go_back()
    page.wait_for_url(start, timeout=TIMEOUT)
    wait_idle(page)
    expect(view_button(page, "Compare")).to_have_attribute("aria-checked", "true")
    expect(page.locator('[data-key="compare-canvas"]')).to_be_visible()


_INFERRED_LABELS = """() => {
  const edges = window.atlasCanvas.network.body.edges;
  return Object.keys(edges).filter((id) => id.split("|")[1] === "relieves")
    .map((id) => [id, edges[id].labelModule.elementOptions.label]);
}"""


def _assert_readings_marked(labels: list[list[str]]) -> None:
    strengths = {
        graph_edge_id(edge): SEED.edges[edge]["strength"] for edge in SEED.edges(keys=True)
    }
    assert any(strengths[edge_id] == "inferred" for edge_id, _ in labels)
    for edge_id, label in labels:
        marked = label.endswith("(tool's reading)")
        assert marked == (strengths[edge_id] == "inferred"), (edge_id, label)


def test_the_lesson_canvas_marks_the_tools_reading_in_the_app_and_downloaded(
    desktop: Page,
    app_server: AppServer,
    tmp_path: Path,
    positions: dict[str, tuple[float, float]],
    tours: tuple[Tour, ...],
) -> None:
    tour = "what-helps-during-a-cramp"
    frame = open_lesson(desktop, f"{app_server.url}/present?tour={tour}")
    _assert_readings_marked(frame.evaluate(_INFERRED_LABELS))
    shoot(desktop, "lesson-tools-reading")
    path = tmp_path / "lesson.html"
    path.write_text(lesson_html(SEED, positions, find_tour(tours, tour)), encoding="utf-8")
    desktop.goto(path.as_uri())
    expect(desktop.locator("body")).to_have_attribute("data-drawn", "0", timeout=TIMEOUT)
    _assert_readings_marked(desktop.evaluate(_INFERRED_LABELS))


_RINGS_OFF_FIRST_LINE = """() => [...document.querySelectorAll(
    '[data-testid="stRadio"] [role="radiogroup"] label')].flatMap((label) => {
  const words = label.querySelector('[data-testid="stMarkdownContainer"] p');
  const ring = words.closest('[data-testid="stMarkdownContainer"]').previousElementSibling;
  const line = parseFloat(getComputedStyle(words).lineHeight);
  const box = ring.getBoundingClientRect(), top = words.getBoundingClientRect().top;
  const off = Math.abs(box.top + box.height / 2 - (top + line / 2));
  return off > 1.5 ? [[words.innerText.slice(0, 30), Math.round(off)]] : [];
})"""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_radio_ring_sits_beside_the_first_line_of_its_words(
    request: pytest.FixtureRequest, app_server: AppServer, screen: str
) -> None:
    page: Page = request.getfixturevalue(screen)
    open_app(page, f"{app_server.url}/?from=almonds&to=cramp-prevention")
    options = page.get_by_test_id("stRadio").locator('[role="radiogroup"] label')
    expect(options.first).to_be_visible(timeout=TIMEOUT)
    assert options.count() > 1
    assert page.evaluate(_RINGS_OFF_FIRST_LINE) == []
    options.first.scroll_into_view_if_needed()
    shoot(page, f"radio-rings-{screen}")


@pytest.fixture
def broken_draft_server(kb_path: Path, tmp_path: Path) -> Iterator[AppServer]:
    """The app on a knowledge base whose one draft does not read, with long names."""
    drafts = kb_path / "drafts"
    drafts.mkdir()
    name = "an-article-with-a-rather-long-name-about-night-cramps-in-runners"
    (drafts / f"{name}.yaml").write_text(
        f"source: {name}-and-a-source-id-too-long-to-be-one\ncandidates:\n  - n: one\n",
        encoding="utf-8",
    )
    with serve_app(tmp_path / "streamlit.log", data_dir=kb_path) as server:
        yield server


def test_on_a_phone_curates_problem_list_wraps_inside_its_box(
    phone: Page, broken_draft_server: AppServer
) -> None:
    phone.goto(f"{broken_draft_server.url}/curate")
    # A draft that does not read is one line of its own (the other drafts stay usable).
    code = phone.get_by_test_id("stAlert").filter(has_text="does not read")
    expect(code).to_be_visible(timeout=TIMEOUT)
    wait_idle(phone)
    expect(code).to_contain_text("drafts/an-article-with-a-rather-long-name")
    overflow = code.evaluate("(box) => box.scrollWidth - box.clientWidth")
    assert overflow <= 1, f"{overflow} px of the problems are cut off at the box's edge"
    box = code.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["viewport"]["width"]
    shoot(phone, "phone-curate-problems")


_LABELS_OVER_NODES = """() => {
  // Every edge label as vis-network would draw it with its line hovered and selected:
  // the ones it would draw (not transparent) that cover a node's shape or label.
  const network = window.atlasCanvas.network;
  const context = network.canvas.getContext();
  const hidden = (colour) => /rgba\\(.*,\\s*0\\)$/.test(String(colour).replace(/\\s/g, ""));
  const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const nodes = network.body.nodeIndices.map((id) => {
    const node = network.body.nodes[id], reach = 1.2 * node.options.size;
    const label = node.labelModule.size;
    return [id, [[node.x - reach, node.y - reach, node.x + reach, node.y + reach],
      [label.left, label.top, label.left + label.width, label.top + label.height]]];
  });
  const over = [];
  for (const id of network.body.edgeIndices) {
    const module = network.body.edges[id].labelModule;
    if (hidden(module.getFormattingValues(context, true, true, "normal").color)) continue;
    const size = module.size, lift = Number(module.fontOptions.vadjust) || 0;
    const box = [size.left, size.top + lift, size.left + size.width,
      size.top + size.height + lift];
    for (const [node, boxes] of nodes) {
      if (boxes.some((other) => overlap(box, other))) over.push(id + " over " + node);
    }
  }
  return over;
}"""


@pytest.mark.parametrize(
    "pair",
    [
        "a=dietary-supplements&b=wall-stretch",
        "a=magnesium-deficiency&b=venous-insufficiency",
        "a=pin-prick&b=seated-toe-pull",
    ],
)
def test_in_compare_no_label_is_drawn_over_a_node_even_on_hover(
    desktop: Page, app_server: AppServer, pair: str
) -> None:
    desktop.goto(f"{app_server.url}/compare?{pair}")
    drawn = desktop.locator('[data-key="compare-canvas"]')
    expect(drawn).to_have_attribute("data-ready", "true", timeout=TIMEOUT)
    wait_idle(desktop)
    wait_for_redraw(desktop, "compare-canvas")
    assert desktop.evaluate(_LABELS_OVER_NODES) == []
    drawn.scroll_into_view_if_needed()
    shoot(desktop, f"compare-labels-{pair.replace('&', '-').replace('=', '-')}")
