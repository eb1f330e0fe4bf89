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
from dataclasses import dataclass, replace

from .clauses import Sentence, embedded_relative, split_clauses, split_into_sentences
from .cues import (
    AND_BEFORE,
    AS_DO,
    BULLET,
    CUE_PATTERNS,
    GENERIC,
    LIST_HEADINGS,
    MEMBERS,
    NOUN_USE,
    OBJECT_PRONOUN,
    PRONOUN,
    RELATIVE_BEFORE,
    SUBORDINATE_PRONOUN,
    UNSAID_OBJECT,
)
from .extract_advice import advice_candidates
from .extract_claims import (
    FAMILIES,
    Candidate,
    cue_candidates,
    family_of,
    oriented,
)
from .extract_ends import (
    Context,
    End,
    NewNode,
    apposed,
    article_topic,
    both_before,
    chained_subject,
    ends_beside,
    nearest,
    remember_group,
    resolved,
    stated_subject,
    title_node,
    topic_end,
)
from .extract_filter import names_things, trimmed
from .extract_parse import load_parser, parse_candidates
from .extract_phrases import slugify
from .extract_sources import nutrient_sources
from .extract_topics import is_heading, narrowed_topic, section_topics, topic_candidates
from .ids import is_slug
from .mentions import Mention, TermIndex, find_mentions, term_index

__all__ = [
    "FAMILIES",
    "MAX_SENTENCE_CHARS",
    "Candidate",
    "NewNode",
    "Sentence",
    "family_of",
    "propose_claims",
    "slugify",
    "split_into_sentences",
]


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
            if " " not in cue.group().strip() and (
                NOUN_USE.search(text, lo, cue.start()) or _NOUN_AFTER.match(text, cue.end())
            ):
                continue  # "one possible cause", "the reduced place", "damage from": no verb
            cues.append((cue, family, preferred, backwards))
    return sorted(cues, key=lambda found: found[0].start())


_NOUN_AFTER = re.compile(r"(?<![sd])\s+(?:from|of)\b", re.IGNORECASE)
"""After a one-word cue in its bare form, "from" or "of" makes it a noun ("nerve damage
from diabetes", "the release of"); "results of", "caused ..." stay verbs."""


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


