"""Answer the query API in memory, from a graph held as sorted arrays.

``MemoryBackend`` is ``graph.index.GraphBackend`` over ``graph.adjacency.Adjacency``:
search through the trigram index (``graph.index.NameIndex``), neighbourhoods as a
breadth-first walk that stops at a node limit, filters and focus, and shortest paths as a
bidirectional breadth-first search that never enumerates simple paths. Neighbours come in
networkx's order, so every answer is the one the networkx graph gives. A backend made
from a file's columns (``MemoryBackend.from_columns``) gives its summary at once and
sorts the arrays and builds the search index only when a question first needs them, so
a large graph's opening view waits for neither.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .adjacency import Adjacency, EdgeColumns, Side
from .errors import NoPath, UnknownNode
from .index import (
    Hit,
    Link,
    NameIndex,
    Neighbourhood,
    NodeInfo,
    Summary,
    _check_bounds,
    focus_result,
    kept_provenance,
    meeting_paths,
    rank_candidates,
    sort_links,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MemoryBackend", "summarise"]

_Nodes = tuple[list[str], list[str], list[str], list[tuple[str, ...]]]


def _records(adjacency: Adjacency) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    return zip(adjacency.node_ids, adjacency.labels, adjacency.synonyms, strict=True)


def summarise(
    node_ids: Sequence[str],
    labels: Sequence[str],
    types: Sequence[str],
    degrees: np.ndarray,
    edges: int,
    *,
    hubs: int,
) -> Summary:
    """Sizes, nodes per type and the ``hubs`` nodes of highest degree (ties by id).

    ``degrees`` counts each node's edge ends (a loop twice, as networkx does); only the
    nodes at or above the ``hubs``-th highest degree are sorted.

    Examples
    --------
    >>> summarise(["a", "b", "c"], ["A", "B", "C"], ["x", "y", "x"], np.array([1, 3, 1]), 2,
    ...           hubs=2)
    Summary(nodes=3, edges=2, types=(('x', 2), ('y', 1)), hubs=(('b', 'B', 3), ('a', 'A', 1)))
    """
    chosen: Iterable[int] = range(len(node_ids))
    if 0 < hubs < len(node_ids):
        floor = np.partition(degrees, len(node_ids) - hubs)[len(node_ids) - hubs]
        chosen = np.flatnonzero(degrees >= floor).tolist()
    best = heapq.nsmallest(
        max(hubs, 0), chosen, key=lambda node: (-int(degrees[node]), node_ids[node])
    )
    counted = Counter(types)
    return Summary(
        len(node_ids),
        edges,
        tuple(sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))),
        tuple((node_ids[node], labels[node], int(degrees[node])) for node in best),
    )


class MemoryBackend:
    """``GraphBackend`` over an imported graph held as arrays (``graph.adjacency``).

    networkx stays the model: ``graph`` is the ``networkx.MultiDiGraph``, given or built
    when first asked for. The questions are answered from ``Adjacency``'s sorted arrays,
    in the same order networkx would walk the graph, so a large graph can start from a
    cache without building a million Python dicts first. The arrays and the search index
    are built at most once, under a lock, so sessions in other threads may share one
    backend.

    Parameters
    ----------
    graph
        An imported graph (nodes with ``label`` and ``synonyms``), not copied; or None
        when ``adjacency`` or ``columns`` is given.
    adjacency
        The graph as arrays (``graph.store`` reads it so); built from ``graph`` if None.
    names
        The search index; built when first needed if None.
    summary
        The summary with its hubs, when already worked out.
    columns
        A checked file's nodes, edge columns and data set (``from_columns``): the arrays
        are sorted from them when first needed.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("mg", label="Magnesium", synonyms=("Mg",))
    >>> graph.add_node("al", label="Almonds", synonyms=())
    >>> graph.add_edge("al", "mg", relation="rich_in")
    0
    >>> backend = MemoryBackend(graph)
    >>> [hit.node_id for hit in backend.search("magnesum")]
    ['mg']
    >>> backend.shortest_paths("mg", "al")
    [('mg', 'al')]
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph | None = None,
        *,
        adjacency: Adjacency | None = None,
        names: NameIndex | None = None,
        summary: Summary | None = None,
        columns: tuple[_Nodes, EdgeColumns, str] | None = None,
    ) -> None:
        if adjacency is None and columns is None:
            if graph is None:
                raise ValueError("give a graph, its adjacency or its columns")
            adjacency = Adjacency.from_graph(graph)
        self._adjacency = adjacency
        self._columns = None if adjacency is not None else columns
        self._graph = graph
        self._names = names
        self._summaries = {} if summary is None else {len(summary.hubs): summary}
        self._lock = threading.Lock()

    @classmethod
    def from_columns(cls, nodes: _Nodes, columns: EdgeColumns, dataset: str) -> MemoryBackend:
        """A backend for a checked file's nodes ``(ids, labels, types, synonyms)`` and edges.

        Its summary is worked out from the columns; the sorted arrays and the search index
        wait until a question needs them (or ``prepare``).
        """
        return cls(columns=(nodes, columns, dataset))

    @property
    def adjacency(self) -> Adjacency:
        """The graph as sorted arrays (sorted on first use)."""
        adjacency = self._adjacency
        if adjacency is None:
            with self._lock:
                adjacency = self._adjacency
                if adjacency is None:
                    adjacency = self._adjacency = Adjacency.from_columns(*self._columns)
                    self._columns = None  # the arrays hold all of it now
        return adjacency

    @property
    def names(self) -> NameIndex:
        """The search index over labels and synonyms (built on first use)."""
        names = self._names
        if names is None:
            adjacency = self.adjacency
            with self._lock:
                names = self._names
                if names is None:
                    names = self._names = NameIndex.build(_records(adjacency))
        return names

    def prepare(self) -> MemoryBackend:
        """Sort the arrays and build the search index now, not at the first question.

        Returns the backend itself, ready for every question.
        """
        self._names = self.names
        return self

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The frozen networkx graph (built from the arrays on first use)."""
        if self._graph is None:
            self._graph = self.adjacency.to_graph()
        return self._graph

    def _position(self, node_id: str) -> int:
        position = self.adjacency.positions.get(node_id)
        if position is None:
            raise UnknownNode(node_id)
        return position

    def search(self, text: str, *, limit: int = 10) -> list[Hit]:
        """Nodes whose id, label or a synonym matches ``text``; see ``rank_candidates``."""
        adjacency = self.adjacency
        # The index holds labels and synonyms; an id typed whole is looked up as well.
        exact = adjacency.positions.get(text.strip())
        chosen = dict.fromkeys(
            (
                *(() if exact is None else (exact,)),
                *(adjacency.positions[node_id] for node_id in self.names.candidates(text)),
            )
        )
        candidates = (
            (
                adjacency.node_ids[position],
                adjacency.labels[position],
                adjacency.synonyms[position],
            )
            for position in chosen
        )
        return rank_candidates(text, candidates, limit=limit)

    def node(self, node_id: str) -> NodeInfo:
        """The node's label, type and synonyms; ``UnknownNode`` if there is none."""
        position = self._position(node_id)
        adjacency = self.adjacency
        return NodeInfo(
            node_id,
            adjacency.labels[position],
            adjacency.types[position],
            adjacency.synonyms[position],
        )

    def nodes(self, node_ids: Iterable[str]) -> list[NodeInfo]:
        """``node`` for each of ``node_ids``, in their order; ``UnknownNode`` if one is not
        in the graph."""
        return [self.node(node_id) for node_id in node_ids]

    def _link(self, source: int, target: int, edge: int) -> Link:
        adjacency = self.adjacency
        return Link(
            adjacency.node_ids[source],
            adjacency.relation(edge),
            adjacency.node_ids[target],
            kept_provenance(adjacency.edge_provenance(edge)),
        )

    def links(
        self, node_id: str, *, other: str | None = None, limit: int = 200
    ) -> tuple[list[Link], int]:
        """Edges at ``node_id`` (only those to or from ``other`` if given), first ``limit``
        in ``sort_links`` order, and how many there are in all."""
        position = self._position(node_id)
        wanted = None if other is None else self.adjacency.positions.get(other, -1)
        targets, out_edges = self.adjacency.out.entries(position)
        sources, in_edges = self.adjacency.into.entries(position)
        found = [
            self._link(position, target, edge)
            for target, edge in zip(targets, out_edges, strict=True)
            if wanted is None or target == wanted
        ]
        found += [
            self._link(source, position, edge)
            for source, edge in zip(sources, in_edges, strict=True)
            # a loop is already among the outgoing edges
            if source != position and (wanted is None or source == wanted)
        ]
        return sort_links(found, limit=limit), len(found)

    def summary(self, *, hubs: int = 10) -> Summary:
        """Sizes, nodes per type and the ``hubs`` best-connected nodes (kept once made)."""
        known = self._summaries.get(hubs)
        if known is None:
            known = self._summaries[hubs] = self._summarise(hubs)
        return known

    def _summarise(self, hubs: int) -> Summary:
        with self._lock:
            columns = self._columns
        if columns is not None:  # not sorted yet: count the ends in the columns
            (node_ids, labels, types, _), edges, _ = columns
            count = len(node_ids)
            degrees = np.bincount(edges.sources, minlength=count) + np.bincount(
                edges.targets, minlength=count
            )
            return summarise(node_ids, labels, types, degrees, len(edges.codes), hubs=hubs)
        adjacency = self.adjacency
        degrees = adjacency.out.counts() + adjacency.into.counts()
        return summarise(
            adjacency.node_ids,
            adjacency.labels,
            adjacency.types,
            degrees,
            len(adjacency.codes),
            hubs=hubs,
        )

    def pairs_among(self, node_ids: Iterable[str], *, limit: int) -> list[tuple[str, str]]:
        """Distinct ``(source, target)`` pairs joined by an edge, both ends in ``node_ids``,
        at most ``limit`` of them (sorted)."""
        adjacency = self.adjacency
        chosen = set(node_ids) & adjacency.positions.keys()
        found = (
            (source, target)
            for source in sorted(chosen)
            for target in sorted(chosen.intersection(self._ids(adjacency.out, source)))
        )
        return list(itertools.islice(found, limit))

    def filter_nodes(
        self, *, types: Collection[str] = (), relations: Collection[str] = (), limit: int = 2000
    ) -> tuple[list[str], int]:
        """Ids of the nodes of ``types`` with an edge of ``relations`` (empty: any), the
        first ``limit`` by id, and how many there are in all."""
        adjacency = self.adjacency
        chosen = np.ones(len(adjacency.node_ids), dtype=bool)
        if types:
            chosen &= np.isin(np.array(adjacency.types, dtype=object), list(types))
        if relations:
            touching = np.zeros_like(chosen)
            for side in (adjacency.out, adjacency.into):
                owners = np.repeat(np.arange(len(chosen)), side.counts())
                touching[owners[np.isin(adjacency.codes[side.edges], self._codes(relations))]] = (
                    True
                )
            chosen &= touching
        found = sorted(adjacency.node_ids[position] for position in np.flatnonzero(chosen).tolist())
        return found[: max(limit, 0)], len(found)

    def _codes(self, relations: Collection[str]) -> list[int]:
        wanted = set(relations)
        return [
            code for code, relation in enumerate(self.adjacency.relations) if relation in wanted
        ]

    def focus(
        self,
        node_id: str,
        *,
        depth: int = 1,
        types: Collection[str] = (),
        relations: Collection[str] = (),
        limit: int = 2000,
    ) -> Neighbourhood:
        """``node_id`` and the nodes of ``types`` within ``depth`` steps along edges of
        ``relations`` (empty: any); see ``focus_result``."""
        _check_bounds(depth, 1)
        start = self._position(node_id)
        adjacency = self.adjacency
        wanted = np.array(self._codes(relations), dtype=np.int64) if relations else None
        seen = np.zeros(len(adjacency.node_ids), dtype=bool)
        seen[start] = True
        frontier = np.array([start], dtype=np.int64)
        for _ in range(depth):
            reached = []
            for side in (adjacency.out, adjacency.into):
                others, edges = _gather(side, frontier)
                keep = others if wanted is None else others[np.isin(adjacency.codes[edges], wanted)]
                reached.append(keep)
            found = np.unique(np.concatenate(reached))
            frontier = found[~seen[found]]
            seen[frontier] = True
        seen[start] = False
        kinds = set(types)
        reached_ids = (
            adjacency.node_ids[node]
            for node in np.flatnonzero(seen).tolist()
            if not kinds or adjacency.types[node] in kinds
        )
        return focus_result(node_id, reached_ids, limit=limit)

    def _ids(self, side: Side, node_id: str) -> list[str]:
        node_ids = self.adjacency.node_ids
        return [node_ids[other] for other in side.around(self.adjacency.positions[node_id])]

    def _around(self, node_id: str) -> list[str]:
        return self._ids(self.adjacency.out, node_id) + self._ids(self.adjacency.into, node_id)

    def neighbours(self, node_id: str, *, depth: int = 1, limit: int = 2000) -> Neighbourhood:
        """Nodes within ``depth`` steps (1 to ``MAX_DEPTH``), stopping at ``limit`` nodes."""
        _check_bounds(depth, 1)
        start = self._position(node_id)
        out, into = self.adjacency.out, self.adjacency.into
        seen = {start}
        frontier = [start]
        for _ in range(depth):
            following = []
            for node in frontier:
                for other in out.around(node) + into.around(node):
                    if other not in seen:
                        if len(seen) >= limit:
                            return self._neighbourhood(seen, True)
                        seen.add(other)
                        following.append(other)
            frontier = following
        return self._neighbourhood(seen, False)

    def _neighbourhood(self, seen: set[int], truncated: bool) -> Neighbourhood:
        node_ids = self.adjacency.node_ids
        return Neighbourhood(frozenset(node_ids[node] for node in seen), truncated)

    def shortest_paths(
        self, source: str, target: str, *, max_length: int = 4, limit: int = 5
    ) -> list[tuple[str, ...]]:
        """The shortest paths up to ``max_length`` edges, first ``limit`` in sorted order.

        When more than ``MAX_ENUMERATED`` shortest paths exist, the first ``limit`` of
        ``MAX_ENUMERATED`` of them (in middle-node order) are returned.

        A bidirectional breadth-first search grows the smaller side until the two meet,
        so the work is bounded by the nodes near the two ends, never by the number of
        simple paths.

        Raises
        ------
        NoPath
            If no path of at most ``max_length`` edges joins them.
        """
        _check_bounds(1, max_length)
        self._position(source)
        self._position(target)
        if source == target:
            return [(source,)]
        parents: tuple[dict[str, list[str]], dict[str, list[str]]] = ({source: []}, {target: []})
        frontiers = ([source], [target])
        for _ in range(max_length):
            # Grow the side with fewer edges to follow: a frontier of a few hubs can cost
            # more than one of many leaves.
            side = 0 if self._cost(frontiers[0]) <= self._cost(frontiers[1]) else 1
            frontiers, meet = self._grow(parents, frontiers, side)
            if meet:
                return meeting_paths(parents, meet, source, target, limit=limit)
            if not frontiers[side]:
                break
        raise NoPath(f"no path of at most {max_length} steps joins {source!r} and {target!r}")

    def _cost(self, frontier: list[str]) -> int:
        out, into, positions = self.adjacency.out, self.adjacency.into, self.adjacency.positions
        return sum(out.width(positions[node]) + into.width(positions[node]) for node in frontier)

    def _meets(self, frontier: list[str], theirs: Mapping[str, object]) -> bool:
        seen = theirs.keys()
        return any(not seen.isdisjoint(self._around(node)) for node in frontier)

    def _grow(
        self,
        parents: tuple[dict[str, list[str]], dict[str, list[str]]],
        frontiers: tuple[list[str], list[str]],
        side: int,
    ) -> tuple[tuple[list[str], list[str]], set[str]]:
        mine, theirs = parents[side], parents[1 - side]
        # On the layer where the two searches meet, only the meeting nodes' parents matter.
        wanted = theirs if self._meets(frontiers[side], theirs) else None
        layer: dict[str, list[str]] = {}
        for node in frontiers[side]:
            for other in self._around(node):
                if other not in mine and (wanted is None or other in wanted):
                    layer.setdefault(other, []).append(node)
        mine.update(layer)
        grown = list(layer)
        new = (grown, frontiers[1]) if side == 0 else (frontiers[0], grown)
        return new, set(grown) if wanted is not None else set()


def _gather(side: Side, frontier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The other ends and edge numbers of every edge of the ``frontier`` nodes, at once."""
    starts = side.starts[frontier]
    lengths = side.starts[frontier + 1] - starts
    # Entry k of node i sits at starts[i] + k; laid end to end, output slot j of node i
    # is j - (where node i's run begins in the output).
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    slots = offsets + np.arange(int(lengths.sum()))
    return side.others[slots], side.edges[slots]
