"""Propose candidate claims from a plain text: sentences, mentions, relation cues.

Rule-based and deterministic. Each sentence (pysbd, rule-based, nothing downloaded) is
scanned for relation cues ("rich in", "caused by", "relieves", ...). The nodes named on
either side of a cue, within one clause, become the ends of a candidate; where a side
names no known node, the words next to the cue become a proposed new node. The relation
is the first of the cue's family whose end types fit; the strength comes from the
wording ("may", "can" -> suggests; "people say" -> anecdotal); a negated cue yields no
positive claim but a flagged candidate.

Examples
--------
>>> index = term_index([("almonds", ("almond",)), ("magnesium", ())])
>>> types = {"almonds": "food", "magnesium": "nutrient"}
>>> [c.key for c in propose_claims("Almonds are rich in magnesium.", index, types)]
['almonds|rich_in|magnesium']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .clauses import Sentence, embedded_relative, split_clauses, split_into_sentences
from .cues import (
    ANAPHORS,
    AND_BEFORE,
    AS_DO,
    CUE_PATTERNS,
    CUE_STOP,
    GENERIC,
    HEARSAY,
    HEDGE,
    MAX_NEW_WORDS,
    MEMBERS,
    NEGATION,
    OBJECT_PRONOUN,
    OBJECT_STOP,
    PRONOUN,
    RELATIVE_BEFORE,
    SUBORDINATE_PRONOUN,
    TIME_WORDS,
    TOPIC_PATTERNS,
    UNSAID_OBJECT,
)
from .extract_phrases import (
    clause_subject,
    content_runs,
    guess_type,
    phrases_beside,
    singular_slug,
    slugify,
    types_by_words,
)
from .mentions import Mention, TermIndex, find_mentions, term_index
from .schema import RELATIONS, edge_id

__all__ = [
    "FAMILIES",
    "Candidate",
    "NewNode",
    "Sentence",
    "family_of",
    "propose_claims",
    "slugify",
    "split_into_sentences",
]

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
class NewNode:
    """A node the text names that the knowledge base lacks, proposed with a type."""

    id: str
    label: str
    type: str


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


@dataclass(frozen=True, slots=True)
class _End:
    node_id: str
    label: str
    start: int
    end: int
    weight: float
    new: bool
    fallback: _End | None = None
    """A longer name around this one, tried when this one's type fits no relation."""


_WEIGHT = {"exact": 1.0, "plural": 0.95}
_SYMMETRIC = frozenset({"associated_with"})
"""Relations that read the same both ways: written with the article's topic as object."""


def _ends(
    text: str, lo: int, hi: int, mentions: list[Mention], cue: re.Match[str], *, after: bool
) -> list[_End]:
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
        inside = [m for m in mentions if cue.end() <= m.start and m.end <= hi]
    else:
        for stop in CUE_STOP.finditer(text, lo, cue.start()):
            lo = stop.end()
        inside = [m for m in mentions if lo <= m.start and m.end <= cue.start()]
        subject = clause_subject(text[lo : cue.start()])
        at = text.find(subject, lo, cue.start()) if subject else -1
        if subject and at >= 0:
            # The clause says its subject ("Antacids neutralise acid and relieve ..."):
            # names further on are objects of another verb, not this cue's subject.
            inside = [m for m in inside if at <= m.start and m.end <= at + len(subject)]
    ends = [
        _End(m.node_id, m.text, m.start, m.end, _WEIGHT.get(m.kind, m.score / 125), False)
        for m in inside
    ]
    for phrase in phrases_beside(text, lo, hi, cue, after=after):
        lowered = phrase.lower()
        if not singular_slug(phrase) or any(lowered in e.label.lower() for e in ends):
            continue
        inner = [e for e in ends if e.label.lower() in lowered]
        longer = _End(singular_slug(phrase), phrase, -1, -1, 0.55, True)
        heads = [e for e in inner if lowered.startswith(e.label.lower())]
        of_phrase = any(lowered[len(e.label) :].startswith(" of ") for e in heads)
        if inner and (not heads or of_phrase):
            # Modifiers around a known name ("night cramps"): the name, or else the phrase.
            ends = [replace(e, fallback=longer) if e in inner else e for e in ends]
            continue
        ends = [e for e in ends if e not in inner]
        ends.append(longer)
    return ends


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


