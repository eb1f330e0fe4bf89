"""The layout: deterministic, order-independent, readable, driven by the vocabulary."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping

import networkx as nx
import pytest

from graph.build import build_graph
from graph.layout import (
    BANDS,
    CHAR_WIDTH,
    FALLBACK_BAND,
    LABEL_MAX_WIDTH,
    compute_layout,
    label_box,
    label_lines,
    node_extents,
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


def test_neighbouring_columns_keep_a_label_width_apart(seed_graph):
    boxes = _boxes(seed_graph, compute_layout(seed_graph))
    columns: dict[float, list[Box]] = {}
    for node_id, node_type in seed_graph.nodes(data="type"):
        if BANDS[node_type].kind == "column" or node_id == "calf-cramp":
            box = boxes[node_id]
            columns.setdefault((box[0] + box[2]) / 2, []).append(box)
    ordered = [columns[x] for x in sorted(columns)]
    assert len(ordered) == 5
    for left, right in itertools.pairwise(ordered):
        free = min(box[0] for box in right) - max(box[2] for box in left)
        assert free >= LABEL_MAX_WIDTH - 0.1  # positions are rounded to 0.1 px


def test_the_most_connected_condition_is_the_centre(seed_graph):
    assert compute_layout(seed_graph)["calf-cramp"] == (0.0, 0.0)


def test_bands_follow_the_vocabulary(seed_graph):
    positions = compute_layout(seed_graph)

    def xs_of(node_type: str) -> list[float]:
        return sorted({positions[n][0] for n, t in seed_graph.nodes(data="type") if t == node_type})

    def ys_of(node_type: str) -> list[float]:
        return [positions[n][1] for n, t in seed_graph.nodes(data="type") if t == node_type]

    # Helpers to the left, in reading order; harms to the right; one x per column.
    for node_type in ("food", "nutrient", "outcome", "cause"):
        assert len(xs_of(node_type)) == 1, node_type
    assert xs_of("food") < xs_of("nutrient") < xs_of("outcome") < [0.0] < xs_of("cause")
    # Remedies above everything in the columns; contexts and diseases below.
    column_ys = [y for t in ("food", "nutrient", "outcome", "cause") for y in ys_of(t)]
    assert max(ys_of("remedy")) < min(column_ys)
    below = ys_of("context") + [y for y in ys_of("condition") if y != 0.0]
    assert min(below) > max(column_ys)


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


def test_a_thousand_nodes_lay_out_without_overlaps():
    graph = _synthetic(1000)
    positions = compute_layout(graph)
    assert set(positions) == set(graph)
    assert _overlapping_pairs(_boxes(graph, positions)) == []
    # Long bands wrap, so the picture stays compact rather than a mile-high column.
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert (max(ys) - min(ys)) < 10 * (max(xs) - min(xs))


def test_labels_wrap_at_the_maximum_width():
    lines = label_lines("Sit and pull the foot toward you")
    assert len(lines) == 2
    assert all(len(line) * CHAR_WIDTH <= LABEL_MAX_WIDTH for line in lines)
    assert label_box("Sit and pull the foot toward you")[0] <= LABEL_MAX_WIDTH


def test_a_word_longer_than_a_line_is_cut():
    lines = label_lines("x" * 50)
    assert "".join(lines) == "x" * 50
    assert all(len(line) * CHAR_WIDTH <= LABEL_MAX_WIDTH for line in lines)
