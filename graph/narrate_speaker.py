"""Who a sentence says a claim comes from: the source's kind, and its title when the
knowledge base holds more than one source (QA pass 3: "the article" must never read as the
wrong one). ``graph.narrate`` re-exports both functions; every sentence it writes names
its speaker through ``speaker``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from .ids import EdgeKey
from .narrate_words import join

__all__ = ["speaker", "verb"]

_OPEN, _CLOSE = "\u201c", "\u201d"


def speaker(graph: nx.MultiDiGraph, edges: Iterable[EdgeKey], *, titled: bool = True) -> str:
    """Who makes the claims of ``edges``: "The article" when one source backs them all.

    The noun is the last word of the source's ``kind`` ("popular health article"); claims
    from several sources name each kind ("The article and the leaflet"), or "The
    articles" when they are of one kind. When the knowledge base holds more than one
    source, each noun is followed by its source's title ('The article “Nuts for
    cramps”'), so "the article" never reads as the wrong one; ``titled=False`` leaves the
    titles out for a sentence that names them itself. ``verb`` agrees a verb with any of
    these.

    Examples
    --------
    >>> graph = nx.MultiDiGraph(sources={"a": {"kind": "article", "title": "Salt and sleep"}})
    >>> graph.add_edge("x", "y", "causes", provenance=[{"source": "a"}])
    'causes'
    >>> speaker(graph, [("x", "y", "causes")])
    'The article'
    >>> graph.graph["sources"]["b"] = {"kind": "leaflet", "title": "Cramps"}
    >>> speaker(graph, [("x", "y", "causes")])
    'The article \u201cSalt and sleep\u201d'
    """
    sources = graph.graph.get("sources", {})
    source_ids = list(
        dict.fromkeys(prov["source"] for edge in edges for prov in graph.edges[edge]["provenance"])
    )
    if not source_ids:
        return "The source"
    kinds = {
        source_id: _noun(sources.get(source_id, {}).get("kind", "")) for source_id in source_ids
    }
    nouns = sorted(set(kinds.values()))
    if not (titled and len(sources) > 1):
        if len(source_ids) == 1:
            return f"The {nouns[0]}"
        if len(nouns) == 1:
            return f"The {nouns[0]}s"
        return join([f"{'T' if index == 0 else 't'}he {noun}" for index, noun in enumerate(nouns)])
    titles = {
        source_id: f"{_OPEN}{sources.get(source_id, {}).get('title') or source_id}{_CLOSE}"
        for source_id in source_ids
    }
    if len(nouns) == 1:
        noun = nouns[0] if len(source_ids) == 1 else f"{nouns[0]}s"
        return f"The {noun} {join(list(titles.values()))}"
    named = [f"the {kinds[source_id]} {titles[source_id]}" for source_id in source_ids]
    return join(named)[:1].upper() + join(named)[1:]


def _noun(kind: str) -> str:
    return kind.split()[-1] if kind.strip() else "source"


def verb(who: str, singular: str) -> str:
    """``singular`` ("says") as it agrees with ``who``: "The sources say", "The article says".

    Examples
    --------
    >>> verb("The article", "says"), verb("The sources", "says"), verb("The x and the y", "links")
    ('says', 'say', 'link')
    >>> verb("The article \u201cSalt and cramps\u201d", "says")
    'says'
    >>> verb("The articles \u201cA\u201d and \u201cB\u201d", "says")
    'say'
    """
    bare = re.sub(f"{_OPEN}[^{_CLOSE}]*{_CLOSE}", "", who) + " "  # a title says nothing
    plural = bare.rstrip().endswith("s") or " and " in bare
    return singular[:-1] if plural and singular.endswith("s") else singular
