"""Who or what a claim's ends are: names beside a cue, and what a pronoun, "these ...",
a dash or a category stands for.

``ends_beside`` reads the names on one side of a relation cue: known mentions first, then
the noun phrases there (``graph.extract_phrases``). The rest resolve references across
clauses and sentences with what ``Context`` remembers: the clause before's subject and
object, the article's topic, and the last list of known things of one type.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .cues import (
    AFTER_PREPOSITION,
    ANAPHORS,
    ASIDE_OPENER,
    BEFORE_PREPOSITION,
    CHAINED_BEFORE,
    CUE_STOP,
    EXAMPLE_ASIDE,
    MAX_NEW_WORDS,
    OBJECT_STOP,
)
from .extract_phrases import (
    clause_subject,
    content_runs,
    phrases_beside,
    singular_slug,
    subject_length,
    types_by_words,
)
from .mentions import Mention, TermIndex, find_mentions, term_index, tokenize

__all__ = [
    "Context",
    "End",
    "NewNode",
    "apposed",
    "article_topic",
    "both_before",
    "chained_subject",
    "ends_beside",
    "nearest",
    "remember_group",
    "resolved",
    "stated_subject",
    "title_node",
    "title_phrase",
    "topic_end",
]


@dataclass(frozen=True, slots=True)
class NewNode:
    """A node the text names that the knowledge base lacks, proposed with a type."""

    id: str
    label: str
    type: str

    @classmethod
    def named(cls, node_id: str, words: str, node_type: str) -> NewNode:
        """A new node labelled with the text's ``words``, first letter capital."""
        return cls(node_id, words[:1].upper() + words[1:], node_type)


@dataclass(frozen=True, slots=True)
class End:
    """One end of a claim being read: a node id, the words that name it, where (``-1``
    when it comes from elsewhere), how sure the naming is, and whether it is new."""

    node_id: str
    label: str
    start: int
    end: int
    weight: float
    new: bool
    fallback: End | None = None
    """A longer name around this one, tried when this one's type fits no relation."""


_WEIGHT = {"exact": 1.0, "plural": 0.95}


def ends_beside(
    text: str, lo: int, hi: int, mentions: list[Mention], cue: re.Match[str], *, after: bool
) -> list[End]:
    """The ends on one side of a cue within ``text[lo:hi]`` (the clause, up to other cues).

    Known mentions first; then the phrases beside the cue that name something else (a
    list item no node matches), or more than a mention does, with the mention as their
    modifier ("tension headaches" around "tension").
    """
    if after:
        stop = CUE_STOP.search(text, cue.end(), hi)
        hi = stop.start() if stop else hi
        ends_object = OBJECT_STOP.search(text, cue.end(), hi)
        if ends_object is not None and re.search(r"\w", text[cue.end() : ends_object.start()]):
            hi = ends_object.start()
        inside = [
            m
            for m in mentions
            if cue.end() <= m.start
            and m.end <= hi
            and not AFTER_PREPOSITION.search(text, cue.end(), m.start)
        ]
    else:
        asides = [a.span() for a in EXAMPLE_ASIDE.finditer(text, lo, cue.start())]
        for stop in CUE_STOP.finditer(text, lo, cue.start()):
            if not any(a <= stop.start() < b for a, b in asides):
                lo = stop.end()
        inside = [
            m
            for m in mentions
            if lo <= m.start
            and m.end <= cue.start()
            and not BEFORE_PREPOSITION.search(text, lo, m.start)
        ]
        subject = clause_subject(text[lo : cue.start()])
        at = text.find(subject, lo, cue.start()) if subject else -1
        if subject and at >= 0:
            # The clause says its subject ("Antacids neutralise acid and relieve ..."):
            # names further on are objects of another verb, not this cue's subject.
            inside = [m for m in inside if at <= m.start and m.end <= at + len(subject)]
    ends = [
        End(m.node_id, m.text, m.start, m.end, _WEIGHT.get(m.kind, m.score / 125), False)
        for m in inside
    ]
    for phrase in phrases_beside(text, lo, hi, cue, after=after):
        lowered = phrase.lower()
        if not singular_slug(phrase) or any(lowered in e.label.lower() for e in ends):
            continue
        inner = [e for e in ends if e.label.lower() in lowered]
        longer = End(singular_slug(phrase), phrase, -1, -1, 0.55, True)
        starts = [e for e in inner if lowered.startswith(e.label.lower())]
        of_phrase = any(lowered[len(e.label) :].startswith(" of ") for e in starts)
        tail = [e for e in inner if lowered.endswith(e.label.lower())]
        if tail and len(tail[0].label) < len(phrase):
            # The last word names a known thing ("night cramps" are cramps): that thing,
            # or else the whole phrase; other names inside it are only its modifiers.
            ends = [replace(e, fallback=longer) if e in tail else e for e in ends]
            ends = [e for e in ends if e in tail or e not in inner]
            continue
        if inner and (not starts or of_phrase):
            # Modifiers around a known name ("severe cramps at night"): the name, or else
            # the phrase; "spasms of the leg" are spasms.
            ends = [replace(e, fallback=longer) if e in inner else e for e in ends]
            continue
        ends = [e for e in ends if e not in inner]
        ends.append(longer)
    return ends


