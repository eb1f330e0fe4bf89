"""Bounded, ranked paths between two nodes of the graph, walked along edges either way.

Path finding is bounded in length and in the number of paths scanned, so no query can
hang the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from .errors import NoPath
from .evidence import verdict_name
from .query import require_nodes, undirected_neighbours
from .schema import STRENGTHS

__all__ = [
    "MAX_PATHS",
    "MAX_PATH_LENGTH",
    "REFUTED_VERDICTS",
    "Path",
    "Step",
    "find_paths",
    "format_path",
    "path_arrows",
    "refuted_steps",
]

MAX_PATH_LENGTH = 6
"""Longest path (in edges) anyone may ask for."""

MAX_PATHS = 50
"""Most paths one query may return."""

REFUTED_VERDICTS = frozenset({"not supported", "contradicted"})
"""Verdicts that rate a claim against: a path's header names each step that has one, so
a chain is never shown as if all its links held."""

_SCAN_BUDGET = 20_000
"""Most partial paths explored per query; keeps dense graphs from hanging a request."""


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path; ``forward`` is False when walked from object to subject."""

    subject: str
    relation: str
    object: str
    forward: bool

    @property
    def edge(self) -> tuple[str, str, str]:
        """The edge as ``(u, v, key)`` in the graph."""
        return (self.subject, self.object, self.relation)


@dataclass(frozen=True, slots=True)
class Path:
    """A simple path: the nodes in walking order and the edge taken at each step."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def edges(self) -> tuple[tuple[str, str, str], ...]:
        """The path's edges as ``(u, v, key)`` triples, for highlighting."""
        return tuple(step.edge for step in self.steps)


def _distances(graph: nx.MultiDiGraph, target: str, limit: int) -> dict[str, int]:
    distance = {target: 0}
    frontier = [target]
    for step in range(1, limit + 1):
        frontier = [
            neighbour
            for node in frontier
            for neighbour in undirected_neighbours(graph, node)
            if neighbour not in distance
        ]
        for node in frontier:
            distance.setdefault(node, step)
    return distance


def _moves(graph: nx.MultiDiGraph, node: str) -> list[Step]:
    forward = [Step(node, key, v, True) for _, v, key in graph.out_edges(node, keys=True)]
    backward = [Step(u, key, node, False) for u, _, key in graph.in_edges(node, keys=True)]
    return sorted(
        forward + backward, key=lambda s: (not s.forward, s.subject, s.object, s.relation)
    )


def _paths_of_length(
    graph: nx.MultiDiGraph, source: str, target: str, length: int, distance: dict[str, int]
) -> Iterator[Path]:
    budget = _SCAN_BUDGET
    stack: list[tuple[str, tuple[str, ...], tuple[Step, ...]]] = [(source, (source,), ())]
    while stack and budget > 0:
        node, nodes, steps = stack.pop()
        budget -= 1
        if node == target:
            if len(steps) == length:
                yield Path(nodes, steps)
            continue
        left = length - len(steps)
        for step in reversed(_moves(graph, node)):
            nxt = step.object if step.forward else step.subject
            if nxt in nodes or distance.get(nxt, length + 1) > left - 1:
                continue
            stack.append((nxt, (*nodes, nxt), (*steps, step)))


def refuted_steps(graph: nx.MultiDiGraph, path: Path) -> list[tuple[int, str]]:
    """``(number from 1, verdict)`` of each step whose claim the evidence rates against."""
    verdicts = (verdict_name(graph, step.edge) for step in path.steps)
    return [
        (number, verdict)
        for number, verdict in enumerate(verdicts, start=1)
        if verdict in REFUTED_VERDICTS
    ]


def _rank(graph: nx.MultiDiGraph, path: Path) -> tuple:
    backward = sum(not step.forward for step in path.steps)
    strength = sum(STRENGTHS[graph.edges[step.edge]["strength"]].rank for step in path.steps)
    hubs = sum(graph.degree(node) for node in path.nodes[1:-1])
    return (len(path), backward, -strength, -hubs, [graph.nodes[n]["label"] for n in path.nodes])


def find_paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_length: int = 3,
    limit: int = 5,
) -> list[Path]:
    """Ranked simple paths from ``source`` to ``target``, walking edges either way.

    Ranking: fewer steps first, then fewer steps walked against the edge's direction,
    then firmer claims, then better-connected intermediate nodes, then labels. Paths are
    found shortest first and the search stops once ``limit`` paths of the shortest
    lengths are known, so it is bounded.

    Parameters
    ----------
    graph
        The graph or a view of it.
    source, target
        Node ids (use ``resolve`` for names).
    max_length
        Most edges in a path, 1 to ``MAX_PATH_LENGTH``.
    limit
        Most paths returned, 1 to ``MAX_PATHS``.

    Returns
    -------
    list of Path
        Never empty.

    Raises
    ------
    UnknownNode
        If either end is not in ``graph``.
    NoPath
        If no path of at most ``max_length`` edges joins them.
    ValueError
        For a bound out of range or ``source == target``.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> find_paths(graph, "almonds", "cramp-prevention")[0].nodes
    ('almonds', 'magnesium', 'cramp-prevention')
    """
    require_nodes(graph, [source, target])
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise ValueError(f"max_length must be 1 to {MAX_PATH_LENGTH} (got {max_length})")
    if not 1 <= limit <= MAX_PATHS:
        raise ValueError(f"limit must be 1 to {MAX_PATHS} (got {limit})")
    if source == target:
        raise ValueError("a path needs two different nodes")
    distance = _distances(graph, target, max_length)
    found: list[Path] = []
    for length in range(distance.get(source, max_length + 1), max_length + 1):
        found.extend(_paths_of_length(graph, source, target, length, distance))
        if len(found) >= limit:
            break
    if not found:
        raise NoPath(f"no path of at most {max_length} steps joins {source!r} and {target!r}")
    return sorted(found, key=lambda path: _rank(graph, path))[:limit]


def path_arrows(path: Path) -> list[str]:
    """One arrow per step, pointing the way its claim runs: ``->`` or ``<-``.

    A path walks edges either way, so reading every step forward would state chains
    nobody claims ("cramp -> epilepsy" for "epilepsy can come with cramps").
    """
    return ["->" if step.forward else "<-" for step in path.steps]


def format_path(graph: nx.MultiDiGraph, path: Path) -> str:
    """Labels joined by arrows in each claim's own direction, with a note on refuted steps.

    Examples
    --------
    >>> from graph import build_graph, load_knowledge_base
    >>> graph = build_graph(load_knowledge_base())
    >>> format_path(graph, find_paths(graph, "calcium-deficiency", "epilepsy")[0])
    'Calcium deficiency -> Calf muscle cramp <- Epilepsy'
    """
    labels = [graph.nodes[node]["label"] for node in path.nodes]
    text = labels[0] + "".join(
        f" {arrow} {label}" for arrow, label in zip(path_arrows(path), labels[1:], strict=True)
    )
    refuted = refuted_steps(graph, path)
    if refuted:
        rated = "; ".join(f"step {number} {verdict}" for number, verdict in refuted)
        text += f" (the evidence rates {rated})"
    return text
