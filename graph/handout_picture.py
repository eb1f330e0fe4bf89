"""The handout's picture of a tour: its nodes and edges as a static SVG, drawn for print.

The picture puts every node where ``layout.compute_layout`` puts it in the explorer,
cropped to the tour's nodes and scaled to the page, so the class sees the same shape on
paper as on the projector. Node types keep their colour *and* shape from
``schema.NODE_TYPES``; how firmly the article says a claim is the line's dash pattern
(``render.strength_items``) and what reviews say of it a round badge on the line with
the verdict's glyph (ringed in its colour), so the picture reads in greyscale too. The
edges the tour traces are drawn dark and thick, other edges between its nodes thin and
grey. Labels and badges go where they cover the least of the nodes, the other labels
and the other lines (``handout_marks`` places them); a fan of edges of one relation
(six foods "rich in" magnesium) carries its relation's name once.

The SVG comes from the autoescaping ``handout_picture.svg.j2`` template, and the same
arguments always give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .assets import render_template
from .grouping import group_by
from .handout_marks import (
    BADGE_FONT,
    BADGE_RADIUS,
    EDGE_FONT,
    Box,
    Edge,
    Point,
    relation_labels,
    svg_number,
    verdict_badges,
)
from .layout import FONT_SIZE, LINE_HEIGHT, NODE_SIZE, label_lines, node_extents, text_width
from .render import edge_label, strength_items
from .schema import NODE_TYPES, graph_edge_id

__all__ = ["BORDER", "dash_patterns", "path_svg", "shape_element"]


_MM_PER_UNIT = 0.2
"""Print size of one layout pixel: labels (20 units) print about 4 mm high at most."""
_MAX_WIDTH_MM = 178.0
"""Widest picture: an A4 page (210 mm) less its margins; Letter is wider."""
_MAX_HEIGHT_MM = 135.0
"""Tallest picture, so the steps start on the first page."""
_PADDING = 24.0
"""Free space around the drawing, in layout px."""
_SHAPE_SIZE = NODE_SIZE * 1.25
"""Radius of a node's shape in the picture (layout px): a little larger than on screen."""
_LABEL_GAP = 6.0
"""Space between a shape and the first line of its label."""
_ARROW_LENGTH = 13.0
_ARROW_HALF_WIDTH = 6.0
_PARALLEL_GAP = 46.0
"""Distance between the middles of edges that join the same two nodes."""
_TRACED = {"colour": "#111111", "width": 4.0}
_OTHER = {"colour": "#9a9a9a", "width": 1.8}
BORDER = "#3a3a3a"
"""Outline of node shapes, in the picture and in the legend."""


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{svg_number(x)},{svg_number(y)}" for x, y in points)


def _polygon(x: float, y: float, corners: int, radius: float, turn: float) -> str:
    return _points(
        (
            x + radius * math.cos(turn + 2 * math.pi * k / corners),
            y + radius * math.sin(turn + 2 * math.pi * k / corners),
        )
        for k in range(corners)
    )


def _star(x: float, y: float, radius: float) -> str:
    inner = radius * 0.45
    return _points(
        (
            x + (radius if k % 2 == 0 else inner) * math.cos(-math.pi / 2 + math.pi * k / 5),
            y + (radius if k % 2 == 0 else inner) * math.sin(-math.pi / 2 + math.pi * k / 5),
        )
        for k in range(10)
    )


def shape_element(shape: str, x: float, y: float, size: float) -> dict[str, str]:
    """The SVG element (``tag`` and attributes) of a vis-network ``shape`` centred at x, y.

    Examples
    --------
    >>> shape_element("square", 0, 0, 10)
    {'tag': 'rect', 'x': '-9.0', 'y': '-9.0', 'width': '18.0', 'height': '18.0'}
    >>> shape_element("dot", 1, 2, 10)["tag"]
    'circle'
    """
    if shape == "star":
        return {"tag": "polygon", "points": _star(x, y, size * 1.35)}
    if shape == "triangle":
        return {
            "tag": "polygon",
            "points": _polygon(x, y + size * 0.2, 3, size * 1.3, -math.pi / 2),
        }
    if shape == "hexagon":
        return {"tag": "polygon", "points": _polygon(x, y, 6, size * 1.1, 0.0)}
    if shape == "diamond":
        return {"tag": "polygon", "points": _polygon(x, y, 4, size * 1.25, -math.pi / 2)}
    if shape == "square":
        half = size * 0.9
        return {
            "tag": "rect",
            "x": svg_number(x - half),
            "y": svg_number(y - half),
            "width": svg_number(2 * half),
            "height": svg_number(2 * half),
        }
    return {"tag": "circle", "cx": svg_number(x), "cy": svg_number(y), "r": svg_number(size)}


