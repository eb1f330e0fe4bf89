"""The payload and the standalone page: complete, escaped, offline and byte-stable."""

from __future__ import annotations

import json
import random
import re

import networkx as nx
import pytest

from graph.assets import json_for_script, static_text
from graph.build import build_graph
from graph.layout import compute_layout, drawing_bounds
from graph.render import (
    canvas_payload,
    legend_items,
    render_html,
    strength_items,
    verdict_items,
)
from graph.schema import (
    NODE_TYPES,
    VERDICTS,
    KnowledgeBase,
    graph_edge_id,
)
from tests.hostile import HOSTILE, parse_page, parse_safe_page

PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "div", "p", "script"}
"""Every tag the standalone page is made of: anything else was injected."""


PATH = (("almonds", "magnesium", "rich_in"), ("magnesium", "cramp-prevention", "contributes_to"))
"""A traced path of the seed: almonds -> magnesium -> cramp prevention."""


def test_payload_has_one_node_per_node_of_the_view(seed_graph, positions):
    view = nx.subgraph_view(seed_graph, filter_node=lambda n: n != "calf-cramp")
    for graph_view in (seed_graph, view):
        payload = canvas_payload(graph_view, positions)
        assert len(payload["nodes"]) == graph_view.number_of_nodes()
        assert len(payload["edges"]) == graph_view.number_of_edges()
        assert {node["id"] for node in payload["nodes"]} == set(graph_view)


def test_payload_is_plain_json(seed_graph, positions):
    payload = canvas_payload(seed_graph, positions, highlight=PATH)
    assert json.loads(json.dumps(payload, allow_nan=False)) == payload


def test_nodes_sit_at_their_fixed_positions_with_the_type_style(seed_graph, positions):
    payload = canvas_payload(seed_graph, positions)
    for node in payload["nodes"]:
        kind = NODE_TYPES[seed_graph.nodes[node["id"]]["type"]]
        assert (node["x"], node["y"]) == positions[node["id"]]
        assert node["fixed"] is True
        assert node["shape"] == kind.shape
        assert node["color"]["background"] == kind.colour
    assert payload["options"]["physics"] == {"enabled": False}


def test_node_tooltip_is_plain_text_with_type_description_and_synonyms(seed_graph, positions):
    payload = canvas_payload(seed_graph, positions)
    title = next(node["title"] for node in payload["nodes"] if node["id"] == "calf-cramp")
    assert title.splitlines()[:2] == ["Calf muscle cramp", "Condition"]
    assert seed_graph.nodes["calf-cramp"]["description"] in title
    assert "charley horse" in title
    assert "<" not in title


def test_edge_ids_are_stable_and_unique(seed_graph, positions):
    edges = canvas_payload(seed_graph, positions)["edges"]
    ids = [edge["id"] for edge in edges]
    assert len(set(ids)) == len(ids)
    assert graph_edge_id(("almonds", "magnesium", "rich_in")) in ids
    edge = next(edge for edge in edges if edge["id"] == "almonds|rich_in|magnesium")
    assert (edge["from"], edge["to"], edge["label"]) == ("almonds", "magnesium", "rich in")


def test_edge_tooltip_quotes_the_source(seed_graph, positions):
    edges = canvas_payload(seed_graph, positions)["edges"]
    attrs = seed_graph.edges["sedentary-lifestyle", "calf-cramp", "causes"]
    title = next(e["title"] for e in edges if e["id"] == "sedentary-lifestyle|causes|calf-cramp")
    for item in attrs["provenance"]:
        assert item["quote"] in title


def test_strength_is_shown_by_line_style_not_colour_alone(seed_graph, positions):
    edges = canvas_payload(seed_graph, positions)["edges"]
    style = {
        edge["strength"]: (json.dumps(edge["dashes"]), edge["width"], edge["color"]["color"])
        for edge in edges
    }
    assert {"states", "suggests", "inferred"} <= set(style)
    dashes = {strength: value[0] for strength, value in style.items()}
    assert len(set(dashes.values())) == len(dashes)
    assert dashes["states"] == "false"
    legend = [item["strength"] for item in strength_items()]
    assert legend == ["states", "suggests", "anecdotal", "inferred"]
    assert len({json.dumps(item["dashes"]) for item in strength_items()}) == len(legend)


