"""The candidate questions of each kind ``quiz.make_quiz`` asks, drawn from the graph.

A candidate is a question before its options are drawn: the right option, the pool of
wrong ones and how to explain them. What makes an option right or wrong for each kind is
told in ``graph.quiz``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

import networkx as nx

from .cues import HEARSAY, HEDGE
from .ids import EdgeKey as Edge
from .narrate import (
    DISAGREEING_VERDICTS,
    chain_sentence,
    claim_sentence,
    clause,
    edge_verdict_sentence,
    join,
    listed_with,
    lower_first,
    quotes_sentence,
    relation_phrase,
)
from .query import central_node
from .quiz_quotes import edge_quotes, is_articles_word, is_hearsay, named_in, names_both_ends
from .quiz_verdicts import close_verdicts
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS, graph_edge_id

__all__ = [
    "CAUSE_DECOY_TYPES",
    "KINDS",
    "RELATION_QUESTIONS",
    "WEAK_VERDICTS",
    "Candidate",
    "candidates",
]

KINDS: tuple[str, ...] = ("path", "cause", "relation", "verdict", "strength")
"""Every kind of question ``make_quiz`` asks, as ``Question.kind`` names them."""

CAUSE_DECOY_TYPES: tuple[str, ...] = ("nutrient", "food", "remedy")
"""Node types whose nodes make wrong answers to "which is a cause?": a nutrient is easily
taken for the lack of it. Not contexts: the article's "during swimming", "at rest or ...
tension" can be read as triggers, so a context is no clearly wrong answer (seventh read,
#4)."""

RELATION_QUESTIONS: frozenset[str] = frozenset(
    {
        "rich_in",
        "supplies",
        "needed_for_absorption_of",
        "relieves",
        "prevents",
        "treats",
        "recommended_for",
        "used_during",
        "contributes_to",
    }
)
"""Relations asked about as "which X does the article say <relation> Y?". Causal ones
have their own kind; ``occurs_during`` only ever starts at the cramp itself and
``deficiency_of`` answers itself ("which cause is a deficiency of magnesium?")."""

_LEAST_WRONG = 2
"""Fewest wrong options a question may have: three options in all."""
_UNASSESSED = "not assessed"
WEAK_VERDICTS: frozenset[str] = frozenset(
    {"not supported", "insufficient", "contradicted", "no evidence found", "possible harm"}
)
"""Verdicts of a step a path question may not walk through: the evidence does not back it."""
_STRENGTH_WORDS: dict[str, re.Pattern[str]] = {"suggests": HEDGE, "anecdotal": HEARSAY}
"""Words a quote must hold for a strength whose description names such words ("The source
hedges: "may", "can""): without them the option would misquote the source. A quote that
holds the words of another strength is asked about by no strength item: "Many recommend
... - citric acid relieves spasm" is hearsay and a plain claim at once."""
_DEFINITIONAL: frozenset[str] = frozenset({"deficiency_of"})
"""Relations true by their names ("vitamin D deficiency is a deficiency of vitamin D"):
asking how firmly, or how well backed, they are tests nothing (fourth read, m10)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A question before its options are drawn: the right option and the pool of wrong ones.

    ``topics`` name what it is about (edges, a relation to one node), so that one quiz
    does not ask about the same claim twice or give away one answer in another question.
    ``wrong`` holds ``(label, node id)`` pairs (the id is ``""`` for vocabulary options);
    ``explain`` writes the explanation, given the ids of the wrong options drawn, so it
    can say why those are wrong. ``scale`` is the vocabulary the options come from, in
    its own order (verdicts, strengths): such options are listed in that order, node
    options are shuffled.
    """

    kind: str
    topics: frozenset[str]
    prompt: str
    right: str
    wrong: tuple[tuple[str, str], ...]
    explain: Callable[[Sequence[str]], str]
    scale: tuple[str, ...] = ()


def _label(graph: nx.MultiDiGraph, node_id: str) -> str:
    return str(graph.nodes[node_id]["label"])


def _name(graph: nx.MultiDiGraph, node_id: str) -> str:
    """A node's label as it reads inside a sentence."""
    return lower_first(_label(graph, node_id))