@dataclass(frozen=True, slots=True)
class _Node:
    node_id: str
    x: float
    y: float
    shape: str
    colour: str
    lines: tuple[str, ...]
    # Half width and half height of an ellipse holding its label; 0 for other shapes.
    rx: float = 0.0
    ry: float = 0.0

    def reach(self, dx: float, dy: float) -> float:
        """Distance from the centre to the outline in direction (dx, dy) (a unit vector)."""
        if self.rx:
            return 1 / math.hypot(dx / self.rx, dy / self.ry)
        return _SHAPE_SIZE * 1.15


def _node_of(graph: nx.MultiDiGraph, node_id: str, position: tuple[float, float]) -> _Node:
    data = graph.nodes[node_id]
    kind = NODE_TYPES.get(data.get("type", ""))
    shape = kind.shape if kind else "dot"
    label = str(data.get("label", node_id))
    x, y = position
    if shape == "ellipse":
        half_width, above, _ = node_extents(label, shape)
        return _Node(
            node_id,
            x,
            y,
            shape,
            kind.colour if kind else "#ffffff",
            label_lines(label),
            half_width,
            above,
        )
    return _Node(node_id, x, y, shape, kind.colour if kind else "#ffffff", label_lines(label))


def _box(node: _Node) -> Box:
    """(left, top, right, bottom) of a node with its label, as the picture draws it."""
    if node.rx:
        return (node.x - node.rx, node.y - node.ry, node.x + node.rx, node.y + node.ry)
    half, _, _ = node_extents(" ".join(node.lines), "dot")
    top = node.y - _SHAPE_SIZE * 1.35
    bottom = node.y + _SHAPE_SIZE + _LABEL_GAP + len(node.lines) * LINE_HEIGHT + 4
    return (node.x - half, top, node.x + half, bottom)


