"""Where the edges of a drawing go: their bends, their labels and their verdict markers.

This is the second half of the layout stage. ``layout.compute_layout`` places the
nodes; ``edge_geometry`` then decides, for those positions, how each edge curves and
where its relation label sits, so that ``render`` only turns the result into output.

An edge is drawn as vis-network draws it: straight, or a quadratic Bezier curve of some
roundness (``curvedCW`` / ``curvedCCW``). Parallel edges fan out; an edge that would run
through another node's shape bends round it. A relation label sits at the middle of its
edge, or as near above or below it as fits clear of every node, every other label and
the verdict markers in the middle of the edges. Node boxes come from
``labels.node_extents``, which measures labels the way vis-network does.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

import networkx as nx

from .grouping import group_by
from .ids import EdgeKey
from .labels import FONT_SIZE, NODE_SIZE, node_extents, node_shape, text_width

__all__ = ["Box", "EdgeGeometry", "Scene", "edge_geometry", "one_label_per_fan"]


Box = tuple[float, float, float, float]
"""``(left, top, right, bottom)`` in px."""

Point = tuple[float, float]

_CLEARANCE = 5.0
"""Extra room around a node's box that an edge must keep clear of, in px."""
_GRID = 170.0
_SAMPLE_STEP = 12.0
_ROUTED_EDGE_LIMIT = 600
"""Views with more edges keep them straight (routing them costs more than it gives)."""
_LABEL_SHIFTS = (0, -1, 1, -2, 2, -3, 3)
"""Where an edge label may go, in label heights from the middle of its edge (up first)."""
_FORCED_SHIFTS = (*_LABEL_SHIFTS, -4, 4, -5, 5, -6, 6)
"""Where a label that must be shown (a highlighted edge's) may go: further out if need be."""
_BEND_TRIES = (0.0, 0.22, -0.22, 0.4, -0.4, 0.6, -0.6)
_PARALLEL_BENDS = (0.25, -0.25, 0.5, -0.5, 0.75, -0.75)


def _overlap(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


class Scene:
    """The boxes of the visible nodes (shape and label apart), bucketed by grid cell."""

    def __init__(self, graph_view: nx.MultiDiGraph, positions: Mapping[str, Point]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, str, Box]]] = {}
        for node_id in sorted(graph_view.nodes):
            attrs = graph_view.nodes[node_id]
            x, y = positions[node_id]
            half, above, below = node_extents(str(attrs.get("label", node_id)), node_shape(attrs))
            pad = _CLEARANCE
            if below > above:  # the label hangs below the shape
                shape = (
                    x - NODE_SIZE - pad,
                    y - above - pad,
                    x + NODE_SIZE + pad,
                    y + NODE_SIZE + pad,
                )
                self._add(node_id, "shape", shape)
                label = (x - half - pad, y + NODE_SIZE, x + half + pad, y + below + pad)
                self._add(node_id, "label", label)
            else:
                self._add(
                    node_id,
                    "shape",
                    (x - half - pad, y - above - pad, x + half + pad, y + below + pad),
                )

    def _add(self, node_id: str, part: str, box: Box) -> None:
        for cell in self._cells_of(box):
            self.cells.setdefault(cell, []).append((node_id, part, box))

    @staticmethod
    def _cells_of(box: Box) -> list[tuple[int, int]]:
        return [
            (cell_x, cell_y)
            for cell_x in range(math.floor(box[0] / _GRID), math.floor(box[2] / _GRID) + 1)
            for cell_y in range(math.floor(box[1] / _GRID), math.floor(box[3] / _GRID) + 1)
        ]

    def crossings(self, points: Sequence[Point], ends: tuple[str, str]) -> tuple[int, int]:
        """Count the shapes and the labels, not of ``ends``, that ``points`` run through."""
        hit: set[tuple[str, str]] = set()
        for x, y in points:
            cell = (math.floor(x / _GRID), math.floor(y / _GRID))
            for node_id, part, box in self.cells.get(cell, ()):
                if (
                    node_id not in ends
                    and (node_id, part) not in hit
                    and box[0] <= x <= box[2]
                    and box[1] <= y <= box[3]
                ):
                    hit.add((node_id, part))
        shapes = sum(1 for _, part in hit if part == "shape")
        return shapes, len(hit) - shapes

    def is_free(self, box: Box) -> bool:
        """Whether ``box`` stays clear of every node's shape and label."""
        return not any(
            _overlap(box, other)
            for cell in self._cells_of(box)
            for _, _, other in self.cells.get(cell, ())
        )


