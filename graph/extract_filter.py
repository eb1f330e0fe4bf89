"""Which candidates name things, by the parse of their sentence (extraction round 7).

The cue rules and the parser both propose ends from the words around a cue; the parse says
what part of speech each word is, so an end that is a number, an adverb, a participle or
an adjective before its noun ("two", "soon", "known", "long" of "long hours"), or a
subject with its verb ("calves seize"), is dropped, and a name's last word that is an
adverb (not a direction: "pull the toes back") or a verb after a noun ("fluid fast", "the
muscle settle") is cut off. Without the parser nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .cues import PARTICIPLE_WORD
from .extract_claims import Candidate
from .extract_ends import Context, NewNode
from .extract_parse_ends import Token
from .extract_phrases import singular_slug
from .mentions import singular

__all__ = ["names_things", "trimmed", "word_class"]


_NOT_THINGS = frozenset({"ADV", "NUM", "AUX", "ADP", "SCONJ", "DET", "PRON", "PART", "MOD"})
"""Parts of speech no one-word end is: "two", "soon", "while", an adjective that qualifies
the noun after it ("long hours", "bright light": ``MOD``); nor is a past participle read
as a verb ("known", "thought"). Other adjectives may be ("being overweight", "leaves
people irritable"), and other verbs are often nouns the small model misreads ("lentils")."""


def word_class(token: Token) -> str:
    """The part of speech of a parsed word, ``MOD`` for an adjective that qualifies a
    noun ("long" in "long hours"), which names nothing alone."""
    return "MOD" if token.pos_ == "ADJ" and token.dep_ == "amod" else token.pos_


def names_things(
    candidate: Candidate, words: Mapping[str, set[str]], known: frozenset[str]
) -> bool:
    """Whether each new end of ``candidate`` names a thing where its sentence says it, by
    the parse's word classes there (``words``): a one-word end must be a noun, a longer one
    must not be a clause ("calves-seize"). With no parse, or a word the parse does not
    hold, the end is kept."""
    for end in (candidate.subject, candidate.object):
        if end in known:
            continue
        if "-" in end:
            if _is_clause(end.split("-"), words):
                return False  # a clause, not a thing: "calves-seize", "researchers-worry"
            continue
        participle = PARTICIPLE_WORD.fullmatch(end) is not None
        if end in words and words[end] <= (_NOT_THINGS | {"VERB"} if participle else _NOT_THINGS):
            return False
    return True


def trimmed(candidate: Candidate, words: Mapping[str, set[str]], context: Context) -> Candidate:
    """``candidate`` with each new end cut before a last word that is no part of a name: an
    adverb ("drain fluid fast") or a verb after a noun ("help the muscle settle", "water
    lost through the skin"); the shorter name is proposed as a node of the same type."""
    nodes, ends = context.new_nodes, []
    for end in (candidate.subject, candidate.object):
        parts = end.split("-")
        while end in nodes and len(parts) > 1 and _is_loose_tail(parts, words):
            parts.pop()
        if len(parts) < len(end.split("-")):
            old = nodes[end]
            label = " ".join(old.label.split()[: len(parts)])
            shorter = singular_slug(label)
            if not shorter:  # the label's first words name nothing ("- Cut back")
                ends.append(end)
                continue
            if shorter not in context.known_ids:
                nodes.setdefault(shorter, NewNode(shorter, label, old.type))
            end = shorter
        ends.append(end)
    if ends[0] == ends[1]:
        return candidate
    return replace(candidate, subject=ends[0], object=ends[1])


_DIRECTIONS = frozenset({"up", "down", "out", "back", "away", "off", "over", "in", "on"})
"""Adverbs that belong to an action's name: "press the heel down", "cut back"."""


def _is_loose_tail(parts: list[str], words: Mapping[str, set[str]]) -> bool:
    """Whether a name's last word is an adverb (not a direction), or a verb right after
    a noun."""
    last = words.get(singular(parts[-1]), set())
    if last and last <= {"ADV"}:
        return parts[-1] not in _DIRECTIONS
    before = words.get(singular(parts[-2]), set())
    return bool(last) and last == {"VERB"} and not parts[-1].endswith("ing") and "NOUN" in before


def _is_clause(parts: list[str], words: Mapping[str, set[str]]) -> bool:
    """Whether a name's words hold a subject and its verb: a word the sentence uses only
    as a verb (not in -ing, not a participle: "saddle set too low" is a thing) that agrees
    with the noun before it ("calves seize", "the spasm gives"). Agreement, not the tag
    alone, decides, as the small model often tags a noun as a verb ("long rides")."""
    for at in range(1, len(parts)):
        word, classes = parts[at], words.get(singular(parts[at]), set())
        if not classes & {"VERB", "AUX"} or classes & {"NOUN", "PROPN", "ADJ"}:
            continue
        if word.endswith("ing") or PARTICIPLE_WORD.fullmatch(word):
            continue
        nouns = [p for p in parts[:at] if words.get(singular(p), set()) - {"ADV"}]
        if nouns and nouns[-1].endswith("s") != word.endswith("s"):
            return True
    return False