def _middle(edge: dict) -> dict | None:
    """The verdict marker drawn in the middle of a payload edge, if any."""
    middle = edge["arrows"]["middle"]
    return (
        {"type": middle["type"], "scaleFactor": middle["scaleFactor"]}
        if middle["enabled"]
        else None
    )


def test_edges_carry_their_verdict_colour_and_marker(seed_graph, positions):
    markers = {item["verdict"]: item["marker"] for item in verdict_items()}
    for edge in canvas_payload(seed_graph, positions)["edges"]:
        verdict = seed_graph.edges[edge["from"], edge["to"], edge["relation"]]["verdict"]
        assert edge["verdict"] == verdict
        assert edge["color"]["color"] == VERDICTS[verdict].colour
        assert _middle(edge) == markers[verdict], edge["id"]
        assert edge["arrows"]["to"]["enabled"] is True


def test_every_verdict_has_a_marker_shape_of_its_own(seed_graph, positions):
    items = verdict_items()
    assert [item["verdict"] for item in items] == list(VERDICTS)
    shapes = [item["marker"]["type"] if item["marker"] else None for item in items]
    assert len(set(shapes)) == len(shapes)
    assert shapes.count(None) == 1 and items[shapes.index(None)]["verdict"] == "not assessed"
    canvas_script = static_text("canvas.js")
    for shape in filter(None, shapes):
        assert f"{shape}:" in canvas_script or f'"{shape}"' in canvas_script, shape
    # So the seed's edges, as drawn, tell the verdicts apart without colour.
    drawn: dict[str, set] = {}
    for edge in canvas_payload(seed_graph, positions)["edges"]:
        drawn.setdefault(edge["verdict"], set()).add(json.dumps(_middle(edge)))
    assert all(len(shapes) == 1 for shapes in drawn.values())
    assert len({shapes.pop() for shapes in drawn.values()}) == len(drawn)


def test_strength_and_verdict_are_drawn_on_separate_channels(seed_graph, positions):
    edges = canvas_payload(seed_graph, positions)["edges"]
    by_strength: dict[str, set] = {}
    for edge in edges:
        by_strength.setdefault(edge["strength"], set()).add(
            (json.dumps(edge["dashes"]), edge["width"])
        )
    # The line style follows the strength whatever the verdict ...
    assert all(len(styles) == 1 for styles in by_strength.values())
    # ... and the same strength is drawn with several verdicts' colours and markers.
    states = [edge for edge in edges if edge["strength"] == "states"]
    assert len({edge["verdict"] for edge in states}) >= 4
    assert len({edge["color"]["color"] for edge in states}) >= 4


def test_every_verdict_of_the_seed_is_in_the_legend_with_its_icon(seed_graph, positions):
    payload = canvas_payload(seed_graph, positions)
    legend = {item["verdict"]: item for item in payload["verdicts"]}
    seen = {verdict for _, _, verdict in seed_graph.edges(data="verdict")}
    assert len(seen) >= 5
    for name in seen:
        verdict = VERDICTS[name]
        assert (legend[name]["icon"], legend[name]["label"]) == (verdict.icon, verdict.label)
        assert legend[name]["colour"] == verdict.colour


