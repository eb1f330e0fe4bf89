"""Turn a graph view and its positions into vis-network data and a self-contained HTML page.

Two outputs share one set of styles and one drawing script:

* ``canvas_payload`` gives JSON-safe data (nodes, edges, options, legend) that the
  Streamlit canvas (``ui.canvas``) and the standalone page both draw with
  ``CANVAS_SCRIPT``;
* ``render_html`` gives one offline HTML document: vis-network's JavaScript and CSS
  (from the copy bundled with pyvis) inlined, no CDN, no web font, no external URL.

Text from the knowledge base never reaches the page as markup. The payload travels as
JSON inside a ``<script type="application/json">`` element, with ``<``, ``>``, ``&``,
``'`` and U+2028/U+2029 written as ``\\uXXXX`` escapes (``script_json``), and the
drawing script turns every tooltip into a DOM element filled through ``textContent``.
(vis-network 9.1.2 itself shows a string ``title`` with ``innerText``, so as text; the
script does not rely on that.) Labels are painted on a canvas, so they are text too.
Two things are said about every edge, each on its own channel and never by colour alone:
how firmly the source states the claim (``strength``) by the line's dash pattern and
width, and what reviews say of it (``verdict``) by the line's colour *and* a marker in
the middle of the edge whose shape differs per verdict (``verdict_items``). Node types
are shown by colour *and* shape. The legend draws the same shapes, lines and markers.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from .layout import (
    FONT_SIZE,
    LABEL_MAX_WIDTH,
    NODE_SIZE,
    drawing_bounds,
    is_label_inside,
    node_extents,
    text_width,
)
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, Verdict, graph_edge_id

__all__ = [
    "CANVAS_SCRIPT",
    "EDGE_LABEL_LIMIT",
    "canvas_payload",
    "edge_id",
    "legend_items",
    "page_html",
    "render_html",
    "script_json",
    "strength_items",
    "verdict_items",
    "vis_assets",
]

EDGE_LABEL_LIMIT = 16
"""Views with more edges than this show relation labels only on hover, selection or path."""

_FONT_FACE = "Arial, 'Liberation Sans', Helvetica, sans-serif"
_TEXT = "#1f1f1f"
_BORDER = "#3a3a3a"
_EDGE = "#6f6f6f"
_EDGE_LABEL = "#3d3d3d"
_DIM_NODE_OPACITY = 0.22
_DIM_TEXT = "#b8b8b8"
_DIM_EDGE = "#cfcfcf"
_PATH = "#111111"
_TRANSPARENT = "rgba(0,0,0,0)"
_HIDDEN_TEXT = _TRANSPARENT
_LABEL_BACKGROUND = "rgba(255,255,255,0.8)"
"""Behind node labels, so edges that pass under a label never cut through its words."""

_STRENGTH_STYLE: Mapping[str, tuple[bool | list[int], float]] = {
    "states": (False, 2.0),
    "suggests": ([9, 6], 2.0),
    "anecdotal": ([2, 5], 1.6),
    "inferred": ([1, 3, 6, 3], 1.6),
}
"""Line style per strength: (vis ``dashes``, width)."""

_UNASSESSED = "not assessed"
"""The verdict of an edge that carries none, or one outside ``schema.VERDICTS``."""

# Which vis-network arrow shape marks the middle of an edge, per verdict, and how large
# (vis ``scaleFactor``; the marker is 15 x scale + 3 x line width px long). This is a
# table here and not a field of ``schema.Verdict``, like the line styles of strengths
# above: the names and sizes are vis-network's and only this canvas (and its legend,
# drawn by the same script) reads them, while the vocabulary keeps what every face of
# the app shares: colour, glyph and words.
# vis-network 9.1.2 has few shapes that stay apart at any angle of the edge, so the
# most different ones go to the distinctions that matter most: a full dot (supported),
# a bar across the line (not supported: it stops there), an open arc (no evidence
# found: nothing inside), a wedge pointing back (possible harm) and no marker at all
# (not assessed: nothing known). The two verdicts in between get the two angular beads,
# which only tilted edges can make look alike; "contradicted" gets the notched wedge
# (crow), told from the harm wedge by its notch and its colour. None points along the
# edge the way its arrowhead does, and each is smaller than a node, so none reads as one.
_VERDICT_MARKERS: Mapping[str, tuple[str, float] | None] = MappingProxyType(
    {
        "supported": ("circle", 0.8),
        "mixed": ("diamond", 1.1),
        "insufficient": ("box", 0.9),
        "not supported": ("bar", 1.0),
        "contradicted": ("crow", 1.0),
        "possible harm": ("inv_triangle", 1.0),
        "no evidence found": ("curve", 1.4),
        _UNASSESSED: None,
    }
)
_ARROW_SCALE = 0.55
"""Size of the arrowhead at the target end (vis ``scaleFactor``)."""

_CAMERA = {
    "padding": 14,
    "max_scale": 1.5,
    "min_font_px": 8,
    "font_size": FONT_SIZE,
    "narrow": {"width": 480, "min_font_px": 6},
}
"""How the canvas frames every view (see ``canvas_payload``): screen px kept free around
the drawing, the most a small view is zoomed in, and the smallest label size, in screen
px, a view is framed at before a huge drawing is cropped around its centre instead; on a
canvas at most ``narrow.width`` px wide (a phone) the floor is ``narrow.min_font_px``, so
the seed graph fits whole at a phone's width."""

_CLEARANCE = 5.0
"""Extra room around a node's box that an edge must keep clear of, in px."""
_GRID = 170.0
_SAMPLE_STEP = 12.0
_ROUTED_EDGE_LIMIT = 600
"""Views with more edges keep them straight (routing them costs more than it gives)."""
_EDGE_FONT_SIZE = 16
_PATH_FONT_SIZE = 18
_LABEL_SHIFTS = (0, -1, 1, -2, 2, -3, 3)
"""Where an edge label may go, in label heights from the middle of its edge (up first)."""
_FORCED_SHIFTS = (*_LABEL_SHIFTS, -4, 4, -5, 5, -6, 6)
"""Where a label that must be shown (a highlighted edge's) may go: further out if need be."""
_BEND_TRIES = (0.0, 0.22, -0.22, 0.4, -0.4, 0.6, -0.6)
_PARALLEL_BENDS = (0.25, -0.25, 0.5, -0.5, 0.75, -0.75)
_HEIGHT_PATTERN = re.compile(r"\d{1,5}(?:\.\d{1,3})?(?:px|vh|em|rem|%)")
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def edge_id(source: str, target: str, key: str) -> str:
    """Return the stable id of edge ``(source, target, key)``: ``source|key|target``.

    It is the same string as ``schema.Edge.key`` (``subject|relation|object``).

    Examples
    --------
    >>> edge_id("almonds", "magnesium", "rich_in")
    'almonds|rich_in|magnesium'
    """
    return graph_edge_id((source, target, key))


