"""Multiple-choice questions generated from the graph, each answerable from its edges.

Every question has exactly one correct option, and the graph says why: an edge (or a
two-edge chain) of the article supports the right option, and no wrong option has the
link the question asks about. Wrong options about nodes are nodes of the same type as the
right one (for "which is a cause?", nodes of the types a reader confuses with causes:
the times cramps happen, and nutrients, never one whose *lack* is a cause), so they are
plausible; options about claims are the vocabulary's verdicts or strengths.

Kinds of question (``Question.kind``):

``"path"``
    "Which nutrient links X to Y?": the middle node of a two-step chain ``A -> M -> B``
    whose steps are both claims their source makes and the evidence supports or rates
    mixed (none rated against, ``quiz_candidates.WEAK_VERDICTS``, unassessed or the tool's
    reading: sixth read, M7); wrong options touch at most one end. The seed has no such
    chain, so its quizzes hold no path item.
``"cause"``
    "Which of these does the article name as a cause of calf muscle cramp?": a cause the
    article states (``causes``, ``states``); wrong options have no causal edge.
``"relation"``
    "Which food does the article say is rich in calcium?": the subject of an edge whose
    quotes name it (else the link is the tool's reading); wrong options have no edge at
    all to its object and are not named in those quotes (no second right answer).
``"verdict"``
    "What does the evidence say about the claim that ...?": the edge's verdict, unless the
    facts qualify it (a bare label would overstate it).
``"strength"``
    "Where does the claim that ... come from, and how firmly is it made?": the strength
    of the edge's quotes; one whose description names words (hedges, hearsay) only when
    they hold them.

Every right answer rests on an edge the data holds: no question asks what the article
does *not* say, since a claim missing from the data is no evidence the article never
makes it. Only claims in the article's own voice (``states``, ``suggests``) answer "what
does the article say"; hearsay (``anecdotal``) and the tool's readings (``inferred``) are
never the right answer there, nor a wrong one: the verdict and strength questions are
where they belong. A path question never passes through the tool's reading, an
unassessed claim or hearsay. Explanations are worded by ``graph.narrate``, so each
sentence says who makes the claim, and quote each claim's own words after it.
No more than ``PER_RECORD`` questions of one quiz rest on one evidence record, so one
reading (the tool's vitamin D reading of four foods) does not fill a quiz (twelfth read,
#12). Generation is deterministic: sorted inputs and one ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from .evidence import edge_evidence
from .ids import split_edge_id
from .quiz_candidates import Candidate, candidates

__all__ = ["PER_RECORD", "Question", "make_quiz"]

PER_RECORD = 2
"""The most questions of one quiz that rest on one evidence record."""

_MOST_WRONG = 3
"""Wrong options per question when the graph has enough: four options in all."""


@dataclass(frozen=True, slots=True)
class Question:
    """One multiple-choice question.

    ``options`` are unique strings, ``answer`` the index of the one correct option,
    ``explanation`` says why, quoting the article (and, for a verdict, the reviews), and
    ``kind`` is one of ``quiz_candidates.KINDS``.
    """

    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    kind: str


def _deal(rng: random.Random, candidates: Sequence[Candidate]) -> list[Candidate]:
    """Shuffle ``candidates`` so that right answers take turns (not five "supported" in a row)."""
    by_answer: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_answer.setdefault(candidate.right, []).append(candidate)
    piles = list(by_answer.values())
    for pile in piles:
        rng.shuffle(pile)
    rng.shuffle(piles)
    dealt = []
    while piles:
        dealt.extend(pile.pop() for pile in piles)
        piles = [pile for pile in piles if pile]
    return dealt


def _pose(rng: random.Random, candidate: Candidate) -> Question:
    wrong = rng.sample(candidate.wrong, min(_MOST_WRONG, len(candidate.wrong)))
    options = [candidate.right, *(label for label, _ in wrong)]
    if candidate.scale:
        options.sort(key=candidate.scale.index)
    else:
        rng.shuffle(options)
    return Question(
        prompt=candidate.prompt,
        options=tuple(options),
        answer=options.index(candidate.right),
        explanation=candidate.explain([node_id for _, node_id in wrong if node_id]),
        kind=candidate.kind,
    )


def make_quiz(graph: nx.MultiDiGraph, *, seed: int = 0, count: int = 8) -> list[Question]:
    """Draw ``count`` multiple-choice questions from ``graph``, the same ones for one ``seed``.

    Kinds take turns (in an order drawn from the seed), so a quiz mixes them; within a
    kind, right answers take turns too. No two questions are about the same claim. Each
    question has three or four unique options and exactly one right one (see the module
    docstring for what makes it right).

    Parameters
    ----------
    graph
        The frozen graph from ``build_graph`` (or a view of it).
    seed
        Any integer; the same graph and seed always give the same quiz.
    count
        How many questions to ask; fewer come back when the graph supports fewer.

    Returns
    -------
    list of Question

    Raises
    ------
    ValueError
        If ``count`` is not a whole number of 0 or more.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> quiz = make_quiz(graph, seed=3, count=5)
    >>> sorted(question.kind for question in quiz)  # no seed chain is a path item (M7)
    ['cause', 'relation', 'strength', 'verdict', 'verdict']
    >>> quiz == make_quiz(graph, seed=3, count=5)
    True
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a whole number of 0 or more (got {count!r})")
    if count == 0 or graph.number_of_nodes() == 0:
        return []
    rng = random.Random(seed)
    decks = {kind: _deal(rng, found) for kind, found in candidates(graph).items() if found}
    turns = list(decks)
    rng.shuffle(turns)
    questions: list[Question] = []
    asked: set[str] = set()
    rested_on: list[str] = []  # the evidence record of each question asked, once per question
    while len(questions) < count and any(decks.values()):
        for kind in turns:
            deck = decks[kind]
            while deck and len(questions) < count:
                candidate = deck.pop(0)
                records = _records(graph, candidate)
                if candidate.topics & asked or any(
                    rested_on.count(record) >= PER_RECORD for record in records
                ):
                    continue
                asked |= candidate.topics
                rested_on.extend(records)
                questions.append(_pose(rng, candidate))
                break
    return questions


def _records(graph: nx.MultiDiGraph, candidate: Candidate) -> set[str]:
    """The ids of the evidence records the claims of ``candidate`` rest on."""
    edges = (split_edge_id(topic) for topic in candidate.topics)
    found = {
        edge_evidence(graph, (subject, obj, relation)).get("id")
        for subject, relation, obj in filter(None, edges)
        if graph.has_edge(subject, obj, relation)
    }
    return {record for record in found if record}