def _typed(end: _End, known_types: Mapping[str, str], allowed: frozenset[str]) -> str:
    if end.new:
        return guess_type(end.label, allowed)
    return known_types[end.node_id]


def _relate(
    left: _End, right: _End, family: str, preferred: str, known_types: Mapping[str, str]
) -> tuple[str, str, str, dict[str, NewNode]] | None:
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
        end.node_id: NewNode(end.node_id, end.label[:1].upper() + end.label[1:], node_type)
        for end, node_type in ((subject, s_type), (obj, o_type))
        if end.new
    }
    return subject.node_id, relation, obj.node_id, new


def _strength(clause: str) -> str:
    if HEARSAY.search(clause):
        return "anecdotal"
    return "suggests" if HEDGE.search(clause) else "states"


def _cues_in(
    text: str, lo: int, hi: int, mentions: list[Mention], known_ids: frozenset[str]
) -> list[tuple[re.Match[str], str, str, bool]]:
    """The relation cues of ``text[lo:hi]``, in text order, never overlapping each other."""
    cues: list[tuple[re.Match[str], str, str, bool]] = []
    for pattern, family, preferred, backwards in CUE_PATTERNS:
        for cue in pattern.finditer(text, lo, hi):
            if any(c.start() < cue.end() and cue.start() < c.end() for c, *_ in cues):
                continue
            if any(m.start < cue.start() < m.end and m.node_id in known_ids for m in mentions):
                continue  # the cue word is inside a known name ("sitting still")
            cues.append((cue, family, preferred, backwards))
    return sorted(cues, key=lambda found: found[0].start())


def _outside_cues(
    text: str,
    mentions: list[Mention],
    cues: list[tuple[re.Match[str], str, str, bool]],
    index: TermIndex,
) -> list[Mention]:
    """Mentions with the cue words cut off: "prevent cramps" after the cue is "cramps"."""
    kept: list[Mention] = []
    for mention in mentions:
        cue = next((c for c, *_ in cues if c.start() <= mention.start < c.end()), None)
        if cue is None:
            kept.append(mention)
            continue
        rest = find_mentions(text[cue.end() : mention.end], index)
        kept.extend(replace(m, start=m.start + cue.end(), end=m.end + cue.end()) for m in rest)
    return kept


@dataclass(frozen=True, slots=True)
class _Context:
    """What every cue of a pass needs: node types, which ids are known, new nodes found."""

    types: Mapping[str, str]
    known_ids: frozenset[str]
    new_nodes: dict[str, NewNode]
    topic: str | None = None
    previous: list[_End] = field(default_factory=list)
    """The subject of the clause before, for "it" and "they"."""
    previous_object: list[_End] = field(default_factory=list)
    """The object of the clause before, for "contain it as well"."""
    group: list[_End] = field(default_factory=list)
    """The last list of known things of one type, for "these nutrients"."""


def _topic_end(context: _Context, family: str) -> list[_End]:
    """The topic as an end a pronoun stands for, where a condition fits the family."""
    if context.topic is None or family not in ("cause", "help"):
        return []
    return [_End(context.topic, context.topic, -1, -1, 0.7, False)]


def _confidence(left: _End, right: _End, family: str) -> float:
    span = abs(right.start - left.end) if not (left.new or right.new) else 40
    closeness = 1.0 if span < 60 else 0.8
    vague = 0.6 if family == "context" else 1.0
    return round(0.9 * left.weight * right.weight * closeness * vague, 2)


