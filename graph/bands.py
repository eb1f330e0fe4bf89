"""The arithmetic of bands: how long and deep a band of labelled nodes is, how many
sub-bands it wraps into, and how its nodes spread along it.

``layout`` decides which band each node goes in and in what order; this module says how
much room that takes. A band is a column or a row (``Lane``: ``(kind, index)``). Sizes
are in vis-network px and come from the label boxes of ``labels``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "COLUMN_GAP",
    "ROW_GAP",
    "SUBLANE_GAP",
    "Lane",
    "LaneSize",
    "lane_length",
    "node_gap",
    "spread_lane",
    "wrap_counts",
]

COLUMN_GAP = 64.0
"""Free space between the label boxes of neighbouring columns."""
SUBLANE_GAP = 24.0
"""Free space between the sub-bands of one wrapped band."""
_NODE_GAP = 12.0
"""Free space between neighbouring nodes of a column, one above the other."""
_WORD_GAP = 28.0
"""Free space between neighbouring labels side by side in a row: wider than a space, so
two labels never read as one."""
ROW_GAP = 48.0
"""Free space between the column block and the rows above and below it."""

Lane = tuple[str, int]
"""A band without its part: ``(kind, index)``."""


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


def node_gap(kind: str) -> float:
    """Free space between neighbouring nodes along a band of ``kind``."""
    return _NODE_GAP if kind == "column" else _WORD_GAP


def _staggered_steps(
    before: Sequence[float], after: Sequence[float], count: int, gap: float
) -> list[float]:
    """Distances between consecutive items dealt round-robin to ``count`` sub-bands.

    Items ``i`` and ``i + count`` share a sub-band; every step between them is at least
    a ``count``-th of the largest room any item of that stretch needs, so together the
    steps keep them apart, and the items of the other sub-bands fall in between.
    """
    total = len(before)
    steps = []
    for i in range(total - 1):
        window = range(max(0, i - count + 1), min(total, i + count + 1))
        need = max(after[k] for k in window) + gap + max(before[k] for k in window)
        steps.append(need / count)
    return steps


def spread_lane(
    ideals: list[float], before: list[float], after: list[float], count: int, gap: float
) -> list[float]:
    """Spread one band's ordered items over ``count`` staggered sub-bands."""
    if count == 1:
        return _spread(ideals, before, after, gap)
    steps = [*_staggered_steps(before, after, count, gap), 0.0]
    return _spread(ideals, [0.0] * len(ideals), steps, 0.0)


@dataclass(frozen=True, slots=True)
class LaneSize:
    """What a band needs, whatever its order: its node count and largest reaches."""

    count: int
    half_width: float
    above: float
    below: float
    along: float
    """Length of the band in one sub-band: reaches along it plus gaps."""


def lane_length(size: LaneSize, kind: str, sub_bands: int) -> float:
    """Estimated length of a band dealt to ``sub_bands`` staggered sub-bands."""
    if sub_bands == 1:
        return size.along
    before, after = (
        (size.above, size.below) if kind == "column" else (size.half_width, size.half_width)
    )
    step = (before + node_gap(kind) + after) / sub_bands
    return (size.count - 1) * step + before + after


def _lane_depth(size: LaneSize, kind: str, sub_bands: int) -> float:
    """Extent of a band across its direction: the width of columns, the height of rows."""
    one = 2 * size.half_width if kind == "column" else size.above + size.below
    return sub_bands * one + (sub_bands - 1) * SUBLANE_GAP


def _drawing_size(
    sizes: Mapping[Lane, LaneSize], counts: Mapping[Lane, int]
) -> tuple[float, float]:
    """Estimated ``(width, height)`` of the drawing with bands wrapped ``counts`` times."""
    columns = [lane for lane in sizes if lane[0] == "column"]
    rows = [lane for lane in sizes if lane[0] == "row"]
    block_width = sum(_lane_depth(sizes[lane], "column", counts[lane]) for lane in columns)
    block_width += COLUMN_GAP * max(0, len(columns) - 1)
    block_height = max(
        (lane_length(sizes[lane], "column", counts[lane]) for lane in columns), default=0.0
    )
    width = max([block_width, *(lane_length(sizes[lane], "row", counts[lane]) for lane in rows)])
    height = block_height + sum(
        _lane_depth(sizes[lane], "row", counts[lane]) + ROW_GAP for lane in rows
    )
    return width, height


def wrap_counts(sizes: Mapping[Lane, LaneSize], aspect: float) -> dict[Lane, int]:
    """How many sub-bands each band takes so the drawing best fills a canvas of ``aspect``.

    The drawing fits a canvas at a zoom inversely proportional to the larger of its
    width / ``aspect`` and its height. Starting from one sub-band each, this wraps the
    tallest columns once more while that lowers the drawing, or the widest rows while
    that narrows it, whichever helps more, until neither helps.
    """
    counts = dict.fromkeys(sizes, 1)

    def cost(candidate: Mapping[Lane, int]) -> float:
        width, height = _drawing_size(sizes, candidate)
        return max(width / aspect, height)

    while True:
        moves = []
        for kind in ("column", "row"):
            lanes = [lane for lane in sizes if lane[0] == kind]
            lengths = {lane: lane_length(sizes[lane], kind, counts[lane]) for lane in lanes}
            longest = max(lengths.values(), default=0.0)
            grown = {
                lane: counts[lane] + 1
                for lane in lanes
                if lengths[lane] >= longest - 1e-6 and counts[lane] < sizes[lane].count
            }
            if grown:
                moves.append({**counts, **grown})
        best = min(moves, key=cost, default=None)
        if best is None or cost(best) >= cost(counts) - 1e-6:
            return counts
        counts = best
