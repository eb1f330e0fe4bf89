"""A printable handout per tour: a static picture of the path, the words, the sources, questions.

``handout_html`` writes one self-contained HTML page (no script, no network, no external
file) for a teacher to print or save as PDF from any browser: the tour's nodes drawn as
an SVG picture made here in Python (``path_svg``), each step's narration, the tour's
questions with ruled space to answer, then (on pages of their own, so the worksheet can
be handed out first) the article's quotes and what reviews say of each claim, and last
the answer key on a page of its own: no question is printed after its answer.

The picture puts every node where ``layout.compute_layout`` puts it in the explorer,
cropped to the tour's nodes and scaled to the page, so the class sees the same shape on
paper as on the projector. Node types keep their colour *and* shape from
``schema.NODE_TYPES``; how firmly the article says a claim is the line's dash pattern
(``render.strength_items``) and what reviews say of it a round badge on the line with
the verdict's glyph (ringed in its colour), so the picture reads in greyscale too. The
edges the tour traces are drawn dark and thick, other edges between its nodes thin and
grey. Labels and badges go where they cover the least of the nodes, the other labels
and the other lines; a fan of edges of one relation (six foods "rich in" magnesium)
carries its relation's name once.

All text is escaped by Jinja2's autoescaping (the SVG too), and the same arguments always
give the same bytes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from .layout import FONT_SIZE, LINE_HEIGHT, NODE_SIZE, label_lines, node_extents, text_width
from .narrate import edge_verdict_sentence, strength_words, verdict_label
from .query import sentence_for_edge
from .render import strength_items
from .schema import NODE_TYPES, RELATIONS, VERDICTS, graph_edge_id
from .tours import Tour, step_view

__all__ = ["Scene", "handout_html", "path_svg", "shape_element", "tour_scene"]

Edge = tuple[str, str, str]
Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""``(left, top, right, bottom)`` in layout px."""

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
_EDGE_FONT = 16
_SAMPLE_STEP = 8.0
_FAN_ANGLE = math.radians(28)
"""Edges of one relation meeting at a node share a label when this close in direction."""
_BADGE_RADIUS = 10.0
_BADGE_FONT = 14
_BADGE_STOPS = (0.3, 0.4, 0.22, 0.5, 0.6, 0.15, 0.7, 0.8, 0.1)
"""Where along its edge (0 at its start, 1 at its tip) a verdict badge may go, best first:
nearer the start, where a fan of edges is widest."""
_ARROW_LENGTH = 13.0
_ARROW_HALF_WIDTH = 6.0
_PARALLEL_GAP = 46.0
"""Distance between the middles of edges that join the same two nodes."""
_TRACED = {"colour": "#111111", "width": 4.0}
_OTHER = {"colour": "#9a9a9a", "width": 1.8}
_BORDER = "#3a3a3a"
_ANSWER_LINES = 4
"""Ruled lines under each question."""


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything a tour shows: its nodes, the edges it traces, in the order first shown."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]


def tour_scene(graph: nx.MultiDiGraph, tour: Tour) -> Scene:
    """Every node and traced edge of ``tour``: its steps' views (``tours.step_view``) joined.

    Nodes and edges keep the order in which the steps first show them (nodes of one step
    by id), so the result is the same for the same tour.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.query import find_paths
    >>> from graph.tours import tour_from_path
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    >>> tour_scene(graph, tour).nodes
    ('almonds', 'magnesium', 'cramp-prevention')
    """
    nodes: dict[str, None] = {}
    edges: dict[Edge, None] = {}
    for index in range(len(tour.steps)):
        view, traced = step_view(graph, tour, index)
        for edge in traced:
            nodes.update(dict.fromkeys(edge[:2]))
            edges[edge] = None
        nodes.update(dict.fromkeys(sorted(view)))
    return Scene(tuple(nodes), tuple(edges))


# --- the picture -----------------------------------------------------------------------