def _cue_ends(
    text: str,
    clause: tuple[int, int],
    reach: tuple[int, int],
    cue: tuple[re.Match[str], str, str, bool],
    local: list[Mention],
    subjects: list[End],
    context: Context,
) -> tuple[list[End], list[End]]:
    """The ends before and after one cue: names and phrases within its reach, or the
    subject a pronoun, a relative clause, "and" or "as do" stands for."""
    (start, end), (lo, hi) = clause, reach
    shared = AS_DO.search(text, cue[0].end(), hi)
    members = MEMBERS.search(text, cue[0].end(), hi)
    object_hi = min((m.start() for m in (shared, members) if m is not None), default=hi)
    lefts = ends_beside(text, lo, hi, local, cue[0], after=False)
    rights = ends_beside(text, lo, object_hi, local, cue[0], after=True)
    if shared and not cue[3]:
        # "Lentils contain iron, as do greens": the greens contain it too.
        lefts += ends_beside(text, shared.start(), hi, local, shared, after=True)
    relative_pronoun = RELATIVE_BEFORE.search(text, lo, cue[0].start())
    if relative_pronoun is not None:
        lefts = ends_beside(
            text, lo, relative_pronoun.start(), local, relative_pronoun, after=False
        )
    elif subordinate := SUBORDINATE_PRONOUN.search(text, start, cue[0].start()):
        # "Take tonic water because it contains quinine": the thing named just before.
        named = ends_beside(text, start, subordinate.start(), local, subordinate, after=False)
        lefts = nearest(text, named, subordinate.start(), before=True)
    elif not lefts and PRONOUN.search(text, lo, cue[0].start()):
        lefts = both_before(text, start, cue[0].start(), local) or list(context.previous)
    opens = not re.search(r"\w", text[start : cue[0].start()])
    second_verb = AND_BEFORE.search(text, start, cue[0].start())
    if subjects and (second_verb or (opens and not lefts)):
        # "Smoking damages the lungs and raises the risk of ...": one subject; so has
        # "dairy products - sources of calcium" (``apposed``).
        lefts = list(subjects)
    elif second_verb and not lefts:
        # "An infection is less common but can cause ...": the clause's own subject.
        lefts = stated_subject(text, start, second_verb.start(), local)
    elif not cue[3] and (chained := chained_subject(text, start, cue[0].start(), local, subjects)):
        lefts = chained
    if not rights and OBJECT_PRONOUN.match(text, cue[0].end(), hi):
        # "Beans contain fibre, and oats contain it as well": the fibre; with no
        # object before, "them" is what the article is about ("cause most of them").
        rights = list(context.previous_object) or topic_end(context, cue[1])
    if (
        not rights
        and cue[1] in ("cause", "help")
        and UNSAID_OBJECT.fullmatch(text, cue[0].end(), end)
    ):
        # "Kidney disease also raises the risk.": of what the article is about.
        rights = topic_end(context, cue[1])
    if members is not None:
        # "Medicines are linked to cramps, including diuretics": diuretics are, too; "foods
        # rich in iron, primarily liver and beans": the members are what is rich in it.
        named = ends_beside(text, members.start(), hi, local, members, after=True)
        if all(e.label.lower().rpartition(" ")[2] in GENERIC for e in lefts):
            lefts = named
        elif any(e.node_id == context.topic for e in rights):
            lefts += named
    relative = embedded_relative(text, start, end, cue[0].start())
    if relative is not None:
        # "Veins, which are common in pregnancy, are linked to cramps": the veins.
        lefts = ends_beside(text, start, relative.start(), local, relative, after=False)
    lefts, rights = (resolved(text, ends, context) for ends in (lefts, rights))
    # Proposed (not yet known) nodes may be typed anew to fit each claim.
    lefts, rights = (
        [e if e.node_id in context.known_ids else replace(e, new=True) for e in ends]
        for ends in (lefts, rights)
    )
    if cue[1] == "context":
        # "Hot flushes during the menopause and restless legs": only the nearest of each,
        # and the time right after the cue ("during the day is sensible" names no time).
        lefts = nearest(text, lefts, cue[0].start(), before=True)
        rights = nearest(text, rights, cue[0].end(), before=False, within=10)
    return lefts, rights


_JOINS = re.compile(r",|;|\b(?:and|but|or|which|that|who|while|when|so)\b", re.IGNORECASE)
_PARTICIPLE_CUE = re.compile(r"\w+ed(?: (?:for|by|with|to|in))?|for", re.IGNORECASE)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _is_reduced_relative(text: str, cue: re.Match[str]) -> bool:
    """Whether a cue is a participle describing the noun before it ("the tablets prescribed
    for cramps", "cramps caused by cold"), not a verb of its own ("are prescribed for")."""
    return bool(
        _PARTICIPLE_CUE.fullmatch(cue.group().strip())
        and not _BE_BEFORE.search(text, 0, cue.start())
    )