def test_a_missing_or_unknown_verdict_is_drawn_as_not_assessed():
    graph = nx.MultiDiGraph()
    for node_id in ("a", "b", "c"):
        graph.add_node(node_id, label=node_id.upper(), type="food")
    graph.add_edge("a", "b", key="rich_in", relation="rich_in", strength="states")
    graph.add_edge("b", "c", key="rich_in", relation="rich_in", verdict="<proven>")
    graph.add_edge("a", "c", key="rich_in", relation="rich_in", verdict=None)
    payload = canvas_payload(graph, {"a": (0.0, 0.0), "b": (300.0, 0.0), "c": (0.0, 300.0)})
    unassessed = VERDICTS["not assessed"]
    for edge in payload["edges"]:
        assert edge["verdict"] == "not assessed"
        assert edge["color"]["color"] == unassessed.colour
        assert edge["arrows"]["middle"] == {"enabled": False}
        assert f"What the evidence says: {unassessed.icon} not assessed" in edge["title"]
        assert unassessed.description in edge["title"]
        assert "<proven>" not in edge["title"]


def test_edge_tooltip_gives_the_verdict_and_the_evidence_summary(seed_graph, positions):
    edges = {edge["id"]: edge for edge in canvas_payload(seed_graph, positions)["edges"]}
    attrs = seed_graph.edges["wall-stretch", "calf-cramp", "prevents"]
    verdict = VERDICTS[attrs["verdict"]]
    lines = edges["wall-stretch|prevents|calf-cramp"]["title"].splitlines()
    qualifier = attrs["evidence"].get("qualifier")
    said = (
        "What the evidence says (The tool, weighing a review and a trial):"
        f" {verdict.icon} {verdict.label}"
    )
    assert (f"{said} ({qualifier})" if qualifier else said) in lines
    assert attrs["evidence"]["summary"] in lines
    assert any(line.startswith("Cited: ") for line in lines)
    assert any(attrs["provenance"][0]["quote"] in line for line in lines)


def test_relation_labels_sit_beside_verdict_markers_not_over_them(seed_graph, positions):
    view = nx.subgraph_view(seed_graph, filter_node=_foods_and_minerals(seed_graph))
    edges = canvas_payload(view, positions)["edges"]
    shown = [edge for edge in edges if edge["font"]["strokeWidth"]]
    assert shown
    assert all(edge["font"]["vadjust"] != 0 for edge in shown if _middle(edge))
    # A label shown only on hover goes above the marker too.
    hidden = [edge for edge in edges if not edge["font"]["strokeWidth"] and _middle(edge)]
    assert all(edge["font"]["vadjust"] < 0 for edge in hidden)


def test_a_traced_path_keeps_its_verdict_colours_and_markers(seed_graph, positions):
    plain = {edge["id"]: edge for edge in canvas_payload(seed_graph, positions)["edges"]}
    traced = canvas_payload(seed_graph, positions, highlight=PATH)["edges"]
    for edge in traced[-2:]:
        colour = VERDICTS[edge["verdict"]].colour
        assert edge["color"]["color"] == edge["color"]["highlight"] == colour
        assert edge["color"]["hover"] == colour
        assert _middle(edge) is not None
        assert _middle(edge) == _middle(plain[edge["id"]])  # ... and its marker stays
        assert edge["width"] > plain[edge["id"]]["width"]


def test_a_traced_path_stands_out_and_the_rest_dims(seed_graph, positions):
    payload = canvas_payload(seed_graph, positions, highlight=PATH)
    nodes = {node["id"]: node for node in payload["nodes"]}
    edges = {edge["id"]: edge for edge in payload["edges"]}
    on_path = nodes["magnesium"]
    dimmed = nodes["calf-cramp"]
    assert on_path["opacity"] == 1.0 and dimmed["opacity"] < 0.5
    assert on_path["borderWidth"] > dimmed["borderWidth"]
    assert on_path["font"]["color"] != dimmed["font"]["color"]
    path_edge = edges["almonds|rich_in|magnesium"]
    other_edge = edges["almonds|rich_in|calcium"]
    assert path_edge["width"] > other_edge["width"]
    assert path_edge["color"]["color"] != other_edge["color"]["color"]
    assert path_edge["color"]["opacity"] > other_edge["color"]["opacity"]
    assert path_edge["font"]["color"] != other_edge["font"]["color"]  # the label shows
    assert payload["highlighted"] is True
    # Drawn last, on top of what they cross.
    assert {edge["id"] for edge in payload["edges"][-2:]} == {
        "almonds|rich_in|magnesium",
        "magnesium|contributes_to|cramp-prevention",
    }


