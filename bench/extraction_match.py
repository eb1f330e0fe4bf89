"""How the extraction bench matches a candidate with a gold claim: both ends, and the family.

An end matches when one of the gold's names for it (``"a | b"``) is the candidate's end
id or, for a known node, one of its names; names are compared in lower case, words
singular, hyphens read as spaces.
"""

from __future__ import annotations

from graph.extract import Candidate, family_of
from graph.mentions import singular, tokenize
from graph.schema import KnowledgeBase

__all__ = ["is_match", "matches_end", "normal_name"]


def normal_name(name: str) -> str:
    """A name as the bench compares it: lower case, words singular, hyphens as spaces."""
    return " ".join(singular(t.word) for t in tokenize(name.replace("-", " ")))


def _names(end: str, kb: KnowledgeBase) -> frozenset[str]:
    """Every normalised name of a candidate's end: its id, or a known node's names."""
    names = {normal_name(end)}
    try:
        node = kb.node(end)
    except KeyError:
        return frozenset(names)
    names.update(normal_name(name) for name in (node.label, *node.synonyms))
    return frozenset(names)


def matches_end(end: str, gold: str, kb: KnowledgeBase) -> bool:
    """Whether a candidate's end is one of the gold's names (``a | b``) for it."""
    names = _names(end, kb)
    return any(normal_name(option) in names for option in gold.split("|"))


def is_match(candidate: Candidate, claim: list[str], kb: KnowledgeBase) -> bool:
    """Whether a candidate makes a gold claim: both ends and the relation's family."""
    subject, family, obj = claim
    return (
        family_of(candidate.relation) == family
        and matches_end(candidate.subject, subject, kb)
        and matches_end(candidate.object, obj, kb)
    )
