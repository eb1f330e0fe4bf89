"""The benchmark's pure part: medians, targets, the printed table and its JSON.

Nothing here starts a server or a browser, so the tests run it in milliseconds.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Row", "Target", "format_table", "format_value", "median", "ratio", "table_json"]


def median(values: Iterable[float]) -> float:
    """Return the median of ``values`` (the mean of the middle two for an even count).

    Raises
    ------
    ValueError
        If ``values`` is empty or holds a NaN.

    Examples
    --------
    >>> median([3.0, 1.0, 2.0])
    2.0
    >>> median([4, 1, 3, 2])
    2.5
    """
    items = [float(value) for value in values]
    if not items:
        raise ValueError("median: no values")
    if any(math.isnan(value) for value in items):
        raise ValueError(f"median: NaN among the values ({items})")
    return statistics.median(items)


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """Return ``ours / baseline``, or ``None`` when either is missing or the baseline is 0.

    Examples
    --------
    >>> ratio(1.0, 4.0)
    0.25
    >>> ratio(1.0, 0.0) is None
    True
    """
    if ours is None or baseline is None or baseline == 0:
        return None
    return ours / baseline


@dataclass(frozen=True, slots=True)
class Target:
    """A goal for a metric where lower is better.

    ``limit`` is the most the metric may be, in the row's unit; ``max_ratio`` the most it
    may be as a multiple of the baseline. Either may be ``None`` (no such goal).

    Examples
    --------
    >>> target = Target(limit=2.0, max_ratio=0.5)
    >>> target.is_met(0.9, 2.0), target.is_met(1.1, 2.0), target.is_met(2.5, 10.0)
    (True, False, False)
    >>> target.describe("s")
    '<= 2 s and <= 0.5x baseline'
    """

    limit: float | None = None
    max_ratio: float | None = None

    def is_met(self, ours: float | None, baseline: float | None) -> bool:
        """Whether ``ours`` meets both goals (a missing measurement meets none)."""
        if ours is None:
            return False
        if self.limit is not None and ours > self.limit:
            return False
        if self.max_ratio is not None:
            share = ratio(ours, baseline)
            if share is None or share > self.max_ratio:
                return False
        return True

    def describe(self, unit: str) -> str:
        """The goal in words, such as ``'<= 150 ms and <= 0.3x baseline'``."""
        parts = []
        if self.limit is not None:
            parts.append(f"<= {self.limit:g} {unit}")
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x baseline")
        return " and ".join(parts) or "-"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: a metric's value for each app, and its target if it has one.

    Examples
    --------
    >>> row = Row("filter rerun", "ms", 30.0, 120.0, Target(limit=150, max_ratio=0.3))
    >>> row.ratio, row.passed
    (0.25, True)
    >>> Row("bytes", "KB", 10.0, 20.0).passed is None
    True
    """

    metric: str
    unit: str
    ours: float | None
    baseline: float | None
    target: Target | None = None
    ours_samples: tuple[float, ...] = ()
    baseline_samples: tuple[float, ...] = ()
    floor: float | None = None
    """The same metric for an empty Streamlit page (Streamlit's floor), where it applies."""
    floor_samples: tuple[float, ...] = ()

    @property
    def ratio(self) -> float | None:
        """``ours / baseline``, or ``None``."""
        return ratio(self.ours, self.baseline)

    @property
    def passed(self) -> bool | None:
        """Whether the target is met; ``None`` for a row without a target."""
        return None if self.target is None else self.target.is_met(self.ours, self.baseline)


def format_value(value: float | None, unit: str) -> str:
    """Format a measurement with its unit, to a sensible precision.

    Examples
    --------
    >>> format_value(1.23456, "s"), format_value(31.7, "ms"), format_value(701.26, "KB")
    ('1.23 s', '32 ms', '701.3 KB')
    >>> format_value(None, "s")
    'n/a'
    """
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    return f"{value:.1f} {unit}"


def _cells(row: Row) -> list[str]:
    share = row.ratio
    verdict = {None: "info", True: "pass", False: "FAIL"}[row.passed]
    return [
        row.metric,
        format_value(row.ours, row.unit),
        format_value(row.baseline, row.unit),
        "-" if row.floor is None else format_value(row.floor, row.unit),
        "n/a" if share is None else f"{share:.2f}x",
        "-" if row.target is None else row.target.describe(row.unit),
        verdict,
    ]


def format_table(rows: Sequence[Row], *, repetitions: int, notes: Sequence[str] = ()) -> str:
    """Render ``rows`` as a Markdown table, preceded by the repetition count, then ``notes``.

    Examples
    --------
    >>> row = Row("rerun", "ms", 30.0, 120.0, Target(limit=150, max_ratio=0.3))
    >>> print(format_table([row], repetitions=5, notes=["Medians."]))
    Medians of N = 5 repetitions.
    <BLANKLINE>
    | metric | ours  | baseline | empty page | ratio | target                         | pass/fail |
    |--------|-------|----------|------------|-------|--------------------------------|-----------|
    | rerun  | 30 ms | 120 ms   | -          | 0.25x | <= 150 ms and <= 0.3x baseline | pass      |
    <BLANKLINE>
    - Medians.
    """
    header = ["metric", "ours", "baseline", "empty page", "ratio", "target", "pass/fail"]
    body = [_cells(row) for row in rows]
    widths = [max(len(line[column]) for line in [header, *body]) for column in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
            + " |"
        )

    lines = [f"Medians of N = {repetitions} repetitions.", "", line(header)]
    lines.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    lines.extend(line(cells) for cells in body)
    if notes:
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines)


def table_json(
    rows: Sequence[Row],
    *,
    repetitions: int,
    notes: Sequence[str] = (),
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The table as JSON-safe data: one dict per row (raw samples included), plus ``extra``.

    Examples
    --------
    >>> data = table_json([Row("x", "ms", 1.0, 4.0, Target(max_ratio=0.3))], repetitions=3)
    >>> data["repetitions"], data["rows"][0]["ratio"], data["rows"][0]["pass"]
    (3, 0.25, True)
    >>> data["all_targets_met"]
    True
    """
    items = [
        {
            "metric": row.metric,
            "unit": row.unit,
            "ours": row.ours,
            "baseline": row.baseline,
            "ratio": row.ratio,
            "target": None if row.target is None else row.target.describe(row.unit),
            "pass": row.passed,
            "ours_samples": list(row.ours_samples),
            "baseline_samples": list(row.baseline_samples),
            "floor": row.floor,
            "floor_samples": list(row.floor_samples),
        }
        for row in rows
    ]
    return {
        "repetitions": repetitions,
        "rows": items,
        "all_targets_met": all(row.passed is not False for row in rows),
        "notes": list(notes),
        **(extra or {}),
    }