def _type_word(node_type: str) -> str:
    kind = NODE_TYPES.get(node_type)
    return (kind.label if kind else node_type).lower()


def _types_word(node_type: str) -> str:
    kind = NODE_TYPES.get(node_type)
    return (kind.plural if kind else f"{node_type}s").lower()


def _adjacent(graph: nx.MultiDiGraph, one: str, other: str) -> bool:
    return graph.has_edge(one, other) or graph.has_edge(other, one)


def _by_label(graph: nx.MultiDiGraph, node_ids: Iterable[str]) -> list[str]:
    return sorted(node_ids, key=lambda node_id: (_label(graph, node_id).casefold(), node_id))


def _nodes_of_type(graph: nx.MultiDiGraph, node_type: str) -> list[str]:
    return _by_label(graph, (n for n, t in graph.nodes(data="type") if t == node_type))


def _wrong_nodes(
    graph: nx.MultiDiGraph, right: str, wrong: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    """``(label, id)`` of ``wrong``, without any that reads the same as ``right`` or another."""
    seen = {_label(graph, right).casefold()}
    found = []
    for node_id in wrong:
        label = _label(graph, node_id)
        if label.casefold() not in seen:
            seen.add(label.casefold())
            found.append((label, node_id))
    return tuple(found)


def _fixed(text: str) -> Callable[[Sequence[str]], str]:
    """An explanation that does not depend on which wrong options were drawn."""
    return lambda _shown: text


def _sorted_edges(graph: nx.MultiDiGraph) -> list[Edge]:
    return sorted(graph.edges(keys=True))


def _edge_topic(edge: Edge) -> str:
    return graph_edge_id(edge)


def _first_edge(graph: nx.MultiDiGraph, subject: str, obj: str) -> Edge | None:
    """The first edge from ``subject`` to ``obj`` (by relation name) that is not hearsay."""
    for key in sorted(graph[subject][obj]):
        if not is_hearsay(graph, (subject, obj, key)):
            return (subject, obj, key)
    return None


# --- the kinds -------------------------------------------------------------------------


def _path_candidates(graph: nx.MultiDiGraph, hub: str) -> Iterator[Candidate]:
    """Middle nodes of two-step chains ``A -> M -> B`` that no other node of M's type shares.

    The cramp is never the middle: through it everything links to everything. Wrong
    options are nodes of M's type that do not touch both ends (in either direction).
    """
    for start in sorted(graph):
        for middle in sorted(set(graph.successors(start)) - {start, hub}):
            for end in sorted(set(graph.successors(middle)) - {start, middle}):
                first, second = _first_edge(graph, start, middle), _first_edge(graph, middle, end)
                if first is None or second is None or _weak_step(graph, first, second):
                    continue
                node_type = graph.nodes[middle]["type"]
                same_type = [n for n in _nodes_of_type(graph, node_type) if n not in (start, end)]
                touching = {
                    n for n in same_type if _adjacent(graph, n, start) and _adjacent(graph, n, end)
                }
                if touching != {middle}:
                    continue
                yield Candidate(
                    "path",
                    frozenset({f"path:{start}>{end}"}),
                    f"Which {_type_word(node_type)} links {_name(graph, start)} to "
                    f"{_name(graph, end)}?",
                    _label(graph, middle),
                    _wrong_nodes(graph, middle, (n for n in same_type if n not in touching)),
                    _fixed(chain_sentence(graph, first, second)),
                )


def _weak_step(graph: nx.MultiDiGraph, *edges: Edge) -> bool:
    """Whether a chain walks through a step the evidence does not back (``WEAK_VERDICTS``),
    nobody has assessed, or that is the tool's reading rather than its source's words.

    A question "which X links A to B?" presents the chain as a link; it is asked only when
    every step is a claim its source makes and no step is rated against or unassessed
    ("Which cause links mineral medications to magnesium?" walked the tool's unassessed
    reading that medications treat a deficiency: sixth read, M7).
    """
    return any(
        graph.edges[edge].get("verdict", _UNASSESSED) in WEAK_VERDICTS | {_UNASSESSED}
        or graph.edges[edge]["strength"] == "inferred"
        for edge in edges
    )


def _lacks_causing(graph: nx.MultiDiGraph, hub: str) -> set[str]:
    """Nodes whose lack the graph holds as a cause of ``hub`` ("a lack of calcium")."""
    return {
        obj
        for subject, obj, key in graph.edges(keys=True)
        if key == "deficiency_of" and graph.has_edge(subject, hub)
    }


def _causal_edges(graph: nx.MultiDiGraph, node_id: str) -> list[Edge]:
    return [
        (node_id, obj, key)
        for _, obj, key in sorted(graph.out_edges(node_id, keys=True))
        if key in RELATIONS and RELATIONS[key].causal
    ]


def _cause_candidates(graph: nx.MultiDiGraph, hub: str) -> Iterator[Candidate]:
    """Causes the article states for the central node, against nodes that cause nothing.

    Only "causes" stated in the article's words is a right answer (a hedged association
    is not a named cause); a nutrient whose lack is a cause is never a wrong one.
    """
    lacking = _lacks_causing(graph, hub)
    decoys = [
        node_id
        for node_type in CAUSE_DECOY_TYPES
        for node_id in _nodes_of_type(graph, node_type)
        if not _causal_edges(graph, node_id)
        and node_id not in lacking
        and not graph.has_edge(hub, node_id)
        and _is_looked_up(graph, node_id)
    ]
    for cause in filter(partial(_is_looked_up, graph), _nodes_of_type(graph, "cause")):
        edges = [
            edge
            for edge in _causal_edges(graph, cause)
            if edge[1] == hub and edge[2] == "causes" and graph.edges[edge]["strength"] == "states"
        ]
        if not edges:
            continue
        said = f"{claim_sentence(graph, edges[0])} {quotes_sentence(graph, edges)}"
        yield Candidate(
            "cause",
            frozenset({f"cause>{hub}", *map(_edge_topic, edges)}),
            f"Which of these does the article name as a cause of {_name(graph, hub)}?",
            _label(graph, cause),
            _wrong_nodes(graph, cause, _by_label(graph, decoys)),
            partial(_explain_cause, graph, hub, said),
        )


def _is_looked_up(graph: nx.MultiDiGraph, node_id: str) -> bool:
    """Whether a node names a thing a class can look up (a MeSH descriptor, exact or
    nearest): catch-alls ("Other causes", "Almost everyone", "Without warning") have none,
    so they are never a key or a wrong answer of a "which cause" item (seventh read, #4)."""
    data = graph.nodes[node_id]
    return bool((data.get("identifiers") or {}).get("mesh") or data.get("related_mesh"))


def _explain_cause(graph: nx.MultiDiGraph, hub: str, said: str, shown: Sequence[str]) -> str:
    """Why the wrong options are wrong, by what the article says of them (cramps come
    *during* sleep), not by a link missing from the data (third read, finding 9)."""
    shown = _by_label(graph, shown)
    names = join([_name(graph, node_id) for node_id in shown], "or")
    links = [
        claim_sentence(graph, (hub, node_id, key))
        for node_id in shown
        for key in sorted(graph.get_edge_data(hub, node_id) or {})
    ]
    text = f"{said} The article names none of {names} as a cause of {_name(graph, hub)}."
    return " ".join([text, *links])


def _relation_edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str], list[Edge]]:
    """Edges of the relations asked about, grouped by ``(relation, object)``."""
    grouped: dict[tuple[str, str], list[Edge]] = {}
    for edge in _sorted_edges(graph):
        if edge[2] in RELATION_QUESTIONS:
            grouped.setdefault((edge[2], edge[1]), []).append(edge)
    return dict(sorted(grouped.items()))


