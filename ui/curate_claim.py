"""What the Curate view's add-claim panel decides: a claim's strength and its two ends.

A claim the draft missed is made from words of the article. Its strength is read from
the whole sentence around those words by ingest's own rule (``strength_of``), so a quote
cut out of "Many coaches say that ..." stays hearsay, and no firmer strength is offered.
Each end is an existing node, found by the project's one search rule
(``graph.search_rank``: an id, a label or a synonym, typos forgiven), or a new node the
curator describes, checked here before anything is written. Every problem names the
form's own field ("Subject, new node id: ..."), never a path or an option.

This module holds no widget: ``ui.curate_add`` draws the panel with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from graph.drafts import DraftNode
from graph.extract import split_into_sentences
from graph.extract_claims import strength_of
from graph.ingest import known_names, propose_for_text
from graph.mentions import find_mentions, term_index
from graph.schema import STRENGTHS, KnowledgeBase
from graph.search_rank import best_of_each, compile_query
from graph.yaml_folder import suggest
from ui.curate_select import relation_in

__all__ = [
    "MAX_MATCHES",
    "NEW_NODE_FIELDS",
    "end_names",
    "find_ends",
    "new_node",
    "read_claim",
    "sentence_strength",
    "strengths_up_to",
]

MAX_MATCHES = 30
"""How many nodes a search for a claim's end offers at most, best first."""

NEW_NODE_FIELDS: Mapping[str, str] = {
    "id": "new node id",
    "label": "label",
    "type": "type",
    "synonyms": "synonyms",
    "description": "description",
}
"""A new node's fields, as the form names them in messages."""


def sentence_strength(text: str, start: int, end: int) -> str:
    """How firmly ``text`` says what ``text[start:end]`` quotes, read from the words of
    every sentence the span touches (a hedge or hearsay outside the span still counts).

    Examples
    --------
    >>> text = "Many coaches say that a banana prevents cramps. Rest helps."
    >>> sentence_strength(text, text.index("a banana"), text.index(" cramps"))
    'anecdotal'
    >>> sentence_strength(text, text.index("Rest"), len(text))
    'states'
    """
    touched = [s.text for s in split_into_sentences(text) if s.start < end and start < s.end]
    return strength_of(" ".join(touched) or text[start:end])


def strengths_up_to(read: str) -> list[str]:
    """The strengths no firmer than ``read``, ``read`` first: what a curator may choose
    for a quote whose sentence says it ``read``-firmly (the tool's reading always fits).

    Examples
    --------
    >>> strengths_up_to("anecdotal"), strengths_up_to("states")[:2]
    (['anecdotal', 'inferred'], ['states', 'suggests'])
    """
    rank = STRENGTHS[read].rank
    return [read, *(name for name, s in STRENGTHS.items() if s.rank < rank)]


def end_names(
    kb: KnowledgeBase, new_nodes: Iterable[DraftNode] = ()
) -> dict[str, list[tuple[str, str]]]:
    """Every node a claim's end may be, by id, with its names for search: id, label,
    synonyms; the knowledge base's nodes, then a draft's ``new_nodes``."""
    names: dict[str, list[tuple[str, str]]] = {}
    for node in (*kb.nodes, *new_nodes):
        if node.id not in names:
            synonyms = [(synonym, "synonym") for synonym in node.synonyms]
            names[node.id] = [(node.id, "id"), (node.label, "label"), *synonyms]
    return names


def find_ends(
    names: Mapping[str, list[tuple[str, str]]], query: str, *, limit: int = MAX_MATCHES
) -> list[tuple[str, str]]:
    """The nodes whose id, label or synonym match ``query``, best first, each with the name
    that matched (``""`` for every node, in id order, when nothing is typed).

    Examples
    --------
    >>> names = {"calf-cramp": [("calf-cramp", "id"), ("charley horse", "synonym")],
    ...          "almonds": [("almonds", "id")]}
    >>> find_ends(names, "charly horse")
    [('calf-cramp', 'charley horse')]
    >>> find_ends(names, "")
    [('almonds', ''), ('calf-cramp', '')]
    """
    compiled = compile_query(query)
    if compiled is None:
        return [(node_id, "") for node_id in sorted(names)][:limit]
    best = best_of_each(compiled, list(names.values()))
    ranked = sorted(
        (
            (-match.score, node_id, match.name)
            for node_id, match in zip(names, best, strict=True)
            if match
        ),
    )
    return [(node_id, name) for _, node_id, name in ranked[:limit]]


