"""Deterministic positions for drawing the graph: bands by node type, computed once per graph.

The picture reads like the knowledge it shows. The most connected condition (the cramp)
sits in the middle; what helps lies to its left, read left to right (foods -> nutrients
-> outcome), with the times cramps happen (contexts) in the column right beside it,
above the outcome; what causes it lies to its right; remedies run along the top, just
above the contexts some of them are meant for, and the diseases a cramp accompanies
along the bottom. Which type goes where is one table, ``BANDS``, keyed by the type
names of ``schema.NODE_TYPES``. Every band is in plain view of the centre, so the many
edges of the hub fan out instead of running through other bands.

The picture is as compact as its labels allow, in the shape of the canvas it is drawn
on (``ASPECT``, width to height): a band that would make the drawing too tall or too
wide wraps into parallel sub-bands, staggered so that edges pass between the nodes of
the nearer sub-band, and a short column spreads out along the tallest one. The more of
the canvas the drawing fills, the larger its labels are on screen at the opening fit.

Inside a band, nodes are ordered by the barycentre of their neighbours (a few sweeps,
ties by id) to reduce edge crossings, then spread along the band with the least
movement that keeps their label boxes apart. This takes
O(iterations x (nodes log nodes + edges)), so thousands of nodes lay out in a moment.

Positions are vis-network pixels (y grows downwards) meant for ``physics: false``:
filtering hides nodes but never moves the others, so nothing jumps. Label sizes come
from ``labels``, which measures them the way vis-network does; its names are exported
from here too, where the other stages have always found them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import networkx as nx

from .bands import (
    COLUMN_GAP,
    ROW_GAP,
    SUBLANE_GAP,
    Lane,
    LaneSize,
    lane_length,
    node_gap,
    spread_lane,
    wrap_counts,
)
from .labels import (
    FONT_SIZE,
    LABEL_MARGIN,
    LABEL_MAX_WIDTH,
    LINE_HEIGHT,
    NODE_SIZE,
    drawing_bounds,
    is_label_inside,
    label_box,
    label_lines,
    node_extents,
    node_shape,
    text_width,
)

__all__ = [
    "ASPECT",
    "BANDS",
    "FALLBACK_BAND",
    "FONT_SIZE",
    "HUB_TYPE",
    "LABEL_MARGIN",
    "LABEL_MAX_WIDTH",
    "LINE_HEIGHT",
    "NODE_SIZE",
    "Band",
    "compute_layout",
    "drawing_bounds",
    "is_label_inside",
    "label_box",
    "label_lines",
    "node_band",
    "node_extents",
    "text_width",
]

ASPECT = 1.15
"""Width to height the drawing is shaped for. Canvases 600 to 900 px wide and 620 px high
(aspects 0.97 to 1.45) all show the seed's labels at 11 px or more with this compromise;
shaping it for 900 x 620 exactly would gain 1 px there and lose 1.5 px at 640."""

_COLUMN_FILL = 0.75
"""A short column spreads its nodes over this share of the tallest column's length: the
block is that tall anyway, and the edges that meet there get room to part."""
_SWEEPS = 6


@dataclass(frozen=True, slots=True)
class Band:
    """Where the nodes of one type go.

    ``kind`` is ``"column"`` (a vertical band; ``index`` counts columns from the hub's
    column 0, negative to the left) or ``"row"`` (a horizontal band; ``index`` counts
    rows away from the columns, negative above, positive below). Types may share a
    band: they then keep together, in ``part`` order (top to bottom, left to right).
    """

    kind: Literal["column", "row"]
    index: int
    part: int = 0


HUB_TYPE = "condition"
"""The most connected node of this type is the hub: column 0, in the middle."""

BANDS: Mapping[str, Band] = MappingProxyType(
    {
        # What helps, left of the hub: foods -> nutrients -> outcome.
        "food": Band("column", -3),
        "nutrient": Band("column", -2),
        "outcome": Band("column", -1, part=1),
        # When cramps happen, right beside them and below the remedies used at those times.
        "context": Band("column", -1, part=0),
        # What harms, right of the hub.
        "cause": Band("column", 1),
        # What to do, above.
        "remedy": Band("row", -1),
        # The diseases they accompany, below (the hub, the most connected condition,
        # takes column 0 instead).
        "condition": Band("row", 1),
    }
)
"""The band of each node type, keyed by the names of ``schema.NODE_TYPES``."""

FALLBACK_BAND = Band("row", 2)
"""Band of a node whose type has no entry in ``BANDS``."""

_HUB_BAND = Band("column", 0)


def _hub(graph: nx.MultiDiGraph) -> str | None:
    candidates = [
        (-graph.degree(node_id), node_id)
        for node_id, node_type in graph.nodes(data="type")
        if node_type == HUB_TYPE
    ]
    return min(candidates)[1] if candidates else None


def node_band(node_type: str | None, *, is_hub: bool = False) -> Band:
    """Return the band a node of ``node_type`` is drawn in.

    Examples
    --------
    >>> node_band("food")
    Band(kind='column', index=-3, part=0)
    >>> node_band("condition", is_hub=True)
    Band(kind='column', index=0, part=0)
    >>> node_band("no-such-type")
    Band(kind='row', index=2, part=0)
    """
    if is_hub:
        return _HUB_BAND
    return BANDS.get(node_type or "", FALLBACK_BAND)


class _Placement:
    """The state of one layout run: every node's measures and band, and where it is.

    Nodes are numbered in id order; ``xs`` / ``ys`` are their current coordinates and
    ``sub_band`` the sub-band each was dealt to.
    """

    def __init__(self, graph: nx.MultiDiGraph, node_ids: list[str], aspect: float) -> None:
        index = {node_id: i for i, node_id in enumerate(node_ids)}
        self.node_ids = node_ids
        self.hub = _hub(graph)
        self.neighbours: list[list[int]] = []
        self.half_width: list[float] = []
        self.above: list[float] = []
        self.below: list[float] = []
        self.part: list[int] = []
        self.lanes: dict[Lane, list[int]] = {}
        for i, node_id in enumerate(node_ids):
            around = set(graph.predecessors(node_id)) | set(graph.successors(node_id))
            around.discard(node_id)
            self.neighbours.append(sorted(index[other] for other in around))
            attrs = graph.nodes[node_id]
            extents = node_extents(str(attrs.get("label", node_id)), node_shape(attrs))
            self.half_width.append(extents[0])
            self.above.append(extents[1])
            self.below.append(extents[2])
            band = node_band(attrs.get("type"), is_hub=node_id == self.hub)
            self.part.append(band.part)
            self.lanes.setdefault((band.kind, band.index), []).append(i)
        self.columns = sorted(lane for lane in self.lanes if lane[0] == "column")
        self.rows = sorted(lane for lane in self.lanes if lane[0] == "row")
        self.sizes = {lane: self._lane_size(lane) for lane in self.lanes}
        self.counts = wrap_counts(self.sizes, aspect)
        self.gaps = self._gaps()
        total = len(node_ids)
        self.in_column = [False] * total
        for lane in self.columns:
            for i in self.lanes[lane]:
                self.in_column[i] = True
        self.xs = [0.0] * total
        self.ys = [0.0] * total
        self.sub_band = [0] * total
        self.column_x = self._column_slots()
        # A row neighbour pulls a column node towards the end of the column nearest that
        # row, not beyond: the reach is fixed up front (half the tallest column), so the
        # pull cannot feed on itself from sweep to sweep.
        self.reach = self._tallest() / 2

    def _lane_size(self, lane: Lane) -> LaneSize:
        members = self.lanes[lane]
        reaches = (
            [self.above[i] + self.below[i] for i in members]
            if lane[0] == "column"
            else [2 * self.half_width[i] for i in members]
        )
        return LaneSize(
            count=len(members),
            half_width=max(self.half_width[i] for i in members),
            above=max(self.above[i] for i in members),
            below=max(self.below[i] for i in members),
            along=math.fsum(reaches) + node_gap(lane[0]) * (len(members) - 1),
        )

    def _tallest(self) -> float:
        return max(
            (lane_length(self.sizes[lane], "column", self.counts[lane]) for lane in self.columns),
            default=0.0,
        )

    def _gaps(self) -> dict[Lane, float]:
        """The gap between nodes per band; a short column spreads along the tallest."""
        tallest = self._tallest()
        gaps = {}
        for lane, size in self.sizes.items():
            gaps[lane] = node_gap(lane[0])
            if lane[0] == "column" and self.counts[lane] == 1 and size.count > 1:
                spare = _COLUMN_FILL * tallest - size.along
                gaps[lane] += max(0.0, spare / (size.count - 1))
        return gaps

    def _column_slots(self) -> dict[Lane, list[float]]:
        """Fixed x slots per column, one per sub-column, spaced by its widest label."""
        column_x: dict[Lane, list[float]] = {}
        cursor: float | None = None
        previous_half = 0.0
        for lane in self.columns:
            lane_half = self.sizes[lane].half_width
            slots = []
            for slot in range(self.counts[lane]):
                gap = SUBLANE_GAP if slot else COLUMN_GAP
                cursor = 0.0 if cursor is None else cursor + previous_half + gap + lane_half
                slots.append(cursor)
                previous_half = lane_half
            column_x[lane] = slots
        return column_x

    def place(self, lane: Lane, order: list[int], ideal: list[float]) -> None:
        """Spread ``order`` along the lane, dealing it round-robin to its sub-lanes."""
        count = self.counts[lane]
        if lane[0] == "column":
            tops, bottoms = [self.above[i] for i in order], [self.below[i] for i in order]
            spots = spread_lane(ideal, tops, bottoms, count, self.gaps[lane])
            for k, (i, spot) in enumerate(zip(order, spots, strict=True)):
                self.xs[i], self.ys[i] = self.column_x[lane][k % count], spot
                self.sub_band[i] = k % count
        else:
            reaches = [self.half_width[i] for i in order]
            spots = spread_lane(ideal, reaches, reaches, count, self.gaps[lane])
            for k, (i, spot) in enumerate(zip(order, spots, strict=True)):
                self.xs[i], self.sub_band[i] = spot, k % count

    def stack_rows(self) -> None:
        """Put the rows above and below the column block, nearest rows first."""
        column_members = [i for lane in self.columns for i in self.lanes[lane]]
        top = min((self.ys[i] - self.above[i] for i in column_members), default=0.0)
        bottom = max((self.ys[i] + self.below[i] for i in column_members), default=0.0)
        for direction in (-1, 1):
            edge = top if direction < 0 else bottom
            rows = sorted((r for r in self.rows if (r[1] < 0) == (direction < 0)), key=_distance)
            for lane in rows:
                gap = ROW_GAP
                for slot in range(self.counts[lane]):
                    members = [i for i in self.lanes[lane] if self.sub_band[i] == slot]
                    if not members:
                        continue
                    if direction < 0:
                        y = edge - gap - max(self.below[i] for i in members)
                        edge = y - max(self.above[i] for i in members)
                    else:
                        y = edge + gap + max(self.above[i] for i in members)
                        edge = y + max(self.below[i] for i in members)
                    gap = SUBLANE_GAP
                    for i in members:
                        self.ys[i] = y

    def ideal_of(self, i: int, is_column: bool) -> float:
        """Barycentre of the neighbours along the lane (rows pull columns only to their ends)."""
        neighbours = self.neighbours[i]
        if not neighbours:
            return self.ys[i] if is_column else self.xs[i]
        if not is_column:
            return math.fsum(self.xs[j] for j in neighbours) / len(neighbours)
        pulled = (
            self.ys[j] if self.in_column[j] else math.copysign(self.reach, self.ys[j])
            for j in neighbours
        )
        return math.fsum(pulled) / len(neighbours)

    def sweep(self) -> None:
        """Start from id order, centred on 0; then sweep back and forth, ordering each
        lane by barycentre. The hub stays at the centre and the rest orders itself around it."""
        for lane in self.columns + self.rows:
            count = len(self.lanes[lane])
            self.place(lane, self.lanes[lane], [k - (count - 1) / 2 for k in range(count)])
        self.stack_rows()
        hub_lane = (_HUB_BAND.kind, _HUB_BAND.index)
        sweep_order = [lane for lane in self.columns + self.rows if lane != hub_lane]
        for sweep in range(_SWEEPS):
            for lane in sweep_order if sweep % 2 == 0 else sweep_order[::-1]:
                is_column = lane[0] == "column"
                keyed = sorted(
                    (
                        self.part[i],
                        self.ideal_of(i, is_column),
                        self.ys[i] if is_column else self.xs[i],
                        self.node_ids[i],
                        i,
                    )
                    for i in self.lanes[lane]
                )
                self.place(lane, [item[4] for item in keyed], [item[1] for item in keyed])
            self.stack_rows()

    def positions(self) -> dict[str, tuple[float, float]]:
        """``node id -> (x, y)`` relative to the hub, rounded to 0.1 px."""
        origin_x, origin_y = 0.0, 0.0
        if self.hub is not None:
            hub = self.node_ids.index(self.hub)
            origin_x, origin_y = self.xs[hub], self.ys[hub]
        return {
            node_id: (round(self.xs[i] - origin_x, 1) + 0.0, round(self.ys[i] - origin_y, 1) + 0.0)
            for i, node_id in enumerate(self.node_ids)
        }


def compute_layout(
    graph: nx.MultiDiGraph, *, aspect: float = ASPECT
) -> Mapping[str, tuple[float, float]]:
    """Compute a deterministic, readable position for every node of ``graph``.

    The same nodes and edges give the same numbers whatever order they were added in.
    Call it once per graph (the app caches it) and draw with physics off; filtered
    views reuse the same positions, so no node moves when others are hidden.

    Parameters
    ----------
    graph
        A graph whose nodes carry ``label`` and ``type`` (as ``build_graph`` makes).
    aspect
        Width to height of the canvas the drawing is shaped for; long bands wrap so the
        whole drawing comes close to it.

    Returns
    -------
    Mapping[str, tuple[float, float]]
        Read-only ``node id -> (x, y)`` in vis-network pixels (y down), in id order,
        rounded to 0.1 px; the hub is at ``(0.0, 0.0)``.

    Raises
    ------
    ValueError
        If ``aspect`` is not a positive, finite number.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> positions = compute_layout(build_graph(load_knowledge_base()))
    >>> positions["calf-cramp"]
    (0.0, 0.0)
    >>> x = {node_id: position[0] for node_id, position in positions.items()}
    >>> x["almonds"] < x["magnesium"] < 0 < x["sedentary-lifestyle"]
    True
    >>> positions["wall-stretch"][1] < 0 < positions["epilepsy"][1]
    True
    """
    if not (isinstance(aspect, int | float) and math.isfinite(aspect) and aspect > 0):
        raise ValueError(f"aspect: expected a positive number, width / height ({aspect!r})")
    node_ids = sorted(graph.nodes)
    if not node_ids:
        return MappingProxyType({})
    placement = _Placement(graph, node_ids, aspect)
    placement.sweep()
    return MappingProxyType(placement.positions())


def _distance(lane: Lane) -> int:
    return abs(lane[1])