@dataclass(frozen=True, slots=True)
class Context:
    """What every cue of a pass needs: node types, which ids are known, new nodes found."""

    types: Mapping[str, str]
    known_ids: frozenset[str]
    new_nodes: dict[str, NewNode]
    topic: str | None = None
    previous: list[End] = field(default_factory=list)
    """The subject of the clause before, for "it" and "they"."""
    previous_object: list[End] = field(default_factory=list)
    """The object of the clause before, for "contain it as well"."""
    group: list[End] = field(default_factory=list)
    """The last list of known things of one type, for "these nutrients"."""
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Known names (``TermIndex.exact``), for a phrase that turns out to be one."""


def topic_end(context: Context, family: str) -> list[End]:
    """The topic as an end a pronoun stands for, where a condition fits the family."""
    if context.topic is None or family not in ("cause", "help"):
        return []
    return [End(context.topic, context.topic, -1, -1, 0.7, False)]


_THESE = re.compile(r"\b(?:these|those)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def resolved(text: str, ends: list[End], context: Context) -> list[End]:
    """Ends with what a "these ..." phrase stands for: "these symptoms" the topic's,
    "these nutrients" the last list of known things of one type."""
    resolved: list[End] = []
    for end in ends:
        at = text.lower().find(end.label.lower()) if end.new else -1
        if end.new and end.label.lower() in ANAPHORS and context.topic is not None:
            resolved.append(End(context.topic, context.topic, -1, -1, 0.8, False))
        elif at >= 0 and context.group and _THESE.search(text, 0, at):
            resolved.extend(context.group)
        else:
            resolved.append(_known(end, context))
    return resolved


def _known(end: End, context: Context) -> End:
    """A new phrase that is a known name once measure words are gone ("low levels of
    magnesium" is "low magnesium"): that known node; anything else as it is."""
    if not end.new:
        # Its longer name, tried when its own type fits no relation, may be known too.
        longer = end.fallback and _known(end.fallback, context)
        return replace(end, fallback=longer) if longer is not end.fallback else end
    node_id, _ = context.names.get(" ".join(t.word for t in tokenize(end.label)), ("", ""))
    if node_id in context.known_ids:
        return End(node_id, end.label, end.start, end.end, 0.9, False)
    return end


def nearest(
    text: str, ends: list[End], at: int, *, before: bool, within: int | None = None
) -> list[End]:
    """The one end named nearest ``at``, before or after it (a new phrase is found by its
    label in ``text``; one that cannot be found counts as farthest), if it is ``within``
    that many characters."""
    lowered = text.lower()

    def distance(end: End) -> int:
        if before:
            where = end.end if end.start >= 0 else lowered.rfind(end.label.lower(), 0, at)
            return at - where if where >= 0 else len(text)
        where = end.start if end.start >= 0 else lowered.find(end.label.lower(), at)
        return where - at if where >= 0 else len(text)

    best = sorted(ends, key=distance)[:1]
    return [end for end in best if within is None or distance(end) <= within]


_DETERMINERS = frozenset({"a", "an", "the", "some", "many", "most", "both", "all"})


_OPENS_SUBJECT = re.compile(
    r"\s*(?!(?:and|but|or|yet|if|when|whether|although|unless|since|while|because|as|once|"
    r"after|before|"
    r"therefore|however|thus|so|then|also|this|that|these|those|it|they|there|here|what|"
    r"how|why|who|which|see|ask|try|do|does|don't|for|in|on|at|by|with|from)\b)",
    re.IGNORECASE,
)
"""A clause opening that can be its subject: no subordinator, pronoun or verb first."""


def remember_group(mentions: list[Mention], context: Context) -> None:
    """Keep the clause's known things of its most named type, if two or more, for a
    later "these ..." (``Context.group``)."""
    typed = Counter(
        context.types.get(m.node_id) for m in mentions if m.node_id in context.known_ids
    )
    if not typed:
        return
    node_type, count = typed.most_common(1)[0]
    if count >= 2:
        ids = dict.fromkeys(
            m.node_id for m in mentions if context.types.get(m.node_id) == node_type
        )
        context.group[:] = [End(node_id, node_id, -1, -1, 0.7, False) for node_id in ids]


_APPOSED = re.compile(r"(?:\s[-\u2013\u2014]\s*|\u2014\s*)$")


def apposed(
    text: str, start: int, cues: list[tuple[re.Match[str], str, str, bool]], mentions: list[Mention]
) -> list[End]:
    """For a clause that opens with its cue after a dash ("dairy products - sources of
    calcium"), the thing named just before the dash: the cue's subject. Else none."""
    brk = _APPOSED.search(text, 0, start)
    if brk is None or not cues or re.search(r"\w", text[start : cues[0][0].start()]):
        return []
    named = ends_beside(text, 0, brk.start(), mentions, brk, after=False)
    return nearest(text, named, brk.start(), before=True)


def stated_subject(
    text: str, start: int, end: int, mentions: list[Mention], *, whole: bool = False
) -> list[End]:
    """The noun phrases a clause opens with (its subject: "Coffee and alcohol relax ..."
    gives both), or none when it opens with a pronoun, a subordinator or a verb. A list
    item may be nothing but its phrase ("- low potassium"): ``whole`` allows it."""
    if not _OPENS_SUBJECT.match(text, start, end):
        return []
    items: list[list[re.Match[str]]] = [[]]
    for token in re.finditer(r"[\w'-]+|,", text[:end]):
        if token.start() < start:
            continue
        word = token.group().lower()
        if word in (",", "and", "or"):
            items.append([])
        elif _is_phrase_word(word):
            items[-1].append(token)
        elif word in _DETERMINERS and not items[-1]:
            continue
        else:
            break
    else:
        if not whole:
            return []  # the clause never left its subject: no verb, no claim to carry
    subject = [item[:MAX_NEW_WORDS] for item in items if item]
    return [_named_end(text, item[0].start(), item[-1].end(), mentions) for item in subject]


def _is_phrase_word(word: str) -> bool:
    """Whether a word can be part of a noun phrase (no small word, verb or adverb)."""
    return bool(content_runs([word]))


def _named_end(text: str, start: int, end: int, mentions: list[Mention]) -> End:
    """The known thing named in ``text[start:end]`` (its last), or a new one of those words."""
    named = [m for m in mentions if start <= m.start and m.end <= end]
    label = text[start:end]
    whole = End(singular_slug(label), label, -1, -1, 0.6, True)
    if named:
        # "poor sleep": sleep, or else the whole phrase when sleep fits no relation.
        longer = whole if len(label) > len(named[-1].text) else None
        return End(named[-1].node_id, named[-1].text, -1, -1, 0.7, False, longer)
    return whole


_BOTH = re.compile(r"\s*both\s+(?:(?:also|often|can|may|might|could|\w+ly)\s+)*$", re.IGNORECASE)
_BREAK_BEFORE = re.compile(r"[:;]\s*$")


def both_before(text: str, start: int, cue_start: int, mentions: list[Mention]) -> list[End]:
    """What "both" stands for when a clause opens with it after a colon or a semicolon
    ("take a sports drink or a salty snack: both contain sodium"): the last two things
    named before the break, or the two its clause opens with; none when the clause does
    not open so."""
    if not _BOTH.match(text, start, cue_start):
        return []
    colon = _BREAK_BEFORE.search(text, 0, start)
    if colon is None:
        return []
    opened = max(text.rfind(mark, 0, colon.start()) for mark in ":;.") + 1
    subject = stated_subject(text, opened, colon.start(), mentions)
    if len(subject) > 1:
        return subject  # "Milk and cheese are popular; both supply calcium"
    ends = ends_beside(text, opened, colon.start(), mentions, colon, after=False)
    return sorted(ends, key=lambda e: text.rfind(e.label, opened, colon.start()))[-2:]


def chained_subject(
    text: str, start: int, cue_start: int, mentions: list[Mention], subjects: list[End]
) -> list[End] | None:
    """The subject of a verb chained after a comma ("poor sleep leaves people irritable,
    slows their reactions"): the clause's earlier subject, or the one it opens with; None
    when the cue follows no comma, or the comma closes an aside ("X, which ..., can")."""
    chained = CHAINED_BEFORE.search(text, start, cue_start)
    if chained is None:
        return None
    opening = text.rfind(",", start, chained.start()) + 1 or start
    if ASIDE_OPENER.match(text, opening, chained.start()) and opening > start:
        return None
    if subjects:
        return list(subjects)
    words = list(re.finditer(r"[\w'-]+", text[: chained.start()]))
    words = [w for w in words if w.start() >= start]
    size = subject_length([w.group() for w in words])
    limit = words[size].start() if size < len(words) else chained.start()
    return stated_subject(text, start, limit, mentions, whole=True) or None


def title_phrase(text: str) -> tuple[str, str]:
    """A text's title up to the first mark that ends a phrase (``: ? ! . ;`` or a dash):
    "Gout" of "Gout: why a joint flares"; and the body below the title line."""
    title, _, body = text.strip().partition("\n")
    return re.split(r"[:?!.;\u2013\u2014]", title, maxsplit=1)[0], body


def title_node(text: str, index: TermIndex, known_types: Mapping[str, str]) -> NewNode | None:
    """The condition a title names when it names no known one ("Gout: why a joint
    flares"): the first phrase, or one the body calls a condition ("Salt and blood
    pressure"), if the text names it at least three more times: the article's topic."""
    title, body = title_phrase(text)
    named = find_mentions(title, index, fuzzy=False)
    if any(known_types.get(m.node_id) == "condition" for m in named):
        return None
    words = [w.strip("()[]\"'.,\u201c\u201d") for w in title.split()]
    runs = content_runs([w for w in words if w])
    if not runs:
        return None
    labels = [" ".join(run[:3]) for run, _ in runs]
    # "Salt and blood pressure": the one the body calls a condition, else the first.
    label = next((lb for lb in labels if _called_a_condition(lb, body)), labels[0])
    suggested = types_by_words(label)
    node_id = singular_slug(label)
    if not node_id or (suggested and suggested[0] != "condition"):
        return None
    again = find_mentions(body, term_index([(node_id, (label,))]), fuzzy=False)
    if len(again) < 3:
        return None
    return NewNode.named(node_id, label, "condition")


_CONDITION_WORDS = r"(?:problem|condition|disease|disorder|illness|complaint)s?"


def _called_a_condition(label: str, body: str) -> bool:
    """Whether the body says the phrase is a condition ("high blood pressure is one of the
    most common health problems")."""
    said = rf"\b{re.escape(label)}\s+(?:is|are)\s+(?:[\w-]+\s+){{0,6}}?{_CONDITION_WORDS}\b"
    return re.search(said, body, re.IGNORECASE) is not None


def article_topic(text: str, index: TermIndex, types: Mapping[str, str]) -> str | None:
    """The condition the text names most often, its title counting more (first on a tie)."""
    # The title (the first line) names the topic: its mentions count three times.
    title_end = len(text.lstrip().split("\n", 1)[0]) + len(text) - len(text.lstrip())
    conditions: Counter[str] = Counter()
    for mention in find_mentions(text, index, fuzzy=False):
        if types.get(mention.node_id) == "condition":
            conditions[mention.node_id] += 3 if mention.end <= title_end else 1
    return conditions.most_common(1)[0][0] if conditions else None
