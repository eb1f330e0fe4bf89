"""Turn a graph view and its positions into vis-network data and a self-contained HTML page.

Two outputs share one set of styles and one drawing script:

* ``canvas_payload`` gives JSON-safe data (nodes, edges, options, legend) that the
  Streamlit canvas (``ui.canvas``) and the standalone page both draw with
  ``graph/static/canvas.js``; its nodes, edges and options are built with pyvis'
  ``Network``, at the positions of ``layout``, the bends and label spots of
  ``geometry`` and the looks of ``style``: this module only turns them into output;
* ``render_html`` gives one offline HTML document, rendered through pyvis with our own
  template (``graph/templates/page.html``, ``page.page_html``): vis-network's JavaScript
  and CSS (from the copy bundled with pyvis) inlined, no CDN, no web font, no external URL.

Text from the knowledge base never reaches the page as markup. The payload travels as
JSON inside a ``<script type="application/json">`` element, with ``<``, ``>``, ``&``,
``'`` and U+2028/U+2029 written as ``\\uXXXX`` escapes (``assets.json_for_script``), and the
drawing script turns every tooltip into a DOM element filled through ``textContent``.
(vis-network 9.1.2 itself shows a string ``title`` with ``innerText``, so as text; the
script does not rely on that.) Labels are painted on a canvas, so they are text too.
Two things are said about every edge, each on its own channel and never by colour alone:
how firmly the source states the claim (``strength``) by the line's dash pattern and
width, and what reviews say of it (``verdict``) by the line's colour *and* a marker in
the middle of the edge whose shape differs per verdict (``style.verdict_items``). Node types
are shown by colour *and* shape. The legend draws the same shapes, lines and markers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pyvis.network import Network

from . import schema
from .assets import json_for_script
from .geometry import EdgeGeometry, edge_geometry
from .ids import EdgeKey
from .labels import drawing_bounds
from .narrate import verdict_source
from .page import page_html, pyvis_network
from .schema import NODE_TYPES, RELATIONS, STRENGTHS
from .style import (
    CAMERA,
    EDGE_FONT_SIZE,
    EDGE_LABEL_LIMIT,
    PATH_FONT_SIZE,
    EdgeStyle,
    edge_look,
    edge_style,
    legend_items,
    node_look,
    strength_items,
    verdict_items,
    verdict_of,
    vis_options,
)
from .terms import terms_lines

# The legends are part of every payload; handout and the tests read them from here too.
__all__ = [
    "EDGE_LABEL_LIMIT",
    "READING_MARK",
    "canvas_payload",
    "edge_label",
    "legend_items",
    "reading_mark",
    "render_html",
    "strength_items",
    "verdict_items",
]

_HEIGHT_PATTERN = re.compile(r"\d{1,5}(?:\.\d{1,3})?(?:px|vh|em|rem|%)")


def _node_title(graph_view: nx.MultiDiGraph, node_id: str) -> str:
    attrs = graph_view.nodes[node_id]
    kind = NODE_TYPES.get(attrs.get("type", ""))
    lines = [str(attrs.get("label", "")), kind.label if kind else str(attrs.get("type", ""))]
    if attrs.get("description"):
        lines.append(str(attrs["description"]))
    lines.extend(terms_lines(graph_view, node_id))
    return "\n".join(lines)


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
    verdict = verdict_of(attrs)
    evidence = attrs.get("evidence") or {}
    qualifier = f" ({evidence['qualifier']})" if evidence.get("qualifier") else ""
    by = f" ({verdict_source(evidence)})" if evidence.get("citations") else ""
    lines.append(f"What the evidence says{by}: {verdict.icon} {verdict.label}{qualifier}")
    lines.append(str(evidence.get("summary") or verdict.description))
    cited = [str(ref.get("short", ref.get("key", ""))) for ref in evidence.get("citations", ())]
    if cited:
        lines.append("Cited: " + "; ".join(cited))
    return "\n".join(lines)


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
    edges = sorted(graph_view.edges(keys=True), key=schema.graph_edge_id)
    selection = None
    if selected is not None and selected in graph_view:
        selection = {"kind": "node", "id": selected}
    elif selected is not None and any(schema.graph_edge_id(edge) == selected for edge in edges):
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
        x, y = positions[node_id]
        network.add_node(
            node_id,
            label=str(attrs.get("label", node_id)),
            x=x,
            y=y,
            fixed=True,
            type=str(attrs.get("type", "")),
            title=_node_title(graph_view, node_id),
            **node_look(
                attrs,
                dimmed=view.is_highlighting and node_id not in view.path_nodes,
                emphasised=node_id in view.path_nodes
                or view.selection == {"kind": "node", "id": node_id},
            ),
        )


def _add_edges(
    network: Network,
    graph_view: nx.MultiDiGraph,
    view: _View,
    styles: Mapping[EdgeKey, EdgeStyle],
    geometry: EdgeGeometry,
) -> None:
    """Add the edges, in id order with the path's last, at the bends ``geometry`` chose."""
    for edge in sorted(view.edges, key=lambda edge: edge in view.path_edges):
        source, target, key = edge
        attrs = graph_view.edges[edge]
        on_path = edge in view.path_edges
        network.add_edge(
            source,
            target,
            id=schema.graph_edge_id((source, target, key)),
            label=edge_label(graph_view, edge),
            relation=str(attrs.get("relation", key)),
            strength=str(attrs.get("strength", "")),
            smooth=_smooth(geometry.bends[edge]),
            title=_edge_title(graph_view, source, target, attrs),
            **edge_look(
                styles[edge],
                on_path=on_path,
                dimmed=view.is_highlighting and not on_path,
                label_offset=geometry.label_offsets.get(edge),
            ),
        )


