"""Every sentence Cramp Atlas writes about a claim, and who it says the claim comes from.

Narration, answers to questions, comparisons, quiz explanations, generated tours, the
handout and the lesson all word claims through this module, so each sentence says who
makes the claim and how firmly, in the words of the strength and verdict vocabularies:

- ``states``: "The article says that buckwheat cereals are rich in magnesium."
- ``suggests``: "The article suggests that stretching prevents calf muscle cramp."
- ``anecdotal``: "People quoted in the article say that ..."
- ``inferred``: "The tool infers that ... (from: “quote”, “quote”)."
- a verdict: "Reviews find this claim not supported." and the like, one template per
  verdict, each with the verdict's own words.

The speaker is named after the kind of source the claims come from ("popular health
article" -> "The article"); several sources are named each ("The article and the
leaflet say ..."). The verdict sentences live in ``graph.narrate_verdicts`` and are
re-exported here, so callers import every template from this module. A bare
"Vitamin D deficiency causes calf muscle cramp." is never written: ``clause`` gives the
claim's words only for use inside one of these sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from .ids import EdgeKey
from .narrate_speaker import speaker, verb
from .narrate_verdicts import (
    BANDED_READING,
    DISAGREEING_VERDICTS,
    FOOD_TABLE_READING,
    TABLE_SOURCES,
    VERDICT_SOURCES,
    derived_verdict_source,
    edge_verdict_note,
    edge_verdict_sentence,
    verdict_label,
    verdict_note,
    verdict_sentence,
    verdict_source,
)
from .narrate_words import (
    FREQUENCY_CUES,
    OWN_WORDS,
    firmness_by_source,
    join,
    listed_with,
    lower_first,
    object_name,
    read_as_note,
    relation_phrase,
    reported_cue,
    subject_name,
    with_article,
)
from .schema import NODE_TYPES, RELATIONS, STRENGTHS

__all__ = [
    "BANDED_READING",
    "DISAGREEING_VERDICTS",
    "FOOD_TABLE_READING",
    "FREQUENCY_CUES",
    "OWN_WORDS",
    "SPEAKERS",
    "TABLE_SOURCES",
    "VERDICT_SOURCES",
    "amount_sentence",
    "chain_sentence",
    "claim_sentence",
    "claims_sentence",
    "clause",
    "derived_verdict_source",
    "disagreement",
    "edge_verdict_note",
    "edge_verdict_sentence",
    "join",
    "link_sentence",
    "listed_with",
    "lower_first",
    "names_sentence",
    "quotes_sentence",
    "relation_phrase",
    "reported_cue",
    "speaker",
    "strength_words",
    "strengths_sentence",
    "subject_name",
    "verb",
    "verdict_label",
    "verdict_note",
    "verdict_sentence",
    "verdict_source",
    "verdicts_sentence",
    "with_article",
]


_OPEN, _CLOSE = "\u201c", "\u201d"

SPEAKERS: tuple[str, ...] = (
    "The article",
    "The source",
    "The sources",
    "People quoted in",
    "The tool",
    "The work cited",
    "The works cited",
    "Reviews",
    "Studies",
    "Health services' guidance",
    "USDA food tables",
    "The evidence",
    "According to",
)
"""How every generated sentence begins: who says what follows."""

_CLAIM_WORDS: Mapping[str, str] = {
    "states": "{who} {says} that {claim}.",
    "suggests": "{who} {suggests} that {claim}.",
    "anecdotal": "People quoted in {among} say that {claim}.",
    "inferred": "The tool infers that {claim} (from: {quotes}).",
}
"""A claim as a sentence, one template per strength of ``schema.STRENGTHS``."""

_INFERRED_UNQUOTED = "The tool infers that {claim} from {among}."

_REPORTED = "{who} {reports} that {cue} {subject}, and itself {says} that it {phrase} {object}."
"""A claim whose quotes open with hearsay ("Many recommend ...") and go on, after a dash,
in the source's own voice: both voices are named, so the hearsay is not read as the
article's plain word, nor the article's own assertion as mere hearsay."""

_LISTED = "{who} {lists} {subject} among {kinds} {relation} {objects}."
"""A claim whose quote lists several subjects together, said as the listing it is
(``narrate_words.listed_with``; eighth read, #3)."""


def _listed_objects(graph: nx.MultiDiGraph, obj: str, listed: Sequence[str]) -> str:
    """The claim's own object first, the list's others after it in brackets ("magnesium
    (and calcium)"), so each item's claims stay apart where they sit side by side (the
    evidence table, ``neighbors``) while the sentence keeps the source's whole list."""
    others = [lower_first(graph.nodes[other]["label"]) for other in listed if other != obj]
    own = lower_first(graph.nodes[obj]["label"])
    return f"{own} (and {join(others)})" if others else own


def clause(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """The claim's words, unattributed, for use inside a sentence of this module.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> clause(graph, ("almonds", "magnesium", "rich_in"))
    'almonds are rich in magnesium'
    >>> clause(graph, ("magnesium-deficiency", "calf-cramp", "causes"))
    'magnesium deficiency is among the most common causes of calf muscle cramp'
    >>> clause(graph, ("medications", "calf-cramp", "recommended_for"))
    'medications (magnesium and calcium with vitamin D) are prescribed for calf muscle cramp'
    """
    return f"{subject_name(graph, edge)} {relation_phrase(graph, edge)} {object_name(graph, edge)}"


def _quoted(quotes: Iterable[str]) -> str:
    return ", ".join(f"{_OPEN}{quote}{_CLOSE}" for quote in dict.fromkeys(quotes))


def claim_sentence(graph: nx.MultiDiGraph, edge: EdgeKey, *, quoted: bool = True) -> str:
    """One edge as a sentence that says who makes the claim and how firmly.

    An inferred claim lists the quotes it rests on, unless ``quoted`` is False (for a
    table whose quotes sit in a column of their own): then it names only their source.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> claim_sentence(graph, ("almonds", "magnesium", "rich_in"))
    'The article lists almonds among foods rich in magnesium (and calcium).'
    >>> claim_sentence(graph, ("pin-prick", "calf-cramp", "relieves"))
    'The article suggests that pricking with a pin relieves calf muscle cramp.'
    >>> print(claim_sentence(graph, ("lemon-rub", "calf-cramp", "relieves")))
    ... # doctest: +NORMALIZE_WHITESPACE
    The article reports that many recommend rubbing with a cut lemon, and itself states
    that it relieves calf muscle cramp.
    >>> claim_sentence(graph, ("magnesium", "cramp-prevention", "contributes_to"), quoted=False)
    'The tool infers that magnesium contributes to cramp prevention from the article.'
    >>> claim_sentence(graph, ("calf-cramp", "almost-everyone", "affects"))
    'The article says that cramps in the legs affect almost everyone; the tool reads \u201ccramps \
in the legs\u201d as calf muscle cramp.'
    """
    said = _claim_words(graph, edge, quoted=quoted)
    note = read_as_note(graph, edge)
    return f"{said[:-1]}{note}." if note else said


def _claim_words(graph: nx.MultiDiGraph, edge: EdgeKey, *, quoted: bool) -> str:
    data = graph.edges[edge]
    each = firmness_by_source(graph, edge)
    if each:
        # Sources of different firmness: the claim in words all hold, then each one's by title.
        who = speaker(graph, [edge], titled=False)
        return f"{who} {verb(who, 'makes')} the claim that {clause(graph, edge)}: {join(each)}."
    who = speaker(graph, [edge])
    template = _CLAIM_WORDS[data["strength"]]
    if not quoted and data["strength"] == "inferred":
        template = _INFERRED_UNQUOTED
    cue = reported_cue(data["provenance"]) if data["strength"] == "states" else ""
    listed = listed_with(graph, edge) if data["strength"] == "states" and not cue else []
    if listed:
        return _LISTED.format(
            who=who,
            lists=verb(who, "lists"),
            subject=lower_first(graph.nodes[edge[0]]["label"]),
            kinds=NODE_TYPES[graph.nodes[edge[0]]["type"]].plural.lower(),
            relation=RELATIONS[edge[2]].label,
            objects=_listed_objects(graph, edge[1], listed),
        )
    if cue:
        subject, _, key = edge
        return _REPORTED.format(
            who=who,
            reports=verb(who, "reports"),
            cue=cue,
            subject=lower_first(graph.nodes[subject]["label"]),
            says=verb(who, "states"),
            phrase=RELATIONS[key].phrase,
            object=object_name(graph, edge),
        )
    return template.format(
        who=who,
        says=verb(who, "says"),
        suggests=verb(who, "suggests"),
        among=lower_first(who),
        claim=clause(graph, edge),
        quotes=_quoted(prov["quote"] for prov in data["provenance"]),
    )


def disagreement(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """A warning when reviews disagree with a claim its source makes, else ``""``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> disagreement(graph, ("almonds", "magnesium", "rich_in"))
    ''
    """
    data = graph.edges[edge]
    verdict = data.get("verdict", "not assessed")
    if verdict not in DISAGREEING_VERDICTS:
        return ""
    who = speaker(graph, [edge])
    strength = data["strength"]
    if strength == "inferred":
        said = f"The tool reads this claim into {lower_first(who)}"
    elif strength == "anecdotal":
        said = f"People quoted in {lower_first(who)} make this claim"
    else:
        said = f"{who} {verb(who, 'suggests' if strength == 'suggests' else 'says')} this"
    return f"{said}, but {lower_first(edge_verdict_sentence(graph, edge, 'it'))}"


def quotes_sentence(graph: nx.MultiDiGraph, edges: Iterable[EdgeKey]) -> str:
    """Every distinct quote of ``edges``, by source: 'The article's words: “...” (title).',
    or, when every edge is the tool's reading, 'The tool reads this from the article's
    words: ...' (so a reading is never introduced as the article's claim)."""
    edges = list(edges)  # read twice: for the quotes, then for the speaker
    titles = graph.graph.get("sources", {})
    by_source: dict[str, list[str]] = {}
    for edge in edges:
        for item in graph.edges[edge]["provenance"]:
            by_source.setdefault(item["source"], []).append(item["quote"])
    parts = []
    for source_id, quotes in by_source.items():
        title = titles.get(source_id, {}).get("title", source_id)
        quoted = " ... ".join(f"{_OPEN}{quote}{_CLOSE}" for quote in dict.fromkeys(quotes))
        parts.append(f"{quoted} ({title})")
    # The title follows each quote, so the speaker goes without it.
    who = "The sources'" if len(by_source) > 1 else f"{speaker(graph, edges, titled=False)}'s"
    if all(graph.edges[edge]["strength"] == "inferred" for edge in edges):
        return f"The tool reads this from {lower_first(who)} words: {' '.join(parts)}."
    return f"{who} words: {' '.join(parts)}."


def amount_sentence(
    source: str,
    portion: str,
    food: str,
    amount: str | None,
    nutrient: str,
    share: str = "",
    *,
    groups: Sequence[str] = ("adults",),
) -> str:
    """How much of a nutrient a portion holds (``None``: none at all), by its food table,
    and what share of the RDA of ``groups`` it is (a share holds only for those it was
    worked out for: calcium needs rise after 50, magnesium needs in pregnancy).

    Examples
    --------
    >>> amount_sentence("USDA", "100 g", "almonds", "270 mg", "magnesium", "all",
    ...                 groups=["men 31+", "women 31+"])
    'According to USDA, 100 g of almonds gives about 270 mg of magnesium, all of the RDA for \
men 31+ and women 31+ (the tool derives the share from the RDA).'
    >>> amount_sentence("USDA", "100 g", "raisins", None, "vitamin D")
    'According to USDA, 100 g of raisins gives no vitamin D.'
    """
    if amount is None:
        return f"According to {source}, {portion} of {food} gives no {nutrient}."
    text = f"According to {source}, {portion} of {food} gives about {amount} of {nutrient}"
    if share:
        text += f", {share} of the RDA for {join(list(groups))}"
        text += " (the tool derives the share from the RDA)"
    return f"{text}."


_QUOTE_VERBS: Mapping[str, tuple[str, str]] = {
    "states": ("says it plainly", "say it plainly"),
    "suggests": ("hedges", "hedge"),
    "anecdotal": ("reports hearsay", "report hearsay"),
    "inferred": ("is the tool's reading", "are the tool's reading"),
    "reported": (
        "reports hearsay and then says it in the article's own voice",
        "report hearsay and then say it in the article's own voice",
    ),
}


def _quote_kind(prov: Mapping) -> str:
    """A quote's strength, or "reported" for one that opens with hearsay before a dash and
    goes on in the source's own voice ("Many recommend ... - citric acid relieves spasm"):
    counting it as plainly said hid the hearsay (sixth read, m4)."""
    if prov["strength"] in ("states", "suggests") and reported_cue([prov]):
        return "reported"
    return prov["strength"]


def strengths_sentence(graph: nx.MultiDiGraph, edges: Sequence[EdgeKey]) -> str:
    """How firmly the quotes behind ``edges`` put them, counted per strength; a quote that
    reports hearsay and then says it in the source's own voice is counted as such.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> strengths_sentence(graph, [("almonds", "magnesium", "rich_in")])
    'The article gives 1 quote behind 1 claim: 1 says it plainly.'
    """
    strengths = [_quote_kind(prov) for edge in edges for prov in graph.edges[edge]["provenance"]]
    rank = {name: strength.rank for name, strength in STRENGTHS.items()}
    parts = []
    for name in sorted(set(strengths), key=lambda s: (-strengths.count(s), -rank.get(s, 0))):
        count = strengths.count(name)
        one, many = _QUOTE_VERBS.get(name, (f"is {name}", f"are {name}"))
        parts.append(f"{count} {one if count == 1 else many}")
    claims = f"{len(edges)} claim{'s' if len(edges) != 1 else ''}"
    quotes = f"{len(strengths)} quote{'s' if len(strengths) != 1 else ''}"
    who = speaker(graph, edges)
    return f"{who} {verb(who, 'gives')} {quotes} behind {claims}: {join(parts)}."


def names_sentence(who: str, count: int, noun: str, names: Sequence[str]) -> str:
    """'The article names 7 foods: almonds, ... and walnuts.'"""
    return f"{who} {verb(who, 'names')} {count} {noun}: {join(list(names))}."


def verdicts_sentence(topic: str, said: str) -> str:
    """Verdicts of several claims at once: 'The tool lists the verdicts for "x", each
    credited below: supported for a; ...' (each claim's own sentence then says who gives
    its verdict; "the evidence" gives none: fourteenth read, #4)."""
    return f"The tool lists the verdicts{topic}, each credited below: {said}."


def chain_sentence(graph: nx.MultiDiGraph, first: EdgeKey, second: EdgeKey) -> str:
    """Two claims in a row, each said as its own sentence followed by the quotes that
    ground it alone, so no quote is shown as the words of a claim it does not make (sixth
    read, M7). An inferred claim's sentence already lists its quotes."""
    said = []
    for edge in (first, second):
        said.append(claim_sentence(graph, edge))
        if graph.edges[edge]["strength"] != "inferred":
            said.append(quotes_sentence(graph, [edge]))
    return " ".join(said)


_LINK_WORDS: Mapping[str, tuple[str, str]] = {
    "states": ("says", "there is a link from"),
    "suggests": ("suggests", "a link from"),
    "anecdotal": ("reports", "that people see a link from"),
}
"""How firmly a source links two ends, by the claim's strength: the source's verb and what
follows it (seventh read, #6: "The article links X to Y" said who, not how firmly)."""


def link_sentence(graph: nx.MultiDiGraph, edge: EdgeKey) -> str:
    """Name the two ends of a claim without saying it, for a question that asks for it,
    with the claim's strength word: the source says, suggests or reports a link, or the
    tool infers one.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> link_sentence(graph, ("almonds", "magnesium", "rich_in"))
    'The article says there is a link from almonds to magnesium.'
    >>> link_sentence(graph, ("pregnancy-complications", "calf-cramp", "associated_with"))
    'The article suggests a link from pregnancy complications to calf muscle cramp.'
    """
    subject, obj, _ = edge
    ends = (
        f"{lower_first(graph.nodes[subject]['label'])} to {lower_first(graph.nodes[obj]['label'])}"
    )
    who = speaker(graph, [edge])
    strength = graph.edges[edge]["strength"]
    if strength == "inferred":
        return f"The tool infers a link from {ends}, reading {lower_first(who)}."
    said, link = _LINK_WORDS[strength]
    return f"{who} {verb(who, said)} {link} {ends}."


def claims_sentence(graph: nx.MultiDiGraph, node_id: str) -> str:
    """How many claims about a node the tool holds, and from whom.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> claims_sentence(build_graph(load_knowledge_base()), "lemon-rub")
    'The tool holds 2 claims about rubbing with a cut lemon from the article; the steps that \
follow look at each in turn.'
    """
    edges = [*graph.out_edges(node_id, keys=True), *graph.in_edges(node_id, keys=True)]
    label = lower_first(graph.nodes[node_id]["label"])
    if not edges:
        return f"The tool holds no claim about {label}."
    count = f"{len(edges)} claim{'s' if len(edges) != 1 else ''}"
    who = lower_first(speaker(graph, edges))
    return (
        f"The tool holds {count} about {label} from {who}; the steps that follow look at each"
        " in turn."
    )


_STRENGTH_WORDS: Mapping[str, str] = {
    "states": "{who} {says} it",
    "suggests": "{who} {suggests} it",
    "anecdotal": "people quoted in {who} say it",
    "inferred": "the tool infers it from {who}",
}


def strength_words(strength: str, who: str = "the article") -> str:
    """Who says a claim of ``strength`` and how, for a legend or beside a quoted claim
    (``who``: ``speaker`` in lower case): 'the tool infers it from the article'.

    Examples
    --------
    >>> strength_words("suggests"), strength_words("inferred", "the note")
    ('the article suggests it', 'the tool infers it from the note')
    """
    words = _STRENGTH_WORDS.get(strength, f"{{who}}: {STRENGTHS[strength].label}")
    return words.format(who=who, says=verb(who, "says"), suggests=verb(who, "suggests"))
