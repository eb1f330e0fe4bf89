"""Where the handout's picture writes its marks: relation names and verdict badges.

Each mark goes where it covers the least of the nodes, the marks already placed and the
other lines (sampled every few px); traced edges choose first, and a fan of edges of one
relation meeting at a node carries its name once. Coordinates come out as the SVG writes
them (``svg_number``), so ``handout_picture`` only assembles.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from .grouping import group_by
from .ids import EdgeKey as Edge
from .layout import FONT_SIZE, text_width
from .narrate_verdicts import edge_verdict_sentence
from .schema import VERDICTS

__all__ = [
    "BADGE_FONT",
    "BADGE_RADIUS",
    "EDGE_FONT",
    "Box",
    "Edge",
    "Point",
    "relation_labels",
    "svg_number",
    "verdict_badges",
]

Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""``(left, top, right, bottom)`` in layout px."""

EDGE_FONT = 16
"""Font size of relation names on the picture's lines (layout px)."""
_SAMPLE_STEP = 8.0
_FAN_ANGLE = math.radians(28)
"""Edges of one relation meeting at a node share a label when this close in direction."""
BADGE_RADIUS = 10.0
"""Radius of a verdict badge (layout px)."""
BADGE_FONT = 14
"""Font size of the verdict glyph inside a badge."""
_BADGE_STOPS = (0.3, 0.4, 0.22, 0.5, 0.6, 0.15, 0.7, 0.8, 0.1)
"""Where along its edge (0 at its start, 1 at its tip) a verdict badge may go, best first:
nearer the start, where a fan of edges is widest."""


def svg_number(value: float) -> str:
    """A coordinate as it is written into the SVG: one decimal, no ``-0.0``."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _curve_point(curve: tuple[Point, ...], t: float) -> Point:
    """The point at ``t`` (0 to 1) along a quadratic Bézier ``(begin, control, tip)``."""
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
    curves: Mapping[Edge, tuple[Point, ...]],
    traced: frozenset[Edge] | set[Edge],
    names: Mapping[Edge, str],
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
        groups = group_by(alone, lambda edge, end=end: (edge[end], names[edge], edge in traced))
        alone = []
        for group in groups.values():
            for fan in _fans(group, {edge: edge[end] for edge in group}, curves):
                if len(fan) > 1:
                    bundles.append(fan)
                else:
                    alone.extend(fan)
    return bundles + [[edge] for edge in alone]


def relation_labels(
    curves: Mapping[Edge, tuple[Point, ...]],
    traced: set[Edge],
    taken: list[Box],
    names: Mapping[Edge, str],
) -> list[dict[str, Any]]:
    """Each bundle of edges' name (``names``: ``render.edge_label``, so an inferred link
    says "(tool's reading)" as on every canvas), where it covers least; adds to ``taken``.

    Traced bundles choose first: theirs are the labels that matter.
    """
    samples = {edge: _samples(curve) for edge, curve in curves.items()}
    bundles = sorted(
        _bundles(curves, traced, names), key=lambda bundle: (bundle[0] not in traced, bundle)
    )
    items = []
    for bundle in bundles:
        is_traced = bundle[0] in traced
        text = names[bundle[0]]
        # Bold labels are about a tenth wider than the regular widths layout measures.
        scale = EDGE_FONT / FONT_SIZE * (1.1 if is_traced else 1.0)
        size = (text_width(text) * scale + 6, EDGE_FONT * 1.2)
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
                "x": svg_number(spot[0]),
                "y": svg_number(spot[1] + EDGE_FONT * 0.35),
            }
        )
    return items


def verdict_badges(
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
        size = (2 * BADGE_RADIUS + 2, 2 * BADGE_RADIUS + 2)
        spot, box = _label_spot(
            [curves[edge]], size, taken, lines, stops=_BADGE_STOPS, shifts=(0.0,)
        )
        taken.append(box)
        items.append(
            {
                "x": svg_number(spot[0]),
                "y": svg_number(spot[1]),
                "text_y": svg_number(spot[1] + BADGE_FONT * 0.36),
                "icon": verdict.icon,
                "label": verdict.label,
                # Who gives the verdict: reviews, studies, guidance or the tool's reading.
                "title": edge_verdict_sentence(graph, edge),
                "colour": verdict.colour,
            }
        )
    return items