def legend_items() -> tuple[dict[str, str], ...]:
    """Return the node-type legend: one dict per type of ``schema.NODE_TYPES``, in order.

    Each has ``type``, ``label``, ``plural``, ``colour`` (hex), ``shape`` (a vis-network
    shape name) and ``description``.

    Examples
    --------
    >>> legend_items()[0]["type"], legend_items()[0]["shape"]
    ('condition', 'star')
    """
    return tuple(
        {
            "type": kind.name,
            "label": kind.label,
            "plural": kind.plural,
            "colour": kind.colour,
            "shape": kind.shape,
            "description": kind.description,
        }
        for kind in NODE_TYPES.values()
    )


def strength_items() -> tuple[dict[str, Any], ...]:
    """Return the evidence-strength legend: line style per strength, firmest first.

    Each has ``strength``, ``label``, ``description``, ``dashes`` (``False`` or a vis
    dash pattern) and ``width`` (px).

    Examples
    --------
    >>> [(item["strength"], item["dashes"]) for item in strength_items()]
    [('states', False), ('suggests', [9, 6]), ('anecdotal', [2, 5]), ('inferred', [1, 3, 6, 3])]
    """
    ordered = sorted(STRENGTHS.values(), key=lambda strength: -strength.rank)
    return tuple(
        {
            "strength": strength.name,
            "label": strength.label,
            "description": strength.description,
            "dashes": _STRENGTH_STYLE[strength.name][0],
            "width": _STRENGTH_STYLE[strength.name][1],
        }
        for strength in ordered
    )


def _middle_marker(verdict: Verdict) -> dict[str, Any] | None:
    marker = _VERDICT_MARKERS.get(verdict.name)
    return None if marker is None else {"type": marker[0], "scaleFactor": marker[1]}


def verdict_items() -> tuple[dict[str, Any], ...]:
    """Return the verdict legend: colour, glyph and edge marker per verdict, in the
    order of ``schema.VERDICTS``.

    Each has ``verdict``, ``label``, ``icon`` (the glyph), ``colour`` (hex),
    ``description`` and ``marker``: the vis-network ``arrows.middle`` shape drawn in
    the middle of the verdict's edges (``{"type", "scaleFactor"}``), or ``None`` for no
    marker ("not assessed").

    Examples
    --------
    >>> [(item["icon"], item["verdict"], item["marker"]["type"]) for item in verdict_items()[:3]]
    [('✓', 'supported', 'circle'), ('◐', 'mixed', 'diamond'), ('?', 'insufficient', 'box')]
    >>> verdict_items()[-1]["verdict"], verdict_items()[-1]["marker"]
    ('not assessed', None)
    """
    return tuple(
        {
            "verdict": verdict.name,
            "label": verdict.label,
            "icon": verdict.icon,
            "colour": verdict.colour,
            "description": verdict.description,
            "marker": _middle_marker(verdict),
        }
        for verdict in VERDICTS.values()
    )


def script_json(value: Any) -> Markup:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Keys are sorted and the output is ASCII, so equal values give equal bytes; ``<``,
    ``>``, ``&``, ``'`` and the line separators U+2028/U+2029 become ``\\uXXXX`` escapes,
    so no string can close the element or break out of it. The result is ``Markup``
    because it is already safe: templates insert it without further escaping.

    Examples
    --------
    >>> str(script_json({"b": "</script>", "a": 1}))
    '{"a":1,"b":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return Markup(re.sub("[<>&'\u2028\u2029]", lambda match: _SCRIPT_ESCAPES[match[0]], text))


# --- the payload ---------------------------------------------------------------------


def _node_title(attrs: Mapping[str, Any]) -> str:
    kind = NODE_TYPES.get(attrs.get("type", ""))
    lines = [str(attrs.get("label", "")), kind.label if kind else str(attrs.get("type", ""))]
    if attrs.get("description"):
        lines.append(str(attrs["description"]))
    synonyms = attrs.get("synonyms") or ()
    if synonyms:
        lines.append("Also called: " + ", ".join(map(str, synonyms)))
    return "\n".join(lines)


def _verdict_of(attrs: Mapping[str, Any]) -> Verdict:
    """The edge's verdict; "not assessed" when it has none or one outside the vocabulary."""
    return VERDICTS.get(str(attrs.get("verdict", _UNASSESSED)), VERDICTS[_UNASSESSED])


def _edge_title(graph_view: nx.MultiDiGraph, source: str, target: str, attrs: Mapping) -> str:
    relation = RELATIONS.get(attrs.get("relation", ""))
    relation_label = relation.label if relation else str(attrs.get("relation", ""))
    strength = STRENGTHS.get(attrs.get("strength", ""))
    sources = graph_view.graph.get("sources", {})
    lines = [
        f"{graph_view.nodes[source].get('label', source)} \u2192 {relation_label} \u2192 "
        f"{graph_view.nodes[target].get('label', target)}",
        "How firmly the source says it: "
        f"{strength.label if strength else attrs.get('strength', '')}",
    ]
    for item in attrs.get("provenance", ()):
        title = sources.get(item.get("source"), {}).get("title", item.get("source", ""))
        lines.append(f"\u201c{item.get('quote', '')}\u201d \u2014 {title} ({item.get('strength')})")
    verdict = _verdict_of(attrs)
    evidence = attrs.get("evidence") or {}
    qualifier = f" ({evidence['qualifier']})" if evidence.get("qualifier") else ""
    lines.append(f"What reviews say: {verdict.icon} {verdict.label}{qualifier}")
    lines.append(str(evidence.get("summary") or verdict.description))
    cited = [str(ref.get("short", ref.get("key", ""))) for ref in evidence.get("citations", ())]
    if cited:
        lines.append("Cited: " + "; ".join(cited))
    return "\n".join(lines)


Box = tuple[float, float, float, float]
"""``(left, top, right, bottom)`` in px."""


def _overlap(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


class _Scene:
    """The boxes of the visible nodes (shape and label apart), bucketed by grid cell."""

    def __init__(
        self, graph_view: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]]
    ) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, str, Box]]] = {}
        for node_id in sorted(graph_view.nodes):
            attrs = graph_view.nodes[node_id]
            kind = NODE_TYPES.get(attrs.get("type", ""))
            shape = kind.shape if kind else "dot"
            x, y = positions[node_id]
            half, above, below = node_extents(str(attrs.get("label", node_id)), shape)
            pad = _CLEARANCE
            if below > above:  # the label hangs below the shape
                self._add(
                    node_id,
                    "shape",
                    (
                        x - NODE_SIZE - pad,
                        y - above - pad,
                        x + NODE_SIZE + pad,
                        y + NODE_SIZE + pad,
                    ),
                )
                self._add(
                    node_id,
                    "label",
                    (x - half - pad, y + NODE_SIZE, x + half + pad, y + below + pad),
                )
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

    def crossings(
        self, points: Sequence[tuple[float, float]], ends: tuple[str, str]
    ) -> tuple[int, int]:
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


