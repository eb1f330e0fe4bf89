"""The relations one token of a dependency parse says (``graph.extract_parse`` reads them).

A ``Reading`` is the word that says a relation, its lexicon entry
(``graph.extract_lexicon``), and the tokens on each side, still to be made into ends: a
verb with its subject and object (through a chain of verbs, a relative clause or the
passive), "be" with an adjective or a relation noun, a verb whose object names the
relation ("brings relief"), and advice in the imperative.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .extract_ends import End
from .extract_lexicon import (
    ADJECTIVES,
    CAUSES,
    FAMILY_NOUNS,
    HELD_IN,
    PARTICLES,
    QUANTITY_VERBS,
    RELIEVES,
    RISKS,
    VERBS,
    Entry,
)
from .extract_parse_ends import Token, action_label

__all__ = [
    "Reading",
    "item_readings",
    "joined",
    "members",
    "noun_reading",
    "reasons",
    "token_readings",
]

_PLAY = frozenset({"play", "have"})
_PARTS = frozenset({"part", "role", "factor"})
_GIVE = frozenset({"bring", "give", "provide", "offer", "afford"})
_AID = frozenset({"aid", "help", "improve", "boost", "enhance", "increase", "promote"})
_PRESCRIBE = frozenset({"prescribe", "recommend", "advise", "suggest"})
_INCLUDE = frozenset({"include", "involve"})
_MADE = {"worse": CAUSES, "better": RELIEVES, "likely": CAUSES}
_WORTH = frozenset({"good", "best", "wise", "helpful", "useful", "worth", "worthwhile"})
_HELPFUL = frozenset({"helpful", "useful", "effective", "beneficial", "protective"})
_NOT_ADVICE = frozenset(
    re.findall(
        r"\S+",
        "see ask call read note remember check speak talk tell let be do avoid know think"
        " consider expect learn look find write record seek contact visit keep stop try say"
        " skip ignore wait worry mind repeat go get come give",
    )
)
_QUESTION = frozenset({"how", "what", "why", "when", "which", "who", "where", "do", "does"})
_FLOATING = frozenset({"both", "all", "each"})
_COPULA = frozenset({"be", "become", "remain", "seem"})


@dataclass(frozen=True, slots=True)
class Reading:
    """One relation the parse states: the word that says it, its entry, the tokens (or
    ends already made) on each side, and whether it is denied."""

    cue: Token
    entry: Entry
    subjects: tuple[Any, ...]
    objects: tuple[Any, ...]
    negated: bool = False
    advice: bool = False
    known_objects: bool = False
    """Only known things as objects (a verb of amount: ``QUANTITY_VERBS``)."""
    nutrients_only: bool = False
    """Only nutrients as subjects ("calcium is in kale"; "the answer is in the details"
    says no claim)."""


def _negated(*tokens: Token) -> bool:
    """A verb denied ("not"), or said of the past only ("was once prescribed", "no longer
    recommend"): no positive claim now."""
    return any(
        child.dep_ == "neg"
        or (child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children))
        or (child.lower_ == "once" and child.dep_ == "advmod" and token.tag_ in ("VBD", "VBN"))
        for token in tokens
        for child in token.children
    )


def _children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def _particles(verb: Token) -> list[Token]:
    """A verb's particles: "kick off", and "take away" where "away" is read as an adverb."""
    return [
        c
        for c in verb.children
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES and c.i > verb.i)
    ]


