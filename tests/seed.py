"""The seed knowledge base and its graph, loaded once per test process.

``tests/conftest.py``'s ``kb`` and ``seed_graph`` fixtures return these same objects; a
test module that needs the graph while it is imported (hypothesis strategies, parameter
lists) calls ``seed.graph()`` instead of building its own. Both are frozen: share, never
mutate.
"""

from __future__ import annotations

from functools import cache

import networkx as nx

from graph.build import build_graph
from graph.load import DEFAULT_DATA_DIR, load_knowledge_base
from graph.schema import KnowledgeBase

__all__ = ["graph", "knowledge_base"]


@cache
def knowledge_base() -> KnowledgeBase:
    """The seed knowledge base in ``data/``."""
    return load_knowledge_base(DEFAULT_DATA_DIR)


@cache
def graph() -> nx.MultiDiGraph:
    """The frozen graph of the seed knowledge base."""
    return build_graph(knowledge_base())