def _unrelated(graph: nx.MultiDiGraph, node_type: str, obj: str) -> list[str]:
    """Nodes of ``node_type`` without any edge to or from ``obj``, by label."""
    return [
        n for n in _nodes_of_type(graph, node_type) if n != obj and not _adjacent(graph, n, obj)
    ]


def _relation_candidates(graph: nx.MultiDiGraph) -> Iterator[Candidate]:
    """Subjects of a relation to one object, against same-type nodes with no edge to it."""
    for (key, obj), edges in _relation_edges(graph).items():
        relation = RELATIONS[key]
        for edge in edges:
            subject, quotes = edge[0], edge_quotes(graph, edge)
            # The right answer is in the article's words, and no wrong one is named there.
            if not is_articles_word(graph, edge) or not named_in(graph, subject, quotes):
                continue
            # Nor is a claim the article words otherwise ("sources of calcium") asked as
            # "rich in" (fifth read, m6).
            if relation_phrase(graph, edge) not in (relation.phrase, relation.phrase_plural):
                continue
            node_type = graph.nodes[subject]["type"]
            unrelated = _unrelated(graph, node_type, obj)
            # A list's item is asked as listed (eighth read, #3): rich in both, so a food the
            # article names for one of them only (buckwheat "containing a lot of magnesium")
            # is no second answer (nineteenth read, #7).
            listed = [_name(graph, node) for node in listed_with(graph, edge)]
            said = f"say {relation.phrase} {_name(graph, obj)}"
            if listed:
                both = "both " if len(listed) == 2 else "all of "
                said = f"list among {_types_word(node_type)} {relation.label} {both}{join(listed)}"
            yield Candidate(
                "relation",
                frozenset({f"relation:{key}>{obj}", _edge_topic(edge)}),
                f"Which {_type_word(node_type)} does the article {said}?",
                _label(graph, subject),
                _wrong_nodes(
                    graph, subject, (n for n in unrelated if not named_in(graph, n, quotes))
                ),
                _fixed(
                    f"{claim_sentence(graph, edge)} {quotes_sentence(graph, [edge])}"
                    # The explanation corrects what the evidence disagrees with (fourth read,
                    # M4), naming the one nutrient it judges when the item asks of a list's
                    # two (fourteenth read, #3).
                    f"{_disagreement(graph, edge, named=bool(listed))}"
                ),
            )


