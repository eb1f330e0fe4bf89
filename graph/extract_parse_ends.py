"""The ends of a claim read from a parse: a noun (or an action) as a known node or a new one.

A noun's name is the noun with the words that make its name, the way a curator writes it:
compounds and adjectives before it ("low potassium", "pumpkin seeds"), and the "of" phrase
of a few heads ("lack of sleep"). Determiners, possessives ("your") and quantity words
("many", "enough") are left out. "The risk of cramps" is about the cramps (a wrapper
noun's "of" phrase stands for it). The name is then looked up through the mention
matcher: a known name, or a known name at its end (its head: "night cramps" are
cramps, with the whole phrase to fall back on), or else a new node of those words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .cues import ANAPHORS, GENERIC, MAX_NEW_WORDS
from .extract_ends import Context, End
from .extract_lexicon import (
    IN_HEADS,
    NOT_ENDS,
    OF_HEADS,
    PEOPLE,
    QUANTITY_WORDS,
    TIME_SPANS,
    WRAPPERS,
)
from .extract_phrases import singular_slug
from .mentions import TermIndex, find_mentions, tokenize

__all__ = [
    "MAX_ACTION_WORDS",
    "action_label",
    "marks_of",
    "noun_label",
    "phrase_end",
    "shared_of_labels",
    "unwrapped",
]

Token = Any
"""A spaCy token (typed loosely: spaCy is imported only when the parser loads)."""

_NAME_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
_DROPPED = frozenset({"det", "poss", "predet", "nummod", "quantmod", "punct", "case"})
_WEIGHT = {"exact": 1.0, "plural": 0.95}
MAX_ACTION_WORDS = 6
"""The longest action a piece of advice or a gerund subject is named by."""


def _of_object(token: Token, preposition: str = "of") -> Token | None:
    """The noun of a token's "of" (or other ``preposition``) phrase, if it has one."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == preposition:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def marks_of(token: Token) -> list[Token]:
    """What sets a group of people apart, as an end: "people with dark skin" -> "skin"
    (named "dark skin"), "people who are housebound" -> "housebound"."""
    marks: list[Token] = []
    if token.lemma_.lower() not in PEOPLE:
        return marks
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            marks.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "relcl":
            marks.extend(c for c in child.children if c.dep_ in ("acomp", "attr"))
    return marks


def unwrapped(token: Token) -> Token:
    """The noun a wrapper stands for: "the risk of cramps" -> "cramps"."""
    seen = 0
    while token.lemma_.lower() in WRAPPERS and seen < 3:
        inner = _of_object(token)
        if inner is None:
            break
        token, seen = inner, seen + 1
    return token


def _modifiers(token: Token) -> Iterable[Token]:
    """The words before a noun that belong to its name, with their own such words."""
    for child in token.lefts:
        if _hyphened(child):
            # "long-acting", "potassium-sparing": one word, whatever the parse hangs it on.
            yield child
            yield child.doc[child.i + 1]
        elif child.dep_ in _DROPPED or child.lower_ in QUANTITY_WORDS:
            continue
        elif child.dep_ in _NAME_DEPS:
            yield from _modifiers(child)
            yield child


def _hyphened(token: Token) -> bool:
    """A word written joined by a hyphen to the next one ("long" of "long-acting")."""
    after = token.i + 1 < len(token.doc) and token.doc[token.i + 1]
    return bool(after) and not token.whitespace_ and after.tag_ == "HYPH" and not after.whitespace_


