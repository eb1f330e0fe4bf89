"""Turn a validated ``KnowledgeBase`` into a frozen ``networkx.MultiDiGraph``.

The graph is built once and never mutated afterwards (``nx.freeze``), so one instance
can be shared by every Streamlit session and every query returns views of it.
"""

from __future__ import annotations

import networkx as nx

from .schema import KnowledgeBase

__all__ = ["build_graph"]


def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Build the read-only graph of ``kb``.

    Nodes carry ``label``, ``type``, ``description``, ``synonyms`` (tuple), ``plural`` and
    ``identifiers`` (dict of the known ones). Edges are keyed by relation name and
    carry ``relation``, ``strength`` (the firmest of its provenance) and
    ``provenance``: a tuple of ``{"source", "quote", "strength"}`` dicts. The graph
    attribute ``sources`` maps source ids to their title, kind and note.

    Parameters
    ----------
    kb
        A knowledge base from ``load_knowledge_base`` (already validated).

    Returns
    -------
    networkx.MultiDiGraph
        Frozen: any attempt to add or remove nodes or edges raises ``NetworkXError``.

    Examples
    --------
    >>> from graph.load import load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> graph.edges["almonds", "magnesium", "rich_in"]["strength"]
    'states'
    >>> nx.is_frozen(graph)
    True
    """
    graph = nx.MultiDiGraph(
        sources={
            source.id: {"title": source.title, "kind": source.kind, "note": source.note}
            for source in kb.sources
        }
    )
    for node in kb.nodes:
        graph.add_node(
            node.id,
            label=node.label,
            type=node.type,
            description=node.description,
            synonyms=node.synonyms,
            plural=node.plural,
            identifiers=node.identifiers.model_dump(exclude_none=True),
        )
    for edge in kb.edges:
        graph.add_edge(
            edge.subject,
            edge.object,
            key=edge.relation,
            relation=edge.relation,
            strength=edge.strength,
            provenance=tuple(prov.model_dump() for prov in edge.provenance),
        )
    return nx.freeze(graph)
