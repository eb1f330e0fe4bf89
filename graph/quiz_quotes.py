"""Which quotes name which nodes, and in whose voice: what a quiz item may say a quote says.

A strength item keys "the tool's reading" only when no single quote names both ends of
its claim (seventh read, #5); these helpers say what a quote names, by label, synonym or a
word its source uses for the node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from .ids import EdgeKey as Edge
from .schema import ORIGINS

__all__ = [
    "ARTICLE_VOICE",
    "edge_quotes",
    "is_articles_word",
    "is_hearsay",
    "named_in",
    "names_both_ends",
]

ARTICLE_VOICE = frozenset({"states", "suggests"})
"""Strengths of claims the article makes in its own words."""


def edge_quotes(graph: nx.MultiDiGraph, edge: Edge) -> list[str]:
    """The quotes an edge rests on, in the order of its provenance."""
    return [str(item["quote"]) for item in graph.edges[edge]["provenance"]]


def named_in(graph: nx.MultiDiGraph, node_id: str, quotes: Iterable[str]) -> bool:
    """Whether any quote names ``node_id`` by its label or a synonym (whole words, any case)."""
    data = graph.nodes[node_id]
    names = [data["label"], *data.get("synonyms", ())]
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(str(name)) for name in names) + r")\b", re.IGNORECASE
    )
    return any(pattern.search(quote) for quote in quotes)


def names_both_ends(graph: nx.MultiDiGraph, edge: Edge, quote: str) -> bool:
    """Whether one ``quote`` names both ends of ``edge`` in substance: by label, synonym or
    a word its source uses for the node ("these two trace elements" for magnesium and
    calcium, "prescribe" for medications; seventh read, #5)."""

    def names(node_id: str) -> bool:
        data = graph.nodes[node_id]
        own = [
            term
            for field in ("related", "loose_words")
            for origin, terms in (data.get(field) or {}).items()
            if origin not in ORIGINS
            for term in terms
        ]
        return named_in(graph, node_id, [quote]) or any(
            re.search(rf"\b{re.escape(term)}\b", quote, re.IGNORECASE) for term in own
        )

    return names(edge[0]) and names(edge[1])


def is_hearsay(graph: nx.MultiDiGraph, edge: Edge) -> bool:
    """Whether the article only reports the claim as what people say."""
    return graph.edges[edge]["strength"] == "anecdotal"


def is_articles_word(graph: nx.MultiDiGraph, edge: Edge) -> bool:
    """Whether the article makes the claim in its own words: not hearsay, not an inference."""
    return graph.edges[edge]["strength"] in ARTICLE_VOICE