def _cue_candidates(
    sentence: Sentence,
    clause: tuple[int, int],
    cue: tuple[re.Match[str], str, str, bool],
    ends: tuple[list[_End], list[_End]],
    context: _Context,
) -> Iterable[Candidate]:
    match, family, preferred, backwards = cue
    lefts, rights = ends[::-1] if backwards else ends
    clause_text = sentence.text[clause[0] : clause[1]]
    # A negation reaches the cue within 40 characters, and not over "and" or "but": "they
    # do not cure insomnia and can cause falls" still says they cause falls.
    window = sentence.text[clause[0] : match.end()][-40:]
    window = re.split(r"\b(?:and|but|yet)\b", window)[-1]
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
            if relation in _SYMMETRIC and subject == context.topic:
                # "Cramps are linked to X" is written "X is associated with cramps".
                subject, obj = obj, subject
            for node in new.values():
                context.new_nodes.setdefault(node.id, node)
            yield Candidate(
                subject,
                relation,
                obj,
                clause_text.strip(" ,"),
                _strength(clause_text),
                match.group(),
                _confidence(left, right, family),
                sentence.index,
                negated,
            )


def _cue_ends(
    text: str,
    clause: tuple[int, int],
    reach: tuple[int, int],
    cue: tuple[re.Match[str], str, str, bool],
    local: list[Mention],
    subjects: list[_End],
    context: _Context,
) -> tuple[list[_End], list[_End]]:
    """The ends before and after one cue: names and phrases within its reach, or the
    subject a pronoun, a relative clause, "and" or "as do" stands for."""
    (start, end), (lo, hi) = clause, reach
    shared = AS_DO.search(text, cue[0].end(), hi)
    members = MEMBERS.search(text, cue[0].end(), hi)
    object_hi = min((m.start() for m in (shared, members) if m is not None), default=hi)
    lefts = _ends(text, lo, hi, local, cue[0], after=False)
    rights = _ends(text, lo, object_hi, local, cue[0], after=True)
    if shared and not cue[3]:
        # "Lentils contain iron, as do greens": the greens contain it too.
        lefts += _ends(text, shared.start(), hi, local, shared, after=True)
    relative_pronoun = RELATIVE_BEFORE.search(text, lo, cue[0].start())
    if relative_pronoun is not None:
        lefts = _ends(text, lo, relative_pronoun.start(), local, relative_pronoun, after=False)
    elif subordinate := SUBORDINATE_PRONOUN.search(text, start, cue[0].start()):
        # "Take tonic water because it contains quinine": the thing named just before.
        named = _ends(text, start, subordinate.start(), local, subordinate, after=False)
        lefts = _nearest(text, named, subordinate.start(), before=True)
    elif not lefts and PRONOUN.search(text, lo, cue[0].start()):
        lefts = list(context.previous)
    opens = not re.search(r"\w", text[start : cue[0].start()])
    if subjects and (AND_BEFORE.search(text, lo, cue[0].start()) or (opens and not lefts)):
        # "Smoking damages the lungs and raises the risk of ...": one subject; so has
        # "dairy products - sources of calcium" (``_apposed``).
        lefts = list(subjects)
    if not rights and OBJECT_PRONOUN.match(text, cue[0].end(), hi):
        # "Beans contain fibre, and oats contain it as well": the fibre; with no
        # object before, "them" is what the article is about ("cause most of them").
        rights = list(context.previous_object) or _topic_end(context, cue[1])
    if (
        not rights
        and cue[1] in ("cause", "help")
        and UNSAID_OBJECT.fullmatch(text, cue[0].end(), end)
    ):
        # "Kidney disease also raises the risk.": of what the article is about.
        rights = _topic_end(context, cue[1])
    if members is not None:
        # "Medicines are linked to cramps, including diuretics": diuretics are, too; "foods
        # rich in iron, primarily liver and beans": the members are what is rich in it.
        named = _ends(text, members.start(), hi, local, members, after=True)
        if all(e.label.lower() in GENERIC for e in lefts):
            lefts = named
        elif any(e.node_id == context.topic for e in rights):
            lefts += named
    relative = embedded_relative(text, start, end, cue[0].start())
    if relative is not None:
        # "Veins, which are common in pregnancy, are linked to cramps": the veins.
        lefts = _ends(text, start, relative.start(), local, relative, after=False)
    lefts, rights = (_resolved(text, ends, context) for ends in (lefts, rights))
    # Proposed (not yet known) nodes may be typed anew to fit each claim.
    lefts, rights = (
        [e if e.node_id in context.known_ids else replace(e, new=True) for e in ends]
        for ends in (lefts, rights)
    )
    if cue[1] == "context":
        # "Hot flushes during the menopause and restless legs": only the nearest of each.
        lefts = _nearest(text, lefts, cue[0].start(), before=True)
        rights = _nearest(text, rights, cue[0].end(), before=False)
    return lefts, rights


