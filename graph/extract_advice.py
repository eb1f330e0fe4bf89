"""Advice in the imperative as a remedy for the article's topic.

Health articles often give a remedy as an order with no subject ("Straighten the leg and
pull the toes up"): the action itself is what helps. A clause that opens with one of a
few bodily actions, and names no relation cue, proposes that action as relieving the
topic, with a low confidence for the curator to weigh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .clauses import Sentence
from .cues import CUE_PATTERNS
from .extract_claims import Candidate, strength_of
from .extract_ends import Context, NewNode
from .extract_phrases import singular_slug

__all__ = ["advice_candidates"]

_ACTION = (
    r"stretch|straighten|pull|raise|lift|massage|rub|walk|drink|sip|lie|stand|flex|bend|"
    r"apply|press|rest|elevate|wrap|soak"
)
_ADVICE = re.compile(
    rf"(?:^|\band\s+|[;:]\s*|,\s*)(?:(?:then|first|gently|slowly)\s+)?(?P<action>(?:{_ACTION})"
    r"\b(?:(?!\band\b)[^,;:.!?])*)",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"\s+(?:and|or|before|after|during|when|if|while|until|for|towards?|into|at|in|with|"
    r"so|but|because|as)\b.*",
    re.IGNORECASE,
)
_OPENS = re.compile(rf"\s*(?:(?:for|on|in|after|before) [^,]{{1,30}},\s*)?(?:{_ACTION})\b", re.I)
_MAX_WORDS = 6
_ACTION_TYPE = "remedy"
"""What a piece of advice is, as a node: something done that relieves."""


def _action_phrase(found: str) -> str | None:
    """The action of one piece of advice, without adverbs or what follows a preposition
    ("stretch the muscle gently" -> "stretch the muscle"); None when it is one word."""
    words = [w for w in _STOP.sub("", found).split() if not re.fullmatch(r"\w+ly", w)]
    if len(words) < 2 or len(words) > _MAX_WORDS:
        return None
    return " ".join(words)


def advice_candidates(
    sentence: Sentence, clause: tuple[int, int], context: Context
) -> Iterable[Candidate]:
    """Each action a clause orders, as relieving the context's topic: "Straighten the leg
    and pull the toes up" gives "straighten the leg" and "pull the toes up", each a new
    node unless known. Nothing when the sentence has a cue of its own (it says what the
    action does: "Walk the dog, because walking eases cramps") or the clause does not
    open with an action."""
    topic = context.topic
    if topic is None:
        return
    start, end = clause
    text = sentence.text[start:end]
    if not _OPENS.match(text) or not text.lstrip()[:1].isupper():
        return
    if any(pattern.search(sentence.text) for pattern, *_ in CUE_PATTERNS):
        return
    for match in _ADVICE.finditer(text):
        phrase = _action_phrase(match.group("action"))
        if phrase is None:
            continue
        node_id = singular_slug(phrase)
        if node_id not in context.known_ids:
            context.new_nodes.setdefault(node_id, NewNode.named(node_id, phrase, _ACTION_TYPE))
        yield Candidate(
            node_id,
            "relieves",
            topic,
            text.strip(" ,"),
            strength_of(text),
            match.group("action").split()[0],
            0.4,
            sentence.index,
        )