def read_claim(
    kb: KnowledgeBase, names: Mapping[str, list[tuple[str, str]]], quote: str
) -> tuple[str | None, str | None, str | None]:
    """Subject, relation and object of ``quote`` as ingest would read them (``None`` where
    it cannot say), keeping only ends in ``names``.

    Ingest's own reading comes first ("night cramps": the cramp occurs during sleep, not
    sleep as the subject); without one, the first and last known nodes named and the
    first relation cue.

    Examples
    --------
    >>> from graph.load import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> read_claim(kb, end_names(kb), "night cramps")
    ('calf-cramp', 'occurs_during', 'sleep')
    """
    proposed = propose_for_text(kb, quote)[0]
    for candidate in sorted(proposed, key=lambda c: c.negated):
        if candidate.subject in names and candidate.object in names:
            return candidate.subject, candidate.relation, candidate.object
    named = [m.node_id for m in find_mentions(quote, term_index(known_names(kb)))]
    named = [node_id for node_id in named if node_id in names]
    subject = named[0] if named else None
    obj = named[-1] if len(named) > 1 else None
    return subject, relation_in(quote), obj


def new_node(
    fields: Mapping[str, str], *, end: str, names: Mapping[str, list[tuple[str, str]]]
) -> tuple[DraftNode | None, list[str]]:
    """A new node from the form's ``fields`` (id, label, type, synonyms as comma-separated
    text, description), or the problems that keep it from being one, each naming the end
    and the field ("Subject, new node id: ...").

    An id that is already a node is refused with a pointer to choosing it; a description
    is required, as accepting the claim would ask for it.

    Examples
    --------
    >>> names = {"magnesium": [("magnesium", "id")]}
    >>> node, problems = new_node({"id": "quinine", "label": "Quinine", "type": "remedy",
    ...     "synonyms": "quinine sulfate, ", "description": "A drug."}, end="Subject", names=names)
    >>> node.synonyms, problems
    (('quinine sulfate',), [])
    >>> print(new_node({"id": "magnesum", "label": "Mg", "type": "food", "synonyms": "",
    ...     "description": "x"}, end="Object", names=names)[1][0])
    ... # doctest: +NORMALIZE_WHITESPACE
    Object, new node id: 'magnesum' is too close to a known node (did you mean
    'magnesium'?); choose it as an existing node or pick another id
    """
    problems = []
    node_id = fields.get("id", "").strip()
    taken = suggest(node_id, names, cutoff=0.85) if node_id else ""
    if node_id in names or taken:
        problems.append(
            f"{end}, new node id: {node_id!r} is "
            + ("already a node" if node_id in names else f"too close to a known node{taken}")
            + "; choose it as an existing node or pick another id"
        )
    if not fields.get("description", "").strip():
        problems.append(f"{end}, description: a new node needs a one-sentence description")
    record = {
        **fields,
        "id": node_id,
        "synonyms": tuple(s.strip() for s in fields.get("synonyms", "").split(",") if s.strip()),
    }
    try:
        node = DraftNode.model_validate(record)
    except ValidationError as err:
        for detail in err.errors(include_url=False):
            field = NEW_NODE_FIELDS.get(str(detail["loc"][0]), str(detail["loc"][0]))
            problems.append(f"{end}, {field}: {_plain(detail)}")
        return None, problems
    return (None, problems) if problems else (node, [])


def _plain(detail: Mapping) -> str:
    """A pydantic problem as a curator reads it."""
    if detail["type"] == "string_pattern_mismatch":
        return "ids are lowercase letters and digits joined by hyphens, like 'pickle-juice'"
    if detail["type"] == "string_too_short":
        return "cannot be empty"
    return str(detail["msg"]).removeprefix("Value error, ")