_THESE = re.compile(r"\b(?:these|those)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _resolved(text: str, ends: list[_End], context: _Context) -> list[_End]:
    """Ends with what a "these ..." phrase stands for: "these symptoms" the topic's,
    "these nutrients" the last list of known things of one type."""
    resolved: list[_End] = []
    for end in ends:
        at = text.lower().find(end.label.lower()) if end.new else -1
        if end.new and end.label.lower() in ANAPHORS and context.topic is not None:
            resolved.append(_End(context.topic, context.topic, -1, -1, 0.8, False))
        elif at >= 0 and context.group and _THESE.search(text, 0, at):
            resolved.extend(context.group)
        else:
            resolved.append(end)
    return resolved


def _nearest(text: str, ends: list[_End], at: int, *, before: bool) -> list[_End]:
    """The one end named nearest ``at``, before or after it (a new phrase is found by its
    label in ``text``; one that cannot be found counts as farthest)."""
    lowered = text.lower()

    def distance(end: _End) -> int:
        if before:
            where = end.end if end.start >= 0 else lowered.rfind(end.label.lower(), 0, at)
            return at - where if where >= 0 else len(text)
        where = end.start if end.start >= 0 else lowered.find(end.label.lower(), at)
        return where - at if where >= 0 else len(text)

    return sorted(ends, key=distance)[:1]


def _sentence_candidates(
    sentence: Sentence, index: TermIndex, context: _Context
) -> list[Candidate]:
    found: list[Candidate] = []
    text = sentence.text
    mentions = find_mentions(text, index)
    for start, end in split_clauses(text):
        before = len(found)
        local = [m for m in mentions if start <= m.start and m.end <= end]
        cues = _cues_in(text, start, end, local, context.known_ids)
        local = _outside_cues(text, local, cues, index)
        # Each cue reaches as far as its neighbouring cues, within the clause; "during"
        # and "while" often sit inside a phrase ("water during long runs"), so never stop one.
        firm = [cue for cue in cues if cue[1] != "context"]
        subjects = _apposed(text, start, cues, mentions)
        for cue in cues:
            lo = max((c[0].end() for c in firm if c[0].end() <= cue[0].start()), default=start)
            hi = min((c[0].start() for c in firm if c[0].start() >= cue[0].end()), default=end)
            lefts, rights = _cue_ends(text, (start, end), (lo, hi), cue, local, subjects, context)
            subjects = lefts if cue[1] != "context" else subjects
            found.extend(_cue_candidates(sentence, (start, end), cue, (lefts, rights), context))
        _remember_group(local, context)
        if context.topic is not None:
            found.extend(
                _topic_candidates(sentence, (start, end), local, cues, context, context.topic)
            )
        if len(found) > before:
            # "..., and they are linked to ...": the next clause's "they" is this subject.
            for ends, node_id in (
                (context.previous, found[before].subject),
                (context.previous_object, found[before].object),
            ):
                new = node_id not in context.known_ids
                ends[:] = [_End(node_id, node_id.replace("-", " "), -1, -1, 0.7, new)]
        else:
            # No claim here, but "Sleeping pills can help for a night, but they do not
            # cure insomnia": a later "they" is still this clause's own subject.
            stated = _stated_subject(text, start, end, local)
            context.previous[:] = [stated] if stated is not None else context.previous
    return found


_DETERMINERS = ("a", "an", "the", "A", "An", "The", "Some", "some", "Many", "many", "Most")
_OPENS_SUBJECT = re.compile(
    r"\s*(?!(?:if|when|whether|although|unless|since|while|because|as|once|after|before|"
    r"therefore|however|thus|so|then|also|this|that|these|those|it|they|there|here|what|"
    r"how|why|who|which|see|ask|try|do|does|don't|for|in|on|at|by|with|from)\b)",
    re.IGNORECASE,
)
"""A clause opening that can be its subject: no subordinator, pronoun or verb first."""


def _remember_group(mentions: list[Mention], context: _Context) -> None:
    """Keep the clause's known things of its most named type, if two or more, for a
    later "these ..." (``_Context.group``)."""
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
        context.group[:] = [_End(node_id, node_id, -1, -1, 0.7, False) for node_id in ids]


_APPOSED = re.compile(r"(?:\s[-\u2013\u2014]\s*|\u2014\s*)$")


def _apposed(
    text: str, start: int, cues: list[tuple[re.Match[str], str, str, bool]], mentions: list[Mention]
) -> list[_End]:
    """For a clause that opens with its cue after a dash ("dairy products - sources of
    calcium"), the thing named just before the dash: the cue's subject. Else none."""
    brk = _APPOSED.search(text, 0, start)
    if brk is None or not cues or re.search(r"\w", text[start : cues[0][0].start()]):
        return []
    named = _ends(text, 0, brk.start(), mentions, brk, after=False)
    return _nearest(text, named, brk.start(), before=True)


def _stated_subject(text: str, start: int, end: int, mentions: list[Mention]) -> _End | None:
    """The noun phrase a clause opens with (its subject), or None when it opens with a
    pronoun or anything else."""
    raw = text[start:end].split()
    words = [w.strip("()[]\"'.,!?\u201c\u201d") for w in raw]
    if not raw or raw[0].endswith(",") or not _OPENS_SUBJECT.match(text, start, end):
        return None
    runs = content_runs(words)
    if not runs or not runs[0][1] or words[0] not in (runs[0][0][0], *_DETERMINERS):
        return None
    label = " ".join(runs[0][0][:MAX_NEW_WORDS])
    head = text.find(label, start, end)
    named = [m for m in mentions if head <= m.start and m.end <= head + len(label)]
    if named:
        return _End(named[-1].node_id, named[-1].text, -1, -1, 0.7, False)
    node_id = singular_slug(label)
    return _End(node_id, label, -1, -1, 0.6, True) if node_id else None


def _topic_candidates(
    sentence: Sentence,
    clause: tuple[int, int],
    mentions: list[Mention],
    cues: list[tuple[re.Match[str], str, str, bool]],
    context: _Context,
    topic_id: str,
) -> Iterable[Candidate]:
    """Claims whose one end goes unsaid ("stretching is the quickest fix"): the topic's."""
    text, (start, end) = sentence.text, clause
    topic = _End(topic_id, topic_id, -1, -1, 0.8, False)
    for pattern, family, relation, after in TOPIC_PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(c.start() < match.end() and match.start() < c.end() for c, *_ in cues):
                continue
            named = _ends(text, start, end, mentions, match, after=after)
            named = [e for e in named if e.node_id != topic_id][:3]
            yield from _cue_candidates(
                sentence, clause, (match, family, relation, False), (named, [topic]), context
            )
    if any(family == "context" for _, family, _, _ in cues):
        return
    for mention in mentions:
        preceded = text[max(start, mention.start - 7) : mention.start]
        timed = TIME_WORDS.match(mention.text) or re.search(r"\b(?:at|in|during)\s$", preceded)
        if context.types.get(mention.node_id) == "context" and timed:
            conditions = [m for m in mentions if context.types.get(m.node_id) == "condition"]
            subject = conditions[0].node_id if conditions else topic_id
            clause_text = text[start:end]
            yield Candidate(
                subject,
                "occurs_during",
                mention.node_id,
                clause_text.strip(" ,"),
                _strength(clause_text),
                mention.text,
                0.45,
                sentence.index,
                bool(NEGATION.search(clause_text)),
            )


def propose_claims(
    text: str,
    index: TermIndex,
    known_types: Mapping[str, str],
    *,
    new_nodes: dict[str, NewNode] | None = None,
) -> list[Candidate]:
    """Propose candidate claims for every sentence of ``text``.

    Parameters
    ----------
    text
        The article, plain text.
    index
        Names of the known nodes (``graph.mentions.term_index``).
    known_types
        Type of every known node, by id.
    new_nodes
        If given, filled with the new nodes the candidates name, by id.

    Returns
    -------
    list of Candidate
        In text order, each claim once (its first, most confident occurrence kept).
    """
    collected: dict[str, NewNode] = {} if new_nodes is None else new_nodes
    title_node = _title_node(text, index, known_types)
    if title_node is not None:
        collected.setdefault(title_node.id, title_node)
    sentences = split_into_sentences(text)
    # Two passes: names first proposed in one sentence are found in every other one.
    for _ in range(2):
        collected_before = dict(collected)
        names = [(node.id, (node.label,)) for node in collected_before.values()]
        pass_index = _extend(index, names)
        types = {**{n.id: n.type for n in collected_before.values()}, **known_types}
        context = _Context(
            types, frozenset(known_types), collected, _topic(text, pass_index, types)
        )
        candidates: list[Candidate] = []
        for sentence in sentences:
            candidates.extend(_sentence_candidates(sentence, pass_index, context))
    return _unique(candidates)


def _title_node(text: str, index: TermIndex, known_types: Mapping[str, str]) -> NewNode | None:
    """The condition a title names first when it names no known one ("Gout: why a joint
    flares"), if the text names it at least three more times: the article's topic."""
    title, _, body = text.strip().partition("\n")
    title = re.split(r"[:?!.;\u2013\u2014]", title, maxsplit=1)[0]
    named = find_mentions(title, index, fuzzy=False)
    if any(known_types.get(m.node_id) == "condition" for m in named):
        return None
    words = [w.strip("()[]\"'.,\u201c\u201d") for w in title.split()]
    runs = content_runs([w for w in words if w])
    if not runs:
        return None
    label = " ".join(runs[0][0][:3])
    suggested = types_by_words(label)
    node_id = singular_slug(label)
    if not node_id or (suggested and suggested[0] != "condition"):
        return None
    again = find_mentions(body, term_index([(node_id, (label,))]), fuzzy=False)
    if len(again) < 3:
        return None
    return NewNode(node_id, label[:1].upper() + label[1:], "condition")


def _topic(text: str, index: TermIndex, types: Mapping[str, str]) -> str | None:
    """The condition the text names most often, its title counting more (first on a tie)."""
    # The title (the first line) names the topic: its mentions count three times.
    title_end = len(text.lstrip().split("\n", 1)[0]) + len(text) - len(text.lstrip())
    conditions: Counter[str] = Counter()
    for mention in find_mentions(text, index, fuzzy=False):
        if types.get(mention.node_id) == "condition":
            conditions[mention.node_id] += 3 if mention.end <= title_end else 1
    return conditions.most_common(1)[0][0] if conditions else None


def _extend(index: TermIndex, names: Iterable[tuple[str, Iterable[str]]]) -> TermIndex:
    extra = term_index(names)
    exact = {**extra.exact, **index.exact}
    return type(index)(exact, tuple(dict.fromkeys((*index.fuzzy_terms, *extra.fuzzy_terms))))


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    best: dict[tuple[str, bool], Candidate] = {}
    for candidate in candidates:
        key = (candidate.key, candidate.negated)
        if key not in best or candidate.confidence > best[key].confidence:
            best[key] = candidate
    return sorted(best.values(), key=lambda c: (c.sentence, -c.confidence, c.key))