def _sentence_candidates(sentence: Sentence, index: TermIndex, context: Context) -> list[Candidate]:
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
        subjects = apposed(text, start, cues, mentions)
        described: int | None = None
        for cue in cues:
            lo = max((c[0].end() for c in firm if c[0].end() <= cue[0].start()), default=start)
            hi = min((c[0].start() for c in firm if c[0].start() >= cue[0].end()), default=end)
            lefts, rights = _cue_ends(text, (start, end), (lo, hi), cue, local, subjects, context)
            if cue[1] != "context":
                if described is not None and not _JOINS.search(text, described, cue[0].start()):
                    lefts = subjects  # "the tablets prescribed for cramps can cause": tablets
                subjects = lefts
                described = cue[0].end() if _is_reduced_relative(text, cue[0]) else None
            found.extend(cue_candidates(sentence, (start, end), cue, (lefts, rights), context))
        remember_group(local, context)
        if context.topic is not None:
            found.extend(
                topic_candidates(sentence, (start, end), local, cues, context, context.topic)
            )
            found.extend(advice_candidates(sentence, (start, end), context))
        found.extend(nutrient_sources(sentence, (start, end), local, context.types, context))
        if len(found) > before:
            # "..., and they are linked to ...": the next clause's "they" is this clause's
            # subject, or every one of its subjects ("Coffee and alcohol ..., so both ...").
            clause_ends = (
                (context.previous, [c.subject for c in found[before:]]),
                (context.previous_object, [found[before].object]),
            )
            for ends, node_ids in clause_ends:
                ends[:] = [
                    End(node_id, node_id.replace("-", " "), -1, -1, 0.7, new)
                    for node_id in dict.fromkeys(node_ids)
                    for new in [node_id not in context.known_ids]
                ]
        else:
            # No claim here, but "Sleeping pills can help for a night, but they do not
            # cure insomnia": a later "they" is still this clause's own subject.
            context.previous[:] = stated_subject(text, start, end, local) or context.previous
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
    titled = title_node(text, index, known_types)
    if titled is not None and _says_an_action(titled.label):
        titled = None  # "Why Your Calves Seize Up": a clause, not the condition's name
    if titled is not None:
        collected.setdefault(titled.id, titled)
    narrowed = narrowed_topic(text, index, known_types)
    if narrowed is not None:
        collected.setdefault(narrowed[1].id, narrowed[1])
    sentences = [_bounded(sentence) for sentence in split_into_sentences(text)]
    # Two passes: names first proposed in one sentence are found in every other one.
    for _ in range(2):
        collected_before = dict(collected)
        names = [(node.id, (node.label,)) for node in collected_before.values()]
        pass_index = _extend(index, names)
        types = {**{n.id: n.type for n in collected_before.values()}, **known_types}
        topic = titled.id if titled else article_topic(text, pass_index, types)
        context = Context(types, frozenset(known_types), collected, topic, names=index.exact)
        candidates: list[Candidate] = []
        heading: _Heading | None = None
        section: _Heading | None = None  # what the section's own heading says its lists are
        topics = section_topics(sentences, text, pass_index, types, topic, context.known_ids)
        for sentence, section_topic in zip(sentences, topics, strict=True):
            local = context if section_topic == topic else replace(context, topic=section_topic)
            item = BULLET.match(sentence.text)
            # A sentence further on a list item's line ("- Missed meals. Low blood sugar
            # can ...") is part of the item: the list goes on under its heading.
            if item is None and not _continues_item(text, sentence.start):
                heading = _list_heading(sentence.text, pass_index, local)
            if is_heading(sentence, text):
                # A pronoun does not reach back across a heading: "them" is the section's.
                context.previous.clear()
                context.previous_object.clear()
                section = heading
            elif heading is None and sentence.text.rstrip().endswith(":"):
                heading = section  # "Common triggers" ... "Those most often reported are:"
            candidates.extend(_sentence_candidates(sentence, pass_index, local))
            if heading is not None and item is not None:
                candidates.extend(_item_candidates(sentence, item, pass_index, heading, local))
    classes: dict[int, dict[str, set[str]]] = {}
    candidates.extend(
        parse_candidates(sentences, pass_index, context, topics=topics, word_classes=classes)
    )
    candidates = [
        trimmed(c, classes.get(c.sentence, {}), context)
        for c in candidates
        if names_things(c, classes.get(c.sentence, {}), context.known_ids)
    ]
    found = _unique([oriented(c, context.topic) for c in candidates])
    if narrowed:
        found = _unique([_read_as(c, narrowed) for c in found])
    # Only claims on two different nodes the data or the draft holds reach a curator.
    nodes = {node_id for node_id in (*known_types, *collected) if is_slug(node_id)}
    return [c for c in found if c.subject != c.object and {c.subject, c.object} <= nodes]


def _says_an_action(label: str) -> bool:
    """Whether a title's phrase holds a verb after its first word ("calves seize"), by the
    parse (a title's capitals hide it from the phrase rules); False without the parser."""
    parser = load_parser()
    if parser is None:
        return False
    words = list(parser(label.lower()))
    return any(t.pos_ in ("VERB", "AUX") and not t.lower_.endswith("ing") for t in words[1:])


def _read_as(candidate: Candidate, narrowed: tuple[str, NewNode]) -> Candidate:
    """A claim with the known condition the title narrows read as the narrower topic."""
    known, topic = narrowed
    ends = [topic.id if end == known else end for end in (candidate.subject, candidate.object)]
    return replace(candidate, subject=ends[0], object=ends[1])


_MAX_HEADING_WORDS = 10
MAX_SENTENCE_CHARS = 1_000
"""Longest stretch read as one sentence (an article's run to some 250 characters): a
longer one (a text with no full stops) is read only this far, so reading stays linear."""