def _via(start: tuple[float, float], end: tuple[float, float], bend: float) -> tuple[float, float]:
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


def _curve_points(
    start: tuple[float, float], end: tuple[float, float], bend: float
) -> list[tuple[float, float]]:
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
    scene: _Scene,
    start: tuple[float, float],
    end: tuple[float, float],
    bend: float,
    edge: tuple[str, str, str],
) -> tuple[int, float]:
    """Crossing a shape reads as a wrong connection: avoid it first. Crossing a label
    (drawn on top, with a halo) costs less than a curve; stronger curves cost more."""
    shapes, labels = scene.crossings(_curve_points(start, end, bend), (edge[0], edge[1]))
    return (shapes, labels + (2.0 if bend else 0.0) + abs(bend))


def _bends(
    scene: _Scene,
    positions: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str, str]],
) -> dict[tuple[str, str, str], float]:
    """Choose a curvature per edge: parallel edges fan out; an edge that would run
    through another node's shape bends round it (in views of up to
    ``_ROUTED_EDGE_LIMIT`` edges)."""
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for edge in edges:
        by_pair.setdefault((min(edge[0], edge[1]), max(edge[0], edge[1])), []).append(edge)
    bends: dict[tuple[str, str, str], float] = {}
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
    scene: _Scene,
    positions: Mapping[str, tuple[float, float]],
    candidates: Sequence[tuple[tuple[str, str, str], str]],
    bends: Mapping[tuple[str, str, str], float],
    *,
    size: float,
    forced: bool,
    obstacles: Sequence[Box] = (),
) -> dict[tuple[str, str, str], float]:
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
        start, end = positions[edge[0]], positions[edge[1]]
        via = _via(start, end, bends[edge])
        middle_x = 0.25 * start[0] + 0.5 * via[0] + 0.25 * end[0]
        middle_y = 0.25 * start[1] + 0.5 * via[1] + 0.25 * end[1]
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


def _marker_box(
    start: tuple[float, float], end: tuple[float, float], bend: float, length: float
) -> Box:
    """The box a middle marker ``length`` px long covers on the edge from ``start`` to
    ``end``: vis-network puts its tip at the middle of the curve, pointing along it
    (which, at the middle of a quadratic curve, is the direction from start to end),
    and draws it behind the tip, up to half its length to either side."""
    via = _via(start, end, bend)
    middle_x = 0.25 * start[0] + 0.5 * via[0] + 0.25 * end[0]
    middle_y = 0.25 * start[1] + 0.5 * via[1] + 0.25 * end[1]
    dx, dy = end[0] - start[0], end[1] - start[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    centre_x, centre_y = middle_x - ux * length / 2, middle_y - uy * length / 2
    half = length / 2 * (abs(ux) + abs(uy))
    return (centre_x - half, centre_y - half, centre_x + half, centre_y + half)


def _smooth(bend: float) -> dict[str, Any] | bool:
    if not bend:
        return False
    return {
        "enabled": True,
        "type": "curvedCW" if bend > 0 else "curvedCCW",
        "roundness": abs(bend),
    }


def _options() -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "dragNodes": False,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": {"enabled": False},
            "selectConnectedEdges": True,
            "hoverConnectedEdges": True,
        },
        "nodes": {
            "shape": "dot",
            "size": NODE_SIZE,
            "borderWidth": 1.2,
            "borderWidthSelected": 3,
            "font": {
                "size": FONT_SIZE,
                "face": _FONT_FACE,
                "color": _TEXT,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "widthConstraint": {"maximum": LABEL_MAX_WIDTH},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": _ARROW_SCALE}},
            "font": {
                "size": _EDGE_FONT_SIZE,
                "face": _FONT_FACE,
                "color": _EDGE_LABEL,
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "color": {"color": _EDGE, "highlight": _PATH, "hover": _PATH, "inherit": False},
            "selectionWidth": 1.5,
            "hoverWidth": 1,
        },
    }


def _check_positions(
    graph_view: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]]
) -> None:
    missing = sorted(node_id for node_id in graph_view.nodes if node_id not in positions)
    if missing:
        shown = ", ".join(map(repr, missing[:5])) + (" ..." if len(missing) > 5 else "")
        raise ValueError(
            f"positions: no position for {len(missing)} node(s) of the view: {shown} "
            "(compute the layout on the whole graph, then filter)"
        )


