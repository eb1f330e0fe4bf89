"""Candidate claims from the ends read around a cue: relation, strength, confidence.

The relation is the first of the cue's family (``FAMILIES``) whose end types fit; the
strength comes from the wording ("may", "can" -> suggests; "people say" -> anecdotal); a
negated cue yields a flagged candidate, not a positive claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .clauses import Sentence
from .cues import HEARSAY, HEDGE, NEGATION
from .extract_ends import Context, End, NewNode
from .extract_phrases import guess_type
from .schema import RELATIONS, edge_id, is_slug

__all__ = ["FAMILIES", "Candidate", "cue_candidates", "family_of", "oriented", "strength_of"]


FAMILIES: Mapping[str, tuple[str, ...]] = {
    "cause": ("causes", "associated_with"),
    "help": ("relieves", "prevents", "treats", "recommended_for", "contributes_to"),
    "source": ("rich_in", "supplies"),
    "absorption": ("needed_for_absorption_of",),
    "deficiency": ("deficiency_of",),
    "context": ("occurs_during", "used_during", "affects", "comes_on"),
    "shortfall": ("too_little_of",),
}
"""Relations grouped by what they say; a benchmark counts a claim right by its family."""


_FAMILY_OF = {relation: family for family, members in FAMILIES.items() for relation in members}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed claim: its ends (node ids), relation, verbatim quote and how it was found."""

    subject: str
    relation: str
    object: str
    quote: str
    strength: str
    cue: str
    confidence: float
    sentence: int
    negated: bool = False

    @property
    def key(self) -> str:
        """``subject|relation|object``, as edges are keyed."""
        return edge_id(self.subject, self.relation, self.object)


def family_of(relation: str) -> str:
    """Name the family a relation belongs to (``FAMILIES``).

    Examples
    --------
    >>> family_of("prevents")
    'help'
    """
    return _FAMILY_OF[relation]


_SYMMETRIC = frozenset({"associated_with"})
"""Relations that read the same both ways: written with the article's topic as object."""


def oriented(candidate: Candidate, topic: str | None) -> Candidate:
    """A claim of a relation that reads both ways, written with the topic as object:
    "Cramps are linked to sitting" becomes "sitting is associated with cramps".

    Examples
    --------
    >>> claim = Candidate("calf-cramp", "associated_with", "sitting", "", "states", "", 1.0, 0)
    >>> oriented(claim, "calf-cramp").key
    'sitting|associated_with|calf-cramp'
    """
    if candidate.relation in _SYMMETRIC and candidate.subject == topic:
        return replace(candidate, subject=candidate.object, object=candidate.subject)
    return candidate


def _fit(
    family: str, preferred: str, subject_type: str, object_type: str
) -> tuple[str, bool] | None:
    """The relation of ``family`` whose ends fit these types: (relation, swapped) or None."""
    members = (preferred, *(r for r in FAMILIES[family] if r != preferred))
    for swapped in (False, True):
        s_type, o_type = (object_type, subject_type) if swapped else (subject_type, object_type)
        for relation in members:
            spec = RELATIONS[relation]
            if s_type in spec.subject_types and o_type in spec.object_types:
                return relation, swapped
    return None


def _typed(end: End, known_types: Mapping[str, str], allowed: frozenset[str]) -> str:
    if end.new:
        return guess_type(end.label, allowed)
    return known_types[end.node_id]


def _relate(
    left: End, right: End, family: str, preferred: str, known_types: Mapping[str, str]
) -> tuple[str, str, str, dict[str, NewNode]] | None:
    if not (is_slug(left.node_id) and is_slug(right.node_id)):
        return None  # words that make no id ("-"): nothing a curator could accept
    spec = RELATIONS[preferred]
    left_type = _typed(left, known_types, spec.subject_types)
    right_type = _typed(right, known_types, spec.object_types)
    fitted = _fit(family, preferred, left_type, right_type)
    if fitted is None:
        return None
    relation, swapped = fitted
    subject, obj = (right, left) if swapped else (left, right)
    s_type, o_type = (right_type, left_type) if swapped else (left_type, right_type)
    new = {
        end.node_id: NewNode.named(end.node_id, end.label, node_type)
        for end, node_type in ((subject, s_type), (obj, o_type))
        if end.new
    }
    return subject.node_id, relation, obj.node_id, new


def strength_of(clause: str) -> str:
    """How firmly a clause says its claim: ``anecdotal``, ``suggests`` or ``states``."""
    if HEARSAY.search(clause):
        return "anecdotal"
    return "suggests" if HEDGE.search(clause) else "states"


def _confidence(left: End, right: End, family: str) -> float:
    span = abs(right.start - left.end) if not (left.new or right.new) else 40
    closeness = 1.0 if span < 60 else 0.8
    vague = 0.6 if family == "context" else 1.0
    return round(0.9 * left.weight * right.weight * closeness * vague, 2)


def cue_candidates(
    sentence: Sentence,
    clause: tuple[int, int],
    cue: tuple[re.Match[str], str, str, bool],
    ends: tuple[list[End], list[End]],
    context: Context,
) -> Iterable[Candidate]:
    """One candidate per pair of ends before and after a cue whose types fit a relation of
    its family (``(match, family, preferred relation, reversed)``); new nodes found on the
    way are added to ``context.new_nodes``. The quote is the clause."""
    match, family, preferred, backwards = cue
    lefts, rights = ends[::-1] if backwards else ends
    clause_text = sentence.text[clause[0] : clause[1]]
    # A negation reaches the cue within 40 characters, and not over "and", "but" or a
    # comma: "they do not cure insomnia and can cause falls" still says they cause falls,
    # and "if stretching does not work, a bath eases cramps" that a bath eases them.
    window = sentence.text[clause[0] : match.end()][-40:]
    window = re.split(r"\b(?:and|but|yet)\b|,", window)[-1]
    negated = bool(NEGATION.search(window))
    for left in lefts:
        for right in rights:
            if left.node_id == right.node_id:
                continue
            pairs = ((left, right), (left.fallback, right), (left, right.fallback))
            related = next(
                (
                    found
                    for a, b in pairs
                    if a is not None and b is not None
                    for found in [_relate(a, b, family, preferred, context.types)]
                    if found is not None
                ),
                None,
            )
            if related is None:
                continue
            subject, relation, obj, new = related
            for node in new.values():
                context.new_nodes.setdefault(node.id, node)
            yield Candidate(
                subject,
                relation,
                obj,
                clause_text.strip(" ,"),
                strength_of(clause_text),
                match.group(),
                _confidence(left, right, family),
                sentence.index,
                negated,
            )
