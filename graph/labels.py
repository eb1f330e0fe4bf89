"""How vis-network measures, wraps and places a node's label: the sizes every stage shares.

Label sizes are computed the way vis-network measures and wraps them, with the advance
widths of Arial (Liberation Sans has the same) at ``FONT_SIZE``, so the estimate and the
drawing agree. ``layout`` spaces nodes by these boxes, ``geometry`` keeps edges and their
labels clear of them, and the canvas frames ``drawing_bounds``.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

import networkx as nx

from .schema import NODE_TYPES

__all__ = [
    "FONT_SIZE",
    "LABEL_MARGIN",
    "LABEL_MAX_WIDTH",
    "LINE_HEIGHT",
    "NODE_SIZE",
    "drawing_bounds",
    "is_label_inside",
    "label_box",
    "label_lines",
    "node_extents",
    "node_shape",
    "text_width",
]

FONT_SIZE = 20
"""Node label font size in px at zoom 1 (the drawing's unit)."""
LINE_HEIGHT = float(FONT_SIZE)
"""Height of one line of a node label: vis-network stacks lines one font size apart."""
LABEL_MAX_WIDTH = 150
"""Labels wrap at word boundaries beyond this width (vis ``widthConstraint.maximum``)."""
NODE_SIZE = 12
"""Radius of a node's shape in px (vis ``size``); labels sit below the shape."""
LABEL_MARGIN = FONT_SIZE / 2 + 4
"""Space between a shape and the label below it: where vis-network draws it."""
_SHAPE_REACH = 1.2
"""Half width of a shape, in node sizes: triangles and stars are a little wider than dots."""
_INSIDE_MARGIN = 5.0
"""vis-network's margin between a label and the border of a shape that holds it."""
_INSIDE_LABEL_SHAPES = frozenset({"ellipse", "circle", "box", "database", "text"})

# Advance widths of Arial (and of the metric-compatible Liberation Sans), in font units.
_UNITS_PER_EM = 2048
_ADVANCES = {
    391: "'",
    455: "ijl",
    532: "|",
    569: " !,./:;I[\\]ft",
    682: "()-`r",
    684: "{}",
    727: '"',
    797: "*",
    961: "^",
    1024: "Jcksvxyz",
    1139: "0123456789#$?_abdeghnopquL",
    1196: "+<=>~",
    1251: "FTZ",
    1366: "&ABEKPSVXY",
    1479: "CDHNRUw",
    1593: "GOQ",
    1706: "Mm",
    1821: "%",
    1933: "W",
    2079: "@",
}
_ADVANCE = MappingProxyType(
    {character: width for width, characters in _ADVANCES.items() for character in characters}
)
_WIDE_ADVANCE = 2048
"""Advance of a character outside the table that is wide (CJK) ..."""
_OTHER_ADVANCE = 1229
"""... or of any other character outside it: a little wider than an average letter."""


def _round_up(value: float) -> float:
    """Round up to 0.01 px: an estimate may be a hair too large, never too small."""
    return math.ceil(round(value * 100, 6)) / 100


def _advance(character: str) -> int:
    """Advance of one character, in font units."""
    advance = _ADVANCE.get(character)
    if advance is None:
        base = unicodedata.normalize("NFD", character)[:1]
        wide = unicodedata.east_asian_width(character) in ("W", "F")
        advance = _ADVANCE.get(base, _WIDE_ADVANCE if wide else _OTHER_ADVANCE)
    return advance


def _pixels(units: int) -> float:
    return units * FONT_SIZE / _UNITS_PER_EM


def text_width(text: str) -> float:
    """Width in px of ``text`` on one line at ``FONT_SIZE``, as the canvas measures it.

    Examples
    --------
    >>> text_width("Calf muscle cramp")
    165.595703125
    """
    return _pixels(sum(map(_advance, text)))


def label_lines(label: str) -> tuple[str, ...]:
    """Split ``label`` into the lines vis-network draws it on, at ``LABEL_MAX_WIDTH``.

    Words fill a line greedily. vis-network measures each gap between words as three
    spaces when it decides whether a word still fits (and draws one), and cuts a word
    too long for any line one character after it overflows; both are mirrored here.

    Examples
    --------
    >>> label_lines("Blood stagnation in the vessels")
    ('Blood', 'stagnation in', 'the vessels')
    >>> label_lines("Raisins")
    ('Raisins',)
    """
    # Widths are sums of whole font units, so they add up exactly: each word is measured
    # once and a long word is cut without measuring what is left of it again, which keeps
    # the time linear in the label's length.
    words = label.split()
    widths = [sum(map(_advance, word)) for word in words]
    gap = 3 * _advance(" ")
    lines: list[str] = []
    index, start = 0, 0  # the next word, and where its uncut part starts
    while index < len(words):
        end, units = index, widths[index]
        while end < len(words) and _pixels(units) <= LABEL_MAX_WIDTH:
            end += 1
            units += gap + widths[end] if end < len(words) else 0
        if end > index:
            lines.append(" ".join([words[index][start:], *words[index + 1 : end]]))
            index, start = end, 0
            continue
        cut, prefix = _cut(words[index], start)
        lines.append(words[index][start:cut])
        widths[index] -= prefix
        index, start = (index, cut) if cut < len(words[index]) else (index + 1, 0)
    return tuple(lines) or ("",)


def _cut(word: str, start: int) -> tuple[int, int]:
    """Where to cut ``word[start:]``, too long for a line: one character after it overflows.

    Returns the index to cut at and the width in font units of the part cut off.
    """
    prefix = 0
    for position in range(start, len(word) - 1):
        prefix += _advance(word[position])
        if _pixels(prefix) > LABEL_MAX_WIDTH:
            return position + 1, prefix
    return len(word), prefix + _advance(word[-1])


def label_box(label: str) -> tuple[float, float]:
    """Return the ``(width, height)`` in px of ``label`` as drawn, lines wrapped.

    Examples
    --------
    >>> label_box("Raisins")
    (65.58, 20.0)
    >>> label_box("Blood stagnation in the vessels")
    (113.42, 60.0)
    """
    lines = label_lines(label)
    width = max(text_width(line) for line in lines)
    return (_round_up(width), len(lines) * LINE_HEIGHT)


def is_label_inside(shape: str) -> bool:
    """Whether vis-network draws a node of ``shape`` with its label inside the shape.

    Examples
    --------
    >>> is_label_inside("ellipse"), is_label_inside("dot")
    (True, False)
    """
    return shape in _INSIDE_LABEL_SHAPES


def node_extents(label: str, shape: str) -> tuple[float, float, float]:
    """Return ``(half width, reach above, reach below)`` of a node and its label, in px.

    Reaches are measured from the node's centre. Most shapes carry their label below;
    an ellipse (and the other vis shapes that hold text) holds it inside and grows
    with it.

    Examples
    --------
    >>> node_extents("Raisins", "dot")
    (32.79, 12.0, 46.0)
    >>> node_extents("Cramp prevention", "ellipse")
    (66.7, 40.0, 40.0)
    """
    width, height = label_box(label)
    if shape == "ellipse":
        # vis: the ellipse is (text width + text height) wide and twice the text high.
        return (_round_up((width + height) / 2), height, height)
    if shape == "circle":
        radius = max(width, height) / 2 + _INSIDE_MARGIN
        return (_round_up(radius), radius, radius)
    if is_label_inside(shape):
        half_height = height / 2 + _INSIDE_MARGIN
        return (_round_up(width / 2 + _INSIDE_MARGIN), half_height, half_height)
    half = max(width / 2, _SHAPE_REACH * NODE_SIZE)
    return (_round_up(half), float(NODE_SIZE), NODE_SIZE + LABEL_MARGIN + height)


def drawing_bounds(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]]
) -> tuple[float, float, float, float]:
    """Return ``(left, top, right, bottom)`` of the nodes of ``graph`` with their labels.

    It is the box a view must show to show every label whole: what the canvas fits.

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("raisins", label="Raisins", type="food")
    >>> drawing_bounds(graph, {"raisins": (0.0, 0.0)})
    (-32.79, -12.0, 32.79, 46.0)
    """
    left = top = math.inf
    right = bottom = -math.inf
    for node_id, attrs in graph.nodes(data=True):
        half, above, below = node_extents(str(attrs.get("label", node_id)), node_shape(attrs))
        x, y = positions[node_id]
        left, right = min(left, x - half), max(right, x + half)
        top, bottom = min(top, y - above), max(bottom, y + below)
    if left > right:
        return (0.0, 0.0, 0.0, 0.0)
    # Rounded outwards to 0.01 px, so the box holds every label whole.
    return (-_round_up(-left), -_round_up(-top), _round_up(right), _round_up(bottom))


def node_shape(attrs: Mapping) -> str:
    """The vis-network shape of a node with ``attrs``: its type's, or a dot."""
    node_type = attrs.get("type")
    return NODE_TYPES[node_type].shape if node_type in NODE_TYPES else "dot"
