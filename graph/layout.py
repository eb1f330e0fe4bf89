"""Deterministic positions for drawing the graph: bands by node type, computed once per graph.

The picture reads like the knowledge it shows. The most connected condition (the cramp)
sits in the middle; what helps lies to its left (foods -> nutrients -> outcome), what
causes it to its right; remedies run along the top, and the circumstances along the
bottom: the contexts a cramp happens in, then the diseases it accompanies. Which type
goes where is one table, ``BANDS``, keyed by the type names of ``schema.NODE_TYPES``.
Every band is in plain view of the centre, so the many edges of the hub fan out
instead of running through other bands.

Inside a band, nodes are ordered by the barycentre of their neighbours (a few sweeps,
ties by id) to reduce edge crossings, then spread along the band with the least
movement that keeps their label boxes apart. Bands that grow long wrap into parallel
sub-bands, so a knowledge base of thousands of nodes still gives a compact picture in
O(iterations x (nodes log nodes + edges)).

Positions are vis-network pixels (y grows downwards) meant for ``physics: false``:
filtering hides nodes but never moves the others, so nothing jumps. Label sizes are
estimated with the same constants ``render`` draws with (``FONT_SIZE``,
``LABEL_MAX_WIDTH``, ``NODE_SIZE``), so the estimate and the drawing agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import networkx as nx

from .schema import NODE_TYPES

__all__ = [
    "BANDS",
    "CHAR_WIDTH",
    "FALLBACK_BAND",
    "FONT_SIZE",
    "HUB_TYPE",
    "LABEL_MARGIN",
    "LABEL_MAX_WIDTH",
    "LINE_HEIGHT",
    "NODE_SIZE",
    "Band",
    "compute_layout",
    "label_box",
    "label_lines",
    "node_band",
    "node_extents",
]

FONT_SIZE = 14
"""Node label font size in px (vis-network's default)."""
CHAR_WIDTH = 7.5
"""Estimated width of one character of a node label at ``FONT_SIZE``, in px."""
LINE_HEIGHT = 18.0
"""Estimated height of one line of a node label, in px."""
LABEL_MAX_WIDTH = 150
"""Labels wrap at word boundaries beyond this width (vis ``widthConstraint.maximum``)."""
NODE_SIZE = 14
"""Radius of a node's shape in px (vis ``size``); labels sit below the shape."""
LABEL_MARGIN = 5.0
"""Space between a shape and the label below it, in px."""
LABEL_PADDING = 6.0
"""Space between a label and the border of shapes that hold it inside (ellipse)."""

_INSIDE_LABEL_SHAPES = frozenset({"ellipse", "box", "circle", "database", "text"})

_COLUMN_GAP = float(LABEL_MAX_WIDTH)
"""Free space between the label boxes of neighbouring columns: one label width, which
also leaves room for the relation labels of the edges between them."""
_NODE_GAP = 16.0
"""Free space between neighbouring label boxes inside a band."""
_ROW_GAP = 80.0
"""Free space between the column block and the rows above and below it."""
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
        "outcome": Band("column", -1),
        # What harms, right of the hub.
        "cause": Band("column", 1),
        # What to do, above.
        "remedy": Band("row", -1),
        # The circumstances, below: when cramps happen, then the diseases they accompany
        # (the hub, the most connected condition, takes column 0 instead).
        "context": Band("row", 1, part=0),
        "condition": Band("row", 1, part=1),
    }
)
"""The band of each node type, keyed by the names of ``schema.NODE_TYPES``."""

FALLBACK_BAND = Band("row", 2)
"""Band of a node whose type has no entry in ``BANDS``."""

_HUB_BAND = Band("column", 0)


