"""Sentences and clauses, for ingest: where one claim's reach ends and the next begins.

Sentences come from pysbd (rule-based, nothing downloaded), line by line.

A sentence is cut at semicolons, colons, dashes and ", but"-like joins (``CLAUSE_BREAK``),
and also at ", and" or ", or" when what follows is a clause of its own: it holds a
relation cue with words before it ("Dairy supplies calcium, and vitamin D helps the body
absorb it"), not just a last list item ("nuts, seeds, and beans"). Ellipsis ("..., and so
is X") stays in the clause it completes. A clause whose subject is a pronoun ("..., and
they are linked to sitting") takes the subject of the clause before it (``graph.extract``).

Examples
--------
>>> text = "Dairy supplies calcium, and vitamin D helps the body absorb it."
>>> [text[a:b] for a, b in split_clauses(text)]
['Dairy supplies calcium', 'vitamin D helps the body absorb it.']
>>> text = "Eat nuts, seeds, and beans."
>>> [text[a:b] for a, b in split_clauses(text)]
['Eat nuts, seeds, and beans.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pysbd

from .cues import CLAUSE_BREAK, CUE_PATTERNS

__all__ = ["Sentence", "embedded_relative", "split_clauses", "split_into_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text, with its character span (``text[start:end]``)."""

    index: int
    start: int
    end: int
    text: str


_SEGMENTER = pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_into_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, line by line (a line break always ends one).

    Examples
    --------
    >>> [s.text for s in split_into_sentences("Cramps hurt. Dr. Lee agrees.\\nTitle")]
    ['Cramps hurt.', 'Dr. Lee agrees.', 'Title']
    """
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\r\n]+", text):
        if not line.group().strip():
            continue
        for span in _SEGMENTER.segment(line.group()):
            raw = span.sent
            lead = len(raw) - len(raw.lstrip())
            stripped = raw.strip()
            if stripped:
                start = line.start() + span.start + lead
                sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped))
    return sentences


_JOIN = re.compile(r",\s(?:and|or)\s(?!so\b|as\b|then\b)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{2,}")
_EMBEDDED = re.compile(
    r",\s(?:(?:in|of|for|with|by|during|from|through)\s)?(?:which|who|whom|whose)\b[^,;:]*,",
    re.IGNORECASE,
)
_VERB_ONLY = re.compile(
    r"\s*(?:(?:is|are|was|were|can|could|may|might|also|often|usually|sometimes|be)\s+)*",
    re.IGNORECASE,
)


def _has_own_cue(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a relation cue with a word before it (a subject)."""
    for pattern, *_ in CUE_PATTERNS:
        cue = pattern.search(text, lo, hi)
        if cue is not None and _WORD.search(text, lo, cue.start()):
            return True
    return False


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Cut ``sentence`` into clauses: ``(start, end)`` spans, in order, joins left out."""
    cuts = [0]
    for match in CLAUSE_BREAK.finditer(sentence):
        cuts.extend((match.start(), match.end()))
    cuts.append(len(sentence))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    clauses: list[tuple[int, int]] = []
    for start, end in spans:
        for join in _JOIN.finditer(sentence, start, end):
            if _has_own_cue(sentence, join.end(), end):
                clauses.append((start, join.start()))
                start = join.end()
        clauses.append((start, end))
    return clauses


def embedded_relative(sentence: str, start: int, end: int, at: int) -> re.Match[str] | None:
    """The comma-bounded relative clause whose head is the subject of a cue at ``at``.

    In "Varicose veins, which are common in pregnancy, are linked to cramps" both cues
    ("common in" inside the relative clause, "linked to" right after it) have the head
    before ", which" as their subject. Returns the relative clause (its ``start()`` is
    the comma after the head), or ``None`` when the cue at ``at`` is in no such place.

    Examples
    --------
    >>> text = "Veins, which are common in pregnancy, are linked to cramps."
    >>> [embedded_relative(text, 0, len(text), text.index(cue)).start()
    ...  for cue in ("common", "linked")]
    [5, 5]
    """
    for relative in _EMBEDDED.finditer(sentence, start, end):
        if relative.start() < at < relative.end():
            return relative
        between = _VERB_ONLY.match(sentence, relative.end(), at)
        if relative.end() <= at and between is not None and between.end() == at:
            return relative
    return None
