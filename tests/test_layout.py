"""The layout: deterministic, order-independent, readable, driven by the vocabulary."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping

import networkx as nx
import pytest

from graph.build import build_graph
from graph.geometry import EdgeGeometry, edge_geometry
from graph.layout import (
    ASPECT,
    BANDS,
    FALLBACK_BAND,
    LABEL_MAX_WIDTH,
    compute_layout,
    drawing_bounds,
    label_box,
    label_lines,
    node_extents,
    text_width,
)
from graph.schema import NODE_TYPES, RELATIONS, KnowledgeBase

Box = tuple[float, float, float, float]


def _boxes(graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]]) -> dict:
    """Each node's box (shape and label) as drawn at the default view."""
    boxes = {}
    for node_id, attrs in graph.nodes(data=True):
        shape = NODE_TYPES[attrs["type"]].shape if attrs["type"] in NODE_TYPES else "dot"
        half, above, below = node_extents(attrs["label"], shape)
        x, y = positions[node_id]
        boxes[node_id] = (x - half, y - above, x + half, y + below)
    return boxes


def _overlapping_pairs(boxes: Mapping[str, Box]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap, by sweeping along x (no quadratic scan)."""
    ordered = sorted(boxes.items(), key=lambda item: item[1][0])
    found = []
    active: list[tuple[str, Box]] = []
    for node_id, box in ordered:
        active = [(other, seen) for other, seen in active if seen[2] > box[0]]
        found += [
            (other, node_id) for other, seen in active if seen[1] < box[3] and box[1] < seen[3]
        ]
        active.append((node_id, box))
    return found


def _shuffled_graph(kb: KnowledgeBase, seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    nodes, edges = list(kb.nodes), list(kb.edges)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    return build_graph(KnowledgeBase(sources=kb.sources, nodes=tuple(nodes), edges=tuple(edges)))


def _synthetic(node_count: int, *, seed: int = 3) -> nx.MultiDiGraph:
    """A random knowledge graph with every node type and about three edges per node."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    types = sorted(NODE_TYPES)
    for i in range(node_count):
        words = " ".join(rng.choice(["leg", "calcium", "night", "stretching"]) for _ in range(3))
        graph.add_node(f"node-{i}", label=f"{i} {words}", type=rng.choice(types))
    node_ids = list(graph)
    relations = sorted(RELATIONS)
    for _ in range(3 * node_count):
        source, target = rng.sample(node_ids, 2)
        graph.add_edge(source, target, key=rng.choice(relations))
    return graph


def test_same_graph_gives_same_positions(seed_graph):
    assert dict(compute_layout(seed_graph)) == dict(compute_layout(seed_graph))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_positions_do_not_depend_on_record_order(kb, seed_graph, seed):
    assert dict(compute_layout(_shuffled_graph(kb, seed))) == dict(compute_layout(seed_graph))


def test_every_node_gets_a_finite_position(seed_graph):
    positions = compute_layout(seed_graph)
    assert set(positions) == set(seed_graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())


def test_positions_are_read_only(seed_graph):
    positions = compute_layout(seed_graph)
    with pytest.raises(TypeError):
        positions["calf-cramp"] = (1.0, 1.0)  # type: ignore[index]


def test_no_two_label_boxes_overlap_on_the_seed(seed_graph):
    assert _overlapping_pairs(_boxes(seed_graph, compute_layout(seed_graph))) == []


def test_labels_side_by_side_keep_more_than_a_space_apart(seed_graph):
    """Two labels in a row must never read as one: the gap is wider than a word space."""
    positions = compute_layout(seed_graph)
    boxes = _boxes(seed_graph, positions)
    rows: dict[float, list[Box]] = {}
    for node_id, (_, y) in positions.items():
        rows.setdefault(y, []).append(boxes[node_id])
    for row in rows.values():
        row.sort()
        for left, right in itertools.pairwise(row):
            assert right[0] - left[2] >= 3 * text_width(" ")


def test_the_seed_drawing_has_the_shape_of_the_canvas(seed_graph):
    left, top, right, bottom = drawing_bounds(seed_graph, compute_layout(seed_graph))
    assert ASPECT / 1.2 <= (right - left) / (bottom - top) <= ASPECT * 1.2


def test_a_wider_aspect_gives_a_wider_drawing(seed_graph):
    def aspect_of(aspect: float) -> float:
        left, top, right, bottom = drawing_bounds(
            seed_graph, compute_layout(seed_graph, aspect=aspect)
        )
        return (right - left) / (bottom - top)

    assert aspect_of(0.8) < aspect_of(2.0)


@pytest.mark.parametrize("aspect", [0, -1.0, math.nan, math.inf, "wide"])
def test_a_bad_aspect_is_refused(seed_graph, aspect):
    with pytest.raises(ValueError, match="aspect"):
        compute_layout(seed_graph, aspect=aspect)


def test_the_most_connected_condition_is_the_centre(seed_graph):
    assert compute_layout(seed_graph)["calf-cramp"] == (0.0, 0.0)


def test_bands_follow_the_vocabulary(seed_graph):
    positions = compute_layout(seed_graph)

    def of(node_type: str, axis: int) -> list[float]:
        return [
            positions[node_id][axis]
            for node_id, kind in seed_graph.nodes(data="type")
            if kind == node_type and node_id != "calf-cramp"
        ]

    # Helpers to the left, in reading order; contexts share the column next to the hub
    # with the outcome, above it; harms to the right.
    assert max(of("food", 0)) < min(of("nutrient", 0))
    assert max(of("nutrient", 0)) < min(of("outcome", 0))
    assert set(of("context", 0)) == set(of("outcome", 0))
    assert max(of("context", 1)) < min(of("outcome", 1))
    assert max(of("outcome", 0)) < 0.0 < min(of("cause", 0))
    # Remedies above everything in the columns; the diseases below.
    column_ys = [y for t in ("food", "nutrient", "outcome", "context", "cause") for y in of(t, 1)]
    assert max(of("remedy", 1)) < min(column_ys)
    assert min(of("condition", 1)) > max(column_ys)


def test_a_column_node_stays_on_its_column(seed_graph):
    """Columns wrap into a few fixed sub-columns; nodes never drift between them."""
    positions = compute_layout(seed_graph)
    for node_type in ("food", "nutrient", "outcome", "cause"):
        xs = {positions[n][0] for n, t in seed_graph.nodes(data="type") if t == node_type}
        assert len(xs) <= 2, node_type


def test_a_long_band_wraps_into_staggered_sub_bands():
    graph = nx.MultiDiGraph()
    graph.add_node("hub", label="Cramp", type="condition")
    for i in range(30):
        graph.add_node(f"cause-{i:02}", label=f"Cause number {i}", type="cause")
        graph.add_edge(f"cause-{i:02}", "hub", key="causes")
    positions = compute_layout(graph)
    causes = sorted((positions[n][1], positions[n][0]) for n in graph if n != "hub")
    xs = [x for _, x in causes]
    assert len(set(xs)) >= 2
    # Going down the band, nodes alternate between sub-columns: edges from the hub pass
    # between the nodes of the nearer one.
    assert all(a != b for a, b in itertools.pairwise(xs))
    assert _overlapping_pairs(_boxes(graph, positions)) == []


def test_every_node_type_has_a_band():
    assert set(BANDS) == set(NODE_TYPES)


def test_an_undeclared_type_goes_to_the_fallback_band():
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", type="food")
    graph.add_node("b", label="B", type="mystery")
    graph.add_edge("a", "b", key="rich_in")
    positions = compute_layout(graph)
    assert FALLBACK_BAND.kind == "row" and FALLBACK_BAND.index > 0
    assert positions["b"][1] > positions["a"][1]


def test_a_graph_without_a_condition_still_lays_out():
    graph = nx.MultiDiGraph()
    graph.add_node("almonds", label="Almonds", type="food")
    graph.add_node("magnesium", label="Magnesium", type="nutrient")
    graph.add_edge("almonds", "magnesium", key="rich_in")
    positions = compute_layout(graph)
    assert positions["almonds"][0] < positions["magnesium"][0]


def test_an_empty_graph_has_no_positions():
    assert dict(compute_layout(nx.MultiDiGraph())) == {}
    assert drawing_bounds(nx.MultiDiGraph(), {}) == (0.0, 0.0, 0.0, 0.0)


def test_a_thousand_nodes_lay_out_without_overlaps():
    graph = _synthetic(1000)
    positions = compute_layout(graph)
    assert set(positions) == set(graph)
    assert _overlapping_pairs(_boxes(graph, positions)) == []
    # Long bands wrap, so the picture keeps close to the canvas's shape.
    left, top, right, bottom = drawing_bounds(graph, positions)
    assert ASPECT / 2 <= (right - left) / (bottom - top) <= ASPECT * 2


def test_drawing_bounds_hold_every_label(seed_graph):
    positions = compute_layout(seed_graph)
    left, top, right, bottom = drawing_bounds(seed_graph, positions)
    for box in _boxes(seed_graph, positions).values():
        assert left <= box[0] + 1e-6 and box[2] <= right + 1e-6
        assert top <= box[1] + 1e-6 and box[3] <= bottom + 1e-6


def test_labels_wrap_at_the_maximum_width():
    lines = label_lines("Sit and pull the foot toward you")
    assert len(lines) > 1
    assert " ".join(lines) == "Sit and pull the foot toward you"
    assert all(text_width(line) <= LABEL_MAX_WIDTH for line in lines)
    assert label_box("Sit and pull the foot toward you")[0] <= LABEL_MAX_WIDTH


def test_a_gap_counts_as_three_spaces_when_a_line_fills_up():
    """vis-network measures each gap as three spaces when it decides whether a word fits."""
    pairs = (
        ("m" * wide + "i" * narrow, "m" * other)
        for wide in range(12)
        for narrow in range(12)
        for other in range(1, 12)
    )
    for words in pairs:
        one, three = text_width(" ".join(words)), text_width("   ".join(words))
        if one <= LABEL_MAX_WIDTH < three:
            assert label_lines(" ".join(words)) == words
            break
    else:
        pytest.fail("no pair of words tells one space from three")


def test_a_word_longer_than_a_line_is_cut_one_character_late():
    """vis-network cuts an over-long word just after it overflows; so does the estimate."""
    lines = label_lines("x" * 60)
    assert "".join(lines) == "x" * 60
    assert len(lines) > 1
    assert text_width(lines[0][:-1]) <= LABEL_MAX_WIDTH < text_width(lines[0])


def test_text_width_knows_accents_and_wide_characters():
    assert text_width("é") == text_width("e")
    assert text_width("猫") > text_width("m")
    assert text_width("") == 0


# --- edge geometry: the second half of the layout stage ----------------------------------


def _row_of_three(*edges: tuple[str, str, str], **options: object) -> EdgeGeometry:
    """The geometry of ``edges`` between three foods in a row, 300 px apart."""
    graph = nx.MultiDiGraph()
    for node_id in ("a", "b", "c"):
        graph.add_node(node_id, label=node_id.upper(), type="food")
    for edge in edges:
        graph.add_edge(*edge)
    positions = {"a": (0.0, 0.0), "b": (300.0, 0.0), "c": (600.0, 0.0)}
    settings = {"labels": dict.fromkeys(edges, "rich in"), "label_size": 16, **options}
    settings.setdefault("marker_lengths", {})
    return edge_geometry(graph, positions, list(edges), **settings)


def test_an_edge_bends_round_a_node_it_does_not_join():
    over, beside = ("a", "c", "rich_in"), ("a", "b", "rich_in")
    geometry = _row_of_three(over, beside)
    assert geometry.bends[over] != 0  # straight, it would run through B
    assert geometry.bends[beside] == 0


def test_parallel_edges_fan_out_to_both_sides():
    edges = [("a", "b", "rich_in"), ("a", "b", "contributes_to"), ("b", "a", "prevents")]
    geometry = _row_of_three(*edges)
    # Seen in one direction, the three curves leave on different sides or at different depths.
    seen = [geometry.bends[edge] * (1 if edge[0] == "a" else -1) for edge in edges]
    assert len(set(seen)) == 3 and all(seen)


def test_labels_keep_clear_of_markers_and_show_only_when_asked():
    edge = ("a", "b", "rich_in")
    assert _row_of_three(edge).label_offsets == {edge: 0.0}  # in the middle of its edge
    marked = _row_of_three(edge, marker_lengths={edge: 20.0})
    assert marked.label_offsets[edge] != 0.0  # beside the marker, not over it
    assert _row_of_three(edge, show_labels=False).label_offsets == {}  # on hover only
