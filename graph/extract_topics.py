"""What each part of an article is about: the topic a section's heading names.

An article may turn from its main topic to another condition for a section ("Calming
restless legs" in an article on night cramps). Within that section, the ends a sentence
leaves unsaid ("it", "them", "the symptoms", "a good remedy") are that condition's, not
the article's. A heading is a short line on its own with no closing full stop; a heading
naming no condition gives the section back to the article's topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .clauses import Sentence
from .cues import BULLET, NEGATION, PAST_PRACTICE, TIME_WORDS, TOPIC_PATTERNS
from .extract_claims import Candidate, cue_candidates, strength_of
from .extract_ends import Context, End, NewNode, ends_beside, resolved, title_phrase
from .extract_lexicon import NOT_ENDS, WRAPPERS
from .extract_phrases import singular_slug
from .mentions import Mention, TermIndex, find_mentions

__all__ = [
    "MAX_HEADING_WORDS",
    "is_heading",
    "narrowed_topic",
    "section_topics",
    "topic_candidates",
]

MAX_HEADING_WORDS = 10
"""The longest line read as a heading."""
_MAX_TOPIC_WORDS = 10
_VAGUE = NOT_ENDS | WRAPPERS
"""A part of the body or what a condition brings ("Soothing the pain"): no new topic."""


def is_heading(sentence: Sentence, text: str) -> bool:
    """Whether a sentence is a heading: a short line on its own, no closing punctuation.

    Examples
    --------
    >>> from graph.clauses import Sentence
    >>> text = "Intro.\\n\\nWhat helps\\n\\nRest helps."
    >>> is_heading(Sentence(1, 8, 18, "What helps"), text)
    True
    >>> is_heading(Sentence(2, 20, 31, "Rest helps."), text)
    False
    """
    line = sentence.text.strip()
    if not line or line[-1] in ".!?:;," or BULLET.match(sentence.text):
        return False
    if len(line.split()) > MAX_HEADING_WORDS:
        return False
    before = text[: sentence.start].rstrip(" \t")
    after = text[sentence.end :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def section_topics(
    sentences: Sequence[Sentence],
    text: str,
    index: TermIndex,
    types: Mapping[str, str],
    topic: str | None,
    known: frozenset[str],
) -> list[str | None]:
    """The topic in force at each sentence: the condition the last heading before it
    names (a ``known`` one first), or else the article's ``topic``. The title (the first
    sentence) keeps the article's topic."""
    topics: list[str | None] = []
    current = topic
    for number, sentence in enumerate(sentences):
        if number > 0 and is_heading(sentence, text):
            current = _named_condition(sentence.text, index, types, known) or topic
        topics.append(current)
    return topics


def _named_condition(
    heading: str, index: TermIndex, types: Mapping[str, str], known: frozenset[str]
) -> str | None:
    """The condition a heading names: a known one first, else a new one that is no bare
    part of the body or a symptom ("Why the muscles tighten" is not about muscles)."""
    named = [
        m.node_id
        for m in find_mentions(heading, index, fuzzy=False)
        if types.get(m.node_id) == "condition" and m.node_id.replace("-", " ") not in _VAGUE
    ]
    if not named:
        # "Why legs get restless": a proposed condition whose words it holds, in any order.
        words = {_singular(w) for w in re.findall(r"[a-z]+", heading.lower())}
        named = [
            node_id
            for node_id, node_type in types.items()
            if node_type == "condition"
            and node_id not in known
            and "-" in node_id
            and {_singular(w) for w in node_id.split("-")} <= words
        ]
    return min(named, key=lambda node_id: node_id not in known, default=None)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def narrowed_topic(
    text: str, index: TermIndex, known_types: Mapping[str, str]
) -> tuple[str, NewNode] | None:
    """A title that opens with a known condition narrowed by an "of" phrase ("Spasm of the
    back muscles: ...") is about the narrower one: the known id, whose mentions in the
    article stand for it, and the new node. Its name is the short one the body uses most
    (twice at least): the known name after a word of the title ("back spasm"); else the
    title's phrase. None when the title does not open so."""
    title, body = title_phrase(text)
    named = sorted(find_mentions(title, index, fuzzy=False), key=lambda m: m.start)
    if not named or known_types.get(named[0].node_id) != "condition":
        return None
    opening = title[: named[0].start].strip().lower()
    if opening not in ("", "the", "a") or not re.match(r"\s+of\s+\w", title[named[0].end :]):
        return None
    narrowing = {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", title[named[0].end :].lower())}
    short: Counter[str] = Counter()
    for mention in find_mentions(body, index, fuzzy=False):
        before = re.search(r"([A-Za-z]+)\s+$", body[max(0, mention.start - 40) : mention.start])
        word = before.group(1).lower() if before else ""
        if mention.node_id == named[0].node_id and word.rstrip("s") in narrowing:
            short[f"{word} {mention.text.lower()}"] += 1
    label = " ".join(title.split()[:_MAX_TOPIC_WORDS])
    if short and short.most_common(1)[0][1] >= 2:
        label = short.most_common(1)[0][0]
    node = NewNode.named(singular_slug(label), label, "condition")
    return named[0].node_id, node


def topic_candidates(
    sentence: Sentence,
    clause: tuple[int, int],
    mentions: list[Mention],
    cues: list[tuple[re.Match[str], str, str, bool]],
    context: Context,
    topic_id: str,
) -> Iterable[Candidate]:
    """Claims whose one end goes unsaid ("stretching is the quickest fix"): the topic's."""
    text, (start, end) = sentence.text, clause
    topic = End(topic_id, topic_id, -1, -1, 0.8, False)
    for pattern, family, relation, after in TOPIC_PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(c.start() < match.end() and match.start() < c.end() for c, *_ in cues):
                continue
            named = resolved(
                text, ends_beside(text, start, end, mentions, match, after=after), context
            )
            named = [e for e in named if e.node_id != topic_id][:6]
            yield from cue_candidates(
                sentence, clause, (match, family, relation, False), (named, [topic]), context
            )
    if any(family == "context" for _, family, _, _ in cues):
        return
    conditions = [m for m in mentions if context.types.get(m.node_id) == "condition"]
    for mention in mentions:
        preceded = text[max(start, mention.start - 7) : mention.start]
        timed = TIME_WORDS.match(mention.text) or re.search(r"\b(?:at|in|during)\s$", preceded)
        # "Night cramps": a context naming a condition's kind says when it comes.
        named = [
            c
            for c in conditions
            if c.start >= mention.end and not text[mention.end : c.start].strip()
        ]
        if context.types.get(mention.node_id) == "context" and (timed or named):
            subject = (named or conditions)[0].node_id if conditions else topic_id
            clause_text = text[start:end]
            yield Candidate(
                subject,
                "occurs_during",
                mention.node_id,
                clause_text.strip(" ,"),
                strength_of(clause_text),
                mention.text,
                0.45,
                sentence.index,
                any(
                    not PAST_PRACTICE.fullmatch(found.group())
                    for found in NEGATION.finditer(clause_text)
                ),
            )