def label_lines(label: str) -> tuple[str, ...]:
    """Split ``label`` into the lines it is drawn on, wrapping at ``LABEL_MAX_WIDTH``.

    Words wrap greedily, as vis-network does; a word too long for one line is cut.

    Examples
    --------
    >>> label_lines("Blood stagnation in the vessels")
    ('Blood stagnation in', 'the vessels')
    >>> label_lines("Raisins")
    ('Raisins',)
    """
    per_line = max(1, int(LABEL_MAX_WIDTH // CHAR_WIDTH))
    lines: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return tuple(lines)


def label_box(label: str) -> tuple[float, float]:
    """Estimated ``(width, height)`` in px of ``label`` as drawn at the default font.

    Examples
    --------
    >>> label_box("Raisins")
    (52.5, 18.0)
    >>> label_box("Blood stagnation in the vessels")
    (142.5, 36.0)
    """
    lines = label_lines(label)
    width = max(len(line) for line in lines) * CHAR_WIDTH
    return (min(width, float(LABEL_MAX_WIDTH)), len(lines) * LINE_HEIGHT)


def node_extents(label: str, shape: str) -> tuple[float, float, float]:
    """Return ``(half width, reach above, reach below)`` of a node and its label, in px.

    Reaches are measured from the node's centre; most shapes carry their label below,
    ellipses (and the other vis shapes that hold text) inside.

    Examples
    --------
    >>> node_extents("Raisins", "dot")
    (26.25, 14.0, 37.0)
    >>> node_extents("Cramp prevention", "ellipse")
    (66.0, 15.0, 15.0)
    """
    width, height = label_box(label)
    if shape in _INSIDE_LABEL_SHAPES:
        half_height = height / 2 + LABEL_PADDING
        return (width / 2 + LABEL_PADDING, half_height, half_height)
    return (max(width / 2, NODE_SIZE), float(NODE_SIZE), NODE_SIZE + LABEL_MARGIN + height)


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


def _spread(
    ideals: list[float], before: list[float], after: list[float], gap: float
) -> list[float]:
    """Place ordered items as near their ideal coordinates as order and spacing allow.

    Item ``i`` reaches ``before[i]`` below and ``after[i]`` above its coordinate; items
    keep their order with ``gap`` between reaches. Blocks of touching items are merged
    and centred on the mean of their ideals (least squares, pool-adjacent-violators).
    """
    # Each block: [first item, last item, sum of (ideal - offset), offset of last item].
    blocks: list[list[float]] = []
    offsets = [0.0] * len(ideals)
    for i, ideal in enumerate(ideals):
        offsets[i] = 0.0
        block = [i, i, ideal, 0.0]
        while blocks:
            prev = blocks[-1]
            prev_first, prev_last = int(prev[0]), int(prev[1])
            prev_start = prev[2] / (prev_last - prev_first + 1)
            start = block[2] / (block[1] - block[0] + 1)
            step = after[prev_last] + gap + before[int(block[0])]
            if prev_start + prev[3] + step <= start:
                break
            # Merge: shift the new block's offsets behind the previous block's last item.
            shift = prev[3] + step
            first, last = int(block[0]), int(block[1])
            for j in range(first, last + 1):
                offsets[j] += shift
            total = prev[2] + block[2] - shift * (last - first + 1)
            block = [prev_first, last, total, offsets[last]]
            blocks.pop()
        blocks.append(block)
    positions = [0.0] * len(ideals)
    for first_f, last_f, total, _ in blocks:
        first, last = int(first_f), int(last_f)
        start = total / (last - first + 1)
        for j in range(first, last + 1):
            positions[j] = start + offsets[j]
    return positions


def _capacity(node_count: int, kind: str) -> int:
    """How many nodes a sub-band holds before the band wraps into another one."""
    root = math.ceil(math.sqrt(node_count))
    return max(10, root) if kind == "column" else max(12, 2 * root)


def compute_layout(graph: nx.MultiDiGraph) -> Mapping[str, tuple[float, float]]:
    """Compute a deterministic, readable position for every node of ``graph``.

    The same nodes and edges give the same numbers whatever order they were added in.
    Call it once per graph (the app caches it) and draw with physics off; filtered
    views reuse the same positions, so no node moves when others are hidden.

    Parameters
    ----------
    graph
        A graph whose nodes carry ``label`` and ``type`` (as ``build_graph`` makes).

    Returns
    -------
    Mapping[str, tuple[float, float]]
        Read-only ``node id -> (x, y)`` in vis-network pixels (y down), in id order,
        rounded to 0.1 px; the hub is at ``(0.0, 0.0)``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> positions = compute_layout(build_graph(load_knowledge_base()))
    >>> positions["calf-cramp"]
    (0.0, 0.0)
    >>> x = {node_id: position[0] for node_id, position in positions.items()}
    >>> x["almonds"] < x["magnesium"] < 0 < x["sedentary-lifestyle"]
    True
    >>> positions["wall-stretch"][1] < 0 < positions["sleep"][1]
    True
    """
    node_ids = sorted(graph.nodes)
    if not node_ids:
        return MappingProxyType({})
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    hub = _hub(graph)
    total = len(node_ids)
    neighbours: list[list[int]] = []
    half_width: list[float] = []
    above: list[float] = []
    below: list[float] = []
    part: list[int] = []
    lanes: dict[tuple[str, int], list[int]] = {}
    for i, node_id in enumerate(node_ids):
        around = set(graph.predecessors(node_id)) | set(graph.successors(node_id))
        around.discard(node_id)
        neighbours.append(sorted(index[other] for other in around))
        attrs = graph.nodes[node_id]
        node_type = attrs.get("type")
        shape = NODE_TYPES[node_type].shape if node_type in NODE_TYPES else "dot"
        extents = node_extents(str(attrs.get("label", node_id)), shape)
        half_width.append(extents[0])
        above.append(extents[1])
        below.append(extents[2])
        band = node_band(node_type, is_hub=node_id == hub)
        part.append(band.part)
        lanes.setdefault((band.kind, band.index), []).append(i)

    columns = sorted(lane for lane in lanes if lane[0] == "column")
    rows = sorted(lane for lane in lanes if lane[0] == "row")
    in_column = [False] * total
    for lane in columns:
        for i in lanes[lane]:
            in_column[i] = True
    xs = [0.0] * total
    ys = [0.0] * total
    row_slot = [0] * total
    # Each column gets fixed x slots (it wraps into sub-columns when long), spaced by the
    # widest label of the neighbouring columns plus room for edge labels.
    column_x: dict[tuple[str, int], list[float]] = {}
    cursor: float | None = None
    previous_half = 0.0
    for lane in columns:
        members = lanes[lane]
        lane_half = max(half_width[i] for i in members)
        slots = []
        for _ in range(math.ceil(len(members) / _capacity(total, "column"))):
            cursor = 0.0 if cursor is None else cursor + previous_half + _COLUMN_GAP + lane_half
            slots.append(cursor)
            previous_half = lane_half
        column_x[lane] = slots
    row_count = {lane: math.ceil(len(lanes[lane]) / _capacity(total, "row")) for lane in rows}
    # A row neighbour pulls a column node towards the end of the column nearest that row,
    # not beyond: the reach is fixed up front (half the tallest column), so the pull
    # cannot feed on itself from sweep to sweep.
    reach = max(
        (
            math.fsum(above[i] + below[i] + _NODE_GAP for i in lanes[lane])
            / (2 * len(column_x[lane]))
            for lane in columns
        ),
        default=0.0,
    )

    def place(lane: tuple[str, int], order: list[int], ideal: list[float]) -> None:
        """Spread ``order`` (sorted) along the lane, dealing it round-robin to sub-lanes."""
        is_column = lane[0] == "column"
        count = len(column_x[lane]) if is_column else row_count[lane]
        for slot in range(count):
            chosen = range(slot, len(order), count)
            members = [order[k] for k in chosen]
            ideals = [ideal[k] for k in chosen]
            if is_column:
                reach_before = [above[i] for i in members]
                reach_after = [below[i] for i in members]
            else:
                reach_before = reach_after = [half_width[i] for i in members]
            spots = _spread(ideals, reach_before, reach_after, _NODE_GAP)
            for i, spot in zip(members, spots, strict=True):
                if is_column:
                    xs[i], ys[i] = column_x[lane][slot], spot
                else:
                    xs[i], row_slot[i] = spot, slot

    def stack_rows() -> None:
        """Put the rows above and below the column block, nearest rows first."""
        column_members = [i for lane in columns for i in lanes[lane]]
        top = min((ys[i] - above[i] for i in column_members), default=0.0)
        bottom = max((ys[i] + below[i] for i in column_members), default=0.0)
        for direction in (-1, 1):
            edge = top if direction < 0 else bottom
            gap = _ROW_GAP
            for lane in sorted((r for r in rows if (r[1] < 0) == (direction < 0)), key=_distance):
                for slot in range(row_count[lane]):
                    members = [i for i in lanes[lane] if row_slot[i] == slot]
                    if not members:
                        continue
                    if direction < 0:
                        y = edge - gap - max(below[i] for i in members)
                        edge = y - max(above[i] for i in members)
                    else:
                        y = edge + gap + max(above[i] for i in members)
                        edge = y + max(below[i] for i in members)
                    gap = 2 * _NODE_GAP
                    for i in members:
                        ys[i] = y

    def ideal_of(i: int, is_column: bool) -> float:
        """Barycentre of the neighbours along the lane (rows pull columns only to their ends)."""
        if not neighbours[i]:
            return ys[i] if is_column else xs[i]
        if not is_column:
            return math.fsum(xs[j] for j in neighbours[i]) / len(neighbours[i])
        pulled = (ys[j] if in_column[j] else math.copysign(reach, ys[j]) for j in neighbours[i])
        return math.fsum(pulled) / len(neighbours[i])

    # Start from id order, centred on 0; then sweep back and forth, ordering each lane by
    # barycentre. The hub stays at the centre and everything else orders itself around it.
    for lane in columns + rows:
        count = len(lanes[lane])
        place(lane, lanes[lane], [k - (count - 1) / 2 for k in range(count)])
    stack_rows()
    sweep_order = [lane for lane in columns + rows if lane != (_HUB_BAND.kind, _HUB_BAND.index)]
    for sweep in range(_SWEEPS):
        for lane in sweep_order if sweep % 2 == 0 else sweep_order[::-1]:
            is_column = lane[0] == "column"
            keyed = sorted(
                (part[i], ideal_of(i, is_column), ys[i] if is_column else xs[i], node_ids[i], i)
                for i in lanes[lane]
            )
            place(lane, [item[4] for item in keyed], [item[1] for item in keyed])
        stack_rows()

    origin_x, origin_y = (xs[index[hub]], ys[index[hub]]) if hub is not None else (0.0, 0.0)
    return MappingProxyType(
        {
            node_id: (round(xs[i] - origin_x, 1) + 0.0, round(ys[i] - origin_y, 1) + 0.0)
            for i, node_id in enumerate(node_ids)
        }
    )


def _distance(lane: tuple[str, int]) -> int:
    return abs(lane[1])