def test_without_a_path_nothing_is_dimmed(seed_graph, positions):
    payload = canvas_payload(seed_graph, positions)
    assert {node["opacity"] for node in payload["nodes"]} == {1.0}
    assert payload["highlighted"] is False


def test_path_edges_outside_the_view_are_ignored(seed_graph, positions):
    view = nx.subgraph_view(seed_graph, filter_node=lambda n: n != "magnesium")
    payload = canvas_payload(view, positions, highlight=PATH)
    assert payload["highlighted"] is False


def test_selected_node_or_edge_is_named_in_the_payload(seed_graph, positions):
    assert canvas_payload(seed_graph, positions, selected="almonds")["selected"] == {
        "kind": "node",
        "id": "almonds",
    }
    edge = "almonds|rich_in|magnesium"
    assert canvas_payload(seed_graph, positions, selected=edge)["selected"] == {
        "kind": "edge",
        "id": edge,
    }
    assert canvas_payload(seed_graph, positions, selected="nowhere")["selected"] is None


def test_parallel_edges_are_drawn_apart(seed_graph, positions):
    edges = canvas_payload(seed_graph, positions)["edges"]
    pair = [edge for edge in edges if edge["from"] == "lemon-rub" and edge["to"] == "calf-cramp"]
    assert len(pair) == 2
    assert pair[0]["smooth"] != pair[1]["smooth"]


def _foods_and_minerals(graph):
    """Foods, magnesium and calcium: a view of 13 edges, under the label limit."""
    return lambda n: graph.nodes[n]["type"] in ("food", "nutrient") and n != "vitamin-d"


def test_small_views_show_relation_labels_that_fit(seed_graph, positions):
    view = nx.subgraph_view(seed_graph, filter_node=_foods_and_minerals(seed_graph))
    payload = canvas_payload(view, positions)
    assert payload["edge_labels"] == "always"
    shown = [edge for edge in payload["edges"] if edge["font"]["strokeWidth"]]
    assert shown, "some relation labels should show in a small view"
    assert canvas_payload(seed_graph, positions)["edge_labels"] == "hover"


def test_the_camera_frames_exactly_what_is_shown(seed_graph, positions):
    view = nx.subgraph_view(
        seed_graph, filter_node=lambda n: seed_graph.nodes[n]["type"] in ("food", "nutrient")
    )
    whole = canvas_payload(seed_graph, positions)["camera"]
    part = canvas_payload(view, positions)["camera"]
    assert whole["bounds"] == list(drawing_bounds(seed_graph, positions))
    assert part["bounds"] == list(drawing_bounds(view, positions))
    assert part["bounds"][2] < whole["bounds"][2]
    assert (
        whole["font_size"]
        == canvas_payload(seed_graph, positions)["options"]["nodes"]["font"]["size"]
    )


@pytest.mark.parametrize("width", [600, 640, 760, 900])
def test_seed_labels_are_legible_at_the_opening_fit(seed_graph, positions, width):
    """The opening zoom, worked out as the drawing script does, shows labels at >= 11 px."""
    camera = canvas_payload(seed_graph, positions)["camera"]
    left, top, right, bottom = camera["bounds"]
    free_width, free_height = width - 2 - 2 * camera["padding"], 620 - 2 * camera["padding"]
    scale = min(free_width / (right - left), free_height / (bottom - top), camera["max_scale"])
    assert scale * camera["font_size"] >= 11


