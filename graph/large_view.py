"""Views of a large graph small enough for a browser: a neighbourhood, laid out per view.

A graph of a hundred thousand nodes is never drawn whole. ``neighbourhood_drawing`` takes
the nodes within one or two steps of a centre (of some types, if asked), at most
``MAX_DRAWN``, places them on rings around it (the centre, then each step out, in label
order), and keeps a label only where its ring leaves room for it. ``drawing_svg`` writes
the drawing as an SVG with every label escaped.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from html import escape

from .index import GraphBackend

__all__ = ["MAX_DRAWN", "Drawing", "DrawnNode", "drawing_svg", "neighbourhood_drawing"]

MAX_DRAWN = 2000
"""Most nodes any view sends to the browser."""

MAX_FETCHED = 20_000
"""Most nodes gathered around a centre before a type filter narrows them."""

MAX_LINES = 6000
"""Most edges drawn between the nodes of a view."""

_RING = 220.0  # pixels between rings
_LABEL_ROOM = 90.0  # pixels of ring a label needs
_DOT_ROOM = 14.0  # pixels between unlabelled dots
_LABEL_CHARS = 14  # longer labels are cut, with an ellipsis


@dataclass(frozen=True, slots=True)
class DrawnNode:
    """A node of a drawing: where it sits, its ring, and its label if there is room."""

    node_id: str
    label: str
    node_type: str
    x: float
    y: float
    ring: int
    has_label: bool


@dataclass(frozen=True, slots=True)
class Drawing:
    """A neighbourhood ready to draw: ``found`` nodes matched, ``nodes`` of them drawn.

    ``more`` is True when the search around the centre stopped at ``MAX_FETCHED`` nodes,
    so ``found`` is a lower bound.
    """

    nodes: tuple[DrawnNode, ...]
    pairs: tuple[tuple[str, str], ...]
    found: int
    more: bool

    @property
    def note(self) -> str:
        """What the view leaves out, as one sentence ('' when it shows everything)."""
        if self.found <= len(self.nodes) and not self.more:
            return ""
        total = f"more than {self.found:,}" if self.more else f"{self.found:,}"
        return f"Showing {len(self.nodes):,} of {total}: narrow with filters."


def _rings(
    backend: GraphBackend, center: str, depth: int, types: Collection[str]
) -> tuple[list[list[str]], int, bool]:
    """Node ids per ring (ring 0 is the centre), at most ``MAX_DRAWN`` in all.

    Without a type filter a ring is what ``neighbours`` adds at that step; with one, what
    ``focus`` adds (the server filters, instead of one question per node).
    """
    seen = {center}
    rings: list[list[str]] = [[center]]
    more = False
    for step in range(1, depth + 1):
        if types:
            around = backend.focus(center, depth=step, types=types, limit=MAX_FETCHED)
        else:
            around = backend.neighbours(center, depth=step, limit=MAX_FETCHED)
        more = more or around.truncated
        rings.append(sorted(around.nodes - seen))
        seen |= around.nodes
    found = sum(len(ring) for ring in rings)
    room = MAX_DRAWN
    kept = []
    for ring in rings:
        kept.append(ring[:room])
        room -= len(kept[-1])
    return kept, found, more


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "\u2026"


def _ring_spots(count: int, inner: float) -> tuple[list[tuple[float, float, bool]], float]:
    """Places for ``count`` nodes outside radius ``inner``, and the radius they reach.

    A ring that fits with room for every label within a few ring widths gets one circle
    and its labels; a larger one winds dots over several tight circles, unlabelled.
    """
    if count == 0:
        return [], inner
    if inner == 0.0 and count == 1:
        return [(0.0, 0.0, True)], 0.0
    start = inner + _RING
    wide = count * _LABEL_ROOM / (2 * math.pi)
    if wide <= start + 6 * _RING:
        circles = [(max(start, wide), count, True)]
    else:
        circles, left, radius = [], count, start
        while left:
            fits = min(left, max(int(2 * math.pi * radius / _DOT_ROOM), 1))
            circles.append((radius, fits, False))
            left -= fits
            radius += _DOT_ROOM
    spots = []
    for radius, fits, labelled in circles:
        for index in range(fits):
            angle = 2 * math.pi * index / fits
            x, y = round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)
            spots.append((x, y, labelled))
    return spots, circles[-1][0]


def neighbourhood_drawing(
    backend: GraphBackend, center: str, *, depth: int = 1, types: Collection[str] = ()
) -> Drawing:
    """The nodes within ``depth`` (1 or 2) steps of ``center``, laid out on rings.

    Parameters
    ----------
    backend
        Where the graph is (memory or FalkorDB).
    center
        The node in the middle.
    depth
        Steps out, 1 or 2.
    types
        Node types to keep around the centre; empty keeps every type.

    Returns
    -------
    Drawing
        At most ``MAX_DRAWN`` nodes with positions, and the edges among them.

    Raises
    ------
    UnknownNode
        If ``center`` is not in the graph.
    """
    rings, found, more = _rings(backend, center, depth, types)
    placed = []
    inner = 0.0
    for number, ring in enumerate(rings):
        infos = sorted(backend.nodes(ring), key=lambda info: (info.label, info.node_id))
        spots, inner = _ring_spots(len(infos), inner)
        for info, (x, y, has_label) in zip(infos, spots, strict=True):
            placed.append(
                DrawnNode(info.node_id, info.label, info.node_type, x, y, number, has_label)
            )
    pairs = backend.pairs_among([node.node_id for node in placed], limit=MAX_LINES)
    return Drawing(tuple(placed), tuple(pairs), found, more)


def _line_opacity(lines: int) -> float:
    return round(max(0.04, min(0.6, 150 / max(lines, 1))), 3)


def drawing_svg(drawing: Drawing, *, colours: dict[str, str] | None = None) -> str:
    """The drawing as an SVG document; every label and id is escaped.

    Examples
    --------
    >>> from graph.large_view import Drawing, DrawnNode
    >>> node = DrawnNode("a", "<b>", "t", 0.0, 0.0, 0, True)
    >>> "&lt;b&gt;" in drawing_svg(Drawing((node,), (), 1, False))
    True
    """
    where = {node.node_id: node for node in drawing.nodes}
    extent = max((max(abs(n.x), abs(n.y)) for n in drawing.nodes), default=0.0) + 120
    palette = colours or {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-extent} {-extent} {2 * extent}'
        f' {2 * extent}" width="100%" role="img" aria-label="neighbourhood drawing">',
        # Thousands of lines over one another would paint a solid disc: fade them.
        f'<g stroke="#9aa3ad" stroke-width="1" opacity="{_line_opacity(len(drawing.pairs))}">',
    ]
    for source, target in drawing.pairs:
        one, other = where[source], where[target]
        parts.append(f'<line x1="{one.x}" y1="{one.y}" x2="{other.x}" y2="{other.y}"/>')
    parts.append('</g><g font-family="sans-serif" font-size="13" text-anchor="middle">')
    for node in drawing.nodes:
        fill = escape(palette.get(node.node_type, "#4c78a8"))
        size = 14 if node.ring == 0 else 6
        title = escape(f"{node.label} ({node.node_type}, {node.node_id})")
        parts.append(
            f'<circle cx="{node.x}" cy="{node.y}" r="{size}" fill="{fill}"><title>{title}</title>'
            "</circle>"
        )
        if node.has_label:
            parts.append(
                f'<text x="{node.x}" y="{node.y + size + 14}">{escape(_short(node.label))}</text>'
            )
    parts.append("</g></svg>")
    return "".join(parts)
