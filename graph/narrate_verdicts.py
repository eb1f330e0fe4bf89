"""What the evidence says of a claim, and who says it: the verdict half of ``graph.narrate``.

Each verdict of ``schema.VERDICTS`` has one sentence template, credited to whoever gives
it (``VERDICT_SOURCES``: reviews, studies, health services' guidance, or "The tool" when
the tool rates the evidence itself, reads USDA food-table amounts, or nobody has), with
its qualifier when the record has one. ``graph.narrate`` re-exports everything here;
import it from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from .ids import EdgeKey
from .portions import BAND_RULE, BAND_WORD
from .schema import VERDICTS

__all__ = [
    "BANDED_READING",
    "DISAGREEING_VERDICTS",
    "FOOD_TABLE_READING",
    "TABLE_SOURCES",
    "VERDICT_SOURCES",
    "derived_verdict_source",
    "edge_verdict_note",
    "edge_verdict_sentence",
    "verdict_label",
    "verdict_note",
    "verdict_sentence",
    "verdict_source",
    "weighed_works",
]


_VERDICT_WORDS: Mapping[str, str] = {
    "supported": "{lead} {find} {claim} supported.",
    "mixed": "{lead} {find} the evidence for {claim} mixed.",
    "insufficient": "{lead} {find} the evidence for {claim} insufficient.",
    "not supported": "{lead} {find} {claim} not supported.",
    "contradicted": "{lead} {find} {claim} contradicted.",
    "possible harm": "{lead} {warn} of possible harm from {claim}.",
    "no evidence found": "{by}: no evidence found for {claim}.",
    "not assessed": "{lead} {have} not assessed {claim} yet.",
    # A record that leaves a claim unassessed says why ("there is nothing to test"): a
    # decision, not a gap to be filled later (tenth read, #8).
    "not assessed on purpose": "{lead} {have} not assessed {claim}.",
}
"""What reviews say of a claim, one sentence per verdict of ``schema.VERDICTS``, and one for
a claim a record leaves unassessed on purpose."""

DISAGREEING_VERDICTS: frozenset[str] = frozenset({"not supported", "contradicted", "possible harm"})
"""Verdicts that disagree with a claim its source makes."""


def verdict_sentence(verdict: str, claim: str = "this claim", by: str = "The tool") -> str:
    """What ``by`` (see ``verdict_source``) say of ``claim``, in the verdict's wording.

    Examples
    --------
    >>> verdict_sentence("not supported")
    'The tool finds this claim not supported.'
    >>> verdict_sentence("not assessed")
    'The tool has not assessed this claim yet.'
    >>> verdict_sentence("not supported", by="Reviews")
    'Reviews find this claim not supported.'
    >>> verdict_sentence("mixed", by="The tool, weighing a review and two studies")
    'The tool, weighing a review and two studies, finds the evidence for this claim mixed.'
    >>> verdict_sentence("supported", "the claim that almonds are rich in magnesium",
    ...                  by=FOOD_TABLE_READING)  # doctest: +NORMALIZE_WHITESPACE
    'The tool (reading USDA food-table amounts) finds the claim that almonds are rich in
    magnesium supported.'
    """
    # "Reviews find", "A review and a guidance page find", "The tool finds"
    singular = by.startswith("The tool") or not (by.endswith("s") or " and " in by)
    return _VERDICT_WORDS[verdict].format(
        claim=claim,
        by=by,
        # "The tool, weighing a study, finds"; "The works cited, a review and ..., find"
        lead=f"{by}," if ", weighing " in by or " cited, " in by else by,
        find="finds" if singular else "find",
        warn="warns" if singular else "warn",
        have="has" if singular else "have",
    )


TABLE_SOURCES: Mapping[str, str] = {"usda-sr-legacy": "USDA food tables"}
"""Data tables a verdict may rest on, by reference key, and how a sentence names them."""
FOOD_TABLE_READING = "The tool (reading USDA food-table amounts)"
"""Who a verdict on a food's amount is credited to: the tool, reading the tables."""
BANDED_READING = f"The tool (reading USDA food-table amounts: {BAND_RULE})"
"""``FOOD_TABLE_READING`` for a record whose words rate an amount ("rich", "moderate")."""