def _disagreement(graph: nx.MultiDiGraph, edge: Edge, *, named: bool = False) -> str:
    """What the evidence says of a claim it disagrees with, as a trailing sentence, else "".

    A relation item keys the article's claim; a class drilled on it must hear the
    correction too ("dried apricots are rich in calcium": 55 mg per 100 g). ``named`` says
    the claim in words, for an item that asks of a list's two nutrients.
    """
    data = graph.edges[edge]
    if data.get("verdict") not in DISAGREEING_VERDICTS:
        return ""
    claim = f"the claim that {clause(graph, edge)}" if named else "this claim"
    return f" {_evidence_said(graph, edge, claim)}".rstrip()


def _evidence_said(graph: nx.MultiDiGraph, edge: Edge, claim: str = "this claim") -> str:
    """The verdict's sign and sentence on ``claim``, the record's summary and what it cites."""
    data = graph.edges[edge]
    evidence = data.get("evidence") or {}
    if not evidence.get("summary"):
        return ""
    return (
        f"{VERDICTS[data['verdict']].icon} {edge_verdict_sentence(graph, edge, claim)} "
        f"{evidence['summary']}{_cited(evidence)}"
    )


def _cited(evidence: dict) -> str:
    shorts = [citation["short"] for citation in evidence.get("citations", ())]
    return f" ({'; '.join(shorts)})" if shorts else ""