def test_labels_under_a_shape_have_a_background_and_inside_one_none(seed_graph, positions):
    nodes = {node["id"]: node for node in canvas_payload(seed_graph, positions)["nodes"]}
    below, inside = nodes["almonds"]["font"]["background"], nodes["cramp-prevention"]["font"]
    assert below.startswith("rgba(255,255,255")
    assert inside["background"] == "rgba(0,0,0,0)"


def test_a_missing_position_is_refused(seed_graph):
    with pytest.raises(ValueError, match="no position"):
        canvas_payload(seed_graph, {"almonds": (0.0, 0.0)})


def test_legend_lists_every_node_type_with_colour_and_shape():
    items = legend_items()
    assert [item["type"] for item in items] == list(NODE_TYPES)
    assert all(item["colour"].startswith("#") and item["shape"] for item in items)


def test_json_for_script_cannot_close_its_element():
    text = str(json_for_script(HOSTILE))
    for character in "<>&'\u2028\u2029":
        assert character not in text
    assert json.loads(text) == HOSTILE


def test_render_is_byte_stable(kb, seed_graph, positions):
    first = render_html(seed_graph, positions, highlight=PATH, selected="almonds")
    again = render_html(seed_graph, positions, highlight=PATH, selected="almonds")
    assert first == again
    nodes, edges, evidence = list(kb.nodes), list(kb.edges), list(kb.evidence)
    random.Random(5).shuffle(nodes)
    random.Random(6).shuffle(edges)
    random.Random(7).shuffle(evidence)
    shuffled = build_graph(
        KnowledgeBase(
            sources=kb.sources,
            nodes=tuple(nodes),
            edges=tuple(edges),
            references=kb.references,
            evidence=tuple(evidence),
        )
    )
    assert render_html(shuffled, compute_layout(shuffled)) == render_html(seed_graph, positions)


def test_page_loads_nothing_from_outside(seed_graph, positions):
    page = render_html(seed_graph, positions)
    parsed = parse_page(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        assert tag != "link"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(?:https?:|//)", page, re.IGNORECASE)
    assert "default-src 'none'" in page


def test_page_carries_the_payload_intact(seed_graph, positions):
    page = render_html(seed_graph, positions, highlight=PATH)
    carried = json.loads(parse_page(page).texts["atlas-payload"])
    assert carried == canvas_payload(seed_graph, positions, highlight=PATH)


def test_hostile_text_never_reaches_the_page_unescaped(hostile_page_graph):
    positions = compute_layout(hostile_page_graph)
    page = render_html(hostile_page_graph, positions, title=HOSTILE["tag"])
    parsed = parse_safe_page(page, PAGE_TAGS)
    # The strings arrive as data, intact: shown literally, never interpreted.
    carried = json.loads(parsed.texts["atlas-payload"])
    food = next(node for node in carried["nodes"] if node["id"] == "evil-food")
    assert food["label"] == HOSTILE["tag"]
    assert HOSTILE["script"] in food["title"] and HOSTILE["separators"] in food["title"]
    assert all(quote in carried["edges"][0]["title"] for quote in HOSTILE.values())


def test_title_is_escaped(seed_graph, positions):
    page = render_html(seed_graph, positions, title="Cramps & <b>co</b>")
    assert "<title>Cramps &amp; &lt;b&gt;co&lt;/b&gt;</title>" in page


@pytest.mark.parametrize("height", ["700px; background: url(//x)", "tall", "", "10px}"])
def test_height_must_be_a_plain_css_length(seed_graph, positions, height):
    with pytest.raises(ValueError, match="height"):
        render_html(seed_graph, positions, height=height)


def test_a_fan_of_one_relation_gets_one_label(seed_graph, positions):
    fan = [(food, "magnesium", "rich_in") for food in ("almonds", "walnuts", "raisins", "legumes")]
    payload = canvas_payload(seed_graph, positions, highlight=fan)
    labelled = [
        edge["id"]
        for edge in payload["edges"]
        if edge["id"].endswith("|rich_in|magnesium") and edge["font"]["strokeWidth"] > 0
    ]
    assert len(labelled) == 1
