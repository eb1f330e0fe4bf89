"""The words a claim is said in: the relation's verb phrase, kept as close to the source's
own words as the graph allows (how often it says the relation holds, a weaker word it uses).

``graph.narrate.clause`` words every claim through ``relation_phrase``; ``graph.narrate``
re-exports the tables here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from .cues import HEARSAY
from .ids import EdgeKey
from .schema import RELATIONS

__all__ = [
    "FREQUENCY_CUES",
    "LISTED_AT_LEAST",
    "OWN_WORDS",
    "end_name",
    "firmness_by_source",
    "join",
    "listed_with",
    "lower_first",
    "object_name",
    "own_words",
    "read_as_note",
    "relation_phrase",
    "reported_cue",
    "subject_name",
    "with_article",
]


FREQUENCY_CUES: Mapping[str, tuple[re.Pattern[str], str, str]] = {
    "causes": (
        re.compile(r"\bmost (?:often|common)\b", re.IGNORECASE),
        "is among the most common causes of",
        "are among the most common causes of",
    ),
    "occurs_during": (
        re.compile(r"\boften\b[^.]{0,40}?\b(?:occur|happen)", re.IGNORECASE),
        "often occurs during",
        "often occur during",
    ),
    "comes_on": (re.compile(r"\balways\b", re.IGNORECASE), "always comes on", "always come on"),
}
"""How often the source says a relation holds, by relation: the pattern that finds it in
a quote and the verb phrase (singular, plural) that keeps it. "Most often, cramps result
from a lack of magnesium" is not "a lack of magnesium causes cramps" (fifth read M3): the
verdict judges the "most common cause" part."""


OWN_WORDS: Mapping[str, tuple[re.Pattern[str], str, str, str]] = {
    "rich_in": (
        re.compile(r"^(?!.*\brich\b).*\bsources? of\b", re.IGNORECASE),
        "is a source of",
        "are sources of",
        "source of",
    ),
    # "Doctors prescribe these two trace elements ...": prescribing is not recommending
    # as such, and row E6 judges the prescribing (eighth read, #2).
    "recommended_for": (
        re.compile(r"\bprescribed?\b", re.IGNORECASE),
        "is prescribed for",
        "are prescribed for",
        "prescribed for",
    ),
    # "it's also useful for prevention" is no "prevents" (eleventh read, #9).
    "prevents": (
        re.compile(r"\buseful for prevention\b", re.IGNORECASE),
        "is useful for preventing",
        "are useful for preventing",
        "useful for preventing",
    ),
}
"""The source's own, weaker word for a relation, kept when every quote uses it: "dairy
products ... - sources of calcium" is not "rich in calcium" (fifth read, m6): the
pattern, the verb phrase (singular, plural) and the arrow's label."""


def relation_phrase(graph: nx.MultiDiGraph, edge: EdgeKey, *, plural: bool = False) -> str:
    """The relation's verb phrase, with the source's own "most often" or "always" when a
    quote the claim is not inferred from says it (``FREQUENCY_CUES``), or the source's own
    weaker word when every such quote uses it (``OWN_WORDS``); ``plural`` for several
    subjects at once (else the subject's own number)."""
    subject, _, key = edge
    relation = RELATIONS[key]
    wider = end_name(graph, edge, "subject")
    plural = plural or (_plural_words(wider) if wider else bool(graph.nodes[subject].get("plural")))
    by_source: dict[str, list[str]] = {}
    for prov in graph.edges[edge].get("provenance") or ():
        if prov.get("strength") != "inferred":
            by_source.setdefault(prov["source"], []).append(prov["quote"])
    cue = FREQUENCY_CUES.get(key)
    # Every source must say how often: one article's "most often" is not another's (QA pass).
    if cue and by_source and all(any(map(cue[0].search, q)) for q in by_source.values()):
        return cue[2] if plural else cue[1]
    if own_words(graph, edge):
        return OWN_WORDS[key][2] if plural else OWN_WORDS[key][1]
    return relation.phrase_plural if plural else relation.phrase