READING_MARK = " (tool's reading)"
"""What follows a link's name wherever it is drawn when the link is the tool's reading of
its quotes (``strength`` ``inferred``), not a source's statement."""


def reading_mark(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """``READING_MARK`` for an edge the tool infers, else ``""``."""
    return READING_MARK if graph.edges[edge].get("strength") == "inferred" else ""


def edge_label(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The label every canvas (explorer, Compare, lesson) draws on ``edge``: its relation,
    marked "(tool's reading)" when the tool infers the link.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> edge_label(graph, ("almonds", "magnesium", "rich_in"))
    'rich in'
    >>> edge_label(graph, ("almonds", "vitamin-d", "rich_in"))
    "rich in (tool's reading)"
    """
    relation = edge[2]
    name = RELATIONS[relation].label if relation in RELATIONS else str(relation)
    return name + reading_mark(graph, edge)


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
    styles = {
        edge: edge_style(graph_view.edges[edge], on_path=edge in view.path_edges)
        for edge in view.edges
    }
    geometry = edge_geometry(
        graph_view,
        positions,
        view.edges,
        labels={edge: edge_label(graph_view, edge) for edge in view.edges},
        label_size=PATH_FONT_SIZE if view.is_highlighting else EDGE_FONT_SIZE,
        marker_lengths={
            edge: style.marker_length
            for edge, style in styles.items()
            if style.marker_length is not None
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
        "camera": {**CAMERA, "bounds": list(drawing_bounds(graph_view, positions))},
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
        A node id or an edge id (``schema.graph_edge_id``) to show as selected; ignored if it is not
        in the view.

    Returns
    -------
    dict
        JSON-safe: ``nodes`` (``id``, ``label``, ``x``, ``y``, ``fixed``, ``shape``,
        ``color``, ``title`` as plain text, ``type``, ...) in id order, ``edges``
        (``id`` = ``schema.graph_edge_id(...)``, ``from``, ``to``, ``label`` = relation label,
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
        graph_view,
        positions,
        highlight=highlight,
        selected=selected,
        network=pyvis_network(vis_options()),
    )


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
    network = pyvis_network(vis_options(), heading=title, height=height)
    payload = _drawing(
        graph_view, positions, highlight=highlight, selected=selected, network=network
    )
    return page_html("page.html", network=network, title=title, payload=json_for_script(payload))
