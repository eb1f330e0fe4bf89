"""Read-only questions to the graph: find a node by name, filter, focus, show neighbourhoods.

Every function takes the frozen graph from ``build_graph`` (or a view of it) and returns
data or read-only subgraph views; nothing here mutates its argument. Paths are traced
in ``paths`` and told as sentences in ``sentences``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from .errors import AtlasError, UnknownNode
from .evidence import verdict_name
from .schema import NODE_TYPES, RELATIONS, STRENGTHS, VERDICTS
from .search_rank import best_of_each, compile_query

__all__ = [
    "FUZZY_MARGIN",
    "Match",
    "ViewSpec",
    "central_node",
    "compose_view",
    "filter_view",
    "focus",
    "focus_candidates",
    "neighbourhood",
    "require_nodes",
    "resolve",
    "search",
    "search_hits",
    "search_neighbourhood",
    "undirected_neighbours",
]

FUZZY_MARGIN = 10.0
"""How far below the best a fuzzy match may score and still be shown by ``search_hits``."""


@dataclass(frozen=True, slots=True)
class Match:
    """A node found by ``search``: which name matched, and how well (0-100)."""

    node_id: str
    label: str
    node_type: str
    matched: str
    score: float
    kind: str
    """``"id"``, ``"label"``, ``"synonym"``, ``"narrower term"``, ``"related term"`` (exact
    matches), ``"partial"`` or ``"fuzzy"``."""


def central_node(graph: nx.MultiDiGraph) -> str:
    """The most connected node (ties broken by id): the subject the graph is about.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> central_node(build_graph(load_knowledge_base()))
    'calf-cramp'
    """
    if graph.number_of_nodes() == 0:
        raise AtlasError("the graph is empty")
    return min(graph.nodes, key=lambda node: (-graph.degree(node), node))


def _names(node_id: str, data: dict) -> Iterator[tuple[str, str]]:
    """Every (name, kind) of a node a reader might type: id, label, synonyms, terms."""
    yield node_id, "id"
    yield data["label"], "label"
    for synonym in data["synonyms"]:
        yield synonym, "synonym"
    # A narrower or related term ("night cramps", "night") finds its node, never as
    # its synonym.
    for field, kind in (("narrower", "narrower term"), ("related", "related term")):
        for terms in (data.get(field) or {}).values():
            for term in terms:
                yield term, kind


def search(
    graph: nx.MultiDiGraph, text: str, *, limit: int = 10, cutoff: float = 75.0
) -> list[Match]:
    """Find nodes by id, label or synonym, tolerating case, word order and typos.

    Exact names score 100, names holding every typed word (or word start) 85-95, then
    fuzzy matches (rapidfuzz score scaled by 0.85) from ``cutoff`` up. One match per node, best
    first (ties by label).

    Parameters
    ----------
    graph
        The graph or a view of it.
    text
        What the reader typed.
    limit
        Most matches returned.
    cutoff
        Lowest fuzzy score (0-100) still returned.

    Returns
    -------
    list of Match

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> search(graph, "charley horse")[0].node_id
    'calf-cramp'
    >>> search(graph, "almnd")[0].node_id
    'almonds'
    """
    query = compile_query(text)
    if query is None:
        return []
    nodes = list(graph.nodes(data=True))
    names = [list(_names(node_id, data)) for node_id, data in nodes]
    matches = [
        Match(node_id, data["label"], data["type"], found.name, found.score, found.kind)
        for (node_id, data), found in zip(
            nodes, best_of_each(query, names, cutoff=cutoff), strict=True
        )
        if found is not None
    ]
    ranked = sorted(matches, key=lambda m: (-m.score, m.label.casefold(), m.node_id))
    return ranked[:limit]


def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """Return the id of the node ``name`` means, as the app and the CLI understand it.

    Raises
    ------
    UnknownNode
        When nothing matches well enough; carries up to three suggestions.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> resolve(build_graph(load_knowledge_base()), "Cramp prevention")
    'cramp-prevention'
    """
    if name in graph:
        return name
    matches = search(graph, name, limit=1)
    if matches:
        return matches[0].node_id
    suggestions = tuple(m.label for m in search(graph, name, limit=3, cutoff=60.0))
    raise UnknownNode(name, suggestions)


def search_hits(graph: nx.MultiDiGraph, text: str, *, limit: int = 8) -> list[Match]:
    """The matches a search shows: the names that hold what was typed, else near spellings.

    When any id, label or synonym equals the text or holds every typed word, only those
    are hits; otherwise the fuzzy matches within ``FUZZY_MARGIN`` of the best one are.
    Best first, as ``search`` ranks them; empty when nothing matches.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> [m.node_id for m in search_hits(graph, "lack of magnesium")]
    ['magnesium-deficiency']
    >>> [m.node_id for m in search_hits(graph, "night")]
    ['sleep', 'calf-cramp']
    """
    matches = search(graph, text, limit=max(limit, 10))
    named = [match for match in matches if match.kind != "fuzzy"]
    if named:
        return named[:limit]
    if not matches:
        return []
    best = matches[0].score
    return [match for match in matches if match.score >= best - FUZZY_MARGIN][:limit]


def search_neighbourhood(
    graph: nx.MultiDiGraph, node_ids: Iterable[str], *, depth: int = 1
) -> nx.MultiDiGraph:
    """Read-only view of a search's hits and what lies within ``depth`` links of them.

    As in ``focus``, the central node (the cramp) is shown but not walked through, since
    almost everything is a link or two from it, unless it is the only hit: then its own
    direct links are what the reader asked for.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> sorted(search_neighbourhood(graph, ["sleep", "calf-cramp"]))
    ['calf-cramp', 'seated-toe-pull', 'sleep']
    >>> len(search_neighbourhood(graph, ["calf-cramp"]))
    31
    """
    node_ids = list(dict.fromkeys(node_ids))
    require_nodes(graph, node_ids)
    if depth < 0:
        raise ValueError(f"depth must be 0 or more (got {depth})")
    hub = central_node(graph)
    stop_at = None if node_ids == [hub] else hub
    return graph.subgraph(_within(graph, node_ids, depth, stop_at=stop_at))


def require_nodes(graph: nx.MultiDiGraph, node_ids: Iterable[str]) -> None:
    """Raise ``UnknownNode`` for the first of ``node_ids`` that ``graph`` lacks."""
    for node_id in node_ids:
        if node_id not in graph:
            raise UnknownNode(node_id)


def undirected_neighbours(graph: nx.MultiDiGraph, node: str) -> Iterator[str]:
    """The nodes one edge away from ``node``, whichever way the edge points."""
    yield from graph.successors(node)
    yield from graph.predecessors(node)


def _within(
    graph: nx.MultiDiGraph, starts: Iterable[str], depth: int, *, stop_at: str | None = None
) -> set[str]:
    """Nodes at most ``depth`` undirected steps from ``starts``; ``stop_at`` is not crossed."""
    seen = set(starts)
    frontier = list(seen)
    for _ in range(depth):
        if not frontier:  # everything reachable is reached: more steps find nothing
            break
        reached = {
            neighbour
            for node in frontier
            if node != stop_at
            for neighbour in undirected_neighbours(graph, node)
        }
        frontier = sorted(reached - seen)
        seen.update(frontier)
    return seen


def neighbourhood(
    graph: nx.MultiDiGraph, node_ids: Iterable[str], *, depth: int = 1
) -> nx.MultiDiGraph:
    """Read-only view of the nodes within ``depth`` steps (either direction) of ``node_ids``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> view = neighbourhood(build_graph(load_knowledge_base()), ["almonds"])
    >>> sorted(view)
    ['almonds', 'calcium', 'magnesium', 'vitamin-d']
    """
    node_ids = list(node_ids)
    require_nodes(graph, node_ids)
    if depth < 0:
        raise ValueError(f"depth must be 0 or more (got {depth})")
    return graph.subgraph(_within(graph, node_ids, depth))


def filter_view(
    graph: nx.MultiDiGraph,
    *,
    node_types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    strengths: Iterable[str] | None = None,
    verdicts: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Read-only view keeping only the given node types, relations, strengths and verdicts.

    ``None`` keeps everything of that kind. Unknown names raise ``ValueError``. Filtering
    by verdict keeps every node and only the edges with one of ``verdicts`` (an edge
    without a verdict counts as ``"not assessed"``).

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> view = filter_view(graph, node_types=["food"])
    >>> view.number_of_nodes(), view.number_of_edges()
    (8, 0)
    >>> sorted(filter_view(graph, verdicts=["not supported"]).edges(keys=True))[0]
    ('dried-apricots', 'calcium', 'rich_in')
    """
    keep_types = _checked(node_types, NODE_TYPES, "node type")
    keep_relations = _checked(relations, RELATIONS, "relation")
    keep_strengths = _checked(strengths, STRENGTHS, "strength")
    keep_verdicts = _checked(verdicts, VERDICTS, "verdict")

    def keep_node(node: str) -> bool:
        return keep_types is None or graph.nodes[node]["type"] in keep_types

    def keep_edge(u: str, v: str, key: str) -> bool:
        if keep_relations is not None and key not in keep_relations:
            return False
        edge = (u, v, key)
        if keep_verdicts is not None and verdict_name(graph, edge) not in keep_verdicts:
            return False
        return keep_strengths is None or graph.edges[edge]["strength"] in keep_strengths

    return nx.subgraph_view(graph, filter_node=keep_node, filter_edge=keep_edge)