def own_words(graph: nx.MultiDiGraph, edge: EdgeKey, *, label: bool = False) -> str:
    """The source's own weaker words for the relation of ``edge``, in the plural ("are
    sources of") or as an arrow's ``label`` ("source of"), when every quote it is not
    inferred from uses them (``OWN_WORDS``), else ``""``: arrows and headings say no more
    than the claim (seventh read, #7)."""
    own = OWN_WORDS.get(edge[2])
    quotes = [
        prov["quote"]
        for prov in graph.edges[edge].get("provenance") or ()
        if prov.get("strength") != "inferred"
    ]
    if not (own and quotes and all(own[0].search(quote) for quote in quotes)):
        return ""
    return own[3] if label else own[2]


def with_article(word: str) -> str:
    """``word`` after "a" or "an", by its first letter.

    >>> with_article("food"), with_article("remedy"), with_article("effect")
    ('a food', 'a remedy', 'an effect')
    """
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def lower_first(label: str) -> str:
    """A label as it reads inside a sentence; acronyms such as 'CVI' stay as they are.

    Examples
    --------
    >>> lower_first("Vitamin D deficiency"), lower_first("CVI")
    ('vitamin D deficiency', 'CVI')
    """
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def subject_name(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The edge's subject inside a sentence, as narrowly as its quotes name it
    (``subject_as``: "medications (magnesium and calcium with vitamin D)", ninth read, #2),
    or in the quotes' own wider words (``said_as``, ``end_name``)."""
    wider = end_name(graph, edge, "subject")
    if wider:
        return wider
    label = lower_first(graph.nodes[edge[0]]["label"])
    narrower = graph.edges[edge].get("subject_as")
    return f"{label} ({narrower})" if narrower else label


_PREPOSITION = re.compile(r"\s(?:in|of|on|at|from|with|for)\s")


def _plural_words(words: str) -> bool:
    """Whether a noun phrase is plural by its head noun, the last word before any
    preposition ("cramps in the legs", "muscle cramps": yes; "pain in the legs": no)."""
    head = _PREPOSITION.split(f" {words} ", maxsplit=1)[0].split()[-1]
    return head.endswith("s") and not head.endswith("ss")


def end_name(graph: nx.MultiDiGraph, edge: EdgeKey, end: str) -> str:
    """The quotes' own wider words for the ``end`` ("subject" or "object") of ``edge``
    (``said_as``: "spasms of the leg muscles", read by the tool as the calf cramp), else
    ``""``; a claim is said in them, never in the node's narrower label (fifteenth read, #4).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> end_name(graph, ("varicose-veins", "calf-cramp", "associated_with"), "object")
    'frequent spasms of the leg muscles'
    >>> end_name(graph, ("almonds", "magnesium", "rich_in"), "object")
    ''
    """
    return (graph.edges[edge].get("said_as") or {}).get(end, "")


def object_name(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The edge's object inside a sentence: the quotes' wider words (``end_name``) or its label."""
    return end_name(graph, edge, "object") or lower_first(graph.nodes[edge[1]]["label"])


def read_as_note(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """What the tool reads the quotes' wider words as, for the end of a sentence said in
    them: '; the tool reads “frequent spasms of the leg muscles” as calf muscle cramp',
    else ``""``."""
    return "".join(
        f"; the tool reads \u201c{words}\u201d as {lower_first(graph.nodes[node]['label'])}"
        for end, node in (("subject", edge[0]), ("object", edge[1]))
        if (words := end_name(graph, edge, end))
    )


_FIRMNESS_BY_SOURCE: Mapping[str, str] = {
    "states": "{name} states it",
    "suggests": "{name} suggests it",
    "anecdotal": "people quoted in {name} say it",
    "inferred": "the tool infers it from {name}",
}
"""How firmly one source of several makes a claim, by its firmest quote's strength."""
_FIRMEST = ("states", "suggests", "anecdotal", "inferred")


def firmness_by_source(graph: nx.MultiDiGraph, edge: EdgeKey) -> list[str]:
    """How firmly each source of ``edge`` makes its claim, in provenance order, one phrase
    each ('“Calf cramps” states it', 'people quoted in “Leg cramps” say it'), when its
    sources make it with different firmness (else ``[]``: one sentence says it for all), so
    a claim is never worded as firmly as the firmer source for both (QA pass)."""
    firmest: dict[str, str] = {}
    for prov in graph.edges[edge]["provenance"]:
        held = firmest.get(prov["source"], "inferred")
        firmest[prov["source"]] = min(held, prov["strength"], key=_FIRMEST.index)
    if len(set(firmest.values())) < 2:
        return []
    sources = graph.graph.get("sources", {})
    return [
        _FIRMNESS_BY_SOURCE[strength].format(
            name=f"\u201c{sources.get(source, {}).get('title') or source}\u201d"
        )
        for source, strength in firmest.items()
    ]


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'.

    Examples
    --------
    >>> join(["a", "b", "c"]), join(["a", "b"], "or")
    ('a, b and c', 'a or b')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


LISTED_AT_LEAST = 3
"""How many subjects one quote must give a relation to the same object for the quote to be
a list ("foods rich in these microelements ..., primarily dried apricots, raisins, almonds,
and walnuts"), whose items the source names together, not one by one."""


def _stated(graph: nx.MultiDiGraph, edge: EdgeKey) -> set[str]:
    return {
        prov["quote"]
        for prov in graph.edges[edge].get("provenance") or ()
        if prov.get("strength") == "states"
    }


def listed_with(graph: nx.MultiDiGraph, edge: EdgeKey) -> list[str]:
    """The objects a list quote gives ``edge``'s subject, ``edge``'s own among them, when
    every quote the claim is stated in is a list (``LISTED_AT_LEAST`` subjects of one
    relation and object) and the claim has no collective words of its own ("among the
    most common causes"), else ``[]``: such a claim is the source's listing, not a
    statement about each item (eighth read, #3).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> listed_with(graph, ("walnuts", "calcium", "rich_in"))
    ['calcium', 'magnesium']
    >>> listed_with(graph, ("dairy-products", "calcium", "rich_in"))
    []
    """
    subject, obj, key = edge
    quotes = _stated(graph, edge)
    bare = (RELATIONS[key].phrase, RELATIONS[key].phrase_plural)
    if not quotes or relation_phrase(graph, edge) not in bare:
        return []
    for quote in quotes:
        subjects = {
            other
            for other, _, other_key in graph.in_edges(obj, keys=True)
            if other_key == key and quote in _stated(graph, (other, obj, key))
        }
        if len(subjects) < LISTED_AT_LEAST:
            return []
    return sorted(
        other_obj
        for _, other_obj, other_key in graph.out_edges(subject, keys=True)
        if other_key == key and quotes <= _stated(graph, (subject, other_obj, key))
    )


_DASH = re.compile(r"\s[-\u2013\u2014]\s")


def reported_cue(provenance: Iterable[Mapping]) -> str:
    """The hearsay cue ("many recommend") that every quote opens with before a dash, else "".

    Examples
    --------
    >>> reported_cue([{"quote": "Many recommend a lemon - citric acid relieves spasm"}])
    'many recommend'
    >>> reported_cue([{"quote": "A lemon relieves spasm"}])
    ''
    """
    cues = set()
    for prov in provenance:
        opening = _DASH.split(prov["quote"], maxsplit=1)
        match = HEARSAY.match(opening[0]) if len(opening) == 2 else None
        if not match:
            return ""
        cues.add(match[0].lower())
    return cues.pop() if len(cues) == 1 else ""
