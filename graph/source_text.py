"""A source text cut into lines, headings and sentences, deterministically.

Rules
-----
Lines and headings
    A line is a run of characters between ``\\n`` or ``\\r``. A line holding only
    whitespace is a break. A line whose last non-blank character is not terminal
    punctuation (``.``, ``!``, ``?``, ``…``, optionally followed by closing quotes or
    brackets) is a heading: shown, but not a sentence to ground ("calf muscle spasms
    treatment", "All Articles").
Sentences
    Inside any other line, a sentence ends at terminal punctuation (with its closing
    quotes or brackets) followed by whitespace and then an upper-case letter, a digit or
    an opening quote or bracket; not after a known abbreviation ("Dr.", "e.g.", ...).
    Hyphen dashes (" - ") and curly apostrophes (U+2019) are part of the sentence. A
    sentence's span starts at its first non-blank character and ends after its
    punctuation: the blanks between sentences belong to no sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["SentenceSpan", "is_heading", "split_sentences", "text_lines"]

_CLOSERS = "\"'\u2019\u201d)]\u00bb"
_OPENERS = "\"'\u2018\u201c([\u00ab"
_TERMINAL_AT_END = re.compile(rf"[.!?\u2026]+[{re.escape(_CLOSERS)}]*$")
_BOUNDARY = re.compile(rf"[.!?\u2026]+[{re.escape(_CLOSERS)}]*(?=\s)")
_LINE = re.compile(r"[^\r\n]+")
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "eg", "ie", "cf", "approx", "no"}
    | {"fig", "al", "jr", "sr", "mt"}
)
"""Words that end in a full stop without ending a sentence (compared without dots)."""


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """One sentence or heading of a text: ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str
    heading: bool = False


def _is_abbreviation(line: str, stop: int) -> bool:
    """Whether the full stop at ``line[stop]`` closes an abbreviation ("Dr.", "e.g.").

    A single capital is not taken for an initial: in health writing "vitamin D." ends a
    sentence far more often than "J. Smith" names a person.
    """
    word = re.search(r"[\w.]*$", line[:stop])
    return word is not None and word.group(0).replace(".", "").casefold() in _ABBREVIATIONS


def _sentences_of_line(line: str, offset: int) -> Iterator[SentenceSpan]:
    begin = len(line) - len(line.lstrip())
    for match in _BOUNDARY.finditer(line):
        following = line[match.end() :].lstrip()
        if not following or match.end() <= begin:
            continue
        starts_sentence = following[0].isupper() or following[0].isdigit()
        if not (starts_sentence or following[0] in _OPENERS):
            continue
        if match.group(0) == "." and _is_abbreviation(line, match.start()):
            continue
        yield SentenceSpan(offset + begin, offset + match.end(), line[begin : match.end()])
        begin = len(line) - len(following)
    end = len(line.rstrip())
    if begin < end:
        yield SentenceSpan(offset + begin, offset + end, line[begin:end])


def text_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines holding more than whitespace."""
    for match in _LINE.finditer(text):
        if match.group(0).strip():
            yield match.start(), match.end()


def is_heading(line: str) -> bool:
    """Whether ``line`` is a heading: it does not end in terminal punctuation."""
    return _TERMINAL_AT_END.search(line.rstrip()) is None


def split_sentences(text: str) -> tuple[SentenceSpan, ...]:
    """Cut ``text`` into sentences and headings, in reading order (rules: module docs).

    Parameters
    ----------
    text
        Any text; lines are separated by ``\\n`` (or ``\\r\\n``).

    Returns
    -------
    tuple of SentenceSpan
        Each with ``text == text[start:end]``; headings have ``heading=True``.

    Examples
    --------
    >>> spans = split_sentences("Night cramps\\nDr. Lee says so. It is - sadly - common.")
    >>> [(span.text, span.heading) for span in spans]
    [('Night cramps', True), ('Dr. Lee says so.', False), ('It is - sadly - common.', False)]
    """
    spans: list[SentenceSpan] = []
    for start, end in text_lines(text):
        line = text[start:end]
        if is_heading(line):
            begin = start + len(line) - len(line.lstrip())
            spans.append(SentenceSpan(begin, start + len(line.rstrip()), line.strip(), True))
        else:
            spans.extend(_sentences_of_line(line, start))
    return tuple(spans)
