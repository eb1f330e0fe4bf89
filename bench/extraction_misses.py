"""Why ingest missed a gold claim: the cause of each miss, so rules fix causes, not sentences.

For every gold claim no candidate matches, the article is searched for the sentences
that name its ends (any of the gold's names, or a known node's names), and the
candidates of those sentences are compared with the claim. Each miss gets one cause:

- ``end unnamed``: an end is named in no sentence (said in other words, or left unsaid);
- ``ends apart``: both ends are named, never in one sentence (a pronoun, the topic);
- ``no cue``: a sentence names both ends and no relation cue fired in it;
- ``wrong family``: a candidate joins the two ends with a relation of another family;
- ``wrong span``: a candidate of the family has one end right and the other misread;
- ``no pair``: a cue fired in a sentence naming both ends, and no candidate names either.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.clauses import split_into_sentences
from graph.cues import CUE_PATTERNS, TOPIC_PATTERNS
from graph.extract import Candidate, family_of
from graph.ingest import propose_for_text
from graph.load import load_knowledge_base
from graph.schema import KnowledgeBase

from .extraction_match import is_match, matches_end, normal_name

__all__ = ["CAUSES", "Miss", "explain_misses", "miss_counts", "misses_lines"]

CAUSES = ("end unnamed", "ends apart", "no cue", "wrong family", "wrong span", "no pair")


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold claim no candidate matched, with the likeliest cause and its sentence."""

    claim: tuple[str, str, str]
    cause: str
    sentence: str


def _names(option_list: str, kb: KnowledgeBase) -> set[str]:
    names: set[str] = set()
    for option in option_list.split("|"):
        names.add(normal_name(option))
        try:
            node = kb.node(option.strip())
        except KeyError:
            continue
        names.update(normal_name(name) for name in (node.id, node.label, *node.synonyms))
    return {name for name in names if name}


def _names_in(sentence: str, names: set[str]) -> bool:
    padded = f" {normal_name(sentence)} "
    return any(f" {name} " in padded for name in names)


def _has_cue(sentence: str) -> bool:
    patterns = [p for p, *_ in CUE_PATTERNS] + [p for p, *_ in TOPIC_PATTERNS]
    return any(pattern.search(sentence) for pattern in patterns)


def _cause(
    claim: Sequence[str], both: list[int], candidates: list[Candidate], kb: KnowledgeBase
) -> str:
    subject, family, obj = claim
    around = [c for c in candidates if c.sentence in both]
    if any(matches_end(c.subject, subject, kb) and matches_end(c.object, obj, kb) for c in around):
        return "wrong family"
    if any(
        family_of(c.relation) == family
        and (matches_end(c.subject, subject, kb) or matches_end(c.object, obj, kb))
        for c in around
    ):
        return "wrong span"
    return "no pair"


def explain_misses(text: str, gold: Iterable[Sequence[str]], kb: KnowledgeBase) -> list[Miss]:
    """The gold claims of ``text`` that no positive candidate matches, each with a cause."""
    sentences = [s.text for s in split_into_sentences(text)]
    candidates = [c for c in propose_for_text(kb, text)[0] if not c.negated]
    misses: list[Miss] = []
    for claim in gold:
        subject, family, obj = claim
        if any(is_match(c, list(claim), kb) for c in candidates):
            continue
        at_subject, at_object = (
            {i for i, s in enumerate(sentences) if _names_in(s, _names(end, kb))}
            for end in (subject, obj)
        )
        both = sorted(at_subject & at_object)
        shown = sentences[both[0]] if both else ""
        if not at_subject or not at_object:
            cause = "end unnamed"
        elif not both:
            cause = "ends apart"
        elif not any(_has_cue(sentences[i]) for i in both):
            cause = "no cue"
        else:
            cause = _cause(claim, both, candidates, kb)
        misses.append(Miss((subject, family, obj), cause, shown))
    return misses


def miss_counts(misses: Iterable[Miss]) -> dict[str, int]:
    """How many misses each cause has, in ``CAUSES`` order (causes with none left out)."""
    counted = Counter(miss.cause for miss in misses)
    return {cause: counted[cause] for cause in CAUSES if counted[cause]}


def misses_lines(
    sets: Sequence[tuple[str, Sequence[tuple[str, str, list[list[str]]]]]],
) -> list[str]:
    """Each set's misses, article by article (cause, claim, sentence), then its cause counts."""
    kb = load_knowledge_base()
    lines: list[str] = []
    for set_name, articles in sets:
        found: list[Miss] = []
        for name, text, gold in articles:
            misses = explain_misses(text, gold, kb)
            found.extend(misses)
            lines.append(f"[{set_name}] {name}: {len(misses)} of {len(gold)} missed")
            lines.extend(
                f"  {m.cause:<13} {' / '.join(m.claim)}"
                + (f"  <- {m.sentence}" if m.sentence else "")
                for m in misses
            )
        counts = ", ".join(f"{cause} {n}" for cause, n in miss_counts(found).items())
        lines.append(f"[{set_name}] causes: {counts or 'none'}")
    return lines