def _bounded(sentence: Sentence) -> Sentence:
    """A sentence cut to ``MAX_SENTENCE_CHARS``; what is cut is not read."""
    if len(sentence.text) <= MAX_SENTENCE_CHARS:
        return sentence
    end = sentence.start + MAX_SENTENCE_CHARS
    return replace(sentence, end=end, text=sentence.text[:MAX_SENTENCE_CHARS])


@dataclass(frozen=True, slots=True)
class _Heading:
    """What a line ending in ":" says of the list items below it: the cue they share and
    its other end; the items are its subjects, or its objects when ``items_after``."""

    cue: str
    family: str
    relation: str
    backwards: bool
    other: tuple[End, ...]
    items_after: bool


def _continues_item(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` goes on a list item's line after its first one."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(text[line_start:start].strip()) and BULLET.match(text, line_start) is not None


def _list_heading(text: str, index: TermIndex, context: Context) -> _Heading | None:
    """The heading a line is for a list ("Foods rich in magnesium:", "Common triggers:", or
    a title line such as "Things that ease cramps": short, with no full stop)."""
    text = text.rstrip()
    if text.endswith(":"):
        text = text[:-1]
    elif not text or text[-1] in ".!?" or len(text.split()) > _MAX_HEADING_WORDS:
        return None
    mentions = find_mentions(text, index)
    for match, family, relation, backwards in _cues_in(
        text, 0, len(text), mentions, context.known_ids
    ):
        before = ends_beside(text, 0, len(text), mentions, match, after=False)
        after = ends_beside(text, 0, len(text), mentions, match, after=True)
        before = [e for e in before if e.label.lower().rpartition(" ")[2] not in GENERIC]
        if bool(before) != bool(after):
            other = tuple(before or after)
            return _Heading(match.group(), family, relation, backwards, other, not after)
    for pattern, family, relation in LIST_HEADINGS:
        found = pattern.search(text)
        if found is not None and context.topic is not None:
            topic = End(context.topic, context.topic, -1, -1, 0.8, False)
            return _Heading(found.group(), family, relation, False, (topic,), False)
    return None


def _item_candidates(
    sentence: Sentence,
    item: re.Match[str],
    index: TermIndex,
    heading: _Heading,
    context: Context,
) -> list[Candidate]:
    """The claims a list item makes under its heading: "- low potassium" under "Common
    triggers:" says low potassium triggers the topic."""
    # "- water tablets (diuretics)": the aside is another name, not part of this one.
    text = _ASIDE.sub(lambda aside: " " * len(aside.group()), sentence.text)
    named = stated_subject(text, item.end(), len(text), find_mentions(text, index), whole=True)
    named = [e if e.node_id in context.known_ids else replace(e, new=True) for e in named]
    if _NOT.match(text, item.end()):
        # "- not drinking enough water": the lack, not the drinking.
        named = [_lacking(e) for e in named if e.new and " " in e.label]
    ends = (list(heading.other), named) if heading.items_after else (named, list(heading.other))
    cue = (item, heading.family, heading.relation, heading.backwards)
    found = cue_candidates(sentence, (0, len(text)), cue, ends, context)
    return [replace(c, cue=heading.cue) for c in found]


_ASIDE = re.compile(r"\([^()]*\)")
_NOT = re.compile(r"not\s+\w+ing\b", re.IGNORECASE)


def _lacking(end: End) -> End:
    """A new end named with the "not" before it ("not drinking enough water")."""
    return replace(end, node_id=f"not-{end.node_id}", label=f"not {end.label}")


def _extend(index: TermIndex, names: Iterable[tuple[str, Iterable[str]]]) -> TermIndex:
    extra = term_index(names)
    exact = {**extra.exact, **index.exact}
    return type(index)(exact, tuple(dict.fromkeys((*index.fuzzy_terms, *extra.fuzzy_terms))))


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """Each claim once (both ends and the relation's family): the most confident reading,
    the first on a tie (the cue rules' shorter quote before the parse's)."""
    best: dict[tuple[str, str, str, bool], Candidate] = {}
    for candidate in candidates:
        family = family_of(candidate.relation)
        key = (candidate.subject, family, candidate.object, candidate.negated)
        if key not in best or candidate.confidence > best[key].confidence:
            best[key] = candidate
    return sorted(best.values(), key=lambda c: (c.sentence, -c.confidence, c.key))