_STUDIES = frozenset(
    {"randomised trial", "cohort", "cross-sectional", "case series", "primary study"}
)
_GUIDANCE = frozenset(
    {
        "patient guidance",
        "clinical reference",
        "government fact sheet",
        "encyclopedia",
        "research summary",
    }
)

VERDICT_SOURCES: Mapping[str, tuple[str, frozenset[str]]] = {
    # USDA publishes amounts, not verdicts: "rich" is the tool's reading of them (fourth read, M6).
    "food tables": (FOOD_TABLE_READING, frozenset({"database"})),
    "none": ("The tool", frozenset()),
    "reviews": (
        "Reviews",
        frozenset({"systematic review", "review", "guideline", "consensus report"}),
    ),
    "studies": ("Studies", _STUDIES),
    "studies and guidance": ("Studies and guidance from health services", _STUDIES | _GUIDANCE),
    "guidance": ("Health services' guidance", _GUIDANCE),
    # Named by the kinds of work cited ("The works cited, a review and a guidance page"),
    # where no one kind speaks for the others (sixth read, m1).
    "cited": ("", _STUDIES | _GUIDANCE | {"systematic review", "review", "guideline"}),
}
"""Who a verdict may be credited to (``Evidence.verdict_by``): the words a sentence names
them by, and the kinds of cited work (``schema.EVIDENCE_TYPES``) that make them so."""


def derived_verdict_source(types: Iterable[str]) -> str:
    """The ``VERDICT_SOURCES`` name the cited kinds of work point to, firmest first: only food
    tables, else any review, else any study, else guidance; "none" when nothing is cited
    (a "no evidence found" or "not assessed" verdict is no review's).

    Examples
    --------
    >>> derived_verdict_source(["cohort", "cross-sectional"])
    'studies'
    >>> derived_verdict_source(["patient guidance", "review"])
    'reviews'
    """
    kinds = set(types)
    if not kinds:
        return "none"
    if kinds <= VERDICT_SOURCES["food tables"][1]:
        return "food tables"
    for name in ("reviews", "studies", "guidance"):
        if kinds & VERDICT_SOURCES[name][1]:
            return name
    return "reviews"


_WEIGHED_KINDS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("review", "reviews", frozenset({"systematic review", "review"})),
    ("consensus report", "consensus reports", frozenset({"consensus report"})),
    ("guideline", "guidelines", frozenset({"guideline"})),
    ("trial", "trials", frozenset({"randomised trial"})),
    ("study", "studies", _STUDIES - {"randomised trial"}),
    ("clinical reference", "clinical references", frozenset({"clinical reference"})),
    ("guidance page", "guidance pages", _GUIDANCE - {"research summary", "clinical reference"}),
    ("research summary", "research summaries", frozenset({"research summary"})),
)
_NUMBERS = ("", "a", "two", "three", "four", "five")


