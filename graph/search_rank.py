"""How well a node's names match what someone typed: the one rule every search ranks by.

The curated graph (``graph.query.search``), an imported file (``graph.memory``) and a
FalkorDB server (``graph.backends.falkor``) all score nodes with ``best_of_each``, so the
same data answers the same search the same way, whichever holds it. A name equal to the
text scores 100; a name holding every typed word (or word start) 85 to 95, less the
longer it is; any other name its rapidfuzz ``WRatio`` scaled by 0.85, from a cutoff up.
Case, hyphens and punctuation do not count.

Examples
--------
>>> query = compile_query("almnd")
>>> best_of_each(query, [[("almonds", "id"), ("almond", "synonym")]])
[NameMatch(score=77.27272727272727, name='almond', kind='fuzzy')]
>>> best_of_each(compile_query("a"), [[("a", "id"), ("<b>x</b>", "label")]])[0].kind
'id'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

__all__ = [
    "FUZZY_CUTOFF",
    "FUZZY_WEIGHT",
    "MIN_FUZZY_CHARS",
    "NameMatch",
    "Query",
    "best_of_each",
    "compile_query",
    "fold_query",
    "near_spelling",
]

FUZZY_CUTOFF = 75.0
"""Lowest ``WRatio`` (0-100) a name may have with the text and still match."""

FUZZY_WEIGHT = 0.85
"""A fuzzy match's ``WRatio`` is scaled by this, so it ranks below every name holding the
typed words."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The best name of a node: its score (0-100), the name, and how it matched.

    ``kind`` is the name's own kind (``"id"``, ``"label"``, ``"synonym"``, ...) when it
    equals the text, else ``"partial"`` or ``"fuzzy"``.
    """

    score: float
    name: str
    kind: str


def fold_query(text: str) -> str:
    """Fold a text for matching: lower case, hyphens and punctuation as spaces.

    Examples
    --------
    >>> fold_query("  Charley-HORSE! ")
    'charley horse'
    """
    return utils.default_process(text.replace("-", " "))


MIN_FUZZY_CHARS = 3
"""Fewer typed characters than this are no spelling of anything ("x" is not "varix")."""


def near_spelling(query: str, name: str) -> bool:
    """Whether ``query`` can be a misspelling of ``name``, not a scrap of it: three or
    more characters, and at least half the name's length (QA pass: "x" was read as
    "varix", "ab" as "diabetes mellitus", with no word of it).

    Examples
    --------
    >>> near_spelling("almnd", "almonds"), near_spelling("x", "varix")
    (True, False)
    """
    return len(query) >= MIN_FUZZY_CHARS and 2 * len(query) >= len(name)


class Query:
    """A folded query with its word patterns compiled once, for the many names it meets."""

    def __init__(self, query: str) -> None:
        self.text = query
        words = [re.escape(word) for word in query.split()]
        self.starts = [re.compile(rf"\b{word}") for word in words]
        self.wholes = [re.compile(rf"\b{word}\b") for word in words]

    def _named(self, folded: str) -> tuple[float, str] | None:
        if folded == self.text:
            return 100.0, "exact"
        if all(start.search(folded) for start in self.starts):
            whole = all(pattern.search(folded) for pattern in self.wholes)
            extra = min(len(folded) - len(self.text), 20) / 4
            return (95.0 if whole else 90.0) - extra, "partial"
        return None

    def score_all(self, names: Sequence[str], cutoff: float) -> list[tuple[float, str] | None]:
        """``(score, "exact" | "partial" | "fuzzy")`` or ``None`` for each name.

        The fuzzy scores of all names holding neither the text nor its words come from
        one call of rapidfuzz (its loop in C, not Python's).
        """
        folded = [fold_query(name) for name in names]
        results = [self._named(text) for text in folded]
        fuzzy = [
            index
            for index, found in enumerate(results)
            if found is None and near_spelling(self.text, folded[index])
        ]
        if fuzzy:
            ratios = process.cdist(
                [self.text],
                [folded[index] for index in fuzzy],
                scorer=fuzz.WRatio,
                processor=None,
                dtype=np.float64,
            )[0]
            for index, ratio in zip(fuzzy, ratios.tolist(), strict=True):
                if ratio >= cutoff:
                    results[index] = (ratio * FUZZY_WEIGHT, "fuzzy")
        return results


def best_of_each(
    query: Query, nodes: Sequence[Sequence[tuple[str, str]]], *, cutoff: float = FUZZY_CUTOFF
) -> list[NameMatch | None]:
    """The best of each node's ``(name, kind)`` list against the query, or ``None``, all
    names scored at once. A higher score wins; at the same score a name holding the words
    beats a fuzzy one, then the earlier name (ids first, then labels, then synonyms, as
    callers give them)."""
    flat = [(node, name, kind) for node, names in enumerate(nodes) for name, kind in names]
    scored = query.score_all([name for _, name, _ in flat], cutoff)
    best: list[NameMatch | None] = [None] * len(nodes)
    keys = [(-1.0, False)] * len(nodes)
    for (node, name, kind), found in zip(flat, scored, strict=True):
        if found is None:
            continue
        score, how = found
        key = (score, how != "fuzzy")
        if key > keys[node]:
            keys[node] = key
            best[node] = NameMatch(score, name, kind if how == "exact" else how)
    return best


def compile_query(text: str) -> Query | None:
    """Fold ``text`` and compile its word patterns, for ``best_of_each``; ``None`` when nothing
    is left to match."""
    folded = fold_query(text)
    return Query(folded) if folded else None