def _spelled(tokens: Iterable[Token]) -> str:
    """Tokens written out in text order, with the text's own spacing."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    words: list[str] = []
    for position, token in enumerate(ordered):
        joined = position and ordered[position - 1].i == token.i - 1
        gap = ordered[position - 1].whitespace_ if joined else " "
        words.append(f"{gap}{token.text}" if position else token.text)
    return "".join(words).strip(" -")


def noun_label(token: Token) -> str:
    """A noun's name: its head, the compounds and adjectives before it, and for a few
    heads ("lack", "loss") their "of" phrase."""
    named = {t.i: t for t in _modifiers(token)}
    tokens = [token]
    while tokens[0].i - 1 in named:  # only the words right before it ("citric acid")
        tokens.insert(0, named[tokens[0].i - 1])
    inner = _of_object(token)
    if inner is not None and token.lemma_.lower() in OF_HEADS:
        named = noun_label(inner)
        return f"{_spelled(tokens)} of {named}" if named else _spelled(tokens)
    inner = _of_object(token, "in")
    if inner is not None and token.lower_ in IN_HEADS:
        named = noun_label(inner)  # "a drop in oestrogen", "changes in the weather"
        return f"{_spelled(tokens)} in {named}" if named else _spelled(tokens)
    return _spelled(tokens)


def shared_of_labels(token: Token) -> list[tuple[str, Token]]:
    """The names a head such as "lack" gives each thing its "of" phrase joins ("a lack of
    zinc and iron": "lack of zinc", "lack of iron"), each with the thing's token; empty
    when it names one thing."""
    inner = _of_object(token)
    if inner is None or token.lemma_.lower() not in OF_HEADS or not _conjoined(inner):
        return []
    head = noun_label(token).split(" of ", 1)[0]
    return [(f"{head} of {noun_label(t)}", t) for t in (inner, *_conjoined(inner))]


def _conjoined(token: Token) -> list[Token]:
    return [t for c in token.children if c.dep_ == "conj" for t in (c, *_conjoined(c))]


def action_label(verb: Token) -> str:
    """An action as the text says it: the verb, its particle, and its object or else the
    phrase after it ("stretch the muscle", "lie on your back"); adverbs left out."""
    # "not drinking enough water": the lack of the action, not the action.
    tokens = [*(c for c in verb.lefts if c.dep_ == "neg" and verb.tag_ == "VBG"), verb]
    for child in verb.rights:
        if child.dep_ == "prt":
            tokens.append(child)
        elif child.dep_ in ("acomp", "attr") and verb.lemma_ == "be":
            tokens.extend(t for t in child.subtree if t.dep_ != "punct")  # "being overweight"
            break
        elif child.dep_ == "prep" and any(t.lower_ in TIME_SPANS for t in child.subtree):
            continue  # "drink through the day", "lie down for an hour": when, not what
        elif child.dep_ in ("dobj", "prep") and len(tokens) < 3:
            tokens.extend(t for t in child.subtree if t.dep_ not in ("advmod", "punct", "cc"))
            if child.dep_ == "dobj":
                break
    ordered = sorted(tokens, key=lambda t: t.i)
    contiguous = [t for t in ordered if t.i - ordered[0].i < MAX_ACTION_WORDS + 2]
    return _spelled(contiguous[:MAX_ACTION_WORDS])


def _is_nameless(label: str) -> bool:
    """Whether a phrase names nothing a node could be: empty, a generic word, a span of
    time, a vague word or a part of the body alone ("changes", "the liver"; an action on
    one, such as "stretch the muscle", is a name), or too long."""
    words = [t.word for t in tokenize(label)]
    if not words or words[-1] in GENERIC or words[-1] in TIME_SPANS:
        return True
    return len(words) > MAX_ACTION_WORDS or (len(words) == 1 and words[0] in NOT_ENDS)


def phrase_end(
    label: str, at: tuple[int, int], index: TermIndex, context: Context, *, action: bool = False
) -> End | None:
    """The end a phrase names: a known node (by its whole name, or by the name at its end,
    with the whole phrase to fall back on), the topic for "the symptoms", or a new node.
    ``at`` is the phrase's span in the sentence."""
    words = " ".join(t.word for t in tokenize(label))
    if words in ANAPHORS and context.topic is not None:
        return End(context.topic, label, *at, 0.8, False)
    if words in GENERIC:
        return None  # "foods", "the diet": a category, whatever node it may name
    node_id, _ = index.exact.get(words, ("", ""))
    if node_id in context.known_ids:
        return End(node_id, label, *at, 1.0, False)
    if _is_nameless(label):
        return None
    if node_id:
        return End(node_id, label, *at, 1.0, True)  # proposed by the cue rules already
    limit = MAX_ACTION_WORDS if action else MAX_NEW_WORDS
    new = None
    if len(words.split()) <= limit:
        new = End(singular_slug(label), label, *at, 0.55, True)
    mentions = [] if action else find_mentions(label, index, fuzzy=False)
    if mentions and mentions[-1].end == len(label):
        head = mentions[-1]
        longer = new if len(head.text) < len(label) else None
        is_new = head.node_id not in context.known_ids
        return End(head.node_id, head.text, *at, _WEIGHT.get(head.kind, 0.8), is_new, longer)
    return new
