"""Every sentence the tool writes for a knowledge base, as one text for review.

A reviewer checks the generated text against its sources (the article, the evidence
records' works); scattered over tours, answers, quizzes, comparisons and handouts it is
hard to read in full. ``transcript_sections`` gathers it: each tour step (narration,
question, answer, the claims and records it rests on), each entry question with its
generated answer, three seeded quizzes, comparisons of neighbouring nodes of each type,
the text of each handout, and a tour made from each path that the paths list names.
The command ``python -m graph transcript`` adds the CLI's own words (``show`` for every
node, ``evidence``, ``path``) and writes one file.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator, Sequence

import networkx as nx

from .compare import compare
from .errors import NoPath
from .evidence import works_cited
from .grouping import group_by
from .handout import handout_html
from .layout import compute_layout
from .narrate import edge_verdict_sentence
from .paths import find_paths
from .questions import EntryQuestion, answer_question
from .quiz import make_quiz
from .tours import Tour, tour_from_path

__all__ = ["compare_pairs", "handout_text", "heading", "path_ends", "transcript_sections"]

QUIZ_SEEDS = (0, 1, 2)
"""The quizzes a transcript shows: enough seeds that every kind of question comes up."""

QUIZ_COUNT = 20


def heading(title: str) -> str:
    """A section heading that stands out in plain text."""
    return f"\n\n======== {title} ========"


def _tour_lines(graph: nx.MultiDiGraph, tour: Tour) -> Iterator[str]:
    yield f"\n## Tour {tour.id}: {tour.title} (for {tour.audience})\n{tour.description}"
    for number, step in enumerate(tour.steps, 1):
        yield (
            f"\n### Step {number}: {step.title}\nNARRATION: {step.narration}\n"
            f"QUESTION: {step.question}\nANSWER: {step.answer}\n"
            f"CLAIMS: {', '.join(step.claims)}\nEVIDENCE RECORDS: {', '.join(step.evidence)}\n"
            f"SOURCES: {'; '.join(works_cited(graph, step.evidence)) or 'no work cited'}"
        )


def _question_lines(graph: nx.MultiDiGraph, question: EntryQuestion) -> Iterator[str]:
    answer = answer_question(graph, question)
    yield f"\n## {question.question}\nINTRO: {question.intro}\nSUMMARY: {answer.summary}"
    for sentence in answer.sentences:
        parts = [sentence.text, f"verdict: {sentence.verdict}" if sentence.verdict else ""]
        # Every verdict says who gives it, a firm one too (fifth read, m3).
        credit = sentence.note or edge_verdict_sentence(graph, sentence.edge)
        yield "  - " + " | ".join(part for part in (*parts, credit) if part)


def _quiz_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    for seed in QUIZ_SEEDS:
        yield f"\n## Quiz seed {seed}"
        for number, item in enumerate(make_quiz(graph, seed=seed, count=QUIZ_COUNT), 1):
            options = " | ".join(
                option + ("  <- right answer" if index == item.answer else "")
                for index, option in enumerate(item.options)
            )
            yield (
                f"\nS{seed}-Q{number} [{item.kind}] {item.prompt}\n  OPTIONS: {options}\n"
                f"  EXPLANATION: {item.explanation}"
            )


def compare_pairs(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Pairs of nodes of one type, two by two in label order (an odd one out is left).

    >>> from graph import build_graph, load_knowledge_base
    >>> compare_pairs(build_graph(load_knowledge_base()))[:2]
    [('almonds', 'buckwheat'), ('dairy-products', 'dried-apricots')]
    """
    pairs = []
    for nodes in group_by(graph.nodes, lambda node: graph.nodes[node]["type"]).values():
        nodes.sort(key=lambda node: str(graph.nodes[node]["label"]).casefold())
        pairs += [(nodes[index - 1], nodes[index]) for index in range(1, len(nodes), 2)]
    return pairs


def _compare_lines(graph: nx.MultiDiGraph, pairs: Sequence[tuple[str, str]]) -> Iterator[str]:
    for first, second in pairs:
        result = compare(graph, first, second)
        yield f"\n## {first} vs {second}"
        for group in result.shared:
            yield f"  BOTH: {group.heading}: {', '.join(group.nodes)}"
        for side in (result.first, result.second):
            yield f"### {side.label}"
            for unique in side.unique:
                yield f"  ONLY: {unique.heading}: {', '.join(unique.nodes)}"
            for claim in side.claims:
                # The verdict as the Compare page shows it, with its scope (tenth read, #6).
                yield f"  - {claim.text} | {claim.verdict_text} | {claim.summary}"
        for claim in result.between:
            yield f"  BETWEEN: {claim.text} | {claim.verdict_text} | {claim.summary}"


def handout_text(page: str) -> str:
    """The words of a handout page, one block per line, without markup or pictures."""
    page = re.sub(r"<(script|style|svg)[^>]*>.*?</\1>", " ", page, flags=re.S)
    lines = (line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "\n", page)).splitlines())
    return "\n".join(line for line in lines if line)


def path_ends(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """From each food to each outcome, and from each cause to each condition.

    >>> from graph import build_graph, load_knowledge_base
    >>> ("almonds", "cramp-prevention") in path_ends(build_graph(load_knowledge_base()))
    True
    """
    of_type = {
        kind: sorted(n for n, t in graph.nodes(data="type") if t == kind)
        for kind in ("food", "outcome", "cause", "condition")
    }
    return [
        (start, end)
        for starts, ends in (("food", "outcome"), ("cause", "condition"))
        for start in of_type[starts]
        for end in of_type[ends]
    ]


def transcript_sections(
    graph: nx.MultiDiGraph, tours: Sequence[Tour], questions: Sequence[EntryQuestion]
) -> Iterator[str]:
    """The generated text of ``graph``, its ``tours`` and entry ``questions``, in sections."""
    yield heading("TOURS (each step: narration, question, answer, the claims it rests on)")
    for tour in tours:
        yield from _tour_lines(graph, tour)
    yield heading("ENTRY QUESTIONS and their generated answers")
    for question in questions:
        yield from _question_lines(graph, question)
    yield heading(f"QUIZ (seeds {', '.join(map(str, QUIZ_SEEDS))}; {QUIZ_COUNT} items each)")
    yield from _quiz_lines(graph)
    yield heading("COMPARE (nodes of one type, neighbours in label order)")
    yield from _compare_lines(graph, compare_pairs(graph))
    yield heading("HANDOUTS (the text of each tour's printable handout)")
    positions = compute_layout(graph)
    for tour in tours:
        yield f"\n## Handout {tour.id}\n" + handout_text(handout_html(graph, positions, tour))
    yield heading("TOURS MADE FROM PATHS (the app's 'tour of this path')")
    for start, end in path_ends(graph):
        with contextlib.suppress(NoPath):
            yield from _tour_lines(graph, tour_from_path(graph, find_paths(graph, start, end)[0]))