def _one_label_per_fan(
    edges: Sequence[tuple[str, str, str]], positions: Mapping[str, tuple[float, float]]
) -> set[tuple[str, str, str]]:
    """The edges whose relation label is drawn: one per fan, the middle one.

    Five foods "rich in" magnesium would otherwise stack five "rich in" labels where
    their edges meet; one label says it for the fan.
    """
    keep = set(edges)
    for hub, spoke in ((1, 0), (0, 1)):  # fans into one object, then out of one subject
        fans: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for edge in edges:
            fans.setdefault((edge[2], edge[hub]), []).append(edge)
        for members in fans.values():
            members.sort(key=lambda edge: (positions[edge[spoke]][1], positions[edge[spoke]][0]))
            keep -= set(members) - {members[len(members) // 2]}
    return keep


def canvas_payload(
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    *,
    highlight: Sequence[tuple[str, str, str]] | None = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """Describe ``graph_view`` for vis-network: nodes, edges, options and legends.

    Parameters
    ----------
    graph_view
        The graph or a view of it (a filtered subgraph): what to draw.
    positions
        ``node id -> (x, y)`` from ``compute_layout`` on the whole graph.
    highlight
        Edges ``(source, target, key)`` of a traced path. When given, the path's edges
        and nodes are drawn bold with their relation labels and everything else is
        dimmed. The path's edges are wider and keep their verdict's colour and marker, so
        a weak link reads as weak while it is traced. Edges that are not in the view are
        ignored.
    selected
        A node id or an edge id (``edge_id``) to show as selected; ignored if it is not
        in the view.

    Returns
    -------
    dict
        JSON-safe: ``nodes`` (``id``, ``label``, ``x``, ``y``, ``fixed``, ``shape``,
        ``color``, ``title`` as plain text, ``type``, ...) in id order, ``edges``
        (``id`` = ``edge_id(...)``, ``from``, ``to``, ``label`` = relation label,
        ``dashes``/``width`` by strength, ``verdict`` (a name of ``schema.VERDICTS``,
        "not assessed" when the edge has none or an unknown one), ``color`` by
        verdict and ``arrows.middle`` its marker (``verdict_items()``), ``title``
        with the quotes, the verdict and the evidence summary, ...) in id order,
        ``options`` (physics off), ``legend`` (``legend_items()``), ``strengths``
        (``strength_items()``), ``verdicts`` (``verdict_items()``), ``selected``
        (``{"kind", "id"}`` or ``None``),
        ``highlighted`` (bool) and ``edge_labels``: ``"always"`` (small views: relation
        labels are shown where they fit clear of nodes and of each other, the others
        on hover) or ``"hover"`` (more than ``EDGE_LABEL_LIMIT`` edges). A traced path
        always shows its labels, and its nodes and edges come last (drawn on top).
        ``camera`` says how to frame the view: ``bounds`` (``[left, top, right,
        bottom]`` of the nodes with their labels, ``layout.drawing_bounds``),
        ``padding`` (screen px), ``max_scale``, ``min_font_px``, ``font_size`` and
        ``narrow`` (``width``, ``min_font_px``: the floor on a phone-wide canvas).

    Raises
    ------
    ValueError
        If a node of the view has no position.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> graph = build_graph(load_knowledge_base())
    >>> payload = canvas_payload(graph, compute_layout(graph))
    >>> len(payload["nodes"]) == graph.number_of_nodes()
    True
    >>> payload["options"]["physics"]["enabled"]
    False
    >>> [e["label"] for e in payload["edges"] if e["id"] == "almonds|rich_in|magnesium"]
    ['rich in']
    """
    _check_positions(graph_view, positions)
    path_edges = {
        (source, target, key)
        for source, target, key in (highlight or ())
        if graph_view.has_edge(source, target, key)
    }
    path_nodes = {node_id for edge in path_edges for node_id in edge[:2]}
    is_highlighting = bool(path_edges)

    edge_keys = sorted(graph_view.edges(keys=True), key=lambda edge: edge_id(*edge))
    edge_labels = "always" if len(edge_keys) <= EDGE_LABEL_LIMIT else "hover"
    selection = None
    if selected is not None and selected in graph_view:
        selection = {"kind": "node", "id": selected}
    elif selected is not None and any(edge_id(*edge) == selected for edge in edge_keys):
        selection = {"kind": "edge", "id": selected}

    # vis draws in data order: the path goes last, on top of what it crosses.
    nodes = []
    for node_id in sorted(graph_view.nodes, key=lambda node_id: (node_id in path_nodes, node_id)):
        attrs = graph_view.nodes[node_id]
        kind = NODE_TYPES.get(attrs.get("type", ""))
        colour = kind.colour if kind else "#999999"
        on_path = node_id in path_nodes
        dimmed = is_highlighting and not on_path
        emphasised = on_path or (selection == {"kind": "node", "id": node_id})
        x, y = positions[node_id]
        shape = kind.shape if kind else "dot"
        nodes.append(
            {
                "id": node_id,
                "label": str(attrs.get("label", node_id)),
                "x": x,
                "y": y,
                "fixed": True,
                "shape": shape,
                "type": str(attrs.get("type", "")),
                "color": {
                    "background": colour,
                    "border": _PATH if emphasised else _BORDER,
                    "highlight": {"background": colour, "border": _PATH},
                    "hover": {"background": colour, "border": _PATH},
                },
                "borderWidth": 3.0 if emphasised else 1.2,
                "opacity": _DIM_NODE_OPACITY if dimmed else 1.0,
                "font": {
                    "color": _DIM_TEXT if dimmed else _TEXT,
                    # A shape that holds its label is its background already.
                    "background": _TRANSPARENT if is_label_inside(shape) else _LABEL_BACKGROUND,
                },
                "title": _node_title(attrs),
            }
        )

    scene = _Scene(graph_view, positions)
    bends = _bends(scene, positions, edge_keys)
    texts = {
        edge: RELATIONS[edge[2]].label if edge[2] in RELATIONS else str(edge[2])
        for edge in edge_keys
    }
    styles: dict[tuple[str, str, str], tuple[Verdict, Any, float, dict | None]] = {}
    markers: dict[tuple[str, str, str], Box] = {}
    for edge in edge_keys:
        attrs = graph_view.edges[edge]
        verdict = _verdict_of(attrs)
        dashes, width = _STRENGTH_STYLE.get(str(attrs.get("strength", "")), (False, 1.0))
        width = width + 2.5 if edge in path_edges else width
        marker = _middle_marker(verdict)
        styles[edge] = (verdict, dashes, width, marker)
        if marker is not None:
            length = 15 * marker["scaleFactor"] + 3 * width
            start, end = positions[edge[0]], positions[edge[1]]
            markers[edge] = _marker_box(start, end, bends[edge], length)
    # Labels go on the traced path's edges (one per fan, always drawn), or, in small
    # views, on every edge where one fits; markers of the edges concerned stay clear.
    concerned = [edge for edge in edge_keys if edge in path_edges] if is_highlighting else edge_keys
    if is_highlighting or edge_labels == "always":
        chosen = _one_label_per_fan(concerned, positions) if is_highlighting else set(concerned)
        spots = _label_spots(
            scene,
            positions,
            [(edge, texts[edge]) for edge in concerned if edge in chosen],
            bends,
            size=_PATH_FONT_SIZE if is_highlighting else _EDGE_FONT_SIZE,
            forced=is_highlighting,
            obstacles=[markers[edge] for edge in concerned if edge in markers],
        )
    else:
        spots = {}
    edges = []
    for source, target, key in sorted(edge_keys, key=lambda edge: edge in path_edges):
        edge = (source, target, key)
        attrs = graph_view.edges[edge]
        verdict, dashes, width, marker = styles[edge]
        on_path = edge in path_edges
        dimmed = is_highlighting and not on_path
        show_label = edge in spots
        font_size = _PATH_FONT_SIZE if on_path else _EDGE_FONT_SIZE
        # A label shown only on hover goes just above a marker rather than over it.
        vadjust = spots.get(edge, -(font_size + 4.0) if marker else 0.0)
        edges.append(
            {
                "id": edge_id(source, target, key),
                "from": source,
                "to": target,
                "arrows": {
                    "to": {"enabled": True, "scaleFactor": _ARROW_SCALE},
                    # Always the whole object, so an update never keeps an old marker.
                    "middle": {"enabled": True, **marker} if marker else {"enabled": False},
                },
                "label": texts[edge],
                "relation": str(attrs.get("relation", key)),
                "strength": str(attrs.get("strength", "")),
                "verdict": verdict.name,
                "dashes": dashes,
                "width": width,
                "color": {
                    # A traced path keeps its verdict's colour (and marker): it stands out
                    # by its width and by the rest dimming, so a weak link still reads
                    # as weak. Only other edges turn dark when selected or hovered.
                    "color": _DIM_EDGE if dimmed else verdict.colour,
                    "highlight": verdict.colour if on_path else _PATH,
                    "hover": verdict.colour if on_path else _PATH,
                    "opacity": 0.45 if dimmed else 1.0,
                    "inherit": False,
                },
                "font": {
                    "color": _EDGE_LABEL if show_label else _HIDDEN_TEXT,
                    "strokeWidth": 4 if show_label else 0,
                    "size": font_size,
                    "vadjust": vadjust,
                },
                "smooth": _smooth(bends[edge]),
                "title": _edge_title(graph_view, source, target, attrs),
            }
        )

    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(),
        "legend": list(legend_items()),
        "strengths": list(strength_items()),
        "verdicts": list(verdict_items()),
        "selected": selection,
        "highlighted": is_highlighting,
        "edge_labels": edge_labels,
        "camera": {**_CAMERA, "bounds": list(drawing_bounds(graph_view, positions))},
    }


# --- the page ------------------------------------------------------------------------

_VIS_DIR = "templates/lib/vis-9.1.2"


@cache
def vis_assets() -> tuple[str, str]:
    """Return ``(javascript, css)`` of vis-network 9.1.2 as bundled with pyvis.

    The source-map comment is dropped (it would point at a file that is not there).
    Both are checked to be safe to inline: neither can close its ``<script>`` or
    ``<style>`` element.

    Raises
    ------
    RuntimeError
        If the bundled files could not be inlined safely.
    """
    folder = resources.files("pyvis").joinpath(_VIS_DIR)
    javascript = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    javascript = re.sub(r"^//# sourceMappingURL=.*$", "", javascript, flags=re.MULTILINE)
    if re.search(r"</script|<!--", javascript, re.IGNORECASE) or re.search(
        r"</style|<!--", css, re.IGNORECASE
    ):
        raise RuntimeError("pyvis' vis-network files cannot be inlined safely")
    return javascript.rstrip() + "\n", css


CANVAS_SCRIPT = r"""
/* Cramp Atlas canvas: draws a payload of graph.render.canvas_payload with vis-network.
   Data only ever reaches the DOM through textContent, attributes and the canvas. */
function createAtlasCanvas(vis, host, payload, hooks) {
  "use strict";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const LABEL_COLOUR = "#1f1f1f";
  let current = payload;
  let nodeIndex = new Map();
  let edgeIndex = new Map();
  let lastScale = 1;
  let userMoved = false;
  const FOCUS_MARGIN_PX = 90;

  function tooltip(text) {
    const box = document.createElement("div");
    box.className = "atlas-tooltip";
    box.textContent = String(text);
    return box;
  }
  function revealLabel(values, id, selected, hovering) {
    if (selected || hovering) {
      values.color = LABEL_COLOUR;
      values.strokeWidth = 4;
      values.strokeColor = "#ffffff";
    }
  }
  function prepareNodes(items) {
    return items.map((item) => Object.assign({}, item, { title: tooltip(item.title) }));
  }
  function prepareEdges(items) {
    return items.map((item) =>
      Object.assign({}, item, {
        title: tooltip(item.title),
        chosen: { edge: true, label: revealLabel },
      })
    );
  }
  function reindex(next) {
    nodeIndex = new Map(next.nodes.map((item) => [item.id, item]));
    edgeIndex = new Map(next.edges.map((item) => [item.id, item]));
  }
  function dropMissing(dataset, index) {
    dataset.remove(dataset.getIds().filter((id) => !index.has(id)));
  }
  function markCounts() {
    host.setAttribute("data-node-count", String(nodes.length));
    host.setAttribute("data-edge-count", String(edges.length));
  }

  function shapeIcon(shape, colour) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "-10 -10 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    const polygon = (corners, radii) => {
      const points = [];
      for (let k = 0; k < corners; k += 1) {
        const angle = -Math.PI / 2 + (k * 2 * Math.PI) / corners;
        const radius = radii[k % radii.length];
        const x = (radius * Math.cos(angle)).toFixed(2);
        points.push(x + "," + (radius * Math.sin(angle)).toFixed(2));
      }
      const element = document.createElementNS(SVG_NS, "polygon");
      element.setAttribute("points", points.join(" "));
      return element;
    };
    let element;
    if (shape === "star") element = polygon(10, [9, 3.8]);
    else if (shape === "triangle") element = polygon(3, [9.5]);
    else if (shape === "diamond") element = polygon(4, [9]);
    else if (shape === "hexagon") element = polygon(6, [9]);
    else if (shape === "square") {
      element = document.createElementNS(SVG_NS, "rect");
      for (const [name, value] of [["x", -7], ["y", -7], ["width", 14], ["height", 14]]) {
        element.setAttribute(name, String(value));
      }
    } else if (shape === "ellipse") {
      element = document.createElementNS(SVG_NS, "ellipse");
      element.setAttribute("rx", "9.5");
      element.setAttribute("ry", "6");
    } else {
      element = document.createElementNS(SVG_NS, "circle");
      element.setAttribute("r", "8");
    }
    element.setAttribute("fill", colour);
    element.setAttribute("stroke", "#3a3a3a");
    element.setAttribute("stroke-width", "1");
    svg.appendChild(element);
    return svg;
  }
  function lineIcon(dashes, width) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 34 10");
    svg.setAttribute("width", "34");
    svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", "1");
    line.setAttribute("y1", "5");
    line.setAttribute("x2", "33");
    line.setAttribute("y2", "5");
    line.setAttribute("stroke", "#555555");
    line.setAttribute("stroke-width", String(width));
    if (Array.isArray(dashes)) line.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(line);
    return svg;
  }
  // The arrow shapes of vis-network 9.1.2 that mark the middle of an edge with its
  // verdict, as vis draws them: in arrow lengths, x running back from the tip along
  // the edge and y across it. The legend draws them from this table, so the sample
  // shows the shape the canvas shows.
  const MARKER_POLYGONS = {
    box: [[0, -0.3], [0, 0.3], [-0.6, 0.3], [-0.6, -0.3]],
    diamond: [[0, 0], [-0.5, -0.3], [-1, 0], [-0.5, 0.3]],
    bar: [[0, -0.5], [0, 0.5], [-0.15, 0.5], [-0.15, -0.5]],
    inv_triangle: [[0, -0.3], [0, 0.3], [-1, 0]],
    crow: [[-1, 0], [0, 0.3], [-0.4, 0], [0, -0.3]],
  };
  const MARKER_REACH = { circle: 0.8, curve: 0.4 };
  const LEGEND_ZOOM = 0.65;  // about the opening zoom of the seed graph
  function markerIcon(marker, colour) {
    const width = 2;
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 34 18");
    svg.setAttribute("width", "34");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(SVG_NS, "line");
    for (const [name, value] of [["x1", 1], ["y1", 9], ["x2", 33], ["y2", 9]]) {
      line.setAttribute(name, String(value));
    }
    line.setAttribute("stroke", colour);
    line.setAttribute("stroke-width", String(width));
    svg.appendChild(line);
    if (!marker) return svg;
    // vis: the marker is 15 x scaleFactor + 3 x line width long; centre it on the line.
    const length = (15 * Number(marker.scaleFactor) + 3 * width) * LEGEND_ZOOM;
    const polygon = MARKER_POLYGONS[marker.type];
    const reach = polygon
      ? -Math.min(...polygon.map((corner) => corner[0]))
      : MARKER_REACH[marker.type] || 0.8;
    const tip = 17 + (reach * length) / 2;
    let shape;
    if (polygon) {
      shape = document.createElementNS(SVG_NS, "polygon");
      const points = polygon.map(
        ([x, y]) => (tip + x * length).toFixed(2) + "," + (9 + y * length).toFixed(2)
      );
      shape.setAttribute("points", points.join(" "));
      shape.setAttribute("fill", colour);
    } else if (marker.type === "curve") {
      // An open half circle, bulging towards the tip, drawn with the line's width.
      const radius = 0.4 * length;
      const x = (tip - radius).toFixed(2);
      shape = document.createElementNS(SVG_NS, "path");
      shape.setAttribute(
        "d",
        "M " + x + " " + (9 - radius).toFixed(2) + " A " + radius.toFixed(2) + " " +
          radius.toFixed(2) + " 0 0 1 " + x + " " + (9 + radius).toFixed(2)
      );
      shape.setAttribute("fill", "none");
      shape.setAttribute("stroke", colour);
      shape.setAttribute("stroke-width", String(width));
    } else {
      shape = document.createElementNS(SVG_NS, "circle");
      shape.setAttribute("cx", (tip - 0.4 * length).toFixed(2));
      shape.setAttribute("cy", "9");
      shape.setAttribute("r", (0.4 * length).toFixed(2));
      shape.setAttribute("fill", colour);
    }
    shape.setAttribute("data-marker", String(marker.type));
    svg.appendChild(shape);
    return svg;
  }
  function legendEntry(icon, text, description) {
    const entry = document.createElement("span");
    entry.className = "atlas-legend-item";
    entry.setAttribute("role", "listitem");
    entry.title = description;
    const words = document.createElement("span");
    words.textContent = text;
    entry.append(icon, words);
    return entry;
  }
  function drawLegend(target, next) {
    if (!target) return;
    target.replaceChildren();
    target.setAttribute("role", "list");
    for (const item of next.legend || []) {
      const icon = shapeIcon(item.shape, item.colour);
      target.appendChild(legendEntry(icon, item.label, item.description));
    }
    // Each channel on a row of its own: node types, then the line, then its colour and
    // middle marker.
    const heading = (text) => {
      const rowBreak = document.createElement("span");
      rowBreak.className = "atlas-legend-break";
      rowBreak.setAttribute("aria-hidden", "true");
      const element = document.createElement("span");
      element.className = "atlas-legend-heading";
      element.textContent = text;
      target.append(rowBreak, element);
    };
    // Not "Source says": an inferred line is the tool's reading, not the source's word.
    heading("How it is said:");
    for (const item of next.strengths || []) {
      const icon = lineIcon(item.dashes, item.width);
      target.appendChild(legendEntry(icon, item.label, item.description));
    }
    heading("Reviews say:");
    for (const item of next.verdicts || []) {
      const icon = markerIcon(item.marker, item.colour);
      const entry = legendEntry(icon, item.icon + " " + item.label, item.description);
      entry.setAttribute("data-verdict", String(item.verdict));
      target.appendChild(entry);
    }
  }

  function fitScale(bounds, padding) {
    const [left, top, right, bottom] = bounds;
    const width = Math.max(1, host.clientWidth - 2 * padding);
    const height = Math.max(1, host.clientHeight - 2 * padding);
    return Math.min(width / Math.max(1, right - left), height / Math.max(1, bottom - top));
  }
  function readableScale() {
    // The zoom floor for legibility: labels at least min_font_px on screen, a little
    // less on a canvas as narrow as a phone's, where the whole view must still fit.
    const camera = current.camera;
    const narrow = camera.narrow && host.clientWidth <= camera.narrow.width;
    const fontPx = narrow ? camera.narrow.min_font_px : camera.min_font_px;
    return fontPx / camera.font_size;
  }
  function cameraFor(bounds, padding, focusId) {
    // vis-network's own fit keeps a 10% margin and measures labels short; this fits the
    // box with a thin margin, and never zooms out past the floor: a view too big for it
    // is cropped around its centre, moved as little as keeps the focus node in sight.
    const [left, top, right, bottom] = bounds;
    const fit = fitScale(bounds, padding);
    const scale = Math.min(Math.max(fit, readableScale()), current.camera.max_scale);
    const position = { x: (left + right) / 2, y: (top + bottom) / 2 };
    const focus = focusId ? nodeIndex.get(focusId) : undefined;
    if (focus !== undefined && scale > fit) {
      const reachX = Math.max(0, (0.5 * host.clientWidth - FOCUS_MARGIN_PX) / scale);
      const reachY = Math.max(0, (0.5 * host.clientHeight - FOCUS_MARGIN_PX) / scale);
      position.x = Math.min(Math.max(position.x, focus.x - reachX), focus.x + reachX);
      position.y = Math.min(Math.max(position.y, focus.y - reachY), focus.y + reachY);
    }
    return { position: position, scale: scale };
  }
  function focusOf(next) {
    return next.selected && next.selected.kind === "node" ? next.selected.id : null;
  }
  function frame() {
    const camera = current.camera;
    const view = cameraFor(camera.bounds, camera.padding, focusOf(current));
    network.moveTo({ position: view.position, scale: view.scale, animation: false });
    lastScale = view.scale;
    userMoved = false;
  }
  function zoomFloor() {
    // Zooming out stops a little past the whole view: beyond, the drawing only shrinks.
    const camera = current.camera;
    return 0.9 * Math.min(fitScale(camera.bounds, camera.padding), camera.max_scale);
  }
  function keepAboveFloor() {
    // A filter may raise the floor above the camera: zooming out then stays put rather
    // than jumping in.
    userMoved = true;
    const scale = network.getScale();
    if (scale < zoomFloor() && scale < lastScale) {
      lastScale = Math.min(zoomFloor(), lastScale);
      network.moveTo({ scale: lastScale, animation: false });
    } else {
      lastScale = scale;
    }
  }
  function viewKey(next) {
    // What is shown, not what is selected: a click keeps the camera, a new view frames.
    return JSON.stringify([next.camera.bounds, next.nodes.map((item) => item.id)]);
  }

  function applySelection(next) {
    const chosen = next.selected;
    if (chosen && chosen.kind === "node" && nodeIndex.has(chosen.id)) {
      network.selectNodes([chosen.id], false);
    } else if (chosen && chosen.kind === "edge" && edgeIndex.has(chosen.id)) {
      network.selectEdges([chosen.id]);
    } else {
      network.unselectAll();
    }
  }
  function itemText(kind, item) {
    if (kind === "node") return item.label;
    const end = (id) => (nodeIndex.has(id) ? nodeIndex.get(id).label : id);
    return end(item.from) + " " + item.label + " " + end(item.to);
  }
  function report(kind, id) {
    const item = kind === "node" ? nodeIndex.get(id) : edgeIndex.get(id);
    if (item === undefined) return false;
    host.setAttribute("data-selected", kind + ":" + id);
    live.textContent = "Selected: " + itemText(kind, item);
    if (kind === "node") cursor = id;  // the arrow keys go on from a clicked node
    if (hooks && hooks.onSelect) hooks.onSelect({ kind: kind, id: id }, item);
    return true;
  }

  // Keyboard: the canvas takes focus, arrow keys move a cursor to the nearest node that
  // way, Enter (or Space) selects it as a click does, and a live region says which.
  const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
  const live = document.createElement("div");
  live.className = "atlas-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("data-testid", "atlas-live");
  // Only where the page does not want the keys for itself (a lesson steps with them).
  const keyboard = Boolean(hooks && hooks.keyboard);
  if (keyboard && host.parentNode) host.after(live);
  if (keyboard) {
    host.tabIndex = 0;
    host.setAttribute("role", "application");
    host.setAttribute("aria-roledescription", "graph");
  }
  let cursor = null;

  function describeHost() {
    if (!keyboard) return;
    host.setAttribute(
      "aria-label",
      "Graph of " + nodeIndex.size + " nodes and " + edgeIndex.size + " links. " +
        "Arrow keys move between nodes, Enter selects one."
    );
  }
  function nodeAhead(from, direction) {
    const [dx, dy] = direction;
    let best = null;
    let bestCost = Infinity;
    for (const item of nodeIndex.values()) {
      const ahead = (item.x - from.x) * dx + (item.y - from.y) * dy;
      const aside = Math.abs((item.x - from.x) * dy - (item.y - from.y) * dx);
      if (item.id === from.id || ahead <= 0 || aside > 2 * ahead) continue;
      const cost = ahead + 2 * aside;
      if (cost < bestCost) {
        best = item;
        bestCost = cost;
      }
    }
    return best;
  }
  function nodeInMiddle() {
    const middle = network.getViewPosition();
    let best = null;
    let bestDistance = Infinity;
    for (const item of nodeIndex.values()) {
      const distance = Math.hypot(item.x - middle.x, item.y - middle.y);
      if (distance < bestDistance) {
        best = item;
        bestDistance = distance;
      }
    }
    return best;
  }
  function moveCursor(direction) {
    const selectedNode = network.getSelectedNodes().find((id) => nodeIndex.has(id));
    const from = nodeIndex.get(cursor) || nodeIndex.get(selectedNode);
    const target = from ? nodeAhead(from, direction) : nodeInMiddle();
    if (!target) {
      live.textContent = from ? "No node further that way." : "Nothing is drawn.";
      return;
    }
    cursor = target.id;
    network.selectNodes([target.id]);
    const spot = network.canvasToDOM({ x: target.x, y: target.y });
    if (spot.x < 0 || spot.y < 0 || spot.x > host.clientWidth || spot.y > host.clientHeight) {
      network.moveTo({ position: { x: target.x, y: target.y }, animation: false });
    }
    live.textContent = target.label + ". Enter selects it.";
  }
  host.addEventListener("keydown", (event) => {
    if (!keyboard || event.altKey || event.ctrlKey || event.metaKey) return;
    if (ARROWS[event.key]) {
      event.preventDefault();
      moveCursor(ARROWS[event.key]);
    } else if ((event.key === "Enter" || event.key === " ") && nodeIndex.has(cursor)) {
      event.preventDefault();
      report("node", cursor);
    }
  });

  reindex(payload);
  const nodes = new vis.DataSet(prepareNodes(payload.nodes));
  const edges = new vis.DataSet(prepareEdges(payload.edges));
  const network = new vis.Network(host, { nodes: nodes, edges: edges }, payload.options);
  frame();
  applySelection(payload);
  drawLegend(hooks && hooks.legend, payload);
  markCounts();
  describeHost();
  network.once("afterDrawing", () => host.setAttribute("data-ready", "true"));
  network.on("zoom", keepAboveFloor);
  network.on("dragStart", () => {
    userMoved = true;
  });
  network.on("click", (params) => {
    if (params.nodes.length > 0) report("node", params.nodes[0]);
    else if (params.edges.length > 0) report("edge", params.edges[0]);
  });
  // The canvas may get its final size only after the first frame (a column settling, a
  // phone turned): frame again, unless the reader has moved the camera since.
  let size = [host.clientWidth, host.clientHeight];
  const resizes = typeof ResizeObserver === "function" ? new ResizeObserver(() => {
    const now = [host.clientWidth, host.clientHeight];
    if (now[0] === size[0] && now[1] === size[1]) return;
    size = now;
    network.setSize("100%", "100%");
    if (!userMoved) frame();
    network.redraw();
  }) : null;
  if (resizes) resizes.observe(host);

  return {
    network: network,
    get payload() {
      return current;
    },
    frame: frame,
    zoomFloor: zoomFloor,
    cameraFor(bounds, padding) {
      return cameraFor(bounds, padding, null);
    },
    selectNode(id) {
      if (!nodeIndex.has(id)) return false;
      network.selectNodes([id]);
      return report("node", id);
    },
    selectEdge(id) {
      if (!edgeIndex.has(id)) return false;
      network.selectEdges([id]);
      return report("edge", id);
    },
    update(next, options) {
      const sameOptions = JSON.stringify(next.options) === JSON.stringify(current.options);
      const newView = viewKey(next) !== viewKey(current);
      current = next;
      reindex(next);
      // Edges go before their nodes do and come after them; nodes never move.
      dropMissing(edges, edgeIndex);
      dropMissing(nodes, nodeIndex);
      nodes.update(prepareNodes(next.nodes));
      edges.update(prepareEdges(next.edges));
      if (!sameOptions) network.setOptions(next.options);
      if (!nodeIndex.has(cursor)) cursor = null;
      // A new view is framed; a new selection in the same view keeps the camera.
      if (newView && !(options && options.keepCamera)) frame();
      applySelection(next);
      drawLegend(hooks && hooks.legend, next);
      markCounts();
      describeHost();
    },
    setHooks(next) {
      hooks = next;
    },
    destroy() {
      if (resizes) resizes.disconnect();
      live.remove();
      network.destroy();
    },
  };
}
"""
"""The drawing script shared by the standalone page and the Streamlit canvas.

It defines ``createAtlasCanvas(vis, host, payload, hooks)``, which draws ``payload``
into ``host``, framed by ``payload.camera``, and returns a controller (``network``,
``frame()`` to go back to the opening view, ``zoomFloor()``, ``cameraFor(bounds,
padding)`` (position and scale that frame a box, with the zoom floor), ``selectNode(id)``,
``selectEdge(id)``, ``update(payload, {keepCamera})``, ``setHooks(hooks)``,
``destroy()``). An update that shows other nodes (or other bounds) frames them, with the
same zoom floor as the first view; one that only changes the selection keeps the camera;
zooming out stops a little past the whole view. With ``hooks.keyboard`` the canvas is
focusable: arrow keys move between nodes, Enter selects, and a live region after ``host``
says what was selected. ``hooks``
may hold ``legend`` (an element to draw the legend into) and ``onSelect(selection,
item)``, called with ``{kind: "node" | "edge", id}`` on a click. It marks ``host`` with
``data-node-count``, ``data-edge-count``, ``data-selected`` and, once drawn,
``data-ready="true"``.
"""

CANVAS_CSS = """
.atlas-tooltip {
  max-width: 380px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font: 13px/1.35 Arial, 'Liberation Sans', Helvetica, sans-serif;
  color: #1f1f1f;
}
div.vis-tooltip {
  background: #fffdf2;
  border: 1px solid #8c8c8c;
  border-radius: 4px;
  box-shadow: 0 2px 6px rgba(0, 0, 0, 0.2);
  padding: 6px 8px;
}
.atlas-legend {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 4px 14px;
  font: 13px/1.4 Arial, 'Liberation Sans', Helvetica, sans-serif;
  color: #1f1f1f;
}
.atlas-legend-item {
  display: inline-flex;
  align-items: center;
  gap: 5px;
}
.atlas-legend-heading {
  font-weight: bold;
}
.atlas-legend-break {
  flex-basis: 100%;
  height: 0;
}
.atlas-canvas {
  background: #ffffff;
}
.atlas-canvas:focus-visible {
  outline: 3px solid #0072B2;
  outline-offset: 2px;
}
.atlas-live {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
@media (hover: none), (max-width: 640px) {
  /* A tap is a click on a touch screen: the details show the text, no box covers the
     graph. */
  div.vis-tooltip {
    display: none !important;
  }
}
"""
"""Styles of the tooltip, legend and canvas, shared by both faces."""

_PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
"""
"""The start of every self-contained page (``{% include "page-head.html" %}``): its policy
lets in only inline script and styles, so the page can reach nothing outside itself."""

_PAGE = """{% include "page-head.html" %}<style>{{ canvas_css }}
body { margin: 0; padding: 12px 16px; background: #fafafa; color: #1f1f1f;
  font: 14px/1.45 Arial, 'Liberation Sans', Helvetica, sans-serif; }
h1 { font-size: 20px; margin: 0 0 8px; }
.atlas-canvas { border: 1px solid #d0d0d0; border-radius: 6px; }
.atlas-legend { margin: 0 0 8px; }
.atlas-details { white-space: pre-wrap; margin: 10px 0 0; min-height: 1.4em; }
.atlas-note { color: #595959; font-size: 12px; margin: 10px 0 0; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<div id="atlas-legend" class="atlas-legend" aria-label="Legend"></div>
<div id="atlas-canvas" class="atlas-canvas" data-testid="atlas-canvas" \
style="height: {{ height }}"></div>
<p id="atlas-details" class="atlas-details" aria-live="polite">\
Click a node or an arrow to read what the source says.</p>
<p class="atlas-note">An educational tool, not medical advice.</p>
<script id="atlas-payload" type="application/json">{{ payload | script_json }}</script>
<script>{{ vis_js }}</script>
<script>{{ canvas_js }}
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("atlas-payload").textContent);
  var details = document.getElementById("atlas-details");
  window.atlasCanvas = createAtlasCanvas(window.vis, document.getElementById("atlas-canvas"),
    payload, {
      legend: document.getElementById("atlas-legend"),
      keyboard: true,
      onSelect: function (selection, item) { details.textContent = item.title; }
    });
})();
</script>
</body>
</html>
"""


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"page-head.html": _PAGE_HEAD}),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["script_json"] = script_json
    return environment


def page_html(template: str, /, **context: Any) -> str:
    """Render a self-contained page: ``template`` with vis-network and the canvas inlined.

    The template sees ``vis_js``, ``vis_css``, ``canvas_js`` and ``canvas_css`` (trusted
    code and styles, inserted as they are) besides ``context``, which is escaped as usual;
    the filter ``script_json`` puts data in a ``<script type="application/json">``, and
    ``{% include "page-head.html" %}`` writes the document's start (charset, a policy that
    forbids the network, ``<title>{{ title }}</title>`` and vis-network's styles).

    Parameters
    ----------
    template
        Jinja source of the page.
    **context
        The template's other variables.

    Returns
    -------
    str
        The document; the same arguments always give the same string.

    Examples
    --------
    >>> page = page_html('{% include "page-head.html" %}<p>{{ note }}</p>', title="A & B",
    ...                  note="<b>")
    >>> "<title>A &amp; B</title>" in page, page.endswith("<p>&lt;b&gt;</p>")
    (True, True)
    """
    vis_js, vis_css = vis_assets()
    return (
        _environment()
        .from_string(template)
        .render(
            context,
            # Trusted code and styles, not data: checked by ``vis_assets`` / written here.
            vis_js=Markup(vis_js),
            vis_css=Markup(vis_css),
            canvas_js=Markup(CANVAS_SCRIPT),
            canvas_css=Markup(CANVAS_CSS),
        )
    )


def render_html(
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    *,
    highlight: Sequence[tuple[str, str, str]] | None = None,
    selected: str | None = None,
    title: str = "Cramp Atlas",
    height: str = "700px",
) -> str:
    """Render ``graph_view`` as one self-contained, offline HTML document.

    vis-network's script and styles are inlined from pyvis' bundled copy; the page loads
    nothing from the network (a Content-Security-Policy forbids it too), draws the same
    payload as the app with a legend, and shows the text of a clicked node or edge.
    The same arguments always give the same string.

    Parameters
    ----------
    graph_view, positions, highlight, selected
        As for ``canvas_payload``.
    title
        Page title and heading (escaped).
    height
        CSS height of the canvas, such as ``"700px"`` or ``"80vh"``.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    ValueError
        If ``height`` is not a plain CSS length, or a node of the view has no position.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.layout import compute_layout
    >>> graph = build_graph(load_knowledge_base())
    >>> page = render_html(graph, compute_layout(graph), title="Cramps & <friends>")
    >>> page.startswith("<!DOCTYPE html>"), "<title>Cramps &amp; &lt;friends&gt;</title>" in page
    (True, True)
    """
    if not _HEIGHT_PATTERN.fullmatch(height):
        raise ValueError(f"height: not a CSS length such as '700px' or '80vh' ({height!r})")
    payload = canvas_payload(graph_view, positions, highlight=highlight, selected=selected)
    return page_html(_PAGE, title=title, height=height, payload=payload)
