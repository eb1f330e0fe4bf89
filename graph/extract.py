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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pysbd

from .mentions import Mention, TermIndex, find_mentions, term_index, tokenize
from .schema import RELATIONS

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
    "context": ("occurs_during", "used_during"),
}
"""Relations grouped by what they say; a benchmark counts a claim right by its family."""

_FAMILY_OF = {relation: family for family, members in FAMILIES.items() for relation in members}

# (pattern, family, preferred relation, reversed): reversed cues name the object first
# ("caused by X": X is the subject).
_CUES: tuple[tuple[str, str, str, bool], ...] = (
    (
        r"(?:is|are|was|were|be|been)? ?(?:caused|triggered|provoked|brought on) by",
        "cause",
        "causes",
        True,
    ),
    (r"(?:the )?results? of|due to|because of|owing to|stems? from", "cause", "causes", True),
    (
        r"(?:is|are)? ?(?:an? |the )?(?:\w+ )?(?:causes?|triggers?|culprits?) of",
        "cause",
        "causes",
        False,
    ),
    (
        r"caus(?:e|es|ed|ing)|lead(?:s|ing)? to|led to|trigger(?:s|ed)?|provok(?:e|es|ed)|"
        r"results? in|brings? on|gives? rise to|set(?:s)? off|contribut(?:e|es|ed|ing) to",
        "cause",
        "causes",
        False,
    ),
    (
        r"associated with|linked (?:to|with)|connected (?:to|with)|related to|accompan(?:y|ies|ied)"
        r"(?: by)?|goes? with|go hand in hand with|common (?:in|among)|seen in|raises? the risk of|"
        r"increases? the risk of|makes? \w+ more likely",
        "cause",
        "associated_with",
        False,
    ),
    (
        r"(?:is|are|be)? ?(?:relieved|eased|soothed|stopped|treated|prevented|cured|helped)"
        r" (?:by|with)",
        "help",
        "relieves",
        True,
    ),
    (
        r"relie(?:ve|ves|ved|ving)|eas(?:e|es|ed|ing)|sooth(?:e|es|ed|ing)|stops?|calms?|"
        r"loosens?|releases?",
        "help",
        "relieves",
        False,
    ),
    (
        r"prevent(?:s|ed|ing)?|protects? (?:you )?(?:against|from)|wards? off|reduces? the "
        r"(?:risk|number|frequency) of|lowers? the risk of|keeps? \w+ away|helps? avoid|"
        r"avoid(?:s|ing)?",
        "help",
        "prevents",
        False,
    ),
    (
        r"treat(?:s|ed|ing)?|cur(?:e|es|ed)|fights?|helps? (?:with|against|to treat)|"
        r"(?:is |are )?good for|works? (?:for|against)",
        "help",
        "treats",
        False,
    ),
    (
        r"recommended (?:for|against)|(?:is |are )?advised for|prescribed for",
        "help",
        "recommended_for",
        False,
    ),
    (
        r"(?:is|are) rich in|rich in|high in|(?:is |are )?full of|packed with|loaded with|"
        r"contain(?:s|ing)?|(?:is |are )?(?:a |an )?(?:good |rich |great |excellent |main |"
        r"important |best )?sources? of|provides?|suppl(?:y|ies)|deliver(?:s)?|offers?",
        "source",
        "rich_in",
        False,
    ),
    (
        r"(?:is |are )?found in|present in|comes? from|obtained from|"
        r"(?:is |are )?in foods? such as",
        "source",
        "rich_in",
        True,
    ),
    (
        r"(?:helps?|needed|required|necessary|essential) (?:the body )?(?:to )?(?:absorb|take up)|"
        r"(?:needed|required|necessary|essential) for (?:the )?absorption of|absorption of",
        "absorption",
        "needed_for_absorption_of",
        False,
    ),
    (r"during|while|at night|in the night", "context", "occurs_during", False),
)

