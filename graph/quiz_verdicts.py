"""Which verdicts a quiz item on a claim's evidence leaves out of its wrong options.

An item has one defensible answer only if no wrong option is one a reader could defend,
from the record itself or by the tool's own rules: the neighbouring verdicts of the
food-amount rule (walnuts' calcium "not supported" beside almonds' "mixed"), "supported"
where only guidance advises it (massage beside the toe pull the tool rates supported on
the same consensus), and the verdicts a record's own words speak of (eighth read, #9).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import networkx as nx

from .ids import EdgeKey
from .narrate import VERDICT_SOURCES

__all__ = ["CLOSE_VERDICTS", "FOOD_RULE_SCALE", "NAMED_IN_RECORD", "close_verdicts"]

CLOSE_VERDICTS: Mapping[str, frozenset[str]] = {
    "no evidence found": frozenset({"insufficient", "not supported"}),
    "insufficient": frozenset({"no evidence found", "not supported"}),
    "not supported": frozenset({"contradicted", "insufficient", "no evidence found"}),
    "contradicted": frozenset({"not supported"}),
}
"""Verdicts a reader may fairly take for the right one ("no evidence found" is insufficient
evidence, and in plain English a claim nothing backs is "not supported": ninth read, #3; a
food with 5% of the RDA does not support, and arguably contradicts, "rich in"; two null
association studies make "insufficient" arguably "not supported": fourth read, M5)."""

NAMED_IN_RECORD: Mapping[str, re.Pattern[str]] = {
    "possible harm": re.compile(r"\b(?:harms?|risks?|unsafe)\b", re.IGNORECASE),
    "contradicted": re.compile(r"\bcontradict", re.IGNORECASE),
    "mixed": re.compile(r"\b(?:mixed|conflict(?:s|ing)?)\b", re.IGNORECASE),
}
"""Verdicts a record's own summary or note speaks of: an item whose explanation says
"possible risks ... an infected puncture" never offers "possible harm" (fifth read, M4)."""

FOOD_RULE_SCALE: tuple[str, ...] = ("not supported", "mixed", "supported")
"""The verdicts the food-amount rule gives, in order: rich on neither basis, on one, on
both (``graph.portions``). Where the line falls is the tool's own threshold."""

_GUIDANCE_KINDS = VERDICT_SOURCES["guidance"][1]


def close_verdicts(graph: nx.MultiDiGraph, edge: EdgeKey) -> frozenset[str]:
    """The verdict names an item on the evidence for ``edge`` never offers as wrong.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> sorted(close_verdicts(graph, ("walnuts", "calcium", "rich_in")))
    ['contradicted', 'insufficient', 'mixed', 'no evidence found']
    >>> "supported" in close_verdicts(graph, ("pinching-massage", "calf-cramp", "relieves"))
    True
    """
    data = graph.edges[edge]
    verdict = data.get("verdict", "not assessed")
    evidence = data.get("evidence") or {}
    close = set(CLOSE_VERDICTS.get(verdict, ()))
    said = f"{evidence.get('summary', '')} {evidence.get('note', '')}"
    close |= {name for name, words in NAMED_IN_RECORD.items() if words.search(said)}
    if data.get("amounts") and verdict in FOOD_RULE_SCALE:
        at = FOOD_RULE_SCALE.index(verdict)
        close |= set(FOOD_RULE_SCALE[max(at - 1, 0) : at + 2]) - {verdict}
    kinds = {work.get("evidence_type") for work in evidence.get("citations") or ()}
    if kinds and kinds <= _GUIDANCE_KINDS and verdict != "supported":
        close.add("supported")
    return frozenset(close)
