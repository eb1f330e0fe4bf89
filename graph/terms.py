"""How a node's other names are shown: synonyms and narrower terms, each with its origin.

A reader can check a name only against where it comes from, so every group of terms says
it: the article's own word, a cited work (by its short name), the tool's own word list, or
a MeSH entry term; the internal facts file is never named as a source. Narrower terms (a
subtype, one disease of a group) are listed apart from synonyms, so a claim about the node
is never read as one about them.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

__all__ = ["terms_lines"]


_TERM_ORIGINS: Mapping[str, str] = {"facts": "the tool's word list", "mesh": "MeSH entry terms"}


def terms_lines(graph: nx.MultiDiGraph, node_id: str) -> list[str]:
    """'Also called: ...', 'Narrower terms: ...' and 'Broader or related terms: ...' for a
    node, each term group saying
    where it comes from (the article's own word, a cited work, the tool's word list, a
    MeSH entry term).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> terms_lines(build_graph(load_knowledge_base()), "liver-disease")[-1]
    "Narrower terms: cirrhosis (the tool's word list)."
    >>> terms_lines(build_graph(load_knowledge_base()), "calf-cramp")[0].split("; ")[1]
    'charley horse (MedlinePlus)'
    >>> terms_lines(build_graph(load_knowledge_base()), "usual-diet")
    []
    """
    data = graph.nodes[node_id]
    sources = graph.graph.get("sources", {})
    works = {ref["key"]: ref["short"] for ref in graph.graph.get("references", ())}
    lines = []
    synonyms = tuple(map(str, data.get("synonyms") or ()))
    if synonyms and not data.get("synonym_origins"):  # an imported graph: origins unknown
        lines.append(f"Also called: {', '.join(synonyms)}.")
    for heading, origins in (
        ("Also called", data.get("synonym_origins") or {}),
        ("Narrower terms", data.get("narrower") or {}),
        ("Broader or related terms", data.get("related") or {}),
    ):
        groups = [
            f"{', '.join(terms)} ({works.get(origin) or _origin_name(origin, sources)})"
            for origin, terms in origins.items()
            if terms
        ]
        if groups:
            lines.append(f"{heading}: {'; '.join(groups)}.")
    return lines


def _origin_name(origin: str, sources: Mapping) -> str:
    if origin in _TERM_ORIGINS:
        return _TERM_ORIGINS[origin]
    kind = sources.get(origin, {}).get("kind", "")
    return f"the {kind.split()[-1]}'s word" if kind.strip() else f"{origin}'s word"