_CUE_PATTERNS = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), family, relation, backwards)
    for pattern, family, relation, backwards in _CUES
)
_CLAUSE_BREAK = re.compile(r";|:|\s[-\u2013\u2014]\s|\u2014|,\s(?:but|whereas|although|while|so)\s")
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|cannot|can't|don't|doesn't|didn't|isn't|aren't|won't|"
    r"unlikely|myth|no evidence|little evidence)\b|n't\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|can|could|possibly|perhaps|probably|likely|suggests?|sometimes|"
    r"seems?|appears?|thought to)\b",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    r"\b(?:people|they|some|many|others|folk|friends|grandmothers?|athletes) "
    r"(?:say|said|swear|claim|believe|recommend|report)|\bit is (?:said|believed|claimed)|"
    r"\bfolk (?:wisdom|remedy|remedies)|\bpopular belief|\bword of mouth|\btraditionally|"
    r"\baccording to (?:some|many|popular)|\bswear by|\bold wives",
    re.IGNORECASE,
)
_EDGE_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the some many most much more less this that these those such as is are was were be"
        " been being may might can could will would should must also often usually sometimes very"
        " and or but of in on at to for with by from it its they them their you your we our he she"
        " which who what when where how why there here one ones not no do does did have has had"
        " into than then so just only even both all any each other well good great important main"
        " best rich high full help helps helped people body",
    )
)
_PHRASE_STOP = re.compile(r"[,.;:!?()\[\]\"\u201c\u201d]|\s[-\u2013\u2014]\s")
_MAX_NEW_WORDS = 4
_PREPOSITIONS = frozenset(
    re.findall(
        r"\S+",
        "in on for from with at by to because when during as than without into about over"
        " under after before through against between among per whether once again",
    )
)
_TRAILING = frozenset({"too", "also", "either", "again", "later", "first"})
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"deficien|lack|shortage|dehydrat|overuse|overwork|stress|loss|too much|too little|"
        r"low |imbalance|smoking|alcohol|obesity|inactivity",
        "cause",
    ),
    (
        r"anaemi|anemi|disease|syndrome|disorder|pain|ache|migraine|cramp|spasm|fatigue|tired|"
        r"itis\b|infection|diabetes|insomnia|dizziness|weakness|condition",
        "condition",
    ),
    (
        r"iron|vitamin|calcium|magnesium|potassium|sodium|zinc|folate|folic|b12|protein|fibre|"
        r"fiber|mineral|electrolyte|omega",
        "nutrient",
    ),
    (
        r"supplement|tablet|pill|stretch|massage|medication|medicine|drug|therapy|drink|"
        r"infusion|bath|compress|ice|heat pad|warm|rest\b|treatment|exercise",
        "remedy",
    ),
    (r"sleep|night|pregnan|running|swimming|training|heat wave|workout|menstrua", "context"),
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text, with its character span (``text[start:end]``)."""

    index: int
    start: int
    end: int
    text: str


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
        return f"{self.subject}|{self.relation}|{self.object}"


def family_of(relation: str) -> str:
    """Name the family a relation belongs to (``FAMILIES``).

    Examples
    --------
    >>> family_of("prevents")
    'help'
    """
    return _FAMILY_OF[relation]


def slugify(text: str) -> str:
    """Turn a phrase into a node id.

    Examples
    --------
    >>> slugify("Vitamin C (ascorbic acid)")
    'vitamin-c-ascorbic-acid'
    """
    return "-".join(token.word.replace("'", "") for token in tokenize(text))[:80].strip("-")


_SEGMENTER = pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_into_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, line by line (a line break always ends one).

    Examples
    --------
    >>> [s.text for s in split_into_sentences("Cramps hurt. Dr. Lee agrees.\\nTitle")]
    ['Cramps hurt.', 'Dr. Lee agrees.', 'Title']
    """
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\r\n]+", text):
        if not line.group().strip():
            continue
        for span in _SEGMENTER.segment(line.group()):
            raw = span.sent
            lead = len(raw) - len(raw.lstrip())
            stripped = raw.strip()
            if stripped:
                start = line.start() + span.start + lead
                sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped))
    return sentences


def _clauses(sentence: str) -> list[tuple[int, int]]:
    cuts = [0]
    for match in _CLAUSE_BREAK.finditer(sentence):
        cuts.extend((match.start(), match.end()))
    cuts.append(len(sentence))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


def _guess_type(phrase: str, allowed: frozenset[str]) -> str:
    lowered = f"{phrase.lower()} "
    for pattern, node_type in _TYPE_WORDS:
        if re.search(pattern, lowered) and node_type in allowed:
            return node_type
    order = ("food", "remedy", "nutrient", "condition", "cause", "context", "outcome")
    return next(node_type for node_type in order if node_type in allowed)


def _trim_phrase(words: list[str]) -> list[str]:
    while words and words[0].lower() in _EDGE_WORDS:
        words = words[1:]
    while words and words[-1].lower() in _EDGE_WORDS:
        words = words[:-1]
    return words


def _phrases_beside(text: str, lo: int, hi: int, cue: re.Match[str], *, after: bool) -> list[str]:
    """The noun-ish phrases right after (or before) a cue, split at "and", "or" and commas."""
    if after:
        stop = _PHRASE_STOP.search(text, cue.end(), hi)
        stretch = text[cue.end() : stop.start() if stop else hi]
    else:
        stops = list(_PHRASE_STOP.finditer(text, lo, cue.start()))
        stretch = text[stops[-1].end() if stops else lo : cue.start()]
    parts = re.split(r"\b(?:and|or|as well as|such as|like|which|that|who)\b", stretch)
    chosen = parts if after else parts[-1:]
    phrases = []
    for part in chosen:
        words = _phrase_words(part.split(), after=after)
        if words and any(w.lower() not in _EDGE_WORDS and len(w) > 2 for w in words):
            phrases.append(" ".join(words))
    return phrases