def _verdict_candidates(graph: nx.MultiDiGraph) -> Iterator[Candidate]:
    """What reviews say of a claim, among the other verdicts (never "not assessed")."""
    scale = tuple(verdict.label for name, verdict in VERDICTS.items() if name != _UNASSESSED)
    for edge in _sorted_edges(graph):
        data = graph.edges[edge]
        verdict = VERDICTS.get(data.get("verdict", _UNASSESSED))
        evidence = data.get("evidence") or {}
        # A qualified verdict ("supported (consensus; ...)") is no bare option of the scale.
        if verdict is None or verdict.name == _UNASSESSED or not evidence.get("summary"):
            continue
        if evidence.get("qualifier") or edge[2] in _DEFINITIONAL:
            continue
        close = {VERDICTS[name].label for name in close_verdicts(graph, edge)}
        # The tool's own reading is no claim of the article's: the item says whose it is.
        claim = (
            f"the tool's reading (not the article's words) that {clause(graph, edge)}"
            if data["strength"] == "inferred"
            else f"the claim that {clause(graph, edge)}"
        )
        yield Candidate(
            "verdict",
            frozenset({_edge_topic(edge)}),
            f"What does the evidence say about {claim}?",
            verdict.label,
            tuple((label, "") for label in scale if label != verdict.label and label not in close),
            _fixed(f"{quotes_sentence(graph, [edge])} {_evidence_said(graph, edge, claim)}"),
            scale,
        )


def _strength_candidates(graph: nx.MultiDiGraph) -> Iterator[Candidate]:
    """How firmly the article words a claim, when all its quotes word it alike."""
    ordered = sorted(STRENGTHS.values(), key=lambda strength: -strength.rank)
    # Options are choices, not sentences: the descriptions without their full stops.
    scale = tuple(strength.description.rstrip(".") for strength in ordered)
    for edge in _sorted_edges(graph):
        strengths = {item["strength"] for item in graph.edges[edge]["provenance"]}
        if len(strengths) != 1 or not strengths <= set(STRENGTHS) or edge[2] in _DEFINITIONAL:
            continue
        strength = STRENGTHS[strengths.pop()]
        # A reading of one sentence differs from its quote by scope or wording only ("leg
        # cramps" read as calf cramps): "says it plainly" is then defensible too, so only a
        # claim the tool joins from several quotes is asked as its reading (sixth read, M6).
        if strength.name == "inferred" and len(set(edge_quotes(graph, edge))) < 2:
            continue
        # Nor when one quote names both ends in substance: "Doctors prescribe these two
        # trace elements in combination with vitamin D" says medications supply them, so
        # "says it plainly" is defensible too (seventh read, #5).
        if strength.name == "inferred" and any(
            names_both_ends(graph, edge, quote) for quote in edge_quotes(graph, edge)
        ):
            continue
        # "Says it plainly" of quotes that never name the claim's object is open to the
        # answer "the tool's reading" too (third read, finding 9): no such item is asked.
        # Nor of quotes that never name its subject: "Doctors prescribe these two trace
        # elements" names no medication, so "mineral medications supply vitamin D" is the
        # tool's joining of two sentences (fifth read, M5).
        if strength.name == "states" and not all(
            named_in(graph, end, edge_quotes(graph, edge)) for end in edge[:2]
        ):
            continue
        words = _STRENGTH_WORDS.get(strength.name)
        if words and not all(words.search(quote) for quote in edge_quotes(graph, edge)):
            continue
        if any(
            other.search(quote)
            for name, other in _STRENGTH_WORDS.items()
            if name != strength.name
            for quote in edge_quotes(graph, edge)
        ):
            continue
        right = strength.description.rstrip(".")
        yield Candidate(
            "strength",
            frozenset({_edge_topic(edge)}),
            # The stem does not presume the article makes the claim (fourth read, m9).
            f"Where does the claim that {clause(graph, edge)} come from, and how firmly"
            " is it made?",
            right,
            tuple((text, "") for text in scale if text != right),
            _fixed(f"{quotes_sentence(graph, [edge])} {strength.description}"),
            scale,
        )


def candidates(graph: nx.MultiDiGraph) -> dict[str, list[Candidate]]:
    """The candidates of each of ``KINDS`` in ``graph``, with enough wrong options."""
    hub = central_node(graph)
    found = {
        "path": _path_candidates(graph, hub),
        "cause": _cause_candidates(graph, hub),
        "relation": _relation_candidates(graph),
        "verdict": _verdict_candidates(graph),
        "strength": _strength_candidates(graph),
    }
    return {
        kind: [candidate for candidate in found[kind] if len(candidate.wrong) >= _LEAST_WRONG]
        for kind in KINDS
    }