def weighed_works(types: Iterable[str]) -> str:
    """The cited kinds of work in words, for "The tool, weighing ...".

    Examples
    --------
    >>> weighed_works(["review", "cross-sectional", "patient guidance", "cohort"])
    'a review, two studies and a guidance page'
    """
    types = list(types)
    parts = []
    for one, many, kinds in _WEIGHED_KINDS:
        count = sum(kind in kinds for kind in types)
        if count:
            number = _NUMBERS[count] if count < len(_NUMBERS) else str(count)
            parts.append(f"{number} {one if count == 1 else many}")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def verdict_source(evidence: Mapping | None) -> str:
    """Who gives an evidence record's verdict: the record's ``verdict_by`` when it says, else
    the kind its cited works point to (``derived_verdict_source``), so a verdict read off
    USDA amounts, cohort studies or guidance pages is never credited to reviews. A verdict
    the tool rates by weighing cited works names them ("The tool, weighing a review and a
    study"), so a rating no cited work gives is credited to the tool (fifth read, M1).

    Examples
    --------
    >>> verdict_source({"citations": ({"evidence_type": "database"},)})
    'The tool (reading USDA food-table amounts)'
    >>> verdict_source({"citations": ({"evidence_type": "cohort"},)})
    'Studies'
    >>> verdict_source({"citations": ({"evidence_type": "database"},),
    ...                 "qualifier": "rich per 100 g"})  # doctest: +NORMALIZE_WHITESPACE
    'The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is rich,
    10-19% moderate, less modest)'
    >>> verdict_source({"verdict_by": "none", "citations": ({"evidence_type": "cohort"},)})
    'The tool, weighing a study'
    >>> verdict_source({"citations": ({"evidence_type": "review"}, {"evidence_type": "guideline"})})
    'The works cited, a review and a guideline'
    >>> verdict_source({"verdict_by": "cited", "citations": ({"evidence_type": "review"},
    ...                 {"evidence_type": "patient guidance"})})
    'The works cited, a review and a guidance page'
    """
    evidence = evidence or {}
    types = [work.get("evidence_type", "") for work in evidence.get("citations") or ()]
    name = evidence.get("verdict_by") or derived_verdict_source(types)
    if name == "none" and types:
        return f"The tool, weighing {weighed_works(types)}"
    if name == "cited":
        return f"The work{'s' if len(types) > 1 else ''} cited, {weighed_works(types)}"
    if name == "food tables" and BAND_WORD.search(
        f"{evidence.get('qualifier') or ''} {evidence.get('summary') or ''}"
    ):
        return BANDED_READING
    reviewing = [kind for kind in types if kind in VERDICT_SOURCES["reviews"][1]]
    if name == "reviews" and set(reviewing) - {"systematic review", "review"}:
        # A guideline is no review: "The works cited, a review and a guideline, find ..."
        # (eleventh read, #3).
        return f"The works cited, {weighed_works(reviewing)}"
    return VERDICT_SOURCES[name][0]


def edge_verdict_sentence(graph: nx.MultiDiGraph, edge: EdgeKey, claim: str = "this claim") -> str:
    """``verdict_sentence`` for ``edge``, credited to whoever gives its verdict, with the
    verdict's qualifier when the facts give one."""
    data = graph.edges[edge]
    by = verdict_source(data.get("evidence"))
    verdict = data.get("verdict", "not assessed")
    if verdict == "not assessed" and (data.get("evidence") or {}).get("id"):
        verdict = "not assessed on purpose"
    sentence = verdict_sentence(verdict, claim, by=by)
    qualifier = (data.get("evidence") or {}).get("qualifier")
    return f"{sentence[:-1]} ({qualifier})." if qualifier else sentence


def verdict_label(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The verdict of ``edge`` as a short label, with its qualifier when the facts give one.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> verdict_label(graph, ("seated-toe-pull", "calf-cramp", "relieves"))
    'supported (consensus; low-quality evidence)'
    """
    data = graph.edges[edge]
    label = VERDICTS[data.get("verdict", "not assessed")].label
    qualifier = (data.get("evidence") or {}).get("qualifier")
    return f"{label} ({qualifier})" if qualifier else label


def verdict_note(verdict: str) -> str:
    """The sentence narration adds after a weak link (``Verdict.is_weak``), else ``""``."""
    return verdict_sentence(verdict) if VERDICTS[verdict].is_weak else ""


def edge_verdict_note(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The sentence a one-line row or a path step adds after a claim, else ``""``.

    A weak verdict (``Verdict.is_weak``) says so; a verdict with a qualifier says it with
    its scope, so a row read aloud is no broader than its evidence; a claim not assessed
    says that too, so an article claim never stands without a word on its evidence.
    Credited as ``edge_verdict_sentence`` credits it.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> edge_verdict_note(graph, ("dried-apricots", "calcium", "rich_in"))
    ... # doctest: +NORMALIZE_WHITESPACE
    'The tool (reading USDA food-table amounts: 20% or more of the higher RDA given is rich,
    10-19% moderate, less modest) finds this claim not supported.'
    >>> edge_verdict_note(graph, ("vitamin-d", "magnesium", "needed_for_absorption_of"))
    'The tool has not assessed this claim.'
    >>> edge_verdict_note(graph, ("vitamin-d", "calcium", "needed_for_absorption_of"))
    ''
    """
    data = graph.edges[edge]
    verdict = data.get("verdict", "not assessed")
    qualified = bool((data.get("evidence") or {}).get("qualifier"))
    if VERDICTS[verdict].is_weak or qualified or verdict == "not assessed":
        return edge_verdict_sentence(graph, edge)
    return ""
