"""The look of the graph on the canvas: colours, shapes, line styles, verdict markers,
vis-network's options and the legends that explain them.

Node types are told apart by colour *and* shape (``schema.NODE_TYPES``). Two things are
said about every edge, each on its own channel and never by colour alone: how firmly the
source states the claim (``strength``) by the line's dash pattern and width, and what
reviews say of it (``verdict``) by the line's colour *and* a marker in the middle of the
edge whose shape differs per verdict. A traced path is drawn wider and the rest dimmed.
``render`` puts these looks on the nodes and edges it hands to pyvis; the legends list
the same shapes, lines and markers for the drawing script to draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .labels import FONT_SIZE, LABEL_MAX_WIDTH, NODE_SIZE, is_label_inside, node_shape
from .schema import NODE_TYPES, STRENGTHS, VERDICTS, Verdict

__all__ = [
    "CAMERA",
    "EDGE_FONT_SIZE",
    "EDGE_LABEL_LIMIT",
    "PATH_FONT_SIZE",
    "EdgeStyle",
    "edge_look",
    "edge_style",
    "legend_items",
    "node_look",
    "strength_items",
    "verdict_items",
    "verdict_of",
    "vis_options",
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


CAMERA = {
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


EDGE_FONT_SIZE = 16
PATH_FONT_SIZE = 18


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


def verdict_of(attrs: Mapping[str, Any]) -> Verdict:
    """The edge's verdict; "not assessed" when it has none or one outside the vocabulary."""
    return VERDICTS.get(str(attrs.get("verdict", _UNASSESSED)), VERDICTS[_UNASSESSED])


def vis_options() -> dict[str, Any]:
    """vis-network's options for every view: fixed positions and no physics, hover
    tooltips, no dragging, and the default looks of nodes and edges."""
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
                "size": EDGE_FONT_SIZE,
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


def node_look(attrs: Mapping[str, Any], *, dimmed: bool, emphasised: bool) -> dict[str, Any]:
    """The vis-network look of a node (``shape``, ``color``, ``borderWidth``, ``opacity``,
    ``font``): its type's colour and shape, a dark border when ``emphasised`` (on a path,
    or selected), faded when ``dimmed`` (off a traced path)."""
    kind = NODE_TYPES.get(attrs.get("type", ""))
    colour = kind.colour if kind else "#999999"
    shape = node_shape(attrs)
    return {
        "shape": shape,
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
    }


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """An edge's line: its ``verdict``, ``dashes`` and ``width`` (px) by strength, and
    its verdict ``marker`` (vis ``arrows.middle``: ``{"type", "scaleFactor"}``) or None."""

    verdict: Verdict
    dashes: bool | list[int]
    width: float
    marker: dict[str, Any] | None

    @property
    def marker_length(self) -> float | None:
        """How long the marker is drawn, in px (vis: 15 x scale + 3 x line width)."""
        return None if self.marker is None else 15 * self.marker["scaleFactor"] + 3 * self.width


def edge_style(attrs: Mapping[str, Any], *, on_path: bool) -> EdgeStyle:
    """The line of an edge with ``attrs``; a traced path's edges are wider."""
    dashes, width = _STRENGTH_STYLE.get(str(attrs.get("strength", "")), (False, 1.0))
    verdict = verdict_of(attrs)
    return EdgeStyle(verdict, dashes, width + 2.5 if on_path else width, _middle_marker(verdict))


def edge_look(
    style: EdgeStyle, *, on_path: bool, dimmed: bool, label_offset: float | None
) -> dict[str, Any]:
    """The vis-network look of an edge (``arrows``, ``verdict``, ``dashes``, ``width``,
    ``color``, ``font``); ``label_offset`` is where its label sits (vis ``vadjust``), or
    None when the label shows only on hover."""
    colour = style.verdict.colour
    font_size = PATH_FONT_SIZE if on_path else EDGE_FONT_SIZE
    shown = label_offset is not None
    if label_offset is None:
        # A label shown only on hover goes just above a marker rather than over it.
        label_offset = -(font_size + 4.0) if style.marker else 0.0
    return {
        "arrows": {
            "to": {"enabled": True, "scaleFactor": _ARROW_SCALE},
            # Always the whole object, so an update never keeps an old marker.
            "middle": {"enabled": True, **style.marker} if style.marker else {"enabled": False},
        },
        "verdict": style.verdict.name,
        "dashes": style.dashes,
        "width": style.width,
        # A traced path keeps its verdict's colour (and marker): it stands out by its width
        # and by the rest dimming, so a weak link still reads as weak. Only other edges
        # turn dark when selected or hovered.
        "color": {
            "color": _DIM_EDGE if dimmed else colour,
            "highlight": colour if on_path else _PATH,
            "hover": colour if on_path else _PATH,
            "opacity": 0.45 if dimmed else 1.0,
            "inherit": False,
        },
        "font": {
            "color": _EDGE_LABEL if shown else _HIDDEN_TEXT,
            "strokeWidth": 4 if shown else 0,
            "size": font_size,
            "vadjust": label_offset,
        },
    }