def _is_passive(verb: Token) -> bool:
    return bool(_children(verb, "auxpass", "nsubjpass"))


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    """A verb's subject: its own, the noun of its relative clause, or the one of the verb
    it is chained or joined to ("can help to ease", "relaxes ... and eases")."""
    own = _children(verb, "nsubj", "csubj", "nsubjpass")
    if any(c.lower_ in _FLOATING for c in verb.children if c.dep_ in ("nsubj", "preconj")):
        # "Walking and rubbing both bring relief": "both" floats; the subject is the
        # walking, which the parser may hang on the verb as a clause of its own.
        own = [t for t in own if t.lower_ not in _FLOATING] or [
            c for c in _children(verb, "advcl") if c.tag_ == "VBG" and c.i < verb.i
        ]
    if own and own[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        # "allopurinol, a tablet that lowers ...": the thing the apposition names.
        head = verb.head
        return [head.head if head.dep_ == "appos" else head]
    if own and (own[0].lower_ == "body" and verb.dep_ in ("xcomp", "ccomp")):
        own = []  # "helps the body absorb calcium": what helps is the subject
    if own:
        # Two subjects ("When a cramp strikes, stretching is ..." misread): the nearest.
        return [min(own, key=lambda t: abs(verb.i - t.i))]
    if _children(verb, "mark") or any(c.tag_ == "WRB" for c in verb.children):
        return []  # "how to stop them", "if it helps": no subject to borrow
    if depth < 4 and verb.dep_ in ("xcomp", "conj", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _subjects(verb.head, depth + 1)
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBG":
        return [verb.head]  # "foods containing magnesium"
    return []


def _prep_objects(token: Token, prep: str) -> list[Token]:
    return [
        obj
        for child in token.children
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep
        for obj in _children(child, "pobj", "pcomp")
    ]


def _verb_readings(verb: Token, topic: End | None) -> Iterator[Reading]:
    """The relations a verb says, by its lemma, particle and preposition."""
    lemma = verb.lemma_.lower()
    particle = "".join(f"_{c.lower_}" for c in _particles(verb))
    passive = _is_passive(verb)
    subjects = [] if _is_imperative(verb) else _subjects(verb)
    agents = _prep_objects(verb, "by") if passive else []
    if passive and VERBS.get(lemma, CAUSES)[0] == "source":
        agents += _prep_objects(verb, "in")  # "calcium is contained in kale"
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        passive, subjects = True, [verb.head]  # "cramps caused by cold"
    negated = _negated(verb, *(h for h in verb.ancestors if h.dep_ != "ROOT"))
    negated = negated or (verb.dep_ == "xcomp" and _negated(verb.head))
    entry = VERBS.get(f"{lemma}{particle}")
    if entry is not None:
        if passive:
            yield Reading(verb, entry, tuple(agents), tuple(subjects), negated)
        else:
            # The parser sometimes hangs the object on the particle ("kicks off a headache").
            objects = [*_children(verb, "dobj")]
            objects += [o for p in _children(verb, "prt") for o in _children(p, "pobj")]
            strict = lemma in QUANTITY_VERBS
            # "provides relief" says its claim through the noun (below), not as a source.
            if not any(o.lemma_.lower() in FAMILY_NOUNS for o in objects):
                yield Reading(verb, entry, tuple(subjects), tuple(objects), negated, False, strict)
    for prep in _children(verb, "prep", "dative"):
        entry = VERBS.get(f"{lemma}{particle}_{prep.lower_}")
        if entry is not None:
            objects = tuple(_children(prep, "pobj", "pcomp"))
            yield Reading(verb, entry, tuple(subjects), objects, negated)
        for noun in _children(prep, "pobj") if prep.lower_ == "as" else ():
            # "Stress is listed as a cause", "acts as a trigger": a relation noun.
            noun_entry = FAMILY_NOUNS.get(noun.lemma_.lower())
            if noun_entry is not None:
                yield noun_reading(noun, noun_entry, subjects, topic, negated)
    yield from _object_noun_readings(verb, subjects, topic, negated)


def _object_noun_readings(
    verb: Token, subjects: Sequence[Token], topic: End | None, negated: bool
) -> Iterator[Reading]:
    """What a verb says through its object: "plays a part (in cramps)", "brings relief
    (from cramps)", "doctors recommend stretching", "triggers include A and B"."""
    lemma = verb.lemma_.lower()
    objects = _children(verb, "dobj")
    for noun in objects:
        noun_lemma = noun.lemma_.lower()
        if lemma in _PLAY and noun_lemma in _PARTS:
            yield noun_reading(noun, CAUSES, subjects, topic, negated)
        entry = FAMILY_NOUNS.get(noun_lemma)
        if lemma in _GIVE and entry is not None and entry[0] == "help":
            yield noun_reading(noun, entry, subjects, topic, negated)
        if lemma in _AID and entry is not None and entry[0] == "absorption":
            # "Vitamin D boosts the absorption of calcium": needed to absorb it.
            yield noun_reading(noun, entry, subjects, None, negated)
    for absorbed in (*verb.children, *(c for o in objects for c in o.children)):
        if lemma in _AID and absorbed.lemma_.lower() == "absorb" and _is_passive(absorbed):
            # "Vitamin D helps calcium (to) be absorbed": needed to absorb it.
            taken = _children(absorbed, "nsubjpass") or [absorbed.head]
            yield Reading(verb, VERBS["absorb"], tuple(subjects), tuple(taken), negated)
    if lemma in _PRESCRIBE and objects and not _is_passive(verb):
        aims = _prep_objects(verb, "for")
        yield Reading(verb, RELIEVES, tuple(objects), tuple(aims or ([topic] if topic else [])))
    for state in _children(verb, "ccomp", "xcomp", "acomp", "oprd") if lemma == "make" else ():
        entry = _MADE.get(state.lower_)
        if state.lower_ == "likely" and any(c.lower_ == "less" for c in state.children):
            entry = RELIEVES  # "makes cramps less likely"
        if entry is not None:
            # "Hard floors make cramps worse": a cause of them.
            made = _children(state, "nsubj") or objects
            yield Reading(verb, entry, tuple(subjects), tuple(made), negated)
    for noun in subjects if lemma in _INCLUDE else ():
        entry = FAMILY_NOUNS.get(noun.lemma_.lower())
        if entry is not None:
            yield noun_reading(noun, entry, objects, topic, negated)


def _be_readings(verb: Token, topic: End | None) -> Iterator[Reading]:
    """What "be" says with an adjective ("rich in"), a relation noun after it ("a cause
    of"), or a relation noun as its subject ("the main causes of cramps are ...")."""
    subjects = _subjects(verb)
    negated = _negated(verb)
    if verb.lemma_.lower() == "be" and not _children(verb, "acomp", "attr"):
        held = _prep_objects(verb, "in")
        if held:
            yield Reading(verb, HELD_IN, tuple(subjects), tuple(held), negated, nutrients_only=True)
    for adjective in _children(verb, "acomp"):
        yield from _adjective_readings(adjective, subjects, negated)
        yield from _worth_doing(verb, adjective, subjects, topic)
        helpful = adjective.lemma_.lower() in _HELPFUL and not _children(adjective, "prep")
        if helpful and topic is not None:
            # "Cooling down is more helpful": helpful against what the article is about.
            yield Reading(adjective, RELIEVES, tuple(subjects), (topic,), negated)
    for noun in _children(verb, "attr"):
        entry = FAMILY_NOUNS.get(noun.lemma_.lower())
        if entry is not None:
            yield noun_reading(noun, entry, subjects, topic, negated)
    for risk in _prep_objects(verb, "at"):
        if risk.lemma_.lower() in RISKS:
            # "Older people are at (higher) risk of X": they are a cause of X's risk.
            yield noun_reading(risk, FAMILY_NOUNS["cause"], subjects, topic, negated)
    for noun in subjects:
        entry = FAMILY_NOUNS.get(noun.lemma_.lower())
        if entry is not None:
            members = _children(verb, "attr")
            yield noun_reading(noun, entry, members, topic, negated)


def _worth_doing(
    verb: Token, adjective: Token, subjects: Sequence[Token], topic: End | None
) -> Iterator[Reading]:
    """ "It is good to rest the leg": the action, and each joined to it, helps the topic."""
    if topic is None or adjective.lemma_.lower() not in _WORTH:
        return
    if [t.lower_ for t in subjects] != ["it"]:
        return
    for action in _children(verb, "xcomp") + _children(adjective, "xcomp"):
        for step in (action, *joined(action)):
            label = action_label(step)
            if step.lemma_.lower() not in _NOT_ADVICE and " " in label:
                yield Reading(step, RELIEVES, (label,), (topic,), _negated(verb), advice=True)


def _adjective_readings(
    adjective: Token, subjects: Sequence[Token], negated: bool
) -> Iterator[Reading]:
    """What an adjective says with its preposition ("rich in"), which the parser may
    hang on the adjective or on "be" ("are abundant in")."""
    preps = _children(adjective, "prep")
    if adjective.dep_ == "acomp":
        preps += [p for p in _children(adjective.head, "prep") if p.i > adjective.i]
    for prep in preps:
        entry = ADJECTIVES.get(f"{adjective.lower_}_{prep.lower_}")
        if entry is not None:
            objects = tuple(_children(prep, "pobj", "pcomp"))
            yield Reading(adjective, entry, tuple(subjects), objects, negated)


def noun_reading(
    noun: Token, entry: Entry, members: Sequence[Token], topic: End | None, negated: bool
) -> Reading:
    """A relation noun with its members ("A and B are causes of C"): the members relate to
    the noun's "of" (or "for") phrase, or to the topic when it has none."""
    preps = ("of", "for", "in") if noun.lemma_.lower() in _PARTS else ("of", "for", "behind")
    preps += ("from",) if entry[0] == "help" else ()
    of = [obj for prep in preps for obj in _prep_objects(noun, prep)]
    objects: tuple[Any, ...] = tuple(of) if of else ((topic,) if topic else ())
    return Reading(noun, entry, tuple(members), objects, negated)


def _is_imperative(verb: Token) -> bool:
    """A verb that gives advice: the sentence's main verb in its bare form, with no
    subject, no auxiliary and no subordinator ("For a calf, straighten the knee")."""
    if verb.tag_ != "VB" or _children(verb, "nsubj", "aux", "nsubjpass", "csubj", "mark"):
        return False
    if verb.dep_ == "conj":
        return _is_imperative(verb.head)
    return verb.dep_ == "ROOT" and verb.doc[0].lower_ not in _QUESTION


def _advice_readings(verb: Token, topic: End | None) -> Iterator[Reading]:
    """An order to do something ("Stretch the calf") as an action that helps the topic."""
    if topic is None or not _is_imperative(verb) or verb.lemma_.lower() in _NOT_ADVICE:
        return
    entry = VERBS.get(verb.lemma_.lower())
    if entry is not None and entry[0] != "cause":
        return  # "Ease the calf": the reader is told what to do, no claim of the verb's
    action = action_label(verb)
    if " " not in action or any(c.pos_ == "PRON" for c in _children(verb, "dobj")):
        return  # "drink", "repeat it": no action a node could name
    yield Reading(verb, RELIEVES, (action,), (topic,), _negated(verb), advice=True)


def item_readings(doc: Any, heading: Reading) -> Iterator[Reading]:
    """A list item under a heading: the item fills the side the heading left open."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or _children(root, "nsubj", "nsubjpass"):
        return  # a clause of its own; "older people, whose skin makes less" is an item
    item = root if root.pos_ in ("NOUN", "PROPN", "VERB") else None
    if item is None:
        return
    side = (item,)
    if heading.subjects:
        yield replace(heading, objects=side)
    else:
        yield replace(heading, subjects=side)


def token_readings(token: Token, topic: End | None) -> Iterator[Reading]:
    """Every relation one token of a parse says, with ``topic`` for what goes unsaid."""
    if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _COPULA:
        yield from _be_readings(token, topic)
    elif token.pos_ == "VERB":
        yield from _verb_readings(token, topic)
        yield from _advice_readings(token, topic)
    elif token.pos_ == "ADJ" and token.dep_ == "amod":
        yield from _adjective_readings(token, [token.head], False)
    elif token.pos_ == "NOUN" and token.dep_ == "appos":
        entry = FAMILY_NOUNS.get(token.lemma_.lower())
        if entry is not None:
            yield noun_reading(token, entry, [token.head], topic, False)


def members(token: Token) -> list[Token]:
    """The members a category names after it ("medicines, such as diuretics", "foods
    including beans"), each with those joined to it."""
    found: list[Token] = []
    for prep in _children(token, "prep"):
        is_such = prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)
        if is_such or prep.lower_ in ("including", "like"):
            for member in _children(prep, "pobj"):
                found.extend((member, *joined(member)))
    return found


def reasons(cue: Token) -> Iterator[Token]:
    """The verbs a clause of reason holding ``cue`` explains ("..., because X eases Y")."""
    for ancestor in (cue, *cue.ancestors):
        if ancestor.dep_ == "advcl":
            yield ancestor.head
            yield from joined(ancestor.head)


def joined(token: Token) -> Iterator[Token]:
    """The words joined after a token by "and" or "or" ("bananas and potatoes")."""
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from joined(child)