def _via(start: Point, end: Point, bend: float) -> Point:
    """The control point vis-network uses for a straight (0), ``curvedCW`` (> 0) or
    ``curvedCCW`` (< 0) edge of roundness ``abs(bend)``."""
    (x1, y1), (x2, y2) = start, end
    if not bend:
        return ((x1 + x2) / 2, (y1 + y2) / 2)
    dx, dy_up = x2 - x1, y1 - y2
    length = math.hypot(dx, dy_up)
    factor = 0.5 * abs(bend) + 0.5
    turn = factor if bend > 0 else 0.5 * -abs(bend) + 0.5
    angle = (math.atan2(dy_up, dx) + turn * math.pi) % (2 * math.pi)
    return (x1 + factor * length * math.sin(angle), y1 + factor * length * math.cos(angle))


def _middle(start: Point, end: Point, bend: float) -> Point:
    """The middle of the curve (its point at t = 0.5)."""
    via = _via(start, end, bend)
    return (
        0.25 * start[0] + 0.5 * via[0] + 0.25 * end[0],
        0.25 * start[1] + 0.5 * via[1] + 0.25 * end[1],
    )


def _curve_points(start: Point, end: Point, bend: float) -> list[Point]:
    """Sample the edge (a quadratic Bezier curve through ``_via``) every few px."""
    (x1, y1), (x2, y2) = start, end
    via = _via(start, end, bend)
    steps = max(2, math.ceil(math.hypot(x2 - x1, y2 - y1) / _SAMPLE_STEP))
    points = []
    for step in range(1, steps):
        t = step / steps
        u = 1 - t
        points.append(
            (
                u * u * x1 + 2 * u * t * via[0] + t * t * x2,
                u * u * y1 + 2 * u * t * via[1] + t * t * y2,
            )
        )
    return points


def _bend_cost(
    scene: Scene, start: Point, end: Point, bend: float, edge: EdgeKey
) -> tuple[int, float]:
    """Crossing a shape reads as a wrong connection: avoid it first. Crossing a label
    (drawn on top, with a halo) costs less than a curve; stronger curves cost more."""
    shapes, labels = scene.crossings(_curve_points(start, end, bend), (edge[0], edge[1]))
    return (shapes, labels + (2.0 if bend else 0.0) + abs(bend))


def _bends(
    scene: Scene, positions: Mapping[str, Point], edges: Sequence[EdgeKey]
) -> dict[EdgeKey, float]:
    """Choose a curvature per edge: parallel edges fan out; an edge that would run
    through another node's shape bends round it (in views of up to
    ``_ROUTED_EDGE_LIMIT`` edges)."""
    by_pair = group_by(edges, lambda edge: (min(edge[0], edge[1]), max(edge[0], edge[1])))
    bends: dict[EdgeKey, float] = {}
    for pair, group in by_pair.items():
        if len(group) > 1 or pair[0] == pair[1]:
            for edge, bend in zip(group, _PARALLEL_BENDS * len(group), strict=False):
                # Curvature is relative to the edge's direction: flip it for reversed edges.
                bends[edge] = bend if edge[0] == pair[0] else -bend
            continue
        edge = group[0]
        if len(edges) > _ROUTED_EDGE_LIMIT:
            bends[edge] = 0.0
            continue
        start, end = positions[edge[0]], positions[edge[1]]
        straight = _bend_cost(scene, start, end, 0.0, edge)
        bends[edge] = (
            0.0
            if straight[0] == 0
            else min(_BEND_TRIES, key=lambda bend: _bend_cost(scene, start, end, bend, edge))
        )
    return bends


def _label_spots(
    scene: Scene,
    middles: Mapping[EdgeKey, Point],
    candidates: Sequence[tuple[EdgeKey, str]],
    *,
    size: float,
    forced: bool,
    obstacles: Sequence[Box],
) -> dict[EdgeKey, float]:
    """Place edge labels, in order, clear of every node, of ``obstacles`` (the verdict
    markers) and of each other.

    A label sits at the middle of its edge, or as near above or below it as it fits
    (vis ``font.vadjust``, returned per edge). A label that fits nowhere is left out,
    unless ``forced``: then it may go further out, and to the middle if even that fails.
    """
    placed: list[Box] = list(obstacles)
    spots = {}
    half_height = size / 2 + 2
    for edge, text in candidates:
        middle_x, middle_y = middles[edge]
        half_width = text_width(text) * size / FONT_SIZE / 2 + 2
        for shift in _FORCED_SHIFTS if forced else _LABEL_SHIFTS:
            offset = shift * 2 * half_height
            box = (
                middle_x - half_width,
                middle_y + offset - half_height,
                middle_x + half_width,
                middle_y + offset + half_height,
            )
            if scene.is_free(box) and not any(_overlap(box, other) for other in placed):
                placed.append(box)
                spots[edge] = offset + 0.0
                break
        else:
            if forced:
                spots[edge] = 0.0
    return spots