def _label_elements(node: _Node) -> list[dict[str, str]]:
    if node.rx:
        first = node.y - (len(node.lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    else:
        first = node.y + _SHAPE_SIZE + _LABEL_GAP + FONT_SIZE * 0.8
    return [
        {"x": svg_number(node.x), "y": svg_number(first + index * LINE_HEIGHT), "text": line}
        for index, line in enumerate(node.lines)
    ]


def _backdrop(node: _Node) -> dict[str, str] | None:
    """A white box behind a label under its shape, so edges passing beneath fade out."""
    if node.rx:
        return None
    width = max(text_width(line) for line in node.lines) + 8
    top = node.y + _SHAPE_SIZE + _LABEL_GAP - 1
    return {
        "x": svg_number(node.x - width / 2),
        "y": svg_number(top),
        "width": svg_number(width),
        "height": svg_number(len(node.lines) * LINE_HEIGHT + 5),
    }


def _edge_geometry(start: _Node, end: _Node, offset: float) -> tuple[str, str, tuple[Point, ...]]:
    """The path ``d``, the arrowhead's points and the curve's three control points.

    ``offset`` bends the edge sideways (a quadratic curve whose middle lies ``offset`` px
    off the straight line), so edges joining the same two nodes do not overlap.
    """
    dx, dy = end.x - start.x, end.y - start.y
    length = math.hypot(dx, dy) or 1.0
    normal = (-dy / length, dx / length)
    control = (
        (start.x + end.x) / 2 + normal[0] * offset * 2,
        (start.y + end.y) / 2 + normal[1] * offset * 2,
    )

    def toward(node: _Node, target: tuple[float, float], extra: float) -> tuple[float, float]:
        tx, ty = target[0] - node.x, target[1] - node.y
        distance = math.hypot(tx, ty) or 1.0
        reach = node.reach(tx / distance, ty / distance) + extra
        return (node.x + tx / distance * reach, node.y + ty / distance * reach)

    begin = toward(start, control, 2.0)
    tip = toward(end, control, 3.0)
    back_x, back_y = control[0] - tip[0], control[1] - tip[1]
    back = math.hypot(back_x, back_y) or 1.0
    ux, uy = back_x / back, back_y / back
    base = (tip[0] + ux * _ARROW_LENGTH, tip[1] + uy * _ARROW_LENGTH)
    arrow = _points(
        (
            tip,
            (base[0] - uy * _ARROW_HALF_WIDTH, base[1] + ux * _ARROW_HALF_WIDTH),
            (base[0] + uy * _ARROW_HALF_WIDTH, base[1] - ux * _ARROW_HALF_WIDTH),
        )
    )
    d = (
        f"M {svg_number(begin[0])} {svg_number(begin[1])} "
        f"Q {svg_number(control[0])} {svg_number(control[1])} "
        f"{svg_number(base[0])} {svg_number(base[1])}"
    )
    return d, arrow, (begin, control, tip)


def _offsets(edges: Sequence[Edge]) -> dict[Edge, float]:
    """Sideways offset of each edge: edges joining the same pair of nodes fan out."""
    offsets = {}
    for pair, joined in group_by(edges, lambda edge: tuple(sorted(edge[:2]))).items():
        for index, edge in enumerate(joined):
            offset = (index - (len(joined) - 1) / 2) * _PARALLEL_GAP
            # The offset is measured to the left of the edge's own direction: flip it for
            # edges that run against the pair's order, so the fan is the same either way.
            offsets[edge] = offset if edge[0] == pair[0] else -offset
    return offsets


def dash_patterns() -> dict[str, str]:
    """Each strength's SVG ``stroke-dasharray`` (empty for a solid line), as on screen."""
    return {
        item["strength"]: " ".join(str(part) for part in item["dashes"]) if item["dashes"] else ""
        for item in strength_items()
    }


def path_svg(
    graph: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    nodes: Iterable[str],
    edges: Iterable[Edge],
    *,
    context: bool = True,
    title: str = "",
) -> str:
    """Draw ``nodes`` and the traced ``edges`` as a static SVG picture for print.

    Nodes sit at their ``positions`` (from ``layout.compute_layout``), cropped to the
    drawing and scaled to at most the width of an A4 page; each has the shape and colour
    of its type and its label. Traced edges are thick and dark; with ``context`` the
    other edges among ``nodes`` are drawn too, thin and grey. Every edge has an
    arrowhead, its relation's name (once for a fan of one relation) and, when reviews
    have judged it, a badge with its verdict's glyph; lines are dashed as the article
    hedges the claim (``render.strength_items``).

    Parameters
    ----------
    graph
        The graph the nodes and edges belong to.
    positions
        Node id -> (x, y) in layout px, y down.
    nodes
        Node ids to draw; both ends of every edge are drawn as well.
    edges
        ``(subject, object, relation)`` edges to trace.
    context
        Also draw the edges among ``nodes`` that are not traced.
    title
        Accessible title of the picture (``<title>``); a default names the nodes.

    Returns
    -------
    str
        An ``<svg>`` element (with its namespace), the same for the same arguments.

    Raises
    ------
    ValueError
        If there is nothing to draw, or a node has no position.
    KeyError
        If a node or an edge is not in ``graph``.

    Examples
    --------
    >>> from xml.etree import ElementTree
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> graph = build_graph(load_knowledge_base())
    >>> svg = path_svg(graph, compute_layout(graph), ["almonds"],
    ...                [("almonds", "magnesium", "rich_in")])
    >>> root = ElementTree.fromstring(svg)
    >>> len(root.findall(".//{http://www.w3.org/2000/svg}g[@class='node']"))
    2
    """
    traced = list(dict.fromkeys(edges))
    drawn = _drawn_nodes(graph, positions, nodes, traced)
    others = sorted(set(graph.subgraph(drawn).edges(keys=True)) - set(traced)) if context else []
    every = [*others, *traced]
    offsets = _offsets(every)
    geometry = {
        edge: _edge_geometry(drawn[edge[0]], drawn[edge[1]], offsets[edge]) for edge in every
    }
    traced_set = set(traced)
    taken, labels, badges = _marks(graph, drawn, geometry, traced_set)
    names = ", ".join(str(graph.nodes[node_id].get("label", node_id)) for node_id in drawn)
    return render_template(
        "handout_picture.svg.j2",
        **_frame(taken),
        title=title or f"Picture of {names}",
        nodes=[_node_item(node) for node in drawn.values()],
        edges=_edge_items(graph, every, traced_set, geometry),
        labels=labels,
        badges=badges,
        border=BORDER,
        **_PICTURE_SIZES,
    )


_PICTURE_SIZES = {
    "font_size": FONT_SIZE,
    "edge_font": EDGE_FONT,
    "badge_font": BADGE_FONT,
    "badge_radius": svg_number(BADGE_RADIUS),
}
"""Sizes the picture template writes into its groups, the same for every picture."""


def _marks(
    graph: nx.MultiDiGraph,
    drawn: Mapping[str, _Node],
    geometry: Mapping[Edge, tuple[str, str, tuple[Point, ...]]],
    traced: set[Edge],
) -> tuple[list[Box], list[dict[str, Any]], list[dict[str, Any]]]:
    """Relation names and verdict badges, placed clear of the nodes and of each other.

    Returns the boxes everything drawn takes (nodes, names, badges), which frame the
    picture, then the names and the badges.
    """
    taken = [_box(node) for node in drawn.values()]
    curves = {edge: shape[2] for edge, shape in geometry.items()}  # in drawing order
    names = {edge: edge_label(graph, edge) for edge in curves}
    labels = relation_labels(curves, traced, taken, names)
    badges = verdict_badges(graph, curves, traced, taken)
    return taken, labels, badges


def _drawn_nodes(
    graph: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    nodes: Iterable[str],
    traced: Sequence[Edge],
) -> dict[str, _Node]:
    """The nodes to draw, in order: ``nodes``, then the ends of the traced edges."""
    for edge in traced:
        if not graph.has_edge(*edge):
            raise KeyError(f"no edge {edge!r} in the graph")
    node_ids = list(dict.fromkeys([*nodes, *(end for edge in traced for end in edge[:2])]))
    if not node_ids:
        raise ValueError("nothing to draw: give at least one node or edge")
    missing = [node_id for node_id in node_ids if node_id not in positions]
    if missing:
        raise ValueError(f"no position for node {missing[0]!r}")
    return {node_id: _node_of(graph, node_id, positions[node_id]) for node_id in node_ids}


def _edge_items(
    graph: nx.MultiDiGraph,
    every: Sequence[Edge],
    traced: set[Edge],
    geometry: Mapping[Edge, tuple[str, str, tuple[Point, ...]]],
) -> list[dict[str, Any]]:
    """What the picture template draws of each edge: path, arrowhead, pen and dashes."""
    dashes = dash_patterns()
    items = []
    # Grey edges first, so traced ones are drawn over them.
    for edge in sorted(every, key=lambda edge: edge in traced):
        pen = _TRACED if edge in traced else _OTHER
        items.append(
            {
                "id": graph_edge_id(edge),
                "traced": edge in traced,
                "d": geometry[edge][0],
                "arrow": geometry[edge][1],
                "colour": pen["colour"],
                "width": svg_number(pen["width"]),
                "dashes": dashes.get(graph.edges[edge].get("strength", ""), ""),
            }
        )
    return items


def _node_item(node: _Node) -> dict[str, Any]:
    """What the picture template draws of a node: its shape (or ellipse) and its label."""
    element = shape_element(node.shape, node.x, node.y, _SHAPE_SIZE)
    if node.rx:
        element = {
            "tag": "ellipse",
            "cx": svg_number(node.x),
            "cy": svg_number(node.y),
            "rx": svg_number(node.rx),
            "ry": svg_number(node.ry),
        }
    tag = element.pop("tag")
    return {
        "id": node.node_id,
        "tag": tag,
        "attributes": element,
        "colour": node.colour,
        "inside": bool(node.rx),
        "lines": _label_elements(node),
        "backdrop": _backdrop(node),
    }


def _frame(boxes: Sequence[Box]) -> dict[str, str]:
    """The view box around ``boxes`` and the print size, at most an A4 width."""
    left = min(box[0] for box in boxes) - _PADDING
    top = min(box[1] for box in boxes) - _PADDING
    width = max(box[2] for box in boxes) + _PADDING - left
    height = max(box[3] for box in boxes) + _PADDING - top
    width_mm = min(width * _MM_PER_UNIT, _MAX_WIDTH_MM, _MAX_HEIGHT_MM * width / height)
    return {
        "view_box": " ".join(svg_number(value) for value in (left, top, width, height)),
        "width_mm": svg_number(width_mm),
        "height_mm": svg_number(width_mm * height / width),
    }
