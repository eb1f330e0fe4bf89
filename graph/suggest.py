"""From a search to the plain questions: which entry questions a search should offer.

A reader who types "night" most likely wants "Why do cramps happen at night?". A question
is offered when words of the search begin words of the question, or when the node it is
about is one of the search's hits (``query.search_hits``, which the caller runs once and
passes in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import utils

from .questions import EntryQuestion

__all__ = ["MIN_WORD_LENGTH", "suggest_questions"]

MIN_WORD_LENGTH = 3
"""Shorter typed words ("a", "at", "do") are too common to point at a question."""


def _words(text: str) -> list[str]:
    return utils.default_process(text.replace("-", " ")).split()


def suggest_questions(
    questions: Iterable[EntryQuestion],
    text: str,
    *,
    hits: Iterable[str] = (),
    limit: int = 3,
) -> list[EntryQuestion]:
    """The entry questions a search for ``text`` leads to, best first.

    A question scores one point for each typed word (of at least ``MIN_WORD_LENGTH``
    letters) that begins one of its words, and two when it is about one of the search's
    hits; questions with no point are left out, ties keep the given order.

    Parameters
    ----------
    questions
        The entry questions, in the order the opening view lists them.
    text
        What the reader typed in the search box.
    hits
        The ids of the nodes the search found (``query.search_hits``).
    limit
        Most questions returned.

    Returns
    -------
    list of EntryQuestion

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> from graph.query import search_hits
    >>> from graph.questions import DEFAULT_QUESTIONS_DIR, load_questions
    >>> graph = build_graph(load_knowledge_base())
    >>> questions = load_questions(DEFAULT_QUESTIONS_DIR, graph)
    >>> hits = [match.node_id for match in search_hits(graph, "charley horse")]
    >>> [q.question for q in suggest_questions(questions, "charley horse", hits=hits)]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['What can I do during a cramp?',
     'Which diseases can cramps come with, and when should a doctor look?']
    >>> [q.question for q in suggest_questions(questions, "night")]
    ['Why do cramps happen at night?']
    >>> suggest_questions(questions, "zzzz")
    []
    """
    typed = [word for word in _words(text) if len(word) >= MIN_WORD_LENGTH]
    if not typed:
        return []
    hits = set(hits)
    scored = []
    for order, question in enumerate(questions):
        asked = " ".join(_words(question.question))
        score = sum(1 for word in typed if re.search(rf"\b{re.escape(word)}", asked))
        if question.about in hits:
            score += 2
        if score:
            scored.append((-score, order, question))
    return [question for _, _, question in sorted(scored, key=lambda item: item[:2])][:limit]