def _marker_box(start: Point, end: Point, middle: Point, length: float) -> Box:
    """The box a middle marker ``length`` px long covers on the edge from ``start`` to
    ``end``: vis-network puts its tip at the middle of the curve, pointing along it
    (which, at the middle of a quadratic curve, is the direction from start to end),
    and draws it behind the tip, up to half its length to either side."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    centre_x, centre_y = middle[0] - ux * length / 2, middle[1] - uy * length / 2
    half = length / 2 * (abs(ux) + abs(uy))
    return (centre_x - half, centre_y - half, centre_x + half, centre_y + half)


def one_label_per_fan(edges: Sequence[EdgeKey], positions: Mapping[str, Point]) -> set[EdgeKey]:
    """The edges whose relation label is drawn: one per fan, the middle one.

    Five foods "rich in" magnesium would otherwise stack five "rich in" labels where
    their edges meet; one label says it for the fan.
    """
    keep = set(edges)
    for hub, spoke in ((1, 0), (0, 1)):  # fans into one object, then out of one subject
        for members in group_by(edges, itemgetter(2, hub)).values():
            members.sort(key=lambda edge: (positions[edge[spoke]][1], positions[edge[spoke]][0]))
            keep -= set(members) - {members[len(members) // 2]}
    return keep


@dataclass(frozen=True, slots=True)
class EdgeGeometry:
    """How each edge is drawn: ``bends`` (roundness, signed: > 0 clockwise, 0 straight)
    and ``label_offsets`` (px above (< 0) or below the middle, for each edge whose
    relation label is shown; an edge missing here shows its label on hover only)."""

    bends: Mapping[EdgeKey, float]
    label_offsets: Mapping[EdgeKey, float]


def edge_geometry(
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, Point],
    edges: Sequence[EdgeKey],
    *,
    labels: Mapping[EdgeKey, str],
    label_size: float,
    marker_lengths: Mapping[EdgeKey, float],
    path: Collection[EdgeKey] = (),
    show_labels: bool = True,
) -> EdgeGeometry:
    """Bend the ``edges`` of ``graph_view`` and place their relation ``labels``.

    Parameters
    ----------
    graph_view, positions
        What is drawn and where its nodes are (``layout.compute_layout``).
    edges
        The edges to draw, in the order their labels are placed.
    labels
        The relation label of each edge; ``label_size`` is its font size in px.
    marker_lengths
        The length in px of the verdict marker in the middle of an edge (edges without
        one are left out): labels keep clear of the markers.
    path
        A traced path's edges. When given, only they get labels, one per fan
        (``one_label_per_fan``), each placed even if it fits nowhere clear.
    show_labels
        Without a path, whether labels are placed at all (small views) or shown only
        on hover.

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("a", label="A", type="food")
    >>> graph.add_node("b", label="B", type="nutrient")
    >>> graph.add_edge("a", "b", key="rich_in")
    'rich_in'
    >>> edge = ("a", "b", "rich_in")
    >>> geometry = edge_geometry(graph, {"a": (0.0, 0.0), "b": (300.0, 0.0)}, [edge],
    ...                          labels={edge: "rich in"}, label_size=16, marker_lengths={})
    >>> geometry.bends[edge], geometry.label_offsets[edge]
    (0.0, 0.0)
    """
    scene = Scene(graph_view, positions)
    bends = _bends(scene, positions, edges)
    concerned = [edge for edge in edges if edge in path] if path else list(edges)
    if not (path or show_labels):
        return EdgeGeometry(bends, {})
    middles = {
        edge: _middle(positions[edge[0]], positions[edge[1]], bends[edge]) for edge in concerned
    }
    chosen = one_label_per_fan(concerned, positions) if path else set(concerned)
    obstacles = [
        _marker_box(positions[edge[0]], positions[edge[1]], middles[edge], marker_lengths[edge])
        for edge in concerned
        if edge in marker_lengths
    ]
    spots = _label_spots(
        scene,
        middles,
        [(edge, labels[edge]) for edge in concerned if edge in chosen],
        size=label_size,
        forced=bool(path),
        obstacles=obstacles,
    )
    return EdgeGeometry(bends, spots)