def _checked(names: Iterable[str] | None, vocabulary: dict, what: str) -> frozenset | None:
    if names is None:
        return None
    names = frozenset(names)
    unknown = sorted(names - set(vocabulary))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}")
    return names


def focus_candidates(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    """Nodes one can focus on, sorted by label: ``"cause"`` or ``"remedy"``.

    Causes are the nodes with an outgoing causal relation (so diseases the cramp
    accompanies count); remedies are the nodes of type ``remedy``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> "magnesium-deficiency" in focus_candidates(graph, "cause")
    True
    """
    if kind == "cause":
        found = {u for u, _, key in graph.edges(keys=True) if RELATIONS[key].causal}
    elif kind == "remedy":
        found = {node for node, data in graph.nodes(data=True) if data["type"] == "remedy"}
    else:
        raise ValueError(f"kind must be 'cause' or 'remedy' (got {kind!r})")
    return sorted(found, key=lambda node: (graph.nodes[node]["label"].casefold(), node))


def focus(graph: nx.MultiDiGraph, node_id: str, *, depth: int = 2) -> nx.MultiDiGraph:
    """Read-only view of what connects to ``node_id``: its surroundings up to ``depth`` steps.

    The central node (the cramp) is kept but not walked through, since through it
    everything connects to everything: focusing on magnesium deficiency shows the
    cramp, magnesium, its foods and what treats it, not every other cause.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> view = focus(build_graph(load_knowledge_base()), "sedentary-lifestyle")
    >>> sorted(view)
    ['calf-cramp', 'sedentary-lifestyle']
    """
    require_nodes(graph, [node_id])
    if depth < 1:
        raise ValueError(f"depth must be 1 or more (got {depth})")
    return graph.subgraph(_within(graph, [node_id], depth, stop_at=central_node(graph)))


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """What a reader asked to see: the shareable state of the explorer, as data.

    ``focus`` holds the nodes focused on (a cause, a remedy, or both: their surroundings
    are shown together); ``centre`` a node whose neighbourhood to show. ``matches`` are a
    search's hits (``search_hits``): shown with what lies within ``depth - 1`` links of
    them (``search_neighbourhood``), so at the default depth a search shows its hits and
    their direct links, and each step of depth widens it by a link. ``None`` in a filter
    keeps everything of that kind.
    """

    node_types: frozenset[str] | None = None
    relations: frozenset[str] | None = None
    strengths: frozenset[str] | None = None
    focus: tuple[str, ...] = ()
    centre: str | None = None
    depth: int = 2
    verdicts: frozenset[str] | None = None
    matches: tuple[str, ...] = ()


def compose_view(graph: nx.MultiDiGraph, spec: ViewSpec) -> nx.MultiDiGraph:
    """Read-only view of ``graph`` as ``spec`` asks: focus or neighbourhood, then filters.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> spec = ViewSpec(focus=("lemon-rub",), relations=frozenset({"prevents"}))
    >>> view = compose_view(graph, spec)
    >>> sorted(view.edges(keys=True))
    [('lemon-rub', 'calf-cramp', 'prevents')]
    """
    nodes: set[str] | None = None
    if spec.focus:
        nodes = set().union(*(focus(graph, node, depth=spec.depth) for node in spec.focus))
    if spec.centre is not None:
        around = set(neighbourhood(graph, [spec.centre], depth=spec.depth))
        nodes = around if nodes is None else nodes | around
    if spec.matches:
        found = set(search_neighbourhood(graph, spec.matches, depth=max(spec.depth - 1, 0)))
        nodes = found if nodes is None else nodes | found
    view = graph if nodes is None else graph.subgraph(nodes)
    filters = (spec.node_types, spec.relations, spec.strengths, spec.verdicts)
    if all(chosen is None for chosen in filters):
        return view
    return filter_view(
        view,
        node_types=spec.node_types,
        relations=spec.relations,
        strengths=spec.strengths,
        verdicts=spec.verdicts,
    )