def _phrase_words(words: list[str], *, after: bool) -> list[str]:
    """The run of content words nearest the cue: a noun phrase, roughly."""
    taken: list[str] = []
    for word in words if after else reversed(words):
        if word.lower() in _EDGE_WORDS or word.lower() in _PREPOSITIONS:
            if taken:
                break
            continue
        taken.append(word)
        if len(taken) == _MAX_NEW_WORDS:
            break
    if not after:
        taken.reverse()
    while taken and taken[-1].lower() in _TRAILING:
        taken.pop()
    return taken


@dataclass(frozen=True, slots=True)
class _End:
    node_id: str
    label: str
    start: int
    end: int
    weight: float
    new: bool


_WEIGHT = {"exact": 1.0, "plural": 0.95}


def _ends(
    text: str, lo: int, hi: int, mentions: list[Mention], cue: re.Match[str], *, after: bool
) -> list[_End]:
    """The ends on one side of a cue within the clause ``text[lo:hi]``."""
    if after:
        stop = _CUE_STOP.search(text, cue.end(), hi)
        limit = stop.start() if stop else hi
        side = [m for m in mentions if m.start >= cue.end()]
        inside = [m for m in side if m.start < limit] or side[:1]
    else:
        floor = lo
        for stop in _CUE_STOP.finditer(text, lo, cue.start()):
            floor = stop.end()
        side = [m for m in mentions if m.end <= cue.start()]
        inside = [m for m in side if m.start >= floor] or side[-1:]
    found = [
        _End(m.node_id, m.text, m.start, m.end, _WEIGHT.get(m.kind, m.score / 125), False)
        for m in inside
    ]
    if found:
        return found
    return [
        _End(slugify(phrase), phrase, -1, -1, 0.55, True)
        for phrase in _phrases_beside(text, lo, hi, cue, after=after)
        if slugify(phrase)
    ]


# Another cue or a subordinate clause ends the reach of the current cue.
_CUE_STOP = re.compile(r"\b(?:which|because|when|if|whereas|although|but)\b")


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
        return _guess_type(end.label, allowed)
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
    if _HEARSAY.search(clause):
        return "anecdotal"
    return "suggests" if _HEDGE.search(clause) else "states"


def _sentence_candidates(
    sentence: Sentence,
    index: TermIndex,
    known_types: Mapping[str, str],
    new_nodes: dict[str, NewNode],
) -> list[Candidate]:
    found: list[Candidate] = []
    text = sentence.text
    mentions = find_mentions(text, index)
    for clause_start, clause_end in _clauses(sentence.text):
        clause = sentence.text[clause_start:clause_end]
        local = [m for m in mentions if clause_start <= m.start and m.end <= clause_end]
        taken: list[tuple[int, int]] = []
        for pattern, family, preferred, backwards in _CUE_PATTERNS:
            for cue in pattern.finditer(sentence.text, clause_start, clause_end):
                if any(s < cue.end() and cue.start() < e for s, e in taken):
                    continue
                if any(m.start < cue.end() and cue.start() < m.end for m in local):
                    continue  # the cue word is part of a name ("leg cramps")
                taken.append((cue.start(), cue.end()))
                lefts = _ends(text, clause_start, clause_end, local, cue, after=False)
                rights = _ends(text, clause_start, clause_end, local, cue, after=True)
                if backwards:
                    lefts, rights = rights, lefts
                before = sentence.text[clause_start : cue.end()]
                negated = bool(_NEGATION.search(before[-40:]))
                quote = clause.strip(" ,")
                for left in lefts:
                    for right in rights:
                        if left.node_id == right.node_id:
                            continue
                        related = _relate(left, right, family, preferred, known_types)
                        if related is None:
                            continue
                        subject, relation, obj, new = related
                        for node in new.values():
                            new_nodes.setdefault(node.id, node)
                        span = abs(right.start - left.end) if not (left.new or right.new) else 40
                        closeness = 1.0 if span < 60 else 0.8
                        confidence = round(
                            0.9
                            * left.weight
                            * right.weight
                            * closeness
                            * (0.6 if family == "context" else 1.0),
                            2,
                        )
                        found.append(
                            Candidate(
                                subject,
                                relation,
                                obj,
                                quote,
                                _strength(clause),
                                cue.group(),
                                confidence,
                                sentence.index,
                                negated,
                            )
                        )
    return found


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
    sentences = split_into_sentences(text)
    # Two passes: names first proposed in one sentence are found in every other one.
    for _ in range(2):
        collected_before = dict(collected)
        names = [(node.id, (node.label,)) for node in collected_before.values()]
        pass_index = _extend(index, names)
        types = {**{n.id: n.type for n in collected_before.values()}, **known_types}
        candidates: list[Candidate] = []
        for sentence in sentences:
            candidates.extend(_sentence_candidates(sentence, pass_index, types, collected))
    return _unique(candidates)


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
