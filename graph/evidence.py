"""Evidence: what reviews say of each claim, in one place.

``load`` checks that every edge has exactly one evidence record, ``build`` stores the
record of each edge on it (``evidence_record``), and every reader asks this module for an
edge's verdict and record instead of reaching into the edge's data with its own default:
an edge no record covers is ``not assessed`` and has the empty record ``{}``.

This module depends on ``schema`` only, so any module, narration included, may use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import networkx as nx

from .ids import EdgeKey
from .schema import VERDICTS, Evidence, Verdict

__all__ = [
    "UNASSESSED",
    "citation_rows",
    "edge_evidence",
    "edge_verdict",
    "evidence_record",
    "verdict_name",
    "works_cited",
]

UNASSESSED = "not assessed"
"""The verdict of a claim no evidence record judges."""

_NO_RECORD: Mapping[str, Any] = MappingProxyType({})


def evidence_record(record: Evidence | None, references: Mapping[str, dict[str, Any]]) -> dict:
    """The evidence record as an edge of the graph carries it (``{}`` for no record).

    Citations are the reference dicts themselves (``build.reference_record``), so a reader
    needs no lookup; keys without a value are left out, so exports stay small and stable.
    """
    if record is None:
        return {}
    data: dict[str, Any] = {
        "id": record.id,
        "summary": record.summary,
        "citations": tuple(references[key] for key in record.citations),
    }
    if record.related:
        # Works cited as context only (about another intervention, say), not as evidence.
        data["related"] = tuple(references[key] for key in record.related)
    if record.facts_row:
        data["facts_row"] = record.facts_row
    if record.note:
        data["note"] = record.note
    if record.qualifier:
        data["qualifier"] = record.qualifier
    if record.verdict_by:
        data["verdict_by"] = record.verdict_by
    return dict(sorted(data.items()))


def verdict_name(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The verdict reviews give the claim ``edge`` (``(subject, object, relation)``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> verdict_name(build_graph(load_knowledge_base()), ("lemon-rub", "calf-cramp", "relieves"))
    'no evidence found'
    """
    return graph.edges[edge].get("verdict", UNASSESSED)


def edge_verdict(graph: nx.MultiDiGraph, edge: EdgeKey) -> Verdict:
    """The ``schema.Verdict`` of the claim ``edge``: its label, icon and weight."""
    return VERDICTS[verdict_name(graph, edge)]


def edge_evidence(graph: nx.MultiDiGraph, edge: EdgeKey) -> Mapping[str, Any]:
    """The evidence record covering ``edge`` (``id``, ``summary``, ``citations``, ...), or
    an empty mapping when none does.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> edge_evidence(graph, ("almonds", "magnesium", "rich_in"))["facts_row"]
    'E15'
    """
    return graph.edges[edge].get("evidence") or _NO_RECORD


def citation_rows(evidence: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The works an evidence record cites, as JSON-safe ``{"key", "short", "citation",
    "link"}`` dicts in the record's order."""
    return [
        {
            "key": ref["key"],
            "short": ref["short"],
            "citation": ref["citation"],
            "link": ref.get("link"),
        }
        for ref in evidence.get("citations", ())
    ]


def works_cited(graph: nx.MultiDiGraph, evidence_ids: Iterable[str]) -> list[str]:
    """The works the evidence records ``evidence_ids`` cite (or cite as context only), each
    once, as a reader can look them up ("Allen & Kirby 2012 (review, Am Fam Physician)"):
    narration read aloud says "a family-medicine review", and the step names it beside
    (thirteenth read, F6).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> works_cited(graph, ["magnesium-prevents-cramps"])
    ['Garrison SR et al. 2020 (systematic review, Cochrane CD009402.pub3)']
    """
    wanted = set(evidence_ids)
    cited: dict[str, Mapping[str, Any]] = {}
    context: dict[str, Mapping[str, Any]] = {}
    for *_, record in graph.edges(data="evidence"):
        if (record or {}).get("id") in wanted:
            cited.update((ref["key"], ref) for ref in record.get("citations", ()))
            context.update((ref["key"], ref) for ref in record.get("related", ()))
    named = [_work(ref) for ref in cited.values()]
    named += [_work(ref, ", as context") for key, ref in context.items() if key not in cited]
    return sorted(named, key=str.casefold)


def _work(ref: Mapping[str, Any], context: str = "") -> str:
    short, venue, kind = ref["short"], ref.get("venue") or "", ref["evidence_type"]
    if venue.startswith(kind):  # "review (journal not recorded)" says its kind itself
        kind, venue = venue, ""
    where = f", {venue}" if venue and venue not in short and short not in venue else ""
    return f"{short} ({kind}{where}{context})"
