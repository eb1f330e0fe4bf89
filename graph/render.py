"""Turn a graph view and its positions into vis-network data and a self-contained HTML page.

Two outputs share one set of styles and one drawing script:

* ``canvas_payload`` gives JSON-safe data (nodes, edges, options, legend) that the
  Streamlit canvas (``ui.canvas``) and the standalone page both draw with
  ``graph/static/canvas.js``; its nodes, edges and options are built with pyvis'
  ``Network``, at the positions of ``layout`` and the bends and label spots of
  ``geometry``: this module only turns them into output;
* ``render_html`` gives one offline HTML document, rendered through pyvis with our own
  template (``graph/templates/page.html``): vis-network's JavaScript and CSS (from the
  copy bundled with pyvis) inlined, no CDN, no web font, no external URL.

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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from types import MappingProxyType, SimpleNamespace
from typing import Any

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from . import schema
from .assets import render_template, static_text
from .geometry import EdgeGeometry, EdgeKey, edge_geometry
from .layout import FONT_SIZE, LABEL_MAX_WIDTH, NODE_SIZE, drawing_bounds, is_label_inside
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, Verdict

__all__ = [
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

_EDGE_FONT_SIZE = 16
_PATH_FONT_SIZE = 18
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
    return schema.edge_id(source, key, target)


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


# --- pyvis ---------------------------------------------------------------------------


class _NodeIds(list):
    """pyvis' list of node ids, answering ``in`` from a set beside it."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[str] = set()

    def append(self, node_id: str) -> None:
        super().append(node_id)
        self._members.add(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._members


def _network(*, heading: str = "", height: str = "700px") -> Network:
    """An empty pyvis network for our pages: directed, with our options and no physics.

    pyvis 0.3.2 (unmaintained) falls short in three ways, worked around here and nowhere
    else: ``add_node`` and ``add_edge`` look every id up in a list (O(nodes x edges) for a
    whole graph), so the list answers ``in`` from a set (``_NodeIds``); its ``Options``
    object knows few of vis-network's options, so ``options`` is the plain dict that
    ``get_network_data`` also accepts; and its own template loads Bootstrap from a CDN
    with autoescaping off, so pages render through ours (``page_html``).
    """
    network = Network(height=height, heading=heading, directed=True, cdn_resources="in_line")
    network.node_ids = _NodeIds()
    network.options = _options()
    return network


@dataclass(frozen=True, slots=True)
class _View:
    """What a payload shows: the edges in id order, the traced path and the selection."""

    edges: list[EdgeKey]
    path_edges: frozenset[EdgeKey]
    path_nodes: frozenset[str]
    selection: dict[str, str] | None

    @property
    def is_highlighting(self) -> bool:
        return bool(self.path_edges)


def _view(
    graph_view: nx.MultiDiGraph,
    highlight: Sequence[EdgeKey] | None,
    selected: str | None,
) -> _View:
    path_edges = frozenset(
        (source, target, key)
        for source, target, key in (highlight or ())
        if graph_view.has_edge(source, target, key)
    )
    edges = sorted(graph_view.edges(keys=True), key=lambda edge: edge_id(*edge))
    selection = None
    if selected is not None and selected in graph_view:
        selection = {"kind": "node", "id": selected}
    elif selected is not None and any(edge_id(*edge) == selected for edge in edges):
        selection = {"kind": "edge", "id": selected}
    path_nodes = frozenset(node_id for edge in path_edges for node_id in edge[:2])
    return _View(edges, path_edges, path_nodes, selection)


def _add_nodes(
    network: Network,
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    view: _View,
) -> None:
    """Add the nodes, in id order with the path's last: vis draws the path on top."""
    for node_id in sorted(
        graph_view.nodes, key=lambda node_id: (node_id in view.path_nodes, node_id)
    ):
        attrs = graph_view.nodes[node_id]
        kind = NODE_TYPES.get(attrs.get("type", ""))
        colour = kind.colour if kind else "#999999"
        dimmed = view.is_highlighting and node_id not in view.path_nodes
        emphasised = node_id in view.path_nodes or view.selection == {"kind": "node", "id": node_id}
        x, y = positions[node_id]
        shape = kind.shape if kind else "dot"
        network.add_node(
            node_id,
            label=str(attrs.get("label", node_id)),
            shape=shape,
            color={
                "background": colour,
                "border": _PATH if emphasised else _BORDER,
                "highlight": {"background": colour, "border": _PATH},
                "hover": {"background": colour, "border": _PATH},
            },
            x=x,
            y=y,
            fixed=True,
            type=str(attrs.get("type", "")),
            borderWidth=3.0 if emphasised else 1.2,
            opacity=_DIM_NODE_OPACITY if dimmed else 1.0,
            font={
                "color": _DIM_TEXT if dimmed else _TEXT,
                # A shape that holds its label is its background already.
                "background": _TRANSPARENT if is_label_inside(shape) else _LABEL_BACKGROUND,
            },
            title=_node_title(attrs),
        )


@dataclass(frozen=True, slots=True)
class _EdgeStyle:
    verdict: Verdict
    dashes: bool | list[int]
    width: float
    marker: dict[str, Any] | None


def _edge_styles(graph_view: nx.MultiDiGraph, view: _View) -> dict[EdgeKey, _EdgeStyle]:
    """Line style by strength, colour and marker by verdict; a traced path is wider."""
    styles = {}
    for edge in view.edges:
        attrs = graph_view.edges[edge]
        dashes, width = _STRENGTH_STYLE.get(str(attrs.get("strength", "")), (False, 1.0))
        width = width + 2.5 if edge in view.path_edges else width
        verdict = _verdict_of(attrs)
        styles[edge] = _EdgeStyle(verdict, dashes, width, _middle_marker(verdict))
    return styles


def _add_edges(
    network: Network,
    graph_view: nx.MultiDiGraph,
    view: _View,
    styles: Mapping[EdgeKey, _EdgeStyle],
    geometry: EdgeGeometry,
) -> None:
    """Add the edges, in id order with the path's last, at the bends ``geometry`` chose."""
    for edge in sorted(view.edges, key=lambda edge: edge in view.path_edges):
        source, target, key = edge
        attrs, style = graph_view.edges[edge], styles[edge]
        on_path = edge in view.path_edges
        dimmed = view.is_highlighting and not on_path
        shown = edge in geometry.label_offsets
        font_size = _PATH_FONT_SIZE if on_path else _EDGE_FONT_SIZE
        # A label shown only on hover goes just above a marker rather than over it.
        vadjust = geometry.label_offsets.get(edge, -(font_size + 4.0) if style.marker else 0.0)
        colour = style.verdict.colour
        network.add_edge(
            source,
            target,
            id=edge_id(source, target, key),
            arrows={
                "to": {"enabled": True, "scaleFactor": _ARROW_SCALE},
                # Always the whole object, so an update never keeps an old marker.
                "middle": {"enabled": True, **style.marker} if style.marker else {"enabled": False},
            },
            label=_relation_label(key),
            relation=str(attrs.get("relation", key)),
            strength=str(attrs.get("strength", "")),
            verdict=style.verdict.name,
            dashes=style.dashes,
            width=style.width,
            # A traced path keeps its verdict's colour (and marker): it stands out by its
            # width and by the rest dimming, so a weak link still reads as weak. Only
            # other edges turn dark when selected or hovered.
            color={
                "color": _DIM_EDGE if dimmed else colour,
                "highlight": colour if on_path else _PATH,
                "hover": colour if on_path else _PATH,
                "opacity": 0.45 if dimmed else 1.0,
                "inherit": False,
            },
            font={
                "color": _EDGE_LABEL if shown else _HIDDEN_TEXT,
                "strokeWidth": 4 if shown else 0,
                "size": font_size,
                "vadjust": vadjust,
            },
            smooth=_smooth(geometry.bends[edge]),
            title=_edge_title(graph_view, source, target, attrs),
        )


def _relation_label(relation: str) -> str:
    return RELATIONS[relation].label if relation in RELATIONS else str(relation)


def _smooth(bend: float) -> dict[str, Any] | bool:
    if not bend:
        return False
    return {
        "enabled": True,
        "type": "curvedCW" if bend > 0 else "curvedCCW",
        "roundness": abs(bend),
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


def _drawing(
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    *,
    highlight: Sequence[EdgeKey] | None,
    selected: str | None,
    network: Network,
) -> dict[str, Any]:
    """Fill ``network`` with the view and return the payload around its data."""
    _check_positions(graph_view, positions)
    view = _view(graph_view, highlight, selected)
    edge_labels = "always" if len(view.edges) <= EDGE_LABEL_LIMIT else "hover"
    styles = _edge_styles(graph_view, view)
    geometry = edge_geometry(
        graph_view,
        positions,
        view.edges,
        labels={edge: _relation_label(edge[2]) for edge in view.edges},
        label_size=_PATH_FONT_SIZE if view.is_highlighting else _EDGE_FONT_SIZE,
        marker_lengths={
            edge: 15 * style.marker["scaleFactor"] + 3 * style.width
            for edge, style in styles.items()
            if style.marker is not None
        },
        path=view.path_edges,
        show_labels=edge_labels == "always",
    )
    _add_nodes(network, graph_view, positions, view)
    _add_edges(network, graph_view, view, styles, geometry)
    nodes, edges, _, _, _, _ = network.get_network_data()
    return {
        "nodes": nodes,
        "edges": edges,
        "options": network.options,
        "legend": list(legend_items()),
        "strengths": list(strength_items()),
        "verdicts": list(verdict_items()),
        "selected": view.selection,
        "highlighted": view.is_highlighting,
        "edge_labels": edge_labels,
        "camera": {**_CAMERA, "bounds": list(drawing_bounds(graph_view, positions))},
    }


def canvas_payload(
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    *,
    highlight: Sequence[EdgeKey] | None = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """Describe ``graph_view`` for vis-network: nodes, edges, options and legends.

    The nodes, edges and options are built with ``pyvis.network.Network``; where the
    edges bend and where their labels sit comes from ``geometry.edge_geometry``.

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
    return _drawing(
        graph_view, positions, highlight=highlight, selected=selected, network=_network()
    )


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


def page_html(template: str, /, *, network: Network | None = None, **context: Any) -> str:
    """Render a self-contained page, ``graph/templates/TEMPLATE``, through pyvis.

    The template sees what pyvis gives its templates (``heading``, ``height``, ``nodes``,
    ...), ``vis_js``, ``vis_css`` (vis-network as bundled with pyvis), ``canvas_js`` and
    ``canvas_css`` (``graph/static/canvas.js`` and ``.css``: trusted code and styles,
    inserted as they are) besides ``context``, which is escaped as usual; data for a
    script goes in as ``script_json(...)``. ``{% include "page-head.html" %}`` writes the
    document's start (charset, a policy that forbids the network,
    ``<title>{{ title }}</title>`` and vis-network's styles).

    Parameters
    ----------
    template
        The name of a template in ``graph/templates/``.
    network
        The pyvis network the page draws; an empty one (``heading`` = ``context["title"]``)
        when the page carries its data otherwise.
    **context
        The template's other variables.

    Returns
    -------
    str
        The document; the same arguments always give the same string.
    """
    vis_js, vis_css = vis_assets()
    values = {
        **context,
        # Trusted code and styles, not data: checked by ``vis_assets`` / shipped files.
        "vis_js": Markup(vis_js),
        "vis_css": Markup(vis_css),
        "canvas_js": Markup(static_text("canvas.js")),
        "canvas_css": Markup(static_text("canvas.css")),
    }
    if network is None:
        network = _network(heading=str(context.get("title", "")))
    # pyvis renders ``network.template`` when asked for a notebook page, and a template
    # only from a folder otherwise: this hands it ours, bound to our values, as packaged.
    network.template = SimpleNamespace(render=partial(render_template, template, **values))
    return network.generate_html(notebook=True)


def render_html(
    graph_view: nx.MultiDiGraph,
    positions: Mapping[str, tuple[float, float]],
    *,
    highlight: Sequence[EdgeKey] | None = None,
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
    network = _network(heading=title, height=height)
    payload = _drawing(
        graph_view, positions, highlight=highlight, selected=selected, network=network
    )
    return page_html("page.html", network=network, title=title, payload=script_json(payload))