def _number(value: float) -> str:
    """A coordinate as it is written into the SVG: one decimal, no ``-0.0``."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in points)


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
            "x": _number(x - half),
            "y": _number(y - half),
            "width": _number(2 * half),
            "height": _number(2 * half),
        }
    return {"tag": "circle", "cx": _number(x), "cy": _number(y), "r": _number(size)}


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
        {"x": _number(node.x), "y": _number(first + index * LINE_HEIGHT), "text": line}
        for index, line in enumerate(node.lines)
    ]


def _backdrop(node: _Node) -> dict[str, str] | None:
    """A white box behind a label under its shape, so edges passing beneath fade out."""
    if node.rx:
        return None
    width = max(text_width(line) for line in node.lines) + 8
    top = node.y + _SHAPE_SIZE + _LABEL_GAP - 1
    return {
        "x": _number(node.x - width / 2),
        "y": _number(top),
        "width": _number(width),
        "height": _number(len(node.lines) * LINE_HEIGHT + 5),
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
        f"M {_number(begin[0])} {_number(begin[1])} "
        f"Q {_number(control[0])} {_number(control[1])} {_number(base[0])} {_number(base[1])}"
    )
    return d, arrow, (begin, control, tip)


def _curve_point(curve: tuple[Point, ...], t: float) -> Point:
    begin, control, tip = curve
    return (
        (1 - t) ** 2 * begin[0] + 2 * (1 - t) * t * control[0] + t**2 * tip[0],
        (1 - t) ** 2 * begin[1] + 2 * (1 - t) * t * control[1] + t**2 * tip[1],
    )


def _overlap(one: Box, other: Box) -> float:
    """Area shared by two boxes (0 when apart)."""
    width = min(one[2], other[2]) - max(one[0], other[0])
    height = min(one[3], other[3]) - max(one[1], other[1])
    return width * height if width > 0 and height > 0 else 0.0


def _samples(curve: tuple[Point, ...]) -> list[Point]:
    """Points every few px along a curve, to tell which labels it would cross."""
    begin, _, tip = curve
    steps = max(2, int(math.hypot(tip[0] - begin[0], tip[1] - begin[1]) / _SAMPLE_STEP))
    return [_curve_point(curve, index / steps) for index in range(steps + 1)]


def _is_inside(point: Point, box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _label_spot(
    curves: Sequence[tuple[Point, ...]],
    size: tuple[float, float],
    taken: Sequence[Box],
    lines: Sequence[Point],
    *,
    stops: Sequence[float] = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8),
    shifts: Sequence[float] = (0.0, -0.8, 0.8, -1.6, 1.6),
) -> tuple[Point, Box]:
    """Where along its edges a label covers the least: of nodes, labels and other edges.

    Spots are tried at each of ``stops`` (0 at an edge's start, 1 at its tip) along each
    of ``curves``, on the line and then ``shifts`` label heights above or below it; the
    first that covers nothing wins, else the one covering least (each sample of another
    edge inside the label costs a quarter of the label's area).
    """
    width, height = size
    spots = []
    for t in stops:
        for curve in curves:
            x, y = _curve_point(curve, t)
            for shift in shifts:
                top = y + shift * height - height / 2
                box = (x - width / 2, top, x + width / 2, top + height)
                covered = sum(_overlap(box, other) for other in taken)
                crossed = sum(_is_inside(point, box) for point in lines)
                # Covering a node or a label is worse than being crossed by a line.
                cost = 3 * covered + crossed * width * height / 4
                if cost == 0:
                    return (x, y + shift * height), box
                spots.append((cost, len(spots), (x, y + shift * height), box))
    _, _, spot, box = min(spots)
    return spot, box


def _fans(
    edges: Sequence[Edge], shared: Mapping[Edge, str], curves: Mapping[Edge, tuple[Point, ...]]
) -> list[list[Edge]]:
    """Split edges meeting at one node into fans: runs whose directions lie close together."""
    hub = shared[edges[0]]

    def angle(edge: Edge) -> float:
        begin, control, tip = curves[edge]
        near = begin if edge[0] == hub else tip
        return math.atan2(control[1] - near[1], control[0] - near[0])

    ordered = sorted(edges, key=lambda edge: (angle(edge), edge))
    turns = [angle(edge) for edge in ordered]
    gaps = [(b - a) % math.tau for a, b in itertools.pairwise([*turns, turns[0]])]
    # Start after the widest gap, so a fan that straddles the direction of angle pi
    # (edges coming in from the left) is not cut in two.
    first = (gaps.index(max(gaps)) + 1) % len(ordered) if len(ordered) > 1 else 0
    ordered, gaps = ordered[first:] + ordered[:first], gaps[first:] + gaps[:first]
    fans = [[ordered[0]]]
    for edge, gap in zip(ordered[1:], gaps, strict=False):
        if gap <= _FAN_ANGLE:
            fans[-1].append(edge)
        else:
            fans.append([edge])
    return fans


def _bundles(
    curves: Mapping[Edge, tuple[Point, ...]], traced: frozenset[Edge] | set[Edge]
) -> list[list[Edge]]:
    """Edges that share one relation label: a fan of one relation into (or out of) a node.

    Six foods each "rich in" magnesium read better with "rich in" written once across
    the fan than six times where the lines crowd together. Only edges whose directions
    lie close together make a fan, and traced and grey edges never share a label. Every
    edge is in exactly one bundle, most of them alone.
    """
    bundles: list[list[Edge]] = []
    alone: list[Edge] = list(curves)
    for end in (1, 0):
        groups: dict[tuple[str, str, bool], list[Edge]] = {}
        for edge in alone:
            groups.setdefault((edge[end], edge[2], edge in traced), []).append(edge)
        alone = []
        for group in groups.values():
            for fan in _fans(group, {edge: edge[end] for edge in group}, curves):
                if len(fan) > 1:
                    bundles.append(fan)
                else:
                    alone.extend(fan)
    return bundles + [[edge] for edge in alone]


def _relation_labels(
    curves: Mapping[Edge, tuple[Point, ...]], traced: set[Edge], taken: list[Box]
) -> list[dict[str, Any]]:
    """The relation's name on every bundle of edges, where it covers least; adds to ``taken``.

    Traced bundles choose first: theirs are the labels that matter.
    """
    samples = {edge: _samples(curve) for edge, curve in curves.items()}
    bundles = sorted(_bundles(curves, traced), key=lambda bundle: (bundle[0] not in traced, bundle))
    items = []
    for bundle in bundles:
        is_traced = bundle[0] in traced
        relation = RELATIONS.get(bundle[0][2])
        text = relation.label if relation else bundle[0][2]
        # Bold labels are about a tenth wider than the regular widths layout measures.
        scale = _EDGE_FONT / FONT_SIZE * (1.1 if is_traced else 1.0)
        size = (text_width(text) * scale + 6, _EDGE_FONT * 1.2)
        lines = [point for edge in curves if edge not in bundle for point in samples[edge]]
        # A fan's label reads best on its middle edges: try them first.
        middle = (len(bundle) - 1) / 2
        order = sorted(range(len(bundle)), key=lambda index: (abs(index - middle), index))
        spot, box = _label_spot([curves[bundle[i]] for i in order], size, taken, lines)
        taken.append(box)
        items.append(
            {
                "text": text,
                "traced": is_traced,
                "x": _number(spot[0]),
                "y": _number(spot[1] + _EDGE_FONT * 0.35),
            }
        )
    return items


def _verdict_badges(
    graph: nx.MultiDiGraph,
    curves: Mapping[Edge, tuple[Point, ...]],
    traced: set[Edge],
    taken: list[Box],
) -> list[dict[str, Any]]:
    """A round badge with the verdict's glyph on every edge reviews have judged.

    Each sits on its own edge where it covers least, nearer the edge's start, where a
    fan of edges is widest; adds to ``taken``.
    """
    samples = {edge: _samples(curve) for edge, curve in curves.items()}
    items = []
    for edge in sorted(curves, key=lambda edge: (edge not in traced, edge)):
        verdict = VERDICTS.get(graph.edges[edge].get("verdict", ""), VERDICTS["not assessed"])
        if verdict.name == "not assessed":
            continue
        lines = [point for other in curves if other != edge for point in samples[other]]
        size = (2 * _BADGE_RADIUS + 2, 2 * _BADGE_RADIUS + 2)
        spot, box = _label_spot(
            [curves[edge]], size, taken, lines, stops=_BADGE_STOPS, shifts=(0.0,)
        )
        taken.append(box)
        items.append(
            {
                "x": _number(spot[0]),
                "y": _number(spot[1]),
                "text_y": _number(spot[1] + _BADGE_FONT * 0.36),
                "icon": verdict.icon,
                "label": verdict.label,
                "colour": verdict.colour,
            }
        )
    return items


def _offsets(edges: Sequence[Edge]) -> dict[Edge, float]:
    """Sideways offset of each edge: edges joining the same pair of nodes fan out."""
    pairs: dict[tuple[str, str], list[Edge]] = {}
    for edge in edges:
        pairs.setdefault(tuple(sorted(edge[:2])), []).append(edge)
    offsets = {}
    for pair, joined in pairs.items():
        for index, edge in enumerate(joined):
            offset = (index - (len(joined) - 1) / 2) * _PARALLEL_GAP
            # The offset is measured to the left of the edge's own direction: flip it for
            # edges that run against the pair's order, so the fan is the same either way.
            offsets[edge] = offset if edge[0] == pair[0] else -offset
    return offsets


def _dashes() -> dict[str, str]:
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
    for edge in traced:
        if not graph.has_edge(*edge):
            raise KeyError(f"no edge {edge!r} in the graph")
    node_ids = list(dict.fromkeys([*nodes, *(end for edge in traced for end in edge[:2])]))
    if not node_ids:
        raise ValueError("nothing to draw: give at least one node or edge")
    missing = [node_id for node_id in node_ids if node_id not in positions]
    if missing:
        raise ValueError(f"no position for node {missing[0]!r}")
    drawn = {node_id: _node_of(graph, node_id, positions[node_id]) for node_id in node_ids}
    others = sorted(set(graph.subgraph(node_ids).edges(keys=True)) - set(traced)) if context else []
    every = [*others, *traced]
    offsets = _offsets(every)
    dashes = _dashes()
    traced_set = set(traced)
    geometry = {
        edge: _edge_geometry(drawn[edge[0]], drawn[edge[1]], offsets[edge]) for edge in every
    }
    edge_items = [
        {
            "id": graph_edge_id(edge),
            "traced": edge in traced_set,
            "d": geometry[edge][0],
            "arrow": geometry[edge][1],
            "colour": (_TRACED if edge in traced_set else _OTHER)["colour"],
            "width": _number((_TRACED if edge in traced_set else _OTHER)["width"]),
            "dashes": dashes.get(graph.edges[edge].get("strength", ""), ""),
        }
        # Grey edges first, so traced ones are drawn over them.
        for edge in sorted(every, key=lambda edge: edge in traced_set)
    ]
    taken = [_box(node) for node in drawn.values()]
    curves = {edge: geometry[edge][2] for edge in every}
    label_items = _relation_labels(curves, traced_set, taken)
    badge_items = _verdict_badges(graph, curves, traced_set, taken)
    boxes = taken
    left = min(box[0] for box in boxes) - _PADDING
    top = min(box[1] for box in boxes) - _PADDING
    width = max(box[2] for box in boxes) + _PADDING - left
    height = max(box[3] for box in boxes) + _PADDING - top
    width_mm = min(width * _MM_PER_UNIT, _MAX_WIDTH_MM, _MAX_HEIGHT_MM * width / height)
    node_items = []
    for node in drawn.values():
        element = shape_element(node.shape, node.x, node.y, _SHAPE_SIZE)
        if node.rx:
            element = {
                "tag": "ellipse",
                "cx": _number(node.x),
                "cy": _number(node.y),
                "rx": _number(node.rx),
                "ry": _number(node.ry),
            }
        tag = element.pop("tag")
        node_items.append(
            {
                "id": node.node_id,
                "tag": tag,
                "attributes": element,
                "colour": node.colour,
                "inside": bool(node.rx),
                "lines": _label_elements(node),
                "backdrop": _backdrop(node),
            }
        )
    default_title = "Picture of " + ", ".join(
        str(graph.nodes[node_id].get("label", node_id)) for node_id in node_ids
    )
    return (
        _environment()
        .get_template("svg")
        .render(
            view_box=" ".join(_number(value) for value in (left, top, width, height)),
            width_mm=_number(width_mm),
            height_mm=_number(width_mm * height / width),
            title=title or default_title,
            nodes=node_items,
            edges=edge_items,
            labels=label_items,
            badges=badge_items,
            border=_BORDER,
            font_size=FONT_SIZE,
            edge_font=_EDGE_FONT,
            badge_font=_BADGE_FONT,
            badge_radius=_number(_BADGE_RADIUS),
        )
    )


_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" class="path-picture" role="img" \
viewBox="{{ view_box }}" width="{{ width_mm }}mm" height="{{ height_mm }}mm" \
font-family="Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif">
<title>{{ title }}</title>
<g class="edges" fill="none" stroke-linecap="round">
{%- for edge in edges %}
<g class="edge{{ ' traced' if edge.traced else '' }}" data-edge="{{ edge.id }}">
<path d="{{ edge.d }}" stroke="{{ edge.colour }}" stroke-width="{{ edge.width }}"\
{% if edge.dashes %} stroke-dasharray="{{ edge.dashes }}"{% endif %}/>
<polygon points="{{ edge.arrow }}" fill="{{ edge.colour }}" stroke="none"/>
</g>
{%- endfor %}
</g>
<g class="edge-labels" font-size="{{ edge_font }}" text-anchor="middle" \
stroke="#ffffff" stroke-width="7" stroke-linejoin="round" paint-order="stroke">
{%- for label in labels %}
<text x="{{ label.x }}" y="{{ label.y }}" fill="{{ '#111111' if label.traced \
else '#555555' }}"{% if label.traced %} font-weight="bold"{% endif %}>{{ label.text }}</text>
{%- endfor %}
</g>
<g class="verdict-badges" font-size="{{ badge_font }}" text-anchor="middle">
{%- for badge in badges %}
<g class="verdict-badge"><title>Reviews: {{ badge.label }}</title>
<circle cx="{{ badge.x }}" cy="{{ badge.y }}" r="{{ badge_radius }}" fill="#ffffff" \
stroke="{{ badge.colour }}" stroke-width="2.5"/>
<text x="{{ badge.x }}" y="{{ badge.text_y }}" fill="#111111">{{ badge.icon }}</text></g>
{%- endfor %}
</g>
<g class="nodes" font-size="{{ font_size }}" text-anchor="middle">
{%- for node in nodes %}
<g class="node" data-node="{{ node.id }}">
<{{ node.tag }}{% for name, value in node.attributes.items() %} {{ name }}="{{ value }}"\
{% endfor %} fill="{{ node.colour }}" stroke="{{ border }}" stroke-width="1.5"/>
{%- if node.backdrop %}
<rect x="{{ node.backdrop.x }}" y="{{ node.backdrop.y }}" width="{{ node.backdrop.width }}" \
height="{{ node.backdrop.height }}" rx="4" fill="#ffffff" fill-opacity="0.85"/>
{%- endif %}
{%- for line in node.lines %}
<text x="{{ line.x }}" y="{{ line.y }}" fill="#1f1f1f">{{ line.text }}</text>
{%- endfor %}
</g>
{%- endfor %}
</g>
</svg>"""


# --- the page --------------------------------------------------------------------------


def _claim(graph: nx.MultiDiGraph, edge: Edge) -> str:
    return sentence_for_edge(graph, edge).text


def _sources(graph: nx.MultiDiGraph, edges: Sequence[Edge]) -> list[dict[str, Any]]:
    """Each source the traced edges quote, with its quotes (each once) and their claims."""
    titles = graph.graph.get("sources", {})
    found: dict[str, dict[str, list[str]]] = {}
    for edge in edges:
        for item in graph.edges[edge]["provenance"]:
            claims = found.setdefault(item["source"], {}).setdefault(item["quote"], [])
            claim = _claim(graph, edge)
            if claim not in claims:
                claims.append(claim)
    return [
        {
            "title": titles.get(source_id, {}).get("title", source_id),
            "kind": titles.get(source_id, {}).get("kind", ""),
            "quotes": [{"quote": quote, "claims": claims} for quote, claims in quotes.items()],
        }
        for source_id, quotes in found.items()
    ]


def _citation(reference: Mapping[str, Any]) -> str:
    """A reference as printed: its one-line citation, then its DOI or PubMed id as text.

    A printed page cannot be clicked, so the identifier is written out instead of linked.
    """
    text = str(reference["citation"]).rstrip(".")
    if reference.get("doi"):
        return f"{text}. doi:{reference['doi']}"
    if reference.get("pmid"):
        return f"{text}. PMID {reference['pmid']}"
    return text


def _evidence(graph: nx.MultiDiGraph, edges: Sequence[Edge]) -> list[dict[str, Any]]:
    notes = []
    for edge in edges:
        data = graph.edges[edge]
        verdict = VERDICTS.get(data.get("verdict", ""), VERDICTS["not assessed"])
        evidence = data.get("evidence") or {}
        notes.append(
            {
                "claim": _claim(graph, edge),
                "icon": verdict.icon,
                "label": verdict_label(graph, edge),
                "colour": verdict.colour,
                "said": edge_verdict_sentence(graph, edge),
                "summary": evidence.get("summary", ""),
                "citations": [_citation(citation) for citation in evidence.get("citations", ())],
            }
        )
    return notes


def _legend(graph: nx.MultiDiGraph, scene: Scene) -> dict[str, Any]:
    types = {graph.nodes[node_id].get("type") for node_id in scene.nodes}
    kinds = [kind for kind in NODE_TYPES.values() if kind.name in types]
    strengths = {graph.edges[edge].get("strength") for edge in scene.edges}
    verdicts = {graph.edges[edge].get("verdict") for edge in scene.edges}
    dashes = _dashes()
    return {
        "types": [
            {
                "label": kind.label,
                "colour": kind.colour,
                "shape": shape_element(kind.shape, 11, 11, 7),
            }
            for kind in kinds
        ],
        "strengths": [
            {
                "label": strength_words(name),
                "description": item["description"],
                "dashes": dashes[name],
            }
            for item in strength_items()
            if (name := item["strength"]) in strengths
        ],
        "verdicts": [
            {"icon": verdict.icon, "label": verdict.label, "colour": verdict.colour}
            for verdict in VERDICTS.values()
            if verdict.name in verdicts and verdict.name != "not assessed"
        ],
    }


def handout_html(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], tour: Tour
) -> str:
    """Write the printable handout of ``tour`` as one self-contained HTML page.

    The page holds the tour's title, audience and description; a picture of its nodes
    and traced edges (``path_svg``) with a legend; each step's narration; the steps'
    questions, each with ruled lines to answer on; then, from a new page, the sources
    (every quote the traced edges rest on, under its article's title) and what reviews
    say of each traced claim (verdict glyph, ``narrate.edge_verdict_sentence``, summary,
    citations); and, on a page of its own, the answer key. It has no script and refers
    to nothing outside itself, and its print styles suit A4 and Letter alike.

    Parameters
    ----------
    graph
        The graph the tour was checked against.
    positions
        Node id -> (x, y), from ``layout.compute_layout(graph)``.
    tour
        A tour from ``tours.load_tours``, ``tours.tour_from_path`` and the like.

    Returns
    -------
    str
        The HTML document, the same for the same arguments.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> from graph.query import find_paths
    >>> from graph.tours import tour_from_path
    >>> graph = build_graph(load_knowledge_base())
    >>> tour = tour_from_path(graph, find_paths(graph, "almonds", "cramp-prevention")[0])
    >>> page = handout_html(graph, compute_layout(graph), tour)
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page
    (True, False)
    >>> "<h1>From Almonds to Cramp prevention</h1>" in page
    True
    """
    scene = tour_scene(graph, tour)
    picture = path_svg(
        graph, positions, scene.nodes, scene.edges, title=f"The path of the tour: {tour.title}"
    )
    questions = [
        {"step": number, "question": step.question, "answer": step.answer}
        for number, step in enumerate(tour.steps, start=1)
        if step.question
    ]
    return (
        _environment()
        .get_template("page")
        .render(
            tour=tour,
            picture=Markup(picture),  # built by the autoescaping SVG template above
            legend=_legend(graph, scene),
            example=_claim(graph, scene.edges[0]).rstrip(".") if scene.edges else "",
            steps=[{"title": step.title, "narration": step.narration} for step in tour.steps],
            sources=_sources(graph, scene.edges),
            evidence=_evidence(graph, scene.edges),
            questions=questions,
            answer_lines=range(_ANSWER_LINES),
            border=_BORDER,
        )
    )


_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ tour.title }} \u2014 handout</title>
<style>
@page { margin: 14mm 15mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  font-family: Georgia, 'DejaVu Serif', 'Liberation Serif', serif;
  font-size: 11pt; line-height: 1.4; color: #1f1f1f;
  max-width: 180mm; margin: 0 auto; padding: 8mm 0;
}
h1, h2, h3, .meta, .legend, figcaption, .small, .key-title {
  font-family: Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif;
}
h1 { font-size: 20pt; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #1f1f1f;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 0 0 1mm; break-after: avoid; page-break-after: avoid; }
.meta { color: #444; font-size: 10pt; margin: 0 0 2mm; }
.description { margin: 0 0 3mm; }
.student { display: flex; gap: 8mm; font-family: Arial, 'Liberation Sans', sans-serif;
           font-size: 10pt; margin: 3mm 0; }
.student span { flex: 1; border-bottom: 0.75pt solid #555; padding-bottom: 1mm; }
.student span.date { flex: 0 0 45mm; }
figure { margin: 3mm 0 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #333; margin-top: 2mm; }
.legend { display: flex; flex-wrap: wrap; gap: 1.5mm 5mm; font-size: 9pt; margin: 2mm 0 0;
          padding: 0; list-style: none; align-items: center; }
.legend li { display: flex; align-items: center; gap: 1.5mm; }
.legend svg { flex: none; }
ol.steps { padding-left: 0; list-style: none; counter-reset: step; }
ol.steps li { margin: 0 0 3.5mm; break-inside: avoid; page-break-inside: avoid; }
ol.steps p { margin: 0.5mm 0 0; }
.step-number { display: inline-block; min-width: 6mm; }
ul.quotes { padding-left: 5mm; margin: 1mm 0 0; }
ul.quotes li { margin: 0 0 2mm; break-inside: avoid; page-break-inside: avoid; }
blockquote { margin: 0; font-style: italic; }
.small { font-size: 8.5pt; color: #444; }
.note { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.verdict { font-family: Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; font-weight: bold;
           font-size: 9.5pt; border: 1.5pt solid; border-left-width: 4pt; border-radius: 1mm;
           padding: 0 1.5mm;
           white-space: nowrap; }
.note .claim { font-weight: bold; }
.note p { margin: 0.5mm 0; }
ol.questions { padding-left: 6mm; }
ol.questions li { margin: 0 0 5mm; break-inside: avoid; page-break-inside: avoid; }
.line { height: 9mm; border-bottom: 0.75pt solid #777; }
/* The questions come right after the steps, before the quotes and the evidence that
   answer them, and start a worksheet page of their own; so do the sources, so the
   worksheet can be handed out alone; the key is on a page apart. */
section.questions { break-before: page; page-break-before: always; }
section.questions + section.sources { break-before: page; page-break-before: always; }
.answer-key { break-before: page; page-break-before: always; }
.answer-key ol { padding-left: 6mm; }
.answer-key li { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.disclaimer { font-size: 8.5pt; color: #444; margin-top: 6mm; }
@media screen { body { padding: 10mm 6mm; } }
</style>
</head>
<body>
<header>
<h1>{{ tour.title }}</h1>
<p class="meta">Cramp Atlas handout \u00b7 For: {{ tour.audience }} \u00b7 \
{{ steps|length }} step{{ '' if steps|length == 1 else 's' }}</p>
{% if tour.description %}<p class="description">{{ tour.description }}</p>{% endif %}
<div class="student"><span>Name:</span><span class="date">Date:</span></div>
</header>

<section class="picture">
<figure>
{{ picture }}
<figcaption>The links this tour follows are drawn dark; other links between the same
nodes are grey. Read each arrow as a sentence{% if example %}, such as
“{{ example }}”{% endif %}.</figcaption>
</figure>
<ul class="legend">
{%- for item in legend.types %}
<li><svg xmlns="http://www.w3.org/2000/svg" width="22" height="22" viewBox="0 0 22 22" \
aria-hidden="true"><{{ item.shape.tag }}{% for name, value in item.shape.items() \
if name != 'tag' %} {{ name }}="{{ value }}"{% endfor %} fill="{{ item.colour }}" \
stroke="{{ border }}" stroke-width="1"/></svg>{{ item.label }}</li>
{%- endfor %}
{%- for item in legend.strengths %}
<li><svg xmlns="http://www.w3.org/2000/svg" width="34" height="10" viewBox="0 0 34 10" \
aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="#111111" stroke-width="2.5"\
{% if item.dashes %} stroke-dasharray="{{ item.dashes }}"{% endif %}/></svg>\
{{ item.label }}</li>
{%- endfor %}
{%- for item in legend.verdicts %}
<li><svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 24 24" \
aria-hidden="true"><circle cx="12" cy="12" r="10" fill="#ffffff" stroke="{{ item.colour }}" \
stroke-width="2.5"/><text x="12" y="17" font-size="14" text-anchor="middle" \
font-family="Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif" fill="#111111">\
{{ item.icon }}</text></svg>reviews: {{ item.label }}</li>
{%- endfor %}
</ul>
</section>

<section class="steps">
<h2>Step by step</h2>
<ol class="steps">
{%- for step in steps %}
<li><h3><span class="step-number">{{ loop.index }}.</span> {{ step.title }}</h3>
<p>{{ step.narration }}</p></li>
{%- endfor %}
</ol>
</section>

{% if questions -%}
<section class="questions">
<h2>Questions: {{ tour.title }}</h2>
<div class="student"><span>Name:</span><span class="date">Date:</span></div>
<ol class="questions">
{%- for item in questions %}
<li><p>{{ item.question }} <span class="small">(step {{ item.step }})</span></p>
{%- for _ in answer_lines %}<div class="line"></div>{% endfor %}</li>
{%- endfor %}
</ol>
</section>
{%- endif %}

<section class="sources">
<h2>Sources: what the article says</h2>
{%- for source in sources %}
<h3>{{ source.title }}{% if source.kind %} <span class="small">({{ source.kind }})</span>\
{% endif %}</h3>
<ul class="quotes">
{%- for item in source.quotes %}
<li><blockquote>\u201c{{ item.quote }}\u201d</blockquote>
<span class="small">Claim: {{ item.claims|join(' ') }}</span></li>
{%- endfor %}
</ul>
{%- endfor %}
</section>

<section class="evidence">
<h2>What reviews and guidelines say</h2>
{%- for note in evidence %}
<div class="note">
<p><span class="verdict" style="border-color: {{ note.colour }}">{{ note.icon }} {{ note.label }}\
</span> <span class="claim">{{ note.claim }}</span></p>
<p>{{ note.said }}{% if note.summary %} {{ note.summary }}{% endif %}</p>
{%- if note.citations %}
<p class="small">{{ 'Source' if note.citations|length == 1 else 'Sources' }}: \
{{ note.citations|join('; ') }}.</p>
{%- endif %}
</div>
{%- endfor %}
</section>


<p class="disclaimer">Cramp Atlas is an educational tool, not medical advice. Claims are
quoted from the article; the evidence notes say what reviews and guidelines found.</p>

{% if questions -%}
<section class="answer-key">
<h2 class="key-title">Answer key: {{ tour.title }}</h2>
<ol>
{%- for item in questions %}
<li><p><strong>{{ item.question }}</strong></p><p>{{ item.answer }}</p></li>
{%- endfor %}
</ol>
</section>
{%- endif %}
</body>
</html>
"""


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader({"svg": _SVG, "page": _PAGE}),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
